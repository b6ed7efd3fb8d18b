"""Logs, metrics and health (issue 16 item 2; docs/operations.md "Logs, metrics en gezondheid").

Done when /metrics is served and protected, and the logs are JSON with request ids and no personal data: the walk
below reads pages full of personal data and scans every formatted log line for it.
"""

import datetime as dt
import io
import json
import logging
import sys
import threading
import uuid
from pathlib import Path

import pytest
import redis
import time_machine
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone
from prometheus_client import REGISTRY

from toegang.audit.log import log_access, log_changes
from toegang.audit.models import AccessLog
from toegang.core.logs import JsonFormatter, RequestContext, TextFormatter, current_request, scrub
from toegang.core.metrics import record_job_failure
from toegang.deadlines.models import Clock
from toegang.deadlines.queries import overdue_clocks_per_team
from toegang.jobs.kinds import KINDS, Kind
from toegang.jobs.queue import run_in_background
from toegang.monitoring import collectors

from .factories import ResidentFactory, api_key, valid_bsn
from .provisions_support import case_with_goal
from .test_security_headers import check_deploy, production_env

TOKEN = "een-geheim-van-ruim-tweeendertig-tekens-lang"
LOCAL_REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
def log_output():
    """Every log line of the test as the configured JSON formatter writes it (settings.LOGGING), at INFO and up."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def lines_of(stream) -> list[dict]:
    text = stream.getvalue()
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines, "nothing was logged"
    return [json.loads(line) for line in lines]  # every line is one JSON object, or this fails


def redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(LOCAL_REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


# --- logs ---


def test_a_walk_through_personal_data_logs_json_lines_without_personal_data(staff, profile, log_output):
    generalist = staff["generalist"]
    casus, mother, child, _ = case_with_goal(generalist)
    client = Client()
    client.force_login(generalist)
    household = mother.household_id
    log_output.seek(0)
    log_output.truncate(0)  # from here on every line belongs to a request
    for url in [f"/huishoudens/{household}/", f"/inwoners/{mother.pk}/", f"/zoeken/?bsn={mother.bsn}",
                f"/zoeken/?naam={mother.geslachtsnaam}", f"/casussen/{casus.pk}/", "/",
                f"/bestaat-niet/?bsn={mother.bsn}&naam={child.geslachtsnaam}"]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert response["X-Request-ID"]
    # a form posted with personal data in it (a refused one: the text typed must not reach the log either)
    client.post("/inwoners/nieuw/", {"bsn": valid_bsn(900), "geslachtsnaam": mother.geslachtsnaam})
    anonymous = Client().get(f"/huishoudens/{household}/")  # the login page, no actor
    assert anonymous.status_code == 302

    lines = lines_of(log_output)
    requests = [line for line in lines if line["logger"] == "toegang.request"]
    assert len(requests) == 9
    for line in lines:
        assert {"timestamp", "level", "logger", "event", "request_id", "actor_id"} <= line.keys(), line
        assert line["request_id"], line
    for line in requests[:-1]:
        assert line["actor_id"] == generalist.pk, line
        assert {"view", "method", "status", "duration_ms", "queries"} <= line.keys()
    assert requests[-1]["actor_id"] is None
    assert [line["view"] for line in requests[:5]] == ["persons:household", "persons:resident", "persons:search",
                                                        "persons:search", "cases:case"]
    assert requests[6]["status"] == 404 and requests[6]["view"] == "(geen view)"
    assert any(line["logger"] == "django.request" for line in lines)  # Django's "Not Found", without the query
    text = log_output.getvalue()
    forbidden = {mother.bsn, child.bsn, valid_bsn(900), generalist.username, generalist.get_full_name(),
                 mother.full_name, mother.geslachtsnaam, mother.voornamen, child.full_name, child.geslachtsnaam,
                 "bsn=", "naam=", f"/huishoudens/{household}", f"/casussen/{casus.pk}"}
    found = {value for value in forbidden if value and value in text}
    assert found == set(), f"personal data or paths in the log: {found}"


def test_an_api_request_logs_the_key_holders_id_and_never_the_key(staff, profile, log_output):
    key = api_key(staff["balie"])
    mother = ResidentFactory()
    log_output.seek(0)
    log_output.truncate(0)
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(f"/api/v1/inwoners?bsn={mother.bsn}")
    assert response.status_code == 200
    (line,) = [line for line in lines_of(log_output) if line["logger"] == "toegang.request"]
    assert line["actor_id"] == staff["balie"].pk and line["view"] == "api:inwoner-list"
    text = log_output.getvalue()
    assert key not in text and mother.bsn not in text and staff["balie"].username not in text


def test_a_well_formed_request_id_is_kept_and_a_malformed_one_replaced(client, db, log_output):
    given = uuid.uuid4().hex
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    made = client.get("/healthz", HTTP_X_REQUEST_ID="Jan Jansen 123456782 <script>")["X-Request-ID"]
    assert made != given and len(made) == 32 and made.isalnum()
    assert [line["request_id"] for line in lines_of(log_output)] == [given, made]


def record(message, *args, exc_info=None, **extra):
    item = logging.LogRecord("toegang.test", logging.ERROR, __file__, 1, message, args, exc_info)
    item.__dict__.update(extra)
    return item


def test_the_json_formatter_writes_fixed_fields_only():
    item = record("bericht %s niet verwerkt", "JW301", request=object(), status=500, view="cases:case", password="x")
    line = json.loads(JsonFormatter().format(item))
    assert line.keys() == {"timestamp", "level", "logger", "event", "request_id", "actor_id", "status", "view"}
    assert line["event"] == "bericht JW301 niet verwerkt" and line["level"] == "error"
    assert line["request_id"] is None and line["timestamp"].endswith("+00:00")


def test_the_formatters_cut_query_strings_and_mask_bsns_in_events_and_exceptions():
    bsn = valid_bsn(7)
    try:
        raise ValueError(f"Key (bsn)=({bsn}) already exists")
    except ValueError:
        item = record('"GET /zoeken/?bsn=%s&naam=Jansen HTTP/1.1" 200', bsn, exc_info=sys.exc_info())
    line = json.loads(JsonFormatter().format(item))
    assert line["event"] == '"GET /zoeken/?[verwijderd] HTTP/1.1" 200'
    assert bsn not in line["exception"] and "(bsn)=([bsn])" in line["exception"]
    assert bsn not in TextFormatter().format(item) and "Jansen" not in TextFormatter().format(item)
    assert scrub("order 123456789 of 12345678901") == "order 123456789 of 12345678901"  # no elfproef, no BSN


def test_the_text_formatter_names_the_request():
    assert TextFormatter().format(record("hallo")) == "ERROR   toegang.test [-] hallo"
    token = current_request.set(RequestContext(request_id="abc12345"))
    try:
        line = TextFormatter().format(record("klaar", view="cases:case", status=200))
    finally:
        current_request.reset(token)
    assert line == "ERROR   toegang.test [abc12345] klaar view=cases:case status=200"


# --- health ---


def test_healthz_answers_without_the_database(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("database weg")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    monkeypatch.undo()
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_the_database(client, db, monkeypatch, settings):
    settings.TOEGANG_REDIS_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "niet ingesteld"}}

    def broken(*args, **kwargs):
        raise OSError("database weg")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/readyz")
    monkeypatch.undo()
    assert response.status_code == 503
    assert response.json() == {"status": "niet gereed", "checks": {"database": "onbereikbaar",
                                                                    "redis": "niet ingesteld"}}
    assert "weg" not in response.content.decode()  # the failure's text stays in the log


def test_readyz_checks_redis_when_it_is_configured(client, db, settings):
    settings.TOEGANG_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "onbereikbaar"}
    if not redis_up():
        pytest.skip("no local Redis")
    settings.TOEGANG_REDIS_URL = LOCAL_REDIS
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


# --- metrics ---


def test_metrics_do_not_exist_without_a_token(client, db, settings):
    settings.TOEGANG_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_metrics_need_the_bearer_token(client_for, db, settings):
    settings.TOEGANG_METRICS_TOKEN = TOKEN
    for headers in [{}, {"HTTP_AUTHORIZATION": "Bearer fout"}, {"HTTP_AUTHORIZATION": f"Basic {TOKEN}"},
                    {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}x"}]:
        response = Client().get("/metrics", **headers)
        assert response.status_code == 401, headers
        assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'
        assert "toegang_" not in response.content.decode()
    # a staff session is no token: a beheerder is refused as well
    assert client_for("beheer").get("/metrics").status_code == 401
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in response["Cache-Control"]
    assert Client().post("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405


def scrape() -> str:
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    return response.content.decode()


def test_metrics_name_views_not_paths(staff, profile, settings):
    settings.TOEGANG_METRICS_TOKEN = TOKEN
    casus, mother, *_ = case_with_goal(staff["generalist"])
    client = Client()
    client.force_login(staff["generalist"])
    assert client.get(f"/huishoudens/{mother.household_id}/").status_code == 200
    assert client.get(f"/zoeken/?bsn={mother.bsn}").status_code == 200
    record_job_failure("dashboard_export")
    text = scrape()
    for name in ["toegang_request_duration_seconds_bucket", "toegang_request_queries_bucket",
                 "toegang_audit_append_duration_seconds_bucket", "toegang_job_failures_total",
                 "# TYPE toegang_clocks_overdue gauge", "process_cpu_seconds_total"]:
        assert name in text, name
    assert 'toegang_request_duration_seconds_count{method="GET",status="200",view="persons:household"}' in text
    assert 'toegang_request_queries_count{view="persons:search"}' in text
    assert 'toegang_audit_append_duration_seconds_count{log="access",mode="one"}' in text
    assert 'toegang_audit_append_duration_seconds_count{log="change",mode="one"}' in text
    assert 'toegang_job_failures_total{job="dashboard_export"}' in text
    assert "/huishoudens/" not in text and mother.bsn not in text and mother.geslachtsnaam not in text


def test_clocks_overdue_are_counted_per_team(staff, profile, settings):
    settings.TOEGANG_METRICS_TOKEN = TOKEN
    case_with_goal(staff["generalist"])
    running = Clock.objects.filter(stopped_on__isnull=True, suspended_since__isnull=True)
    assert running.exists()
    later = timezone.now() + dt.timedelta(days=800)
    assert overdue_clocks_per_team() == []
    with time_machine.travel(later, tick=False):
        rows = overdue_clocks_per_team()
        text = scrape()
    assert sum(row["overdue"] for row in rows) == running.count()
    for row in rows:
        team = row["team__code"] or "geen"
        assert f'toegang_clocks_overdue{{gemeente="{row["gemeente__cbs_code"]}",team="{team}"}} {row["overdue"]}.0' \
            in text


def test_job_queue_depth_is_read_from_redis(db, settings):
    settings.TOEGANG_METRICS_TOKEN = TOKEN
    settings.TOEGANG_REDIS_URL = ""
    assert "toegang_job_queue" not in scrape()
    settings.TOEGANG_REDIS_URL = "redis://127.0.0.1:1/0"
    assert "toegang_job_queue_up 0.0" in scrape()
    if not redis_up():
        pytest.skip("no local Redis")
    queue = f"toegang-test-{uuid.uuid4().hex}"
    settings.TOEGANG_REDIS_URL = LOCAL_REDIS
    settings.TOEGANG_JOB_QUEUES = [queue]
    server = redis.Redis.from_url(LOCAL_REDIS)
    try:
        server.rpush(queue, "a", "b", "c")
        text = scrape()
    finally:
        server.delete(queue)
    assert "toegang_job_queue_up 1.0" in text
    assert f'toegang_job_queue_depth{{queue="{queue}"}} 3.0' in text


def test_metrics_still_answer_when_the_database_does_not(db, settings, monkeypatch):
    settings.TOEGANG_METRICS_TOKEN = TOKEN

    def broken(*args, **kwargs):
        raise DatabaseError("database weg")

    monkeypatch.setattr(collectors, "overdue_clocks_per_team", broken)
    text = scrape()
    assert "toegang_request_duration_seconds" in text and "toegang_clocks_overdue" not in text


def test_every_audit_append_is_timed(staff, profile, actor_of):
    def count(log, mode):
        return REGISTRY.get_sample_value("toegang_audit_append_duration_seconds_count", {"log": log, "mode": mode}) or 0

    resident = ResidentFactory()
    actor = actor_of(staff["balie"])
    before = count("access", "one"), count("change", "batch")
    log_access(actor=actor, subject_ids=[resident.pk], purpose="inzien", channel="ui")  # outside a request: at once
    with transaction.atomic():
        log_changes(actor=actor, entries=[{"event": "test.een", "object_type": "test", "object_id": 1},
                                          {"event": "test.twee", "object_type": "test", "object_id": 2}])
    assert (count("access", "one"), count("change", "batch")) == (before[0] + 1, before[1] + 1)


def test_production_refuses_a_short_metrics_token():
    src = str(Path(__file__).resolve().parent.parent / "src")  # this checkout's code, whatever is installed
    result = check_deploy(production_env(TOEGANG_METRICS_TOKEN="kort", PYTHONPATH=src))
    assert result.returncode != 0 and "TOEGANG_METRICS_TOKEN is te kort" in result.stderr
    assert check_deploy(production_env(TOEGANG_METRICS_TOKEN=TOKEN, PYTHONPATH=src)).returncode == 0


def test_metrics_add_up_the_workers_under_a_multi_process_server(db, settings, monkeypatch, tmp_path):
    """PROMETHEUS_MULTIPROC_DIR (gunicorn with several workers): the workers' files, plus what is computed now."""
    settings.TOEGANG_METRICS_TOKEN = TOKEN
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    text = scrape()
    assert "# TYPE toegang_clocks_overdue gauge" in text
    assert "process_cpu_seconds_total" not in text  # this process's own registry is not what is read


def test_health_and_metrics_read_no_personal_data(staff, profile, settings):
    """No access-log row: nothing of a person is read, whatever the answer."""
    settings.TOEGANG_METRICS_TOKEN = TOKEN
    case_with_goal(staff["generalist"])
    before = AccessLog.objects.count()
    for url in ["/healthz", "/readyz", "/metrics"]:
        Client().get(url, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        Client().get(url)
    assert AccessLog.objects.count() == before


def failing_export():
    raise RuntimeError("export mislukt")


def test_a_failed_background_job_is_counted_and_logged_with_the_request_id(settings, log_output, monkeypatch,
                                                                           transactional_db):
    """A job run in a thread of the web process (no broker, not eager) logs each failed attempt with the id of the
    request that started it; when it runs out of attempts it is counted, and /metrics shows it as failed."""
    monkeypatch.setitem(KINDS, "mislukt_export", Kind("tests.test_observability.failing_export", "Proef"))
    settings.TOEGANG_JOBS_EAGER = False
    settings.TOEGANG_JOBS_MAX_ATTEMPTS = 1
    settings.TOEGANG_METRICS_TOKEN = TOKEN
    before = REGISTRY.get_sample_value("toegang_job_failures_total", {"job": "mislukt_export"}) or 0
    token = current_request.set(RequestContext(request_id="verzoek-1234"))
    try:
        job = run_in_background(failing_export)  # no transaction around it: the thread starts at once
    finally:
        current_request.reset(token)
    for thread in threading.enumerate():
        if thread.name == f"toegang-job-{job.pk}":
            thread.join(timeout=10)
    assert REGISTRY.get_sample_value("toegang_job_failures_total", {"job": "mislukt_export"}) == before + 1
    (line,) = [line for line in lines_of(log_output) if line["logger"] == "toegang.jobs.runner"]
    assert line["request_id"] == "verzoek-1234" and "export mislukt" in line["exception"]
    assert "toegang_jobs_failed 1.0" in scrape()
