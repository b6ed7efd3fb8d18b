"""REST endpoints of staff administration (medewerkers, issue 13 item 3): the staff of the gemeenten the caller
administers, listed and searched; one created, read, changed (details, deactivated, reactivated); roles per gemeente
granted and revoked; teams added and removed. Only functional administration (config.manage) gets any answer but
403; a staff member outside its gemeenten is 404. Who may change whom and grant which role is decided in
accounts.actions.staff (docs/security.md "Staff administration")."""

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.accounts import actions, queries
from toegang.accounts.models import Medewerker
from toegang.accounts.permissions import administered_gemeenten, can_manage_config
from toegang.core.errors import NotAllowed, NotFound, ValidationFailed
from toegang.core.versioning import require_version

from .conventions import created, problems
from .inputs import read_input
from .pagination import PAGE_PARAMETERS, Paginering, paginated
from .staff_serializers import (
    MedewerkerAanmakenSerializer,
    MedewerkerSerializer,
    MedewerkerWijzigenSerializer,
    RolInvoerSerializer,
    RolToekenningSerializer,
    TeamInvoerSerializer,
    TeamlidmaatschapSerializer,
)
from .views import request_actor

ACTIEF = {"true": True, "false": False, "alle": None}
LIST_PARAMETERS = [
    OpenApiParameter("zoek", str, description="woorden in naam, gebruikersnaam, functie, organisatie of teamnaam"),
    OpenApiParameter("actief", {"type": "string", "enum": list(ACTIEF), "default": "true"},
                     description="`true` (standaard): actieve medewerkers; `false`: gedeactiveerde; `alle`"),
]


def _administrator(request):
    actor = request_actor(request)
    if not can_manage_config(actor):
        raise NotAllowed("Alleen functioneel beheer beheert medewerkers.")
    return actor


def _member(actor, pk) -> Medewerker:
    member = queries.staff_member_in(administered_gemeenten(actor), int(pk))
    if member is None:
        raise NotFound("Medewerker niet gevonden.")
    return member


def _organisation(actor, code: str):
    organisation = queries.organisation_by_code(code, administered_gemeenten(actor))
    if organisation is None:
        raise ValidationFailed("Onbekende organisatie.", field_errors={
            "organisatie": [f"Geen organisatie '{code}' in een gemeente waar u functioneel beheerder bent."]})
    return organisation


def _gemeente(actor, cbs: str):
    gemeente = queries.gemeente_by_cbs(cbs, administered_gemeenten(actor))
    if gemeente is None:
        raise ValidationFailed("Onbekende gemeente.", field_errors={
            "gemeente": [f"Gemeente {cbs} is geen gemeente waar u functioneel beheerder bent."]})
    return gemeente


def _out(request, member: Medewerker) -> dict:
    return MedewerkerSerializer(member, context={"request": request}).data


class MedewerkerViewSet(viewsets.ViewSet):
    """Medewerkers: de medewerkers van de gemeenten waar u functioneel beheerder bent."""

    serializer_class = MedewerkerSerializer
    lookup_value_converter = "int"

    @extend_schema(parameters=[*LIST_PARAMETERS, *PAGE_PARAMETERS],
                   responses={200: paginated(MedewerkerSerializer, "MedewerkerPagina"), **problems(403, 404)})
    def list(self, request):
        actor = _administrator(request)
        active = request.query_params.get("actief", "true")
        if active not in ACTIEF:
            raise ValidationFailed("Controleer de zoekparameters.",
                                   field_errors={"actief": ["Kies true, false of alle."]})
        rows = queries.staff_rows(administered_gemeenten(actor), search=request.query_params.get("zoek", "")[:100],
                                  active=ACTIEF[active])
        paginator = Paginering()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(MedewerkerSerializer(page, many=True,
                                                                     context={"request": request}).data)

    @extend_schema(request=MedewerkerAanmakenSerializer, responses={201: MedewerkerSerializer, **problems(403)})
    def create(self, request):
        actor = _administrator(request)
        d = read_input(request, MedewerkerAanmakenSerializer)
        d["organisatie"] = _organisation(actor, d["organisatie"])
        member = actions.check_create_medewerker(actor=actor, **{**d, "password": d["password"] or None})
        return created(request, _out(request, member), "medewerker-detail", pk=member.pk)

    @extend_schema(responses={200: MedewerkerSerializer, **problems(403, 404)})
    def retrieve(self, request, pk=None):
        actor = _administrator(request)
        return Response(_out(request, _member(actor, pk)))

    @extend_schema(request=MedewerkerWijzigenSerializer, responses={200: MedewerkerSerializer,
                                                                    **problems(403, 404, 409)})
    def partial_update(self, request, pk=None):
        actor = _administrator(request)
        member = _member(actor, pk)
        d = read_input(request, MedewerkerWijzigenSerializer)
        version = d["expected_version"]
        details = {name for name in ("full_name", "email", "function_title", "organisatie") if name in d}
        organisation = _organisation(actor, d["organisatie"]) if "organisatie" in d else member.organisatie
        # details and the account's state in one transaction: both are done, or neither
        with transaction.atomic():
            if details:
                member = actions.check_update_medewerker(
                    actor=actor, medewerker=member, expected_version=version,
                    full_name=d.get("full_name", member.get_full_name()), email=d.get("email", member.email),
                    function_title=d.get("function_title", member.function_title), organisatie=organisation)
                version = member.version
            if "active" in d and d["active"] != member.is_active:
                change = actions.check_reactivate_medewerker if d["active"] else actions.check_deactivate_medewerker
                member = change(actor=actor, medewerker=member, expected_version=version, reason=d["reason"])
            elif not details:
                require_version(member, version)  # nothing to change: still tell a stale reader
        return Response(_out(request, _member(actor, pk)))

    @extend_schema(operation_id="medewerkers_rollen_list",
                   responses={200: RolToekenningSerializer(many=True), **problems(403, 404)})
    @action(detail=True, methods=["get"], url_path="rollen")
    def rollen(self, request, pk=None):
        actor = _administrator(request)
        member = _member(actor, pk)
        return Response(RolToekenningSerializer(queries.role_assignments_of(member.pk), many=True,
                                                context={"request": request}).data)

    @extend_schema(request=RolInvoerSerializer, responses={201: RolToekenningSerializer, **problems(403, 404)})
    @rollen.mapping.post
    def rol_toekennen(self, request, pk=None):
        actor = _administrator(request)
        member = _member(actor, pk)
        d = read_input(request, RolInvoerSerializer)
        gemeente = _gemeente(actor, d["gemeente"])
        role = queries.role_by_code(gemeente, d["role"])
        if role is None:
            raise ValidationFailed("Onbekende rol.", field_errors={
                "role": [f"Het profiel van {gemeente.name} kent geen rol '{d['role']}'."]})
        assignment = actions.check_grant_role(actor=actor, medewerker=member, gemeente=gemeente, role=role)
        return created(request, RolToekenningSerializer(assignment, context={"request": request}).data,
                       "medewerker-rol", pk=member.pk, rol_id=assignment.pk)

    def _assignment(self, request, pk, rol_id):
        actor = _administrator(request)
        member = _member(actor, pk)
        assignment = queries.role_assignment_of(member.pk, int(rol_id))
        if assignment is None:
            raise NotFound("Rol van deze medewerker niet gevonden.")
        return actor, assignment

    @extend_schema(operation_id="medewerkers_rol_retrieve", responses={200: RolToekenningSerializer,
                                                                       **problems(403, 404)})
    @action(detail=True, methods=["get"], url_path="rollen/<int:rol_id>", url_name="rol")
    def rol(self, request, pk=None, rol_id=None):
        _actor, assignment = self._assignment(request, pk, rol_id)
        return Response(RolToekenningSerializer(assignment, context={"request": request}).data)

    @extend_schema(operation_id="medewerkers_rol_destroy",
                   responses={204: OpenApiResponse(description="Ingetrokken: de medewerker heeft de rol niet meer."),
                              **problems(403, 404)})
    @rol.mapping.delete
    def rol_intrekken(self, request, pk=None, rol_id=None):
        actor, assignment = self._assignment(request, pk, rol_id)
        actions.check_revoke_role(actor=actor, assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(operation_id="medewerkers_teams_list",
                   responses={200: TeamlidmaatschapSerializer(many=True), **problems(403, 404)})
    @action(detail=True, methods=["get"], url_path="teams")
    def teams(self, request, pk=None):
        actor = _administrator(request)
        member = _member(actor, pk)
        return Response(TeamlidmaatschapSerializer(queries.team_memberships_of(member.pk), many=True,
                                                   context={"request": request}).data)

    @extend_schema(request=TeamInvoerSerializer, responses={201: TeamlidmaatschapSerializer, **problems(403, 404)})
    @teams.mapping.post
    def team_toevoegen(self, request, pk=None):
        actor = _administrator(request)
        member = _member(actor, pk)
        d = read_input(request, TeamInvoerSerializer)
        gemeente = _gemeente(actor, d["gemeente"])
        team = queries.team_by_code(gemeente, d["team"])
        if team is None:
            raise ValidationFailed("Onbekend team.", field_errors={
                "team": [f"{gemeente.name} heeft geen team '{d['team']}'."]})
        membership = actions.check_add_team_member(actor=actor, medewerker=member, team=team)
        membership = queries.team_membership_of(member.pk, membership.pk)
        return created(request, TeamlidmaatschapSerializer(membership, context={"request": request}).data,
                       "medewerker-team", pk=member.pk, team_id=membership.pk)

    def _membership(self, request, pk, team_id):
        actor = _administrator(request)
        member = _member(actor, pk)
        membership = queries.team_membership_of(member.pk, int(team_id))
        if membership is None:
            raise NotFound("Team van deze medewerker niet gevonden.")
        return actor, membership

    @extend_schema(operation_id="medewerkers_team_retrieve", responses={200: TeamlidmaatschapSerializer,
                                                                        **problems(403, 404)})
    @action(detail=True, methods=["get"], url_path="teams/<int:team_id>", url_name="team")
    def team(self, request, pk=None, team_id=None):
        _actor, membership = self._membership(request, pk, team_id)
        return Response(TeamlidmaatschapSerializer(membership, context={"request": request}).data)

    @extend_schema(operation_id="medewerkers_team_destroy",
                   responses={204: OpenApiResponse(description="De medewerker zit niet meer in het team."),
                              **problems(403, 404)})
    @team.mapping.delete
    def team_verwijderen(self, request, pk=None, team_id=None):
        actor, membership = self._membership(request, pk, team_id)
        actions.check_remove_team_member(actor=actor, membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)
