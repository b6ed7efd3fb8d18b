from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Domain data is read-only in the admin: every change goes through actions (STYLE.md)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
