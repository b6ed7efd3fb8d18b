"""A closed youth case, and travelling to when it is due (tests of retention/)."""

import datetime as dt

import time_machine
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from toegang.accounts.actors import actor_for_user
from toegang.cases import actions as case_actions
from toegang.provisions import actions as provision_actions

from .provisions_support import case_with_goal, data

NOTE = "Moeder vertelde over de schulden van oom Kees."


def close_youth_case(staff, actor_of=actor_for_user):
    """A household of two with a case holding a decided Jeugdwet provision, a note, and closed today."""
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    director = actor_of(staff["generalist"])
    indicatie = provision_actions.check_prepare_indication(actor=director, casus=casus, new_aanvraag=True,
                                                           data=data("45A48", child, goal))
    provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                   outcome="toegekend", reasons="Dit helpt het gezin.")
    case_actions.check_add_note(actor=director, casus=casus, text=NOTE)
    casus.refresh_from_db()
    case_actions.check_close_case(actor=director, casus=casus, reason="doelen-bereikt",
                                  household_informed_on=timezone.localdate())
    casus.refresh_from_db()
    return {"casus": casus, "mother": mother, "child": child, "indicatie": indicatie}


def years_later(years: int, days: int = 0):
    return time_machine.travel(timezone.now() + relativedelta(years=years) + dt.timedelta(days=days), tick=False)


