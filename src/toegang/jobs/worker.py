"""The Celery tasks (found by core/celery.py): `toegang.job` runs one recorded job, attempt by attempt; beat's
`toegang.periodic` records a job of a scheduled kind (jobs/schedule.yaml) and queues it."""

from __future__ import annotations

from celery import shared_task

from toegang.core.actor import SYSTEM
from toegang.core.celery import queue_name

from . import actions, runner
from .schedule import PERIODIC_TASK

JOB_TASK = "toegang.job"


@shared_task(bind=True, name=JOB_TASK, max_retries=None, ignore_result=True)
def run_job(self, job_id: int) -> None:
    """One attempt; a failure with attempts left comes back after the backoff (Celery's retry, on the same queue).
    The limit is the job's own (Job.max_attempts), so a job run again starts with a fresh set."""
    outcome = runner.attempt(job_id)
    if outcome.retry:
        raise self.retry(countdown=outcome.countdown, max_retries=outcome.max_retries, queue=queue_name())


@shared_task(name=PERIODIC_TASK, ignore_result=True)
def run_periodic(kind: str) -> None:
    job = actions.do_queue_job(actor=SYSTEM, kind=kind, arguments=[])
    run_job.apply_async(args=[job.pk], queue=queue_name())
