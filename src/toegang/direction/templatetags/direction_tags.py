"""The case page's process direction section (issue 12): its process director beside the case director, and the
case's current signals. One tag line in cases/case.html; one query (the case with its signals and its
process director; the profile is read by the page already), two when professionals are counted."""

from django import template
from django.utils.translation import gettext

from toegang.accounts.actors import actor_for_request
from toegang.cases.permissions import can_write_journal

from .. import permissions, queries, signals

register = template.Library()


@register.inclusion_tag("direction/_case_section.html", takes_context=True)
def process_direction(context, casus):
    actor = context.get("actor") or actor_for_request(context["request"])
    current, found = queries.case_direction(casus)
    if current is not None:
        current.kind_name = gettext(dict(signals.kinds(casus.gemeente.profile.data)).get(current.kind, current.kind))
    is_open = casus.status != "afgesloten"
    return {
        "casus": casus, "current": current, "signals": found,
        "can_assign_process_director": is_open and permissions.can_assign_process_director(actor, casus.gemeente_id),
        # topic contact points (profile procesregie.contactpunten): one query at most, only where the profile has them
        "can_inform_contact_point": is_open and bool(signals.contact_points(casus.gemeente.profile.data))
        and can_write_journal(actor, casus),
    }
