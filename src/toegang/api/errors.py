"""Errors as RFC 7807 application/problem+json with a Dutch `detail` and the failing fields (`invalidParams`),
as the NL API Design Rules ask. No error ever answers with a stack trace.

Every code is Dutch, lowercase with hyphens (issue 11, point 14): a domain error carries its own (core.errors), and
the codes Django REST framework gives a field (`required`, `max_length`, ...) are translated here (`FIELD_CODES`).
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from toegang.core.errors import DomainError, Duplicate

from .authentication import WWW_AUTHENTICATE
from .conventions import PROBLEM_JSON
from .inputs import input_field_names
from .parsers import InvalidBody

logger = logging.getLogger(__name__)

TITLES = {
    400: "Ongeldige invoer.",
    401: "Niet ingelogd.",
    403: "Geen toegang.",
    404: "Niet gevonden.",
    405: "Methode niet toegestaan.",
    409: "Conflict.",
    413: "Verzoek te groot.",
    415: "Niet-ondersteund mediatype.",
    429: "Te veel verzoeken.",
    500: "Interne fout.",
}


# Django REST framework's error codes of the serializer fields the API uses -> ours. A code not listed becomes
# `ongeldige-invoer`, so no English code ever reaches a client; tests/test_api_contract.py checks that every code
# of every input field is listed.
FIELD_CODES = {
    "required": "verplicht",
    "null": "verplicht",
    "blank": "verplicht",
    "empty": "verplicht",
    "invalid": "ongeldige-invoer",
    "invalid_choice": "onbekende-waarde",
    "not_a_list": "geen-lijst",
    "not_a_dict": "geen-object",
    "max_length": "te-lang",
    "max_string_length": "te-lang",
    "min_length": "te-kort",
    "max_value": "te-groot",
    "min_value": "te-klein",
    "max_digits": "te-veel-cijfers",
    "max_decimal_places": "te-veel-cijfers",
    "max_whole_digits": "te-veel-cijfers",
    "date": "ongeldige-invoer",
    "datetime": "ongeldige-invoer",
    "make_aware": "ongeldige-invoer",
    "overflow": "ongeldige-invoer",
    "surrogate_characters_not_allowed": "ongeldig-teken",
    "null_characters_not_allowed": "ongeldig-teken",
}


def field_code(detail) -> str:
    return FIELD_CODES.get(getattr(detail, "code", "invalid"), "ongeldige-invoer")


def _flatten(detail, prefix: str = "") -> list[dict]:
    out: list[dict] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else "nonFieldErrors"
            out += _flatten(value, f"{prefix}.{name}" if prefix else name)
    elif isinstance(detail, list):
        if all(not isinstance(v, dict | list) for v in detail):
            for value in detail:
                out.append({"name": prefix or "nonFieldErrors", "code": field_code(value), "reason": str(value)})
        else:
            for index, value in enumerate(detail):
                out += _flatten(value, f"{prefix}.{index}")
    else:
        out.append({"name": prefix or "nonFieldErrors", "code": field_code(detail), "reason": str(detail)})
    return out


def problem_body(request, status_code: int, code: str, detail: str, invalid: list[dict] | None = None,
                 **extra) -> dict:
    body = {
        "type": f"https://toegang.example/problemen/{code}",
        "code": code,
        "title": TITLES.get(status_code, "Fout."),
        "status": status_code,
        "detail": detail,
        "instance": request.get_full_path() if request is not None else "",
    }
    if invalid:
        body["invalidParams"] = invalid
    body.update(extra)
    return body


class ProblemResponse(Response):
    """A problem is JSON whatever the view would render otherwise (the schema view renders YAML)."""

    @property
    def accepted_renderer(self):
        return JSONRenderer()

    @accepted_renderer.setter
    def accepted_renderer(self, value):  # the view's negotiated renderer does not apply to a problem
        pass


def problem(request, status_code: int, code: str, detail: str, invalid: list[dict] | None = None, **extra) -> Response:
    return ProblemResponse(problem_body(request, status_code, code, detail, invalid, **extra), status=status_code,
                    content_type=PROBLEM_JSON)


def problem_exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, DomainError):
        # The action names its fields; the API names them as the serializer of this request does (api.inputs).
        names = input_field_names(request)
        invalid = [{"name": names.get(name, name), "code": exc.code, "reason": reason}
                   for name, reasons in exc.field_errors.items() for reason in reasons]
        extra = {"bestaandId": exc.existing_id} if isinstance(exc, Duplicate) and exc.existing_id else {}
        if getattr(exc, "existing_ids", None):
            extra = {"bestaandeIds": exc.existing_ids}
        return problem(request, exc.status, exc.code, exc.message, invalid, **extra)
    if isinstance(exc, Http404):
        return problem(request, 404, "niet-gevonden", "Niet gevonden.")
    if isinstance(exc, PermissionDenied):
        return problem(request, 403, "geen-toegang", "U heeft geen toegang tot deze gegevens.")
    if isinstance(exc, InvalidBody):
        return problem(request, 400, exc.problem_code, str(exc.detail),
                       [{"name": exc.name, "code": exc.problem_code, "reason": exc.reason}])
    if isinstance(exc, exceptions.ParseError):
        return problem(request, 400, "ongeldige-json", "De body is geen geldige JSON.")
    if isinstance(exc, RequestDataTooBig):
        return problem(request, 413, "te-groot", "Het verzoek is te groot.")
    if isinstance(exc, exceptions.ValidationError):
        return problem(request, 400, "ongeldige-invoer", "Een of meer velden zijn niet juist.", _flatten(exc.detail))
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # an API key that was refused says why (api.authentication); otherwise nobody is logged in
        refused = getattr(exc, "problem_code", None)
        response = problem(request, 401, refused or "niet-ingelogd",
                           str(exc.detail) if refused else "Log in of stuur een geldige API-sleutel mee.")
        response["WWW-Authenticate"] = WWW_AUTHENTICATE  # RFC 9110 §15.5.2: a 401 names its scheme
        return response
    if isinstance(exc, exceptions.PermissionDenied):
        return problem(request, 403, "geen-toegang", "U heeft geen toegang tot deze gegevens.")
    if isinstance(exc, exceptions.NotFound):
        return problem(request, 404, "niet-gevonden", "Niet gevonden.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return problem(request, 405, "methode-niet-toegestaan", f"Methode {request.method} is hier niet toegestaan.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return problem(request, 415, "mediatype", "Stuur de body als application/json.")
    if isinstance(exc, exceptions.APIException):
        response = exception_handler(exc, context)
        return problem(request, response.status_code, "fout", str(exc.detail))
    logger.exception("Onverwachte fout in de API", exc_info=exc)
    return problem(request, status.HTTP_500_INTERNAL_SERVER_ERROR, "interne-fout",
                   "Er ging iets mis aan onze kant. De fout is gelogd.")
