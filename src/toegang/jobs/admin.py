"""The technical admin (/beheer/) reads jobs, never changes them: a change goes through jobs.actions."""

from django.contrib import admin

from toegang.core.admin_base import ReadOnlyAdmin

from .models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "state", "attempts", "max_attempts", "created_at", "finished_at")
    list_filter = ("state", "kind")
