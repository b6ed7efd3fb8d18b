"""Pages of process direction: the attention list (what stalls) and a case's process director."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.capabilities import CASES_DIRECT
from toegang.accounts.models import Team, Wijk
from toegang.cases.permissions import can_write_journal
from toegang.cases.queries import access_case
from toegang.core.errors import NotAllowed
from toegang.core.paging import choice_filter, id_filter, page_number
from toegang.ui.posting import post_form

from . import actions, permissions, queries, signals
from .forms import ContactPointForm, EndProcessDirectorForm, ProcessDirectorForm

MINE = [("1", gettext_noop("mijn casussen"))]


@login_required
def attention(request):
    """Every open case that needs attention, with the reasons, oldest first (issue 12 point 2); filters by team,
    district, reason and 'Mijn casussen' (where I am process director). Only for process direction (403)."""
    actor = actor_for_request(request)
    if not permissions.can_direct(actor):
        raise NotAllowed(gettext("Alleen de procesregie ziet de casussen die aandacht vragen."))
    reason = choice_filter(request, "reden", signals.SIGNALS, gettext_noop("reden"))
    mine = choice_filter(request, "mijn", MINE, gettext_noop("keuze")) == "1"
    team_id = id_filter(request, "team", gettext_noop("team"))
    wijk_id = id_filter(request, "wijk", gettext_noop("wijk"))
    page = page_number(request)
    gemeenten = actor.gemeenten_with(CASES_DIRECT)
    result = queries.attention_list(actor, team_id=team_id, wijk_id=wijk_id, reason=reason, mine=mine, page=page,
                                    resource=request.get_full_path())
    context = {
        "rows": result.rows, "has_more": result.has_more, "page": page, "reason": reason, "mine": mine,
        "team_id": team_id, "wijk_id": wijk_id, "reasons": signals.SIGNALS,
        "not_computed": signals.NOT_YET_COMPUTED,
        "teams": list(Team.objects.filter(gemeente_id__in=gemeenten).order_by("name")),
        "wijken": list(Wijk.objects.filter(gemeente_id__in=gemeenten).order_by("name")),
    }
    if request.htmx:
        return render(request, "direction/attention.html#list", context)
    return render(request, "direction/attention.html", context)


def _forms(casus, current):
    staff = permissions.process_director_candidates(casus.gemeente_id)
    kinds = signals.kinds(casus.gemeente.profile.data)
    current_id = current.pk if current else 0
    return {
        "assign_form": lambda **kw: ProcessDirectorForm(
            staff=staff, kinds=[(code, name) for code, name in kinds], auto_id="procesregisseur-%s",
            initial={"current": current_id, "kind": kinds[0][0] if len(kinds) == 1 else ""}, **kw),
        "end_form": lambda **kw: EndProcessDirectorForm(auto_id="beeindigen-%s", initial={"current": current_id}, **kw),
    }


def _page(request, actor, casus, forms=None):
    history = queries.process_director_history(casus)
    current = next((d for d in history if d.until is None), None)
    kinds = dict(signals.kinds(casus.gemeente.profile.data))
    for row in history:
        row.kind_name = gettext(kinds.get(row.kind, row.kind))
    forms = forms or {}
    return render(request, "direction/process_director.html", {
        "casus": casus, "current": current, "history": history,
        "signals": queries.signals_for_case(actor, casus),
        **{name: forms.get(name) or blank() for name, blank in _forms(casus, current).items()},
    })


def _current_id(casus) -> int:
    current = queries.current_process_director(casus)
    return current.pk if current else 0


def _case_for_direction(request, pk: int):
    actor = actor_for_request(request)
    casus = access_case(actor, pk, purpose="procesregie van de casus", channel="ui", resource=request.path)
    if not permissions.can_assign_process_director(actor, casus.gemeente_id):
        raise NotAllowed(gettext("Alleen de procesregie wijst een procesregisseur toe."))
    return actor, casus


@login_required
@require_http_methods(["GET", "POST"])
def process_director(request, pk: int):
    """A case's process director: who, since when, the history, and the form to assign one (the one POST pattern)."""
    actor, casus = _case_for_direction(request, pk)
    if request.method != "POST":
        return _page(request, actor, casus)
    current = queries.current_process_director(casus)
    form = _forms(casus, current)["assign_form"](data=request.POST)
    return post_form(
        request, form,
        run=lambda d: actions.check_assign_process_director(actor=actor, casus=casus, medewerker=d["medewerker"],
                                                            kind=d["kind"], reason=d["reason"],
                                                            expected_current=d["current"]),
        rerender=lambda bound: _page(request, actor, casus, forms={"assign_form": bound}),
        fresh=lambda: {"current": _current_id(casus)},
        ok=lambda pd: gettext("%(name)s is procesregisseur van deze casus.") % {"name": pd.medewerker},
        success_url=reverse("cases:case", args=[casus.pk]) + "#procesregie")


@login_required
@require_POST
def end_process_director(request, pk: int):
    actor, casus = _case_for_direction(request, pk)
    current = queries.current_process_director(casus)
    form = _forms(casus, current)["end_form"](data=request.POST)
    return post_form(
        request, form,
        run=lambda d: actions.check_end_process_director(actor=actor, casus=casus, reason=d["reason"],
                                                         expected_current=d["current"]),
        rerender=lambda bound: _page(request, actor, casus, forms={"end_form": bound}),
        fresh=lambda: {"current": _current_id(casus)},
        ok=gettext("De procesregie van deze casus is beëindigd."),
        success_url=reverse("cases:case", args=[casus.pk]) + "#procesregie")


def _contact_point_page(request, casus, form=None):
    kinds = dict(signals.kinds(casus.gemeente.profile.data))
    points = [{**p, "kind_name": gettext(kinds.get(p["soort"], p["soort"]))}
              for p in signals.contact_points(casus.gemeente.profile.data)]
    form = form or ContactPointForm(topics=[(p["code"], p["onderwerp"]) for p in points], auto_id="contactpunt-%s")
    return render(request, "direction/contact_point.html", {"casus": casus, "points": points, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def contact_point(request, pk: int):
    """Inform the process director of a topic about this case (the profile's procesregie.contactpunten; Krimpen
    seed 002 §3.8 step 13). For who writes in the case's journal; the one POST pattern."""
    actor = actor_for_request(request)
    casus = access_case(actor, pk, purpose="procesregie op de hoogte stellen", channel="ui", resource=request.path)
    if not can_write_journal(actor, casus):
        raise NotAllowed(gettext("U mag de procesregie over deze casus niet op de hoogte stellen."))
    if request.method != "POST":
        return _contact_point_page(request, casus)
    topics = [(p["code"], p["onderwerp"]) for p in signals.contact_points(casus.gemeente.profile.data)]
    form = ContactPointForm(data=request.POST, topics=topics, auto_id="contactpunt-%s")
    return post_form(
        request, form,
        run=lambda d: actions.check_inform_contact_point(actor=actor, casus=casus, topic=d["topic"],
                                                         message=d["message"]),
        rerender=lambda bound: _contact_point_page(request, casus, bound),
        ok=gettext("De procesregie is op de hoogte gesteld."),
        success_url=reverse("cases:case", args=[casus.pk]) + "#procesregie")
