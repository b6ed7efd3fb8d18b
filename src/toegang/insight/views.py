"""The insight pages: the staffing page (formatieberekening, docs/staffing.md) and the management dashboard with the
indicators (docs/indicators.md)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop, ngettext

from toegang.accounts.actors import actor_for_request
from toegang.accounts.models import Gemeente, Team
from toegang.cases.models import CLOSE_REASONS
from toegang.core import clock
from toegang.intake.actions import max_desk_contacts
from toegang.core.errors import NotAllowed
from toegang.provisions.models import Besluit, Bezwaar
from toegang.provisions.permissions import gemeenten_with_finance
from toegang.ui.charts import Chart, Series, Table
from toegang.ui.exports import respond_with_export
from toegang.ui.templatetags.nlds import label_of

from . import indicators, queries
from .forms import IndicatorFilterForm
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


@login_required
def dashboard(request):
    """The management dashboard (issue 15 items 1–2; docs/indicators.md): every indicator for the chosen period,
    gemeente, team and district, as charts with their tables, each exportable as CSV and Excel."""
    actor = actor_for_request(request)
    gemeente_ids = gemeenten_with_insight(actor)
    if not gemeente_ids:
        raise NotAllowed(gettext("Het dashboard is er voor beleid, control, procesregie en de backoffice."))
    gemeenten, teams, wijken = _choices(gemeente_ids)
    data = request.GET if "van" in request.GET else {**_period_default(clock.today()), **request.GET.dict()}
    form = IndicatorFilterForm(data, gemeenten=gemeenten, teams=teams, wijken=wijken)
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
    return render(request, "insight/dashboard.html", {"form": form, "sections": sections, "filters": filters})


def _filter_note(code: str, filters: indicators.Filters) -> str:
    """Says when a chosen filter does not narrow this indicator."""
    ignored = [name for name, chosen in (("team", filters.team_id), ("wijk", filters.wijk_id))
               if chosen is not None and name not in indicators.APPLIES[code]]
    if not ignored:
        return ""
    return gettext("Niet uitgesplitst naar %(what)s: dit getal geldt voor de hele gemeente.") % {
        "what": gettext(" en ").join(gettext(name) for name in ignored)}


def _section(code: str, title: str, filters, items, figures=()):
    return {"id": code, "title": title, "definition": gettext(indicators.DEFINITIONS[code]),
            "note": _filter_note(code, filters), "items": items, "figures": list(figures)}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _bars(chart_id: str, title: str, rows, label, *, kind="hbar", series=None) -> Chart:
    return Chart(id=chart_id, title=title, kind=kind, labels=[label(code) for code, _ in rows],
                 series=[Series(series or gettext("Aantal"), [n for _, n in rows])])


def dashboard_sections(filters: indicators.Filters) -> list[dict]:
    """The dashboard's sections, each with its definition, charts and tables (about twenty queries in all)."""
    count = gettext("Aantal")
    trend = indicators.meldingen_per_month(filters)
    sections = [_section("trend", gettext("Meldingen per maand"), filters, [Chart(
        id="meldingen-per-maand", title=gettext("Meldingen per maand"), kind="line",
        labels=[date_format(month, "F Y") for month, _ in trend], series=[Series(count, [n for _, n in trend])])],
        figures=[(gettext("Meldingen in de periode"), sum(n for _, n in trend))])]

    sections.append(_section("meldingen", gettext("Meldingen naar bron, kanaal, wet en triage"), filters, [
        _bars("meldingen-bron", gettext("Naar bron"), indicators.meldingen_by(filters, "source"),
              lambda c: label_of(c, "bron") or gettext("onbekend")),
        _bars("meldingen-kanaal", gettext("Naar kanaal"), indicators.meldingen_by(filters, "channel"),
              lambda c: label_of(c, "kanaal") or gettext("onbekend")),
        _bars("meldingen-wet", gettext("Naar wet"), indicators.meldingen_by_law(filters),
              lambda c: label_of(c, "wet") or c, kind="bar"),
        _bars("meldingen-triage", gettext("Naar uitkomst van de triage"),
              indicators.meldingen_by(filters, "triage_outcome"),
              lambda c: label_of(c, "triage") or gettext("nog niet getrieerd")),
    ]))

    contacts = indicators.desk_contacts(filters)
    limit = max(max_desk_contacts(g) for g in Gemeente.objects.filter(pk__in=filters.gemeente_ids)
                .select_related("profile"))
    asked = sum(n for _, n in contacts)
    sections.append(_section("contacten", gettext("Klantcontacten aan de balie per vraag"), filters, [
        _bars("balie-contacten", gettext("Vragen voor informatie en advies naar aantal contacten"), contacts,
              lambda n: ngettext("%(n)d contact", "%(n)d contacten", n) % {"n": n}, kind="bar",
              series=gettext("Vragen"))],
        figures=[(gettext("Vragen voor informatie en advies"), asked),
                 (gettext("Binnen het maximum van %(n)s contacten") % {"n": limit},
                  _percent(_share(sum(n for c, n in contacts if c <= limit), asked)))]))

    steps = indicators.lead_times(filters)
    step_labels = dict(indicators.STEPS)
    sections.append(_section("doorlooptijden", gettext("Doorlooptijden per stap"), filters, [
        Chart(id="doorlooptijden", title=gettext("Doorlooptijd in dagen: mediaan en 90e percentiel"), kind="hbar",
              unit="dagen", labels=[gettext(step_labels[s.step]) for s in steps],
              series=[Series(gettext("Mediaan"), [s.median for s in steps]),
                      Series(gettext("90e percentiel"), [s.p90 for s in steps])]),
        Table(id="doorlooptijden-aantallen", title=gettext("Aantal meldingen per stap"),
              columns=[gettext("Stap"), gettext("Meldingen")], units=["tekst", "aantal"],
              rows=[[gettext(step_labels[s.step]), s.n] for s in steps]),
    ]))

    terms = indicators.term_shares(filters)
    sections.append(_section("termijnen", gettext("Binnen de wettelijke termijn"), filters, [
        Chart(id="termijnen", title=gettext("Deel op tijd gestopt, per termijn"), kind="hbar", unit="procent",
              labels=[t.label for t in terms], series=[Series(gettext("Op tijd"), [t.share for t in terms])]),
        Table(id="termijnen-aantallen", title=gettext("Termijnen: gestopt, op tijd en verlopen"),
              columns=[gettext("Termijn"), gettext("Gestopt"), gettext("Op tijd"), gettext("Deel op tijd"),
                       gettext("Lopend en verlopen aan het eind")],
              units=["tekst", "aantal", "aantal", "procent", "aantal"],
              rows=[[t.label, t.stopped, t.within, t.share, t.open_overdue] for t in terms]),
    ]))

    load = indicators.caseload(filters)
    sections.append(_section("caseload", gettext("Caseload"), filters, [
        _bars("caseload-regisseur", gettext("Open casussen per casusregisseur"), load["director"], str,
              series=gettext("Casussen")),
        Table(id="caseload-team", title=gettext("Open casussen per team"),
              columns=[gettext("Team"), gettext("Open casussen"), gettext("Zonder casusregisseur")],
              units=["tekst", "aantal", "aantal"],
              rows=[[name or gettext("zonder team"), n, unowned] for name, n, unowned in load["team"]]),
        _bars("caseload-wijk", gettext("Open casussen per wijk"), load["wijk"],
              lambda name: name or gettext("zonder wijk"), series=gettext("Casussen")),
    ]))

    care = indicators.households_in_care(filters)
    sections.append(_section("in_zorg", gettext("Huishoudens in zorg"), filters, [
        Chart(id="in-zorg", title=gettext("Deel van de huishoudens met een open casus, per wijk"), kind="hbar",
              unit="procent", labels=[name or gettext("zonder wijk") for name, _, _ in care],
              series=[Series(gettext("In zorg"), [_share(c, n) for _, n, c in care])]),
        Table(id="in-zorg-aantallen", title=gettext("Huishoudens en huishoudens in zorg per wijk"),
              columns=[gettext("Wijk"), gettext("Huishoudens"), gettext("In zorg"), gettext("Deel in zorg")],
              units=["tekst", "aantal", "aantal", "procent"],
              rows=[[name or gettext("zonder wijk"), n, c, _share(c, n)] for name, n, c in care]),
    ]))

    esc = indicators.escalations(filters)
    sections.append(_section("escalaties", gettext("Escalaties"), filters, [Chart(
        id="escalaties", title=gettext("Escalaties naar bereikt niveau en uitkomst"), kind="stacked",
        labels=[level for level, _, _ in esc],
        series=[Series(gettext("afgeschaald"), [closed for _, closed, _ in esc]),
                Series(gettext("nog open"), [still for _, _, still in esc])])]))

    result = indicators.outcomes(filters)
    reasons = dict(CLOSE_REASONS)
    opened, again = indicators.reentries(filters)
    sections.append(_section("afsluiting", gettext("Resultaat bij afsluiting"), filters, [
        _bars("afsluiting-reden", gettext("Afgesloten casussen naar reden"), result.by_reason,
              lambda c: gettext(reasons.get(c, c)), series=gettext("Casussen"))],
        figures=[(gettext("Afgesloten casussen"), result.closed),
                 (gettext("Plandoelen bereikt"), _percent(result.goal_share)),
                 (gettext("Gemiddelde verandering zelfredzaamheid (ZRM)"), _signed(result.mean_change)),
                 (gettext("Gemeten personen"), result.measured_people)]))
    sections.append(_section("heraanmelding", gettext("Heraanmelding binnen twaalf maanden"), filters, [],
                             figures=[(gettext("Casussen geopend"), opened), (gettext("Waarvan heraanmelding"), again),
                                      (gettext("Deel heraanmelding"), _percent(_share(again, opened)))]))

    found = indicators.decisions(filters)
    outcomes_of = dict(Besluit.Outcome.choices)
    laws = sorted({law for law, _, _ in found["besluiten"]})
    kinds = [o for o, _ in Besluit.Outcome.choices]
    counts = {(law, o): n for law, o, n in found["besluiten"]}
    objection_outcomes = {**dict(Bezwaar.Outcome.choices), "": gettext_noop("in behandeling")}
    sections.append(_section("besluiten", gettext("Besluiten en bezwaren"), filters, [
        Chart(id="besluiten", title=gettext("Besluiten naar wet en uitkomst"), kind="stacked",
              labels=[label_of(law, "wet") or law for law in laws],
              series=[Series(gettext(outcomes_of[o]), [counts.get((law, o), 0) for law in laws]) for o in kinds]),
        _bars("bezwaren", gettext("Bezwaren naar uitkomst"), found["bezwaren"],
              lambda c: gettext(objection_outcomes.get(c, c)), series=gettext("Bezwaren")),
    ]))

    matches, coordinated = indicators.verwijsindex_matches(filters)
    sections.append(_section("verwijsindex", gettext("Verwijsindex"), filters, [], figures=[
        (gettext("Matches"), matches), (gettext("Met een coördinator"), coordinated)]))
    return sections


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{floatformat(share * 100, 1)}%"


def _signed(value: float | None) -> str:
    return "—" if value is None else ("+" if value > 0 else "") + floatformat(value, 2)
