"""The row format of the audit trail: what a row's MAC covers, and JSON that hashes the same way it is stored.

Shared by the writers (log), the sealer (sealing) and the checker (verify); it depends on none of them.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from .keys import mac, mac_matches
from .models import AccessLog, AccessLogSubject, AppendOnly, ChangeLog, ChangeLogSubject, Redaction, Seal

CONTENT_FIELDS = {
    ChangeLog: ["seq", "at", "actor_id", "actor_label", "role", "gemeente_id", "subject_ids", "event",
                "object_type", "object_id", "old", "new"],
    AccessLog: ["seq", "at", "actor_id", "actor_label", "role", "gemeente_id", "subject_ids", "purpose",
                "channel", "resource"],
}
SUBJECT_MODEL = {ChangeLog: ChangeLogSubject, AccessLog: AccessLogSubject}
LOG_KIND = {ChangeLog: Seal.Log.CHANGE, AccessLog: Seal.Log.ACCESS}
LABEL = {ChangeLog: "wijzigingslog", AccessLog: "inzagelog"}


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def jsonable(value: Any) -> Any:
    """Make old/new values JSON-safe in the same way for storing and hashing."""
    return json.loads(json.dumps(value, default=_json_default, sort_keys=True))


def row_content(model: type[AppendOnly], values: dict[str, Any]) -> list:
    """What a row's MAC covers: the log it belongs to and every content field, subject ids and seq included."""
    content = {name: values[name] for name in CONTENT_FIELDS[model]}
    content["at"] = values["at"].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    content["subject_ids"] = [int(s) for s in values["subject_ids"]]
    return [model._meta.label_lower, content]


def row_mac(model: type[AppendOnly], values: dict[str, Any]) -> str:
    return mac(row_content(model, values))


def row_mac_matches(model: type[AppendOnly], values: dict[str, Any]) -> bool:
    return mac_matches(row_content(model, values), values["mac"])


def redaction_content(redaction: Redaction | dict) -> list:
    get = redaction.get if isinstance(redaction, dict) else lambda name: getattr(redaction, name)
    at = get("at").astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return ["redaction", get("log"), int(get("seq")), at, get("reason"), get("original_mac"), get("content_mac")]


def valid_redactions(model: type[AppendOnly], seqs=None) -> tuple[dict[int, tuple[str, str]], list[int]]:
    """The redactions of this log (of these row numbers, or all) whose own MAC verifies, as seq -> (the row's MAC
    before, the MAC of its content after); and the numbers of those that do not verify (forged redactions)."""
    query = Redaction.objects.filter(log=LOG_KIND[model])
    if seqs is not None:
        query = query.filter(seq__in=list(seqs))
    valid, forged = {}, []
    for row in query.values("log", "seq", "at", "reason", "original_mac", "content_mac", "mac").iterator(chunk_size=5000):
        if mac_matches(redaction_content(row), row["mac"]):
            valid[row["seq"]] = (row["original_mac"], row["content_mac"])
        else:
            forged.append(row["seq"])
    return valid, forged


def row_authentic(model: type[AppendOnly], values: dict[str, Any],
                  redactions: dict[int, tuple[str, str]] | None = None) -> bool:
    """The row is as it was written, or as a valid redaction left it (its personal data taken out at destruction).

    `redactions` (valid_redactions) saves a query per row where many rows are checked; without it the redaction is
    looked up, which only happens for a row whose own MAC does not match."""
    if row_mac_matches(model, values):
        return True
    if redactions is None:
        redactions = valid_redactions(model, [values["seq"]])[0]
    found = redactions.get(values["seq"])
    return found is not None and found[0] == values["mac"] and mac_matches(row_content(model, values), found[1])
