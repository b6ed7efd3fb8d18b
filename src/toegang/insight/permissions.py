"""Who sees the insight pages (counts only, no personal data of residents): one answer each, asked by the view and
by the menu (ui/context_processors.py)."""

from __future__ import annotations

from toegang.accounts.capabilities import CASES_VIEW_ALL, CASES_VIEW_TEAM, FINANCE_VIEW
from toegang.core.actor import Actor


def gemeenten_with_insight(actor: Actor) -> list[int]:
    """The gemeenten whose indicators and management dashboard the actor sees: policy, control and the back office
    (finance.view) and process direction (cases.view_all)."""
    return sorted(set(actor.gemeenten_with(FINANCE_VIEW)) | set(actor.gemeenten_with(CASES_VIEW_ALL)))


def team_dashboard_gemeenten(actor: Actor | None) -> tuple[list[int], list[int]]:
    """(gemeenten where the actor sees every team: process direction, cases.view_all; gemeenten where they see the
    teams they are a member of: the team lead, cases.view_team)."""
    if actor is None:
        return [], []
    every = actor.gemeenten_with(CASES_VIEW_ALL)
    own = [g for g in actor.gemeenten_with(CASES_VIEW_TEAM) if g not in every] if actor.team_ids else []
    return every, own


def can_view_team_dashboard(actor: Actor | None) -> bool:
    """The team dashboard (/inzicht/team/, docs/dashboards.md): process direction, and team leads who are in a team."""
    every, own = team_dashboard_gemeenten(actor)
    return bool(every or own)


def evaluation_gemeenten(actor: Actor | None) -> list[int]:
    """The gemeenten whose evaluation reports (/inzicht/evaluatie/, docs/evaluation.md) the actor reads: the same
    readers as the dashboard's (the reports are pages over the same indicators)."""
    return gemeenten_with_insight(actor) if actor is not None else []


def can_view_evaluation(actor: Actor | None) -> bool:
    return bool(evaluation_gemeenten(actor))
