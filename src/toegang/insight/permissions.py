"""Who may open the insight pages: one answer each, asked by the view and by the menu (ui/context_processors.py)."""

from __future__ import annotations

from toegang.accounts.capabilities import CASES_VIEW_ALL, FINANCE_VIEW
from toegang.core.actor import Actor


def evaluation_gemeenten(actor: Actor | None) -> list[int]:
    """The gemeenten whose evaluation reports (/inzicht/evaluatie/, docs/evaluation.md) the actor reads: where they
    see budgets (finance.view: policy, control) or every case (cases.view_all: process direction). Counts only, no
    personal data."""
    if actor is None:
        return []
    return sorted(set(actor.gemeenten_with(FINANCE_VIEW)) | set(actor.gemeenten_with(CASES_VIEW_ALL)))


def can_view_evaluation(actor: Actor | None) -> bool:
    return bool(evaluation_gemeenten(actor))
