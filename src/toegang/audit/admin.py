from django.contrib import admin

from toegang.core.admin_base import ReadOnlyAdmin

from .models import AccessLog, ChangeLog, Seal, Verification


@admin.register(ChangeLog)
class ChangeLogAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "actor_label", "event", "object_type", "object_id"]
    list_filter = ["event"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "actor_label", "purpose", "channel"]
    list_filter = ["channel"]


@admin.register(Seal)
class SealAdmin(ReadOnlyAdmin):
    list_display = ["log", "number", "at", "first_seq", "last_seq", "count"]
    list_filter = ["log"]


@admin.register(Verification)
class VerificationAdmin(ReadOnlyAdmin):
    list_display = ["at", "intact"]
