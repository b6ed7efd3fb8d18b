"""Creating tasks and notifications (called from other apps' actions, inside their transaction), the e-mail that
goes with a notification of a mailed kind, and the daily signal that a clock is due soon (issue 12, point 8)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from toegang.accounts.capabilities import CASES_ASSIGN
from toegang.accounts.models import Medewerker, Role, RoleAssignment, TeamMembership
from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, NotFound
from toegang.deadlines.models import Clock

from .models import MAILED_KINDS, Notification, Task

logger = logging.getLogger(__name__)


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
    """Tell people in their inbox (and Mijn werk). With `params` (also `{}`), `text` is a message marked with
    gettext_noop whose %(name)s placeholders `params` fills, shown in the reader's page language. With `subject` (the
    model instance the work is about) the notification resolves itself when that work is handled
    (do_resolve_notifications). A kind of MAILED_KINDS also goes by e-mail to each recipient with an address, once
    the caller's transaction commits (nothing is mailed when it rolls back)."""
    _deliver(_notifications(recipient_ids=recipient_ids, text=text, params=params, url=url, subject=subject,
                            kind=kind))


def notify_many(calls: Iterable[dict]) -> None:
    """Many `notify` calls (each its keyword arguments) in one insert: an import's batch."""
    _deliver([n for call in calls for n in _notifications(**call)])


def _notifications(*, recipient_ids, text: str, params: dict | None = None, url: str = "", subject=None,
                   kind: str = Notification.Kind.OVERIG) -> list[Notification]:
    now = clock.now()
    text, template, params = _written(text, params)
    subject_type, subject_id = _subject_key(subject) if subject is not None else ("", None)
    return [Notification(recipient_id=r, text=text[:300], kind=kind, template=template, params=params, url=url,
                         created_at=now, subject_type=subject_type, subject_id=subject_id)
            for r in sorted(set(recipient_ids))]


def _deliver(notifications: list[Notification]) -> None:
    """Write the notifications in one insert; schedule the e-mail of the mailed kinds for after the commit."""
    Notification.objects.bulk_create(notifications)
    mailed = [n for n in notifications if n.kind in MAILED_KINDS]
    if mailed:
        transaction.on_commit(partial(send_notification_mails, mailed))


# The e-mail's subject per kind. E-mail is Dutch, as the stored text it carries (like letters: docs/decisions.md).
MAIL_SUBJECTS = {
    Notification.Kind.TOEGEWEZEN: "Toegang: er is iets aan u toegewezen",
    Notification.Kind.GEESCALEERD: "Toegang: er is iets naar u geëscaleerd",
    Notification.Kind.MATCH: "Toegang: match op uw signaal",
    Notification.Kind.UITNODIGING: "Toegang: uitnodiging voor een casusoverleg",
    Notification.Kind.TERMIJN: "Toegang: een termijn loopt bijna af",
}


def absolute_url(path: str) -> str:
    """A link in an e-mail: the installation's address (TOEGANG_BASE_URL) before the page's path."""
    return settings.TOEGANG_BASE_URL.rstrip("/") + path if path.startswith("/") else path


def mail_body(notification: Notification) -> str:
    lines = [notification.text, ""]
    if notification.url:
        lines += ["Bekijk het in Toegang:", absolute_url(notification.url), ""]
    lines += ["Al uw berichten: " + absolute_url(reverse("ui:notifications")), "",
              "U krijgt deze e-mail omdat dit bericht in uw berichten in Toegang staat. Een antwoord op deze "
              "e-mail wordt niet gelezen."]
    return "\n".join(lines)


def send_notification_mails(notifications: list[Notification]) -> int:
    """One e-mail per notification to its recipient's address (active staff with an e-mail address; the others
    read it in Toegang only), through Django's mail backend (settings.EMAIL_BACKEND). Runs after the commit: a mail
    server that fails is logged and never undoes or breaks the action that notified. Returns how many were sent."""
    addresses = dict(Medewerker.objects.filter(pk__in={n.recipient_id for n in notifications}, is_active=True)
                     .exclude(email="").values_list("pk", "email"))
    messages = [EmailMessage(subject=MAIL_SUBJECTS.get(n.kind, "Toegang: nieuw bericht"), body=mail_body(n),
                             to=[addresses[n.recipient_id]])
                for n in notifications if n.recipient_id in addresses]
    if not messages:
        return 0
    sent = 0
    try:
        with get_connection() as connection:
            for message in messages:
                try:
                    sent += connection.send_messages([message]) or 0
                except Exception:  # noqa: BLE001 - one address refused: the others still go
                    logger.exception("E-mail bij bericht niet verzonden (soort %s)", message.subject)
    except Exception:  # noqa: BLE001 - the mail server is unreachable: the notification is in the inbox anyway
        logger.exception("Mailserver onbereikbaar: %s e-mail(s) bij berichten niet verzonden", len(messages) - sent)
    return sent


def do_resolve_notifications(*, subject) -> int:
    """The work about `subject` is handled (a proposal decided or withdrawn, a second opinion given, a decision
    sent, a melding picked up or closed): every open notification about it, to whomever, is resolved, so no
    Mijn werk keeps announcing work that is done. Called inside the handling action's transaction; not audited
    (the handling action is)."""
    subject_type, subject_id = _subject_key(subject)
    return Notification.objects.filter(subject_type=subject_type, subject_id=subject_id,
                                       resolved_at__isnull=True).update(resolved_at=clock.now())


def check_mark_notifications_read(*, actor: Actor, notification_id: int | None = None) -> int:
    """The actor has seen their notifications: one (`notification_id`), or all still unread. Only their own: someone
    else's notification is not found (404, as a missing one). Not audited (no domain data changes)."""
    if actor.user_id is None:
        return 0
    own = Notification.objects.filter(recipient_id=actor.user_id)
    if notification_id is not None:
        if not own.filter(pk=notification_id).exists():
            raise NotFound(gettext("Bericht niet gevonden."))
        return own.filter(pk=notification_id, read_at__isnull=True).update(read_at=clock.now())
    return own.filter(read_at__isnull=True).update(read_at=clock.now())


# --- clock due soon (issue 12, point 8) ---------------------------------------------------------------------------

CLOCK_SUBJECT = "deadlines.clock"
# Where a clock's warning links to, per subject type: the page's URL name, and for a subject without a page of its own
# the model and field that lead to the object whose page it is. Another subject type links to the household.
CLOCK_PAGES: dict[str, tuple[str, tuple[str, str] | None]] = {
    "intake.melding": ("intake:melding", None),
    "intake.aanvraag": ("intake:melding", ("intake.Aanvraag", "melding_id")),
    "cases.casus": ("cases:case", None),
    "assessments.clarification": ("cases:case", ("assessments.Clarification", "casus_id")),
    "provisions.besluit": ("provisions:besluit", None),
    "provisions.bezwaar": ("provisions:besluit", ("provisions.Bezwaar", "besluit_id")),
}


def _clock_urls(rows: list[dict]) -> dict[int, str]:
    """clock id -> the page of its work (one query per subject type that needs a hop, not per clock)."""
    hops: dict[str, dict[int, int]] = {}
    for subject_type, (_, hop) in CLOCK_PAGES.items():
        ids = {r["subject_id"] for r in rows if r["subject_type"] == subject_type}
        if hop and ids:
            hops[subject_type] = dict(apps.get_model(hop[0]).objects.filter(pk__in=ids).values_list("pk", hop[1]))
    urls = {}
    for r in rows:
        page = CLOCK_PAGES.get(r["subject_type"])
        target = (hops.get(r["subject_type"], {}).get(r["subject_id"]) if page and page[1] else r["subject_id"]) \
            if page else None
        if target:
            urls[r["pk"]] = reverse(page[0], args=[target])
        elif r["household_id"]:
            urls[r["pk"]] = reverse("persons:household", args=[r["household_id"]])
        else:
            urls[r["pk"]] = ""
    return urls


def _team_recipients(rows: list[dict]) -> dict[int, list[int]]:
    """team id -> whom a clock without a (still active) owner goes to: the team's members who may assign cases in the
    clock's gemeente (the team lead), else every active member. Three queries for all teams together."""
    team_ids = {r["team_id"] for r in rows}
    members: dict[int, list[int]] = {}
    for team_id, medewerker_id in TeamMembership.objects.filter(team_id__in=team_ids, medewerker__is_active=True)\
            .values_list("team_id", "medewerker_id").order_by("medewerker_id"):
        members.setdefault(team_id, []).append(medewerker_id)
    assigning = [pk for pk, capabilities in Role.objects.values_list("pk", "capabilities")
                 if CASES_ASSIGN in capabilities]
    leads = set(RoleAssignment.objects.filter(role_id__in=assigning,
                                              medewerker_id__in={m for ms in members.values() for m in ms})
                .values_list("medewerker_id", "gemeente_id"))
    out = {}
    for r in rows:
        team = members.get(r["team_id"], [])
        out[r["pk"]] = [m for m in team if (m, r["gemeente_id"]) in leads] or team
    return out


def _due(row: dict) -> str:
    if row["due_at"] is not None:
        return timezone.localtime(row["due_at"]).strftime("%d-%m-%Y %H:%M")
    return row["due_on"].strftime("%d-%m-%Y")


def do_signal_due_clocks(*, actor: Actor, today: dt.date | None = None) -> int:
    """Every running clock that has entered its warning window ('signaal vanaf' reached: warn_on <= today, which for
    a clock in hours is the day of its due moment) and was never signalled tells its owner — or, without an active
    owner, the team lead(s) of its team, or else its team — with a notification of kind TERMIJN about the clock. The
    clock is the subject, so a clock is signalled once, whatever runs again; stopping it resolves the notification
    (deadlines.actions.stop_clock). A suspended clock waits until it runs again. Set-based: one query finds the
    clocks, a few more their recipients and links, one insert writes every notification. Run daily by SYSTEM
    (`toegang termijnen-signaleren`); not audited (no domain data changes). Returns the number of clocks signalled."""
    today = today or clock.today()
    signalled = Notification.objects.filter(kind=Notification.Kind.TERMIJN, subject_type=CLOCK_SUBJECT,
                                            subject_id=OuterRef("pk"))
    rows = list(Clock.objects.filter(stopped_on__isnull=True, suspended_since__isnull=True, warn_on__lte=today)
                .filter(Q(owner__isnull=False) | Q(team__isnull=False))
                .filter(~Exists(signalled))
                .order_by("due_on", "id")
                .values("pk", "gemeente_id", "owner_id", "owner__is_active", "team_id", "household_id", "label",
                        "due_on", "due_at", "subject_type", "subject_id"))
    if not rows:
        return 0
    ownerless = [r for r in rows if not (r["owner_id"] and r["owner__is_active"])]
    by_team = _team_recipients([r for r in ownerless if r["team_id"]]) if ownerless else {}
    urls = _clock_urls(rows)
    now = clock.now()
    soon = gettext_noop("Termijn loopt bijna af: %(termijn)s, uiterlijk %(uiterlijk)s.")
    # a clock already past its due moment when first seen (the job did not run, or it was just set up) says so
    missed = gettext_noop("Termijn verlopen: %(termijn)s, uiterlijk was %(uiterlijk)s.")
    notifications, count = [], 0
    with transaction.atomic():
        for r in rows:
            recipients = [r["owner_id"]] if r["owner_id"] and r["owner__is_active"] else by_team.get(r["pk"], [])
            if not recipients:
                continue
            count += 1
            params = {"termijn": r["label"], "uiterlijk": _due(r)}
            overdue = r["due_at"] < now if r["due_at"] is not None else r["due_on"] < today
            template = missed if overdue else soon
            notifications += [Notification(recipient_id=m, text=(template % params)[:300], template=template,
                                           params=params, kind=Notification.Kind.TERMIJN, url=urls[r["pk"]],
                                           created_at=now, subject_type=CLOCK_SUBJECT, subject_id=r["pk"])
                              for m in recipients]
        _deliver(notifications)
    return count


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
