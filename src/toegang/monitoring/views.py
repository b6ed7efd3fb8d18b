"""/healthz, /readyz and /metrics: no login (a load balancer and Prometheus have none), no personal data read and so
no access-log row (docs/operations.md "Logs, metrics en gezondheid").

- /healthz (liveness): 200 whenever the process answers; touches nothing else, so a database outage never gets every
  web process restarted.
- /readyz (readiness): the database (SELECT 1) and, when TOEGANG_REDIS_URL is set, Redis (PING); 503 with which part
  failed, so the load balancer sends no traffic to a process that cannot serve it. The failure's text stays in the
  log, not in the answer.
- /metrics: default deny. Without TOEGANG_METRICS_TOKEN it does not exist (404); with it, only a request with
  `Authorization: Bearer <token>` gets the metrics, anything else 401.
"""

from __future__ import annotations

import hmac
import logging
import os

import redis
from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe
from prometheus_client import REGISTRY, CollectorRegistry, multiprocess
from prometheus_client.exposition import choose_encoder

from .collectors import ClocksOverdue, JobQueue, JobsFailed, redis_client

logger = logging.getLogger(__name__)
OK, DOWN, NOT_SET = "ok", "onbereikbaar", "niet ingesteld"


@require_safe
def healthz(request):
    return JsonResponse({"status": OK})


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means not ready
        logger.error("Readiness: the database does not answer (%s).", type(exc).__name__)
        return False
    return True


def redis_answers(url: str) -> bool:
    try:
        redis_client(url).ping()
    except redis.RedisError as exc:
        logger.error("Readiness: Redis does not answer (%s).", type(exc).__name__)
        return False
    return True


@require_safe
def readyz(request):
    checks = {"database": OK if database_answers() else DOWN}
    url = settings.TOEGANG_REDIS_URL
    checks["redis"] = (OK if redis_answers(url) else DOWN) if url else NOT_SET
    ready = DOWN not in checks.values()
    return JsonResponse({"status": OK if ready else "niet gereed", "checks": checks}, status=200 if ready else 503)


def bearer_token(request) -> str:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def scrape_registry() -> CollectorRegistry:
    """This process's metrics (or, under a multi-process server with PROMETHEUS_MULTIPROC_DIR, every worker's) and
    the ones computed now."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REGISTRY)
    registry.register(ClocksOverdue())
    registry.register(JobQueue())
    registry.register(JobsFailed())
    return registry


@require_safe
def metrics(request):
    expected = settings.TOEGANG_METRICS_TOKEN
    if not expected:
        raise Http404
    if not hmac.compare_digest(bearer_token(request).encode(), expected.encode()):
        response = HttpResponse("Bearer-token ontbreekt of klopt niet.\n", status=401,
                                content_type="text/plain; charset=utf-8")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    # the text format the scraper asks for in Accept (Prometheus 2 and 3, OpenMetrics)
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    return HttpResponse(encode(scrape_registry()), content_type=content_type)
