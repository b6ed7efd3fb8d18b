"""Staff accounts: creating staff, granting roles per gemeente, team memberships. Audited like everything else."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.core.actor import Actor
from toegang.core.errors import NotAllowed, ValidationFailed

from .models import Gemeente, Medewerker, Organisatie, Role, RoleAssignment, Team, TeamMembership
from .permissions import can_manage_config


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


def check_grant_role(*, actor: Actor, medewerker: Medewerker, gemeente: Gemeente, role: Role) -> RoleAssignment:
    """A role is granted per gemeente; the role must come from the gemeente's own profile."""
    _require_config(actor, gemeente.pk)
    if role.profile_id != gemeente.profile_id:
        raise ValidationFailed(gettext("Deze rol hoort niet bij het profiel van de gemeente."))
    existing = RoleAssignment.objects.filter(medewerker=medewerker, gemeente=gemeente, role=role).first()
    if existing:
        return existing
    with transaction.atomic():
        assignment = RoleAssignment.objects.create(medewerker=medewerker, gemeente=gemeente, role=role)
        log_change(actor=actor, event="medewerker.rol_toegekend", obj=medewerker, gemeente_id=gemeente.pk,
                   new={"rol": role.code, "gemeente": gemeente.cbs_code})
    return assignment


def check_revoke_role(*, actor: Actor, assignment: RoleAssignment) -> None:
    _require_config(actor, assignment.gemeente_id)
    with transaction.atomic():
        log_change(actor=actor, event="medewerker.rol_ingetrokken", obj=assignment.medewerker,
                   gemeente_id=assignment.gemeente_id, old={"rol": assignment.role.code})
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
