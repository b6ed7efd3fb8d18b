"""REST endpoints of the front door: meldingen (+ triage), aanvragen, and partner verwijzingen."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.accounts.models import Gemeente, Team
from toegang.core.errors import NotAllowed, NotFound, ValidationFailed
from toegang.deadlines.queries import clocks_by_subject
from toegang.intake import actions, permissions, queries
from toegang.intake.models import Melding
from toegang.persons import queries as person_queries
from toegang.provisions.models import Voorziening

from . import intake_serializers as s
from .conventions import created, problems
from .inputs import read_input, take
from .pagination import PAGE, PAGE_PARAMETERS, Paginering, page_link, paginated, unpaged
from .params import choice_param, int_param
from .views import request_actor


def _gemeente(code: str, actor, may) -> Gemeente:
    """The gemeente of a CBS code where `may(actor, gemeente_id)` holds (a predicate of intake.permissions)."""
    gemeente = Gemeente.objects.filter(cbs_code=code).first()
    if gemeente is None or not may(actor, gemeente.pk):
        raise ValidationFailed("Onbekende gemeente, of u heeft daar geen bevoegdheid.",
                               field_errors={"gemeente": ["Onbekende gemeente of geen bevoegdheid."]})
    return gemeente


class MeldingViewSet(viewsets.ViewSet):
    """Meldingen: registreren (idempotent met de header Idempotency-Key), lijst, detail met termijnen, triage."""

    serializer_class = s.MeldingSerializer
    lookup_value_converter = "int"

    def _out(self, request, meldingen, many=False):
        rows = meldingen if many else [meldingen]
        context = {"request": request, "clocks": clocks_by_subject("intake.melding", [m.pk for m in rows])}
        return s.MeldingSerializer(meldingen, many=many, context=context).data

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Melding.Status.values),
                               OpenApiParameter("team", int), *PAGE_PARAMETERS],
                   responses={200: paginated(s.MeldingSerializer, "MeldingPagina"), **problems(404)})
    def list(self, request):
        actor = request_actor(request)
        params = request.query_params
        qs = queries.list_meldingen_for(actor, status=choice_param(params, "status", Melding.Status.values),
                                        team_id=int_param(params, "team"))
        paginator = Paginering()
        page = paginator.paginate_queryset(qs, request, view=self)
        queries.log_meldingen_shown(actor, page, purpose="meldingen opvragen (API)", channel="api",
                                    resource=request.get_full_path())
        return paginator.get_paginated_response(self._out(request, page, many=True))

    @extend_schema(responses={200: s.MeldingSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        melding = queries.access_melding(request_actor(request), int(pk), purpose="melding bekijken (API)", channel="api",
                                         resource=request.path)
        return Response(self._out(request, melding))

    @extend_schema(request=s.MeldingAanmakenSerializer,
                   responses={201: s.MeldingSerializer, 200: s.MeldingSerializer, **problems(403, 404, 409)},
                   parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER,
                                                description="dezelfde sleutel nog eens: dezelfde melding (200)")])
    def create(self, request):
        actor = request_actor(request)
        if not permissions.gemeenten_to_register(actor):
            raise NotAllowed("U mag geen meldingen registreren.")
        d = read_input(request, s.MeldingAanmakenSerializer)
        gemeente = _gemeente(d.pop("gemeente"), actor, permissions.can_register)
        d["persons"] = [person_queries.access_resident(actor, pk, purpose="melding registreren (API)", channel="api")
                        for pk in d["persons"]]
        if d["household"]:
            d["household"] = person_queries.access_household(actor, d["household"],
                                                             purpose="melding registreren (API)", channel="api")
        melding, is_new = actions.check_register_melding(
            actor=actor, gemeente=gemeente, data=take(d, actions.MeldingData),
            idempotency_key=request.headers.get("Idempotency-Key", "")[:80], **d)
        melding = queries.access_melding(actor, melding.pk, purpose="geregistreerde melding teruggeven", channel="api")
        if not is_new:
            return Response(self._out(request, melding))
        return created(request, self._out(request, melding), "melding-detail", pk=melding.pk)

    @extend_schema(request=s.TriageSerializer, responses={200: s.MeldingSerializer, **problems(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="triage")
    def triage(self, request, pk=None):
        actor = request_actor(request)
        melding = queries.access_melding(actor, int(pk), purpose="melding triëren (API)", channel="api",
                                         resource=request.path)
        if not permissions.can_triage(actor, melding.gemeente_id):
            raise NotAllowed("U mag deze melding niet triëren.")
        d = read_input(request, s.TriageSerializer)
        code = d.pop("team")
        team = Team.objects.filter(gemeente_id=melding.gemeente_id, code=code).first() if code else None
        if code and team is None:
            raise ValidationFailed("Onbekend team.", field_errors={"team": ["Onbekend team in deze gemeente."]})
        # the kinds of provision the advice was about, by their catalogue id; the action checks each against the
        # mandate row 'informatie en advies'
        ids = set(d["advice_about"])
        d["advice_about"] = list(Voorziening.objects.filter(pk__in=ids, gemeenten=melding.gemeente_id)
                                 .select_related("mandate_group").order_by("code"))
        if len(d["advice_about"]) != len(ids):
            raise ValidationFailed("Onbekende voorziening.",
                                   field_errors={"advice_about": ["Kies maatwerkvoorzieningen van deze gemeente."]})
        actions.check_triage_melding(actor=actor, melding=melding, team=team, **d)
        melding = queries.access_melding(actor, melding.pk, purpose="getrieerde melding teruggeven", channel="api")
        return Response(self._out(request, melding))

    @extend_schema(request=s.KoppelSerializer, responses={200: s.MeldingSerializer, **problems(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="koppel")
    def koppel(self, request, pk=None):
        """Een melding koppelen aan de inwoner over wie zij gaat: een verwijzing van een partner waarvan de persoon
        nog niet gekoppeld is (`opgegevenPersoon`). Zoek de inwoner (`GET /inwoners`) of registreer hem eerst
        (`POST /inwoners`). Daarna heeft de melding haar inwoner en huishouden, is een nog niet getrieerde melding
        opnieuw gerouteerd en kan zij worden getrieerd."""
        actor = request_actor(request)
        melding = queries.access_melding(actor, int(pk), purpose="melding koppelen aan een inwoner (API)",
                                         channel="api", resource=request.path)
        if not permissions.can_link_person(actor, melding.gemeente_id):
            raise NotAllowed("U mag bij deze melding geen inwoner koppelen.")
        d = read_input(request, s.KoppelSerializer)
        resident = person_queries.access_resident(actor, d.pop("resident"), purpose="melding koppelen aan een inwoner "
                                                  "(API)", channel="api", resource=request.path)
        actions.check_link_melding_person(actor=actor, melding=melding, resident=resident, **d)
        melding = queries.access_melding(actor, melding.pk, purpose="gekoppelde melding teruggeven", channel="api")
        return Response(self._out(request, melding))


class AanvraagViewSet(viewsets.ViewSet):
    """Aanvragen om een individuele voorziening, met hun beslistermijn."""

    serializer_class = s.AanvraagSerializer
    lookup_value_converter = "int"

    def _visible(self, actor):
        return queries.visible_aanvragen(actor)

    def _out(self, request, rows, many=False):
        items = rows if many else [rows]
        context = {"request": request, "clocks": clocks_by_subject("intake.aanvraag", [a.pk for a in items])}
        return s.AanvraagSerializer(rows, many=many, context=context).data

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(s.AanvraagSerializer, "AanvraagPagina"), **problems(404)})
    def list(self, request):
        actor = request_actor(request)
        paginator = Paginering()
        page = paginator.paginate_queryset(self._visible(actor).order_by("-received_on", "-id"), request, view=self)

        queries.log_aanvragen_read(actor, page, purpose="aanvragen opvragen (API)", channel="api",
                                   resource=request.get_full_path())
        return paginator.get_paginated_response(self._out(request, page, many=True))

    @extend_schema(responses={200: s.AanvraagSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        actor = request_actor(request)
        aanvraag = self._visible(actor).filter(pk=int(pk)).first()
        if aanvraag is None:
            raise NotFound("Aanvraag niet gevonden.")

        queries.log_aanvragen_read(actor, [aanvraag], purpose="aanvraag bekijken (API)", channel="api",
                                   resource=request.path)
        return Response(self._out(request, aanvraag))

    @extend_schema(request=s.AanvraagAanmakenSerializer, responses={201: s.AanvraagSerializer, **problems(403, 404, 409)})
    def create(self, request):
        actor = request_actor(request)
        if not permissions.gemeenten_to_register(actor):
            raise NotAllowed("U mag geen aanvragen registreren.")
        d = read_input(request, s.AanvraagAanmakenSerializer)
        melding = queries.access_melding(actor, d.pop("melding"), purpose="aanvraag registreren (API)", channel="api")
        d["applicant"] = next((sub.resident for sub in melding.subjects.all() if sub.resident_id == d["applicant"]), None)
        if d["applicant"] is None:
            raise ValidationFailed("De aanvrager is geen betrokkene van deze melding.",
                                   field_errors={"applicant": ["Geen betrokkene van de melding."]})
        aanvraag = actions.check_register_aanvraag(actor=actor, melding=melding, **d)
        return created(request, self._out(request, aanvraag), "aanvraag-detail", pk=aanvraag.pk)


class VerwijzingViewSet(viewsets.ViewSet):
    """Partnerorganisaties: een inwoner verwijzen en de terugkoppeling van de eigen verwijzingen zien."""

    serializer_class = s.VerwijzingSerializer
    lookup_value_converter = "int"

    def _partner(self, request, refused: str):
        actor = request_actor(request)
        if not permissions.gemeenten_to_refer(actor):
            raise NotAllowed(refused)
        return actor

    @extend_schema(parameters=[PAGE],
                   responses={200: unpaged(s.VerwijzingSerializer, "VerwijzingPagina"), **problems(403)})
    def list(self, request):
        actor = self._partner(request, "Alleen partnerorganisaties zien hun verwijzingen.")
        page = int_param(request.query_params, "page") or 1
        rows, more = queries.referrals_for(actor, page=page)
        # referrals_for has a fixed page size and takes no pageSize, so the links name none
        return Response({"next": page_link(request, page + 1, None) if more else None,
                         "previous": page_link(request, page - 1, None) if page > 1 else None,
                         "results": s.VerwijzingSerializer(rows, many=True, context={"request": request}).data})

    @extend_schema(responses={200: s.VerwijzingSerializer, **problems(403, 404)})
    def retrieve(self, request, pk=None):
        actor = self._partner(request, "Alleen partnerorganisaties zien hun verwijzingen.")
        melding = queries.referral_for(actor, int(pk))
        if melding is None:
            raise NotFound("Verwijzing niet gevonden.")
        return Response(s.VerwijzingSerializer(melding, context={"request": request}).data)

    @extend_schema(request=s.VerwijzingSerializer,
                   responses={201: s.VerwijzingSerializer, 200: s.VerwijzingSerializer, **problems(403, 409)},
                   parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER,
                                                description="dezelfde sleutel nog eens: dezelfde verwijzing (200)")])
    def create(self, request):
        actor = self._partner(request, "Alleen partnerorganisaties kunnen verwijzen.")
        d = read_input(request, s.VerwijzingSerializer)
        gemeente = _gemeente(d.pop("gemeente"), actor, permissions.can_refer)
        melding, is_new = actions.check_refer(actor=actor, gemeente=gemeente, person=take(d, actions.ReferredPerson),
                                              idempotency_key=request.headers.get("Idempotency-Key", "")[:80], **d)
        data = s.VerwijzingSerializer(melding, context={"request": request}).data
        return created(request, data, "verwijzing-detail", pk=melding.pk) if is_new else Response(data)
