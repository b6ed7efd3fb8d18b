"""Helpers for tests that tamper with the audit trail as someone with SQL access would."""

from django.db import connection


def tamper(sql: str, params=None) -> None:
    """Run SQL past the insert-only triggers: on PostgreSQL as the superuser with triggers (and FK checks) off,
    as an attacker who owns the database could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")
