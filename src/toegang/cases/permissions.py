"""Who may do what to a case: the one place actions, views, templates and the API ask (STYLE.md, permission rooms).

A capability says what someone may *do*; whether they may *see* the case at all is cases.queries.case_scope.
"""

from __future__ import annotations

from django.utils.translation import gettext

from toegang.accounts.capabilities import CASES_ASSIGN, CASES_VIEW_ALL, CASES_WORK
from toegang.accounts.queries import is_case_worker
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict
from toegang.persons.models import Involvement

from .models import Casus


def can_assign(actor: Actor, gemeente_id: int) -> bool:
    """Process direction and team leads: assign and change case directors, close and reopen cases."""
    return actor.can(CASES_ASSIGN, gemeente_id)


def can_manage_case(actor: Actor, casus: Casus) -> bool:
    """The case director, or whoever may assign case directors in the case's gemeente."""
    return can_assign(actor, casus.gemeente_id) or casus.case_director_id == actor.user_id


def can_take_case(actor: Actor, casus: Casus) -> bool:
    """'Neem casus op mij': a case worker (cases.work) of the case's own team takes an open case that has no
    director yet (issue 11). The same people the case scope opens such a case to."""
    return (casus.case_director_id is None and casus.status != Casus.Status.AFGESLOTEN and casus.team_id is not None
            and casus.team_id in actor.team_ids and actor.can(CASES_WORK, casus.gemeente_id))


def can_write_journal(actor: Actor, casus: Casus) -> bool:
    """The case director, active betrokkenen and process direction write in the journal (one query at most)."""
    if can_manage_case(actor, casus) or actor.can(CASES_VIEW_ALL, casus.gemeente_id):
        return True
    today = clock.today()
    return Involvement.objects.active(today).filter(casus=casus, medewerker_id=actor.user_id).exists()


def can_be_case_worker(medewerker_id: int, gemeente_id: int) -> bool:
    """Only staff doing case work in the gemeente (cases.work) can be case director or betrokkene (issue 10)."""
    return is_case_worker(medewerker_id, gemeente_id)


def require_open(casus: Casus) -> None:
    """Nothing changes on a closed case except reopening it."""
    if casus.status == Casus.Status.AFGESLOTEN:
        raise Conflict(gettext("Deze casus is afgesloten en kan alleen worden heropend."))
