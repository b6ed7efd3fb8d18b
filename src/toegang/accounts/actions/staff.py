"""Staff administration (issue 13, item 3; docs/security.md "Staff administration"): creating a staff member,
changing their details, deactivating and reactivating the account, granting and revoking roles per gemeente, team
memberships. Each change is one change-log row in the same transaction.

Who may: accounts.permissions.administration_refusal (whom) and can_grant_role (which role, from the profile's
`kan_toekennen`); the SYSTEM (the command line) may do anything. The checks are here, not only in the pages and the
API, so every way in obeys them.
"""

from __future__ import annotations

import re
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.core.versioning import bump, require_version

from ..models import ApiToken, Gemeente, Medewerker, Organisatie, Role, RoleAssignment, Team, TeamMembership
from ..permissions import (
    administered_gemeenten,
    administration_refusal,
    can_grant_role,
    can_manage_config,
    grantable_roles,
)
from ..queries import organisations_in

USERNAME = re.compile(r"^[A-Za-z0-9.@+_-]+\Z")  # Django's ASCII username rule: what every login form accepts
USERNAME_MAX = Medewerker._meta.get_field("username").max_length
NAME_MAX = Medewerker._meta.get_field("first_name").max_length
FUNCTION_MAX = Medewerker._meta.get_field("function_title").max_length
REASON_MAX = 300
# Session engines whose sessions live in the database table, where a staff member's sessions can be found.
DATABASE_SESSIONS = {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}


def _require_administration(actor: Actor, medewerker: Medewerker, grants=None) -> None:
    if why := administration_refusal(actor, medewerker, grants=grants):
        raise NotAllowed(why)


def _split_name(full_name: str) -> tuple[str, str]:
    """"Anne Marie de Vries" → ("Anne", "Marie de Vries"): shown together again as the full name."""
    first, _, last = " ".join(full_name.split()).partition(" ")
    return first, last


def _details_errors(*, full_name: str, email: str, function_title: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    first, last = _split_name(full_name)
    if not first:
        errors["full_name"] = [gettext("Vul de naam in, zoals collega's de medewerker kennen.")]
    elif len(first) > NAME_MAX or len(last) > NAME_MAX:
        errors["full_name"] = [gettext("De naam is te lang.")]
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            errors["email"] = [gettext("Dit is geen geldig e-mailadres.")]
    if len(function_title) > FUNCTION_MAX:
        errors["function_title"] = [gettext("De functie is te lang (hoogstens %(max)s tekens).") % {
            "max": FUNCTION_MAX}]
    return errors


def _organisation_error(actor: Actor, organisatie: Organisatie | None) -> list[str]:
    """Functional administration places a staff member in an organisation of its own gemeenten; the SYSTEM may
    leave it empty."""
    if actor.is_system:
        return []
    if organisatie is None:
        return [gettext("Kies de organisatie waarvoor de medewerker werkt.")]
    if not organisations_in(administered_gemeenten(actor)).filter(pk=organisatie.pk).exists():
        return [gettext("Deze organisatie werkt niet in een gemeente waar u functioneel beheerder bent.")]
    return []


def _reason(reason: str, example: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        message = gettext("Geef de reden, bijvoorbeeld: %(example)s.") % {"example": example}
        raise ValidationFailed(message, field_errors={"reason": [message]})
    return reason[:REASON_MAX]


def check_create_medewerker(
    *, actor: Actor, username: str, full_name: str, password: str | None, organisatie: Organisatie | None,
    function_title: str = "", email: str = "",
) -> Medewerker:
    """Create a staff account, without roles (those are granted next, per gemeente).

    Rules: functional administration (config.manage somewhere) or the SYSTEM; the organisation is one working in a
    gemeente the actor administers (the SYSTEM may leave it empty); the login name is new (whatever its capitals)
    and made of letters, digits and . @ + - _; a name; a valid e-mail address if given. A password only for who logs
    in with one of Toegang's: it passes Django's validators (AUTH_PASSWORD_VALIDATORS, BIO 9.4.3); without one the
    password is unusable (logging in through the municipality's identity provider). Event medewerker.aangemaakt
    (never the password)."""
    if not can_manage_config(actor):
        raise NotAllowed(gettext("Alleen functioneel beheer mag medewerkers aanmaken."))
    username, full_name = (username or "").strip(), " ".join((full_name or "").split())
    email, function_title = (email or "").strip(), (function_title or "").strip()
    errors = _details_errors(full_name=full_name, email=email, function_title=function_title)
    if not username:
        errors["username"] = [gettext("Vul de gebruikersnaam in waarmee de medewerker inlogt.")]
    elif len(username) > USERNAME_MAX or not USERNAME.match(username):
        errors["username"] = [gettext("Gebruik alleen letters, cijfers en . @ + - _ (hoogstens %(max)s tekens).")
                              % {"max": USERNAME_MAX}]
    elif Medewerker.objects.filter(username__iexact=username).exists():
        errors["username"] = [gettext("Deze gebruikersnaam bestaat al.")]
    if organisation_errors := _organisation_error(actor, organisatie):
        errors["organisatie"] = organisation_errors
    first, last = _split_name(full_name)
    user = Medewerker(username=username, first_name=first, last_name=last, organisatie=organisatie,
                      function_title=function_title, email=email)
    if password and "password" not in errors:
        # Django's validators of AUTH_PASSWORD_VALIDATORS (settings/base.py; BIO 9.4.3): not like the username or
        # name, long enough, not common, not only digits. Their messages come in the page's language.
        try:
            validate_password(password, user)
        except DjangoValidationError as refused:
            errors["password"] = list(refused.messages)
    if errors:
        message = (gettext("Dit wachtwoord is niet sterk genoeg.") if list(errors) == ["password"]
                   else gettext("De medewerker is niet aangemaakt."))
        raise ValidationFailed(message, field_errors=errors)
    with transaction.atomic():
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        log_change(actor=actor, event="medewerker.aangemaakt", obj=user,
                   new={"gebruikersnaam": username, "naam": full_name, "email": email, "functie": function_title,
                        "organisatie": organisatie.pk if organisatie else None,
                        "wachtwoord": "ingesteld" if password else "geen"})
    return user


def check_update_medewerker(
    *, actor: Actor, medewerker: Medewerker, expected_version: int | None, full_name: str, email: str,
    function_title: str, organisatie: Organisatie | None,
) -> Medewerker:
    """Change a staff member's name, e-mail address, function and organisation (not the login name: the audit
    trail knows them by it). Rules: the actor administers them (administration_refusal); the details as when
    creating; the form was read at the current version (else Conflict, nothing overwritten). Nothing changed: no
    row. Event medewerker.gewijzigd with the old and new value of each changed field."""
    _require_administration(actor, medewerker)
    full_name, email, function_title = " ".join((full_name or "").split()), (email or "").strip(), \
        (function_title or "").strip()
    errors = _details_errors(full_name=full_name, email=email, function_title=function_title)
    if organisatie != medewerker.organisatie and (organisation_errors := _organisation_error(actor, organisatie)):
        errors["organisatie"] = organisation_errors
    if errors:
        raise ValidationFailed(gettext("De gegevens zijn niet opgeslagen."), field_errors=errors)
    require_version(medewerker, expected_version)
    first, last = _split_name(full_name)
    wanted = {"first_name": first, "last_name": last, "email": email, "function_title": function_title,
              "organisatie": organisatie}
    changed = {field: value for field, value in wanted.items() if getattr(medewerker, field) != value}
    if not changed:
        return medewerker
    labels = {"first_name": "voornaam", "last_name": "achternaam", "email": "email", "function_title": "functie",
              "organisatie": "organisatie"}

    def shown(value):
        return value.pk if isinstance(value, Organisatie) else value

    old = {labels[field]: shown(getattr(medewerker, field)) for field in changed}
    with transaction.atomic():
        bump(medewerker, expected_version, **changed)
        log_change(actor=actor, event="medewerker.gewijzigd", obj=medewerker, old=old,
                   new={labels[field]: shown(value) for field, value in changed.items()})
    return medewerker


def end_sessions_of(medewerker_id: int) -> int:
    """Delete the staff member's sessions from the session store, so no browser holds one to come back with.

    Not what stops them: Django's ModelBackend.get_user answers no user for an inactive account, so the very next
    request with an old session is anonymous (tests/test_staff_administration.py). This cleans up after. The session
    table has no column for its user, so the unexpired sessions are read and decoded one by one: a few tens of
    microseconds each, well under a second for the sessions of a municipality. Only for the database-backed engines
    (settings SESSION_ENGINE); with another engine the sessions simply expire. Returns how many were deleted."""
    if settings.SESSION_ENGINE not in DATABASE_SESSIONS:
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    theirs = [session.session_key for session in Session.objects.filter(expire_date__gt=clock.now()).iterator()
              if session.get_decoded().get(SESSION_KEY) == str(medewerker_id)]
    for key in theirs:
        store(session_key=key).delete()
    return len(theirs)


def check_deactivate_medewerker(*, actor: Actor, medewerker: Medewerker, expected_version: int | None,
                                reason: str) -> Medewerker:
    """End an account at once (someone leaves, changes jobs, or the account is misused): it can no longer log in,
    every session of it stops working at its next request, and each of its API keys still in force is revoked (so
    reactivating never brings an old key back). Roles and teams are kept, for the record and for reactivation.

    Rules: the actor administers the staff member (administration_refusal: never oneself); a reason; the account is
    active and the form read at its current version (else Conflict). Event medewerker.gedeactiveerd with the reason
    and the revoked keys; the sessions are removed from the store after the commit (end_sessions_of)."""
    _require_administration(actor, medewerker)
    reason = _reason(reason, gettext("uit dienst"))
    require_version(medewerker, expected_version)
    if not medewerker.is_active:
        raise Conflict(gettext("Dit account is al gedeactiveerd."))
    with transaction.atomic():
        bump(medewerker, expected_version, is_active=False)
        now = clock.now()
        in_force = ApiToken.objects.filter(medewerker=medewerker, revoked_at__isnull=True, expires_at__gt=now)
        revoked = sorted(in_force.values_list("pk", flat=True))
        in_force.update(revoked_at=now, revoked_by_id=actor.user_id)
        log_change(actor=actor, event="medewerker.gedeactiveerd", obj=medewerker, old={"actief": True},
                   new={"actief": False, "reden": reason, "sleutelsIngetrokken": revoked})
        user_id = medewerker.pk
        transaction.on_commit(lambda: end_sessions_of(user_id))
    return medewerker


def check_reactivate_medewerker(*, actor: Actor, medewerker: Medewerker, expected_version: int | None,
                                reason: str) -> Medewerker:
    """Let a deactivated account log in again, with the roles and teams it had (its API keys stay revoked; its
    second factor stays as it was). Rules as for deactivating; since the actor must be able to grant every role the
    account holds, in its gemeente, nobody gives back access they could not have given. Event medewerker.geactiveerd
    with the reason."""
    _require_administration(actor, medewerker)
    reason = _reason(reason, gettext("terug in dienst"))
    require_version(medewerker, expected_version)
    if medewerker.is_active:
        raise Conflict(gettext("Dit account is al actief."))
    with transaction.atomic():
        bump(medewerker, expected_version, is_active=True)
        log_change(actor=actor, event="medewerker.geactiveerd", obj=medewerker, old={"actief": False},
                   new={"actief": True, "reden": reason})
    return medewerker


def _may_change_roles_or_teams(actor: Actor, medewerker: Medewerker, gemeente_id: int, grants=None) -> None:
    if actor.is_system:
        return
    if actor.user_id == medewerker.pk:
        raise NotAllowed(gettext("U kunt uw eigen rollen en teams niet wijzigen: dat doet een andere functioneel "
                                 "beheerder, of de opdrachtregel."))
    if not can_manage_config(actor, gemeente_id):
        raise NotAllowed(gettext("U bent geen functioneel beheerder in deze gemeente."))
    _require_administration(actor, medewerker, grants)


def check_grant_role(*, actor: Actor, medewerker: Medewerker, gemeente: Gemeente, role: Role,
                     source: str = RoleAssignment.Source.BY_HAND) -> RoleAssignment:
    """Grant a role in one gemeente (the role comes from that gemeente's profile). Rules: the SYSTEM may grant any
    role; anyone else not to themselves, only with config.manage in the gemeente, only to a staff member they
    administer (administration_refusal), and only a role that a role of theirs there may grant (the profile's
    `kan_toekennen`: can_grant_role). Granting a role the staff member holds changes nothing. Event
    medewerker.rol_toegekend."""
    grants = None if actor.is_system else grantable_roles(actor)
    _may_change_roles_or_teams(actor, medewerker, gemeente.pk, grants)
    if role.profile_id != gemeente.profile_id:
        message = gettext("Deze rol hoort niet bij het profiel van de gemeente.")
        raise ValidationFailed(message, field_errors={"role": [message]})
    if not can_grant_role(actor, gemeente, role, grants):
        raise NotAllowed(gettext("U mag de rol ‘%(role)s’ in %(gemeente)s niet toekennen.") % {
            "role": role.name, "gemeente": gemeente.name})
    # `source`: by hand, or following the staff member's groups at the identity provider (issue 13 item 1). A role
    # the IdP granted that is then granted by hand becomes a role by hand: the IdP no longer takes it away.
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


def check_revoke_role(*, actor: Actor, assignment: RoleAssignment) -> bool:
    """Take a role away in its gemeente. Rules as for granting it (the actor may grant that role there and
    administers the staff member; never their own roles). Revoking what is gone already changes nothing (False).
    Event medewerker.rol_ingetrokken."""
    _may_change_roles_or_teams(actor, assignment.medewerker, assignment.gemeente_id)
    with transaction.atomic():
        deleted, _ = RoleAssignment.objects.filter(pk=assignment.pk).delete()
        if deleted:
            log_change(actor=actor, event="medewerker.rol_ingetrokken", obj=assignment.medewerker,
                       gemeente_id=assignment.gemeente_id,
                       old={"rol": assignment.role.code, "gemeente": assignment.gemeente.cbs_code,
                            **({"bron": assignment.source} if assignment.source != RoleAssignment.Source.BY_HAND
                               else {})})
    return bool(deleted)


def check_add_team_member(*, actor: Actor, medewerker: Medewerker, team: Team) -> TeamMembership:
    """Put a staff member in a team (who is in a team sees the households of its wijken where their role says so:
    persons.view_team). Rules: the SYSTEM; or config.manage in the team's gemeente, for a staff member the actor
    administers, never oneself. Already a member: nothing changes. Event medewerker.team_toegevoegd."""
    _may_change_roles_or_teams(actor, medewerker, team.gemeente_id)
    existing = TeamMembership.objects.filter(medewerker=medewerker, team=team).first()
    if existing:
        return existing
    with transaction.atomic():
        membership = TeamMembership.objects.create(medewerker=medewerker, team=team)
        log_change(actor=actor, event="medewerker.team_toegevoegd", obj=medewerker, gemeente_id=team.gemeente_id,
                   new={"team": team.code})
    return membership


def check_remove_team_member(*, actor: Actor, membership: TeamMembership) -> bool:
    """Take a staff member out of a team. Rules as for adding. Gone already: nothing changes (False). Event
    medewerker.team_verwijderd."""
    _may_change_roles_or_teams(actor, membership.medewerker, membership.team.gemeente_id)
    with transaction.atomic():
        deleted, _ = TeamMembership.objects.filter(pk=membership.pk).delete()
        if deleted:
            log_change(actor=actor, event="medewerker.team_verwijderd", obj=membership.medewerker,
                       gemeente_id=membership.team.gemeente_id, old={"team": membership.team.code})
    return bool(deleted)
