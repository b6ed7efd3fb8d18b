"""Reads of case conferences. A conference is open to whoever sees its case (cases.queries.case_scope) and to the
staff it invites, also when they do not otherwise see the case (a process director of another team, a specialist
asked to join). Missing and forbidden give the same answer (404)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from toegang.accounts.capabilities import CASES_DIRECT
from toegang.accounts.models import Medewerker
from toegang.accounts.queries import holders_filter
from toegang.audit.log import log_access
from toegang.cases.models import Casus
from toegang.cases.queries import case_scope
from toegang.core.actor import Actor
from toegang.core.errors import NotFound
from toegang.persons.models import Involvement, NetworkMember
from toegang.persons.queries import log_household_list

from .models import Conference, Invitee


def conference_scope(actor: Actor) -> Q:
    if actor.is_system:
        return Q()
    q = case_scope(actor, prefix="casus__")
    if actor.user_id is not None:
        q |= Q(Exists(Invitee.objects.filter(conference=OuterRef("pk"), medewerker_id=actor.user_id)))
    return q


def visible_conferences(actor: Actor) -> QuerySet[Conference]:
    return Conference.objects.filter(conference_scope(actor))


def access_conference(actor: Actor, conference_id: int, *, purpose: str, channel: str, resource: str = ""
                      ) -> Conference:
    """One conference with its case and household (`members`: the current residents), logged as a read of them."""
    conference = (visible_conferences(actor)
                  .select_related("casus", "casus__household", "casus__gemeente", "casus__case_director",
                                  "convened_by", "recorded_by")
                  .filter(pk=conference_id).first())
    if conference is None:
        raise NotFound(gettext("Casusoverleg niet gevonden."))
    casus = conference.casus
    casus.members = list(casus.household.current_residents.all().order_by("geboortedatum"))
    log_access(actor=actor, subject_ids=[m.pk for m in casus.members], purpose=purpose, channel=channel,
               resource=resource, gemeente_id=casus.gemeente_id)
    return conference


def invitees_of(conference: Conference) -> list[Invitee]:
    """The invitees, professionals first, then the household, then the network (one query)."""
    order = {Invitee.Kind.PROFESSIONAL: 0, Invitee.Kind.HUISHOUDEN: 1, Invitee.Kind.NETWERK: 2}
    rows = list(conference.invitees.all().order_by("id"))
    return sorted(rows, key=lambda i: order.get(i.kind, 3))


def staff_invitee_ids(conference: Conference) -> list[int]:
    return list(conference.invitees.filter(medewerker__isnull=False).values_list("medewerker_id", flat=True))


def conferences_of_case(casus: Casus) -> list[Conference]:
    """The case's conferences, newest first, for a page that already read the case (no access row of its own).
    One query."""
    return list(casus.conferences.select_related("convened_by").order_by("-starts_at", "-id"))


def invitable_staff(casus: Casus) -> list[Medewerker]:
    """Whom a conference on this case can invite from the system: the case director, the active betrokkenen of the
    case (any organisation) and process direction of the gemeente (cases.direct). One query."""
    involved = Involvement.objects.active().filter(casus=casus).values("medewerker_id")
    return list(Medewerker.objects.filter(Q(pk=casus.case_director_id) | Q(pk__in=involved, is_active=True)
                                          | holders_filter(CASES_DIRECT, casus.gemeente_id))
                .select_related("organisatie").order_by("first_name", "last_name", "pk"))


def staff_roles(casus: Casus) -> dict[int, str]:
    """Per staff member their role on the case, as an invitation names it (one query)."""
    roles = {i.medewerker_id: i.role for i in Involvement.objects.active().filter(casus=casus)}
    if casus.case_director_id:
        roles[casus.case_director_id] = "casusregisseur"
    return roles


def network_of(casus: Casus) -> list[NetworkMember]:
    return list(NetworkMember.objects.filter(household_id=casus.household_id, active=True).order_by("name", "pk"))


def log_conference_list(actor: Actor, conferences: list[Conference], *, purpose: str, channel: str,
                        resource: str = "") -> None:
    """A list of conferences names their households: log the members as seen (one query)."""
    log_household_list(actor, sorted({c.casus.household_id for c in conferences}), purpose=purpose, channel=channel,
                       resource=resource)
