"""The actor of a logged-in staff member: their capabilities per gemeente (union over their roles there), their
teams and the wijken those teams serve — built once per request (core.actor.Actor is the value; this is where it
comes from, so the core never imports the accounts app)."""

from __future__ import annotations

from toegang.core.actor import Actor

from .capabilities import PERSONS_VIEW_TEAM
from .models import ApiToken, RoleAssignment, TeamMembership

# Who acts when a login through the municipality's identity provider makes an account or brings its roles in line
# with the IdP's groups (accounts.actions.check_sign_in_from_identity_provider): not the staff member (who may not
# grant themselves roles) but the IdP, as the profile's mapping instructs it; the change log names it so.
IDENTITY_PROVIDER = Actor(user_id=None, label="identiteitsprovider (OpenID Connect)", is_system=True)


def actor_for_user(user, *, api_token_id: int | None = None) -> Actor | None:
    """The actor for a logged-in staff member: two queries (role assignments, team memberships). `api_token_id`:
    the API key the request came with, recorded with everything the actor does (Actor.audit_label)."""
    return actor_and_assignments(user, api_token_id=api_token_id)[0]


def actor_and_assignments(user, *, api_token_id: int | None = None) -> tuple[Actor | None, list[RoleAssignment]]:
    """The actor and the role assignments it was built from (with their role and gemeente), for a page that shows
    them by name (Mijn werk) without asking the database again."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None, []

    caps: dict[int, set[str]] = {}
    roles: dict[int, list[str]] = {}
    assignments = list(RoleAssignment.objects.filter(medewerker=user, gemeente__active=True)
                       .select_related("role", "gemeente"))
    for assignment in assignments:
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
        api_token_id=api_token_id,
    ), assignments


def actor_for_request(request) -> Actor | None:
    """The actor behind a (Django or DRF) request, built once per request, user and API key. A DRF request that
    authenticated with an API key carries it as `request.auth` (toegang.api.authentication)."""
    user = getattr(request, "user", None)
    auth = getattr(request, "auth", None)
    token_id = auth.pk if isinstance(auth, ApiToken) else None
    key = (getattr(user, "pk", None), token_id)
    cache = getattr(request, "_toegang_actor", None)
    if cache is not None and cache[0] == key:
        return cache[1]
    actor, assignments = actor_and_assignments(user, api_token_id=token_id)
    try:
        request._toegang_actor = (key, actor, assignments)
    except AttributeError:  # pragma: no cover - immutable request wrappers
        pass
    return actor


def role_assignments_for_request(request) -> list[RoleAssignment]:
    """The role assignments (role and gemeente loaded) the request's actor was built from: no extra query."""
    actor_for_request(request)
    cache = getattr(request, "_toegang_actor", None)
    return cache[2] if cache is not None else []
