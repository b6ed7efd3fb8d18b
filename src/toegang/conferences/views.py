"""Pages of a case conference: planning one on a case, the conference itself (invitees, agenda) where its minutes,
decisions and actions are recorded, and cancelling it. The one POST pattern (ui/posting.py)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.cases import queries as case_queries
from toegang.core.errors import NotAllowed
from toegang.plans.actions import OWNER_TYPES
from toegang.plans.queries import current_version
from toegang.ui.posting import post_form

from . import actions, permissions, queries
from .forms import ACTION_ROWS, CancelForm, ConferenceForm, MinutesForm
from .kinds import conference_kinds
from .models import Conference


def _conference_form(casus, actor, data=None) -> ConferenceForm:
    staff = queries.invitable_staff(casus)
    initial = {
        "starts_at": (timezone.localtime() + dt.timedelta(days=7)).replace(hour=10, minute=0),
        # the case's own professionals and the household are invited by default; process direction is chosen
        "staff": [m.pk for m in staff if m.pk == casus.case_director_id or m.pk == actor.user_id
                  or m.pk in queries.staff_roles(casus)],
        "residents": [m.pk for m in casus.members],
    }
    return ConferenceForm(data, kinds=conference_kinds(casus.gemeente.profile.data), staff=staff,
                          roles=queries.staff_roles(casus), members=casus.members, network=queries.network_of(casus),
                          initial=initial, auto_id="overleg-%s")


def _new_page(request, casus, form, status=200):
    return render(request, "conferences/new.html", {"casus": casus, "form": form}, status=status)


@login_required
def new_conference(request, pk: int):
    """Plan a conference on case `pk`: GET shows the form, POST plans it and opens the conference's page."""
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="casusoverleg beleggen", channel="ui", resource=request.path)
    if not permissions.can_convene(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur of de procesregie belegt een casusoverleg."))
    if request.method != "POST":
        return _new_page(request, casus, _conference_form(casus, actor))
    form = _conference_form(casus, actor, request.POST)
    return post_form(request, form,
                     run=lambda d: actions.check_plan_conference(
                         actor=actor, casus=casus, kind=d["kind"], reason=d["reason"], starts_at=d["starts_at"],
                         place=d["place"], agenda=d["agenda"], staff_ids=d["staff"], resident_ids=d["residents"],
                         network_ids=d["network"], family_absent_reason=d["family_absent_reason"]),
                     rerender=lambda bound: _new_page(request, casus, bound),
                     ok=gettext("Het casusoverleg is gepland; de professionals zijn uitgenodigd."),
                     success_url=lambda conference: reverse("conferences:conference", args=[conference.pk]))


def _goals(casus) -> list[dict]:
    version = current_version(casus)
    return version.content["goals"] if version else []


def _page_forms(conference: Conference, goals) -> dict:
    return {
        "minutes_form": lambda **kw: MinutesForm(goals=goals, initial={"version": conference.version},
                                                 auto_id="verslag-%s", **kw),
        "cancel_form": lambda **kw: CancelForm(initial={"version": conference.version}, auto_id="annuleren-%s", **kw),
    }


def conference_page(request, actor, conference: Conference, forms: dict | None = None, goals=None):
    forms = forms or {}
    casus = conference.casus
    goals = _goals(casus) if goals is None else goals
    goal_names = {g["id"]: g["description"] for g in goals}
    agreed = list(conference.actions.order_by("id"))
    for action in agreed:
        action.goal_name = goal_names.get(action.goal_id, "")
        action.owner_label = dict(OWNER_TYPES).get(action.owner_type, action.owner_type)
    kinds = conference_kinds(casus.gemeente.profile.data)
    may_record = (conference.status == Conference.Status.GEPLAND and casus.status != "afgesloten"
                  and permissions.can_record_conference(actor, conference))
    return render(request, "conferences/conference.html", {
        "conference": conference, "casus": casus, "kind_name": kinds.get(conference.kind, conference.kind),
        "invitees": queries.invitees_of(conference), "agreed": agreed, "goals": goals,
        "may_record": may_record, "held_yet": timezone.localtime(conference.starts_at).date() <= timezone.localdate(),
        "sees_case": case_queries.can_see_case(actor, casus),
        **{name: forms.get(name) or blank() for name, blank in _page_forms(conference, goals).items()},
    })


@login_required
def conference_detail(request, pk: int):
    actor = actor_for_request(request)
    conference = queries.access_conference(actor, pk, purpose="casusoverleg bekijken", channel="ui",
                                           resource=request.path)
    return conference_page(request, actor, conference)


def _conference_post(request, pk: int, *, purpose: str, form_name: str, run, ok):
    actor = actor_for_request(request)
    conference = queries.access_conference(actor, pk, purpose=purpose, channel="ui", resource=request.path)
    if not permissions.can_record_conference(actor, conference):
        raise NotAllowed(gettext("Alleen wie het overleg belegde, de casusregisseur of de procesregie legt dit vast."))
    goals = _goals(conference.casus)
    form = _page_forms(conference, goals)[form_name](data=request.POST)

    def fresh():
        conference.refresh_from_db(fields=["version", "status"])
        return {"version": conference.version}

    return post_form(request, form, run=lambda d: run(actor, conference, d),
                     rerender=lambda bound: conference_page(request, actor, conference, forms={form_name: bound},
                                                            goals=goals),
                     ok=ok, success_url=reverse("conferences:conference", args=[pk]), fresh=fresh)


def _agreed_actions(d) -> list[actions.AgreedAction]:
    return [actions.AgreedAction(goal_id=d[f"action_{n}_goal"], owner_type=d[f"action_{n}_owner_type"],
                                 owner=d[f"action_{n}_owner"], description=d[f"action_{n}_description"],
                                 due_date=d[f"action_{n}_due_date"]) for n in range(1, ACTION_ROWS + 1)]


@login_required
@require_POST
def record_minutes(request, pk: int):
    return _conference_post(
        request, pk, purpose="verslag casusoverleg vastleggen", form_name="minutes_form",
        run=lambda actor, conference, d: actions.check_record_minutes(
            actor=actor, conference=conference, minutes=d["minutes"], decisions=d["decisions"].splitlines(),
            actions=_agreed_actions(d), expected_version=d["version"]),
        ok=lambda conference: gettext("Het verslag is vastgelegd; de acties staan in het plan (versie %(nr)s).")
        % {"nr": conference.plan_version} if conference.plan_version else gettext("Het verslag is vastgelegd."))


@login_required
@require_POST
def cancel(request, pk: int):
    return _conference_post(
        request, pk, purpose="casusoverleg annuleren", form_name="cancel_form",
        run=lambda actor, conference, d: actions.check_cancel_conference(
            actor=actor, conference=conference, reason=d["reason"], expected_version=d["version"]),
        ok=gettext("Het casusoverleg is geannuleerd; de professionals zijn op de hoogte."))
