"""Background jobs (issue 16; docs/operations.md "Achtergrondtaken"): a job is recorded, attempted, retried up to its
limit, ends `klaar` or `mislukt` with its arguments, and functional administration runs a failed one again.

Without a broker (the suite's settings) a job runs at once in the process (TOEGANG_JOBS_EAGER). The tests marked
`redis` run a real Celery worker against Redis on a queue of this run's own, so two runs side by side never take
each other's tasks; they skip without Redis unless TOEGANG_REQUIRE_REDIS=1 (.ci/run)."""

from __future__ import annotations

import os
import time
import uuid
from queue import Empty, Queue

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.module_loading import import_string

from toegang.audit.models import ChangeLog
from toegang.core.actor import SYSTEM
from toegang.core.celery import app as toegang_celery_app
from toegang.jobs import actions, queries, queue
from toegang.jobs.kinds import KINDS, Kind, kind_of, label_of
from toegang.jobs.models import Job
from toegang.jobs.schedule import PERIODIC_TASK, beat_schedule, schedule_entries
from toegang.jobs.worker import JOB_TASK, run_periodic

REDIS_URL = os.environ.get("TOEGANG_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

# What the test kinds do, shared with the worker thread: how many attempts fail before one succeeds, and the calls.
FAILURES_LEFT = {"count": 0}
CALLS: list[tuple] = []


def proof_work(*args) -> None:
    CALLS.append(args)


def flaky_work(*args) -> None:
    CALLS.append(args)
    if FAILURES_LEFT["count"] > 0:
        FAILURES_LEFT["count"] -= 1
        raise ConnectionError("de postbus van het knooppunt antwoordt niet")


@pytest.fixture(autouse=True)
def test_kinds(monkeypatch):
    monkeypatch.setitem(KINDS, "proef", Kind("tests.test_jobs.proof_work", "Proeftaak"))
    monkeypatch.setitem(KINDS, "wankel", Kind("tests.test_jobs.flaky_work", "Wankele proeftaak"))
    FAILURES_LEFT["count"] = 0
    CALLS.clear()


def events_of(job: Job) -> list[str]:
    return list(ChangeLog.objects.filter(object_type="jobs.job", object_id=str(job.pk)).order_by("seq")
                .values_list("event", flat=True))


# --- the schedule as data ---------------------------------------------------------------------------------------


def test_every_scheduled_entry_names_a_kind_whose_work_exists():
    entries = schedule_entries()
    assert set(entries) >= {"herbeoordelingen", "termijnsignalen", "berichten-ophalen", "audit-checkpoint"}
    for name, entry in entries.items():
        assert entry["soort"] in KINDS, name
        assert callable(import_string(KINDS[entry["soort"]].function)), name
    assert settings.CELERY_BEAT_SCHEDULE == beat_schedule()
    daily = settings.CELERY_BEAT_SCHEDULE["herbeoordelingen"]
    assert daily["task"] == PERIODIC_TASK and daily["args"] == ["herbeoordelingen"]
    assert daily["schedule"].hour == {5} and daily["schedule"].minute == {30}


def test_every_kind_has_a_dutch_label_and_a_function():
    for name, kind in KINDS.items():
        assert callable(import_string(kind.function)), name
        assert label_of(name) and label_of(name) != name
    assert label_of("verdwenen") == "Onbekende taak"


def test_a_function_that_is_no_kind_is_refused():
    with pytest.raises(ValueError):
        kind_of(events_of)


# --- in the process (no broker: `make run`, the suite) ----------------------------------------------------------


def test_a_job_runs_at_once_and_is_recorded_done(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = queue.run_in_background(proof_work, 12, "2026-12-03")
    job.refresh_from_db()
    assert CALLS == [(12, "2026-12-03")]
    assert (job.kind, job.arguments, job.state, job.attempts) == ("proef", [12, "2026-12-03"], Job.State.DONE, 1)
    assert job.finished_at is not None and job.last_error == ""
    assert events_of(job) == ["achtergrondtaak.ingepland", "achtergrondtaak.klaar"]


def test_a_failing_job_is_retried_and_done_when_an_attempt_succeeds(db, django_capture_on_commit_callbacks):
    FAILURES_LEFT["count"] = 2
    with django_capture_on_commit_callbacks(execute=True):
        job = queue.run_in_background(flaky_work, 7)
    job.refresh_from_db()
    assert (job.state, job.attempts, job.max_attempts) == (Job.State.DONE, 3, 3)
    assert len(CALLS) == 3


def test_a_job_that_keeps_failing_ends_failed_with_its_arguments(db, django_capture_on_commit_callbacks):
    FAILURES_LEFT["count"] = 10
    with django_capture_on_commit_callbacks(execute=True):
        job = queue.run_in_background(flaky_work, 7)
    job.refresh_from_db()
    assert (job.state, job.attempts, job.arguments) == (Job.State.FAILED, 3, [7])
    assert job.last_error == "ConnectionError"  # the kind of error, never its text (which may hold personal data)
    assert events_of(job) == ["achtergrondtaak.ingepland", "achtergrondtaak.mislukt"]
    failed = ChangeLog.objects.get(event="achtergrondtaak.mislukt")
    assert failed.new == {"soort": "wankel", "pogingen": 3, "fout": "ConnectionError"}
    assert queries.failed_job_count() == 1


def test_a_message_delivered_twice_does_not_run_a_finished_job_again(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = queue.run_in_background(proof_work, 1)
    queue.run_here(job.pk)
    assert len(CALLS) == 1


@pytest.mark.parametrize("kind", ["herbeoordelingen", "termijnsignalen", "berichten-ophalen", "audit-checkpoint",
                                  "verwijsindex-verlopen"])
def test_each_scheduled_kind_runs_its_command_s_work(db, kind, settings, tmp_path, django_capture_on_commit_callbacks):
    # a checkpoint of this test's own: the run's directory would hold it against the flushed database of later tests
    settings.AUDIT_CHECKPOINT_DIR = tmp_path
    job = actions.do_queue_job(actor=SYSTEM, kind=kind, arguments=[])
    queue.run_here(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.last_error
    assert bool(list(tmp_path.glob("checkpoint-*.json"))) == (kind == "audit-checkpoint")


# --- the page Achtergrondtaken ------------------------------------------------------------------------------------


def failed_job() -> Job:
    FAILURES_LEFT["count"] = 10
    job = actions.do_queue_job(actor=SYSTEM, kind="wankel", arguments=[7])
    queue.run_here(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    return job


def test_functional_administration_sees_the_failed_job_and_runs_it_again(client_for,
                                                                         django_capture_on_commit_callbacks,
                                                                         django_assert_max_num_queries):
    job = failed_job()
    done = actions.do_queue_job(actor=SYSTEM, kind="proef", arguments=[])
    queue.run_here(done.pk)
    client = client_for("beheer")
    with django_assert_max_num_queries(20):
        page = client.get(reverse("jobs:list"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Wankele proeftaak" in text and "Proeftaak" in text and "Mislukt" in text and "Opnieuw uitvoeren" in text
    assert "wankel" not in text.replace("Wankele", "")  # the label, never the code
    only_failed = client.get(reverse("jobs:list"), {"status": "mislukt"}).content.decode()
    assert "Wankele proeftaak" in only_failed and f"taaknummer {done.pk}" not in only_failed

    FAILURES_LEFT["count"] = 0
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("jobs:rerun", args=[job.pk]))
    assert answer.status_code == 302 and answer["Location"] == reverse("jobs:list")
    job.refresh_from_db()
    assert (job.state, job.attempts, job.arguments) == (Job.State.DONE, 1, [7])
    assert events_of(job)[-2:] == ["achtergrondtaak.opnieuw_gestart", "achtergrondtaak.klaar"]
    rerun = ChangeLog.objects.get(event="achtergrondtaak.opnieuw_gestart")
    assert rerun.old == {"status": "mislukt", "pogingen": 3, "fout": "ConnectionError"}
    assert "wordt opnieuw uitgevoerd" in client.get(reverse("jobs:list")).content.decode()


def test_a_job_that_did_not_fail_is_not_run_again(client_for):
    job = actions.do_queue_job(actor=SYSTEM, kind="proef", arguments=[])
    queue.run_here(job.pk)
    answer = client_for("beheer").post(reverse("jobs:rerun", args=[job.pk]))
    assert answer.status_code == 409
    assert "Alleen een mislukte taak kan opnieuw worden uitgevoerd" in answer.content.decode()
    assert len(CALLS) == 1


@pytest.mark.parametrize("role", ["generalist", "teamleider", "privacy"])
def test_others_neither_see_nor_run_jobs(client_for, role):
    job = failed_job()
    client = client_for(role)
    assert client.get(reverse("jobs:list")).status_code == 403
    assert client.post(reverse("jobs:rerun", args=[job.pk])).status_code == 403
    assert "Achtergrondtaken" not in client.get(reverse("ui:home")).content.decode()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED


def test_the_menu_shows_achtergrondtaken_to_functional_administration(client_for):
    assert 'href="/achtergrondtaken/"' in client_for("beheer").get(reverse("ui:home")).content.decode()


# --- a real worker on Redis --------------------------------------------------------------------------------------


def redis_reason() -> str | None:
    try:
        import_string("redis.Redis").from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:  # any reason it cannot be reached: refused, unknown host, no password
        return f"Redis is not reachable at {REDIS_URL} ({type(exc).__name__}); start redis-server, or set " \
               f"TOEGANG_TEST_REDIS_URL"
    return None


@pytest.fixture
def redis_worker(transactional_db):
    """A Celery worker in a thread of this process on a queue of this test's own, against Redis; yields a function
    that waits until a given job has ended (done or failed)."""
    reason = redis_reason()
    if reason:
        if os.environ.get("TOEGANG_REQUIRE_REDIS") == "1":
            pytest.fail(f"TOEGANG_REQUIRE_REDIS=1: {reason}")
        pytest.skip(reason)
    queue_name = f"toegang-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    app = Celery("toegang-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=REDIS_URL, task_default_queue=queue_name, worker_hijack_root_logger=False)
    ended: Queue[int] = Queue()  # the ids of the jobs that ended (done or failed), as the worker ends them

    def note_end(sender=None, args=None, **kwargs):
        if getattr(sender, "name", "") == JOB_TASK and \
                Job.objects.filter(pk=args[0], state__in=[Job.State.DONE, Job.State.FAILED]).exists():
            ended.put(args[0])

    def wait_for(job_id: int | None = None, timeout: float = 30) -> Job:
        """The job (or, with None, the next job of any kind) once the worker ended it. The test's thread reads the
        database only then: SQLite's in-memory test database locks a table another thread writes."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                found = ended.get(timeout=max(deadline - time.monotonic(), 0.01))
            except Empty:
                pytest.fail(f"job {job_id or ''} did not end within {timeout} s")
            if job_id is None or found == job_id:
                return Job.objects.get(pk=found)

    task_postrun.connect(note_end, weak=False)
    try:
        with override_settings(TOEGANG_REDIS_URL=REDIS_URL, TOEGANG_JOBS_QUEUE=queue_name), \
                start_worker(app, pool="solo", concurrency=1, queues=[queue_name], perform_ping_check=False,
                             loglevel="WARNING", shutdown_timeout=10):
            yield wait_for
    finally:
        task_postrun.disconnect(note_end)
        toegang_celery_app.set_current()
        toegang_celery_app.set_default()
        client = import_string("redis.Redis").from_url(REDIS_URL)
        leftover = client.keys(f"*{queue_name}*")  # the queue and kombu's bindings of it
        if leftover:
            client.delete(*leftover)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_job_through_redis_and_records_it_done(redis_worker):
    job = queue.run_in_background(proof_work, 42)
    job = redis_worker(job.pk)
    assert (job.state, job.attempts) == (Job.State.DONE, 1)
    assert CALLS == [(42,)]
    assert events_of(job) == ["achtergrondtaak.ingepland", "achtergrondtaak.klaar"]
    assert queries.failed_job_count() == 0


@pytest.mark.django_db(transaction=True)
def test_beat_s_task_records_and_queues_a_scheduled_job(redis_worker):
    run_periodic.apply_async(args=["proef"], queue=settings.TOEGANG_JOBS_QUEUE)
    job = redis_worker()
    assert (job.kind, job.state) == ("proef", Job.State.DONE)
    assert events_of(job) == ["achtergrondtaak.ingepland", "achtergrondtaak.klaar"]


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_retried_by_the_worker_up_to_the_limit_then_run_again_from_the_page(redis_worker, staff):
    FAILURES_LEFT["count"] = 10
    job = queue.run_in_background(flaky_work, 7)
    job = redis_worker(job.pk)
    assert (job.state, job.attempts, job.arguments, job.last_error) == (Job.State.FAILED, 3, [7], "ConnectionError")
    assert len(CALLS) == 3
    assert queries.failed_job_count() == 1

    client = Client()
    client.force_login(staff["beheer"])
    page = client.get(reverse("jobs:list"), {"status": "mislukt"}).content.decode()
    assert "Wankele proeftaak" in page and "Mislukt" in page
    FAILURES_LEFT["count"] = 0
    answer = client.post(reverse("jobs:rerun", args=[job.pk]))
    assert answer.status_code == 302
    job = redis_worker(job.pk)
    assert (job.state, job.attempts) == (Job.State.DONE, 1)
    assert len(CALLS) == 4
