"""Medewerkers: staff administration by functional administration (issue 13, item 3; docs/security.md "Staff
administration"). The list (searchable, a page at a time), a new staff member, and a staff member's page: details,
roles per gemeente, teams, the account (deactivate, reactivate), the second factor and the API keys.

Only functional administration (config.manage) opens these pages; the list holds the staff of the gemeenten it
administers. Who may change whom, and grant which role, is decided in accounts.actions.staff (through
accounts.permissions); a staff member the actor may not administer is shown without forms, with the reason. Every
form follows the one POST pattern (ui.posting): 422 keeps what was typed (never a password), 409 on a stale form.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from toegang.core import clock
from toegang.core.errors import NotAllowed, NotFound, ValidationFailed
from toegang.core.paging import page_number, page_of
from toegang.ui.forms import report_outcome
from toegang.ui.posting import post_form

from .. import actions, queries
from ..actors import actor_for_request
from ..forms import (
    AddTeamForm,
    GrantRoleForm,
    NewStaffForm,
    ResetSecondFactorForm,
    StaffActivationForm,
    StaffDetailsForm,
    StaffSearchForm,
)
from ..models import Medewerker
from ..permissions import (
    administered_gemeenten,
    administration_refusal,
    can_manage_api_tokens_of,
    can_manage_config,
    grantable_roles,
)

ACTIVE = {"actief": True, "niet-actief": False, "alle": None}


def _administrator(request):
    """The actor, if functional administration anywhere; otherwise 403 (the page is not theirs at all)."""
    actor = actor_for_request(request)
    if actor is None or not can_manage_config(actor):
        raise NotAllowed(gettext("Alleen functioneel beheer beheert medewerkers."))
    return actor


def _member(actor, pk: int) -> Medewerker:
    """A staff member of the gemeenten the actor administers; anyone else is not found."""
    member = queries.staff_member_in(administered_gemeenten(actor), pk)
    if member is None:
        raise NotFound(gettext("Medewerker niet gevonden."))
    return member


def _member_url(member: Medewerker, anchor: str = "") -> str:
    return reverse("accounts:staff-member", args=[member.pk]) + (f"#{anchor}" if anchor else "")


@login_required
def staff_list(request):
    """Medewerkers: the staff of my gemeenten by name, with function, organisation, roles, teams and status; search
    and filter by status; a page at a time (htmx swaps the results)."""
    actor = _administrator(request)
    form = StaffSearchForm(request.GET if request.GET else None)
    search, status = "", "actief"
    rows, has_more, page = [], False, page_number(request)
    if form.is_bound and not form.is_valid():
        status = ""
    else:
        if form.is_bound:
            search, status = form.cleaned_data["zoek"], form.cleaned_data["status"] or "actief"
        rows, has_more = page_of(queries.staff_rows(administered_gemeenten(actor), search=search,
                                                    active=ACTIVE[status]), page, settings.TOEGANG_PAGE_SIZE)
    template = "accounts/staff_list.html#results" if request.htmx else "accounts/staff_list.html"
    return render(request, template, {"form": form, "rows": rows, "has_more": has_more, "page": page,
                                      "search": search, "status": status})


def _organisations(actor, member: Medewerker | None = None):
    """The organisations a staff member may be placed in: those of my gemeenten, and the one they have."""
    return queries.organisations_for_staff(administered_gemeenten(actor), member.organisatie_id if member else None)


@login_required
@require_http_methods(["GET", "POST"])
def new_staff_member(request):
    """Nieuwe medewerker: login name, name, e-mail address, function, organisation, and a password only for who logs
    in with one of Toegang's. Then on to their page to grant roles and teams."""
    actor = _administrator(request)
    organisations = _organisations(actor)

    def rerender(bound):
        # a password is never sent back in a page: whoever typed one is asked to type it again
        retype = bool(bound.is_bound and bound.data.get("password"))
        return render(request, "accounts/staff_new.html", {"form": bound, "retype_password": retype})

    if request.method != "POST":
        return rerender(NewStaffForm(organisations=organisations, auto_id="nieuw-%s"))
    form = NewStaffForm(request.POST, organisations=organisations, auto_id="nieuw-%s")
    return post_form(
        request, form,
        run=lambda d: actions.check_create_medewerker(
            actor=actor, username=d["username"], full_name=d["full_name"], password=d["password"] or None,
            organisatie=d["organisatie"], function_title=d["function_title"], email=d["email"]),
        rerender=rerender,
        ok=lambda member: gettext("%(name)s is aangemaakt. Ken nu een rol toe, en zo nodig een team.") % {
            "name": member.get_full_name()},
        success_url=_member_url)


def _staff_page(request, actor, member: Medewerker, *, forms: dict | None = None):
    """A staff member's page; `forms` puts a posted form back in its place (details, activation, role, team,
    second_factor)."""
    grants = grantable_roles(actor)
    refusal = administration_refusal(actor, member, grants=grants)
    held = queries.role_assignments_of(member.pk)
    memberships = queries.team_memberships_of(member.pk)
    administered = administered_gemeenten(actor)
    held_pairs = {(a.gemeente_id, a.role_id) for a in held}
    offered_roles = [(gemeente, roles) for gemeente, all_roles in queries.gemeenten_with_roles(administered)
                     if (roles := [r for r in all_roles if r.code in grants.get(gemeente.pk, frozenset())
                                   and (gemeente.pk, r.pk) not in held_pairs])]
    in_teams = {m.team_id for m in memberships}
    offered_teams: dict = {}
    for team in queries.teams_in(administered):
        if team.pk not in in_teams:
            offered_teams.setdefault(team.gemeente, []).append(team)
    tokens = []
    if can_manage_api_tokens_of(actor, member.pk):
        now = clock.now()
        tokens = list(queries.api_tokens_of(member.pk)[:settings.TOEGANG_PAGE_SIZE])
        for token in tokens:
            token.state = token.state_at(now)
    forms = forms or {}
    context = {
        "member": member, "refusal": refusal, "held": held, "memberships": memberships, "tokens": tokens,
        "has_second_factor": queries.has_second_factor(member),
        # a role or team the actor may take away: in a gemeente they administer (the rest is shown, not offered)
        "administered": set(administered),
        "details_form": forms.get("details") or StaffDetailsForm(
            initial={"version": member.version, "full_name": member.get_full_name(), "email": member.email,
                     "function_title": member.function_title, "organisatie": member.organisatie_id},
            organisations=_organisations(actor, member), auto_id="gegevens-%s"),
        "activation_form": forms.get("activation") or StaffActivationForm(initial={"version": member.version},
                                                                           auto_id="account-%s"),
        "role_form": forms.get("role") or GrantRoleForm(offered=offered_roles, auto_id="rol-%s"),
        "team_form": forms.get("team") or AddTeamForm(offered=list(offered_teams.items()), auto_id="team-%s"),
        "second_factor_form": forms.get("second_factor") or ResetSecondFactorForm(auto_id="tweestap-%s"),
        "offered_roles": offered_roles, "offered_teams": offered_teams,
    }
    return render(request, "accounts/staff_member.html", context)


@login_required
def staff_member(request, pk: int):
    actor = _administrator(request)
    return _staff_page(request, actor, _member(actor, pk))


def _fresh(member: Medewerker):
    """After a Conflict: the page shows the staff member as they are now, the form resends with that version."""
    def fresh() -> dict:
        member.refresh_from_db()
        return {"version": member.version}
    return fresh


@login_required
@require_POST
def change_details(request, pk: int):
    actor = _administrator(request)
    member = _member(actor, pk)
    form = StaffDetailsForm(request.POST, organisations=_organisations(actor, member), auto_id="gegevens-%s")
    return post_form(
        request, form,
        run=lambda d: actions.check_update_medewerker(
            actor=actor, medewerker=member, expected_version=d["version"], full_name=d["full_name"], email=d["email"],
            function_title=d["function_title"], organisatie=d["organisatie"]),
        rerender=lambda bound: _staff_page(request, actor, member, forms={"details": bound}),
        ok=gettext("De gegevens zijn opgeslagen."), success_url=_member_url(member), fresh=_fresh(member))


@login_required
@require_POST
def deactivate(request, pk: int):
    """'Account deactiveren': the account stops at once (sessions, API keys); roles and teams are kept."""
    actor = _administrator(request)
    member = _member(actor, pk)
    form = StaffActivationForm(request.POST, auto_id="account-%s")
    return post_form(
        request, form,
        run=lambda d: actions.check_deactivate_medewerker(actor=actor, medewerker=member,
                                                          expected_version=d["version"], reason=d["reason"]),
        rerender=lambda bound: _staff_page(request, actor, member, forms={"activation": bound}),
        ok=gettext("Het account van %(name)s is gedeactiveerd: inloggen kan niet meer, en open sessies en "
                   "API-sleutels werken niet meer.") % {"name": member.get_full_name()},
        success_url=_member_url(member), fresh=_fresh(member))


@login_required
@require_POST
def reactivate(request, pk: int):
    actor = _administrator(request)
    member = _member(actor, pk)
    form = StaffActivationForm(request.POST, auto_id="account-%s")
    return post_form(
        request, form,
        run=lambda d: actions.check_reactivate_medewerker(actor=actor, medewerker=member,
                                                          expected_version=d["version"], reason=d["reason"]),
        rerender=lambda bound: _staff_page(request, actor, member, forms={"activation": bound}),
        ok=gettext("Het account van %(name)s is weer actief, met de rollen en teams die het had. API-sleutels van "
                   "vroeger blijven ingetrokken.") % {"name": member.get_full_name()},
        success_url=_member_url(member), fresh=_fresh(member))


@login_required
@require_POST
def grant_role(request, pk: int):
    """'Rol toekennen': one of the roles the actor may grant, in a gemeente they administer."""
    actor = _administrator(request)
    member = _member(actor, pk)
    grants = grantable_roles(actor)
    offered = [(gemeente, [r for r in roles if r.code in grants.get(gemeente.pk, frozenset())])
               for gemeente, roles in queries.gemeenten_with_roles(administered_gemeenten(actor))]
    form = GrantRoleForm(request.POST, offered=offered, auto_id="rol-%s")

    def run(d):
        gemeente_id, role_id = d["role"]
        gemeente, role = queries.gemeente_and_role(gemeente_id, role_id)
        if gemeente is None or role is None:
            message = gettext("Kies een rol uit de lijst.")
            raise ValidationFailed(message, field_errors={"role": [message]})
        actions.check_grant_role(actor=actor, medewerker=member, gemeente=gemeente, role=role)
        return gettext("%(name)s heeft nu de rol ‘%(role)s’ in %(gemeente)s.") % {
            "name": member.get_full_name(), "role": role.name, "gemeente": gemeente.name}

    return post_form(request, form, run=run,
                     rerender=lambda bound: _staff_page(request, actor, member, forms={"role": bound}),
                     ok=lambda message: message, success_url=_member_url(member, "rollen"))


@login_required
@require_POST
def revoke_role(request, pk: int, assignment_id: int):
    """'Intrekken' at a role: it ends at once (the next request of the staff member is without it)."""
    actor = _administrator(request)
    member = _member(actor, pk)
    assignment = queries.role_assignment_of(member.pk, assignment_id)
    if assignment is None:
        report_outcome(request, ok=gettext("Deze rol was al ingetrokken."))
    else:
        actions.check_revoke_role(actor=actor, assignment=assignment)
        report_outcome(request, ok=gettext("De rol ‘%(role)s’ in %(gemeente)s van %(name)s is ingetrokken.") % {
            "role": assignment.role.name, "gemeente": assignment.gemeente.name, "name": member.get_full_name()})
    return redirect(_member_url(member, "rollen"))


@login_required
@require_POST
def add_team(request, pk: int):
    actor = _administrator(request)
    member = _member(actor, pk)
    offered: dict = {}
    for team in queries.teams_in(administered_gemeenten(actor)):
        offered.setdefault(team.gemeente, []).append(team)
    form = AddTeamForm(request.POST, offered=list(offered.items()), auto_id="team-%s")

    def run(d):
        team = queries.team(d["team"])
        if team is None:
            message = gettext("Kies een team uit de lijst.")
            raise ValidationFailed(message, field_errors={"team": [message]})
        actions.check_add_team_member(actor=actor, medewerker=member, team=team)
        return gettext("%(name)s is toegevoegd aan %(team)s.") % {"name": member.get_full_name(), "team": team.name}

    return post_form(request, form, run=run,
                     rerender=lambda bound: _staff_page(request, actor, member, forms={"team": bound}),
                     ok=lambda message: message, success_url=_member_url(member, "teams"))


@login_required
@require_POST
def remove_team(request, pk: int, membership_id: int):
    actor = _administrator(request)
    member = _member(actor, pk)
    membership = queries.team_membership_of(member.pk, membership_id)
    if membership is None:
        report_outcome(request, ok=gettext("De medewerker was al uit dit team."))
    else:
        actions.check_remove_team_member(actor=actor, membership=membership)
        report_outcome(request, ok=gettext("%(name)s is uit %(team)s gehaald.") % {
            "name": member.get_full_name(), "team": membership.team.name})
    return redirect(_member_url(member, "teams"))


@login_required
@require_POST
def reset_second_factor(request, pk: int):
    """'Tweestapsverificatie terugzetten' (a lost or new phone), with the reason: at the next login the staff
    member sets up a new authenticator app."""
    actor = _administrator(request)
    member = _member(actor, pk)
    form = ResetSecondFactorForm(request.POST, auto_id="tweestap-%s")
    return post_form(
        request, form,
        run=lambda d: actions.check_reset_second_factor(actor=actor, medewerker=member, reason=d["reason"]),
        rerender=lambda bound: _staff_page(request, actor, member, forms={"second_factor": bound}),
        ok=gettext("De tweestapsverificatie van %(name)s is teruggezet: bij de volgende keer inloggen koppelt de "
                   "medewerker een nieuwe app.") % {"name": member.get_full_name()},
        success_url=_member_url(member, "tweestapsverificatie"))


@login_required
@require_POST
def revoke_api_token(request, pk: int, token_id: int):
    """'Intrekken' at one of the staff member's API keys: it stops working at once."""
    actor = _administrator(request)
    member = _member(actor, pk)
    token = queries.api_token(token_id)
    if token.medewerker_id != member.pk or not can_manage_api_tokens_of(actor, member.pk):
        raise NotFound(gettext("API-sleutel niet gevonden."))
    was_revoked = token.revoked_at is not None
    actions.check_revoke_api_token(actor=actor, token=token)
    message = (gettext("De API-sleutel ‘%(name)s’ (%(prefix)s) was al ingetrokken.") if was_revoked
               else gettext("De API-sleutel ‘%(name)s’ (%(prefix)s) is ingetrokken: hij werkt niet meer."))
    report_outcome(request, ok=message % {"name": token.name, "prefix": token.shown_prefix})
    return redirect(_member_url(member, "api-sleutels"))
