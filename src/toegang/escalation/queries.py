"""Reads of escalations. An escalation is seen by whoever sees its case (cases.queries.case_scope); fetching one
logs the access to the household's residents, as reading the case does."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from toegang.accounts.capabilities import CASES_DIRECT
from toegang.accounts.models import Gemeente
from toegang.audit.log import log_access
from toegang.cases.models import Casus
from toegang.cases.queries import case_scope
from toegang.core.actor import Actor
from toegang.core.errors import NotFound
from toegang.persons.queries import log_household_list

from .ladders import ladders_for
from .models import BindingDecision, Escalation, EscalationStep


def escalation_scope(actor: Actor) -> Q:
    if actor.is_system:
        return Q()
    return case_scope(actor, prefix="casus__")


def visible_escalations(actor: Actor) -> QuerySet[Escalation]:
    return Escalation.objects.filter(escalation_scope(actor))


def open_escalation(casus: Casus) -> Escalation | None:
    return Escalation.objects.filter(casus=casus, closed_at__isnull=True).first()


def access_escalation(actor: Actor, escalation_id: int, *, purpose: str, channel: str, resource: str = "") -> Escalation:
    """One escalation the actor may see (through its case), the access logged on the household's residents."""
    escalation = visible_escalations(actor).select_related("casus", "casus__gemeente", "casus__gemeente__profile")\
        .filter(pk=escalation_id).first()
    if escalation is None:
        raise NotFound(gettext("Escalatie niet gevonden."))
    log_access(actor=actor, subject_ids=list(escalation.casus.household.current_residents.values_list("pk", flat=True)),
               purpose=purpose, channel=channel, resource=resource, gemeente_id=escalation.gemeente_id)
    return escalation


def steps_of(escalation_ids) -> dict[int, list[EscalationStep]]:
    """The steps of many escalations with who and their clock, oldest first, in one query."""
    out: dict[int, list[EscalationStep]] = {}
    for step in EscalationStep.objects.filter(escalation_id__in=list(escalation_ids))\
            .select_related("by", "clock").order_by("at", "id"):
        out.setdefault(step.escalation_id, []).append(step)
    return out


def case_escalations(casus: Casus) -> list[Escalation]:
    """Every escalation of the case, newest first, each with `.step_list` (two queries)."""
    rows = list(Escalation.objects.filter(casus=casus).order_by("-opened_at", "-id"))
    steps = steps_of([e.pk for e in rows])
    for row in rows:
        row.step_list = steps.get(row.pk, [])
    return rows


def binding_decisions_of(casus: Casus) -> list[BindingDecision]:
    return list(BindingDecision.objects.filter(casus=casus).select_related("decided_by")
                .prefetch_related("organisations", "heard_professionals").order_by("-decided_on", "-id"))


def acting_filter(actor: Actor) -> Q:
    """Open escalations at a level where the actor acts (one of its roles), or in a gemeente where the actor holds
    process direction (cases.direct). Reads the profiles of the actor's gemeenten once."""
    q = Q(gemeente_id__in=actor.gemeenten_with(CASES_DIRECT))
    gemeenten = Gemeente.objects.filter(pk__in=list(actor.roles)).select_related("profile")
    for gemeente in gemeenten:
        roles = set(actor.roles.get(gemeente.pk, ()))
        for ladder in ladders_for(gemeente.profile.data, gemeente.cbs_code).values():
            positions = [level.position for level in ladder.levels[1:] if roles & set(level.roles)]
            if positions:
                q |= Q(gemeente_id=gemeente.pk, ladder=ladder.code, level__in=positions)
    return q


def acts_on_a_ladder(actor: Actor) -> bool:
    """Process direction (cases.direct) somewhere, or a role that acts at a level above the first of a ladder of one
    of the actor's gemeenten: who the list of open escalations is for. One query (the profiles)."""
    if actor.can_anywhere(CASES_DIRECT):
        return True
    for gemeente in Gemeente.objects.filter(pk__in=list(actor.roles)).select_related("profile"):
        roles = set(actor.roles.get(gemeente.pk, ()))
        if any(roles & set(level.roles) for ladder in ladders_for(gemeente.profile.data, gemeente.cbs_code).values()
               for level in ladder.levels[1:]):
            return True
    return False


def open_escalations_for(actor: Actor, *, resource: str = "", limit: int = 25, offset: int = 0,
                         acting_only: bool = True) -> tuple[list[Escalation], bool]:
    """Open escalations the actor may see (and, with `acting_only`, must act on), longest open first; returns
    (rows, more). The households shown are logged. A bounded number of queries whatever the length."""
    qs = visible_escalations(actor).filter(closed_at__isnull=True)
    if acting_only:
        qs = qs.filter(acting_filter(actor))
    rows = list(qs.select_related("casus", "casus__household", "casus__team", "casus__case_director")
                .order_by("opened_at", "id")[offset:offset + limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    steps = steps_of([e.pk for e in rows])
    for row in rows:
        row.step_list = steps.get(row.pk, [])
        row.current_step = next((s for s in reversed(row.step_list) if s.kind != EscalationStep.Kind.OPGEPAKT
                                 and s.to_level == row.level), None)
        row.picked_up = bool(row.step_list) and row.step_list[-1].kind == EscalationStep.Kind.OPGEPAKT
    log_household_list(actor, [e.casus.household_id for e in rows], purpose="open escalaties", channel="ui",
                       resource=resource)
    return rows, more
