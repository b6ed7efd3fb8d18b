"""The Celery app (background jobs, docs/operations.md "Achtergrondtaken"): configured from the Django settings whose
names start with CELERY_ (settings/base.py), the broker is TOEGANG_REDIS_URL. `celery -A toegang worker` and
`celery -A toegang beat` find it through toegang/__init__.py (with DJANGO_SETTINGS_MODULE in their environment).

Without TOEGANG_REDIS_URL (`make run`, the test suite) no broker is used at all: toegang.jobs.queue runs the work in a
thread of the web process (or at once, with TOEGANG_JOBS_EAGER), so the demo needs nothing extra. The tasks
themselves are found by name (toegang.jobs.worker), so the core imports no app."""

from __future__ import annotations

from celery import Celery
from django.conf import settings

# No default for DJANGO_SETTINGS_MODULE here: this module is loaded with the package, before wsgi.py (production) or
# `toegang` (base) choose theirs. A worker and beat get it from their environment, as the web process does.
app = Celery("toegang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["toegang.jobs"], related_name="worker")


def broker_configured() -> bool:
    """Whether jobs go through the broker (a worker runs them) or run in this process."""
    return bool(getattr(settings, "TOEGANG_REDIS_URL", ""))


def queue_name() -> str:
    """The queue Toegang's jobs travel on (a test run takes one of its own, so two runs never take each other's)."""
    return settings.TOEGANG_JOBS_QUEUE
