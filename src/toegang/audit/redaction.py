"""Taking the personal data out of audit rows when the records they are about are destroyed (issue 13, item 7).

The AVG allows personal data to be kept no longer than needed (art. 5(1)(e)); when a file is destroyed at the end of
its retention term (docs/retention.md), the audit trail about it stays — who did what, when — but not what it said.
A change-log row about a destroyed record or naming a destroyed person loses its `old` and `new`; an access-log row
about a destroyed person loses what was typed into it: the reason of a read under break-the-glass, the search terms
(a BSN, a surname) in the query string of its address. Every other field stays: the number, the moment, the actor,
the event, the object's type and number and the subject ids (a pseudonym once the
person's record is gone). Each redaction is recorded in audit.Redaction, keyed with the audit key, so verify can
tell it from tampering (rows.row_authentic). Only a row that is intact is redacted: a tampered row stays as found,
for verify to report.

The only writer of audit rows besides toegang.audit.log. On PostgreSQL the insert-only trigger lets this UPDATE
through only inside a transaction that said so (SET LOCAL toegang.audit_redactie), with number and MAC unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, models
from django.db.models import Q

from toegang.core import clock

from .keys import mac
from .log import EMERGENCY_PURPOSE
from .models import AccessLog, ChangeLog, ChangeLogSubject, Redaction
from .rows import CONTENT_FIELDS, LOG_KIND, redaction_content, row_content, row_mac_matches

CHUNK = 500
REDACTED = "vernietigd"


@dataclass
class Redacted:
    changes: int = 0
    accesses: int = 0
    skipped: int = 0  # rows whose MAC did not verify: left as found, for verify to report


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _change_seqs(objects: dict[str, Iterable], subject_ids: list[int]) -> set[int]:
    seqs: set[int] = set()
    for object_type, ids in objects.items():
        for chunk in _chunks(sorted(str(i) for i in ids)):
            seqs.update(ChangeLog.objects.filter(object_type=object_type, object_id__in=chunk)
                        .values_list("seq", flat=True))
    for chunk in _chunks(subject_ids):
        seqs.update(ChangeLogSubject.objects.filter(resident_id__in=chunk).values_list("log_id", flat=True))
    return seqs


def _typed_access_seqs(subject_ids: list[int]) -> set[int]:
    """Reads of these persons that carry what someone typed: a break-the-glass reason in the purpose, or search
    terms (a BSN, a surname) in the query string of the address."""
    seqs: set[int] = set()
    typed = Q(purpose__startswith=EMERGENCY_PURPOSE) | Q(resource__contains="?")
    for chunk in _chunks(subject_ids):
        seqs.update(AccessLog.objects.filter(typed, subjects__resident_id__in=chunk).values_list("seq", flat=True))
    return seqs


def _redact(model, seqs: set[int], change, reason: str, done: Redacted) -> int:
    """Rewrite rows `seqs` of `model` with `change(row) -> fields`, each with its Redaction; return how many."""
    if not seqs:
        return 0
    already = set(Redaction.objects.filter(log=LOG_KIND[model], seq__in=list(seqs)).values_list("seq", flat=True))
    fields = [*CONTENT_FIELDS[model], "mac"]
    count = 0
    now = clock.now()
    writer = models.QuerySet(model=model)  # the append-only manager refuses updates; this module is the exception
    for chunk in _chunks(sorted(seqs - already)):
        redactions = []
        for row in model.objects.filter(seq__in=chunk).values(*fields):
            if not row_mac_matches(model, row):
                done.skipped += 1
                continue
            new_fields = change(row)
            if not new_fields:
                continue
            after = {**row, **new_fields}
            values = {"log": LOG_KIND[model], "seq": row["seq"], "at": now, "reason": reason[:200],
                      "original_mac": row["mac"], "content_mac": mac(row_content(model, after))}
            redactions.append(Redaction(**values, mac=mac(redaction_content(values))))
            writer.filter(seq=row["seq"]).update(**new_fields)
            count += 1
        Redaction.objects.bulk_create(redactions)
    return count


def _without_change_content(row: dict) -> dict:
    return {name: {REDACTED: True} for name in ("old", "new") if row[name] is not None}


def _without_typed_content(row: dict) -> dict:
    fields = {}
    if row["purpose"].startswith(EMERGENCY_PURPOSE):
        marker, _, rest = row["purpose"].partition(":")
        if rest.strip():
            fields["purpose"] = f"{marker}: [{REDACTED}]"
    path, question, query = row["resource"].partition("?")
    if question and query:
        fields["resource"] = f"{path}?[{REDACTED}]"
    return fields


def redact_destroyed(*, objects: dict[str, Iterable], subject_ids: Iterable[int], reason: str) -> Redacted:
    """Take the personal data out of the audit rows about destroyed records: change-log rows about one of `objects`
    (object type -> ids) or naming one of `subject_ids` (destroyed persons), and reads of those persons that carry
    typed content (a break-the-glass reason, search terms in the address). Must run in the destruction's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("redact_destroyed() hoort in de transactie van de vernietiging.")
    subjects = sorted({int(s) for s in subject_ids})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL toegang.audit_redactie = 'aan'")
    done = Redacted()
    done.changes = _redact(ChangeLog, _change_seqs(objects, subjects), _without_change_content, reason, done)
    done.accesses = _redact(AccessLog, _typed_access_seqs(subjects), _without_typed_content, reason, done)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL toegang.audit_redactie = 'uit'")
    return done


