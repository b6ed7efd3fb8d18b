"""The only code of the jobs app that writes. A job's life: ingepland (event achtergrondtaak.ingepland) → bezig →
klaar (achtergrondtaak.klaar), or after a failure `opnieuw` (waiting for its next attempt) until the attempts run out:
mislukt (achtergrondtaak.mislukt), kept with its arguments; functional administration runs it again
(achtergrondtaak.opnieuw_gestart). Starting an attempt and waiting for the next are the progress of a running job,
not domain events: no change-log row (like an export's progress, insight/actions.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import SYSTEM, Actor
from toegang.core.errors import Conflict, NotAllowed, NotFound

from .kinds import KINDS
from .models import Job
from .permissions import can_manage_jobs

RUNNABLE = (Job.State.QUEUED, Job.State.RUNNING, Job.State.RETRYING)


def do_queue_job(*, actor: Actor, kind: str, arguments: list) -> Job:
    """Record a job of a known kind, to be run (the caller hands it to the queue after the commit). Event
    achtergrondtaak.ingepland, with the kind and the arguments (ids and dates, no personal data)."""
    if kind not in KINDS:
        raise ValueError(f"onbekende soort achtergrondtaak {kind!r}")
    with transaction.atomic():
        job = Job.objects.create(kind=kind, arguments=list(arguments), created_at=clock.now(),
                                 max_attempts=settings.TOEGANG_JOBS_MAX_ATTEMPTS)
        log_change(actor=actor, event="achtergrondtaak.ingepland", obj=job,
                   new={"soort": kind, "argumenten": job.arguments})
    return job


def do_start_attempt(*, job_id: int) -> Job | None:
    """The next attempt begins (attempts + 1). None when there is nothing to run: the job is done or failed already
    (a message delivered twice) or does not exist. A job found `bezig` is one whose worker died halfway: it runs
    again, that is what acknowledging late is for."""
    with transaction.atomic():
        updated = Job.objects.filter(pk=job_id, state__in=RUNNABLE).update(
            state=Job.State.RUNNING, attempts=F("attempts") + 1, started_at=clock.now())
        return Job.objects.get(pk=job_id) if updated else None


def do_record_retry(*, job_id: int, error: str) -> None:
    """The attempt failed and another follows: why (the kind of error, no personal data), waiting."""
    Job.objects.filter(pk=job_id).update(state=Job.State.RETRYING, last_error=error[:500])


def do_finish_job(*, job_id: int) -> None:
    """The work is done. Event achtergrondtaak.klaar, with the number of attempts it took."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        Job.objects.filter(pk=job_id).update(state=Job.State.DONE, finished_at=clock.now(), last_error="")
        log_change(actor=SYSTEM, event="achtergrondtaak.klaar", obj=job,
                   new={"soort": job.kind, "pogingen": job.attempts})


def do_fail_job(*, job_id: int, error: str) -> None:
    """The last attempt failed: the job stays `mislukt` with its arguments, to be run again. Event
    achtergrondtaak.mislukt."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        Job.objects.filter(pk=job_id).update(state=Job.State.FAILED, finished_at=clock.now(), last_error=error[:500])
        log_change(actor=SYSTEM, event="achtergrondtaak.mislukt", obj=job,
                   new={"soort": job.kind, "pogingen": job.attempts, "fout": error[:500]})


def check_rerun_job(*, actor: Actor, job_id: int, dispatch: Callable[[int], None]) -> Job:
    """'Opnieuw uitvoeren': only functional administration, only a failed job (one that runs or ran already would do
    its work twice)."""
    if not can_manage_jobs(actor):
        raise NotAllowed(gettext("Alleen functioneel beheer voert achtergrondtaken opnieuw uit."))
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        raise NotFound(gettext("Achtergrondtaak niet gevonden."))
    if job.state != Job.State.FAILED:
        raise Conflict(gettext("Alleen een mislukte taak kan opnieuw worden uitgevoerd; deze is %(state)s.")
                       % {"state": job.get_state_display().lower()})
    return do_rerun_job(actor=actor, job=job, dispatch=dispatch)


def do_rerun_job(*, actor: Actor, job: Job, dispatch: Callable[[int], None]) -> Job:
    """The failed job is queued again with the same arguments and a fresh set of attempts; it runs after the commit
    (`dispatch(job id)`). Event achtergrondtaak.opnieuw_gestart, with the error it failed with."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.state != Job.State.FAILED:
            raise Conflict(gettext("Deze taak wordt al opnieuw uitgevoerd."))
        Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, attempts=0, finished_at=None,
                                             max_attempts=settings.TOEGANG_JOBS_MAX_ATTEMPTS)
        log_change(actor=actor, event="achtergrondtaak.opnieuw_gestart", obj=locked,
                   old={"status": locked.state, "pogingen": locked.attempts, "fout": locked.last_error},
                   new={"status": Job.State.QUEUED})
        transaction.on_commit(lambda: dispatch(job.pk))
    # as queued, not read again: after the commit a worker may already be writing the row
    locked.state, locked.attempts, locked.finished_at = Job.State.QUEUED, 0, None
    return locked
