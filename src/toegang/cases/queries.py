"""Reads of cases. A case is open to: its case director, its active betrokkenen (any organisation), process
direction (cases.view_all in the gemeente) and team leads of its team (cases.view_team). Others — a colleague of the
same organisation without involvement, the front desk — see at most that the household has a case and who directs it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from toegang.accounts.capabilities import CASES_VIEW_ALL, CASES_VIEW_TEAM
from toegang.audit.log import log_access
from toegang.audit.models import ChangeLog
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import NotFound
from toegang.persons.models import Involvement
from toegang.persons.queries import log_household_list

from .models import CaseNote, Casus, ContactMoment, Handover


def case_scope(actor: Actor) -> Q:
    if actor.is_system:
        return Q()
    today = clock.today()
    q = Q(gemeente_id__in=actor.gemeenten_with(CASES_VIEW_ALL))
    team_gemeenten = actor.gemeenten_with(CASES_VIEW_TEAM)
    if team_gemeenten and actor.team_ids:
        q |= Q(gemeente_id__in=team_gemeenten, team_id__in=actor.team_ids)
    if actor.user_id is not None:
        # The director through the case while it is open; afterwards only through the involvement, which ends
        # (inclusive) on the day the case closes.
        q |= Q(case_director_id=actor.user_id) & ~Q(status=Casus.Status.AFGESLOTEN)
        q |= Q(Exists(Involvement.objects.active(today).filter(casus=OuterRef("pk"), medewerker_id=actor.user_id)))
    return q


def visible_cases(actor: Actor) -> QuerySet[Casus]:
    return Casus.objects.filter(case_scope(actor))


def can_see_case(actor: Actor, casus: Casus) -> bool:
    return visible_cases(actor).filter(pk=casus.pk).exists()


def subject_ids(casus: Casus) -> list[int]:
    """The household's current residents: whose data a change of this case concerns (for the change log)."""
    return list(casus.household.current_residents.values_list("pk", flat=True))


def access_case(actor: Actor, casus_id: int, *, purpose: str, channel: str, resource: str = "") -> Casus:
    casus = (visible_cases(actor).select_related("household", "household__wijk", "team", "gemeente", "case_director",
                                                 "case_director__organisatie", "reentry_of")
             .filter(pk=casus_id).first())
    if casus is None:
        raise NotFound("Casus niet gevonden.")
    members = list(casus.household.current_residents.all().order_by("geboortedatum"))
    casus.members = members
    log_access(actor=actor, subject_ids=[m.pk for m in members], purpose=purpose, channel=channel, resource=resource,
               gemeente_id=casus.gemeente_id)
    return casus


def child_under_five(members, today: dt.date | None = None) -> bool:
    """Derived flag: a child under 5 lives in the household (extra vulnerable, Signs of Safety; seed 004 §3.5)."""
    today = today or clock.today()
    limit = today.replace(year=today.year - 5) if not (today.month == 2 and today.day == 29) \
        else today.replace(year=today.year - 5, day=28)
    return any(m.geboortedatum and m.geboortedatum > limit for m in members)


def my_cases(actor: Actor, *, resource: str = "", limit: int = 25) -> list[Casus]:
    """Open cases I direct (Mijn werk); the households shown are logged."""

    rows = list(Casus.objects.filter(case_director_id=actor.user_id).exclude(status=Casus.Status.AFGESLOTEN)
                .select_related("household", "team").order_by("opened_at", "id")[:limit])
    log_household_list(actor, [c.household_id for c in rows], purpose="mijn werk: mijn casussen", channel="ui",
                       resource=resource)
    return rows


def may_read_confidential(actor: Actor, casus: Casus) -> bool:
    return casus.case_director_id == actor.user_id or actor.can(CASES_VIEW_ALL, casus.gemeente_id)


EVENT_TITLES = {"plan.versie": "plan gewijzigd", "casus.document": "document toegevoegd",
                "meting.vastgelegd": "ZRM-meting vastgelegd", "veiligheid.beoordeeld": "veiligheid beoordeeld",
                "vraagverheldering.vastgelegd": "vraagverheldering vastgelegd"}
CASE_CONTENT_EVENTS = ["plan.versie", "meting.vastgelegd", "veiligheid.beoordeeld", "vraagverheldering.vastgelegd"]


def timeline(actor: Actor, casus: Casus, limit: int = 200) -> list[dict]:
    """Everything that happened on the case, newest first: contact moments, notes (confidential ones only for the
    director and process direction) and the case's change-log events. Three queries whatever the length."""


    items = [{"at": c.at, "kind": "contact", "title": c.get_kind_display(), "who": c.by, "text": c.summary,
              "extra": c.participants} for c in ContactMoment.objects.filter(casus=casus).select_related("by")
             .order_by("-at")[:limit]]
    notes = CaseNote.objects.filter(casus=casus).select_related("by").order_by("-at")
    if not may_read_confidential(actor, casus):
        notes = notes.filter(confidential=False)
    items += [{"at": n.at, "kind": "notitie", "title": "vertrouwelijke notitie" if n.confidential else "notitie",
               "who": n.by, "text": n.text, "extra": ""} for n in notes[:limit]]
    items += [{"at": e.at, "kind": "gebeurtenis",
               "title": EVENT_TITLES.get(e.event, e.event.split(".", 1)[1].replace("_", " ")),
               "who": e.actor or e.actor_label, "text": "", "extra": ""}
              for e in ChangeLog.objects.filter(
                  Q(object_type="cases.casus", object_id=str(casus.pk))
                  # plan versions, measurements, safety and kitchen-table reports are logged on their own objects
                  | Q(event__in=CASE_CONTENT_EVENTS, new__casus=casus.pk))
              .exclude(event__in=["casus.notitie", "casus.contactmoment"]).select_related("actor")
              .order_by("-seq")[:limit]]
    items.sort(key=lambda item: item["at"], reverse=True)
    return items[:limit]


def handovers_for_me(actor: Actor) -> list:
    """Warm handovers proposed to me that wait for my decision (Mijn werk)."""

    return list(Handover.objects.filter(successor_id=actor.user_id, decided_at__isnull=True)
                .select_related("casus", "proposed_by").order_by("proposed_at"))
