"""The standard test data, built once per session instead of once per test (issue 10).

Level 0 is the empty database, level 1 adds the demo profile, level 2 adds one user per demo role (the `staff`
fixture). A test needs the level of the fixtures it uses (`profile` and everything built on it: 1; `staff`,
`client_for`: 2). The data of a level is committed once, before the first test that needs it, and each test runs
on top of it as before: a `db` test in a transaction that rolls back, a `transactional_db` test followed by a
flush of every table. Tests are run in order of level (conftest.py), so a session loads the profile and the staff
once; only a transactional test's flush brings the level back to 0, and the next test that needs data loads it
again.

Level 2 is copied as soon as it is loaded (SQLite: the backup API; PostgreSQL: the filled tables into a schema of
their own). After a flush the copy is put back instead of loading again: measured on this machine, 1 ms instead of
130 ms on SQLite and 25 ms instead of 460 ms on PostgreSQL.

A test sees what it saw when it loaded the data itself (the profile's row in the change log included), except the
identity of the objects: fixtures fetch them from the database per test.
"""

from __future__ import annotations

import sqlite3

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction

from toegang.accounts import models as accounts
from toegang.core.actor import SYSTEM
from toegang.profiles.actions import do_load_profile
from toegang.profiles.models import Profile

from .factories import MedewerkerFactory

DEMO = "demo"
ROLES = ["balie", "generalist", "procesregisseur", "backoffice", "teamleider", "beleid", "privacy", "beheer", "partner"]
# The teams each demo role works in (as in profiles/demo.yaml).
ROLE_TEAMS = {"generalist": ["st-noord-zuid"], "teamleider": ["st-centrum", "st-noord-zuid"], "balie": ["balie-demodam"]}
UNKNOWN = 99  # a load failed halfway, or --reuse-db: flush before the next test


def level_needed(fixturenames) -> int:
    """2 for a test that uses the staff, 1 for one that uses the demo profile (pytest's fixture closure: the
    fixtures built on them, such as `client_for` and `demodam`, count too)."""
    return 2 if "staff" in fixturenames else 1 if "profile" in fixturenames else 0


def make_staff_member(role: str, *, gemeenten=("9901",), teams=None, organisatie=None, username=None):
    """A user with `role` in each of `gemeenten`, in `teams` (default: the demo teams of the role)."""
    user = MedewerkerFactory(**({"username": username} if username else {}))
    if organisatie:
        user.organisatie = accounts.Organisatie.objects.get(code=organisatie)
        user.save()
    role_obj = accounts.Role.objects.get(profile__name=DEMO, code=role)
    for cbs in gemeenten:
        gemeente = accounts.Gemeente.objects.get(cbs_code=cbs)
        accounts.RoleAssignment.objects.create(medewerker=user, gemeente=gemeente, role=role_obj)
    for code in ROLE_TEAMS.get(role, []) if teams is None else teams:
        accounts.TeamMembership.objects.create(medewerker=user, team=accounts.Team.objects.get(code=code))
    return user


def demo_profile() -> Profile:
    return Profile.objects.get(name=DEMO)


def standard_staff() -> dict[str, accounts.Medewerker]:
    """The level-2 users, fresh from the database, in the order of ROLES."""
    users = {user.username: user for user in accounts.Medewerker.objects.filter(username__in=ROLES)}
    return {role: users[role] for role in ROLES}


def _load(level: int) -> None:
    if level == 1:
        do_load_profile(actor=SYSTEM, name_or_path=DEMO)
    elif level == 2:
        for role in ROLES:
            make_staff_member(role, username=role, organisatie="jeugdhulp-demo" if role == "partner" else None)


def _flush() -> None:
    """Empty every table, as a transactional test's teardown does (TransactionTestCase._fixture_teardown)."""
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False, allow_cascade=False,
                 inhibit_post_migrate=False)


# Tables a flush fills again itself (post_migrate) or never empties.
NOT_COPIED = {"django_migrations", "django_content_type", "auth_permission"}


class SqliteCopy:
    """The whole in-memory database, copied with SQLite's backup API (a few milliseconds each way)."""

    def __init__(self):
        connection.ensure_connection()
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.copy)

    def restore(self) -> None:
        connection.ensure_connection()
        self.copy.backup(connection.connection)
        ContentType.objects.clear_cache()  # the copy brings back its own content type ids


class PostgresqlCopy:
    """The filled tables, copied into a schema of their own; restored with INSERT ... SELECT after a flush
    (foreign keys are deferred to the commit, so the order of the tables does not matter)."""

    SCHEMA = "toegang_standaard"

    def __init__(self):
        self.tables = []
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.SCHEMA}")
            for table in sorted(set(connection.introspection.django_table_names(only_existing=True)) - NOT_COPIED):
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
                if cursor.fetchone()[0]:
                    cursor.execute(f"CREATE TABLE {self.SCHEMA}.{table} AS TABLE {table}")
                    self.tables.append(table)

    def restore(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"INSERT INTO {table} SELECT * FROM {self.SCHEMA}.{table}")


COPIES = {"sqlite": SqliteCopy, "postgresql": PostgresqlCopy}


class StandardData:
    """What is committed in the test database now, outside any test's transaction."""

    def __init__(self, level: int = 0):
        self.level = level
        self.copy = None  # of level 2, taken when it is first loaded

    def prepare(self, needed: int, *, transactional: bool) -> None:
        """Commit the data of level `needed` (and nothing more) before the test's own setup starts."""
        if self.level > needed:
            self.level = UNKNOWN
            _flush()
            self.level = 0
        if self.level == 0 and needed == 2 and self.copy is not None:
            self.level = UNKNOWN
            self.copy.restore()
            self.level = 2
        while self.level < needed:
            reached, self.level = self.level + 1, UNKNOWN
            _load(reached)
            self.level = reached
            if reached == 2 and self.copy is None and connection.vendor in COPIES:
                self.copy = COPIES[connection.vendor]()
        if transactional:
            self.level = 0  # its teardown flushes every table
