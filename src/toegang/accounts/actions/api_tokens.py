"""API keys (API-sleutels, issue 13 item 4): made, revoked, their use noted. Audited like everything else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.dates import fmt
from toegang.core.errors import NotAllowed, NotFound, ValidationFailed

from .. import tokens
from ..models import ApiToken, Medewerker
from ..permissions import can_manage_api_tokens_of

NAME_MAX = ApiToken._meta.get_field("name").max_length


@dataclass(frozen=True)
class NewApiToken:
    """A key just made: the row, and the key itself, which exists only here (shown once, never stored)."""

    token: ApiToken
    key: str


def default_api_token_expiry() -> dt.date:
    """The last day a new key works unless its maker chooses another (setting TOEGANG_API_TOKEN_DAYS)."""
    return clock.today() + dt.timedelta(days=settings.TOEGANG_API_TOKEN_DAYS)


def _end_of(day: dt.date) -> dt.datetime:
    """The moment a key valid through `day` expires: the start of the next day, local time."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def check_create_api_token(*, actor: Actor, medewerker: Medewerker, name: str,
                           expires_on: dt.date | None = None) -> NewApiToken:
    """Make an API key for `medewerker`, valid through `expires_on` (default: TOEGANG_API_TOKEN_DAYS from today).

    Rules: the staff member makes their own keys; functional administration (config.manage) makes them for staff
    with a role in its gemeente; the SYSTEM (command line) for anyone. A key cannot make another key (a request that
    came with one is refused): a leaked key must not outlive its own expiry or revocation through keys it made. The
    staff member is active. A name is given. The last day lies from today up to TOEGANG_API_TOKEN_MAX_DAYS ahead.
    Event medewerker.token_aangemaakt (name, prefix and expiry; never the key or its digest)."""
    if not can_manage_api_tokens_of(actor, medewerker.pk):
        raise NotAllowed(gettext("U mag geen API-sleutels maken voor deze medewerker."))
    if actor.api_token_id is not None:
        raise NotAllowed(gettext("Met een API-sleutel kunt u geen nieuwe API-sleutel maken. Log in op Toegang en maak "
                                 "hem op de pagina API-sleutels."))
    if not medewerker.is_active:
        raise ValidationFailed(gettext("Dit account is niet actief: het kan geen API-sleutel krijgen."))
    today = clock.today()
    expires_on = expires_on or default_api_token_expiry()
    latest = today + dt.timedelta(days=settings.TOEGANG_API_TOKEN_MAX_DAYS)
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [gettext("Geef de sleutel een naam, bijvoorbeeld de koppeling waarvoor hij is.")]
    elif len(name) > NAME_MAX:
        errors["name"] = [gettext("De naam is te lang (hoogstens %(max)s tekens).") % {"max": NAME_MAX}]
    if expires_on < today:
        errors["expires_on"] = [gettext("De sleutel kan niet geldig zijn tot %(day)s: die datum is voorbij.")
                                % {"day": fmt(expires_on)}]
    elif expires_on > latest:
        errors["expires_on"] = [gettext("Een API-sleutel is hoogstens %(days)s dagen geldig: kies uiterlijk %(day)s.")
                                % {"days": settings.TOEGANG_API_TOKEN_MAX_DAYS, "day": fmt(latest)}]
    if errors:
        raise ValidationFailed(gettext("De API-sleutel is niet gemaakt."), field_errors=errors)
    for _attempt in range(5):  # a prefix is 32 random bits: a second draw is already rare
        prefix = tokens.new_prefix()
        key = tokens.new_key(prefix)
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(medewerker=medewerker, name=name, prefix=prefix,
                                                secret_hash=tokens.digest(key), created_at=clock.now(),
                                                created_by_id=actor.user_id, expires_at=_end_of(expires_on))
                log_change(actor=actor, event="medewerker.token_aangemaakt", obj=medewerker,
                           new={"sleutel": token.pk, "naam": name, "kenmerk": token.shown_prefix,
                                "geldigTotEnMet": expires_on})
            return NewApiToken(token=token, key=key)
        except IntegrityError:
            if not ApiToken.objects.filter(prefix=prefix).exists():
                raise
    raise RuntimeError("Geen vrij kenmerk voor een API-sleutel gevonden.")  # pragma: no cover - five draws taken


def check_revoke_api_token(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke an API key: it stops working at once. Rules as for making one (its staff member, or functional
    administration in a gemeente of theirs); with a key a program may revoke that key or another of its staff member,
    as a way out after a leak. Revoking a revoked key changes nothing. Event medewerker.token_ingetrokken."""
    if not can_manage_api_tokens_of(actor, token.medewerker_id):
        raise NotFound(gettext("API-sleutel niet gevonden."))  # missing and forbidden look the same
    with transaction.atomic():
        now = clock.now()
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now,
                                                                                       revoked_by_id=actor.user_id)
        if revoked:
            log_change(actor=actor, event="medewerker.token_ingetrokken", obj=token.medewerker,
                       old={"sleutel": token.pk, "naam": token.name, "kenmerk": token.shown_prefix})
    token.refresh_from_db(fields=["revoked_at", "revoked_by"])
    return token


def note_api_token_use(*, token: ApiToken) -> None:
    """Remember when a key was last used, at most once per TOEGANG_API_TOKEN_USE_INTERVAL seconds: a program that
    calls every second writes once a minute, not every second. No change-log event: each use is in the access and
    change log rows of its request (Actor.audit_label). One conditional UPDATE, so concurrent requests write once."""
    now = clock.now()
    stale_before = now - dt.timedelta(seconds=settings.TOEGANG_API_TOKEN_USE_INTERVAL)
    if token.last_used_at is not None and token.last_used_at > stale_before:
        return
    ApiToken.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale_before), pk=token.pk)\
        .update(last_used_at=now)
    token.last_used_at = now

