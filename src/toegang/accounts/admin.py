from django.contrib import admin

from toegang.core.admin_base import ReadOnlyAdmin

from .models import Gemeente, Medewerker, Organisatie, Regio, Role, RoleAssignment, Team, TeamMembership, Wijk

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
