"""Log lines as JSON, one per line on stdout, with the request's id and the actor's id (issue 16 item 2).

A line holds fixed fields only (timestamp, level, logger, event, request_id, actor_id, and for the line that closes a
request: view, method, status, duration_ms, queries), never the attributes a library hangs on a record (Django's
`django.request` records carry the whole request, whose text shows the query string). Personal data never goes in a
log line: no query string, no form data, no name, no username, no BSN. The code that logs is written that way
(ids and codes only), and this formatter adds a net under it: a query string in an event is cut off and a number
that passes the BSN elfproef is replaced, in the event and in an exception's text alike.

The request's id comes from the X-Request-ID header when a proxy in front sent a well-formed one, else it is made
here; the answer carries it back (toegang.core.observability), so a user's complaint, the proxy's log and these
lines can be matched.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils.functional import empty
from stdnum.nl import bsn

# What a proxy may send as a request id: letters, digits and - _ . : (a UUID, a trace id), 8 to 100 characters.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,100}")
# The fields the request middleware adds to its closing line (`extra=`); nothing else of a record is written.
REQUEST_FIELDS = ("view", "method", "status", "duration_ms", "queries")
QUERY_STRING = re.compile(r"(/[^\s\"'?]*)\?[^\s\"']*")
NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")


@dataclass
class RequestContext:
    request_id: str
    request: Any = None

    @property
    def actor_id(self) -> int | None:
        """The pk of the logged-in staff member, once authentication has looked (never triggers that look itself: a
        log line costs no query)."""
        user = getattr(self.request, "user", None)
        if user is None or getattr(user, "_wrapped", None) is empty:
            return None
        return user.pk if getattr(user, "is_authenticated", False) else None


current_request: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("toegang_request",
                                                                                       default=None)


def accepted_request_id(header: str | None) -> str | None:
    """The incoming X-Request-ID when it is well-formed (else a new one is made: a header is never trusted to carry
    anything but an id into the logs)."""
    return header if header and REQUEST_ID.fullmatch(header) else None


def new_request_id() -> str:
    return uuid.uuid4().hex


def scrub(text: str) -> str:
    """Cut query strings off and mask numbers that are valid BSNs (defence in depth, see the module docstring)."""
    text = QUERY_STRING.sub(r"\1?[verwijderd]", text)
    return NINE_DIGITS.sub(lambda m: "[bsn]" if bsn.is_valid(m.group(0)) else m.group(0), text)


class JsonFormatter(logging.Formatter):
    """One JSON object per line with the fixed fields of the module docstring."""

    def format(self, record: logging.LogRecord) -> str:
        context = current_request.get()
        line: dict[str, Any] = {
            "timestamp": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": scrub(record.getMessage()),
            "request_id": context.request_id if context else None,
            "actor_id": context.actor_id if context else None,
        }
        for name in REQUEST_FIELDS:
            if name in record.__dict__:
                line[name] = record.__dict__[name]
        if record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The same lines for a developer's terminal (TOEGANG_LOG_FORMAT=text), scrubbed the same way."""

    def format(self, record: logging.LogRecord) -> str:
        context = current_request.get()
        head = f"{record.levelname:<7} {record.name} [{context.request_id if context else '-'}"
        head += f" actor={context.actor_id}]" if context and context.actor_id else "]"
        fields = " ".join(f"{name}={record.__dict__[name]}" for name in REQUEST_FIELDS if name in record.__dict__)
        text = f"{head} {scrub(record.getMessage())}{' ' + fields if fields else ''}"
        if record.exc_info:
            text += "\n" + scrub(self.formatException(record.exc_info))
        return text
