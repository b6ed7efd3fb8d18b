from functools import cache, partial

from django.utils.functional import SimpleLazyObject

from toegang.accounts.actors import actor_for_request
from toegang.accounts.capabilities import CONFIG_MANAGE, INTAKE_REGISTER, INTAKE_TRIAGE, PERSONS_VIEW_ALL
from toegang.accounts.permissions import can_manage_config
from toegang.audit.permissions import can_view_audit
from toegang.direction.permissions import can_direct
from toegang.escalation.permissions import sees_all_escalations
from toegang.insight.permissions import can_view_evaluation, can_view_team_dashboard, gemeenten_with_insight
from toegang.intake.permissions import gemeenten_to_refer, gemeenten_to_register
from toegang.jobs.permissions import can_manage_jobs
from toegang.messaging.permissions import can_handle_messages
from toegang.messaging.queries import can_see_requests
from toegang.persons.permissions import gemeenten_to_register as persons_gemeenten_to_register
from toegang.persons.permissions import may_find_residents
from toegang.provisions.permissions import can_edit_any_catalogue, gemeenten_with_finance, has_decision_work
from toegang.retention.permissions import can_manage_retention
from toegang.tasks.queries import unread_count
from toegang.verwijsindex.permissions import may_use_verwijsindex


def navigation(request):
    actor = actor_for_request(request) if getattr(request, "user", None) is not None else None
    if actor is None:
        return {"actor": None}
    works_meldingen = actor.can_anywhere(INTAKE_TRIAGE) or actor.can_anywhere(INTAKE_REGISTER)
    return {
        "actor": actor,
        "nav_can_audit": can_view_audit(actor),
        # retention and destruction (issue 13 item 7): the privacy officer and functional administration
        "nav_can_retention": can_manage_retention(actor),
        # the messages with providers (iJw/iWmo, issue 14): the back office
        "nav_can_messages": can_handle_messages(actor),
        # providers' requests (JW315/JW317): the back office, and whoever decides on provisions (one query, if asked)
        "nav_can_requests": SimpleLazyObject(lambda: can_see_requests(actor)),
        "nav_can_register": bool(persons_gemeenten_to_register(actor)),
        "nav_can_intake": bool(gemeenten_to_register(actor)),
        # the inbox is work on meldingen: not for the privacy officer, who sees every resident but triages nothing
        "nav_can_inbox": works_meldingen and (bool(actor.team_ids) or actor.can_anywhere(PERSONS_VIEW_ALL)),
        "nav_can_refer": bool(gemeenten_to_refer(actor)),
        "nav_can_verwijsindex": may_use_verwijsindex(actor),
        "nav_can_decide": SimpleLazyObject(lambda: has_decision_work(actor)),
        "nav_can_budget": bool(gemeenten_with_finance(actor)),
        "nav_can_insight": bool(gemeenten_with_insight(actor)),
        # the team dashboard (docs/dashboards.md): team leads and process direction
        "nav_can_team_dashboard": can_view_team_dashboard(actor),
        # the evaluation reports for the seed questions (issue 15 item 6): policy, control and process direction
        "nav_can_evaluation": can_view_evaluation(actor),
        "nav_can_catalogue": can_edit_any_catalogue(actor),
        # staff administration (issue 13 item 3): functional administration
        "nav_can_staff": can_manage_config(actor),
        # background jobs (issue 16): functional administration
        "nav_can_jobs": can_manage_jobs(actor),
        "nav_can_search": may_find_residents(actor),
        # process direction: the cases that stall (issue 12)
        "nav_can_direct": can_direct(actor),
        # open escalations on the ladders (issue 12 point 3)
        "nav_can_escalations": sees_all_escalations(actor),
        # the API documentation, for those whose work uses the API: functional management (integrations) and
        # partner organisations (their systems refer through it); it stays public at /api/v1/docs/
        "nav_can_api": actor.can_anywhere(CONFIG_MANAGE) or bool(gemeenten_to_refer(actor)),
        # the header's "Berichten (3 ongelezen)" for everyone logged in: one COUNT, only when a page shows it, once
        # however often the page asks (a template calls a callable; cache keeps its answer)
        "unread_notifications": cache(partial(unread_count, actor.user_id)),
    }
