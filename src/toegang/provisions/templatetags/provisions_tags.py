"""Expert consultations on other apps' pages: the case page's section (cases/case.html, just before the link to the
provisions) and the advice an indication or decision rests on (provisions/indication.html, besluit.html). The pages
already read (and logged) the case or indication; each tag adds one query."""

from django import template

from toegang.cases.models import Casus

from .. import consultations, queries

register = template.Library()


def _team_names(rows, owner):
    """The expert team's name on each row; `owner` (a case or an indication) gives the gemeente, read only when a
    row names a team."""
    if not any(r.team_code for r in rows):
        return rows
    gemeente = owner.gemeente
    names = {t["code"]: t["naam"] for t in consultations.expert_teams(gemeente.profile.data, gemeente.cbs_code)}
    for r in rows:
        r.team_name = names.get(r.team_code, r.team_code)
    return rows


@register.inclusion_tag("provisions/_case_consultations.html")
def case_consultations(casus, heading=True):
    """The case's expert consultations and advice, and the link to the page where whoever may records one (the
    case page read and logged the case; this is one query). `heading=False` where the case page's <details>
    names the section already (fetched as it opens, issue 16)."""
    rows = _team_names(queries.consultations_of(casus=casus), casus)
    return {"casus": casus, "rows": rows, "open": casus.status != Casus.Status.AFGESLOTEN, "heading": heading}


@register.inclusion_tag("provisions/_indication_consultations.html")
def indication_consultations(indicatie):
    """The advice the proposal rests on (linked when it was proposed, BUCH seed 001 §4.4.1): one query (the profile
    is read only for a row of an expert team)."""
    rows = list(indicatie.raadplegingen.select_related("voorziening", "asked_by").order_by("asked_on", "pk"))
    return {"rows": _team_names(rows, indicatie)}
