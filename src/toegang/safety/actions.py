"""Every write of the meldcode and the safety plan: check_* (permission and rules), one transaction with its
change-log row. Issue 12, points 5 and 6; the rules are in safety/meldcode.py and docs/safety.md."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from toegang.assessments.models import SafetyAssessment
from toegang.audit.log import log_change
from toegang.cases.models import Casus
from toegang.cases.permissions import require_open
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.dates import date_problem, earliest
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.core.versioning import bump, require_version
from toegang.deadlines.actions import start_clock, stop_clock
from toegang.deadlines.models import Clock
from toegang.intake.models import Melding
from toegang.persons.models import Resident
from toegang.tasks.actions import check_complete_task

from . import meldcode
from .models import (
    VEILIG_THUIS_KINDS,
    KindCheck,
    MeldcodeStep,
    MeldcodeTrajectory,
    SafetyPlan,
    SafetyPlanReview,
    VeiligThuisContact,
)
from .permissions import can_edit_safety_plan, can_work_meldcode
from .queries import PLAN_KIND, latest_weighing, open_veiligheid_tasks

STALE_TRAJECTORY = gettext_noop("Iemand anders heeft intussen een stap van dit meldcode-traject vastgelegd. Lees de nieuwe stand.")
STALE_PLAN = gettext_noop("Iemand anders heeft het veiligheidsplan intussen gewijzigd. Lees de nieuwe stand.")
REQUIRED = gettext_noop("Vul dit in.")
MAX_TEXT = 5000


def _text(errors: dict, name: str, value, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not value:
        errors[name] = [gettext(REQUIRED)]
    elif len(value) > limit:
        errors[name] = [gettext("Dit is te lang: hoogstens %(n)s tekens.") % {"n": limit}]
    return value


def _date(errors: dict, name: str, value, *, label: str, casus: Casus, not_before=()) -> None:
    if value is None:
        errors[name] = [gettext("Vul een datum in.")]
        return
    problem = date_problem(value, label=label, earliest_day=earliest(casus.gemeente.profile.data), not_future=True,
                           not_before=not_before)
    if problem:
        errors[name] = [problem]


def _require_work(actor: Actor, casus: Casus) -> None:
    if not can_work_meldcode(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur en de procesregisseur werken in het meldcode-traject."))
    require_open(casus)


# --- the meldcode trajectory ---------------------------------------------------------------------------------------


def check_start_meldcode(*, actor: Actor, casus: Casus, person_ids: list[int], melding_id: int | None = None
                         ) -> MeldcodeTrajectory:
    """Start a meldcode trajectory on a case about the person(s) concerned (current residents of its household),
    optionally from the melding that triage sent to the safety route; that melding's open task 'volg de
    meldcode-route' is then done (when it is the actor's or their team's). Event meldcode.gestart."""
    _require_work(actor, casus)
    errors: dict[str, list[str]] = {}
    residents = set(casus.household.current_residents.values_list("pk", flat=True))
    chosen = sorted(set(person_ids))
    if not chosen:
        errors["persons"] = [gettext("Kies de persoon of personen om wie het gaat.")]
    elif not set(chosen) <= residents:
        errors["persons"] = [gettext("Kies alleen leden van het huishouden van deze casus.")]
    melding = None
    if melding_id is not None:
        melding = Melding.objects.filter(pk=melding_id, gemeente_id=casus.gemeente_id,
                                         household_id=casus.household_id).first()
        if melding is None:
            errors["melding"] = [gettext("Kies een melding van dit huishouden.")]
    if errors:
        raise ValidationFailed(gettext("Het meldcode-traject kan zo niet starten."), field_errors=errors)
    with transaction.atomic():
        trajectory = MeldcodeTrajectory.objects.create(gemeente_id=casus.gemeente_id, casus=casus, melding=melding,
                                                       started_at=clock.now(), started_by_id=actor.user_id)
        trajectory.persons.set(chosen)
        log_change(actor=actor, event="meldcode.gestart", obj=trajectory, gemeente_id=casus.gemeente_id,
                   subject_ids=chosen, new={"casus": casus.pk, "personen": chosen,
                                            "melding": melding.pk if melding else None})
        if melding is not None:
            for task in open_veiligheid_tasks([melding.pk]):
                if task.assignee_id == actor.user_id or task.team_id in actor.team_ids:
                    check_complete_task(actor=actor, task=task)
    return trajectory


def _step_answers(step: int, answers: dict, errors: dict, casus: Casus) -> dict:
    """The answers a step records, checked; only the step's own keys are kept."""
    if step == 1:
        clean = {"signalen": _text(errors, "signalen", answers.get("signalen"))}
        assessment = answers.get("veiligheidsbeoordeling")
        if assessment not in (None, ""):
            # the Signs of Safety assessment of the case (assessments) on which the signals rest
            if not str(assessment).isdigit() or not SafetyAssessment.objects.filter(pk=int(assessment),
                                                                                    casus=casus).exists():
                errors["veiligheidsbeoordeling"] = [gettext("Kies een veiligheidsbeoordeling van deze casus.")]
            else:
                clean["veiligheidsbeoordeling"] = int(assessment)
        return clean
    if step == 2:
        return {"collega": _text(errors, "collega", answers.get("collega"), limit=200),
                "veilig_thuis_geraadpleegd": bool(answers.get("veilig_thuis_geraadpleegd")),
                "advies": _text(errors, "advies", answers.get("advies"))}
    if step == 3:
        held = bool(answers.get("gevoerd"))
        # The conversation may be left out only when it endangers someone's safety (meldcode, step 3): say why.
        return {"gevoerd": held,
                "gesprek_met": _text(errors, "gesprek_met", answers.get("gesprek_met"), required=held, limit=200),
                "reden_niet_gevoerd": _text(errors, "reden_niet_gevoerd", answers.get("reden_niet_gevoerd"),
                                            required=not held)}
    if step == 4:
        clean = {}
        for code, _ in meldcode.QUESTIONS:
            answer = answers.get(code) or ""
            if answer and answer not in meldcode.ANSWERS:
                errors[code] = [gettext("Antwoord ja of nee.")]
            elif answer:
                clean[code] = answer
                clean[f"{code}_toelichting"] = _text(errors, f"{code}_toelichting",
                                                     answers.get(f"{code}_toelichting"))
        for code in meldcode.weigh(clean).missing:
            errors.setdefault(code, [gettext("Het afwegingskader vraagt hier een antwoord (ja of nee).")])
        return clean
    return {"melden": bool(answers.get("melden")), "hulp": bool(answers.get("hulp"))}


def _decision_errors(trajectory: MeldcodeTrajectory, answers: dict, errors: dict) -> None:
    """Step 5 follows the latest weighing (step 4). Besluit verplichte meldcode, art. 2 (afwegingskader, 2019): a
    'ja' on vraag 2 (acute and/or structural unsafety), or a 'nee' on vraag 3, 4 or 5, makes a report to Veilig
    Thuis required; with 'ja' on vraag 5 help is offered or organised; with 'nee' on vraag 1 nothing is reported."""
    weighing = latest_weighing(trajectory)
    outcome = meldcode.weigh(weighing.answers).outcome if weighing else None
    answers["uitkomst_afweging"] = outcome
    if outcome == meldcode.MELDEN and not answers["melden"]:
        errors["melden"] = [gettext("Volgens het afwegingskader (stap 4) is melden bij Veilig Thuis verplicht: er is "
                                    "acute of structurele onveiligheid, of effectieve hulp is niet mogelijk, wordt "
                                    "niet aanvaard of leidt niet tot duurzame veiligheid (Besluit verplichte meldcode "
                                    "huiselijk geweld en kindermishandeling, art. 2).")]
    elif outcome == meldcode.HULP and not (answers["melden"] or answers["hulp"]):
        errors["hulp"] = [gettext("Kies hulp organiseren, melden bij Veilig Thuis, of beide.")]
    rule = trajectory.casus.gemeente.profile.data.get("veiligheid", {})
    if rule.get("veilig_thuis_altijd_informeren") and not answers["melden"] \
            and not trajectory.veilig_thuis.exists():
        # BUCH seed 001 §4.5.2 (Bijl. 5): a melding that reaches the team is always passed on to the AMHK (Veilig
        # Thuis), even when the team handles it itself: the profile's `veiligheid.veilig_thuis_altijd_informeren`.
        errors.setdefault("melden", []).append(gettext(
            "In deze gemeente wordt Veilig Thuis altijd geïnformeerd, ook als het team zelf hulp biedt: leg eerst "
            "de adviesvraag of melding bij Veilig Thuis vast, of kies melden."))


def check_record_meldcode_step(*, actor: Actor, trajectory: MeldcodeTrajectory, step: int, held_on: dt.date | None,
                               answers: dict, notes: str = "", expected_version: int | None = None) -> MeldcodeStep:
    """Record a step with its date, who and the answers. Steps go in order: the next step, or back to an earlier
    one (a new record; the history stays); skipping is refused, and deciding (step 5) only follows weighing
    (step 4) — after going back, the steps in between are taken again. Step 5 must agree with the afwegingskader.
    Event meldcode.stap_vastgelegd."""
    casus = trajectory.casus
    _require_work(actor, casus)
    require_version(trajectory, expected_version, message=STALE_TRAJECTORY)
    allowed = meldcode.allowed_steps(trajectory.current_step)
    if step not in range(1, 6):
        raise ValidationFailed(gettext("Kies een stap van 1 tot en met 5."),
                               field_errors={"step": [gettext("Kies een stap van 1 tot en met 5.")]})
    if step not in allowed:
        message = (gettext("Beslissen (stap 5) kan pas na het wegen van het geweld met het afwegingskader (stap 4).")
                   if step == 5 else
                   gettext("Een stap overslaan kan niet: de volgende stap is stap %(next)s. Teruggaan naar een "
                           "eerdere stap mag.") % {"next": allowed[-1]})
        raise ValidationFailed(message, field_errors={"step": [message]})
    errors: dict[str, list[str]] = {}
    _date(errors, "held_on", held_on, label=gettext("De datum van de stap"), casus=casus,
          not_before=((trajectory.casus.opened_at, gettext("het begin van de casus")),))
    clean = _step_answers(step, answers or {}, errors, casus)
    notes = _text(errors, "notes", notes, required=step == 5)
    if step == 5 and not errors:
        _decision_errors(trajectory, clean, errors)
    if errors:
        raise ValidationFailed(gettext("De stap is niet volledig."), field_errors=errors)
    with transaction.atomic():
        going_back = step <= trajectory.current_step
        bump(trajectory, trajectory.version, message=STALE_TRAJECTORY, current_step=step)
        row = MeldcodeStep.objects.create(trajectory=trajectory, step=step, held_on=held_on, by_id=actor.user_id,
                                          answers=clean, notes=notes, recorded_at=clock.now())
        log_change(actor=actor, event="meldcode.stap_vastgelegd", obj=trajectory, gemeente_id=trajectory.gemeente_id,
                   subject_ids=list(trajectory.persons.values_list("pk", flat=True)),
                   new={"stap": step, "datum": held_on, "antwoorden": clean, "terug": going_back, "record": row.pk})
    return row


def check_record_kindcheck(*, actor: Actor, trajectory: MeldcodeTrajectory, done: bool, done_on: dt.date | None,
                           child_ids: list[int], outcome: str) -> KindCheck:
    """The kindcheck (seed 004 §5.4): when a parent has problems, whether it was done, which children (minors of
    the household on that day) and the outcome. Event meldcode.kindcheck."""
    casus = trajectory.casus
    _require_work(actor, casus)
    errors: dict[str, list[str]] = {}
    _date(errors, "done_on", done_on, label=gettext("De datum van de kindcheck"), casus=casus)
    outcome = _text(errors, "outcome", outcome)
    chosen = sorted(set(child_ids))
    if done_on is not None and chosen:
        adult_on = done_on.replace(year=done_on.year - 18) if not (done_on.month == 2 and done_on.day == 29) \
            else done_on.replace(year=done_on.year - 18, day=28)
        minors = set(Resident.objects.filter(pk__in=casus.household.current_residents.values("pk"),
                                             geboortedatum__gt=adult_on).values_list("pk", flat=True))
        if not set(chosen) <= minors:
            errors["children"] = [gettext("Kies alleen minderjarige kinderen van het huishouden.")]
    if done and not chosen:
        errors.setdefault("children", [gettext("Welke kinderen zijn bij de kindcheck betrokken?")])
    if errors:
        raise ValidationFailed(gettext("De kindcheck is niet volledig."), field_errors=errors)
    with transaction.atomic():
        row = KindCheck.objects.create(trajectory=trajectory, done=done, done_on=done_on, outcome=outcome,
                                       by_id=actor.user_id, recorded_at=clock.now())
        row.children.set(chosen)
        log_change(actor=actor, event="meldcode.kindcheck", obj=trajectory, gemeente_id=trajectory.gemeente_id,
                   subject_ids=chosen, new={"uitgevoerd": done, "datum": done_on, "kinderen": chosen,
                                            "record": row.pk})
    return row


def check_record_veilig_thuis(*, actor: Actor, trajectory: MeldcodeTrajectory, kind: str, on: dt.date | None,
                              reference: str, note: str = "") -> VeiligThuisContact:
    """A report (melding) or advice request (advies) to Veilig Thuis, with its date and Veilig Thuis' reference
    (kenmerk). Event meldcode.veilig_thuis."""
    casus = trajectory.casus
    _require_work(actor, casus)
    errors: dict[str, list[str]] = {}
    if kind not in {code for code, _ in VEILIG_THUIS_KINDS}:
        errors["kind"] = [gettext("Kies melding of adviesvraag.")]
    _date(errors, "on", on, label=gettext("De datum van het contact met Veilig Thuis"), casus=casus)
    reference = _text(errors, "reference", reference, limit=100)
    note = _text(errors, "note", note, required=False)
    if errors:
        raise ValidationFailed(gettext("Het contact met Veilig Thuis is niet volledig."), field_errors=errors)
    with transaction.atomic():
        row = VeiligThuisContact.objects.create(trajectory=trajectory, kind=kind, on=on, reference=reference,
                                                note=note, by_id=actor.user_id, recorded_at=clock.now())
        log_change(actor=actor, event="meldcode.veilig_thuis", obj=trajectory, gemeente_id=trajectory.gemeente_id,
                   subject_ids=list(trajectory.persons.values_list("pk", flat=True)),
                   new={"soort": kind, "datum": on, "kenmerk": reference, "record": row.pk})
    return row


# --- the safety plan -----------------------------------------------------------------------------------------------


def _agreements(errors: dict, agreements: list, started_on: dt.date | None) -> list[dict]:
    """SMART agreements: each with who, what and when (a date, not before the plan starts)."""
    clean, problems = [], []
    for number, item in enumerate(agreements or [], start=1):
        who, what, when = (str(item.get(k) or "").strip() for k in ("wie", "wat", "wanneer"))
        try:
            day = dt.date.fromisoformat(when) if when else None
        except ValueError:
            day = None
        if not (who and what and day):
            problems.append(gettext("Afspraak %(n)s: vul wie, wat en wanneer (een datum) in.") % {"n": number})
        elif started_on is not None and day < started_on:
            problems.append(gettext("Afspraak %(n)s: de datum ligt voor de start van het plan.") % {"n": number})
        else:
            clean.append({"wie": who[:200], "wat": what[:1000], "wanneer": day.isoformat()})
    if problems:
        errors["agreements"] = problems
    elif not clean:
        errors["agreements"] = [gettext("Leg ten minste één afspraak vast: wie doet wat, wanneer.")]
    return clean


def _restart_review_clock(actor: Actor, plan: SafetyPlan, casus: Casus, on: dt.date, reason: str) -> Clock:
    for running in Clock.objects.filter(subject_type="safety.safetyplan", subject_id=plan.pk, kind=PLAN_KIND,
                                        stopped_on__isnull=True):
        stop_clock(actor=actor, clock=running, stopped_on=on, reason=reason)
    return start_clock(actor=actor, gemeente=casus.gemeente, kind=PLAN_KIND, subject=plan, started_on=on,
                       household_id=casus.household_id, team_id=casus.team_id,
                       owner_id=casus.case_director_id or actor.user_id)


def check_start_safety_plan(*, actor: Actor, casus: Casus, started_on: dt.date | None, danger: str, goal: str,
                            agreements: list, bottom_lines: str, network: str) -> SafetyPlan:
    """A safety plan (Signs of Safety): danger statements, the safety goal, SMART agreements, bottom lines and the
    network. One active plan per case; while it is active the case is in crisis. Starts the review clock (profile
    kind veiligheidsplan-evaluatie, default one week). Event veiligheidsplan.gestart."""
    if not can_edit_safety_plan(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur, betrokkenen en de procesregie maken een veiligheidsplan."))
    require_open(casus)
    errors: dict[str, list[str]] = {}
    _date(errors, "started_on", started_on, label=gettext("De startdatum van het plan"), casus=casus,
          not_before=((casus.opened_at, gettext("het begin van de casus")),))
    fields = {name: _text(errors, name, value) for name, value in (
        ("danger", danger), ("goal", goal), ("bottom_lines", bottom_lines), ("network", network))}
    clean = _agreements(errors, agreements, started_on)
    if errors:
        raise ValidationFailed(gettext("Het veiligheidsplan is niet volledig."), field_errors=errors)
    if casus.safety_plans.filter(ended_at__isnull=True).exists():
        raise Conflict(gettext("Deze casus heeft al een actief veiligheidsplan: evalueer of beëindig dat eerst."))
    with transaction.atomic():
        plan = SafetyPlan.objects.create(gemeente_id=casus.gemeente_id, casus=casus, started_on=started_on,
                                         agreements=clean, by_id=actor.user_id, created_at=clock.now(), **fields)
        log_change(actor=actor, event="veiligheidsplan.gestart", obj=plan, gemeente_id=casus.gemeente_id,
                   subject_ids=list(casus.household.current_residents.values_list("pk", flat=True)),
                   new={"casus": casus.pk, **fields, "afspraken": clean, "start": started_on})
        _restart_review_clock(actor, plan, casus, started_on, "veiligheidsplan gestart")
    return plan


def check_review_safety_plan(*, actor: Actor, plan: SafetyPlan, held_on: dt.date | None, scale: int | None,
                             findings: str, expected_version: int | None = None) -> SafetyPlanReview:
    """Review the active plan: date, how safe now (0–10) and findings. Stops the running review clock and starts
    the next one from the review's date. Event veiligheidsplan.geevalueerd."""
    casus = plan.casus
    if not can_edit_safety_plan(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur, betrokkenen en de procesregie evalueren het plan."))
    require_version(plan, expected_version, message=STALE_PLAN)
    if plan.ended_at is not None:
        raise Conflict(gettext("Dit veiligheidsplan is beëindigd."))
    errors: dict[str, list[str]] = {}
    _date(errors, "held_on", held_on, label=gettext("De evaluatiedatum"), casus=casus,
          not_before=((plan.started_on, gettext("de start van het plan")),))
    if scale is None or not 0 <= scale <= 10:
        errors["scale"] = [gettext("Kies een waarde van 0 tot 10.")]
    findings = _text(errors, "findings", findings)
    if errors:
        raise ValidationFailed(gettext("De evaluatie is niet volledig."), field_errors=errors)
    with transaction.atomic():
        bump(plan, plan.version, message=STALE_PLAN)
        review = SafetyPlanReview.objects.create(plan=plan, held_on=held_on, scale=scale, findings=findings,
                                                 by_id=actor.user_id, recorded_at=clock.now())
        log_change(actor=actor, event="veiligheidsplan.geevalueerd", obj=plan, gemeente_id=plan.gemeente_id,
                   new={"datum": held_on, "schaal": scale, "bevindingen": findings, "record": review.pk})
        _restart_review_clock(actor, plan, casus, held_on, "veiligheidsplan geëvalueerd")
    return review


def check_end_safety_plan(*, actor: Actor, plan: SafetyPlan, reason: str,
                          expected_version: int | None = None) -> SafetyPlan:
    """End the plan (safe enough, or replaced): the crisis flag goes when no crisis melding remains; the review
    clock stops. Event veiligheidsplan.beeindigd."""
    casus = plan.casus
    if not can_edit_safety_plan(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur, betrokkenen en de procesregie beëindigen het plan."))
    require_version(plan, expected_version, message=STALE_PLAN)
    if plan.ended_at is not None:
        raise Conflict(gettext("Dit veiligheidsplan is al beëindigd."))
    errors: dict[str, list[str]] = {}
    reason = _text(errors, "reason", reason, limit=500)
    if errors:
        raise ValidationFailed(gettext("Geef de reden van beëindigen."), field_errors=errors)
    now = clock.now()
    with transaction.atomic():
        bump(plan, plan.version, message=STALE_PLAN, ended_at=now, end_reason=reason)
        for running in Clock.objects.filter(subject_type="safety.safetyplan", subject_id=plan.pk,
                                            stopped_on__isnull=True):
            stop_clock(actor=actor, clock=running, stopped_on=clock.today(), reason="veiligheidsplan beëindigd")
        log_change(actor=actor, event="veiligheidsplan.beeindigd", obj=plan, gemeente_id=plan.gemeente_id,
                   new={"reden": reason})
    return plan
