from toegang.accounts.actors import actor_for_request
from toegang.accounts.capabilities import PERSONS_VIEW_ALL
from toegang.audit.permissions import can_view_audit
from toegang.intake.permissions import gemeenten_to_refer, gemeenten_to_register
from toegang.persons.permissions import gemeenten_to_register as persons_gemeenten_to_register
from toegang.persons.permissions import may_find_residents
from toegang.provisions.permissions import gemeenten_with_finance


def navigation(request):
    actor = actor_for_request(request) if getattr(request, "user", None) is not None else None
    if actor is None:
        return {"actor": None}
    return {
        "actor": actor,
        "nav_can_audit": can_view_audit(actor),
        "nav_can_register": bool(persons_gemeenten_to_register(actor)),
        "nav_can_intake": bool(gemeenten_to_register(actor)),
        "nav_can_inbox": bool(actor.team_ids) or actor.can_anywhere(PERSONS_VIEW_ALL),
        "nav_can_refer": bool(gemeenten_to_refer(actor)),
        "nav_can_budget": bool(gemeenten_with_finance(actor)),
        "nav_can_search": may_find_residents(actor),
    }
