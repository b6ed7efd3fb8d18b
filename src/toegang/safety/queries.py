"""Reads of the meldcode and the safety plan.

The meldcode is the most confidential part of a case file: a trajectory is visible ONLY to the case's director
(while the case is open), to process direction (cases.direct) and to the privacy officer (audit.view) of the
gemeente — not to other betrokkenen, not to the team lead, not to whoever merely sees the case (`meldcode_scope`).
Missing and forbidden give the same answer (404). Every read is logged as access to personal data.

The safety plan and the crisis flag belong to the case: whoever may see the case sees them (cases.queries).
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from toegang.accounts.capabilities import AUDIT_VIEW, CASES_DIRECT
from toegang.audit.log import log_access
from toegang.cases.models import Casus
from toegang.cases.queries import visible_cases
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import NotFound
from toegang.deadlines.models import Clock
from toegang.deadlines.queries import with_status
from toegang.intake.models import Melding
from toegang.tasks.models import Task

from .models import KindCheck, MeldcodeStep, MeldcodeTrajectory, SafetyPlan, VeiligThuisContact

NOT_FOUND = "Meldcode-traject niet gevonden."
PLAN_KIND = "veiligheidsplan-evaluatie"


def meldcode_gemeenten(actor: Actor) -> list[int]:
    """Where the actor sees every trajectory: process direction and the privacy officer."""
    return sorted(set(actor.gemeenten_with(CASES_DIRECT)) | set(actor.gemeenten_with(AUDIT_VIEW)))


def meldcode_scope(actor: Actor, prefix: str = "") -> Q:
    """The trajectories the actor may see (on MeldcodeTrajectory; `prefix` for a relation to it)."""
    if actor.is_system:
        return Q()
    q = Q(**{f"{prefix}gemeente_id__in": meldcode_gemeenten(actor)})
    if actor.user_id is not None:
        q |= Q(**{f"{prefix}casus__case_director_id": actor.user_id}) & ~Q(
            **{f"{prefix}casus__status": Casus.Status.AFGESLOTEN})
    return q


def sees_meldcode(actor: Actor, casus: Casus) -> bool:
    """The same rule as meldcode_scope for one case (no query)."""
    return actor.is_system or casus.gemeente_id in meldcode_gemeenten(actor) or (
        casus.case_director_id == actor.user_id and actor.user_id is not None
        and casus.status != Casus.Status.AFGESLOTEN)


def meldcode_cases(actor: Actor) -> QuerySet[Casus]:
    """The cases on which the actor may start or work a trajectory: the director of the open case, or process
    direction (cases.direct) in its gemeente. The privacy officer reads only."""
    q = Q(gemeente_id__in=actor.gemeenten_with(CASES_DIRECT))
    if actor.user_id is not None:
        q |= Q(case_director_id=actor.user_id)
    return Casus.objects.filter(q).exclude(status=Casus.Status.AFGESLOTEN)


def access_meldcode_case(actor: Actor, casus_id: int, *, purpose: str, channel: str, resource: str = "") -> Casus:
    """A case on which the actor may start a trajectory (404 otherwise), with its residents; logged."""
    casus = meldcode_cases(actor).select_related("household", "gemeente").filter(pk=casus_id).first()
    if casus is None:
        raise NotFound(gettext("Casus niet gevonden."))
    casus.members = list(casus.household.current_residents.all().order_by("geboortedatum"))
    log_access(actor=actor, subject_ids=[m.pk for m in casus.members], purpose=purpose, channel=channel,
               resource=resource, gemeente_id=casus.gemeente_id)
    return casus


def visible_trajectories(actor: Actor) -> QuerySet[MeldcodeTrajectory]:
    return MeldcodeTrajectory.objects.filter(meldcode_scope(actor))


def access_trajectory(actor: Actor, trajectory_id: int, *, purpose: str, channel: str,
                      resource: str = "") -> MeldcodeTrajectory:
    """One trajectory (404 when missing or not visible), with its persons; the read is logged (the persons
    concerned and the household's residents)."""
    trajectory = (visible_trajectories(actor).select_related("casus", "casus__household", "casus__case_director",
                                                            "gemeente", "melding", "started_by")
                  .filter(pk=trajectory_id).first())
    if trajectory is None:
        raise NotFound(gettext(NOT_FOUND))
    trajectory.people = list(trajectory.persons.order_by("geboortedatum", "pk"))
    trajectory.members = list(trajectory.casus.household.current_residents.order_by("geboortedatum", "pk"))
    log_access(actor=actor, subject_ids=sorted({p.pk for p in trajectory.people} | {m.pk for m in trajectory.members}),
               purpose=purpose, channel=channel, resource=resource, gemeente_id=trajectory.gemeente_id)
    return trajectory


def log_trajectory_list(actor: Actor, trajectories: list, *, purpose: str, channel: str, resource: str = "") -> None:
    """A list of trajectories shows whom they concern: log those persons (one query)."""
    if not trajectories:
        return
    ids = list(MeldcodeTrajectory.persons.through.objects.filter(
        meldcodetrajectory_id__in=[t.pk for t in trajectories]).values_list("resident_id", flat=True).distinct())
    log_access(actor=actor, subject_ids=ids, purpose=purpose, channel=channel, resource=resource)


def steps_of(trajectory: MeldcodeTrajectory) -> list[MeldcodeStep]:
    """Every recorded step, oldest first (the history, going back included)."""
    return list(trajectory.steps.select_related("by").order_by("recorded_at", "id"))


def latest_weighing(trajectory: MeldcodeTrajectory) -> MeldcodeStep | None:
    return trajectory.steps.filter(step=4).order_by("-recorded_at", "-id").first()


def kindchecks_of(trajectory: MeldcodeTrajectory) -> list[KindCheck]:
    return list(trajectory.kindchecks.select_related("by").prefetch_related("children").order_by("done_on", "id"))


def veilig_thuis_of(trajectory: MeldcodeTrajectory) -> list[VeiligThuisContact]:
    return list(trajectory.veilig_thuis.select_related("by").order_by("on", "id"))


def veiligheid_meldingen(casus: Casus) -> QuerySet[Melding]:
    """The household's meldingen that triage sent to the safety route (meldcode): where a trajectory comes from."""
    return Melding.objects.filter(gemeente_id=casus.gemeente_id, household_id=casus.household_id,
                                  triage_outcome="veiligheid").order_by("-received_at")


def open_veiligheid_tasks(melding_ids) -> QuerySet[Task]:
    """The open tasks 'volg de meldcode-route' that triage gave for these meldingen (intake/actions.py)."""
    return Task.objects.filter(kind=Task.Kind.VEILIGHEID, melding_id__in=list(melding_ids), done_at__isnull=True)


# --- crisis and the safety plan ------------------------------------------------------------------------------------


def crisis_meldingen(casus: Casus) -> QuerySet[Melding]:
    """Open crisis meldingen of the case (or of its household in the case's gemeente)."""
    return Melding.objects.filter(Q(casus_id=casus.pk) | Q(household_id=casus.household_id),
                                  gemeente_id=casus.gemeente_id, urgency="crisis")\
        .exclude(status=Melding.Status.AFGESLOTEN)


def in_crisis_filter() -> Q:
    """On Casus: the derived crisis flag (docs/safety.md): an active safety plan, or an open crisis melding on the
    case or its household. Never stored, so it never goes stale."""
    plans = SafetyPlan.objects.filter(casus_id=OuterRef("pk"), ended_at__isnull=True)
    meldingen = Melding.objects.filter(Q(casus_id=OuterRef("pk")) | Q(household_id=OuterRef("household_id")),
                                       gemeente_id=OuterRef("gemeente_id"), urgency="crisis")\
        .exclude(status=Melding.Status.AFGESLOTEN)
    return Q(Exists(plans)) | Q(Exists(meldingen))


def crisis_state(casus: Casus) -> dict:
    """{"plan_id": the active safety plan's id or None, "crisis_meldingen": how many open crisis meldingen,
    "trajectories": whether the case has meldcode trajectories, "waiting": whether a melding the triage sent to the
    safety route waits for one}, in one query (the case page's section asks for the trajectories and the waiting
    meldingen only when there are any: issue 16)."""
    plans = SafetyPlan.objects.filter(casus_id=OuterRef("pk"), ended_at__isnull=True).values("pk")[:1]
    meldingen = crisis_meldingen(casus).order_by().values("gemeente_id").annotate(n=Count("pk")).values("n")[:1]
    row = Casus.objects.filter(pk=casus.pk).annotate(
        active_plan_id=Subquery(plans), crisis_n=Coalesce(Subquery(meldingen), 0),
        has_trajectories=Exists(MeldcodeTrajectory.objects.filter(casus_id=OuterRef("pk"))),
        has_waiting=Exists(waiting_veiligheid_meldingen(casus)),
    ).values("active_plan_id", "crisis_n", "has_trajectories", "has_waiting").first() or {}
    return {"plan_id": row.get("active_plan_id"), "crisis_meldingen": row.get("crisis_n") or 0,
            "trajectories": bool(row.get("has_trajectories")), "waiting": bool(row.get("has_waiting"))}


def waiting_veiligheid_meldingen(casus: Casus) -> QuerySet[Melding]:
    """The household's meldingen on the safety route that no meldcode trajectory has started from yet."""
    return veiligheid_meldingen(casus).exclude(Exists(MeldcodeTrajectory.objects.filter(melding_id=OuterRef("pk"))))


def active_plan(casus: Casus) -> SafetyPlan | None:
    return casus.safety_plans.filter(ended_at__isnull=True).select_related("by").first()


def review_clock(plan: SafetyPlan) -> Clock | None:
    """The running review clock of the plan, with its status (ok / due soon / overdue)."""
    return with_status(Clock.objects.filter(subject_type="safety.safetyplan", subject_id=plan.pk, kind=PLAN_KIND,
                                            stopped_on__isnull=True), clock.today()).order_by("-id").first()


def access_safety_plan(actor: Actor, plan_id: int, *, purpose: str, channel: str, resource: str = "") -> SafetyPlan:
    """A safety plan of a case the actor may see (404 otherwise); the household's residents are logged."""
    plan = (SafetyPlan.objects.filter(casus__in=visible_cases(actor))
            .select_related("casus", "casus__household", "casus__gemeente", "by").filter(pk=plan_id).first())
    if plan is None:
        raise NotFound(gettext("Veiligheidsplan niet gevonden."))
    plan.members = list(plan.casus.household.current_residents.order_by("geboortedatum", "pk"))
    log_access(actor=actor, subject_ids=[m.pk for m in plan.members], purpose=purpose, channel=channel,
               resource=resource, gemeente_id=plan.gemeente_id)
    return plan
