"""Who is acting: a staff member with their capabilities per gemeente and their teams, or the SYSTEM.

Built once per request (middleware) or per job; actions and queries receive it explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from toegang.accounts.capabilities import PERSONS_VIEW_TEAM

if TYPE_CHECKING:
    from toegang.accounts.models import Medewerker


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    label: str
    # gemeente id -> capability codes held there (union over the actor's roles in that gemeente)
    capabilities: dict[int, frozenset[str]] = field(default_factory=dict)
    # gemeente id -> role codes held there
    roles: dict[int, tuple[str, ...]] = field(default_factory=dict)
    team_ids: frozenset[int] = frozenset()
    # wijken served by the actor's teams (team-scoped visibility, capability persons.view_team)
    team_wijk_ids: frozenset[int] = frozenset()
    organisation_ids: frozenset[int] = frozenset()
    is_system: bool = False

    def can(self, capability: str, gemeente_id: int | None) -> bool:
        if self.is_system:
            return True
        if gemeente_id is None:
            return False
        return capability in self.capabilities.get(gemeente_id, frozenset())

    def can_anywhere(self, capability: str) -> bool:
        return self.is_system or any(capability in caps for caps in self.capabilities.values())

    def gemeenten_with(self, capability: str) -> list[int]:
        return [g for g, caps in self.capabilities.items() if capability in caps]

    def role_label(self, gemeente_id: int | None) -> str:
        if self.is_system:
            return "systeem"
        if gemeente_id is None:
            return ",".join(sorted({r for rs in self.roles.values() for r in rs}))
        return ",".join(self.roles.get(gemeente_id, ()))

    @cached_property
    def user(self) -> Medewerker | None:
        if self.user_id is None:
            return None
        from toegang.accounts.models import Medewerker

        return Medewerker.objects.get(pk=self.user_id)


SYSTEM = Actor(user_id=None, label="systeem", is_system=True)


def actor_for_user(user) -> Actor | None:
    """The actor for a logged-in staff member: two queries (role assignments, team memberships)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    from toegang.accounts.models import RoleAssignment, TeamMembership

    caps: dict[int, set[str]] = {}
    roles: dict[int, list[str]] = {}
    for assignment in RoleAssignment.objects.filter(medewerker=user, gemeente__active=True).select_related("role"):
        caps.setdefault(assignment.gemeente_id, set()).update(assignment.role.capabilities)
        roles.setdefault(assignment.gemeente_id, []).append(assignment.role.code)
    team_rows = list(
        TeamMembership.objects.filter(medewerker=user).values_list("team_id", "team__gemeente_id", "team__wijken")
    )
    team_ids = frozenset(team_id for team_id, _, _ in team_rows)
    team_wijk_ids = frozenset(
        wijk_id for _, gemeente_id, wijk_id in team_rows
        if wijk_id is not None and PERSONS_VIEW_TEAM in caps.get(gemeente_id, ())
    )
    return Actor(
        user_id=user.pk,
        label=user.get_username(),
        capabilities={g: frozenset(c) for g, c in caps.items()},
        roles={g: tuple(sorted(r)) for g, r in roles.items()},
        team_ids=team_ids,
        team_wijk_ids=team_wijk_ids,
        organisation_ids=frozenset([user.organisatie_id] if user.organisatie_id else []),
    )


def actor_for_request(request) -> Actor | None:
    """The actor behind a (Django or DRF) request, built once per request and user."""
    user = getattr(request, "user", None)
    cache = getattr(request, "_toegang_actor", None)
    if cache is not None and cache[0] == getattr(user, "pk", None):
        return cache[1]
    actor = actor_for_user(user)
    try:
        request._toegang_actor = (getattr(user, "pk", None), actor)
    except AttributeError:  # pragma: no cover - immutable request wrappers
        pass
    return actor
