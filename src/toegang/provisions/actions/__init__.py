"""The only code that writes provisions (STYLE.md), one module per concern, as Zulip split `zerver/actions/`:

    indications.py   the proposal from the plan (or, for a single question, on its aanvraag without a case),
                     establishing and withdrawing it, a correction of a decision
    decisions.py     the decision with four eyes, the letter, the budget commitments, sending
    objections.py    registering and deciding an objection
    receipts.py      the written confirmation of an objection's receipt (Awb 6:14)
    reassessment.py  the daily job: re-assessment tasks for decisions that end soon
    catalogue.py     catalogue administration: social map texts, tariffs, contract ceilings, the import
    rules.py         the checks on volume, period and PGB conditions (no writes)

The money arithmetic is provisions.money (pure), reads are provisions.queries, predicates provisions.permissions.
Every name callers used from the single module stays importable from here: `actions.check_decide(...)`.
"""

from ..money import CENT, MAX_COMMITMENT, commitment_amount, year_parts
from ..queries import contract_for, plan_goals, tariff_on
from .catalogue import (
    SOCIAL_MAP_FIELDS,
    check_add_tariff,
    check_import_catalogue,
    check_set_contract_ceiling,
    check_update_voorziening,
)
from .decisions import (
    check_decide,
    check_raise_disagreement,
    check_second_opinion,
    check_send_decision,
    do_establish_decision,
)
from .indications import (
    IndicationData,
    check_prepare_indication,
    check_prepare_single_indication,
    check_set_indication,
    check_start_correction,
    check_withdraw_indication,
    clean_indication,
    do_set_indication,
)
from .objections import check_decide_bezwaar, check_register_bezwaar
from .reassessment import do_raise_reassessment_tasks, reassessment_term
from .receipts import check_send_bezwaar_receipt
from .rules import (
    DEFAULT_MAX_TERM_MONTHS,
    MAX_PERIOD_DAYS,
    MAX_START_AHEAD,
    PGB_CONDITIONS,
    max_term_months,
    period_problems,
    pgb_problem,
    volume_problem,
)

__all__ = [
    "CENT", "DEFAULT_MAX_TERM_MONTHS", "MAX_COMMITMENT", "MAX_PERIOD_DAYS", "MAX_START_AHEAD", "PGB_CONDITIONS",
    "SOCIAL_MAP_FIELDS", "IndicationData",
    "check_add_tariff", "check_decide", "check_decide_bezwaar", "check_import_catalogue", "check_prepare_indication",
    "check_prepare_single_indication",
    "check_raise_disagreement", "check_register_bezwaar", "check_second_opinion", "check_send_bezwaar_receipt", "check_send_decision",
    "check_set_contract_ceiling", "check_set_indication", "check_start_correction", "check_update_voorziening",
    "check_withdraw_indication",
    "clean_indication", "commitment_amount", "contract_for", "do_establish_decision", "do_raise_reassessment_tasks",
    "do_set_indication", "max_term_months", "period_problems", "pgb_problem", "plan_goals", "reassessment_term",
    "tariff_on", "volume_problem", "year_parts",
]
