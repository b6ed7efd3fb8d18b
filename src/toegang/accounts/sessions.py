"""Who stays logged in, and who is stopped at the door (issue 13, item 2; docs/security.md "Logging in").

- `SessionTimeouts`: a session ends after TOEGANG_IDLE_SECONDS without a request (default 30 minutes) and
  TOEGANG_SESSION_SECONDS after logging in (default 8 hours), whatever happens in between. BIO 9.4.2 (secure log-on:
  an inactive session is ended) and OWASP ASVS 4.0 V3.3.2 (an idle and an absolute timeout). A page request then
  goes to the login page with a message, an htmx request is told to go there (HX-Redirect), an API request answers
  401 like any request without a login.
- `SecondFactor`: after the password, no page before the second factor for who set one up, or who must have one
  and has not yet (accounts/permissions.requires_second_factor): they go to the code page or to setting up their
  authenticator app (accounts/views.py). BIO 9.4.2, NEN 7510-2 9.4.2 (two factors for personal health data).
- `locked_out`: what django-axes answers after too many wrong passwords for one username (settings AXES_*): the login
  page again, with the username kept and a Dutch message, status 429. BIO 9.4.2 (limit unsuccessful log-on attempts).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from .actors import actor_for_user
from .oidc import IDP_LOGIN, login_options
from .permissions import requires_second_factor
from .queries import has_second_factor

LOGGED_IN_AT = "toegang_logged_in_at"
SECOND_FACTOR = "toegang_second_factor"  # ASK (a code, the app is set up) | SET_UP (must set one up) | "" (neither)
ASK, SET_UP = "vragen", "instellen"
# what someone between password and second factor may still open
BEFORE_SECOND_FACTOR = ("/inloggen/", "/tweestapsverificatie/", "/uitloggen/", "/i18n/", "/static/", "/healthz",
                        "/readyz", "/metrics")
SEEN_AT = "toegang_seen_at"
TOUCH_EVERY = 60  # seconds: the session is written at most once a minute for its idle clock


@receiver(user_logged_in, dispatch_uid="toegang-session-clocks")
def on_login(sender, request, user, **kwargs) -> None:
    """Logging in starts both clocks (connected when the middleware loads; a session without them starts them on
    its next request) and decides the second factor: none asked after a login through the municipality's identity
    provider that asserted its own, when Toegang trusts that (TOEGANG_OIDC_TRUST_MFA; accounts.oidc.mfa_asserted)."""
    now = time.time()
    request.session[LOGGED_IN_AT] = now
    request.session[SEEN_AT] = now
    idp_login = getattr(request, IDP_LOGIN, None)
    request.session[SECOND_FACTOR] = "" if idp_login is not None and idp_login.mfa else second_factor_of(user)


def second_factor_of(user) -> str:
    """What logging in asks of this staff member after the password (two queries at most, once per login)."""
    if has_second_factor(user):
        return ASK
    return SET_UP if requires_second_factor(actor_for_user(user)) else ""


def _expired(session, now: float) -> str:
    """Why the session has ended ('' while it is valid)."""
    logged_in, seen = session.get(LOGGED_IN_AT), session.get(SEEN_AT)
    if logged_in is None or seen is None:  # a session from before these clocks: they start now
        return ""
    if now - logged_in > settings.SESSION_ABSOLUTE_SECONDS:
        hours = round(settings.SESSION_ABSOLUTE_SECONDS / 3600)
        return ngettext("U bent automatisch uitgelogd: u was %(hours)s uur ingelogd. Log opnieuw in.",
                        "U bent automatisch uitgelogd: u was %(hours)s uur ingelogd. Log opnieuw in.", hours) % {
            "hours": hours}
    if now - seen > settings.SESSION_IDLE_SECONDS:
        minutes = round(settings.SESSION_IDLE_SECONDS / 60)
        return ngettext("U bent automatisch uitgelogd na %(minutes)s minuut zonder activiteit. Log opnieuw in.",
                        "U bent automatisch uitgelogd na %(minutes)s minuten zonder activiteit. Log opnieuw in.",
                        minutes) % {"minutes": minutes}
    return ""


class SessionTimeouts:
    """After AuthenticationMiddleware and MessageMiddleware (settings MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            why = _expired(session, now)
            if why:
                logout(request)  # the session is flushed: a new, empty one carries the message
                if not request.path.startswith("/api/"):
                    messages.info(request, why)
                login = f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"
                if getattr(request, "htmx", False) or request.headers.get("HX-Request"):
                    return HttpResponse(status=204, headers={"HX-Redirect": login})
            else:
                if session.get(LOGGED_IN_AT) is None:
                    session[LOGGED_IN_AT] = now
                if session.get(SEEN_AT) is None or now - session[SEEN_AT] >= TOUCH_EVERY:
                    session[SEEN_AT] = now
        return self.get_response(request)


class SecondFactor:
    """After OTPMiddleware (settings MIDDLEWARE): request.user.is_verified() says the code was given."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(BEFORE_SECOND_FACTOR):
            if SECOND_FACTOR not in request.session:  # a session from before: decided once
                request.session[SECOND_FACTOR] = second_factor_of(user)
            step = request.session[SECOND_FACTOR]
            if step and not user.is_verified():
                target = reverse("accounts:second-factor" if step == ASK else "accounts:set-up-second-factor")
                target = f"{target}?{urlencode({'next': request.get_full_path()})}"
                if request.path.startswith("/api/"):  # api/middleware.py answers it as problem+json
                    return HttpResponse(status=401)
                if request.headers.get("HX-Request"):
                    return HttpResponse(status=204, headers={"HX-Redirect": target})
                return redirect(target)
        return self.get_response(request)


def locked_out(request, credentials, *args, **kwargs):
    """AXES_LOCKOUT_CALLABLE: the login page with its username kept and why it refuses, status 429."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    form = AuthenticationForm(request, data={"username": request.POST.get("username", "")})
    form.errors.clear()
    form.add_error(None, gettext("Te veel mislukte pogingen om met deze gebruikersnaam in te loggen. Probeer het over "
                                 "%(minutes)s minuten opnieuw, of vraag functioneel beheer om hulp.") % {
        "minutes": minutes})
    return render(request, "registration/login.html", {"form": form, "next": request.POST.get("next", ""),
                                                        **login_options()}, status=429)
