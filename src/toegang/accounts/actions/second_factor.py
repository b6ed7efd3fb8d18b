"""The second factor (issue 13, item 2; docs/security.md "Two factors"): the staff member's own authenticator app,
set up and checked; reset by functional administration. Audited like everything else."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed

from ..models import Medewerker
from ..permissions import administration_refusal


def _wait_message(device: TOTPDevice) -> str:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return ""
    until = (data or {}).get("locked_until")
    seconds = max(1, int((until - clock.now()).total_seconds()) + 1) if until else 1
    return ngettext("Te veel onjuiste codes achter elkaar. Wacht %(seconds)s seconde en probeer het opnieuw.",
                    "Te veel onjuiste codes achter elkaar. Wacht %(seconds)s seconden en probeer het opnieuw.",
                    seconds) % {"seconds": seconds}


def _check_code(device: TOTPDevice, code: str) -> None:
    """The six digits of the authenticator app, once (a code used once cannot be used again); django-otp waits
    1, 2, 4 ... seconds after each wrong one (OTP_TOTP_THROTTLE_FACTOR)."""
    refused = gettext("De code is niet geaccepteerd.")
    if wait := _wait_message(device):
        raise ValidationFailed(refused, field_errors={"code": [wait]})
    code = code.replace(" ", "").strip()
    if not (code.isdigit() and len(code) == device.digits):
        raise ValidationFailed(refused, field_errors={"code": [gettext("Vul de zes cijfers uit de authenticator-app "
                                                                        "in.")]})
    if not device.verify_token(code):
        raise ValidationFailed(refused, field_errors={"code": [gettext("Deze code klopt niet of is verlopen. Vul de "
                                                                        "code in die de app nu toont.")]})


def check_prepare_second_factor(*, actor: Actor, medewerker: Medewerker) -> TOTPDevice:
    """The staff member's own authenticator app, not yet confirmed: its secret for the QR code. Asking again gives
    the same one until it is confirmed. Event medewerker.tweede_factor_voorbereid (never the secret)."""
    if actor.user_id != medewerker.pk:
        raise NotAllowed(gettext("Alleen de medewerker zelf stelt de tweestapsverificatie in."))
    if TOTPDevice.objects.filter(user=medewerker, confirmed=True).exists():
        raise Conflict(gettext("De tweestapsverificatie is al ingesteld."))
    device = TOTPDevice.objects.filter(user=medewerker, confirmed=False).order_by("pk").first()
    if device is None:
        with transaction.atomic():
            device = TOTPDevice.objects.create(user=medewerker, name="Authenticator-app", confirmed=False)
            log_change(actor=actor, event="medewerker.tweede_factor_voorbereid", obj=medewerker,
                       new={"apparaat": device.pk})
    return device


def check_confirm_second_factor(*, actor: Actor, medewerker: Medewerker, code: str) -> TOTPDevice:
    """The first code the app shows confirms it: from now on logging in asks for one. Event
    medewerker.tweede_factor_ingesteld."""
    device = check_prepare_second_factor(actor=actor, medewerker=medewerker)
    _check_code(device, code)
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        TOTPDevice.objects.filter(user=medewerker, confirmed=False).delete()
        log_change(actor=actor, event="medewerker.tweede_factor_ingesteld", obj=medewerker,
                   new={"apparaat": device.pk})
    device.confirmed = True
    return device


def check_second_factor(*, medewerker: Medewerker, code: str) -> TOTPDevice:
    """The code asked after the password. Not a change of what Toegang holds (django-otp keeps the last code used
    and the wait after wrong ones on the device), so no change-log row; a wrong code is a field error."""
    device = TOTPDevice.objects.filter(user=medewerker, confirmed=True).order_by("pk").first()
    if device is None:
        raise Conflict(gettext("Er is geen tweestapsverificatie ingesteld."))
    _check_code(device, code)
    return device


def check_reset_second_factor(*, actor: Actor, medewerker: Medewerker, reason: str) -> int:
    """A lost or new phone: functional administration that administers this staff member (accounts.permissions.
    administration_refusal: a gemeente of theirs, every role they hold one the actor may grant, never oneself) or the
    system removes the authenticator app; at the next login the staff member sets up a new one. Event
    medewerker.tweede_factor_hersteld with the reason."""
    if why := administration_refusal(actor, medewerker):
        raise NotAllowed(why)
    if not reason.strip():
        message = gettext("Geef de reden (bijvoorbeeld: telefoon kwijt).")
        raise ValidationFailed(message, field_errors={"reason": [message]})
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=medewerker).delete()
        log_change(actor=actor, event="medewerker.tweede_factor_hersteld", obj=medewerker,
                   new={"reden": reason.strip()[:300], "verwijderd": removed})
    return removed
