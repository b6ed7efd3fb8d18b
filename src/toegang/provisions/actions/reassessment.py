"""The daily job (`toegang herbeoordelingen`): a re-assessment task for every granted decision that ends soon."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_noop

from toegang.accounts.models import Gemeente
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.deadlines.calendar import Term
from toegang.tasks.actions import create_task

from ..models import Besluit
from ..queries import follow_up


def reassessment_term(profile_data: dict) -> Term:
    """How long before a decision ends its re-assessment is due (profile `besluiten.herbeoordeling`, default 8w)."""
    return Term.parse((profile_data.get("besluiten") or {}).get("herbeoordeling", "8w"))


def do_raise_reassessment_tasks(*, actor: Actor, today: dt.date | None = None) -> int:
    """For every granted decision that ends within its profile's re-assessment term (default 8 weeks) and has no
    task yet: a task for the case director (or the case's team) due the day the decision ends; for a single question
    without a case, for the melding's handler (or its team). Idempotent. Event taak.aangemaakt
    (tasks.actions.create_task) per task."""
    today = today or clock.today()
    created = 0
    # the profiles in use, reached through their gemeenten (provisions sits below the profiles app)
    profiles = {g.profile_id: g.profile for g in Gemeente.objects.select_related("profile").order_by("profile_id")}
    for profile in profiles.values():
        horizon = today + dt.timedelta(days=reassessment_term(profile.data).calendar_days)
        rows = (Besluit.objects.filter(gemeente__profile=profile, reassessment_task__isnull=True,
                                       status__in=[Besluit.Status.VASTGESTELD, Besluit.Status.VERZONDEN],
                                       indicatie__end__gte=today, indicatie__end__lte=horizon)
                .exclude(outcome=Besluit.Outcome.AFGEWEZEN)
                .select_related("indicatie__casus", "indicatie__aanvraag__melding", "indicatie__product")
                .order_by("indicatie__end", "pk"))
        for besluit in rows:
            ind = besluit.indicatie
            work = follow_up(ind)
            with transaction.atomic():
                task = create_task(actor=actor, gemeente_id=besluit.gemeente_id, kind="herbeoordeling",
                                   title=gettext_noop("Herbeoordelen: %(product)s loopt af op %(end)s"),
                                   params={"product": ind.product.name, "end": f"{ind.end:%d-%m-%Y}"},
                                   due_on=ind.end, team_id=work.team_id, assignee_id=work.owner_id,
                                   household_id=work.household_id, casus_id=work.casus_id,
                                   melding=None if work.casus_id else ind.aanvraag.melding)
                Besluit.objects.filter(pk=besluit.pk).update(reassessment_task=task)
                created += 1
    return created
