"""The only code of the insight app that writes: the long exports that run in the background (ExportJob)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import SYSTEM, Actor
from toegang.core.errors import NotAllowed
from toegang.jobs.queue import run_in_background

from .models import ExportJob
from .permissions import gemeenten_with_insight


def check_start_dashboard_export(*, actor: Actor, gemeente_ids: list[int], params: dict, total: int,
                                 runner: Callable[[int], None]) -> ExportJob:
    """Ask for the whole dashboard as one workbook, for gemeenten the actor sees the indicators of (counts only).
    The job runs after the commit (`runner(job id)`, in the background: jobs/queue.py). Event export.gevraagd."""
    allowed = set(gemeenten_with_insight(actor))
    if not gemeente_ids or not set(gemeente_ids) <= allowed:
        raise NotAllowed(gettext("U mag deze cijfers niet exporteren."))
    with transaction.atomic():
        job = ExportJob.objects.create(requested_by_id=actor.user_id, gemeente_ids=sorted(gemeente_ids),
                                       params=params, total=total, created_at=clock.now())
        log_change(actor=actor, event="export.gevraagd", obj=job, gemeente_id=job.gemeente_ids[0],
                   new={"soort": "dashboard", "selectie": params, "gemeenten": job.gemeente_ids})
        transaction.on_commit(lambda: run_in_background(runner, job.pk))
    return job


def do_record_export_progress(*, job_id: int, done: int) -> None:
    """How far the job is (done of total): progress of a running job, not a domain event (no change-log row)."""
    ExportJob.objects.filter(pk=job_id).update(done=done, status=ExportJob.Status.BEZIG)


def do_finish_export(*, job_id: int, content: bytes, filename: str) -> None:
    """The file is ready. Event export.klaar."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.KLAAR, done=job.total, content=content,
                                                   filename=filename, finished_at=clock.now())
        log_change(actor=SYSTEM, event="export.klaar", obj=job, gemeente_id=job.gemeente_ids[0],
                   new={"bestand": filename, "bytes": len(content)})


def do_fail_export(*, job_id: int, error: str) -> None:
    """The job failed; what was asked stays, so it can be asked again. Event export.mislukt."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.MISLUKT, error=error[:500],
                                                   finished_at=clock.now())
        log_change(actor=SYSTEM, event="export.mislukt", obj=job, gemeente_id=job.gemeente_ids[0],
                   new={"fout": error[:500]})
