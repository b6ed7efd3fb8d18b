"""Complaint and satisfaction pages (docs/feedback.md): the case's complaints and satisfaction answer (also a section
of the case page, fetched as it opens: feedback_tags), and the forms to register a complaint, conclude its current
stage, forward it to the next stage of the route (e.g. the sociale ombudsman) and record the household's
satisfaction answer on a closed case. The one POST pattern (ui/posting.py): invalid input shows this page again
(422) with everything typed, a stale form answers 409 with the reason; success comes back to this page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.models import Organisatie
from toegang.cases import queries as case_queries
from toegang.cases.models import Casus
from toegang.core.errors import NotAllowed
from toegang.deadlines.queries import status_of
from toegang.ui.posting import post_form

from . import actions, permissions, queries
from .forms import ComplaintForm, ConcludeStageForm, ForwardForm, SatisfactionForm
from .route import complaint_route, satisfaction_question, satisfaction_scale


def _complaint_form(casus: Casus, **kwargs) -> ComplaintForm:
    return ComplaintForm(organisations=Organisatie.objects.filter(profile_id=casus.gemeente.profile_id)
                         .order_by("name"), auto_id="klacht-%s", initial={"received_on": timezone.localdate()},
                         **kwargs)


def _conclude_form(complaint, **kwargs) -> ConcludeStageForm:
    return ConcludeStageForm(auto_id=f"klacht-{complaint.pk}-afhandelen-%s",
                             initial={"version": complaint.version, "concluded_on": timezone.localdate()}, **kwargs)


def _forward_form(complaint, **kwargs) -> ForwardForm:
    return ForwardForm(auto_id=f"klacht-{complaint.pk}-doorzetten-%s",
                       initial={"version": complaint.version, "forwarded_on": timezone.localdate()}, **kwargs)


def _satisfaction_form(casus: Casus, **kwargs) -> SatisfactionForm:
    data = casus.gemeente.profile.data
    return SatisfactionForm(scale=satisfaction_scale(data), question=satisfaction_question(data),
                            auto_id="tevredenheid-%s", initial={"answered_on": timezone.localdate()}, **kwargs)


def offered(actor, casus: Casus) -> bool:
    """Whether the case page shows the section at all (no query: the page read the case already): to who handles
    complaints, and on a closed case to who records the satisfaction answer."""
    return permissions.handles_complaints_for(actor, casus) or (
        casus.status == Casus.Status.AFGESLOTEN and permissions.records_satisfaction_for(actor, casus))


def section(actor, casus: Casus, forms: dict | None = None) -> dict:
    """What the section shows the actor, for a case read through access_case: the complaints with their stage,
    clock and outcome, and the forms to act on them, to who handles complaints (never the case's own director, Awb
    9:7); the satisfaction answer and its form, on a closed case, to who records it. A fixed number of queries."""
    forms = forms or {}
    may_handle = permissions.handles_complaints_for(actor, casus)
    may_record = permissions.records_satisfaction_for(actor, casus)
    closed = casus.status == Casus.Status.AFGESLOTEN
    complaints = queries.complaints_of_case(casus) if may_handle else []
    route = complaint_route(casus.gemeente.profile.data) if complaints else []
    bound_id = forms.get("complaint_id")
    for complaint in complaints:
        current = complaint.stage_list[-1] if complaint.stage_list else None
        complaint.current = current
        if current is not None and current.clock is not None:
            current.clock.status = status_of(current.clock)
        complaint.next_stage = route[complaint.stage] if complaint.stage < len(route) else None
        complaint.may_conclude = current is not None and current.concluded_on is None
        complaint.may_forward = current is not None and current.concluded_on is not None \
            and complaint.next_stage is not None
        mine = bound_id == complaint.pk
        complaint.conclude_form = forms["conclude_form"] if mine and "conclude_form" in forms \
            else _conclude_form(complaint)
        complaint.forward_form = forms["forward_form"] if mine and "forward_form" in forms \
            else _forward_form(complaint)
    answers = queries.satisfaction_answers_of(casus) if may_record and closed else []
    answer = next((a for a in answers if a.case_closed_at == casus.closed_at), None)
    return {
        "casus": casus, "may_handle": may_handle, "complaints": complaints, "closed": closed,
        # built when the template first shows it: the organisation picker is one query
        "complaint_form": forms.get("complaint_form") or SimpleLazyObject(lambda: _complaint_form(casus)),
        "may_record": may_record and closed, "answer": answer, "earlier_answers": [a for a in answers if a != answer],
        "may_answer": may_record and closed and answer is None and casus.closed_at is not None,
        "satisfaction_form": forms.get("satisfaction_form") or SimpleLazyObject(lambda: _satisfaction_form(casus)),
        "open_form": next((name for name in forms if name != "complaint_id"), ""),
    }


def _page(request, actor, casus: Casus, forms: dict | None = None):
    return render(request, "feedback/case.html", {**section(actor, casus, forms), "standalone": True})


def _read_case(request, pk: int, purpose: str):
    """The case (scoped, logged) and the actor, who must handle complaints or record satisfaction answers here."""
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose=purpose, channel="ui", resource=request.path)
    if not (permissions.handles_complaints_for(actor, casus) or permissions.records_satisfaction_for(actor, casus)):
        raise NotAllowed(gettext("Geen toegang"))  # the words of the 403 page (ui/middleware.py)
    return actor, casus


@login_required
def case_feedback(request, pk: int):
    """The case's complaints and satisfaction answer on a page of their own (the same section as on the case
    page): also on a closed case."""
    actor, casus = _read_case(request, pk, "klachten en tevredenheid bekijken")
    return _page(request, actor, casus)


def _done_url(casus: Casus) -> str:
    return reverse("feedback:case", args=[casus.pk])


@login_required
@require_POST
def register(request, pk: int):
    actor, casus = _read_case(request, pk, "klacht registreren")
    form = _complaint_form(casus, data=request.POST)
    return post_form(request, form, run=lambda d: actions.check_register_complaint(
        actor=actor, casus=casus, about=d["about"], received_on=d["received_on"], against=d["against"]),
        rerender=lambda bound: _page(request, actor, casus, {"complaint_form": bound}),
        ok=gettext("De klacht is geregistreerd; de casusregisseur is op de hoogte gebracht."),
        success_url=lambda complaint: f"{_done_url(casus)}#klacht-{complaint.pk}")


def _complaint_post(request, pk: int, complaint_id: int, *, purpose: str, form_name: str, make, run, ok: str):
    actor, casus = _read_case(request, pk, purpose)
    complaint = queries.complaint_of_case(casus, complaint_id)
    form = make(complaint, data=request.POST)
    return post_form(request, form, run=lambda d: run(actor, complaint, d),
                     rerender=lambda bound: _page(request, actor, casus, {form_name: bound,
                                                                           "complaint_id": complaint.pk}),
                     ok=ok, success_url=f"{_done_url(casus)}#klacht-{complaint.pk}",
                     # after a stale form: the version now, so sending it again is a deliberate choice
                     fresh=lambda: {"version": queries.complaint_of_case(casus, complaint.pk).version})


@login_required
@require_POST
def conclude(request, pk: int, complaint_id: int):
    return _complaint_post(request, pk, complaint_id, purpose="klacht afhandelen", form_name="conclude_form",
                           make=_conclude_form,
                           run=lambda actor, complaint, d: actions.check_conclude_complaint_stage(
                               actor=actor, complaint=complaint, outcome=d["outcome"], explanation=d["explanation"],
                               concluded_on=d["concluded_on"], expected_version=d["version"]),
                           ok=gettext("De afhandeling van de klacht is vastgelegd; de termijn is gestopt."))


@login_required
@require_POST
def forward(request, pk: int, complaint_id: int):
    return _complaint_post(request, pk, complaint_id, purpose="klacht doorzetten", form_name="forward_form",
                           make=_forward_form,
                           run=lambda actor, complaint, d: actions.check_forward_complaint(
                               actor=actor, complaint=complaint, reason=d["reason"], forwarded_on=d["forwarded_on"],
                               expected_version=d["version"]),
                           ok=gettext("De klacht is doorgezet naar de volgende stap."))


@login_required
@require_POST
def satisfaction(request, pk: int):
    actor, casus = _read_case(request, pk, "tevredenheid vastleggen")
    form = _satisfaction_form(casus, data=request.POST)
    return post_form(request, form, run=lambda d: actions.check_record_satisfaction(
        actor=actor, casus=casus, score=d["score"], answered_on=d["answered_on"], remark=d["remark"]),
        rerender=lambda bound: _page(request, actor, casus, {"satisfaction_form": bound}),
        ok=gettext("Het antwoord op de tevredenheidsvraag is vastgelegd."), success_url=f"{_done_url(casus)}#tevredenheid")
