"""Who may convene a case conference and record what it decided (the one place actions, views, templates and the API
ask). Whether someone may see the conference at all is conferences.queries.conference_scope: those who see the case,
and the staff it invites."""

from __future__ import annotations

from toegang.accounts.capabilities import CASES_DIRECT
from toegang.cases.models import Casus
from toegang.core.actor import Actor

from .models import Conference


def can_convene(actor: Actor, casus: Casus) -> bool:
    """The case director, and process direction (cases.direct) in the case's gemeente (seed 002 §3.2.1: the
    casusregisseur organises the MDO; seed 001 §4.4: the procesregisseur can organise multidisciplinaire overleggen)."""
    return casus.case_director_id == actor.user_id or actor.can(CASES_DIRECT, casus.gemeente_id)


def can_record_conference(actor: Actor, conference: Conference) -> bool:
    """Record the minutes of, or cancel, a conference: whoever may convene on its case, and whoever convened it."""
    return can_convene(actor, conference.casus) or (
        conference.convened_by_id is not None and conference.convened_by_id == actor.user_id)
