"""Logging in and out (the local form, the municipality's identity provider: issue 13 item 1) and pages of one's own
account: the API keys (API-sleutels, item 4) and the second factor (item 2).

Making a key follows the one POST pattern (ui.posting) except on success: the page answers at once (201) with the key
shown once, instead of redirecting. A redirect would need the key to wait somewhere for the next request (the
session, in the database): the key is never stored, not even for a moment. The answer is marked `no-store`, so no
cache keeps it either.
"""

import logging
from base64 import b32encode

import qrcode
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import View
from django_otp import login as otp_login
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView
from qrcode.image.svg import SvgPathImage

from toegang.core import clock
from toegang.core.errors import DomainError, NotAllowed, NotFound
from toegang.core.paging import page_number, page_of
from toegang.ui.forms import apply_domain_error, report_outcome
from toegang.ui.posting import rerender_invalid

from .. import actions, oidc, queries
from ..actors import actor_for_request
from ..forms import ApiTokenForm, SecondFactorForm
from ..permissions import can_manage_api_tokens_of
from ..sessions import ASK, SECOND_FACTOR

logger = logging.getLogger(__name__)


# --- logging in and out (issue 13, item 1; docs/security.md) ----------------------------------------------------


class LoginPage(auth_views.LoginView):
    """Inloggen: the button 'Inloggen via <the IdP>' when one is configured, the username and password form unless
    TOEGANG_LOCAL_LOGIN=0 (then a password sent anyway is refused here; no backend would take it either)."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **oidc.login_options()}

    def post(self, request, *args, **kwargs):
        if settings.TOEGANG_LOCAL_LOGIN:
            return super().post(request, *args, **kwargs)
        form = self.get_form_class()(request, data={"username": request.POST.get("username", "")})
        form.errors.clear()
        form.add_error(None, gettext("Inloggen met een wachtwoord staat uit. Log in via %(idp)s.")
                       % {"idp": settings.TOEGANG_OIDC_NAME})
        return self.render_to_response(self.get_context_data(form=form), status=403)


class LogoutPage(auth_views.LogoutView):
    """Uitloggen: the session ends; a session that came through the IdP ends there too (TOEGANG_OIDC_LOGOUT_AT_IDP),
    which then sends the browser back to the login page."""

    def post(self, request, *args, **kwargs):
        at_idp = oidc.end_session_url(request)  # before the session, which holds the ID token, is gone
        response = super().post(request, *args, **kwargs)
        return redirect(at_idp) if at_idp else response


def _idp_refused(request, message: str = "", status: int = 403):
    return render(request, "accounts/idp_refused.html", {
        "message": message or gettext("Het inloggen via %(idp)s is niet gelukt of duurde te lang. Probeer het "
                                      "opnieuw.") % {"idp": settings.TOEGANG_OIDC_NAME},
        "idp_name": settings.TOEGANG_OIDC_NAME,
    }, status=status)


class IdpLoginStart(OIDCAuthenticationRequestView):
    """'Inloggen via <the IdP>': to the IdP's authorization endpoint with state, nonce and a PKCE challenge (kept in
    the session for the callback), and where the user was going."""

    def __init__(self, **kwargs):  # mozilla-django-oidc's reads the endpoint from settings at once
        View.__init__(self, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_OP_AUTH_ENDPOINT(self) -> str:  # mozilla-django-oidc's name
        return oidc.discovery()["authorization_endpoint"]

    def get(self, request):
        if not oidc.configured():
            raise NotFound(gettext("Inloggen via een identiteitsprovider is niet ingesteld."))
        try:
            return super().get(request)
        except (requests.RequestException, SuspiciousOperation, KeyError, ValueError) as exc:
            logger.warning("The identity provider's discovery document could not be read: %s", exc)
            return _idp_refused(request, gettext("%(idp)s is nu niet bereikbaar. Probeer het over een paar minuten "
                                                 "opnieuw.") % {"idp": settings.TOEGANG_OIDC_NAME}, status=503)


class IdpLoginCallback(OIDCAuthenticationCallbackView):
    """Back from the IdP: the state must be one this browser's session started (and is used once), then
    accounts.oidc.IdentityProviderBackend checks the code, the token and who it is. A refusal shows why, in Dutch."""

    def get(self, request):
        if not oidc.configured():
            raise NotFound(gettext("Inloggen via een identiteitsprovider is niet ingesteld."))
        try:
            return super().get(request)
        except SuspiciousOperation as exc:  # a state this session never started, or already used
            logger.warning("Login through the identity provider refused: %s", exc)
            return self.login_failure()

    def login_failure(self):
        return _idp_refused(self.request, oidc.refusal(self.request))


def _page(request, actor, *, form=None, new=None, status=200):
    """The list of my keys (a page at a time: one query), the form to make one, and a key just made."""
    page = page_number(request)
    rows, has_more = page_of(queries.api_tokens_of(actor.user_id), page, settings.TOEGANG_PAGE_SIZE)
    now = clock.now()
    for row in rows:
        row.state = row.state_at(now)
    form = form or ApiTokenForm(auto_id="sleutel-%s", initial={"expires_on": actions.default_api_token_expiry()})
    template = "accounts/api_tokens.html#results" if request.htmx and request.method == "GET" else \
        "accounts/api_tokens.html"
    response = render(request, template, {
        "rows": rows, "has_more": has_more, "page": page, "form": form, "new": new,
        "max_days": settings.TOEGANG_API_TOKEN_MAX_DAYS,
    }, status=status)
    if new is not None:
        patch_cache_control(response, no_store=True, private=True)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """API-sleutels: my keys (name, prefix, made, valid through, last used, status, 'Intrekken') and a form to make
    one. After making one, the key itself, once."""
    actor = actor_for_request(request)
    if request.method != "POST":
        return _page(request, actor)
    form = ApiTokenForm(data=request.POST, auto_id="sleutel-%s")

    def rerender(bound):
        return _page(request, actor, form=bound)

    if not form.is_valid():
        return rerender_invalid(request, form, rerender)  # 422, everything typed kept
    try:
        new = actions.check_create_api_token(actor=actor, medewerker=request.user, name=form.cleaned_data["name"],
                                             expires_on=form.cleaned_data["expires_on"])
    except (NotAllowed, NotFound):
        raise
    except DomainError as exc:
        apply_domain_error(form, exc)
        return rerender_invalid(request, form, rerender)
    return _page(request, actor, new=new, status=201)


@login_required
@require_POST
def revoke_api_token(request, pk: int):
    """'Intrekken': the key stops working at once; back to the list with a message."""
    actor = actor_for_request(request)
    token = queries.api_token(pk)
    if not can_manage_api_tokens_of(actor, token.medewerker_id):
        raise NotFound(gettext("API-sleutel niet gevonden."))
    was_revoked = token.revoked_at is not None
    actions.check_revoke_api_token(actor=actor, token=token)
    message = (gettext("De API-sleutel ‘%(name)s’ (%(prefix)s) was al ingetrokken.") if was_revoked
               else gettext("De API-sleutel ‘%(name)s’ (%(prefix)s) is ingetrokken: hij werkt niet meer."))
    report_outcome(request, ok=message % {"name": token.name, "prefix": token.shown_prefix})
    return redirect("accounts:api-tokens")


# --- the second factor (issue 13, item 2; docs/security.md "Two factors") ---------------------------------------


def _next(request) -> str:
    """Where the user was going (a page of Toegang only), else Mijn werk."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("ui:home")


def _secret_groups(device) -> str:
    """The secret as the app asks for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _qr_svg(device) -> str:
    """The QR code of the app's set-up address, as an SVG drawing (no image file, no inline style)."""
    image = qrcode.make(device.config_url, image_factory=SvgPathImage, box_size=8)
    label = escape(gettext("QR-code om de authenticator-app te koppelen"))
    return image.to_string(encoding="unicode").replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request):
    """Tweede stap: after the password, the code of the authenticator app (accounts.sessions.SecondFactor sends
    here); then on to where the user was going."""
    target = _next(request)
    if request.user.is_verified() or not queries.has_second_factor(request.user):
        return redirect(target)  # given already, or nothing to ask (setting one up: set_up_second_factor)

    def rerender(bound):
        return render(request, "accounts/second_factor.html", {"form": bound, "next": target})

    if request.method != "POST":
        return rerender(SecondFactorForm())
    form = SecondFactorForm(data=request.POST)
    if not form.is_valid():
        return rerender_invalid(request, form, rerender)
    try:
        device = actions.check_second_factor(medewerker=request.user, code=form.cleaned_data["code"])
    except (NotAllowed, NotFound):
        raise
    except DomainError as exc:
        apply_domain_error(form, exc)
        return rerender_invalid(request, form, rerender)
    otp_login(request, device)
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def set_up_second_factor(request):
    """Tweestapsverificatie instellen: 'Koppelen' (POST without a code) makes the app's secret, shown as a QR code
    and as text; the first code the app shows confirms it. Required before any other page for who must have one
    (accounts.sessions.SecondFactor); in 'optioneel' anyone may set one up here."""
    actor = actor_for_request(request)
    target = _next(request)
    device = queries.pending_second_factor(request.user)
    confirmed = device is not None and device.confirmed

    def rerender(bound, status=200):
        return render(request, "accounts/set_up_second_factor.html", {
            "form": bound, "next": target, "device": device if device and not device.confirmed else None,
            "confirmed": confirmed, "qr": _qr_svg(device) if device and not device.confirmed else "",
            "secret": _secret_groups(device) if device and not device.confirmed else "",
        }, status=status)

    if request.method != "POST" or confirmed:
        return rerender(SecondFactorForm())
    if "code" not in request.POST:  # 'Koppelen': the secret, then the page with its QR code
        actions.check_prepare_second_factor(actor=actor, medewerker=request.user)
        return redirect(f"{reverse('accounts:set-up-second-factor')}?{urlencode({'next': target})}")
    form = SecondFactorForm(data=request.POST)
    if not form.is_valid():
        return rerender_invalid(request, form, rerender)
    try:
        device = actions.check_confirm_second_factor(actor=actor, medewerker=request.user,
                                                     code=form.cleaned_data["code"])
    except (NotAllowed, NotFound):
        raise
    except DomainError as exc:
        apply_domain_error(form, exc)
        return rerender_invalid(request, form, rerender)
    otp_login(request, device)
    request.session[SECOND_FACTOR] = ASK  # from now on logging in asks for a code
    messages.success(request, gettext("De tweestapsverificatie is ingesteld. Bij het inloggen vraagt Toegang voortaan "
                                      "om de code uit de app."))
    return redirect(target)
