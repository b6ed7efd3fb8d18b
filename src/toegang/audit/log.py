"""log_change() and log_access(): the only writers of the audit trail.

The chain is kept consistent under concurrency by serialising writers: on PostgreSQL a transaction-level
advisory lock per log, on SQLite the IMMEDIATE transaction mode (settings.base) that locks at BEGIN.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from toegang.core import clock
from toegang.core.actor import Actor

from .models import AccessLog, AccessLogSubject, AppendOnly, ChangeLog, ChangeLogSubject

GENESIS = "0" * 64
_LOCK_KEYS = {ChangeLog: 7_340_001, AccessLog: 7_340_002}

CONTENT_FIELDS = {
    ChangeLog: ["seq", "at", "actor_id", "actor_label", "role", "gemeente_id", "subject_ids", "event",
                "object_type", "object_id", "old", "new"],
    AccessLog: ["seq", "at", "actor_id", "actor_label", "role", "gemeente_id", "subject_ids", "purpose",
                "channel", "resource"],
}


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def jsonable(value: Any) -> Any:
    """Make old/new values JSON-safe in the same way for storing and hashing."""
    return json.loads(json.dumps(value, default=_json_default, sort_keys=True))


def row_hash(model: type[AppendOnly], values: dict[str, Any], prev_hash: str) -> str:
    content = {name: values[name] for name in CONTENT_FIELDS[model]}
    content["at"] = values["at"].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    payload = json.dumps([content, prev_hash], sort_keys=True, default=_json_default, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def _append(model: type[AppendOnly], values: dict[str, Any], subject_ids: Iterable[int]):
    subjects = sorted({int(s) for s in subject_ids})
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEYS[model]])
        last = model.objects.order_by("-seq").values("seq", "hash").first()
        seq = (last["seq"] + 1) if last else 1
        prev_hash = last["hash"] if last else GENESIS
        values = {**values, "seq": seq, "subject_ids": subjects, "at": values.get("at") or clock.now()}
        digest = row_hash(model, values, prev_hash)
        row = model(**values, prev_hash=prev_hash, hash=digest)
        row.save()
        subject_model = ChangeLogSubject if model is ChangeLog else AccessLogSubject
        subject_model.objects.bulk_create([subject_model(log=row, resident_id=s) for s in subjects])
    return row


def log_change(
    *,
    actor: Actor,
    event: str,
    obj: Any = None,
    object_type: str | None = None,
    object_id: Any = None,
    gemeente_id: int | None = None,
    subject_ids: Iterable[int] = (),
    old: dict | None = None,
    new: dict | None = None,
) -> ChangeLog:
    """Record one domain event. Must be called inside the transaction that makes the change."""
    if not connection.in_atomic_block:
        raise RuntimeError("log_change() hoort in de transactie van de wijziging.")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id is not None else obj.pk
    return _append(
        ChangeLog,
        {
            "actor_id": actor.user_id,
            "actor_label": actor.label,
            "role": actor.role_label(gemeente_id),
            "gemeente_id": gemeente_id,
            "event": event,
            "object_type": object_type or "",
            "object_id": str(object_id if object_id is not None else ""),
            "old": jsonable(old) if old is not None else None,
            "new": jsonable(new) if new is not None else None,
        },
        subject_ids,
    )


def log_access(
    *,
    actor: Actor,
    subject_ids: Iterable[int],
    purpose: str,
    channel: str,
    resource: str = "",
    gemeente_id: int | None = None,
) -> AccessLog | None:
    """Record that `actor` saw personal data of these persons, for this purpose, through this channel."""
    subjects = list(subject_ids)
    if not subjects:
        return None
    return _append(
        AccessLog,
        {
            "actor_id": actor.user_id,
            "actor_label": actor.label,
            "role": actor.role_label(gemeente_id),
            "gemeente_id": gemeente_id,
            "purpose": purpose[:200],
            "channel": channel,
            "resource": resource[:200],
        },
        subjects,
    )


def field_values(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """Snapshot of the named fields (attname for foreign keys) for old/new in the change log."""
    return jsonable({name: getattr(obj, name) for name in fields})


def verify_chain(model: type[AppendOnly], *, batch: int = 5000) -> tuple[int, str | None]:
    """Walk the chain in order; return (rows checked, description of the first broken link or None)."""
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    fields = CONTENT_FIELDS[model] + ["prev_hash", "hash", "id"]
    last_seq = 0
    while True:
        rows = list(model.objects.filter(seq__gt=last_seq).order_by("seq").values(*fields)[:batch])
        if not rows:
            return checked, None
        for row in rows:
            if row["seq"] != expected_seq:
                return checked, f"{model.__name__}: regel met volgnummer {expected_seq} ontbreekt (gevonden: {row['seq']})"
            if row["prev_hash"] != prev_hash:
                return checked, f"{model.__name__} #{row['seq']}: prev_hash past niet bij de vorige regel"
            if row_hash(model, row, prev_hash) != row["hash"]:
                return checked, f"{model.__name__} #{row['seq']}: inhoud gewijzigd (hash klopt niet)"
            prev_hash = row["hash"]
            expected_seq += 1
            checked += 1
            last_seq = row["seq"]
