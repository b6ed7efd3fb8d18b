"""Shared fixtures: the demo profile loaded, staff per role, actors.

The demo profile and the staff are committed once per session, not once per test (standard_data.py); the fixtures
fetch them from the database for each test.
"""

import pytest
from django.test import Client
from pytest_django.fixtures import validate_django_db

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Gemeente
from toegang.audit import log as audit_log
from toegang.audit import sealing

from . import standard_data
from .standard_data import ROLE_TEAMS, ROLES, StandardData

__all__ = ["ROLES", "ROLE_TEAMS"]

DB_TESTS, TRANSACTIONAL_TESTS, OTHER_TESTS = 0, 1, 2


def _kind(item) -> int:
    """As pytest-django tells them apart: `db` tests, transactional tests and the rest."""
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    transaction, reset_sequences, *_ = validate_django_db(marker) if marker else (False, False)
    if transaction or reset_sequences or {"transactional_db", "live_server", "django_db_reset_sequences"} & names:
        return TRANSACTIONAL_TESTS
    return DB_TESTS if marker or "db" in names else OTHER_TESTS


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Within pytest-django's order (`db` tests, transactional tests, the rest): `db` tests by rising level of
    standard data, so each level is loaded once; transactional tests by falling level, so the first uses what the
    `db` tests left and the others restore it after the flush of the one before."""

    def key(item):
        kind = _kind(item)
        level = standard_data.level_needed(item.fixturenames)
        return kind, {DB_TESTS: level, TRANSACTIONAL_TESTS: -level}.get(kind, 0)

    items.sort(key=key)


@pytest.fixture(scope="session")
def _standard_data_state(request):
    # --reuse-db: whatever an earlier run left is unknown, so the first test that uses the database flushes it
    return StandardData(level=standard_data.UNKNOWN if request.config.getvalue("reuse_db") else 0)


@pytest.fixture(autouse=True)
def _standard_data(request, _standard_data_state):
    """Commit the standard data this test needs before any of its fixtures run (also before a fixture that freezes
    time, so the data is the same whichever test loads it)."""
    kind = _kind(request.node)
    if kind == OTHER_TESTS:
        return
    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        _standard_data_state.prepare(standard_data.level_needed(request.node.fixturenames),
                                     transactional=kind == TRANSACTIONAL_TESTS)


@pytest.fixture
def _django_db_helper(_standard_data, _django_db_helper):
    """pytest-django's, after the standard data is in place: for a test with a `django_db` marker the plugin's own
    autouse fixture starts the test's transaction, before the autouse fixtures of this file."""
    return _django_db_helper


@pytest.fixture(autouse=True)
def _audit_process_state_per_test(monkeypatch):
    """The audit log's per-process state starts afresh: numbers left in a block taken by the test before (PostgreSQL)
    and the count of appends towards the next seal. Otherwise a page's query count or a seal depends on which test
    ran just before and how long ago."""
    monkeypatch.setattr(audit_log, "_NUMBERS", {})
    monkeypatch.setattr(sealing, "_appends_since_seal", 0)


@pytest.fixture
def profile(db):
    return standard_data.demo_profile()


@pytest.fixture
def demodam(profile):
    return Gemeente.objects.get(cbs_code="9901")


@pytest.fixture
def voorbeeldorp(profile):
    return Gemeente.objects.get(cbs_code="9902")


@pytest.fixture
def make_staff(profile):
    """make_staff('generalist', gemeenten=['9901'], teams=['st-noord-zuid'], organisatie='welzijn-demo')."""
    return standard_data.make_staff_member


@pytest.fixture
def staff(profile):
    """One user per demo role, in Demodam, with the demo teams."""
    return standard_data.standard_staff()


@pytest.fixture
def actor_of():
    return actor_for_user


@pytest.fixture
def client_for(staff):
    def make(role: str) -> Client:
        client = Client()
        client.force_login(staff[role])
        return client

    return make
