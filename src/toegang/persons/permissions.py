"""Pure predicates: may this actor do this to this object? No queries beyond the objects given."""

from toegang.accounts.capabilities import (
    CASES_WORK,
    PERSONS_MERGE,
    PERSONS_REGISTER,
    PERSONS_VIEW_ALL,
    PERSONS_VIEW_TEAM,
)
from toegang.core.actor import Actor

from .models import EmergencyAccess, Household, Resident
from .queries import emergency_gemeenten


def reached_in_emergency(obj: Household | Resident) -> bool:
    """Whether the actor reads this household or resident through a break-the-glass grant alone (set by the
    persons.queries that fetched it): then they may look, never change (docs/security.md)."""
    return getattr(obj, "emergency", None) is not None


def can_register_resident(actor: Actor, gemeente_id: int) -> bool:
    return actor.can(PERSONS_REGISTER, gemeente_id)


def can_edit_resident(actor: Actor, resident: Resident) -> bool:
    return actor.can(PERSONS_REGISTER, resident.gemeente_id) and not reached_in_emergency(resident)


def can_edit_household(actor: Actor, household: Household) -> bool:
    return actor.can(PERSONS_REGISTER, household.gemeente_id) and not reached_in_emergency(household)


def can_break_the_glass(actor: Actor, gemeente_id: int) -> bool:
    """Break-the-glass in this gemeente: a staff member who sees persons there by team (persons.view_team), in the
    browser (persons.queries.emergency_gemeenten says why these)."""
    return gemeente_id in emergency_gemeenten(actor)


def may_break_the_glass(actor: Actor) -> bool:
    """Whether the actor may ask a break-the-glass grant anywhere: the form and the links to it are offered."""
    return bool(emergency_gemeenten(actor))


def can_end_emergency_access(actor: Actor, grant: EmergencyAccess) -> bool:
    """Only the staff member who holds the grant ends it early."""
    return actor.user_id is not None and grant.medewerker_id == actor.user_id


def can_merge_residents(actor: Actor, gemeente_id: int) -> bool:
    return actor.can(PERSONS_MERGE, gemeente_id)


def gemeenten_to_register(actor: Actor) -> list[int]:
    """The gemeenten in which the actor registers residents and households (the choice on the registration page)."""
    return actor.gemeenten_with(PERSONS_REGISTER)


def can_merge_anywhere(actor: Actor) -> bool:
    """Whether the actor merges residents in some gemeente: the merge page opens; the merge itself then asks
    can_merge_residents for the records' gemeente."""
    return actor.can_anywhere(PERSONS_MERGE)


def may_find_residents(actor: Actor) -> bool:
    """Whether searching residents can find anyone: a view capability somewhere, or case work (the households one is
    involved with). A policy officer or functional management sees nobody, so the search is not offered."""
    return any(actor.can_anywhere(capability) for capability in (PERSONS_VIEW_ALL, PERSONS_VIEW_TEAM, CASES_WORK))

