"""Serialising writers that must not race, without a table of their own.

PostgreSQL: a transaction-level advisory lock keyed by a string (released at commit or rollback).
SQLite: every write transaction already starts with BEGIN IMMEDIATE (settings.database_from_url), which takes the
database's single write lock, so two writers are serialised without more.
"""

from __future__ import annotations

import hashlib

from django.db import connection


def lock_for_transaction(key: str) -> None:
    """Block until no other transaction holds the lock for `key`; call inside transaction.atomic()."""
    if connection.vendor != "postgresql":
        return
    number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])
