"""API keys on the wire: `Authorization: Bearer <sleutel>` (RFC 6750 §2.1), also `Token <sleutel>` for clients
written against the earlier token header. The key is an accounts.ApiToken (accounts/tokens.py: its format and why
only its SHA-256 is stored).

A key that is unknown, malformed, expired or revoked, or whose staff member is no longer active, answers 401 with a
Dutch problem+json saying which (api.errors); expired and revoked are only told to whoever holds the real key. A
valid key makes `request.user` its staff member and `request.auth` the ApiToken: the actor built for the request
carries the key's id, so every access-log and change-log row the request writes names the key
(accounts.actors.actor_for_request, core.actor.Actor.audit_label). Its "last used" is written at most once a minute.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from toegang.accounts.actions import note_api_token_use
from toegang.accounts.queries import api_token_by_key
from toegang.core import clock
from toegang.core.dates import as_date, fmt

KEYWORDS = {"bearer", "token"}
WWW_AUTHENTICATE = 'Bearer realm="Toegang"'


class ApiKeyRefused(exceptions.AuthenticationFailed):
    """401 with its own problem code (api.errors uses `problem_code`)."""

    def __init__(self, detail: str, problem_code: str):
        super().__init__(detail)
        self.problem_code = problem_code


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower().decode("latin-1") not in KEYWORDS:
            return None  # no key: the session (or nobody) decides
        if len(parts) != 2:
            raise ApiKeyRefused("Stuur de API-sleutel als 'Authorization: Bearer <sleutel>', zonder spaties in de "
                                "sleutel.", "api-sleutel-ongeldig")
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        token = api_token_by_key(key)
        if token is None:
            raise ApiKeyRefused("Onbekende API-sleutel. Controleer de sleutel, of maak een nieuwe op de pagina "
                                "API-sleutels.", "api-sleutel-ongeldig")
        now = clock.now()
        if token.revoked_at is not None:
            raise ApiKeyRefused(f"Deze API-sleutel ({token.shown_prefix}) is ingetrokken op "
                                f"{fmt(as_date(token.revoked_at))}.", "api-sleutel-ingetrokken")
        if token.is_expired(now):
            raise ApiKeyRefused(f"Deze API-sleutel ({token.shown_prefix}) is verlopen: hij was geldig tot en met "
                                f"{fmt(token.valid_through)}.", "api-sleutel-verlopen")
        if not token.medewerker.is_active:
            raise ApiKeyRefused(f"Het account van deze API-sleutel ({token.shown_prefix}) is niet actief.",
                                "account-niet-actief")
        note_api_token_use(token=token)
        return token.medewerker, token

    def authenticate_header(self, request):
        """WWW-Authenticate on a 401 (RFC 9110 §11.6.1)."""
        return WWW_AUTHENTICATE


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The scheme in openapi.yaml (drf-spectacular finds it once this module is imported: ApiConfig.ready)."""

    target_class = ApiTokenAuthentication
    name = "apiSleutel"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "Een API-sleutel van de pagina API-sleutels: `Authorization: Bearer tg_…`. "
                               "Ook `Authorization: Token tg_…` wordt aangenomen."}
