"""The safety section of the case page (cases/case.html, right after the safety/gezag section): the derived crisis
flag, the safety plan and its review clock for whoever sees the case, and — only for the case director, process
direction and the privacy officer — the meldcode trajectories, with a link to start one from a melding that triage
sent to the safety route. The case page already read (and logged) the case; this adds one query, one more
each for the trajectories and the waiting meldingen when there are any (for who sees the meldcode), and two more
while a safety plan is active."""

from django import template

from toegang.accounts.actors import actor_for_request
from toegang.safety import permissions, queries

register = template.Library()


@register.inclusion_tag("safety/_case_section.html", takes_context=True)
def safety_section(context, casus):
    actor = actor_for_request(context["request"])
    state = queries.crisis_state(casus)  # one query: the active plan's id and the open crisis meldingen
    plan = queries.active_plan(casus) if state["plan_id"] else None
    crisis_meldingen = range(state["crisis_meldingen"])
    sees = actor is not None and permissions.can_see_meldcode(actor, casus)
    trajectories, waiting = [], []
    if sees:  # each list read only when crisis_state found rows for it
        if state["trajectories"]:
            trajectories = list(casus.meldcode_trajectories.order_by("-started_at", "-id"))
        if state["waiting"]:
            waiting = list(queries.waiting_veiligheid_meldingen(casus).only("pk", "received_at"))
    return {
        "casus": casus, "plan": plan, "crisis_meldingen": crisis_meldingen,
        "in_crisis": plan is not None or bool(crisis_meldingen),
        "clock": queries.review_clock(plan) if plan else None,
        "can_plan": actor is not None and plan is None and permissions.can_edit_safety_plan(actor, casus),
        "sees_meldcode": sees, "trajectories": trajectories, "waiting_meldingen": waiting,
        "can_work": sees and permissions.can_work_meldcode(actor, casus),
    }
