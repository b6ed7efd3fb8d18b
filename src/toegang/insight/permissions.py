"""Who sees the insight pages (counts only, no personal data of residents): one answer for the views and the menu."""

from __future__ import annotations

from toegang.accounts.capabilities import CASES_VIEW_ALL, FINANCE_VIEW
from toegang.core.actor import Actor


def gemeenten_with_insight(actor: Actor) -> list[int]:
    """The gemeenten whose indicators and management dashboard the actor sees: policy, control and the back office
    (finance.view) and process direction (cases.view_all)."""
    return sorted(set(actor.gemeenten_with(FINANCE_VIEW)) | set(actor.gemeenten_with(CASES_VIEW_ALL)))
