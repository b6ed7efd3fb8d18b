"""The beat schedule as data: jobs/schedule.yaml (one entry per scheduled job: its kind and a crontab), turned into
Celery's beat_schedule (settings.CELERY_BEAT_SCHEDULE). Every entry queues the task `toegang.periodic` with the kind,
which records a job and runs it (jobs/worker.py). Loaded by the settings, so it imports no Django model."""

from __future__ import annotations

from pathlib import Path

import yaml
from celery.schedules import crontab

SCHEDULE_FILE = Path(__file__).with_name("schedule.yaml")
PERIODIC_TASK = "toegang.periodic"


def schedule_entries(path: Path = SCHEDULE_FILE) -> dict[str, dict]:
    """{entry name: {"soort": kind, "wanneer": "m h dom mon dow"}} as written in the file."""
    return yaml.safe_load(path.read_text()) or {}


def crontab_of(text: str) -> crontab:
    minute, hour, day_of_month, month_of_year, day_of_week = text.split()
    return crontab(minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year,
                   day_of_week=day_of_week)


def beat_schedule(path: Path = SCHEDULE_FILE) -> dict[str, dict]:
    return {name: {"task": PERIODIC_TASK, "schedule": crontab_of(entry["wanneer"]), "args": [entry["soort"]]}
            for name, entry in schedule_entries(path).items()}
