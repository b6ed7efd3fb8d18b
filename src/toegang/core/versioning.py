"""Optimistic locking: the one way a versioned row is changed (STYLE.md, "stale forms").

A form or API call carries the version it read; the write is a conditional UPDATE ... WHERE version = read, which
also increments it. If another writer came first, nothing is written and the user gets a Conflict (409, input kept)
that says so — never a silent overwrite (lost update).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext, gettext_noop

from .errors import Conflict

STALE = gettext_noop("Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe stand en probeer het opnieuw; er is niets overschreven.")


def bump(obj: models.Model, expected_version: int | None, *, message: str = STALE, **fields: Any) -> None:
    """Write `fields` and version + 1 to `obj`'s row only if its version is still `expected_version` (None: the
    version `obj` was read with). Raises Conflict(message) when it moved; updates `obj` in memory on success.
    `message` is translated here (the page's language): pass a gettext_noop constant or a Dutch literal."""
    version = obj.version if expected_version is None else expected_version
    if not type(obj)._default_manager.filter(pk=obj.pk, version=version).update(version=version + 1, **fields):
        raise Conflict(gettext(message))
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.version = version + 1


def require_version(obj: models.Model, expected_version: int | None, *, message: str = STALE) -> None:
    """Refuse early (before any work) when the caller read an older version than `obj` has now."""
    if expected_version is not None and obj.version != expected_version:
        raise Conflict(gettext(message))
