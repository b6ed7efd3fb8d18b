"""Logging in through the municipality's identity provider (issue 13, item 1; docs/security.md): the staff member
brought in line with what the IdP says at each login — account, name, e-mail, the roles its groups give."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed

from ..models import Gemeente, Medewerker, Role, RoleAssignment
from .staff import check_create_medewerker, check_grant_role, check_revoke_role


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
