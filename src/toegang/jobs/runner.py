"""One attempt at a job, wherever it runs (a Celery worker: jobs/worker.py; the web process: jobs/queue.py): start
it, call the kind's function with the job's arguments, record how it ended. Whether and when another attempt follows
is the caller's: it gets the wait (doubling from TOEGANG_JOBS_BACKOFF_SECONDS)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings

from toegang.core.metrics import record_job_failure

from . import actions
from .kinds import function_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    retry: bool  # another attempt follows, after `countdown` seconds
    countdown: int = 0
    max_retries: int = 0


def backoff(attempts: int) -> int:
    """Seconds to wait after attempt number `attempts` failed: the base, then twice that, four times, …"""
    return settings.TOEGANG_JOBS_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)


def error_summary(exc: BaseException) -> str:
    """The kind of error only: an exception's text can carry personal data (the trace goes to the log)."""
    return type(exc).__name__


def attempt(job_id: int) -> Outcome:
    job = actions.do_start_attempt(job_id=job_id)
    if job is None:
        return Outcome(retry=False)
    try:
        function_of(job.kind)(*job.arguments)
    except Exception as exc:
        log.exception("achtergrondtaak %s (%s), poging %s van %s mislukt", job.pk, job.kind, job.attempts,
                      job.max_attempts)
        if job.attempts < job.max_attempts:
            actions.do_record_retry(job_id=job.pk, error=error_summary(exc))
            return Outcome(retry=True, countdown=backoff(job.attempts), max_retries=job.max_attempts - 1)
        actions.do_fail_job(job_id=job.pk, error=error_summary(exc))
        record_job_failure(job.kind)
        return Outcome(retry=False)
    actions.do_finish_job(job_id=job.pk)
    return Outcome(retry=False)
