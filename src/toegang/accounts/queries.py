"""Reads about staff: who holds a capability where, their API keys and second factor. No personal data of residents
here."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from toegang.core.errors import NotFound

from . import tokens
from .capabilities import CASES_WORK
from .models import ApiToken, Gemeente, Medewerker, Role, RoleAssignment


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
