from toegang.core.actor import actor_for_request


def navigation(request):
    actor = actor_for_request(request) if getattr(request, "user", None) is not None else None
    if actor is None:
        return {"actor": None}
    return {
        "actor": actor,
        "nav_can_audit": actor.can_anywhere("audit.view"),
        "nav_can_register": actor.can_anywhere("persons.register"),
        "nav_can_intake": actor.can_anywhere("intake.register"),
        "nav_can_inbox": bool(actor.team_ids) or actor.can_anywhere("persons.view_all"),
        "nav_can_refer": actor.can_anywhere("intake.refer"),
        "nav_can_budget": actor.can_anywhere("finance.view"),
    }
