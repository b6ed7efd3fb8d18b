"""Who may move a case on its escalation ladder, and who may take a binding decision (docs/escalation.md).

- Escalating (opschalen) and de-escalating (afschalen): process direction (cases.direct) in the case's gemeente, or
  whoever holds a role that acts at the case's current level (the ladder's roles are profile data, as the mandate
  matrix's are); and the case director may always take their own case from the first level to the second (Krimpen
  §3.2.2: "neemt bij stagnatie contact op met de procesregisseur").
- Recording that the level took the case up (opgepakt): a holder of a role of the current level — the acting person.
- A binding decision (doorzettingsmacht): cases.impose in the case's gemeente, nobody else.

Whether the actor may see the case at all is cases.queries.case_scope (every view and the API read the case first).
"""

from __future__ import annotations

from toegang.accounts.capabilities import CASES_DIRECT, CASES_IMPOSE
from toegang.cases.models import Casus
from toegang.core.actor import Actor

from .ladders import Ladder, Level


def acts_at(actor: Actor, gemeente_id: int, level: Level | None) -> bool:
    """The actor holds, in this gemeente, one of the roles that act at `level`."""
    if level is None:
        return False
    if actor.is_system:
        return True
    return bool(set(actor.roles.get(gemeente_id, ())) & set(level.roles))


def can_escalate(actor: Actor, casus: Casus, ladder: Ladder, current: int) -> bool:
    if actor.can(CASES_DIRECT, casus.gemeente_id) or acts_at(actor, casus.gemeente_id, ladder.level(current)):
        return True
    return current == 1 and actor.user_id is not None and casus.case_director_id == actor.user_id


def can_deescalate(actor: Actor, casus: Casus, ladder: Ladder, current: int) -> bool:
    return actor.can(CASES_DIRECT, casus.gemeente_id) or acts_at(actor, casus.gemeente_id, ladder.level(current))


def can_pick_up(actor: Actor, casus: Casus, ladder: Ladder, current: int) -> bool:
    return current > 1 and acts_at(actor, casus.gemeente_id, ladder.level(current))


def sees_all_escalations(actor: Actor) -> bool:
    """Process direction somewhere: the menu item to the open escalations (whose acting roles reach the list through
    their notifications too; the list page itself also opens to them, escalation.queries.acts_on_a_ladder)."""
    return actor.can_anywhere(CASES_DIRECT)


def can_impose(actor: Actor, gemeente_id: int) -> bool:
    """Doorzettingsmacht (cases.impose) in the gemeente."""
    return actor.can(CASES_IMPOSE, gemeente_id)
