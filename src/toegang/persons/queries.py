"""Reads of personal data: scoped to the actor, and every read that shows persons is logged.

Visibility (default deny), per gemeente:
- capability `persons.view_all` in the household's gemeente: every resident and household there;
- capability `persons.view_team`: households living in a wijk served by one of the actor's teams;
- an active involvement (betrokkene) of the actor with the household, whatever the organisation;
- break-the-glass: a grant in force (EmergencyAccess) of the actor for the household, in a gemeente where the actor
  sees persons by team (emergency_gemeenten). Reads through a grant only are logged with the purpose
  "noodtoegang #<grant>: <reason>; <purpose>" and the objects read carry `emergency` (the grant), so the pages show
  it and the permissions refuse changes (read-only).
Missing and not visible raise the same NotFound.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Collate
from django.utils.translation import gettext
from stdnum.nl import bsn as nl_bsn

from toegang.accounts.capabilities import PERSONS_VIEW_ALL, PERSONS_VIEW_TEAM
from toegang.accounts.models import PostcodeRange
from toegang.audit.log import emergency_purpose, log_access
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import NotFound, ValidationFailed
from toegang.core.postcodes import normalise_postcode

from .models import (
    EmergencyAccess,
    Gezag,
    Household,
    HouseholdAddress,
    HouseholdMembership,
    Involvement,
    NetworkMember,
    Relation,
    Resident,
)


def active_involvement(actor: Actor, household_ref: str) -> Q:
    """Whether the actor is involved today with the household at `household_ref` (a path to its id).

    Written as `household_id IN (SELECT …)`, not `EXISTS (… = outer.id)`: PostgreSQL runs the subquery once (a hashed
    subplan) instead of costing a correlated subquery per row, which at 100,000 households pushed a list past the
    JIT threshold (issue 16). The same rows: no scope is ever negated, and the subquery holds no NULLs."""
    return Q(**{f"{household_ref}__in": Involvement.objects.active(clock.today())
                .filter(medewerker_id=actor.user_id).values("household_id")})


def _granted_households(actor: Actor, household_ref: str) -> Q:
    """Whether a break-the-glass grant in force opens the household at `household_ref` (IN, as above)."""
    return Q(**{f"{household_ref}__in": grants_in_force(actor).values("household_id")})


def emergency_gemeenten(actor: Actor) -> list[int]:
    """The gemeenten in which a break-the-glass grant opens a household to this actor, and so where they may ask one
    (persons.permissions.can_break_the_glass): where they see persons by team (persons.view_team), a scope narrower
    than the gemeente. Who sees the whole gemeente (persons.view_all) never needs one there; staff of a partner
    organisation (involvement only), policy and functional management never get one. Only for a staff member in the
    browser: a program with an API key never reads through a grant (docs/security.md)."""
    if actor.is_system or actor.user_id is None or actor.api_token_id is not None:
        return []
    return actor.gemeenten_with(PERSONS_VIEW_TEAM)


def grants_in_force(actor: Actor) -> QuerySet[EmergencyAccess]:
    """The actor's break-the-glass grants that open a household now: not ended, not expired (compared with the
    clock at every read: no job closes them), in a gemeente where the actor still sees persons by team — a role
    taken away ends the access at once."""
    return EmergencyAccess.objects.in_force(clock.now()).filter(medewerker_id=actor.user_id,
                                                                gemeente_id__in=emergency_gemeenten(actor))


def _regular_household_scope(actor: Actor, prefix: str = "") -> Q:
    """The scope without break-the-glass grants."""
    if actor.is_system:
        return Q()
    q = Q(**{f"{prefix}gemeente_id__in": actor.gemeenten_with(PERSONS_VIEW_ALL)})
    if actor.team_wijk_ids:
        q |= Q(**{f"{prefix}wijk_id__in": actor.team_wijk_ids})
    if actor.user_id is not None:
        q |= active_involvement(actor, f"{prefix}pk" if prefix else "pk")
    return q


def household_scope(actor: Actor, prefix: str = "") -> Q:
    """Q over Household (or, with prefix 'household__', over a model pointing at it) for what the actor may see."""
    q = _regular_household_scope(actor, prefix)
    if emergency_gemeenten(actor):
        q |= _granted_households(actor, f"{prefix}pk" if prefix else "pk")
    return q


def visible_households(actor: Actor) -> QuerySet[Household]:
    return Household.objects.filter(household_scope(actor))


def regularly_visible(actor: Actor, household_id: int) -> bool:
    """Whether the actor sees the household without a break-the-glass grant (then they need none)."""
    return Household.objects.filter(_regular_household_scope(actor), pk=household_id).exists()


def visible_residents(actor: Actor) -> QuerySet[Resident]:
    if actor.is_system:
        return Resident.objects.filter(merged_into__isnull=True)
    q = Q(gemeente_id__in=actor.gemeenten_with(PERSONS_VIEW_ALL))
    if actor.team_wijk_ids:
        q |= Q(household__wijk_id__in=actor.team_wijk_ids)
    if actor.user_id is not None:
        q |= active_involvement(actor, "household_id")
    if emergency_gemeenten(actor):
        q |= _granted_households(actor, "household_id")
    return Resident.objects.filter(q, merged_into__isnull=True)


def emergency_target(actor: Actor, *, bsn: str = "", household_id: int | None = None,
                     resident_id: int | None = None) -> Household | None:
    """The household a break-the-glass request names — the household of the resident with this BSN, or the
    household or resident of a link the actor opened — in a gemeente where the actor may ask one; else None.

    Nothing is shown from it before the grant, so nothing is logged here (the grant's own reads are). What a "none"
    tells: no resident with this BSN lives in a household of the actor's own gemeenten — no more than registering
    a resident with that BSN tells (persons.actions.check_register_resident refuses a BSN already registered)."""
    gemeenten = emergency_gemeenten(actor)
    if not gemeenten:
        return None
    households = Household.objects.filter(gemeente_id__in=gemeenten).select_related("gemeente")
    residents = Resident.objects.filter(gemeente_id__in=gemeenten, merged_into__isnull=True)
    if bsn:
        residents = residents.filter(bsn=nl_bsn.compact(bsn))
    elif resident_id:
        residents = residents.filter(pk=resident_id)
    elif household_id:
        return households.filter(pk=household_id).first()
    else:
        return None
    return households.filter(pk__in=residents.values("household_id")).order_by("pk").first()


def with_emergency(qs: QuerySet, actor: Actor, household_ref: str) -> QuerySet:
    """Rows annotated with the break-the-glass grant through which alone the actor sees their household
    (`household_ref`: the path to it): `emergency_grant_id`, and `in_regular_scope`. No query of its own; nothing
    for an actor who cannot hold grants. mark_emergency() turns it into `emergency` on each row."""
    if not emergency_gemeenten(actor):
        return qs
    grants = grants_in_force(actor).filter(household=OuterRef(household_ref))
    regular = Household.objects.filter(_regular_household_scope(actor), pk=OuterRef(household_ref))
    return qs.annotate(emergency_grant_id=Subquery(grants.values("pk")[:1]), in_regular_scope=Exists(regular))


def mark_emergency(rows: list) -> list:
    """Set `emergency` on each row annotated by with_emergency(): the grant (EmergencyAccess) it is seen through
    alone, or None. One query when any row is, none otherwise."""
    def grant_id(row):
        return None if getattr(row, "in_regular_scope", True) else getattr(row, "emergency_grant_id", None)

    ids = {grant_id(row) for row in rows} - {None}
    grants = EmergencyAccess.objects.in_bulk(ids) if ids else {}
    for row in rows:
        row.emergency = grants.get(grant_id(row))
    return rows


def _log_reads(actor: Actor, reads: list[tuple[EmergencyAccess | None, int]], *, purpose: str, channel: str,
               resource: str = "", gemeente_id: int | None = None) -> None:
    """Log (grant or None, person id) reads: those under a grant with its emergency purpose, each grant apart."""
    by_grant: dict[EmergencyAccess | None, list[int]] = {}
    for grant, subject in reads:
        by_grant.setdefault(grant, []).append(subject)
    for grant, subjects in sorted(by_grant.items(), key=lambda item: item[0] is None):
        log_access(actor=actor, subject_ids=subjects, channel=channel, resource=resource, gemeente_id=gemeente_id,
                   purpose=purpose if grant is None else emergency_purpose(grant.pk, grant.reason, purpose))


@dataclass(frozen=True)
class ResidentSearch:
    """At least one of: bsn; surname (prefix) optionally with birth date; postcode with house number."""

    bsn: str = ""
    name: str = ""
    geboortedatum: dt.date | None = None
    postcode: str = ""
    huisnummer: int | None = None

    def is_empty(self) -> bool:
        return not (self.bsn or self.name or self.postcode)


def _bytewise(field: str):
    """The field in bytewise order: on PostgreSQL `COLLATE "C"` (indexed by resident_name_c_idx), elsewhere as is."""
    return Collate(field, "C") if connection.vendor == "postgresql" else F(field)


def _search_filter(search: ResidentSearch) -> Q:
    errors: dict[str, list[str]] = {}
    q = Q()
    if search.bsn:
        compact = nl_bsn.compact(search.bsn)
        if not nl_bsn.is_valid(compact):
            errors["bsn"] = [gettext("BSN voldoet niet aan de elfproef.")]
        q &= Q(bsn=compact)
    if search.name:
        q &= Q(search_name_c__startswith=search.name.strip().lower())
    if search.geboortedatum:
        q &= Q(geboortedatum=search.geboortedatum)
    if search.postcode:
        try:
            q &= Q(household__postcode=normalise_postcode(search.postcode))
        except ValueError as exc:
            errors["postcode"] = [str(exc)]
        if search.huisnummer:
            q &= Q(household__huisnummer=search.huisnummer)
    if errors:
        raise ValidationFailed(gettext("Controleer de zoekvelden."), field_errors=errors)
    return q


def search_residents_for(
    actor: Actor, search: ResidentSearch, *, purpose: str, channel: str, limit: int = 25, offset: int = 0,
    resource: str = "",
) -> tuple[list[Resident], bool]:
    """Visible residents matching the search, one page; logs one access row with the persons shown.

    Returns (rows, has_more). Two queries plus the access log, whatever the page size.
    """
    if search.is_empty():
        return [], False
    rows = list(
        with_emergency(visible_residents(actor), actor, "household_id")
        .alias(search_name_c=_bytewise("search_name"))
        .filter(_search_filter(search))
        .select_related("household", "gemeente")
        .order_by("search_name_c", "voornamen", "id")[offset : offset + limit + 1]
    )
    has_more = len(rows) > limit
    rows = mark_emergency(rows[:limit])
    _log_reads(actor, [(r.emergency, r.pk) for r in rows], purpose=purpose, channel=channel, resource=resource)
    return rows, has_more


def access_resident(actor: Actor, resident_id: int, *, purpose: str, channel: str, resource: str = "") -> Resident:
    resident = (
        with_emergency(visible_residents(actor), actor, "household_id")
        .select_related("household", "gemeente", "household__wijk").filter(pk=resident_id).first()
    )
    if resident is None:
        raise NotFound(gettext("Inwoner niet gevonden."))
    mark_emergency([resident])
    _log_reads(actor, [(resident.emergency, resident.pk)], purpose=purpose, channel=channel, resource=resource,
               gemeente_id=resident.gemeente_id)
    return resident


def resident_merged_into(actor: Actor, resident_id: int) -> int | None:
    """Where a merged record went, if the actor may see the surviving record (no personal data returned)."""
    target = Resident.objects.filter(pk=resident_id).values_list("merged_into_id", flat=True).first()
    if target and visible_residents(actor).filter(pk=target).exists():
        return target
    return None


def access_household(actor: Actor, household_id: int, *, purpose: str, channel: str, resource: str = "") -> Household:
    """The household with members (current and past), relations, network and address history prefetched.

    A fixed number of queries whatever the household size; one access row naming every member shown.
    """
    household = (
        with_emergency(visible_households(actor), actor, "pk")
        .select_related("gemeente", "gemeente__profile", "wijk")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=HouseholdMembership.objects.select_related("resident").order_by(
                    "valid_until", "resident__geboortedatum", "id"
                ),
            ),
            Prefetch("addresses", queryset=HouseholdAddress.objects.order_by("-valid_from", "-id")),
            Prefetch("network", queryset=NetworkMember.objects.filter(active=True).order_by("name")),
            Prefetch(
                "involvements",
                queryset=Involvement.objects.select_related("medewerker", "medewerker__organisatie").order_by("-valid_from"),
            ),
        )
        .filter(pk=household_id)
        .first()
    )
    if household is None:
        raise NotFound(gettext("Huishouden niet gevonden."))
    mark_emergency([household])
    member_ids = [m.resident_id for m in household.memberships.all()]
    members = set(member_ids)
    # one query: every relation of a (current or past) member; split into those within the household (the API's
    # `relaties`) and those with someone outside it
    relations = list(
        Relation.objects.filter(resident_id__in=member_ids)
        .select_related("resident", "person")
        .order_by("resident_id", "kind", "id")
    )
    household.relations = [r for r in relations if r.person_id in members]
    household.outside_relations = [r for r in relations if r.person_id not in members]
    outside_ids = sorted({r.person_id for r in household.outside_relations})
    _log_reads(actor, [(household.emergency, pk) for pk in member_ids + outside_ids], purpose=purpose,
               channel=channel, resource=resource, gemeente_id=household.gemeente_id)
    return household


def _living_at(gemeente_id: int, postcode: str, huisnummer: int | None, toevoeging: str) -> QuerySet[Household]:
    """Households whose current address is this one and that someone lives in (a current member), or that nobody
    has joined yet (created empty)."""
    current = HouseholdMembership.objects.filter(household=OuterRef("pk"), valid_until__isnull=True)
    ever = HouseholdMembership.objects.filter(household=OuterRef("pk"))
    return Household.objects.filter(gemeente_id=gemeente_id, postcode=postcode, huisnummer=huisnummer,
                                    toevoeging=toevoeging.strip().upper())\
        .filter(Q(Exists(current)) | ~Q(Exists(ever)))


def household_ids_at_address(gemeente_id: int, address) -> list[int]:
    """The households living at a (cleaned) address: ids only, no personal data (the registration rule)."""
    if not address.postcode:
        return []
    return list(_living_at(gemeente_id, address.postcode, address.huisnummer, address.toevoeging)
                .order_by("pk").values_list("pk", flat=True))


@dataclass(frozen=True)
class AddressHousehold:
    """A household at an address as the registration page offers it: `members` are the current members' names when
    the actor may see the household, else None (the page then names no one)."""

    household: Household
    members: list[str] | None


def households_at_address(actor: Actor, gemeente_id: int, postcode: str, huisnummer: int | None, toevoeging: str, *,
                          purpose: str, channel: str, resource: str = "") -> list[AddressHousehold]:
    """The households living at the address typed on the registration page (two queries); logs the members shown.
    An invalid postcode finds none (the form reports it)."""
    try:
        postcode = normalise_postcode(postcode) if postcode else ""
    except ValueError:
        return []
    if not postcode or not huisnummer:
        return []
    households = mark_emergency(list(
        with_emergency(_living_at(gemeente_id, postcode, huisnummer, toevoeging or ""), actor, "pk")
        .annotate(visible=Exists(visible_households(actor).filter(pk=OuterRef("pk"))))
        .order_by("pk")))
    if not households:
        return []
    grant_of = {h.pk: h.emergency for h in households}
    names: dict[int, list[str]] = {}
    shown: list[tuple[EmergencyAccess | None, int]] = []
    for m in (HouseholdMembership.objects.filter(household__in=[h.pk for h in households if h.visible],
                                                 valid_until__isnull=True)
              .select_related("resident").order_by("resident__geboortedatum", "id")):
        names.setdefault(m.household_id, []).append(m.resident.full_name)
        shown.append((grant_of[m.household_id], m.resident_id))
    _log_reads(actor, shown, purpose=purpose, channel=channel, resource=resource, gemeente_id=gemeente_id)
    return [AddressHousehold(h, names.get(h.pk, []) if h.visible else None) for h in households]


@dataclass
class MinorGezag:
    """A minor member and who holds gezag over them: `current` (None: not recorded) and, when asked, `past`."""

    minor: Resident
    current: Gezag | None
    past: list[Gezag]


def gezag_for_household(actor: Actor, household: Household, *, purpose: str, channel: str, resource: str = "",
                        history: bool = False, on: dt.date | None = None,
                        members: list[Resident] | None = None) -> list[MinorGezag]:
    """Gezag over each current member under 18 (oldest first), where consent matters: the household page, the plan
    agreement, the safety assessment. `members`: the current members when the caller has them (access_case's
    casus.members, the household page's memberships), else one query reads them. Then one query for the gezag, none
    when no minor lives there. Holders registered outside the household are logged as seen."""
    on = on or clock.today()
    if members is None:
        members = [m.resident for m in household.memberships.filter(valid_until__isnull=True).select_related("resident")]
    minors = sorted((r for r in members if r.is_minor_on(on)), key=lambda r: (r.geboortedatum, r.pk))
    if not minors:
        return []
    rows = Gezag.objects.filter(minor__in=minors).select_related("holder", "second_holder")\
        .order_by("-valid_from", "-id")
    if not history:
        rows = rows.filter(valid_until__isnull=True)
    by_minor: dict[int, list[Gezag]] = {}
    for row in rows:
        by_minor.setdefault(row.minor_id, []).append(row)
    member_ids = {r.pk for r in members}
    holders = {pk for row in (r for rs in by_minor.values() for r in rs)
               for pk in (row.holder_id, row.second_holder_id) if pk and pk not in member_ids}
    grant = getattr(household, "emergency", None)  # read through a break-the-glass grant (access_household)
    _log_reads(actor, [(grant, pk) for pk in sorted(holders)], purpose=purpose, channel=channel, resource=resource,
               gemeente_id=household.gemeente_id)
    out = []
    for minor in minors:
        records = by_minor.get(minor.pk, [])
        current = next((r for r in records if r.valid_until is None), None)
        out.append(MinorGezag(minor, current, [r for r in records if r is not current]))
    return out


def my_involved_households(actor: Actor, *, purpose: str, channel: str, resource: str = "", limit: int = 50):
    """The actor's active involvements with their households (one query); logs the members' ids as seen."""
    if actor.user_id is None:
        return []
    today = clock.today()
    rows = list(
        Involvement.objects.active(today).filter(medewerker_id=actor.user_id)
        .select_related("household")
        .order_by("-valid_from", "-id")[:limit]
    )
    household_ids = [r.household_id for r in rows]
    if household_ids:
        member_ids = list(
            Resident.objects.filter(household_id__in=household_ids, merged_into__isnull=True).values_list("pk", flat=True)
        )
        log_access(actor=actor, subject_ids=member_ids, purpose=purpose, channel=channel, resource=resource)
    return rows


def log_household_list(actor: Actor, household_ids: list[int], *, purpose: str, channel: str, resource: str = "") -> None:
    """A list of households shows their names and addresses: log the current members as seen (one query)."""
    if not household_ids:
        return
    members = mark_emergency(list(
        with_emergency(Resident.objects.filter(household_id__in=household_ids, merged_into__isnull=True), actor,
                       "household_id").only("pk", "household_id")))
    _log_reads(actor, [(m.emergency, m.pk) for m in members], purpose=purpose, channel=channel, resource=resource)


def wijk_for_postcode(gemeente_id: int, postcode: str) -> int | None:
    """The wijk of the gemeente whose postcode ranges hold `postcode` (none for no fixed address or no match)."""
    if not postcode:
        return None
    return (
        PostcodeRange.objects.filter(wijk__gemeente_id=gemeente_id, start__lte=postcode, end__gte=postcode)
        .values_list("wijk_id", flat=True)
        .first()
    )
