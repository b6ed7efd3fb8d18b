"""Reads about staff: who holds a capability where, their API keys and second factor. No personal data of residents
here."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from toegang.core.errors import NotFound

from . import tokens
from .capabilities import CASES_WORK
from .models import ApiToken, Gemeente, Medewerker, Organisatie, Role, RoleAssignment, Team, TeamMembership


def holders_filter(capability: str, gemeente_id: int) -> Q:
    """Active staff holding a role in this gemeente that grants `capability` (roles are few: read in one query)."""
    roles = [pk for pk, capabilities in Role.objects.values_list("pk", "capabilities") if capability in capabilities]
    holders = RoleAssignment.objects.filter(gemeente_id=gemeente_id, role_id__in=roles).values("medewerker_id")
    return Q(is_active=True, pk__in=holders)


def case_workers(gemeente_id: int) -> QuerySet[Medewerker]:
    """Staff who may be case director or betrokkene (of a case or a household) in this gemeente: cases.work.
    A policy officer, the privacy officer or functional management never can (issue 10)."""
    return Medewerker.objects.filter(holders_filter(CASES_WORK, gemeente_id)).select_related("organisatie")\
        .order_by("first_name", "last_name")


def is_case_worker(medewerker_id: int, gemeente_id: int) -> bool:
    return Medewerker.objects.filter(holders_filter(CASES_WORK, gemeente_id), pk=medewerker_id).exists()


def gemeenten_of(medewerker_id: int) -> list[int]:
    """The gemeenten where this staff member holds a role."""
    return list(RoleAssignment.objects.filter(medewerker_id=medewerker_id).values_list("gemeente_id", flat=True)
                .distinct())


def api_token_by_key(key: str) -> ApiToken | None:
    """The API key row this presented key belongs to, with its staff member (one query), or None: malformed (no
    query), unknown prefix or wrong secret all answer None, in the same time (accounts.tokens.matches). Whether it
    is still valid (expired, revoked, staff member inactive) is for the caller to say."""
    prefix = tokens.prefix_of(key)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("medewerker").filter(prefix=prefix).first()
    return token if tokens.matches(key, token.secret_hash if token else None) else None


def api_tokens_of(medewerker_id: int) -> QuerySet[ApiToken]:
    """A staff member's API keys, newest first (revoked and expired ones too: they explain the logs). No personal
    data of residents, so no access log."""
    return ApiToken.objects.filter(medewerker_id=medewerker_id).order_by("-created_at", "-id")


def api_token(token_id: int) -> ApiToken:
    """One API key with its staff member; whether the actor may see it is accounts.permissions'."""
    token = ApiToken.objects.select_related("medewerker").filter(pk=token_id).first()
    if token is None:
        raise NotFound(gettext("API-sleutel niet gevonden."))
    return token


def pending_second_factor(medewerker) -> TOTPDevice | None:
    """The staff member's confirmed authenticator app, else the one being set up, else None."""
    return TOTPDevice.objects.filter(user=medewerker).order_by("-confirmed", "pk").first()


def has_second_factor(medewerker) -> bool:
    return TOTPDevice.objects.filter(user=medewerker, confirmed=True).exists()


# --- staff administration (issue 13, item 3; docs/security.md "Staff administration") ----------------------------
# Staff are not residents: these reads write no access-log row (as the API keys above); every change is in the change
# log (accounts.actions.staff).


def organisations_in(gemeente_ids) -> QuerySet[Organisatie]:
    """Organisations working in these gemeenten: those that list one of them, and those that list none, in the
    profile of one of them (an organisation without gemeenten serves its whole profile)."""
    return Organisatie.objects.filter(Q(gemeenten__in=gemeente_ids)
                                      | Q(gemeenten__isnull=True, profile__gemeenten__in=gemeente_ids)).distinct()


def staff_gemeenten(medewerker: Medewerker) -> set[int]:
    """Where a staff member works: the gemeenten of their roles and of their teams, and of their organisation (the
    gemeenten it lists, or every gemeente of its profile when it lists none). Three queries at most."""
    ids = set(RoleAssignment.objects.filter(medewerker=medewerker).values_list("gemeente_id", flat=True))
    ids |= set(TeamMembership.objects.filter(medewerker=medewerker).values_list("team__gemeente_id", flat=True))
    if medewerker.organisatie_id:
        organisation = Organisatie.objects.filter(pk=medewerker.organisatie_id)
        listed = set(organisation.values_list("gemeenten", flat=True)) - {None}
        ids |= listed or set(organisation.values_list("profile__gemeenten", flat=True)) - {None}
    return ids


def staff_in(gemeente_ids) -> Q:
    """Staff working in one of these gemeenten (as staff_gemeenten says), or nowhere yet (no role, no team, no
    organisation: whoever administers anywhere may find them). Never a Django staff account of the technical admin
    (/beheer/): those are kept on the command line."""
    roles = RoleAssignment.objects.filter(gemeente_id__in=gemeente_ids).values("medewerker_id")
    teams = TeamMembership.objects.filter(team__gemeente_id__in=gemeente_ids).values("medewerker_id")
    nowhere = (Q(organisatie__isnull=True) & ~Q(pk__in=RoleAssignment.objects.values("medewerker_id"))
               & ~Q(pk__in=TeamMembership.objects.values("medewerker_id")))
    return (Q(pk__in=roles) | Q(pk__in=teams) | Q(organisatie__in=organisations_in(gemeente_ids).values("pk"))
            | nowhere) & Q(is_staff=False, is_superuser=False)


def staff_rows(gemeente_ids, *, search: str = "", active: bool | None = None) -> QuerySet[Medewerker]:
    """The staff list of functional administration: staff_in(gemeente_ids), by name; `search` finds every word in
    the name, login name, function, organisation or a team's name; `active` True/False/None (both). Roles and teams
    come prefetched: a page of rows is three queries."""
    rows = Medewerker.objects.filter(staff_in(gemeente_ids))
    for word in search.split():
        in_team = TeamMembership.objects.filter(team__name__icontains=word).values("medewerker_id")
        rows = rows.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
                           | Q(function_title__icontains=word) | Q(organisatie__name__icontains=word)
                           | Q(pk__in=in_team))
    if active is not None:
        rows = rows.filter(is_active=active)
    return with_roles_and_teams(rows.select_related("organisatie").order_by("first_name", "last_name", "pk"))


def with_roles_and_teams(rows: QuerySet[Medewerker]) -> QuerySet[Medewerker]:
    """Staff with their role assignments (role, gemeente) and team memberships (team, its gemeente) prefetched, in
    the order a page shows them: `held_roles` and `teams_in`."""
    return rows.prefetch_related(
        Prefetch("role_assignments", to_attr="held_roles",
                 queryset=RoleAssignment.objects.select_related("role", "gemeente").order_by("gemeente__name",
                                                                                            "role__name", "pk")),
        Prefetch("team_memberships", to_attr="teams_in",
                 queryset=TeamMembership.objects.select_related("team__gemeente").order_by("team__gemeente__name",
                                                                                         "team__name", "pk")))


def role_assignments_of(medewerker_id: int) -> list[RoleAssignment]:
    return list(RoleAssignment.objects.filter(medewerker_id=medewerker_id).select_related("role", "gemeente")
                .order_by("gemeente__name", "role__name", "pk"))


def grants_of(roles_by_gemeente: dict[int, tuple[str, ...]]) -> dict[int, frozenset[str]]:
    """Per gemeente, the role codes the roles held there may grant (the profile's `kan_toekennen`): one query."""
    codes = {code for held in roles_by_gemeente.values() for code in held}
    if not codes:
        return {}
    grants: dict[int, set[str]] = {}
    for gemeente_id, code, grantable in Role.objects.filter(code__in=codes, profile__gemeenten__in=list(
            roles_by_gemeente)).values_list("profile__gemeenten", "code", "grantable"):
        if code in roles_by_gemeente.get(gemeente_id, ()):
            grants.setdefault(gemeente_id, set()).update(grantable)
    return {gemeente_id: frozenset(codes) for gemeente_id, codes in grants.items()}


def gemeenten_with_roles(gemeente_ids) -> list[tuple[Gemeente, list[Role]]]:
    """These (active) gemeenten by name, each with the roles of its profile by name: two queries."""
    gemeenten = list(Gemeente.objects.filter(pk__in=gemeente_ids, active=True).order_by("name"))
    roles: dict[int, list[Role]] = {}
    for role in Role.objects.filter(profile_id__in={g.profile_id for g in gemeenten}).order_by("name"):
        roles.setdefault(role.profile_id, []).append(role)
    return [(gemeente, roles.get(gemeente.profile_id, [])) for gemeente in gemeenten]


def teams_in(gemeente_ids) -> QuerySet[Team]:
    return Team.objects.filter(gemeente_id__in=gemeente_ids).select_related("gemeente").order_by("gemeente__name",
                                                                                                 "name")


def staff_member_in(gemeente_ids, pk: int) -> Medewerker | None:
    """One staff member of staff_in(gemeente_ids), with their organisation; None for anyone else."""
    return Medewerker.objects.filter(staff_in(gemeente_ids), pk=pk).select_related("organisatie").first()


def organisations_for_staff(gemeente_ids, current_id: int | None = None) -> QuerySet[Organisatie]:
    """The organisations a staff member may be placed in, by name: those of these gemeenten, and `current_id` (the
    one they have, wherever it works)."""
    return Organisatie.objects.filter(Q(pk__in=organisations_in(gemeente_ids).values("pk")) | Q(pk=current_id))\
        .order_by("name")


def role_assignment_of(medewerker_id: int, assignment_id: int) -> RoleAssignment | None:
    return RoleAssignment.objects.filter(medewerker_id=medewerker_id, pk=assignment_id)\
        .select_related("medewerker", "role", "gemeente").first()


def team_memberships_of(medewerker_id: int) -> list[TeamMembership]:
    return list(TeamMembership.objects.filter(medewerker_id=medewerker_id).select_related("team__gemeente")
                .order_by("team__gemeente__name", "team__name", "pk"))


def team_membership_of(medewerker_id: int, membership_id: int) -> TeamMembership | None:
    return TeamMembership.objects.filter(medewerker_id=medewerker_id, pk=membership_id)\
        .select_related("medewerker", "team__gemeente").first()


def gemeente_and_role(gemeente_id: int, role_id: int) -> tuple[Gemeente | None, Role | None]:
    return Gemeente.objects.filter(pk=gemeente_id).first(), Role.objects.filter(pk=role_id).first()


def team(team_id: int) -> Team | None:
    return Team.objects.filter(pk=team_id).select_related("gemeente").first()


def organisation_by_code(code: str, gemeente_ids) -> Organisatie | None:
    """The organisation with this code among those of these gemeenten (codes are unique within a profile)."""
    return organisations_in(gemeente_ids).filter(code=code).first()


def gemeente_by_cbs(cbs: str, gemeente_ids) -> Gemeente | None:
    return Gemeente.objects.filter(cbs_code=cbs, pk__in=gemeente_ids).first()


def role_by_code(gemeente: Gemeente, code: str) -> Role | None:
    return Role.objects.filter(profile_id=gemeente.profile_id, code=code).first()


def team_by_code(gemeente: Gemeente, code: str) -> Team | None:
    return Team.objects.filter(gemeente=gemeente, code=code).select_related("gemeente").first()


def identity_provider_grants(groups: list[str]) -> tuple[set[tuple[int, int]], bool]:
    """The roles (gemeente id, role id) that these groups at the identity provider give, as each loaded profile's
    `identiteit.oidc_groepen` maps them (docs/profiles.md), and whether a profile in which one of them is mapped lets
    a login through the IdP make an account (`identiteit.accounts_aanmaken`). Inactive gemeenten give nothing. Two
    queries (the gemeenten with their profiles, the roles)."""
    wanted = set(groups)
    gemeenten: dict[tuple[int, str], int] = {}
    profiles: dict[int, dict] = {}
    for gemeente in Gemeente.objects.filter(active=True).select_related("profile"):
        gemeenten[(gemeente.profile_id, gemeente.cbs_code)] = gemeente.pk
        profiles[gemeente.profile_id] = gemeente.profile.data or {}
    pairs: set[tuple[int, str, str]] = set()  # (profile id, cbs, role code)
    may_create = False
    for profile_id, data in profiles.items():
        identity = data.get("identiteit") or {}
        for mapping in identity.get("oidc_groepen", []):
            if mapping["groep"] not in wanted:
                continue
            may_create = may_create or bool(identity.get("accounts_aanmaken", False))
            pairs.update((profile_id, cbs, mapping["rol"]) for cbs in mapping["gemeenten"])
    roles = {(r.profile_id, r.code): r.pk for r in Role.objects.filter(profile_id__in={p for p, _, _ in pairs})} \
        if pairs else {}
    grants = {(gemeenten[(p, cbs)], roles[(p, code)]) for p, cbs, code in pairs
              if (p, cbs) in gemeenten and (p, code) in roles}
    return grants, may_create
