"""Starting, suspending, resuming, extending and stopping clocks. Each change is audited and rewrites the derived
due date. start_clock/stop_clock are called from other apps' actions, inside their transaction."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from toegang.accounts.models import Gemeente
from toegang.audit.log import log_change
from toegang.core import clock as time
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.tasks.actions import do_resolve_notifications

from . import calendar
from .calendar import Term
from .kinds import START_EVENTS, ClockKind, kinds_for
from .models import Clock, ClockExtension, ClockSuspension
from .permissions import can_change_clock


def kind_for(gemeente: Gemeente, code: str) -> ClockKind:
    kinds = kinds_for(gemeente.profile.data)
    if code not in kinds:
        raise ValidationFailed(gettext("Onbekende termijnsoort '%(code)s'.") % {"code": code})
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
    """Derive due_on and warn_on (and due_at for a term in hours) from the start, the term, closed suspensions and
    extensions (not saved)."""
    term = Term.parse(clock.term)
    if term.in_hours:
        due_at = calendar.due_moment(clock.started_at, term)
        for extension in clock.extensions.order_by("id"):
            due_at = calendar.due_moment(due_at, Term.parse(extension.term))
        _set_due_moment(clock, due_at)
        return
    due = calendar.due_date(clock.started_on, term, atw=clock.atw, paused_days=_paused(clock))
    for extension in clock.extensions.order_by("id"):
        due = calendar.extend(due, Term.parse(extension.term), atw=clock.atw)
    clock.due_on = due
    clock.warn_on = due - dt.timedelta(days=clock.warn_days)


def _set_due_moment(clock: Clock, due_at: dt.datetime) -> None:
    """An hours clock: its due date is the Dutch date of its due moment; 'due soon' from warn_days before it."""
    clock.due_at = due_at
    clock.due_on = timezone.localdate(due_at)
    clock.warn_on = clock.due_on - dt.timedelta(days=clock.warn_days)


def _end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


# Subjects that keep the dates of their earliest open clock, for indexed worklists (model label -> model path).
SUMMARISED_SUBJECTS = {"intake.melding": "intake.Melding"}


def sync_summary(subject_type: str, subject_id: int) -> None:
    """Rewrite the subject's next_due_on / next_due_at / next_warn_on / next_suspended_since from its earliest open
    clock: the earliest date, and on that date a clock in hours (a crisis) before one that runs to the end of the day.
    A crisis clock (hours) thus is what a crisis melding shows while it runs, never a six-week clock behind it."""
    if subject_type not in SUMMARISED_SUBJECTS:
        return

    first = Clock.objects.filter(subject_type=subject_type, subject_id=subject_id, stopped_on__isnull=True)\
        .order_by("due_on", F("due_at").asc(nulls_last=True), "id")\
        .values("due_on", "due_at", "warn_on", "suspended_since").first() or {}
    apps.get_model(SUMMARISED_SUBJECTS[subject_type]).objects.filter(pk=subject_id).update(
        next_due_on=first.get("due_on"), next_due_at=first.get("due_at"), next_warn_on=first.get("warn_on"),
        next_suspended_since=first.get("suspended_since"))


def start_clock(*, actor: Actor, gemeente: Gemeente, kind: str, subject, started_on: dt.date, household_id=None,
                team_id=None, owner_id=None, label: str = "", started_at: dt.datetime | None = None) -> Clock:
    """Start a clock on `subject` (any model instance). Event termijn.gestart. Call inside the caller's transaction.

    A term in hours runs from `started_at` (the moment of the event; without it: now, or the start of `started_on`
    when that lies in the past) to its due moment."""
    spec = kind_for(gemeente, kind)
    if spec.term.in_hours and started_at is None:
        started_at = time.now() if started_on >= time.today() else timezone.make_aware(
            dt.datetime.combine(started_on, dt.time.min))
    clock = Clock(
        gemeente=gemeente, kind=kind, label=label or spec.name, source=spec.source,
        subject_type=subject._meta.label_lower, subject_id=subject.pk, household_id=household_id, team_id=team_id,
        owner_id=owner_id, started_on=timezone.localdate(started_at) if spec.term.in_hours else started_on,
        started_at=started_at, term=str(spec.term), atw=spec.atw and not spec.term.in_hours,
        max_extensions=spec.max_extensions, warn_days=spec.warn_days,
    )
    if spec.term.in_hours:
        _set_due_moment(clock, calendar.due_moment(started_at, spec.term))
    else:
        clock.due_on = calendar.due_date(started_on, spec.term, atw=spec.atw)
        clock.warn_on = clock.due_on - dt.timedelta(days=spec.warn_days)
    clock.save()
    sync_summary(clock.subject_type, clock.subject_id)
    log_change(actor=actor, event="termijn.gestart", obj=clock, gemeente_id=gemeente.pk,
               new={"soort": kind, "onderwerp": f"{clock.subject_type}:{clock.subject_id}", "start": clock.started_on,
                    "termijn": clock.term, "uiterste_datum": clock.due_on,
                    **({"gestart_om": started_at, "uiterste_moment": clock.due_at} if clock.due_at else {})})
    return clock


def start_clocks_for(*, actor: Actor, gemeente: Gemeente, event: str, subject, at: dt.datetime, household_id=None,
                     team_id=None, owner_id=None) -> list[Clock]:
    """Start every clock kind of the gemeente's profile whose `start` is `event` (kinds.START_EVENTS), built-in or
    added by the profile, on `subject` from the moment `at` (a day term from its Dutch date). Call inside the
    caller's transaction; each clock gets its termijn.gestart event."""
    if event not in START_EVENTS:
        raise ValueError(f"unknown clock start event {event!r}")
    return [start_clock(actor=actor, gemeente=gemeente, kind=spec.code, subject=subject,
                        started_on=timezone.localdate(at), started_at=at, household_id=household_id, team_id=team_id,
                        owner_id=owner_id)
            for spec in kinds_for(gemeente.profile.data).values() if spec.start == event]


def stop_clock(*, actor: Actor, clock: Clock, stopped_on: dt.date, reason: str,
               stopped_at: dt.datetime | None = None) -> Clock:
    """The clock's work is done (investigation finished, decision taken). Event termijn.gestopt.

    `stopped_at` is the moment (a clock in hours is met when that lies before its due moment); without it: now when
    `stopped_on` is today, else the end of that day."""
    if clock.stopped_on is not None:
        return clock
    if clock.suspended_since is not None:
        _close_suspension(clock, stopped_on)
    if stopped_at is None:
        stopped_at = time.now() if stopped_on == time.today() else _end_of_day(stopped_on)
    clock.stopped_on, clock.stopped_at, clock.stop_reason = stopped_on, stopped_at, reason[:200]
    clock.save(update_fields=["stopped_on", "stopped_at", "stop_reason", "suspended_since", "due_on", "warn_on"])
    sync_summary(clock.subject_type, clock.subject_id)
    do_resolve_notifications(subject=clock)  # its 'due soon' warning (tasks.actions.do_signal_due_clocks) is handled
    on_time = stopped_at <= clock.due_at if clock.due_at else stopped_on <= clock.due_on
    log_change(actor=actor, event="termijn.gestopt", obj=clock, gemeente_id=clock.gemeente_id,
               new={"gestopt_op": stopped_on, "reden": reason, "uiterste_datum": clock.due_on, "op_tijd": on_time,
                    **({"gestopt_om": stopped_at, "uiterste_moment": clock.due_at} if clock.due_at else {})})
    return clock


def _require(actor: Actor, clock: Clock) -> None:
    if not can_change_clock(actor, clock.gemeente_id):
        raise NotAllowed(gettext("U mag deze termijn niet wijzigen."))


def _close_suspension(clock: Clock, until: dt.date) -> None:
    ClockSuspension.objects.filter(clock=clock, until__isnull=True).update(until=until)
    clock.suspended_since = None
    recompute(clock)


def check_suspend_clock(*, actor: Actor, clock: Clock, since: dt.date, reason: str) -> Clock:
    """Suspend (opschorten, e.g. Awb 4:15: waiting for information from the applicant). Needs a reason; a clock
    that is suspended already, or stopped, cannot be suspended. Event termijn.opgeschort."""
    _require(actor, clock)
    if clock.due_at is not None:
        raise Conflict(gettext("Een termijn in uren (zoals bij een crisis) kan niet worden opgeschort."))
    if not reason.strip():
        raise ValidationFailed(gettext("Geef de reden van het opschorten."),
                               field_errors={"reason": [gettext("Vul een reden in.")]})
    if clock.stopped_on:
        raise Conflict(gettext("Deze termijn is al gestopt."))
    if clock.suspended_since:
        raise Conflict(gettext("Deze termijn is al opgeschort sinds %(since)s.")
                       % {"since": f"{clock.suspended_since:%d-%m-%Y}"})
    if since < clock.started_on:
        raise ValidationFailed(gettext("Opschorten kan niet voor de start van de termijn."),
                               field_errors={"since": [gettext("Te vroeg.")]})
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
        raise Conflict(gettext("Deze termijn is niet opgeschort; hervatten kan niet."))
    if on < clock.suspended_since:
        raise ValidationFailed(gettext("Hervatten kan niet voor het opschorten."), field_errors={"on": [gettext("Te vroeg.")]})
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
        raise Conflict(gettext("Deze termijn is al gestopt."))
    if clock.extensions_used >= clock.max_extensions:
        raise Conflict(gettext("Deze termijn mag niet (nog eens) verlengd worden.") if clock.max_extensions
                       else gettext("Deze termijn kan niet verlengd worden."))
    if not reason.strip():
        raise ValidationFailed(gettext("Geef de reden van de verlenging."),
                               field_errors={"reason": [gettext("Vul een reden in.")]})
    spec = kind_for(clock.gemeente, clock.kind)
    try:
        extension = Term.parse(term) if term else spec.extension
    except ValueError:
        unknown = gettext("Onbekende termijn: gebruik bijvoorbeeld 6w (weken), 2d (dagen), 5wd (werkdagen) of 48u (uren).")
        raise ValidationFailed(unknown, field_errors={"term": [unknown]}) from None
    if extension is None:
        raise ValidationFailed(gettext("Geef de lengte van de verlenging."),
                               field_errors={"term": [gettext("Vul een termijn in.")]})
    if extension.in_hours != (clock.due_at is not None):
        message = (gettext("Een termijn in uren wordt in uren verlengd.") if clock.due_at is not None
                   else gettext("Een termijn in dagen of weken wordt niet in uren verlengd."))
        raise ValidationFailed(message, field_errors={"term": [message]})
    with transaction.atomic():
        old_due = clock.due_on
        ClockExtension.objects.create(clock=clock, term=str(extension), reason=reason.strip(), notified_on=notified_on,
                                      recorded_on=time.today())
        clock.extensions_used += 1
        recompute(clock)
        clock.save(update_fields=["extensions_used", "due_on", "due_at", "warn_on"])
        sync_summary(clock.subject_type, clock.subject_id)
        log_change(actor=actor, event="termijn.verlengd", obj=clock, gemeente_id=clock.gemeente_id,
                   old={"uiterste_datum": old_due},
                   new={"verlenging": str(extension), "reden": reason.strip(), "uiterste_datum": clock.due_on,
                        "bericht_op": notified_on})
    return clock
