"""The one entry point for work after the request: `run_in_background(func, *args)` records a job of the kind whose
work `func` is (jobs/kinds.py) and hands it on after the commit:

- with a broker (TOEGANG_REDIS_URL): to Redis, for `celery -A toegang worker` (jobs/worker.py);
- without one (`make run`): to a thread of the web process, which tries it up to the limit with the same waits;
- with TOEGANG_JOBS_EAGER (the test suite): at once, inside the request.

Every way records the job's attempts and end the same way (jobs/runner.py), so the page Achtergrondtaken and a
progress page (an export) follow it alike."""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connections, transaction

from toegang.core.actor import SYSTEM
from toegang.core.celery import broker_configured, queue_name

from . import actions, runner
from .kinds import kind_of
from .models import Job
from .worker import run_job

log = logging.getLogger(__name__)


def run_in_background(func: Callable[..., None], *args) -> Job:
    """Record and start a job: func(*args) later. The arguments are ids and dates (they are stored and shown)."""
    job = actions.do_queue_job(actor=SYSTEM, kind=kind_of(func), arguments=list(args))
    transaction.on_commit(lambda: dispatch(job.pk))
    return job


def dispatch(job_id: int) -> None:
    """Hand a recorded job to whatever runs jobs here."""
    if broker_configured():
        run_job.apply_async(args=[job_id], queue=queue_name())
    elif getattr(settings, "TOEGANG_JOBS_EAGER", False):
        run_here(job_id)
    else:
        # in a copy of the request's context: the job's log lines carry the id of the request that started it
        context = contextvars.copy_context()
        threading.Thread(target=context.run, args=(run_in_thread, job_id), name=f"toegang-job-{job_id}",
                         daemon=True).start()


def run_here(job_id: int) -> None:
    """Attempt after attempt in this process, waiting the backoff between two, until done or failed."""
    while (outcome := runner.attempt(job_id)).retry:
        time.sleep(outcome.countdown)


def run_in_thread(job_id: int) -> None:
    try:
        run_here(job_id)
    except Exception:  # the job records its own failures; this only keeps the thread from dying unseen
        log.exception("achtergrondtaak %s: de thread stopte", job_id)
    finally:
        connections.close_all()
