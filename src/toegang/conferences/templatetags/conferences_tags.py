"""The conferences section of the case page (cases/case.html): the case's conferences and, for whoever may convene,
the way to plan one. The case page already read (and logged) the case; this adds one query."""

from django import template
from django.utils.translation import gettext

from toegang.accounts.actors import actor_for_request
from toegang.conferences.kinds import conference_kinds
from toegang.conferences.permissions import can_convene
from toegang.conferences.queries import conferences_of_case

register = template.Library()


@register.inclusion_tag("conferences/_case_section.html", takes_context=True)
def case_conferences(context, casus, heading=True):
    """`heading=False` where the case page's <details> names the section already (fetched as it opens, issue 16)."""
    actor = actor_for_request(context["request"])
    kinds = conference_kinds(casus.gemeente.profile.data)
    conferences = conferences_of_case(casus)
    for conference in conferences:
        conference.kind_name = gettext(kinds.get(conference.kind, conference.kind))
    return {"casus": casus, "conferences": conferences, "heading": heading,
            "can_convene": actor is not None and casus.status != "afgesloten" and can_convene(actor, casus)}
