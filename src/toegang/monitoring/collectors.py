"""Metrics computed when Prometheus scrapes /metrics (issue 16 item 2), each with one set-based read.

- `toegang_clocks_overdue{gemeente, team}`: running clocks past their statutory or standard term, per gemeente (CBS
  code) and team (code, "geen" for a clock without a team). Codes only: never a name, never a subject.
- `toegang_job_queue_depth{queue}`: jobs waiting in the Redis list of each queue (TOEGANG_JOB_QUEUES, by default the
  jobs' queue `toegang`), only when TOEGANG_REDIS_URL is set; `toegang_job_queue_up` says whether Redis answered.
- `toegang_jobs_failed`: background jobs that ran out of attempts and were not run again (jobs.Job, the database);
  the page Achtergrondtaken lists them. Failures as they happen are a counter of the process that ran the job
  (toegang.core.metrics.record_job_failure).
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import DatabaseError
from prometheus_client.core import GaugeMetricFamily

from toegang.deadlines.queries import overdue_clocks_per_team
from toegang.jobs.queries import failed_job_count

logger = logging.getLogger(__name__)
NO_TEAM = "geen"
REDIS_TIMEOUT = 2  # seconds: a scrape (and a readiness probe) must not hang on a Redis that does not answer


def redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT)


class ClocksOverdue:
    def collect(self):
        gauge = GaugeMetricFamily("toegang_clocks_overdue", "Running clocks past their term, per gemeente and team.",
                                  labels=["gemeente", "team"])
        try:
            rows = overdue_clocks_per_team()
        except DatabaseError as exc:  # the process's own metrics still go out; /readyz says what is wrong
            logger.warning("Clocks overdue not counted: the database did not answer (%s).", type(exc).__name__)
            return
        for row in rows:
            gauge.add_metric([row["gemeente__cbs_code"], row["team__code"] or NO_TEAM], row["overdue"])
        yield gauge


class JobQueue:
    def collect(self):
        url = settings.TOEGANG_REDIS_URL
        if not url:
            return
        up = GaugeMetricFamily("toegang_job_queue_up", "1 when Redis, the job queue, answered this scrape.")
        depth = GaugeMetricFamily("toegang_job_queue_depth", "Jobs waiting in the queue.", labels=["queue"])
        try:
            client = redis_client(url)
            for queue in settings.TOEGANG_JOB_QUEUES:
                depth.add_metric([queue], client.llen(queue))
        except redis.RedisError as exc:
            logger.warning("Job queue depth not read: Redis did not answer (%s).", type(exc).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield depth


class JobsFailed:
    def collect(self):
        try:
            failed = failed_job_count()
        except DatabaseError as exc:
            logger.warning("Failed jobs not counted: the database did not answer (%s).", type(exc).__name__)
            return
        gauge = GaugeMetricFamily("toegang_jobs_failed", "Background jobs that ran out of attempts, not run again.")
        gauge.add_metric([], failed)
        yield gauge
