"""The only code that writes cases (STYLE.md), one module per concern, as Zulip split `zerver/actions/`:

    case.py         the case itself: opening (with re-entry), the case director, flags, phases, closing, reopening
    involvement.py  the betrokkenen: adding and ending one; `involve`, the writer the others share
    journal.py      contact moments (the first contact stops a clock) and notes
    handover.py     the warm handover: proposing a successor, who accepts or declines
    documents.py    attaching a document, parsed before it is stored
    tasks.py        a task on the case for the director or a betrokkene
    owner.py        the owner of a new case by the profile's rule; a case worker of the team takes a waiting case

Reads are cases.queries, predicates cases.permissions. Every name callers used from the single module stays
importable from here: `actions.check_close_case(...)`.
"""

from .case import (
    NEXT_STATUS,
    REENTRY_WINDOW,
    STALE_CASE,
    case_began,
    case_outcome,
    check_advance_case,
    check_assign_case_director,
    check_close_case,
    check_reopen_case,
    check_set_case_flags,
    do_assign_case_director,
    do_open_case,
    event_date_problem,
)
from .documents import check_add_document
from .handover import check_decide_handover, check_propose_handover
from .involvement import NOT_A_CASE_WORKER, check_add_case_involvement, check_end_case_involvement
from .journal import check_add_note, check_record_contact_moment
from .owner import TAKEN_BY_OTHER, check_take_case, do_give_case_owner, owner_rule, owning_team_id
from .tasks import check_add_case_task

__all__ = [
    "NEXT_STATUS", "NOT_A_CASE_WORKER", "REENTRY_WINDOW", "STALE_CASE", "TAKEN_BY_OTHER",
    "case_began", "case_outcome", "check_add_case_involvement", "check_add_case_task", "check_add_document",
    "check_add_note", "check_advance_case", "check_assign_case_director", "check_close_case", "check_decide_handover",
    "check_end_case_involvement", "check_propose_handover", "check_record_contact_moment", "check_reopen_case",
    "check_set_case_flags", "check_take_case", "do_assign_case_director", "do_give_case_owner", "do_open_case",
    "event_date_problem", "owner_rule", "owning_team_id",
]
