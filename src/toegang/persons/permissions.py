"""Pure predicates: may this actor do this to this object? No queries beyond the objects given."""

from toegang.accounts.capabilities import (
    CASES_WORK,
    PERSONS_MERGE,
    PERSONS_REGISTER,
    PERSONS_VIEW_ALL,
    PERSONS_VIEW_TEAM,
)
from toegang.core.actor import Actor

from .models import Household, Resident


def can_register_resident(actor: Actor, gemeente_id: int) -> bool:
    return actor.can(PERSONS_REGISTER, gemeente_id)


def can_edit_resident(actor: Actor, resident: Resident) -> bool:
    return actor.can(PERSONS_REGISTER, resident.gemeente_id)


def can_edit_household(actor: Actor, household: Household) -> bool:
    return actor.can(PERSONS_REGISTER, household.gemeente_id)


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

