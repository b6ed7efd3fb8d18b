"""Logging in through the municipality's identity provider: OpenID Connect with mozilla-django-oidc (issue 13, item 1;
docs/security.md "Logging in through the municipality's identity provider").

Authorization code flow with PKCE (S256), state and nonce (mozilla-django-oidc's views, accounts/views.py). Here:

- the IdP's endpoints from its discovery document (OpenID Connect Discovery 1.0), fetched when a login first needs
  them and kept TOEGANG_OIDC_DISCOVERY_SECONDS; the document's `issuer` must be the configured one (§4.3);
- `IdentityProviderBackend`: the ID token's RS256 signature checked against the IdP's published keys (JWKS), and its
  `iss`, `aud` (and `azp`), `exp`, `iat` and nonce (OpenID Connect Core 1.0 §3.1.3.7) — mozilla-django-oidc itself
  leaves the audience and issuer unchecked; the userinfo's `sub` must be the ID token's (§5.3.2). Then
  accounts.actions.check_sign_in_from_identity_provider finds or makes the staff member and brings their roles in line
  with their groups, as the profile maps them (`identiteit`, docs/profiles.md).
- a refused login leaves its Dutch reason on the request, for the page the callback shows (`refusal`).

BIO 9.2.1/9.4.2 (registration and secure log-on through the organisation's central identity management), OWASP ASVS
4.0 V2.1 and V3.5 (token-based sessions: signature, audience and expiry of the token checked).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from django.utils.translation import gettext
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from toegang.core.errors import DomainError

from . import actions, queries
from .actors import IDENTITY_PROVIDER

logger = logging.getLogger(__name__)

BACKEND = "toegang.accounts.oidc.IdentityProviderBackend"
REFUSAL = "toegang_idp_refusal"  # request attribute: why the IdP's login was refused (Dutch, for the page)
IDP_LOGIN = "toegang_idp_login"  # request attribute: an IdpLogin, read by accounts.sessions.on_login
# Claims that only the ID token speaks for; the userinfo answer never overrides them.
ID_TOKEN_ONLY = frozenset({"iss", "aud", "azp", "exp", "iat", "nbf", "nonce", "amr", "acr", "auth_time", "sid", "at_hash"})

_DISCOVERED: dict[str, tuple[float, dict]] = {}


@dataclass(frozen=True)
class IdpLogin:
    """A login the IdP vouched for: whether it asserted a second factor that Toegang accepts (TOEGANG_OIDC_TRUST_MFA)."""

    mfa: bool


def configured() -> bool:
    return bool(settings.TOEGANG_OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def login_options() -> dict:
    """What the login page offers: the IdP's button and/or the local form."""
    return {"idp_login": configured(), "idp_name": settings.TOEGANG_OIDC_NAME,
            "local_login": settings.TOEGANG_LOCAL_LOGIN}


def discovery() -> dict:
    """The IdP's discovery document, kept for TOEGANG_OIDC_DISCOVERY_SECONDS. Raises requests.RequestException when
    the IdP does not answer and SuspiciousOperation when it names another issuer."""
    issuer = settings.TOEGANG_OIDC_ISSUER
    cached = _DISCOVERED.get(issuer)
    if cached and time.monotonic() - cached[0] < settings.TOEGANG_OIDC_DISCOVERY_SECONDS:
        return cached[1]
    response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        raise SuspiciousOperation("The discovery document names another issuer.")
    _DISCOVERED[issuer] = (time.monotonic(), document)
    return document


def forget_discovery() -> None:
    """Fetch the discovery document afresh at the next login (tests; a changed configuration)."""
    _DISCOVERED.clear()


def mfa_asserted(id_token_claims: dict) -> bool:
    """Whether the ID token says the IdP used a second factor that Toegang accepts in place of its own: only with
    TOEGANG_OIDC_TRUST_MFA, by `amr` (RFC 8176 methods, e.g. `mfa`) or `acr` (a level the municipality names)."""
    if not settings.TOEGANG_OIDC_TRUST_MFA:
        return False
    amr = id_token_claims.get("amr") or []
    methods = {amr} if isinstance(amr, str) else set(amr)
    return bool(methods & set(settings.TOEGANG_OIDC_MFA_AMR)) or (
        id_token_claims.get("acr") in set(settings.TOEGANG_OIDC_MFA_ACR))


def refuse(request, message: str) -> None:
    setattr(request, REFUSAL, message)


def refusal(request) -> str:
    return getattr(request, REFUSAL, "")


def end_session_url(request) -> str:
    """Where logging out continues: the IdP's end_session_endpoint (OpenID Connect RP-Initiated Logout 1.0) for a
    session that came through the IdP, back to Toegang's login page after; '' for any other session."""
    id_token = request.session.get("oidc_id_token")
    if not (id_token and configured() and settings.TOEGANG_OIDC_LOGOUT_AT_IDP):
        return ""
    try:
        endpoint = discovery().get("end_session_endpoint")
    except (requests.RequestException, SuspiciousOperation, ValueError):
        logger.warning("Logging out at the identity provider: its discovery document could not be read.")
        return ""
    if not endpoint:
        return ""
    return f"{endpoint}?" + urlencode({
        "id_token_hint": id_token, "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    })


def _claim_text(claims: dict, name: str) -> str:
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""


def _groups(claims: dict) -> list[str]:
    value = claims.get(settings.TOEGANG_OIDC_GROUPS_CLAIM) or []
    if isinstance(value, str):
        value = [value]
    return [group for group in value if isinstance(group, str)] if isinstance(value, list) else []


def identity_of(claims: dict) -> actions.IdpIdentity:
    first, last = _claim_text(claims, "given_name"), _claim_text(claims, "family_name")
    if not (first or last):
        first, _, last = _claim_text(claims, "name").partition(" ")
    return actions.IdpIdentity(subject=str(claims["sub"]), username=_claim_text(claims,
                               settings.TOEGANG_OIDC_USERNAME_CLAIM)[:150], first_name=first[:150],
                               last_name=last[:150], email=_claim_text(claims, "email")[:254])


class IdentityProviderBackend(OIDCAuthenticationBackend):
    """Answers only the callback of a login through the IdP (mozilla-django-oidc's view passes the nonce); a password
    login passes it by. The IdP's endpoints come from its discovery document when a login needs them."""

    def __init__(self, *args, **kwargs):  # mozilla-django-oidc's reads the endpoints from settings at once
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None  # always the IdP's published keys

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # mozilla-django-oidc's name
        return discovery()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return discovery().get("userinfo_endpoint", "")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return discovery()["jwks_uri"]

    def authenticate(self, request, **kwargs):
        if request is None or not configured() or "nonce" not in kwargs or {"username", "password"} & set(kwargs):
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException, jwt.InvalidTokenError, KeyError, ValueError) as exc:
            # a forged or altered token, a key the IdP does not publish, a refused code exchange, an IdP that is down
            logger.warning("Login through the identity provider refused: %s: %s", type(exc).__name__, exc)
            return None

    def _verify_jws(self, payload, key):
        """The signature with the IdP's key, by the one algorithm configured (never `none`, never HS256 with the
        client secret), and the claims mozilla-django-oidc leaves unchecked: issuer and audience."""
        if jwt.get_unverified_header(payload).get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The ID token is not signed with the configured algorithm.")
        claims = jwt.decode(payload, key, algorithms=[self.OIDC_RP_SIGN_ALGO], audience=self.OIDC_RP_CLIENT_ID,
                            issuer=discovery()["issuer"], leeway=60,
                            options={"require": ["iss", "aud", "exp", "iat", "sub"]})
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("The ID token was issued to another party (azp).")
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, completed from the userinfo endpoint (many IdPs send groups, name and e-mail only
        there); the userinfo's `sub` must be the ID token's."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            info = super().get_userinfo(access_token, id_token, payload)
            if str(info.get("sub")) != str(payload["sub"]):
                raise SuspiciousOperation("The userinfo answer is about another subject.")
            claims.update({name: value for name, value in info.items() if name not in ID_TOKEN_ONLY})
        return claims

    def store_tokens(self, access_token, id_token):
        """Nothing yet: the ID token goes into the session only once the login succeeds (get_or_create_user), so a
        refused login leaves nothing behind for a later logout to act on."""

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        grants, may_create = queries.identity_provider_grants(_groups(claims))
        try:
            user = actions.check_sign_in_from_identity_provider(
                actor=IDENTITY_PROVIDER, identity=identity_of(claims), grants=grants, may_create=may_create)
        except DomainError as refused:
            refuse(self.request, refused.message)
            return None
        if not queries.gemeenten_of(user.pk):
            refuse(self.request, gettext(
                "U bent ingelogd bij %(idp)s, maar u hebt in Toegang geen rol: uw account daar zit in geen groep die "
                "Toegang kent. Vraag functioneel beheer van uw gemeente om u in de juiste groep te zetten of u een "
                "rol te geven.") % {"idp": settings.TOEGANG_OIDC_NAME})
            return None
        setattr(self.request, IDP_LOGIN, IdpLogin(mfa=mfa_asserted(payload)))
        self.request.session["oidc_id_token"] = id_token  # the id_token_hint of logging out at the IdP
        return user

    def get_user(self, user_id):
        """As Django's ModelBackend: a deactivated account's session ends at its next request."""
        return ModelBackend.get_user(self, user_id)
