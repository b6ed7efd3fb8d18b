"""Every request: an id, one JSON log line when it is done, its latency and query count in the metrics (issue 16 item
2; docs/operations.md "Logs, metrics en gezondheid").

First in MIDDLEWARE, so the id is known to every log line of the request (toegang.core.logs) and the time covers all
the middleware below. The answer carries the id back in X-Request-ID. The closing line and the metrics name the view
by its URL name (`persons:household`), never by its path (which holds ids) or its query string (which may hold a BSN
or a name); the actor by the staff member's id, never by name or username.
"""

from __future__ import annotations

import logging
import time

from django.core.signals import request_finished
from django.db import connection
from django.dispatch import receiver

from .logs import RequestContext, accepted_request_id, current_request, new_request_id
from .metrics import REQUEST_LATENCY, REQUEST_QUERIES

logger = logging.getLogger("toegang.request")
UNRESOLVED = "(geen view)"  # a path no URL pattern matched (a 404), or a static file
# any other method is counted as "other": a client must not be able to invent label values
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class QueryCounter:
    """A connection execute wrapper that counts the statements of one request."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None and match.view_name else UNRESOLVED


class RequestObservability:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accepted_request_id(request.headers.get("X-Request-ID")) or new_request_id()
        # Set for the rest of the request, past this middleware: Django logs a 4xx answer (django.request) after the
        # middleware is done, and that line must carry the id as well. The request's end forgets it (below).
        current_request.set(RequestContext(request_id=request_id, request=request))
        counter = QueryCounter()
        start = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        duration = time.perf_counter() - start
        view = view_name(request)
        method = request.method if request.method in METHODS else "other"
        REQUEST_LATENCY.labels(view=view, method=method, status=str(response.status_code)).observe(duration)
        REQUEST_QUERIES.labels(view=view).observe(counter.count)
        response["X-Request-ID"] = request_id
        logger.info("request", extra={"view": view, "method": method, "status": response.status_code,
                                      "duration_ms": round(duration * 1000, 1), "queries": counter.count})
        return response


@receiver(request_finished, dispatch_uid="toegang-forget-request")
def forget_request(sender, **kwargs) -> None:
    """The answer is sent (the server closed it): log lines from here on belong to no request."""
    current_request.set(None)
