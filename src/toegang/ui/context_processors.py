from toegang.accounts.actors import actor_for_request
from toegang.accounts.capabilities import (
    AUDIT_VIEW,
    FINANCE_VIEW,
    INTAKE_REFER,
    INTAKE_REGISTER,
    PERSONS_REGISTER,
    PERSONS_VIEW_ALL,
)


def navigation(request):
    actor = actor_for_request(request) if getattr(request, "user", None) is not None else None
    if actor is None:
        return {"actor": None}
    return {
        "actor": actor,
        "nav_can_audit": actor.can_anywhere(AUDIT_VIEW),
        "nav_can_register": actor.can_anywhere(PERSONS_REGISTER),
        "nav_can_intake": actor.can_anywhere(INTAKE_REGISTER),
        "nav_can_inbox": bool(actor.team_ids) or actor.can_anywhere(PERSONS_VIEW_ALL),
        "nav_can_refer": actor.can_anywhere(INTAKE_REFER),
        "nav_can_budget": actor.can_anywhere(FINANCE_VIEW),
    }
