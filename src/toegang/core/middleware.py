"""Request limits (issue 9): bad input is refused before it reaches a view or the database.

- A body over the limit answers 413 (TOEGANG_MAX_BODY_BYTES for JSON and forms; document uploads, multipart, get
  TOEGANG_DOCUMENT_MAX_BYTES plus room for the form around the file), read from CONTENT_LENGTH, so the body is never read.
- A NUL byte in the path, the query string, a header or a posted form field answers 400: PostgreSQL cannot store
  NUL in text, and no user types one.
- A ValidationFailed raised by a page while reading its query parameters answers 400 with the Dutch message.

The API answers in RFC 7807 problem+json (the shape of toegang.api.errors, which this lower layer cannot import);
pages answer with the Dutch error page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render

from toegang.core.errors import ValidationFailed

TITLES = {400: "Ongeldige invoer.", 413: "Verzoek te groot."}


def has_nul(value: str) -> bool:
    return "\x00" in value


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def refuse(request, status: int, code: str, detail: str, invalid: list[dict] | None = None):
    """The answer to a refused request: problem+json for the API, the Dutch error page otherwise."""
    if is_api(request):
        body = {"type": f"https://toegang.example/problemen/{code}", "code": code, "title": TITLES.get(status, "Fout."),
                "status": status, "detail": detail, "instance": request.get_full_path()}
        if invalid:
            body["invalidParams"] = invalid
        return JsonResponse(body, status=status, content_type="application/problem+json")
    message = detail + "".join(f" {item['reason']}" for item in invalid or [] if item["reason"] != detail)
    return render(request, "ui/error.html", {"title": TITLES.get(status, "Fout.").rstrip("."), "message": message},
                  status=status)


def _body_limit(request) -> int:
    if request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
        return settings.TOEGANG_DOCUMENT_MAX_BYTES + settings.TOEGANG_MAX_BODY_BYTES
    return settings.TOEGANG_MAX_BODY_BYTES


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}".replace(".", ",")


def _nul_parameter(request) -> str | None:
    """The name of the first query parameter, header or form field holding a NUL byte."""
    if has_nul(request.path_info):
        return "pad"
    for key, values in request.GET.lists():
        if has_nul(key) or any(has_nul(v) for v in values):
            return key.replace("\x00", "")
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str) and has_nul(value):
            return key[5:].replace("_", "-").title()
    if not is_api(request) and request.method == "POST":
        for key, values in request.POST.lists():
            if has_nul(key) or any(has_nul(v) for v in values):
                return key.replace("\x00", "")
    return None


class RequestLimitsMiddleware:
    """Refuse a too large body (413) and NUL bytes (400) before any view runs; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refuse(request, 400, "ongeldige-lengte", "De header Content-Length is geen getal.")
        limit = _body_limit(request)
        if length > limit:
            return refuse(request, 413, "te-groot",
                          f"Het verzoek is te groot ({_megabytes(length)} MB); de grens is {_megabytes(limit)} MB.")
        try:
            name = _nul_parameter(request)
        except RequestDataTooBig:  # a multipart form whose fields (not its files) are over the limit
            return refuse(request, 413, "te-groot", f"Het verzoek is te groot: de formuliervelden samen mogen "
                                                     f"hoogstens {_megabytes(settings.TOEGANG_MAX_BODY_BYTES)} MB zijn.")
        if name is not None:
            reason = "Bevat een ongeldig teken (NUL)."
            return refuse(request, 400, "ongeldig-teken", f"De parameter '{name}' bevat een ongeldig teken (NUL).",
                          [{"name": name, "code": "ongeldig-teken", "reason": reason}])
        return self.get_response(request)

    def process_exception(self, request, exception):
        """A page that finds a query parameter it cannot use says so (400), instead of ignoring it or crashing."""
        if is_api(request) or not isinstance(exception, ValidationFailed):
            return None
        invalid = [{"name": name, "code": exception.code, "reason": reason}
                   for name, reasons in exception.field_errors.items() for reason in reasons]
        return refuse(request, 400, exception.code, exception.message, invalid)
