"""The escalation section of the case page (cases/case.html, at the end of the casusregie area): where the case
stands on its ladder, the response clock, the history, binding decisions and the forms the reader may use. The case
page already read (and logged) the case; this adds a fixed number of queries."""

from django import template

from toegang.accounts.actors import actor_for_request

from ..views import section

register = template.Library()


@register.inclusion_tag("escalation/_case_section.html", takes_context=True)
def case_escalation(context, casus):
    return section(actor_for_request(context["request"]), casus)
