"""Serialising writers that must not race, without a table of their own.

PostgreSQL: a transaction-level advisory lock keyed by a string (released at commit or rollback).
SQLite: every write transaction already starts with BEGIN IMMEDIATE (settings.database_from_url), which takes the
database's single write lock, so two writers are serialised without more.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.db import connection


def lock_for_transaction(key: str) -> None:
    """Block until no other transaction holds the lock for `key`; call inside transaction.atomic()."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_number(key)])


def lock_number(key: str) -> int:
    """The PostgreSQL advisory-lock number of `key`."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def exclusive(key: str) -> Iterator[bool]:
    """Run a piece of work at most once at a time across processes and servers: yields True for the one that got
    the lock, False (at once, without waiting) for any that starts while it runs. PostgreSQL: a session-level
    advisory lock (it spans the work's transactions; released at the end, or when the connection dies). SQLite (one
    machine): an exclusive flock on a file in the temporary directory."""
    digest = hashlib.sha256(key.encode()).digest()
    if connection.vendor == "postgresql":
        number = lock_number(key)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [number])
            got = cursor.fetchone()[0]
        try:
            yield got
        finally:
            if got:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [number])
        return
    path = Path(tempfile.gettempdir()) / f"toegang-{digest.hex()[:16]}.lock"
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
