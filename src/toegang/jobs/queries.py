"""Reads of the background jobs: the page's list (newest first) and how many failed for good (the metric
toegang_jobs_failed, monitoring/collectors.py; the queue's depth is read from Redis there)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Job


def list_jobs(*, failed_only: bool = False) -> QuerySet[Job]:
    jobs = Job.objects.order_by("-created_at", "-pk")
    return jobs.filter(state=Job.State.FAILED) if failed_only else jobs


def failed_job_count() -> int:
    """Jobs that ran out of attempts and were not run again (the database)."""
    return Job.objects.filter(state=Job.State.FAILED).count()
