"""The conventions of the API, in one place, and the OpenAPI document saying them (issue 11, point 14; NL API Design
Rules). The document is generated from the code (`toegang spectacular --file src/toegang/api/openapi.yaml`) and
checked in; `tests/openapi_contract.py` validates every response of the API tests against it.

- Every answer under /api/ carries `API-Version` (api.middleware), errors included.
- A 201 carries `Location`, the address of what was created (`created`).
- Errors are application/problem+json (`Fout`, api.errors). Each operation lists the problems it can answer:
  400 and 401 every operation (a NUL byte in a query or header is refused anywhere), 413 and 415 every operation
  with a body (added by `postprocess`), 403, 404 and 409 as the view declares them (`problems`).
- A reference to another resource is that resource's `id`, in input and output alike (docs/decisions.md).
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.reverse import reverse

PROBLEM_JSON = "application/problem+json"

DESCRIPTION = """REST API van Toegang, integrale toegang sociaal domein, volgens de NL API Design Rules.

**Inloggen.** Een programma stuurt een API-sleutel mee: `Authorization: Bearer tg_…` (ook `Token tg_…` wordt
aangenomen). Een medewerker maakt zijn sleutels op de pagina API-sleutels (of met `POST /api/v1/api-sleutels`, vanuit
een ingelogde sessie); een sleutel handelt als die medewerker, met diens rollen, en elk gebruik staat met de sleutel
in het inzage- en wijzigingslog. Een sleutel verloopt altijd en kan worden ingetrokken; een verlopen, ingetrokken of
onbekende sleutel geeft `401` met een `code` die zegt waarom (`api-sleutel-verlopen`, `api-sleutel-ingetrokken`,
`api-sleutel-ongeldig`, `account-niet-actief`). In de browser geldt de sessie van de ingelogde medewerker.

**Versie.** Elk antwoord, ook een fout, draagt de header `API-Version` met het volledige versienummer van deze API.

**Aanmaken.** Een `201 Created` draagt de header `Location`: het adres van wat is aangemaakt. Een verzoek dat met
dezelfde idempotentiesleutel nog eens komt, geeft `200` met wat de eerste keer is aangemaakt.

**Verwijzen.** Een resource verwijst naar een andere resource met het `id` (een geheel getal) van die resource, in
een veld dat naar die resource heet (`huishouden`, `casus`, `besluit`, `product`); invoer gebruikt dezelfde ids.
Elke resource met een eigen adres heeft daarnaast `url`: dat adres. Waarden uit landelijke codelijsten zijn geen
resources en blijven codes: de gemeente (CBS-code), de aanbieder (AGB-code), iJw/iWmo-codes, team en wijk.

**Lijsten.** Een lijst is een object met `results` en de links `next` en `previous` (volledige adressen, `null` aan
het eind). Met `?page=` (vanaf 1) kiest u de pagina, met `?pageSize=` het aantal per pagina: standaard 25,
hoogstens 100 (een groter getal geeft 100). `next` en `previous` noemen het paginanummer én de paginagrootte die
werkelijk is gebruikt. De meeste lijsten hebben ook `count` en `countExact`, en een pagina voorbij de laatste
geeft 404. Er wordt geteld tot 1000 voorbij het einde van de gevraagde pagina: is de lijst korter, dan is `count`
het totaal en `countExact` true; is hij langer, dan is `count` die grens en `countExact` false (er zijn er meer).
Zo blijft een lijst even snel bij 100.000 huishoudens als bij 1000. Het zoeken van inwoners en de lijst van
verwijzingen hebben geen `count` (een pagina voorbij de laatste is leeg); verwijzingen kennen alleen `page` (25 per
pagina). De metingen en contactmomenten van een casus zijn een gewone lijst (een array), zonder pagina's.

**Fouten.** Een fout is `application/problem+json` (RFC 9457) met een Nederlandse `detail`. Bij ongeldige invoer
noemt `invalidParams` elk veld met `name` (het veld zoals in deze API, een element van een lijst als `wetten.0`),
`code` en `reason`. Alle codes zijn Nederlands, in kleine letters met streepjes (`verplicht`, `te-lang`,
`onbekende-waarde`, `ongeldige-invoer`). Per operatie staat welke fouten zij kan geven:

- `400` ongeldige invoer of zoekparameter (ook een NUL-teken in pad, query of header);
- `401` niet ingelogd of geen geldige API-sleutel;
- `403` geen bevoegdheid voor deze handeling (bijvoorbeeld geen mandaat; `detail` zegt welk);
- `404` niet gevonden, of niet zichtbaar voor u (die twee zijn bewust niet te onderscheiden), of een pagina voorbij
  de laatste; ook elk onbekend adres onder `/api/`;
- `405` een methode die dit adres niet kent;
- `409` conflict: iemand anders was u voor (een verouderde `versie`), of het bestaat al (`bestaandId`,
  `bestaandeIds`);
- `413` verzoek te groot, `415` de body is geen `application/json` (bij het inlezen van een bericht van een
  aanbieder: geen `application/xml`).

Toegang gebruikt `422` niet: elke inhoudelijke fout in de invoer is `400` met `invalidParams`, zodat de vorm en de
regels van de invoer op dezelfde manier worden gemeld.
"""

PROBLEMS = {
    400: "Ongeldige invoer of zoekparameter; `invalidParams` noemt de velden.",
    401: "Niet ingelogd of geen geldige API-sleutel; `code` zegt waarom.",
    403: "Geen bevoegdheid voor deze handeling; `detail` zegt waarom.",
    404: "Niet gevonden of niet zichtbaar voor u (bij een lijst: een pagina voorbij de laatste).",
    405: "Deze methode bestaat hier niet.",
    409: "Conflict: verouderde versie, of bestaat al (`bestaandId`, `bestaandeIds`).",
    413: "Het verzoek is te groot.",
    415: "De body is geen application/json.",
}


SUCCESS = {"200": "Gelukt.", "201": "Aangemaakt; `Location` geeft het adres."}


def api_version() -> str:
    return settings.SPECTACULAR_SETTINGS["VERSION"]


class OngeldigeParameterSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="het veld of de parameter, zoals in deze API (`wetten.0`, `adres.postcode`)")
    code = serializers.RegexField(r"^[a-z0-9]+(-[a-z0-9]+)*$", help_text="Nederlands, kleine letters met streepjes")
    reason = serializers.CharField(help_text="wat er mis is, in het Nederlands")


class FoutSerializer(serializers.Serializer):
    """Een fout volgens RFC 9457 (application/problem+json)."""

    type = serializers.URLField()
    code = serializers.RegexField(r"^[a-z0-9]+(-[a-z0-9]+)*$", help_text="Nederlands, kleine letters met streepjes")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="wat er mis is, in het Nederlands")
    instance = serializers.CharField(help_text="pad en query van het verzoek")
    invalidParams = OngeldigeParameterSerializer(many=True, required=False)
    bestaandId = serializers.IntegerField(required=False, help_text="bij 409 `dubbel`: het id van wat al bestaat")
    bestaandeIds = serializers.ListField(child=serializers.IntegerField(), required=False,
                                         help_text="bij 409 `mogelijk-dubbel`: de ids van gelijkende registraties")


def problems(*statuses: int) -> dict:
    """The problem responses an operation declares (`responses={200: X, **problems(404)}`); 400 and 401 (and 413
    and 415 with a body) every operation gets from `postprocess`."""
    return {(code, PROBLEM_JSON): OpenApiResponse(FoutSerializer, description=PROBLEMS[code]) for code in statuses}


def created(request, data, view_name: str, **kwargs) -> Response:
    """201 with `Location`: the address of the new resource (`view_name` with `kwargs`)."""
    return Response(data, status=status.HTTP_201_CREATED,
                    headers={"Location": reverse(f"api:{view_name}", kwargs=kwargs, request=request)})


HEADERS = {
    "API-Version": {
        "description": "Het volledige versienummer van deze API (NL API Design Rules); op elk antwoord, ook een fout.",
        "required": True,
        "schema": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
    },
    "Location": {
        "description": "Het adres van wat is aangemaakt.",
        "required": True,
        "schema": {"type": "string", "format": "uri"},
    },
}


def _problem_response(code: int) -> dict:
    return {"content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Fout"}}}, "description": PROBLEMS[code]}


def postprocess(result, generator, request, public):
    """drf-spectacular hook: the conventions above, on every operation of the document."""
    result["info"]["description"] = DESCRIPTION
    result["components"]["headers"] = HEADERS
    for item in result["paths"].values():
        for operation in item.values():
            responses = operation["responses"]
            universal = (400, 401, 413, 415) if "requestBody" in operation else (400, 401)
            for code in universal:
                responses.setdefault(str(code), _problem_response(code))
            body_types = list(operation.get("requestBody", {}).get("content", {}))
            if body_types and "application/json" not in body_types:  # the upload of a provider's XML message
                responses["415"]["description"] = f"De body is geen {' of '.join(body_types)}."
            for code, response in responses.items():
                if not response.get("description"):
                    response["description"] = SUCCESS.get(code, "")
                headers = response.setdefault("headers", {})
                headers["API-Version"] = {"$ref": "#/components/headers/API-Version"}
                if code == "201":
                    headers["Location"] = {"$ref": "#/components/headers/Location"}
            operation["responses"] = dict(sorted(responses.items()))
    return result
