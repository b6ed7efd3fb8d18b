"""Who may manage configuration: staff accounts, roles, profiles (functional administration, config.manage); who may
administer which staff member and grant which role (issue 13, item 3); whose API keys someone may make and revoke;
who must log in with a second factor."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext

from toegang.core.actor import Actor

from .capabilities import CONFIG_MANAGE, FINANCE_VIEW
from .models import Gemeente, Medewerker, Role
from .queries import gemeenten_of, grants_of, role_assignments_of, staff_gemeenten

# What a role may hold and still see no personal data: budgets and commitments, not who they are for.
WITHOUT_PERSONAL_DATA = frozenset({FINANCE_VIEW})


def can_manage_config(actor: Actor, gemeente_id: int | None = None) -> bool:
    """In this gemeente, or (None) in any; the SYSTEM (command line) always."""
    if actor.is_system:
        return True
    return actor.can_anywhere(CONFIG_MANAGE) if gemeente_id is None else actor.can(CONFIG_MANAGE, gemeente_id)


def administered_gemeenten(actor: Actor) -> list[int]:
    """The gemeenten where the actor is functional administrator (config.manage)."""
    return actor.gemeenten_with(CONFIG_MANAGE)


def grantable_roles(actor: Actor) -> dict[int, frozenset[str]]:
    """Per gemeente, the role codes the actor may grant and revoke there: they hold config.manage in that gemeente
    and a role there whose `kan_toekennen` (profile data) names the code. Not for the SYSTEM, which may grant any
    role (can_grant_role). One query."""
    administered = administered_gemeenten(actor)
    return grants_of({gemeente_id: actor.roles.get(gemeente_id, ()) for gemeente_id in administered})


def can_grant_role(actor: Actor, gemeente: Gemeente, role: Role, grants: dict[int, frozenset[str]] | None = None
                   ) -> bool:
    """Whether the actor may grant (or revoke) `role` in `gemeente`: the SYSTEM (command line) always; anyone else
    with config.manage there and a role there that may grant it (`grants`: grantable_roles(actor), when known)."""
    if actor.is_system:
        return True
    if not can_manage_config(actor, gemeente.pk):
        return False
    grants = grantable_roles(actor) if grants is None else grants
    return role.code in grants.get(gemeente.pk, frozenset())


def administration_refusal(actor: Actor, medewerker: Medewerker, *,
                           grants: dict[int, frozenset[str]] | None = None) -> str:
    """Why the actor may not administer this staff member (their details, active or not, roles, teams, second
    factor), or "" when they may. The SYSTEM (command line) may always. Anyone else:

    - never their own account (nobody changes their own roles or deactivates themselves);
    - never a Django staff account of the technical admin (/beheer/): the command line keeps those;
    - only with config.manage in a gemeente where the staff member works (accounts.queries.staff_gemeenten), or for
      an account that works nowhere yet;
    - only if every role the staff member holds is one the actor may grant in its gemeente. So nobody acts on an
      account with more (or other) powers than they may hand out: a functional administrator cannot deactivate the
      privacy officer (AVG art. 38 lid 3: the FG receives no instructions and is not penalised for their work) or
      another functional administrator, unless the profile lets their role grant those roles.

    Five queries at most (fewer when `grants` is given)."""
    if actor.is_system:
        return ""
    if actor.user_id == medewerker.pk:
        return gettext("U kunt uw eigen account niet beheren: dat doet een andere functioneel beheerder, of de "
                       "opdrachtregel.")
    if medewerker.is_staff or medewerker.is_superuser:
        return gettext("Dit is een account van de technische beheeromgeving; dat wordt alleen op de opdrachtregel "
                       "beheerd.")
    administered = set(administered_gemeenten(actor))
    if not administered:
        return gettext("Alleen functioneel beheer beheert medewerkers.")
    works_in = staff_gemeenten(medewerker)
    if works_in and not works_in & administered:
        return gettext("Deze medewerker werkt niet in een gemeente waar u functioneel beheerder bent.")
    grants = grantable_roles(actor) if grants is None else grants
    for assignment in role_assignments_of(medewerker.pk):
        if assignment.role.code not in grants.get(assignment.gemeente_id, frozenset()):
            return gettext("Deze medewerker heeft de rol ‘%(role)s’ in %(gemeente)s, en die rol mag u niet toekennen. "
                           "Alleen wie die rol mag toekennen beheert dit account, of de opdrachtregel.") % {
                "role": assignment.role.name, "gemeente": assignment.gemeente.name}
    return ""


def can_manage_api_tokens_of(actor: Actor, medewerker_id: int) -> bool:
    """API keys of a staff member are made, seen one by one and revoked by that staff member, or by functional
    administration (config.manage) in a gemeente where the staff member holds a role (issue 13, item 4); the SYSTEM
    always. Only for functional administration does it ask the database (the staff member's gemeenten)."""
    if actor.is_system or actor.user_id == medewerker_id:
        return True
    if not can_manage_config(actor):
        return False
    return any(can_manage_config(actor, gemeente_id) for gemeente_id in gemeenten_of(medewerker_id))


def requires_second_factor(actor: Actor | None) -> bool:
    """Whether this staff member must log in with a second factor (issue 13, item 2; BIO 9.4.2, NEN 7510-2
    9.4.2: two-factor authentication for access to personal health data): with TOEGANG_TWO_FACTOR=verplicht
    (production's default, settings/production.py), everyone whose roles see personal data anywhere — every
    capability except budgets (FINANCE_VIEW). A staff member without any role yet is asked too."""
    if actor is None or settings.TOEGANG_TWO_FACTOR != "verplicht":
        return False
    held = {capability for capabilities in actor.capabilities.values() for capability in capabilities}
    return not held or bool(held - WITHOUT_PERSONAL_DATA)
