"""Running work after the request (docs/indicators.md "Long exports"): `run_in_background(func, *args)` starts it
in a thread of the web process, or at once when TOEGANG_JOBS_EAGER is set (the test suite). The work itself records
its progress and its end through actions, so a page can follow it. Issue 16 moves this onto Celery with Redis; the
callers stay the same."""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connections

from .metrics import record_job_failure

log = logging.getLogger(__name__)


def run_in_background(func: Callable[..., None], *args) -> None:
    if getattr(settings, "TOEGANG_JOBS_EAGER", False):
        func(*args)
        return

    def run():
        try:
            func(*args)
        except Exception:  # the job records its own failure; this only keeps the thread from dying unseen
            log.exception("background job %s failed", getattr(func, "__name__", func))
            record_job_failure(getattr(func, "__name__", "job"))
        finally:
            connections.close_all()

    # the thread runs in a copy of the request's context: its log lines carry the id of the request that started it
    context = contextvars.copy_context()
    threading.Thread(target=context.run, args=(run,), name=f"toegang-job-{getattr(func, '__name__', 'job')}",
                     daemon=True).start()
