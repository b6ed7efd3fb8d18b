"""Pure predicates: may this actor do this to this object? No queries beyond the objects given."""

from toegang.core.actor import Actor

from .models import Household, Resident


def can_register_resident(actor: Actor, gemeente_id: int) -> bool:
    return actor.can("persons.register", gemeente_id)


def can_edit_resident(actor: Actor, resident: Resident) -> bool:
    return actor.can("persons.register", resident.gemeente_id)


def can_edit_household(actor: Actor, household: Household) -> bool:
    return actor.can("persons.register", household.gemeente_id)


def can_merge_residents(actor: Actor, gemeente_id: int) -> bool:
    return actor.can("persons.merge", gemeente_id)
