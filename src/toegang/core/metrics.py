"""The process's Prometheus metrics (issue 16 item 2; docs/operations.md "Logs, metrics en gezondheid").

Labels never hold personal data: a view is labelled by its URL name (`persons:household`), never by its path (a path
holds ids), a log by its kind, a job by its function's name. The metrics computed when Prometheus scrapes (clocks
overdue per team, the job queue) live with the page that serves them (toegang.monitoring), which may read the apps.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import Counter, Histogram

# A page answers in tens of milliseconds; an export or a PDF may take seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# tests assert the main pages under 20 queries; a page far above that has an N+1
QUERY_BUCKETS = (0, 1, 2, 5, 10, 15, 20, 30, 50, 100, 200, 500)
# one insert of an audit row: a millisecond when all is well, more when the database waits on locks or disk
APPEND_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)

REQUEST_LATENCY = Histogram(
    "toegang_request_duration_seconds", "Time from the request's arrival to its answer, per view (URL name).",
    ["view", "method", "status"], buckets=LATENCY_BUCKETS)
REQUEST_QUERIES = Histogram(
    "toegang_request_queries", "Database queries one request made, per view (URL name).",
    ["view"], buckets=QUERY_BUCKETS)
AUDIT_APPEND_LATENCY = Histogram(
    "toegang_audit_append_duration_seconds",
    "Time to append to the audit trail: log is 'access' (the access log) or 'change'; mode 'one' or 'batch'.",
    ["log", "mode"], buckets=APPEND_BUCKETS)
JOB_FAILURES = Counter("toegang_job_failures", "Background jobs that ended in an error, per job.", ["job"])


@contextmanager
def timed_append(log: str, mode: str) -> Iterator[None]:
    """Observe how long the block (one audit append) takes, also when it fails."""
    start = time.perf_counter()
    try:
        yield
    finally:
        AUDIT_APPEND_LATENCY.labels(log=log, mode=mode).observe(time.perf_counter() - start)


def record_job_failure(job: str) -> None:
    """THE hook for job failures: call it once for every background job that ends in an error, with the job's name
    (its kind, never its arguments). jobs/runner.py calls it when a job runs out of attempts, in the process that ran
    it (a Celery worker or a web process); how many jobs stand failed is toegang_jobs_failed, from the database."""
    JOB_FAILURES.labels(job=job).inc()
