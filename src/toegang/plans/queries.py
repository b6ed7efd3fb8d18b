"""Reads about a case's plan."""

from __future__ import annotations

from toegang.cases.models import Casus

from .models import PlanVersion


def current_version(casus: Casus) -> PlanVersion | None:
    """The newest version of the case's plan (None before the first goal)."""
    return PlanVersion.objects.filter(plan__casus=casus).order_by("-number").first()
