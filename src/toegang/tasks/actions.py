"""Creating tasks and notifications (called from other apps' actions, inside their transaction)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed

from .models import Notification, Task


def create_task(*, actor: Actor, gemeente_id: int, kind: str, title: str, due_on: dt.date, team_id=None,
                assignee_id=None, melding=None, household_id=None, casus_id=None) -> Task:
    task = Task.objects.create(gemeente_id=gemeente_id, kind=kind, title=title, due_on=due_on, team_id=team_id,
                               assignee_id=assignee_id, melding=melding, household_id=household_id, casus_id=casus_id,
                               created_at=clock.now())
    log_change(actor=actor, event="taak.aangemaakt", obj=task, gemeente_id=gemeente_id,
               new={"soort": kind, "taak": title, "team": team_id, "uiterlijk": due_on})
    return task


def notify(*, recipient_ids, text: str, url: str = "") -> None:
    now = clock.now()
    Notification.objects.bulk_create([Notification(recipient_id=r, text=text[:300], url=url, created_at=now)
                                      for r in sorted(set(recipient_ids))])


def check_mark_notifications_read(*, actor: Actor) -> int:
    """The actor has seen their notifications. Only their own; not audited (no domain data changes)."""
    if actor.user_id is None:
        return 0

    return Notification.objects.filter(recipient_id=actor.user_id, read_at__isnull=True).update(read_at=clock.now())


def check_complete_task(*, actor: Actor, task: Task) -> Task:
    """The assignee (or, for a team task, a member of the team) marks a task done. Event taak.afgerond."""
    if task.done_at is not None:

        raise Conflict("Deze taak is al afgerond.")
    if task.assignee_id != actor.user_id and task.team_id not in actor.team_ids:

        raise NotAllowed("Alleen wie de taak heeft (of het team) rondt haar af.")

    with transaction.atomic():
        Task.objects.filter(pk=task.pk).update(done_at=clock.now())
        log_change(actor=actor, event="taak.afgerond", obj=task, gemeente_id=task.gemeente_id, new={"taak": task.title})
    task.refresh_from_db()
    return task
