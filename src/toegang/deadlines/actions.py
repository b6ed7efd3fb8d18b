"""Starting, suspending, resuming, extending and stopping clocks. Each change is audited and rewrites the derived
due date. start_clock/stop_clock are called from other apps' actions, inside their transaction."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import transaction

from toegang.accounts.models import Gemeente
from toegang.audit.log import log_change
from toegang.core import clock as time
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed

from . import calendar
from .calendar import Term
from .kinds import ClockKind, kinds_for
from .models import Clock, ClockExtension, ClockSuspension
from .permissions import can_change_clock


def kind_for(gemeente: Gemeente, code: str) -> ClockKind:
    kinds = kinds_for(gemeente.profile.data)
    if code not in kinds:
        raise ValidationFailed(f"Onbekende termijnsoort '{code}'.")
    return kinds[code]


def _paused(clock: Clock) -> int:
    """Suspended days (working days for a working-day term) of the closed suspensions."""
    term = Term.parse(clock.term)
    total = 0
    for suspension in clock.suspensions.all():
        if suspension.until is None:
            continue
        if term.unit == "wd":
            total += calendar.working_days_between(suspension.since - dt.timedelta(days=1),
                                                   suspension.until - dt.timedelta(days=1))
        else:
            total += (suspension.until - suspension.since).days
    return total


def recompute(clock: Clock) -> None:
    """Derive due_on and warn_on from the start, the term, closed suspensions and extensions (not saved)."""
    due = calendar.due_date(clock.started_on, Term.parse(clock.term), atw=clock.atw, paused_days=_paused(clock))
    for extension in clock.extensions.order_by("id"):
        due = calendar.extend(due, Term.parse(extension.term), atw=clock.atw)
    clock.due_on = due
    clock.warn_on = due - dt.timedelta(days=clock.warn_days)


# Subjects that keep the dates of their earliest open clock, for indexed worklists (model label -> model path).
SUMMARISED_SUBJECTS = {"intake.melding": "intake.Melding"}


def sync_summary(subject_type: str, subject_id: int) -> None:
    """Rewrite the subject's next_due_on / next_warn_on / next_suspended_since from its open clocks."""
    if subject_type not in SUMMARISED_SUBJECTS:
        return

    first = Clock.objects.filter(subject_type=subject_type, subject_id=subject_id, stopped_on__isnull=True)\
        .order_by("due_on", "id").values("due_on", "warn_on", "suspended_since").first() or {}
    apps.get_model(SUMMARISED_SUBJECTS[subject_type]).objects.filter(pk=subject_id).update(
        next_due_on=first.get("due_on"), next_warn_on=first.get("warn_on"),
        next_suspended_since=first.get("suspended_since"))


def start_clock(*, actor: Actor, gemeente: Gemeente, kind: str, subject, started_on: dt.date, household_id=None,
                team_id=None, owner_id=None, label: str = "") -> Clock:
    """Start a clock on `subject` (any model instance). Event termijn.gestart. Call inside the caller's transaction."""
    spec = kind_for(gemeente, kind)
    clock = Clock(
        gemeente=gemeente, kind=kind, label=label or spec.name, source=spec.source,
        subject_type=subject._meta.label_lower, subject_id=subject.pk, household_id=household_id, team_id=team_id,
        owner_id=owner_id, started_on=started_on, term=str(spec.term), atw=spec.atw,
        max_extensions=spec.max_extensions, warn_days=spec.warn_days,
    )
    clock.due_on = calendar.due_date(started_on, spec.term, atw=spec.atw)
    clock.warn_on = clock.due_on - dt.timedelta(days=spec.warn_days)
    clock.save()
    sync_summary(clock.subject_type, clock.subject_id)
    log_change(actor=actor, event="termijn.gestart", obj=clock, gemeente_id=gemeente.pk,
               new={"soort": kind, "onderwerp": f"{clock.subject_type}:{clock.subject_id}", "start": started_on,
                    "termijn": clock.term, "uiterste_datum": clock.due_on})
    return clock


def stop_clock(*, actor: Actor, clock: Clock, stopped_on: dt.date, reason: str) -> Clock:
    """The clock's work is done (investigation finished, decision taken). Event termijn.gestopt."""
    if clock.stopped_on is not None:
        return clock
    if clock.suspended_since is not None:
        _close_suspension(clock, stopped_on)
    clock.stopped_on, clock.stop_reason = stopped_on, reason[:200]
    clock.save(update_fields=["stopped_on", "stop_reason", "suspended_since", "due_on", "warn_on"])
    sync_summary(clock.subject_type, clock.subject_id)
    log_change(actor=actor, event="termijn.gestopt", obj=clock, gemeente_id=clock.gemeente_id,
               new={"gestopt_op": stopped_on, "reden": reason, "uiterste_datum": clock.due_on,
                    "op_tijd": stopped_on <= clock.due_on})
    return clock


def _require(actor: Actor, clock: Clock) -> None:
    if not can_change_clock(actor, clock.gemeente_id):
        raise NotAllowed("U mag deze termijn niet wijzigen.")


def _close_suspension(clock: Clock, until: dt.date) -> None:
    ClockSuspension.objects.filter(clock=clock, until__isnull=True).update(until=until)
    clock.suspended_since = None
    recompute(clock)


def check_suspend_clock(*, actor: Actor, clock: Clock, since: dt.date, reason: str) -> Clock:
    """Suspend (opschorten, e.g. Awb 4:15: waiting for information from the applicant). Needs a reason; a clock
    that is suspended already, or stopped, cannot be suspended. Event termijn.opgeschort."""
    _require(actor, clock)
    if not reason.strip():
        raise ValidationFailed("Geef de reden van het opschorten.", field_errors={"reason": ["Vul een reden in."]})
    if clock.stopped_on:
        raise Conflict("Deze termijn is al gestopt.")
    if clock.suspended_since:
        raise Conflict(f"Deze termijn is al opgeschort sinds {clock.suspended_since:%d-%m-%Y}.")
    if since < clock.started_on:
        raise ValidationFailed("Opschorten kan niet voor de start van de termijn.", field_errors={"since": ["Te vroeg."]})
    with transaction.atomic():
        ClockSuspension.objects.create(clock=clock, since=since, reason=reason.strip())
        clock.suspended_since = since
        clock.save(update_fields=["suspended_since"])
        sync_summary(clock.subject_type, clock.subject_id)
        log_change(actor=actor, event="termijn.opgeschort", obj=clock, gemeente_id=clock.gemeente_id,
                   new={"sinds": since, "reden": reason.strip()})
    return clock


def check_resume_clock(*, actor: Actor, clock: Clock, on: dt.date) -> Clock:
    """Resume a suspended clock; the suspended days are added to the term. Event termijn.hervat."""
    _require(actor, clock)
    if clock.suspended_since is None:
        raise Conflict("Deze termijn is niet opgeschort; hervatten kan niet.")
    if on < clock.suspended_since:
        raise ValidationFailed("Hervatten kan niet voor het opschorten.", field_errors={"on": ["Te vroeg."]})
    with transaction.atomic():
        old_due = clock.due_on
        _close_suspension(clock, on)
        clock.save(update_fields=["suspended_since", "due_on", "warn_on"])
        sync_summary(clock.subject_type, clock.subject_id)
        log_change(actor=actor, event="termijn.hervat", obj=clock, gemeente_id=clock.gemeente_id,
                   old={"uiterste_datum": old_due}, new={"hervat_op": on, "uiterste_datum": clock.due_on})
    return clock


def check_extend_clock(*, actor: Actor, clock: Clock, reason: str, term: str | None = None,
                       notified_on: dt.date | None = None) -> Clock:
    """Extend (verdagen, Awb 4:14): only as often as the kind allows, with a reason and the date the resident was
    told. Event termijn.verlengd."""
    _require(actor, clock)
    if clock.stopped_on:
        raise Conflict("Deze termijn is al gestopt.")
    if clock.extensions_used >= clock.max_extensions:
        raise Conflict("Deze termijn mag niet (nog eens) verlengd worden." if clock.max_extensions
                       else "Deze termijn kan niet verlengd worden.")
    if not reason.strip():
        raise ValidationFailed("Geef de reden van de verlenging.", field_errors={"reason": ["Vul een reden in."]})
    spec = kind_for(clock.gemeente, clock.kind)
    try:
        extension = Term.parse(term) if term else spec.extension
    except ValueError as exc:
        raise ValidationFailed(str(exc), field_errors={"term": [str(exc)]}) from None
    if extension is None:
        raise ValidationFailed("Geef de lengte van de verlenging.", field_errors={"term": ["Vul een termijn in."]})
    with transaction.atomic():
        old_due = clock.due_on
        ClockExtension.objects.create(clock=clock, term=str(extension), reason=reason.strip(), notified_on=notified_on,
                                      recorded_on=time.today())
        clock.extensions_used += 1
        recompute(clock)
        clock.save(update_fields=["extensions_used", "due_on", "warn_on"])
        sync_summary(clock.subject_type, clock.subject_id)
        log_change(actor=actor, event="termijn.verlengd", obj=clock, gemeente_id=clock.gemeente_id,
                   old={"uiterste_datum": old_due},
                   new={"verlenging": str(extension), "reden": reason.strip(), "uiterste_datum": clock.due_on,
                        "bericht_op": notified_on})
    return clock
