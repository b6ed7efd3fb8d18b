"""Test settings: the database comes from TOEGANG_TEST_DATABASE (sqlite or a postgres URL)."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import database_from_url

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES = {"default": database_from_url(os.environ.get("TOEGANG_TEST_DATABASE_URL_ACTIVE", "sqlite:///:memory:"),
                                          conn_max_age=0)}
# PostgreSQL: a test database of this run's own, so two runs against one server (a developer and CI) never drop
# each other's database.
DATABASES["default"]["TEST"] = {"NAME": f"test_toegang_{os.getpid()}" if "postgres" in DATABASES["default"]["ENGINE"] else None}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One audit number per logged read, so a page's query count does not depend on where this process's block of
# numbers runs out (tests assert bounded counts; tests/test_audit.py turns blocks on to test them).
AUDIT_SEQ_BLOCK = 1
# Checkpoints of this test run only (the SQLite and PostgreSQL runs go side by side; tests that look at checkpoints
# set their own directory as well).
AUDIT_CHECKPOINT_DIR = Path(tempfile.mkdtemp(prefix="toegang-test-checkpoints-"))
# the hub's mailbox folders: never the checkout's var/ (tests of messaging/ point them at their own tmp_path)
_BERICHTEN = Path(tempfile.mkdtemp(prefix="toegang-test-berichten-"))
TOEGANG_BERICHTEN_IN = _BERICHTEN / "in"
TOEGANG_BERICHTEN_UIT = _BERICHTEN / "uit"
# E-mail of notifications lands in django.core.mail.outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TOEGANG_BASE_URL = "http://localhost:8000"
TOEGANG_JOBS_EAGER = True  # a job (a long export) finishes inside the request that starts it (jobs/queue.py)
# No broker unless a test asks for one (tests/test_jobs.py runs a real worker against Redis on its own queue).
TOEGANG_REDIS_URL = ""
CELERY_BROKER_URL = "memory://"
TOEGANG_JOBS_BACKOFF_SECONDS = 0
# Tests travel through time with a logged-in client (a clock five hours on, a case thirty days later): that is not a
# user who left their desk. The session timeouts themselves are tested with the real limits
# (tests/test_login_security.py sets them back).
SESSION_IDLE_SECONDS = SESSION_ABSOLUTE_SECONDS = 10 * 365 * 24 * 3600
