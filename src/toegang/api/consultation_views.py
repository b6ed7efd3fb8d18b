"""REST endpoints of expert consultations (raadplegingen, issue 12 points 10 and 11): record one on a case or a
single question's aanvraag (its melding), read one, record its advice. Reads go through the case's or the
melding's scope (404 outside it, logged); writes through provisions.actions.consultations."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.cases import queries as case_queries
from toegang.core.errors import NotFound, ValidationFailed
from toegang.intake import queries as intake_queries
from toegang.provisions import queries
from toegang.provisions.actions import consultations as consultation_actions
from toegang.provisions.models import Raadpleging, Voorziening

from .consultation_serializers import (
    AdviesInvoerSerializer,
    RaadplegingInvoerSerializer,
    RaadplegingSerializer,
)
from .conventions import created, problems
from .inputs import read_input, take
from .views import request_actor


def _visible(actor, request, pk: int, purpose: str) -> Raadpleging:
    """The consultation if its case (or melding) is within the actor's scope, the access logged; else 404."""
    raadpleging = Raadpleging.objects.select_related("casus", "melding").filter(pk=pk).first()
    if raadpleging is None:
        raise NotFound("Raadpleging niet gevonden.")
    if raadpleging.casus_id is not None:
        case_queries.access_case(actor, raadpleging.casus_id, purpose=purpose, channel="api", resource=request.path)
    elif intake_queries.visible_meldingen(actor).filter(pk=raadpleging.melding_id).exists():
        queries.log_clients(actor, list(raadpleging.household.current_residents.values_list("pk", flat=True)),
                            purpose=purpose, channel="api", resource=request.path)
    else:
        raise NotFound("Raadpleging niet gevonden.")
    return raadpleging


class RaadplegingViewSet(viewsets.ViewSet):
    """Raadplegingen van deskundigen op een casus of een enkelvoudige vraag (BUCH §4.4.1: voor sommige soorten hulp
    eerst een advies), en het deskundigenteam dat de casusregisseur of procesregisseur inschakelt."""

    serializer_class = RaadplegingSerializer
    lookup_value_converter = "int"

    def _out(self, request, raadpleging):
        return RaadplegingSerializer(raadpleging, context={"request": request}).data

    @extend_schema(responses={200: RaadplegingSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        return Response(self._out(request, _visible(request_actor(request), request, int(pk),
                                                    "raadpleging bekijken (API)")))

    @extend_schema(request=RaadplegingInvoerSerializer, responses={201: RaadplegingSerializer, **problems(403, 404)})
    def create(self, request):
        actor = request_actor(request)
        d = read_input(request, RaadplegingInvoerSerializer)
        casus_id, aanvraag_id, voorziening_id = d.pop("casus"), d.pop("aanvraag"), d.pop("voorziening")
        if (casus_id is None) == (aanvraag_id is None):
            raise ValidationFailed("Geef een casus of (bij een enkelvoudige vraag) een aanvraag.",
                                   field_errors={"casus": ["Geef een casus of een aanvraag, niet allebei."]})
        casus = melding = None
        if casus_id is not None:
            casus = case_queries.access_case(actor, casus_id, purpose="deskundige raadplegen (API)", channel="api",
                                             resource=request.path)
            gemeente = casus.gemeente
        else:
            aanvraag = intake_queries.visible_aanvragen(actor).select_related("melding__gemeente")\
                .filter(pk=aanvraag_id).first()
            if aanvraag is None:
                raise NotFound("Aanvraag niet gevonden.")
            melding, gemeente = aanvraag.melding, aanvraag.melding.gemeente
        voorziening = None
        if voorziening_id is not None:
            voorziening = Voorziening.objects.filter(pk=voorziening_id, gemeenten=gemeente).first()
            if voorziening is None:
                raise ValidationFailed("De raadpleging is niet juist.",
                                       field_errors={"voorziening": ["Onbekende voorziening in deze gemeente."]})
        raadpleging = consultation_actions.check_record_consultation(
            actor=actor, casus=casus, melding=melding,
            data=take(d, consultation_actions.ConsultationData, voorziening=voorziening))
        return created(request, self._out(request, raadpleging), "raadpleging-detail", pk=raadpleging.pk)

    @extend_schema(request=AdviesInvoerSerializer, responses={200: RaadplegingSerializer, **problems(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="advies")
    def advies(self, request, pk=None):
        actor = request_actor(request)
        raadpleging = _visible(actor, request, int(pk), "advies vastleggen (API)")
        d = read_input(request, AdviesInvoerSerializer)
        raadpleging = consultation_actions.check_record_advice(actor=actor, raadpleging=raadpleging, **d)
        return Response(self._out(request, raadpleging))
