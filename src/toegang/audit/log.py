"""log_change() and log_access(): the only writers of the audit trail.

A row is one insert and takes no lock: its number comes from the database sequence (taken first, so the MAC can
cover it; on PostgreSQL a busy process takes access-log numbers in blocks), its MAC is HMAC-SHA256 under the audit key (toegang.audit.keys) over its canonical content including
the subject ids, and its subject index rows go in with it. Chaining happens later, in toegang.audit.sealing.

Inside a request, log_access() buffers and the middleware (toegang.audit.middleware) writes one row per request;
outside a request it writes at once.
"""

from __future__ import annotations

import contextvars
import json
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.metrics import timed_append

from .models import AccessLog, AppendOnly, ChangeLog
from .rows import SUBJECT_MODEL, jsonable, row_mac
from .sealing import seal_soon
from .verify import verify_log


def _next_seq(model: type[AppendOnly]) -> int:
    """SQLite: the row's number, chosen under the IMMEDIATE write lock; never reuse a number (AUTOINCREMENT)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
                       f"COALESCE((SELECT MAX(seq) FROM {table}), 0)) + 1", [table])
        return int(cursor.fetchone()[0])


_PG_STATEMENTS: dict[type[AppendOnly], tuple[str, list[str]]] = {}


def _pg_insert(model: type[AppendOnly]) -> tuple[str, list[str]]:
    """(insert row + subject index in one statement, column names), built once per model.

    The row goes over as one JSON parameter that PostgreSQL unpacks (jsonb_populate_record): binding a dozen
    parameters per read cost more client CPU than anything else in an append."""
    if model not in _PG_STATEMENTS:
        table, subject_table = model._meta.db_table, SUBJECT_MODEL[model]._meta.db_table
        columns = [f.column for f in model._meta.concrete_fields]
        column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
        insert = (f"WITH v AS (SELECT * FROM jsonb_populate_record(NULL::{table}, %s::jsonb)), "  # noqa: S608
                  f"r AS (INSERT INTO {table} ({column_list}) SELECT {column_list} FROM v RETURNING seq, subject_ids) "
                  f"INSERT INTO {subject_table} (resident_id, log_id) "
                  f"SELECT s::bigint, r.seq FROM r, jsonb_array_elements_text(r.subject_ids) AS s")
        _PG_STATEMENTS[model] = (insert, columns)
    return _PG_STATEMENTS[model]


class _Numbers:
    """A process's row numbers for one log, taken from the database sequence in blocks (PostgreSQL).

    A number must be known before the insert (the MAC covers it). A process that appends in quick succession takes
    the next block twice as large (up to settings.AUDIT_SEQ_BLOCK), so a busy writer pays one extra round trip per
    block instead of per read; a quiet one takes single numbers. A number left unused (the block went stale after
    AUDIT_SEQ_BLOCK_SECONDS, the process ended) is a hole like a rolled-back insert: the sealer waits for it during
    the grace period and then records it as abandoned (docs/audit.md). Blocks go stale long before that grace.
    """

    def __init__(self, model: type[AppendOnly]):
        self.sql = f"SELECT nextval(pg_get_serial_sequence('{model._meta.db_table}', 'seq')) FROM generate_series(1, %s)"
        self.free: list[int] = []
        self.size = 1
        self.taken_at = 0.0
        self.lock = threading.Lock()  # threaded workers share a process's block

    def next(self) -> int:
        with self.lock:
            return self._next()

    def _next(self) -> int:
        now = time.monotonic()
        stale = now - self.taken_at > settings.AUDIT_SEQ_BLOCK_SECONDS
        if not self.free or stale:
            busy = not self.free and not stale and now - self.taken_at < 1.0
            self.size = min(self.size * 2, settings.AUDIT_SEQ_BLOCK) if busy else 1
            with connection.cursor() as cursor:
                cursor.execute(self.sql, [self.size])
                self.free = sorted((row[0] for row in cursor.fetchall()), reverse=True)
            self.taken_at = now
        return self.free.pop()


_NUMBERS: dict[tuple[int, type[AppendOnly]], _Numbers] = {}


def _next_number_postgresql(model: type[AppendOnly]) -> int:
    """The change log takes one number per row (inside the change's transaction); the access log uses blocks."""
    if model is ChangeLog or settings.AUDIT_SEQ_BLOCK <= 1:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{model._meta.db_table}', 'seq'))")
            return cursor.fetchone()[0]
    key = (os.getpid(), model)  # a forked process never reuses its parent's numbers
    if key not in _NUMBERS:
        _NUMBERS[key] = _Numbers(model)
    return _NUMBERS[key].next()


def _append_postgresql(model: type[AppendOnly], values: dict[str, Any], subjects: list[int]) -> int:
    """One insert statement (row and subject index), no lock, no transaction of its own."""
    insert, columns = _pg_insert(model)
    values = {**values, "seq": _next_number_postgresql(model), "subject_ids": subjects,
              "at": values.get("at") or clock.now()}
    values["mac"] = row_mac(model, values)
    row = {column: values.get(column) for column in columns}
    row["at"] = values["at"].isoformat()
    if model is AccessLog and settings.AUDIT_ACCESS_ASYNC_COMMIT and not connection.in_atomic_block:
        # A read's row commits without waiting for the WAL flush: the two statements form one implicit
        # transaction (docs/audit.md: a crash of the database server can lose the last fraction of a second
        # of reads, never a change).
        insert = "SET LOCAL synchronous_commit TO off; " + insert
    with connection.cursor() as cursor:
        cursor.execute(insert, [json.dumps(row, separators=(",", ":"))])
    return values["seq"]


def _append(model: type[AppendOnly], values: dict[str, Any], subject_ids: Iterable[int]) -> int:
    """Write one row with its subject index; return its number. The time the insert takes is observed in
    toegang_audit_append_duration_seconds (log, mode "one"); no personal data in the labels."""
    subjects = sorted({int(s) for s in subject_ids})
    with timed_append(_log_label(model), "one"):
        if connection.vendor == "postgresql":
            seq = _append_postgresql(model, values, subjects)
        else:
            with transaction.atomic():  # SQLite: IMMEDIATE takes the write lock before the number is chosen
                values = {**values, "seq": _next_seq(model), "subject_ids": subjects,
                          "at": values.get("at") or clock.now()}
                values["mac"] = row_mac(model, values)
                row = model.objects.bulk_create([model(**values)])[0]
                subject_model = SUBJECT_MODEL[model]
                subject_model.objects.bulk_create([subject_model(log_id=row.seq, resident_id=s) for s in subjects])
                seq = row.seq
    _appended()
    return seq


def _append_many(model: type[AppendOnly], rows: list[tuple[dict[str, Any], list[int]]]) -> list[int]:
    """Write many rows with their subject indexes in one statement (PostgreSQL) or one bulk insert (SQLite); return
    their numbers in order. The same rows as that many `_append` calls, without a round trip each. The time it takes
    is observed as one batch append (toegang_audit_append_duration_seconds)."""
    if not rows:
        return []
    with timed_append(_log_label(model), "batch"):
        numbers = _insert_many(model, rows)
    for _ in numbers:
        _appended()
    return numbers


def _insert_many(model: type[AppendOnly], rows: list[tuple[dict[str, Any], list[int]]]) -> list[int]:
    now = clock.now()
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'seq')) "  # noqa: S608
                           "FROM generate_series(1, %s)", [len(rows)])
            numbers = sorted(r[0] for r in cursor.fetchall())
        insert, columns = _pg_insert(model)
        insert = insert.replace("jsonb_populate_record(", "jsonb_populate_recordset(", 1)
        records = []
        for seq, (values, subjects) in zip(numbers, rows, strict=True):
            values = {**values, "seq": seq, "subject_ids": sorted({int(s) for s in subjects}),
                      "at": values.get("at") or now}
            values["mac"] = row_mac(model, values)
            record = {column: values.get(column) for column in columns}
            record["at"] = values["at"].isoformat()
            records.append(record)
        with connection.cursor() as cursor:
            cursor.execute(insert, [json.dumps(records, separators=(",", ":"))])
    else:
        with transaction.atomic():  # SQLite: IMMEDIATE takes the write lock before the numbers are chosen
            first = _next_seq(model)
            numbers = list(range(first, first + len(rows)))
            objects, subject_rows = [], []
            subject_model = SUBJECT_MODEL[model]
            for seq, (values, subjects) in zip(numbers, rows, strict=True):
                subjects = sorted({int(s) for s in subjects})
                values = {**values, "seq": seq, "subject_ids": subjects, "at": values.get("at") or now}
                values["mac"] = row_mac(model, values)
                objects.append(model(**values))
                subject_rows += [subject_model(log_id=seq, resident_id=s) for s in subjects]
            model.objects.bulk_create(objects)
            subject_model.objects.bulk_create(subject_rows)
    return numbers


def _log_label(model: type[AppendOnly]) -> str:
    """The audit log's kind as a metric label: 'access' or 'change'."""
    return "access" if model is AccessLog else "change"


def _appended() -> None:
    """Every N appends of this process, try to seal (never waits for another sealer: docs/audit.md)."""
    if settings.AUDIT_SEAL_EVERY > 0:
        seal_soon(settings.AUDIT_SEAL_EVERY)


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
) -> int:
    """Record one domain event; return the row's number. Must be called inside the transaction that makes the change."""
    if not connection.in_atomic_block:
        raise RuntimeError("log_change() hoort in de transactie van de wijziging.")
    values = _change_values(actor, event=event, obj=obj, object_type=object_type, object_id=object_id,
                            gemeente_id=gemeente_id, old=old, new=new)
    return _append(ChangeLog, values, subject_ids)


def log_changes(*, actor: Actor, entries: Iterable[dict[str, Any]]) -> list[int]:
    """Record many domain events of one actor at once (an import's batch), each entry the keyword arguments of
    `log_change` without the actor; return the rows' numbers. Must be called inside the transaction of the changes."""
    if not connection.in_atomic_block:
        raise RuntimeError("log_changes() hoort in de transactie van de wijzigingen.")
    return _append_many(ChangeLog, [(_change_values(actor, **entry), list(entry.get("subject_ids", ())))
                                    for entry in entries])


def _change_values(actor: Actor, *, event: str, obj: Any = None, object_type: str | None = None,
                   object_id: Any = None, gemeente_id: int | None = None, subject_ids: Iterable[int] = (),
                   old: dict | None = None, new: dict | None = None) -> dict[str, Any]:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id is not None else obj.pk
    return {
        "actor_id": actor.user_id,
        "actor_label": actor.audit_label,
        "role": actor.role_label(gemeente_id),
        "gemeente_id": gemeente_id,
        "event": event,
        "object_type": object_type or "",
        "object_id": str(object_id if object_id is not None else ""),
        "old": jsonable(old) if old is not None else None,
        "new": jsonable(new) if new is not None else None,
    }


# Reads done under a break-the-glass grant (persons.models.EmergencyAccess) carry this purpose, so they stand out in
# the log and the privacy officer counts them per grant (audit.queries.emergency_accesses_for).
EMERGENCY_PURPOSE = "noodtoegang"
EMERGENCY_REASON_IN_PURPOSE = 120  # characters of the reason kept in the purpose (the purpose holds 200)


def emergency_marker(grant_id: int) -> str:
    """What every read under grant `grant_id` has in its purpose: "noodtoegang #12:"."""
    return f"{EMERGENCY_PURPOSE} #{grant_id}:"


def emergency_purpose(grant_id: int, reason: str, purpose: str) -> str:
    """The purpose of a read under a grant: "noodtoegang #12: <reason>; <the read's own purpose>"."""
    reason = " ".join(reason.split())
    if len(reason) > EMERGENCY_REASON_IN_PURPOSE:
        reason = reason[:EMERGENCY_REASON_IN_PURPOSE - 1] + "…"
    return f"{emergency_marker(grant_id)} {reason}; {purpose}"


@dataclass
class AccessBuffer:
    """The reads of one request, written as one AccessLog row when the response is done."""

    entries: list[dict[str, Any]] = field(default_factory=list)


current_buffer: contextvars.ContextVar[AccessBuffer | None] = contextvars.ContextVar("access_buffer", default=None)


def log_access(
    *,
    actor: Actor,
    subject_ids: Iterable[int],
    purpose: str,
    channel: str,
    resource: str = "",
    gemeente_id: int | None = None,
) -> int | None:
    """Record that `actor` saw personal data of these persons, for this purpose, through this channel.

    Inside a request the read is buffered and written with the request's other reads as one row (returns None);
    outside a request it is written at once. AVG art. 30/32 and NEN 7513: who saw whose data, when and why.
    """
    subjects = list(subject_ids)
    if not subjects:
        return None
    entry = {
        "actor_id": actor.user_id,
        "actor_label": actor.audit_label,
        "role": actor.role_label(gemeente_id),
        "gemeente_id": gemeente_id,
        "purpose": purpose[:200],
        "channel": channel,
        "resource": resource[:200],
        "at": clock.now(),
        "subjects": subjects,
    }
    buffer = current_buffer.get()
    if buffer is not None:
        buffer.entries.append(entry)
        return None
    return write_access(entry["subjects"], {k: v for k, v in entry.items() if k != "subjects"})


def write_access(subjects: list[int], values: dict[str, Any]) -> int:
    return _append(AccessLog, values, subjects)


def flush_access_buffer(buffer: AccessBuffer) -> int | None:
    """Write a request's reads as one row: every subject, the distinct purposes joined (those under a break-the-glass
    grant first), the first resource.

    The actor is the request's; if the reads differ in gemeente the row records none (the subject index still
    says whose data was seen); if they differ in channel, the first read's channel counts.
    """
    if not buffer.entries:
        return None
    first = buffer.entries[0]
    subjects = sorted({int(s) for e in buffer.entries for s in e["subjects"]})
    purposes = list(dict.fromkeys(e["purpose"] for e in buffer.entries))
    # a read under a break-the-glass grant first, so the 200 characters never cut its mark off
    purposes.sort(key=lambda p: not p.startswith(EMERGENCY_PURPOSE))
    gemeenten = {e["gemeente_id"] for e in buffer.entries}
    values = {
        "actor_id": first["actor_id"],
        "actor_label": first["actor_label"],
        "gemeente_id": first["gemeente_id"] if len(gemeenten) == 1 else None,
        "role": first["role"],
        "purpose": "; ".join(purposes)[:200],
        "channel": first["channel"],
        "resource": next((e["resource"] for e in buffer.entries if e["resource"]), ""),
        "at": first["at"],
    }
    buffer.entries.clear()
    return write_access(subjects, values)


def field_values(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """Snapshot of the named fields (attname for foreign keys) for old/new in the change log."""
    return jsonable({name: getattr(obj, name) for name in fields})


def verify_chain(model: type[AppendOnly]) -> tuple[int, str | None]:
    """Check one log completely (row MACs, seals, subject index, newest checkpoint); it does not seal.

    Returns (rows checked, the first problem or None). `toegang audit verify` reports every problem.
    """
    report = verify_log(model)
    return report.rows, (report.problems[0] if report.problems else None)
