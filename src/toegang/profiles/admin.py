from django.contrib import admin

from toegang.core.admin_base import ReadOnlyAdmin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(ReadOnlyAdmin):
    list_display = ["name", "title", "loaded_at", "sha256"]
