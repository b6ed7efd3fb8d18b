"""Who may do what with the meldcode and the safety plan (the one place actions, views, the tag and the API ask).

Seeing a trajectory at all is safety.queries.meldcode_scope (case director, process direction, privacy officer).
"""

from __future__ import annotations

from toegang.accounts.capabilities import CASES_DIRECT
from toegang.cases.models import Casus
from toegang.cases.permissions import can_write_journal
from toegang.core.actor import Actor

from .queries import sees_meldcode


def can_see_meldcode(actor: Actor, casus: Casus) -> bool:
    """The case director (open case), process direction (cases.direct) and the privacy officer (audit.view)."""
    return sees_meldcode(actor, casus)


def can_work_meldcode(actor: Actor, casus: Casus) -> bool:
    """Start a trajectory and record its steps, the kindcheck and contacts with Veilig Thuis: the director of the
    open case, or process direction (cases.direct) of its gemeente. The privacy officer only reads."""
    if casus.status == Casus.Status.AFGESLOTEN:
        return False
    return actor.can(CASES_DIRECT, casus.gemeente_id) or (
        actor.user_id is not None and casus.case_director_id == actor.user_id)


def can_edit_safety_plan(actor: Actor, casus: Casus) -> bool:
    """Start, review and end the safety plan: who writes in the case (director, active betrokkenen, process
    direction), on an open case (one query at most)."""
    return casus.status != Casus.Status.AFGESLOTEN and can_write_journal(actor, casus)
