"""Every answer under /api/ follows the API's conventions (issue 11, point 14), also the ones no API view wrote:

- the header `API-Version` on every response, errors included (NL API Design Rules);
- an error Django answered itself — an unknown address (404), a method a plain Django view does not take (405),
  a server error (500) — becomes application/problem+json like every other API error, never the HTML error page.

First in MIDDLEWARE, so it also sees what the middleware below it refuses (RequestLimitsMiddleware's 400 and 413).
"""

from __future__ import annotations

from django.http import JsonResponse

from .conventions import PROBLEM_JSON, api_version
from .errors import problem_body

DETAILS = {
    # a session that has not given its second factor yet (accounts/sessions.SecondFactor)
    401: ("niet-ingelogd", "Niet ingelogd: geef eerst uw tweede factor (de code uit de authenticator-app), of "
                           "gebruik een API-sleutel."),
    404: ("niet-gevonden", "Onbekend adres: hier is geen resource van deze API."),
    405: ("methode-niet-toegestaan", "Methode {method} is hier niet toegestaan."),
    500: ("interne-fout", "Er ging iets mis aan onze kant. De fout is gelogd."),
}


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


class ApiConventions:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_api(request):
            return response
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(PROBLEM_JSON):
            response = self._as_problem(request, response)
        response["API-Version"] = api_version()
        return response

    def _as_problem(self, request, response):
        code, detail = DETAILS.get(response.status_code, ("fout", "Het verzoek is niet gelukt."))
        body = problem_body(request, response.status_code, code, detail.format(method=request.method))
        problem = JsonResponse(body, status=response.status_code, content_type=PROBLEM_JSON,
                               json_dumps_params={"ensure_ascii": False})
        if response.has_header("Allow"):
            problem["Allow"] = response["Allow"]
        return problem
