"""The management dashboard's sections (docs/indicators.md): each indicator of insight/indicators.py as charts and
tables (toegang.ui.charts) with its definition — shown by the page and written by the workbook export job alike."""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop, ngettext

from toegang.accounts.models import Gemeente
from toegang.cases.models import CLOSE_REASONS
from toegang.intake.actions import max_desk_contacts
from toegang.provisions.models import Besluit, Bezwaar
from toegang.ui.charts import Chart, Series, Table
from toegang.ui.templatetags.nlds import label_of

from . import indicators


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


def _trend(filters: indicators.Filters) -> dict:
    trend = indicators.meldingen_per_month(filters)
    return _section("trend", gettext("Meldingen per maand"), filters, [Chart(
        id="meldingen-per-maand", title=gettext("Meldingen per maand"), kind="line",
        labels=[date_format(month, "F Y") for month, _ in trend],
        series=[Series(gettext("Aantal"), [n for _, n in trend])])],
        figures=[(gettext("Meldingen in de periode"), sum(n for _, n in trend))])


def _meldingen(filters: indicators.Filters) -> dict:
    return (_section("meldingen", gettext("Meldingen naar bron, kanaal, wet en triage"), filters, [
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


def _contacts(filters: indicators.Filters) -> dict:
    contacts = indicators.desk_contacts(filters)
    limit = max(max_desk_contacts(g) for g in Gemeente.objects.filter(pk__in=filters.gemeente_ids)
                .select_related("profile"))
    asked = sum(n for _, n in contacts)
    return (_section("contacten", gettext("Klantcontacten aan de balie per vraag"), filters, [
        _bars("balie-contacten", gettext("Vragen voor informatie en advies naar aantal contacten"), contacts,
              lambda n: ngettext("%(n)d contact", "%(n)d contacten", n) % {"n": n}, kind="bar",
              series=gettext("Vragen"))],
        figures=[(gettext("Vragen voor informatie en advies"), asked),
                 (gettext("Binnen het maximum van %(n)s contacten") % {"n": limit},
                  _percent(_share(sum(n for c, n in contacts if c <= limit), asked)))]))


def _lead_times(filters: indicators.Filters) -> dict:
    steps = indicators.lead_times(filters)
    step_labels = dict(indicators.STEPS)
    return (_section("doorlooptijden", gettext("Doorlooptijden per stap"), filters, [
        Chart(id="doorlooptijden", title=gettext("Doorlooptijd in dagen: mediaan en 90e percentiel"), kind="hbar",
              unit="dagen", labels=[gettext(step_labels[s.step]) for s in steps],
              series=[Series(gettext("Mediaan"), [s.median for s in steps]),
                      Series(gettext("90e percentiel"), [s.p90 for s in steps])]),
        Table(id="doorlooptijden-aantallen", title=gettext("Aantal meldingen per stap"),
              columns=[gettext("Stap"), gettext("Meldingen")], units=["tekst", "aantal"],
              rows=[[gettext(step_labels[s.step]), s.n] for s in steps]),
    ]))


def _terms(filters: indicators.Filters) -> dict:
    terms = indicators.term_shares(filters)
    return (_section("termijnen", gettext("Binnen de wettelijke termijn"), filters, [
        Chart(id="termijnen", title=gettext("Deel op tijd gestopt, per termijn"), kind="hbar", unit="procent",
              labels=[t.label for t in terms], series=[Series(gettext("Op tijd"), [t.share for t in terms])]),
        Table(id="termijnen-aantallen", title=gettext("Termijnen: gestopt, op tijd en verlopen"),
              columns=[gettext("Termijn"), gettext("Gestopt"), gettext("Op tijd"), gettext("Deel op tijd"),
                       gettext("Lopend en verlopen aan het eind")],
              units=["tekst", "aantal", "aantal", "procent", "aantal"],
              rows=[[t.label, t.stopped, t.within, t.share, t.open_overdue] for t in terms]),
    ]))


def _caseload(filters: indicators.Filters) -> dict:
    load = indicators.caseload(filters)
    return (_section("caseload", gettext("Caseload"), filters, [
        _bars("caseload-regisseur", gettext("Open casussen per casusregisseur"), load["director"], str,
              series=gettext("Casussen")),
        Table(id="caseload-team", title=gettext("Open casussen per team"),
              columns=[gettext("Team"), gettext("Open casussen"), gettext("Zonder casusregisseur")],
              units=["tekst", "aantal", "aantal"],
              rows=[[name or gettext("zonder team"), n, unowned] for name, n, unowned in load["team"]]),
        _bars("caseload-wijk", gettext("Open casussen per wijk"), load["wijk"],
              lambda name: name or gettext("zonder wijk"), series=gettext("Casussen")),
    ]))


def _in_care(filters: indicators.Filters) -> dict:
    care = indicators.households_in_care(filters)
    return (_section("in_zorg", gettext("Huishoudens in zorg"), filters, [
        Chart(id="in-zorg", title=gettext("Deel van de huishoudens met een open casus, per wijk"), kind="hbar",
              unit="procent", labels=[name or gettext("zonder wijk") for name, _, _ in care],
              series=[Series(gettext("In zorg"), [_share(c, n) for _, n, c in care])]),
        Table(id="in-zorg-aantallen", title=gettext("Huishoudens en huishoudens in zorg per wijk"),
              columns=[gettext("Wijk"), gettext("Huishoudens"), gettext("In zorg"), gettext("Deel in zorg")],
              units=["tekst", "aantal", "aantal", "procent"],
              rows=[[name or gettext("zonder wijk"), n, c, _share(c, n)] for name, n, c in care]),
    ]))


def _escalations(filters: indicators.Filters) -> dict:
    esc = indicators.escalations(filters)
    return (_section("escalaties", gettext("Escalaties"), filters, [Chart(
        id="escalaties", title=gettext("Escalaties naar bereikt niveau en uitkomst"), kind="stacked",
        labels=[level for level, _, _ in esc],
        series=[Series(gettext("afgeschaald"), [closed for _, closed, _ in esc]),
                Series(gettext("nog open"), [still for _, _, still in esc])])]))


def _outcomes(filters: indicators.Filters) -> dict:
    result = indicators.outcomes(filters)
    reasons = dict(CLOSE_REASONS)
    return (_section("afsluiting", gettext("Resultaat bij afsluiting"), filters, [
        _bars("afsluiting-reden", gettext("Afgesloten casussen naar reden"), result.by_reason,
              lambda c: gettext(reasons.get(c, c)), series=gettext("Casussen"))],
        figures=[(gettext("Afgesloten casussen"), result.closed),
                 (gettext("Plandoelen bereikt"), _percent(result.goal_share)),
                 (gettext("Gemiddelde verandering zelfredzaamheid (ZRM)"), _signed(result.mean_change)),
                 (gettext("Gemeten personen"), result.measured_people)]))


def _reentries(filters: indicators.Filters) -> dict:
    opened, again = indicators.reentries(filters)
    return (_section("heraanmelding", gettext("Heraanmelding binnen twaalf maanden"), filters, [],
                             figures=[(gettext("Casussen geopend"), opened), (gettext("Waarvan heraanmelding"), again),
                                      (gettext("Deel heraanmelding"), _percent(_share(again, opened)))]))


def _decisions(filters: indicators.Filters) -> dict:
    found = indicators.decisions(filters)
    outcomes_of = dict(Besluit.Outcome.choices)
    laws = sorted({law for law, _, _ in found["besluiten"]})
    kinds = [o for o, _ in Besluit.Outcome.choices]
    counts = {(law, o): n for law, o, n in found["besluiten"]}
    objection_outcomes = {**dict(Bezwaar.Outcome.choices), "": gettext_noop("in behandeling")}
    return (_section("besluiten", gettext("Besluiten en bezwaren"), filters, [
        Chart(id="besluiten", title=gettext("Besluiten naar wet en uitkomst"), kind="stacked",
              labels=[label_of(law, "wet") or law for law in laws],
              series=[Series(gettext(outcomes_of[o]), [counts.get((law, o), 0) for law in laws]) for o in kinds]),
        _bars("bezwaren", gettext("Bezwaren naar uitkomst"), found["bezwaren"],
              lambda c: gettext(objection_outcomes.get(c, c)), series=gettext("Bezwaren")),
    ]))


def _verwijsindex(filters: indicators.Filters) -> dict:
    matches, coordinated = indicators.verwijsindex_matches(filters)
    return (_section("verwijsindex", gettext("Verwijsindex"), filters, [], figures=[
        (gettext("Matches"), matches), (gettext("Met een coördinator"), coordinated)]))


SECTIONS = [_trend, _meldingen, _contacts, _lead_times, _terms, _caseload, _in_care, _escalations, _outcomes,
            _reentries, _decisions, _verwijsindex]


def dashboard_sections(filters: indicators.Filters) -> list[dict]:
    """The dashboard's sections, each with its definition, charts and tables (about twenty queries in all)."""
    return [build(filters) for build in SECTIONS]


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{floatformat(share * 100, 1)}%"


def _signed(value: float | None) -> str:
    return "—" if value is None else ("+" if value > 0 else "") + floatformat(value, 2)
