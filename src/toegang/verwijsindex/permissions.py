"""Who may do what in the Verwijsindex: the one place actions, views, templates and the API ask.

verwijsindex.signal: give signals and see one's own signals and their matches; verwijsindex.coordinate: see every
match of the gemeente, assign or take coordination, consult the history (Jeugdwet art. 7.1.x; seed-003 §3.2).
"""

from __future__ import annotations

from toegang.accounts.capabilities import VERWIJSINDEX_COORDINATE, VERWIJSINDEX_SIGNAL
from toegang.core.actor import Actor

from .models import Match


def gemeenten_to_signal(actor: Actor) -> list[int]:
    return actor.gemeenten_with(VERWIJSINDEX_SIGNAL)


def can_signal(actor: Actor, gemeente_id: int) -> bool:
    return actor.can(VERWIJSINDEX_SIGNAL, gemeente_id)


def can_coordinate(actor: Actor, gemeente_id: int) -> bool:
    return actor.can(VERWIJSINDEX_COORDINATE, gemeente_id)


def coordinates_anywhere(actor: Actor) -> bool:
    return actor.can_anywhere(VERWIJSINDEX_COORDINATE)


def may_use_verwijsindex(actor: Actor) -> bool:
    """The menu item: whoever may give signals or coordinate matches somewhere."""
    return actor.can_anywhere(VERWIJSINDEX_SIGNAL) or coordinates_anywhere(actor)


def is_party(actor: Actor, match: Match) -> bool:
    """The actor is the contact person of one of the match's active signals (`match.members`, from the query)."""
    return any(signal.contact_id == actor.user_id for signal in match.members)


def can_take_coordination(actor: Actor, match: Match) -> bool:
    """A party of the match takes coordination while nobody has it (Utrecht: 'wie geacht wordt in actie te komen');
    a coordinator of the gemeente may always take it over (the backstop, seed-003 §3.2.4)."""
    if can_coordinate(actor, match.gemeente_id):
        return match.coordinator_id != actor.user_id
    return match.coordinator_id is None and is_party(actor, match) and can_signal(actor, match.gemeente_id)


def can_assign_coordination(actor: Actor, match: Match) -> bool:
    return can_coordinate(actor, match.gemeente_id)
