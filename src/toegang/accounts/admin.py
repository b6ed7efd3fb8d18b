from django.contrib import admin

from toegang.core.admin_base import ReadOnlyAdmin

from .models import (
    ApiToken,
    Gemeente,
    Medewerker,
    Organisatie,
    Regio,
    Role,
    RoleAssignment,
    Team,
    TeamMembership,
    Wijk,
)

for model in (Regio, Organisatie, Role, RoleAssignment, TeamMembership):
    admin.site.register(model, ReadOnlyAdmin)


@admin.register(Gemeente)
class GemeenteAdmin(ReadOnlyAdmin):
    list_display = ["cbs_code", "name", "profile", "active"]


@admin.register(Wijk)
class WijkAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "gemeente", "kind"]


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "gemeente", "kind"]


@admin.register(Medewerker)
class MedewerkerAdmin(ReadOnlyAdmin):
    list_display = ["username", "first_name", "last_name", "organisatie", "is_active"]
    exclude = ["password"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Read only, like everything here: keys are made and revoked through the actions (the page API-sleutels)."""

    list_display = ["name", "prefix", "medewerker", "created_at", "expires_at", "revoked_at", "last_used_at"]
    exclude = ["secret_hash"]
