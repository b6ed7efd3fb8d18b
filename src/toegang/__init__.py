"""Toegang. The Celery app is loaded with the package, so `celery -A toegang worker|beat` finds it (core/celery.py)."""

from toegang.core.celery import app as celery_app

__all__ = ["celery_app"]
