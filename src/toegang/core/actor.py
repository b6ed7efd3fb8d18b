"""Who is acting: a staff member with their capabilities per gemeente and their teams, or the SYSTEM.

Built once per request (toegang.accounts.actors.actor_for_request) or is SYSTEM for jobs; actions and queries
receive it explicitly. This module depends on nothing else of Toegang.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    # the API key (accounts.ApiToken id) the request came with; None in the browser, jobs and the command line
    api_token_id: int | None = None

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

    @property
    def audit_label(self) -> str:
        """Who acted, as the audit trail records it (covered by each row's MAC): the label, and the API key when the
        request came with one, so every use of a key is attributable to that key (issue 13, item 4). The label is
        shortened so the whole fits the log's 150 characters."""
        if self.api_token_id is None:
            return self.label
        return f"{self.label[:110]} (API-sleutel {self.api_token_id})"

    def role_label(self, gemeente_id: int | None) -> str:
        if self.is_system:
            return "systeem"
        if gemeente_id is None:
            return ",".join(sorted({r for rs in self.roles.values() for r in rs}))
        return ",".join(self.roles.get(gemeente_id, ()))


SYSTEM = Actor(user_id=None, label="systeem", is_system=True)
