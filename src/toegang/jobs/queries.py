"""Reads of the background jobs: the page's list (newest first) and the figures a metrics module asks for (issue 16
item 2): how many jobs wait in the broker's queue and how many failed for good."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from kombu import Connection
from kombu.exceptions import ChannelError

from toegang.core.celery import broker_configured, queue_name

from .models import Job


def list_jobs(*, failed_only: bool = False) -> QuerySet[Job]:
    jobs = Job.objects.order_by("-created_at", "-pk")
    return jobs.filter(state=Job.State.FAILED) if failed_only else jobs


def failed_job_count() -> int:
    """Jobs that ran out of attempts and were not run again (the database)."""
    return Job.objects.filter(state=Job.State.FAILED).count()


def queue_depth() -> int:
    """Messages waiting in the broker's queue for a worker (Redis); without a broker, the jobs queued or waiting
    for a new attempt in this installation's web processes (the database)."""
    if not broker_configured():
        return Job.objects.filter(state__in=[Job.State.QUEUED, Job.State.RETRYING]).count()
    with Connection(settings.TOEGANG_REDIS_URL, connect_timeout=5) as connection:
        try:
            return connection.default_channel.queue_declare(queue=queue_name(), passive=True).message_count
        except ChannelError:  # the queue does not exist yet: nothing was ever queued
            return 0


def job_metrics() -> dict[str, int]:
    """{"queue_depth": …, "failed": …}: what a metrics module exports about the background jobs."""
    return {"queue_depth": queue_depth(), "failed": failed_job_count()}
