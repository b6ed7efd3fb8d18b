"""Staff accounts: creating staff, granting roles per gemeente, team memberships, API keys. Audited like everything
else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.dates import fmt
from toegang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed

from . import tokens
from .models import ApiToken, Gemeente, Medewerker, Organisatie, Role, RoleAssignment, Team, TeamMembership
from .permissions import can_manage_api_tokens_of, can_manage_config


def _require_config(actor: Actor, gemeente_id: int | None) -> None:
    if not (actor.is_system or (gemeente_id and can_manage_config(actor, gemeente_id))):
        raise NotAllowed(gettext("Alleen functioneel beheer mag medewerkers en rollen beheren."))


def check_create_medewerker(
    *, actor: Actor, username: str, full_name: str, password: str | None, organisatie: Organisatie | None,
    function_title: str = "", email: str = "",
) -> Medewerker:
    """Create a staff account. Functional administrators (any gemeente) or the system."""
    if not can_manage_config(actor):
        raise NotAllowed(gettext("Alleen functioneel beheer mag medewerkers aanmaken."))
    if Medewerker.objects.filter(username=username).exists():
        raise ValidationFailed(gettext("Deze gebruikersnaam bestaat al."),
                               field_errors={"username": [gettext("Bestaat al.")]})
    first, _, last = full_name.partition(" ")
    user = Medewerker(username=username, first_name=first, last_name=last, organisatie=organisatie,
                      function_title=function_title, email=email)
    if password:
        # Django's validators of AUTH_PASSWORD_VALIDATORS (settings/base.py; BIO 9.4.3): not like the username or
        # name, long enough, not common, not only digits. Their messages come in the page's language.
        try:
            validate_password(password, user)
        except DjangoValidationError as refused:
            raise ValidationFailed(gettext("Dit wachtwoord is niet sterk genoeg."),
                                   field_errors={"password": list(refused.messages)}) from refused
    with transaction.atomic():
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        log_change(actor=actor, event="medewerker.aangemaakt", obj=user,
                   new={"gebruikersnaam": username, "naam": full_name,
                        "organisatie": organisatie.pk if organisatie else None})
    return user


def check_grant_role(*, actor: Actor, medewerker: Medewerker, gemeente: Gemeente, role: Role,
                     source: str = RoleAssignment.Source.BY_HAND) -> RoleAssignment:
    """A role is granted per gemeente; the role must come from the gemeente's own profile. `source`: by hand
    (functional administration) or following the staff member's groups at the identity provider. A role the IdP
    granted that is then granted by hand becomes a role by hand: the IdP no longer takes it away. Event
    medewerker.rol_toegekend (with its source when that is the IdP)."""
    _require_config(actor, gemeente.pk)
    if role.profile_id != gemeente.profile_id:
        raise ValidationFailed(gettext("Deze rol hoort niet bij het profiel van de gemeente."))
    existing = RoleAssignment.objects.filter(medewerker=medewerker, gemeente=gemeente, role=role).first()
    if existing and (existing.source == source or source == RoleAssignment.Source.IDENTITY_PROVIDER):
        return existing
    new = {"rol": role.code, "gemeente": gemeente.cbs_code}
    if source != RoleAssignment.Source.BY_HAND:
        new["bron"] = source
    with transaction.atomic():
        if existing:
            RoleAssignment.objects.filter(pk=existing.pk).update(source=source)
            existing.source = source
            assignment = existing
        else:
            assignment = RoleAssignment.objects.create(medewerker=medewerker, gemeente=gemeente, role=role,
                                                       source=source)
        log_change(actor=actor, event="medewerker.rol_toegekend", obj=medewerker, gemeente_id=gemeente.pk, new=new)
    return assignment


def check_revoke_role(*, actor: Actor, assignment: RoleAssignment) -> None:
    _require_config(actor, assignment.gemeente_id)
    old = {"rol": assignment.role.code}
    if assignment.source != RoleAssignment.Source.BY_HAND:
        old["bron"] = assignment.source
    with transaction.atomic():
        log_change(actor=actor, event="medewerker.rol_ingetrokken", obj=assignment.medewerker,
                   gemeente_id=assignment.gemeente_id, old=old)
        assignment.delete()


def check_add_team_member(*, actor: Actor, medewerker: Medewerker, team: Team) -> TeamMembership:
    _require_config(actor, team.gemeente_id)
    existing = TeamMembership.objects.filter(medewerker=medewerker, team=team).first()
    if existing:
        return existing
    with transaction.atomic():
        membership = TeamMembership.objects.create(medewerker=medewerker, team=team)
        log_change(actor=actor, event="medewerker.team_toegevoegd", obj=medewerker, gemeente_id=team.gemeente_id,
                   new={"team": team.code})
    return membership


# --- logging in through the municipality's identity provider (issue 13, item 1; docs/security.md) -------------


@dataclass(frozen=True)
class IdpIdentity:
    """Who the identity provider says logged in: its `sub`, the username claim (TOEGANG_OIDC_USERNAME_CLAIM, used
    to find or make the account at the first login), name and e-mail."""

    subject: str
    username: str
    first_name: str
    last_name: str
    email: str


def _find_idp_account(identity: IdpIdentity) -> Medewerker | None:
    """By `sub`; at the first login by the username claim, for an account not yet tied to another `sub`."""
    user = Medewerker.objects.filter(oidc_subject=identity.subject).first()
    if user is not None or not identity.username:
        return user
    user = Medewerker.objects.filter(username__iexact=identity.username).first()
    if user is not None and user.oidc_subject:
        raise Conflict(gettext("Er is in Toegang al een ander account met deze gebruikersnaam, gekoppeld aan een "
                               "ander account bij de identiteitsprovider. Vraag functioneel beheer om hulp."))
    return user


def check_sign_in_from_identity_provider(*, actor: Actor, identity: IdpIdentity, grants: set[tuple[int, int]],
                                         may_create: bool) -> Medewerker:
    """Bring the staff member in line with what the identity provider says, at each login through it.

    Rules: an account is found by its `sub`, at the first login by the username claim (and then tied to the `sub`);
    none found is made only when `may_create` (the profile's `identiteit.accounts_aanmaken` for a group the staff
    member is in) and the username claim is there; a deactivated account changes nothing and is refused. Name and
    e-mail follow the IdP. The roles from the IdP are `grants` (gemeente id, role id), as the profile maps the
    groups (accounts.queries.identity_provider_grants): missing ones are granted, IdP-granted ones no longer mapped
    are revoked; roles granted by hand are never touched. `actor` is accounts.actors.IDENTITY_PROVIDER.
    Events: medewerker.aangemaakt, medewerker.idp_gekoppeld, medewerker.gegevens_bijgewerkt, medewerker.rol_toegekend
    and medewerker.rol_ingetrokken (with `bron: identiteitsprovider`), each only when something changed."""
    refused = gettext("Uw account in Toegang is uitgeschakeld. Vraag functioneel beheer van uw gemeente om hulp.")
    with transaction.atomic():
        user = _find_idp_account(identity)
        if user is not None and not user.is_active:
            raise NotAllowed(refused)
        if user is None:
            if not may_create:
                raise NotAllowed(gettext("Er is in Toegang geen account voor u, en uw groepen bij de "
                                         "identiteitsprovider geven Toegang geen opdracht om er een te maken. Vraag "
                                         "functioneel beheer van uw gemeente om een account."))
            if not identity.username:
                raise ValidationFailed(gettext("De identiteitsprovider gaf geen gebruikersnaam door; zonder "
                                               "gebruikersnaam maakt Toegang geen account. Vraag functioneel beheer "
                                               "om hulp."))
            user = check_create_medewerker(actor=actor, username=identity.username,
                                           full_name=f"{identity.first_name} {identity.last_name}".strip(),
                                           password=None, organisatie=None, email=identity.email)
        if user.oidc_subject != identity.subject:
            Medewerker.objects.filter(pk=user.pk).update(oidc_subject=identity.subject)
            user.oidc_subject = identity.subject
            log_change(actor=actor, event="medewerker.idp_gekoppeld", obj=user,
                       new={"gebruikersnaam": user.username, "kenmerk": identity.subject})
        _follow_identity_provider(actor, user, identity)
        _sync_identity_provider_roles(actor, user, grants)
    return user


def _follow_identity_provider(actor: Actor, user: Medewerker, identity: IdpIdentity) -> None:
    """Name and e-mail as the IdP holds them (a claim it does not send keeps what Toegang has)."""
    wanted = {"first_name": identity.first_name, "last_name": identity.last_name, "email": identity.email}
    changed = {field: value for field, value in wanted.items() if value and getattr(user, field) != value}
    if not changed:
        return
    labels = {"first_name": "voornaam", "last_name": "achternaam", "email": "e-mail"}
    old = {labels[field]: getattr(user, field) for field in changed}
    Medewerker.objects.filter(pk=user.pk).update(**changed)
    for field, value in changed.items():
        setattr(user, field, value)
    log_change(actor=actor, event="medewerker.gegevens_bijgewerkt", obj=user, old=old,
               new={labels[field]: value for field, value in changed.items()})


def _sync_identity_provider_roles(actor: Actor, user: Medewerker, grants: set[tuple[int, int]]) -> None:
    held = {(a.gemeente_id, a.role_id): a for a in RoleAssignment.objects.filter(medewerker=user)
            .select_related("role", "gemeente")}
    for key, assignment in held.items():
        if assignment.source == RoleAssignment.Source.IDENTITY_PROVIDER and key not in grants:
            check_revoke_role(actor=actor, assignment=assignment)
    missing = grants - set(held)
    gemeenten = Gemeente.objects.in_bulk({g for g, _ in missing})
    roles = Role.objects.in_bulk({r for _, r in missing})
    for gemeente_id, role_id in sorted(missing):
        check_grant_role(actor=actor, medewerker=user, gemeente=gemeenten[gemeente_id], role=roles[role_id],
                         source=RoleAssignment.Source.IDENTITY_PROVIDER)


# --- API keys (issue 13, item 4) ------------------------------------------------------------------------------

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


# --- the second factor (issue 13, item 2; docs/security.md "Two factors") ---------------------------------------

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
    """A lost or new phone: functional administration (in a gemeente where the staff member has a role) or the
    system removes the authenticator app; at the next login the staff member sets up a new one. Event
    medewerker.tweede_factor_hersteld with the reason."""
    gemeenten = set(RoleAssignment.objects.filter(medewerker=medewerker).values_list("gemeente_id", flat=True))
    if not (actor.is_system or any(can_manage_config(actor, g) for g in gemeenten)):
        raise NotAllowed(gettext("Alleen functioneel beheer herstelt de tweestapsverificatie van een medewerker."))
    if not reason.strip():
        message = gettext("Geef de reden (bijvoorbeeld: telefoon kwijt).")
        raise ValidationFailed(message, field_errors={"reason": [message]})
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=medewerker).delete()
        log_change(actor=actor, event="medewerker.tweede_factor_hersteld", obj=medewerker,
                   new={"reden": reason.strip()[:300], "verwijderd": removed})
    return removed
