"""Creating tasks and notifications (called from other apps' actions, inside their transaction)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed

from .models import Notification, Task


def _written(text: str, params: dict | None) -> tuple[str, str, dict]:
    """(stored Dutch text, template, params): with `params` the text is a message (gettext_noop) with %(name)s
    placeholders, shown in the page's language (tasks.models.ShownInPageLanguage); without, text typed by a person."""
    if params is None:
        return text, "", {}
    params = {key: str(value) for key, value in params.items()}
    return text % params, text, params


def create_task(*, actor: Actor, gemeente_id: int, kind: str, title: str, due_on: dt.date, team_id=None,
                assignee_id=None, melding=None, household_id=None, casus_id=None, params: dict | None = None) -> Task:
    title, template, params = _written(title, params)
    task = Task.objects.create(gemeente_id=gemeente_id, kind=kind, title=title[:200], template=template,
                               params=params, due_on=due_on, team_id=team_id,
                               assignee_id=assignee_id, melding=melding, household_id=household_id, casus_id=casus_id,
                               created_at=clock.now())
    log_change(actor=actor, event="taak.aangemaakt", obj=task, gemeente_id=gemeente_id,
               new={"soort": kind, "taak": title, "team": team_id, "uiterlijk": due_on})
    return task


def _subject_key(subject) -> tuple[str, int]:
    return subject._meta.label_lower, subject.pk


def notify(*, recipient_ids, text: str, params: dict | None = None, url: str = "", subject=None,
           kind: str = Notification.Kind.OVERIG) -> None:
    """Tell people in Mijn werk. With `params` (also `{}`), `text` is a message marked with gettext_noop whose
    %(name)s placeholders `params` fills, shown in the reader's page language. With `subject` (the model instance
    the work is about) the notification resolves itself when that work is handled (do_resolve_notifications)."""
    now = clock.now()
    text, template, params = _written(text, params)
    subject_type, subject_id = _subject_key(subject) if subject is not None else ("", None)
    Notification.objects.bulk_create([Notification(recipient_id=r, text=text[:300], kind=kind, template=template,
                                                   params=params, url=url, created_at=now,
                                                   subject_type=subject_type, subject_id=subject_id)
                                      for r in sorted(set(recipient_ids))])


def do_resolve_notifications(*, subject) -> int:
    """The work about `subject` is handled (a proposal decided or withdrawn, a second opinion given, a decision
    sent, a melding picked up or closed): every open notification about it, to whomever, is resolved, so no
    Mijn werk keeps announcing work that is done. Called inside the handling action's transaction; not audited
    (the handling action is)."""
    subject_type, subject_id = _subject_key(subject)
    return Notification.objects.filter(subject_type=subject_type, subject_id=subject_id,
                                       resolved_at__isnull=True).update(resolved_at=clock.now())


def check_mark_notifications_read(*, actor: Actor) -> int:
    """The actor has seen their notifications. Only their own; not audited (no domain data changes)."""
    if actor.user_id is None:
        return 0

    return Notification.objects.open_for(actor.user_id).update(read_at=clock.now())


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
