"""The complaints and satisfaction section of the case page (cases/case.html), fetched as its <details> opens
(cases.views.case_section): the page itself only asks whether to show it, without a query."""

from django import template

from toegang.accounts.actors import actor_for_request

from ..views import offered, section

register = template.Library()


@register.simple_tag(takes_context=True)
def feedback_offered(context, casus) -> bool:
    return offered(actor_for_request(context["request"]), casus)


@register.inclusion_tag("feedback/_case_section.html", takes_context=True)
def case_feedback(context, casus, heading=True):
    """`heading=False` where the case page's <details> names the section already."""
    return {**section(actor_for_request(context["request"]), casus), "heading": heading}
