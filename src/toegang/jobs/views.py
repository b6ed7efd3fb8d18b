"""Achtergrondtaken (issue 16; docs/operations.md "Achtergrondtaken"): the background jobs for functional
administration, newest first, a page at a time, optionally only the failed ones; a failed job runs again with the
POST 'Opnieuw uitvoeren' (jobs.actions.check_rerun_job, one POST pattern: ui.posting)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.core.errors import NotAllowed
from toegang.core.paging import page_number, page_of
from toegang.ui.posting import post_form

from . import actions, queries
from .forms import JobFilterForm, RerunForm
from .kinds import label_of
from .permissions import can_manage_jobs
from .queue import dispatch


def _administrator(request):
    actor = actor_for_request(request)
    if actor is None or not can_manage_jobs(actor):
        raise NotAllowed(gettext("Alleen functioneel beheer ziet de achtergrondtaken."))
    return actor


def _page(request, *, rerun_form=None, rerun_job_id=None, status=200):
    form = JobFilterForm(request.GET if request.GET else None)
    failed_only = bool(form.is_valid() and form.cleaned_data["status"] == "mislukt")
    page = page_number(request)
    rows, has_more = page_of(queries.list_jobs(failed_only=failed_only), page, settings.TOEGANG_PAGE_SIZE)
    for job in rows:
        job.label = label_of(job.kind)
    template = "jobs/job_list.html#results" if request.htmx and request.method == "GET" else "jobs/job_list.html"
    return render(request, template, {"form": form, "rows": rows, "has_more": has_more, "page": page,
                                      "failed_only": failed_only, "rerun_form": rerun_form,
                                      "rerun_job_id": rerun_job_id}, status=status)


@login_required
def job_list(request):
    _administrator(request)
    return _page(request)


@login_required
@require_POST
def rerun(request, pk: int):
    actor = _administrator(request)
    form = RerunForm(request.POST)
    return post_form(
        request, form,
        run=lambda d: actions.check_rerun_job(actor=actor, job_id=pk, dispatch=dispatch),
        rerender=lambda bound: _page(request, rerun_form=bound, rerun_job_id=pk),
        ok=lambda job: gettext("De taak ‘%(label)s’ wordt opnieuw uitgevoerd.") % {"label": label_of(job.kind)},
        success_url=reverse("jobs:list"))
