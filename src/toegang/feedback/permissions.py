"""Who may record complaints and satisfaction answers: the one place actions and pages ask."""

from __future__ import annotations

from toegang.accounts.capabilities import CASES_ASSIGN, CASES_DIRECT, CASES_WORK
from toegang.cases.models import Casus
from toegang.cases.queries import can_see_case
from toegang.core.actor import Actor


def handles_complaints_for(actor: Actor, casus: Casus) -> bool:
    """The role half of can_handle_complaint, without a query: for a page that already read the case through
    access_case (the case page, its sections), so seeing the case is settled. Process direction or the team lead
    (cases.direct or cases.assign in the case's gemeente); Awb 9:7 lid 1: never the case's current director."""
    if actor is None or (actor.user_id is not None and actor.user_id == casus.case_director_id):
        return False
    return actor.can(CASES_DIRECT, casus.gemeente_id) or actor.can(CASES_ASSIGN, casus.gemeente_id)


def records_satisfaction_for(actor: Actor, casus: Casus) -> bool:
    """The role half of can_record_satisfaction, without a query (see handles_complaints_for): case work or process
    direction in the case's gemeente."""
    if actor is None:
        return False
    return actor.can(CASES_WORK, casus.gemeente_id) or actor.can(CASES_DIRECT, casus.gemeente_id)


def can_handle_complaint(actor: Actor, casus: Casus) -> bool:
    """Complaints are received and handled for the gemeente by process direction or the team lead (cases.direct or
    cases.assign in the case's gemeente) who can see the case. Awb 9:7 lid 1: not by the person the complaint is
    about: the case's current director never handles a complaint about their own case."""
    return handles_complaints_for(actor, casus) and can_see_case(actor, casus)


def can_record_satisfaction(actor: Actor, casus: Casus) -> bool:
    """Whoever does case work or process direction in the gemeente and sees the (closed) case records the answer
    the household gave at closure."""
    return records_satisfaction_for(actor, casus) and can_see_case(actor, casus)
