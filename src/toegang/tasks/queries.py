"""Reads of notifications: a person only ever reads their own (the recipient is the scope)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_noop

from toegang.core.actor import Actor
from toegang.core.paging import page_of

from .models import Notification

UNREAD, READ = "ongelezen", "gelezen"
# the inbox's read/unread filter (?status=): unread is what the header counts (neither read nor resolved)
STATES = ((UNREAD, gettext_noop("ongelezen")), (READ, gettext_noop("gelezen")))


def unread_count(user_id: int | None) -> int:
    """The header's number: one COUNT on the recipient's index."""
    if user_id is None:
        return 0
    return Notification.objects.open_for(user_id).count()


def notifications_for(actor: Actor, *, kind: str = "", state: str = "", page: int = 1,
                      size: int = 25) -> tuple[list[Notification], bool]:
    """The inbox: the actor's own notifications, newest first, one page (one query: a row more than the page tells
    whether there is a next one). `kind` one of Notification.Kind, `state` UNREAD or READ ('' = all)."""
    qs = Notification.objects.filter(recipient_id=actor.user_id)
    if kind:
        qs = qs.filter(kind=kind)
    if state == UNREAD:
        qs = qs.filter(read_at__isnull=True, resolved_at__isnull=True)
    elif state == READ:
        qs = qs.filter(Q(read_at__isnull=False) | Q(resolved_at__isnull=False))
    return page_of(qs.order_by("-created_at", "-id"), page, size)
