from django.contrib import admin

from toegang.accounts.actors import actor_for_request
from toegang.audit.log import log_access
from toegang.core.admin_base import ReadOnlyAdmin

from .models import Household, Resident


class PersonalDataAdmin(ReadOnlyAdmin):
    """Lists show no personal data (ids and gemeente only); opening one record is logged with channel 'admin'."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            actor = actor_for_request(request)
            subjects = self.subject_ids(obj)
            if actor is not None:
                log_access(actor=actor, subject_ids=subjects, purpose="beheer: record bekijken", channel="admin",
                           resource=request.path, gemeente_id=obj.gemeente_id)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Resident)
class ResidentAdmin(PersonalDataAdmin):
    list_display = ["id", "gemeente", "created_at"]
    list_select_related = ["gemeente"]

    def subject_ids(self, obj):
        return [obj.pk]


@admin.register(Household)
class HouseholdAdmin(PersonalDataAdmin):
    list_display = ["id", "gemeente", "wijk", "created_at"]
    list_select_related = ["gemeente", "wijk"]

    def subject_ids(self, obj):
        return list(obj.memberships.values_list("resident_id", flat=True))
