"""The row format of the audit trail: what a row's MAC covers, and JSON that hashes the same way it is stored.

Shared by the writers (log), the sealer (sealing) and the checker (verify); it depends on none of them.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from .keys import mac, mac_matches
from .models import AccessLog, AccessLogSubject, AppendOnly, ChangeLog, ChangeLogSubject, Seal

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
