"""Logs (issue 16 item 2; docs/operations.md "Logs, metrics en gezondheid").

Done when the logs are JSON with request ids and no personal data: the walk below reads pages full of personal data
and scans every formatted log line for it.
"""

import io
import json
import logging
import sys
import uuid

import pytest
from django.db import transaction
from django.test import Client
from prometheus_client import REGISTRY

from toegang.audit.log import log_access, log_changes
from toegang.core.logs import JsonFormatter, RequestContext, TextFormatter, current_request, scrub

from .factories import ResidentFactory, api_key, valid_bsn
from .provisions_support import case_with_goal


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


# --- metrics ---


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
