"""The insight pages: the staffing page (formatieberekening, docs/staffing.md) and the management dashboard with the
indicators (docs/indicators.md)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.models import Gemeente, Team
from toegang.core import clock
from toegang.core.errors import NotAllowed, NotFound
from toegang.provisions.permissions import gemeenten_with_finance
from toegang.ui.exports import XLSX_TYPE, respond_with_export

from . import actions, indicators, queries
from .dashboard import SECTIONS, dashboard_sections
from .forms import IndicatorFilterForm
from .jobs import run_dashboard_export
from .models import ExportJob
from .permissions import gemeenten_with_insight
from .staffing import StaffingError, compute, parameters, show


@login_required
def staffing(request):
    """Tabel 1, 2, 4, 4a, 5, 6 and Bijlage 1 for the chosen variant, from the profile or from live data."""
    actor = actor_for_request(request)
    gemeente_ids = gemeenten_with_finance(actor)
    if not gemeente_ids:
        raise NotAllowed(gettext("De formatieberekening is er voor beleid, control, procesregie en de backoffice."))
    from_profile, title = queries.profile_staffing_input(gemeente_ids)
    source = request.GET.get("bron")
    if source not in ("profiel", "actueel") or (source == "profiel" and from_profile is None):
        source = "profiel" if from_profile is not None else "actueel"
    if source == "profiel":
        formatie = from_profile
    else:
        live = queries.live_staffing_input(gemeente_ids)
        # live counts with the profile's parameters (variants, case mix, ...) or the seed's defaults
        formatie = {**{k: v for k, v in (from_profile or {}).items() if k not in ("gemeenten", "gepubliceerd")}, **live}
    variants = [int(n) for n in parameters(formatie)["varianten"]]
    try:
        variant = int(request.GET.get("variant") or parameters(formatie)["variant"])
    except ValueError:
        variant = variants[0]
    if variant not in variants:
        variant = int(parameters(formatie)["variant"]) if int(parameters(formatie)["variant"]) in variants else variants[0]
    report, error = None, ""
    if formatie.get("gemeenten"):
        try:
            report = compute(formatie, variant)
        except StaffingError as exc:
            error = str(exc)
    tables = [] if report is None else [{
        "code": t.code, "title": t.title, "caption": t.caption, "columns": t.columns,
        "rows": [{"label": r.label, "total": r.total, "cells": [show(r.cells.get(c.code), c.kind) for c in t.columns]}
                 for r in t.rows],
    } for t in report.tables]
    return render(request, "insight/staffing.html", {
        "title": title, "source": source, "has_profile_input": from_profile is not None,
        "variants": variants, "variant": variant, "report": report, "tables": tables, "error": error,
    })


def _choices(gemeente_ids: list[int]):
    gemeenten = list(Gemeente.objects.filter(pk__in=gemeente_ids).order_by("name").values_list("pk", "name"))
    teams = list(Team.objects.filter(gemeente_id__in=gemeente_ids).order_by("name").values_list("pk", "name"))
    return gemeenten, teams, indicators.wijken(gemeente_ids)


def _period_default(today: dt.date) -> dict[str, str]:
    """This calendar year up to today."""
    return {"van": today.replace(month=1, day=1).isoformat(), "tot": today.isoformat()}


def _filter_form(request, data):
    """The reader, the gemeenten they see the indicators of, and the dashboard's filters bound to `data`; 403 for
    whoever sees none (one check for the page and its workbook export)."""
    actor = actor_for_request(request)
    gemeente_ids = gemeenten_with_insight(actor)
    if not gemeente_ids:
        raise NotAllowed(gettext("Het dashboard is er voor beleid, control, procesregie en de backoffice."))
    gemeenten, teams, wijken = _choices(gemeente_ids)
    return actor, gemeente_ids, IndicatorFilterForm(data, gemeenten=gemeenten, teams=teams, wijken=wijken)


@login_required
def dashboard(request):
    """The management dashboard (issue 15 items 1–2; docs/indicators.md): every indicator for the chosen period,
    gemeente, team and district, as charts with their tables, each exportable as CSV and Excel."""
    data = request.GET if "van" in request.GET else {**_period_default(clock.today()), **request.GET.dict()}
    _actor, gemeente_ids, form = _filter_form(request, data)
    if not form.is_valid():
        request.toegang_invalid_forms = [form]  # the error summary at the top (ui/base.html)
        return render(request, "insight/dashboard.html", {"form": form}, status=422)
    chosen = form.cleaned_data.get("gemeente")
    filters = indicators.Filters(form.cleaned_data["van"], form.cleaned_data["tot"],
                                 [chosen] if chosen else gemeente_ids, team_id=form.cleaned_data.get("team"),
                                 wijk_id=form.cleaned_data.get("wijk"))
    sections = dashboard_sections(filters)
    items = [item for section in sections for item in section["items"]]
    exported = respond_with_export(request, items, "dashboard")
    if exported is not None:
        return exported
    hidden = [(name, form.data[name]) for name in form.fields if form.data.get(name) not in (None, "")]
    return render(request, "insight/dashboard.html", {"form": form, "sections": sections, "filters": filters,
                                                      "chosen": hidden})


@login_required
@require_POST
def start_export(request):
    """The whole dashboard for the chosen filters as one workbook, made in the background; on to its progress."""
    actor, gemeente_ids, form = _filter_form(request, request.POST)
    if not form.is_valid():
        request.toegang_invalid_forms = [form]
        return render(request, "insight/dashboard.html", {"form": form}, status=422)
    data = form.cleaned_data
    params = {"van": data["van"].isoformat(), "tot": data["tot"].isoformat(), "team": data.get("team"),
              "wijk": data.get("wijk"), "taal": get_language()}
    job = actions.check_start_dashboard_export(
        actor=actor, gemeente_ids=[data["gemeente"]] if data.get("gemeente") else gemeente_ids, params=params,
        total=len(SECTIONS), runner=run_dashboard_export)
    return redirect("insight:export", pk=job.pk)


@login_required
def export_progress(request, pk: int):
    """How far the export is; the page asks again every second (htmx) until it is ready or failed."""
    job = queries.export_job_for(actor_for_request(request), pk)
    if job is None:
        raise NotFound(gettext("Deze export bestaat niet."))
    context = {"job": job, "percent": round(100 * job.done / job.total) if job.total else 0,
               "running": job.status in (ExportJob.Status.WACHT, ExportJob.Status.BEZIG),
               "start": dt.date.fromisoformat(job.params["van"]), "end": dt.date.fromisoformat(job.params["tot"])}
    if request.htmx:
        return render(request, "insight/export.html#voortgang", context)
    return render(request, "insight/export.html", context)


@login_required
def export_file(request, pk: int):
    job = queries.export_job_for(actor_for_request(request), pk, with_file=True)
    if job is None or job.status != ExportJob.Status.KLAAR:
        raise NotFound(gettext("Deze export is er (nog) niet."))
    response = HttpResponse(bytes(job.content), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response["Cache-Control"] = "no-store"
    return response
