"""Changing the plan: each change is a new version built on the version the user saw. A change based on a version
that is no longer current is refused with a clear conflict; nothing is overwritten (two people editing)."""

from __future__ import annotations

import copy
import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.db.models import DateField, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_noop

from toegang.assessments.queries import has_minors
from toegang.audit.log import log_change
from toegang.cases.models import Casus
from toegang.cases.permissions import can_manage_case, require_open
from toegang.cases.queries import subject_ids
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, DateProblem, NotAllowed, ValidationFailed
from toegang.intake.codes import LEVENSGEBIEDEN

from .models import Plan, PlanVersion, dates_of
from .queries import current_version

# labels stored Dutch (the version's change text), shown in the page's language (core/words.py)
GOAL_STATUS = [
    ("open", gettext_noop("nog niet gestart")), ("bezig", gettext_noop("bezig")),
    ("bereikt", gettext_noop("bereikt")), ("niet-bereikt", gettext_noop("niet bereikt")),
]
OWNER_TYPES = [("huishouden", gettext_noop("het huishouden zelf")), ("netwerk", gettext_noop("het netwerk")),
               ("professional", gettext_noop("een professional")), ("aanbieder", gettext_noop("een aanbieder"))]
AGREEMENT_HOW = [("mondeling", gettext_noop("mondeling")), ("schriftelijk", gettext_noop("schriftelijk ondertekend")),
                 ("digitaal", gettext_noop("digitaal"))]
# Who coordinates the care (één gezin – één plan): the household itself, or a professional they chose. Bergen seed 000
# B3: "Er is altijd iemand verantwoordelijk voor de totale coördinatie van zorg. Het uitgangspunt is dat dit de ouders
# zijn, of dat zij de keuze maken aan wie van de betrokkenen zij deze taak toevertrouwen."
COORDINATION = [("huishouden", gettext_noop("het huishouden zelf (de ouders)")),
                ("professional", gettext_noop("een professional"))]
EMPTY = {"goals": [], "actions": [], "evaluations": []}


def _check_may_edit(actor: Actor, casus: Casus) -> None:
    if not can_manage_case(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur of de procesregie wijzigt het plan."))
    require_open(casus)


def _new_version(*, actor: Actor, casus: Casus, base_number: int, content: dict, change: str, **agreement) -> PlanVersion:
    """Write version base_number + 1 on top of base_number; refuse when someone else already did."""
    current = current_version(casus)
    current_number = current.number if current else 0
    if base_number != current_number:
        raise Conflict(gettext("Het plan is intussen gewijzigd (u werkte met versie %(base)s, de huidige is versie %(current)s). Open het plan opnieuw; er is niets overschreven.")
                       % {"base": base_number, "current": current_number})
    try:
        with transaction.atomic():
            plan, _ = Plan.objects.get_or_create(casus=casus, defaults={"created_at": clock.now()})
            version = PlanVersion.objects.create(plan=plan, number=current_number + 1, content=content, change=change,
                                                 created_at=clock.now(), created_by_id=actor.user_id, **agreement)
            evaluation_on, open_goal_due_on = dates_of(content)
            Plan.objects.filter(pk=plan.pk).update(
                changed_at=version.created_at, evaluation_on=evaluation_on, open_goal_due_on=open_goal_due_on,
                agreed_on=Coalesce("agreed_on", Value(agreement.get("agreed_on"), output_field=DateField())))
            log_change(actor=actor, event="plan.versie", obj=version, gemeente_id=casus.gemeente_id,
                       subject_ids=subject_ids(casus),
                       new={"casus": casus.pk, "versie": version.number, "wijziging": change,
                            "akkoord_op": agreement.get("agreed_on")})
    except IntegrityError as exc:
        # Only a concurrent write of the same version number is a conflict; anything else is a real error.
        if PlanVersion.objects.filter(plan__casus=casus, number=current_number + 1).exists():
            raise Conflict(gettext("Het plan is zojuist door iemand anders gewijzigd; er is niets overschreven.")) from exc
        raise
    return version


def _content(casus: Casus, base_number: int) -> dict:
    base = PlanVersion.objects.filter(plan__casus=casus, number=base_number).first()
    return copy.deepcopy(base.content) if base else _first_content(casus)


def _first_content(casus: Casus) -> dict:
    """The content a new plan starts from: empty, with the profile's default coordination of care (`plan.
    zorgcoordinatie`): the household itself, or the case director; nothing when the profile says nothing."""
    content = copy.deepcopy(EMPTY)
    default = (casus.gemeente.profile.data.get("plan") or {}).get("zorgcoordinatie")
    source = (casus.gemeente.profile.data.get("plan") or {}).get("bron", "")
    if default == "huishouden":
        content["coordination"] = {"by": "huishouden", "name": "", "since": clock.today().isoformat(),
                                   "reason": gettext_noop("uitgangspunt van het profiel"), "source": source}
    elif default == "casusregisseur" and casus.case_director_id:
        content["coordination"] = {"by": "professional", "name": casus.case_director.get_full_name(),
                                   "user": casus.case_director_id, "since": clock.today().isoformat(),
                                   "reason": gettext_noop("uitgangspunt van het profiel"), "source": source}
    return content


def check_set_coordination(*, actor: Actor, casus: Casus, base_version: int, by: str, name: str = "",
                           reason: str = "") -> PlanVersion:
    """Who coordinates the care of this plan: the household itself (the parents; optionally which of them) or a
    professional they chose (named, with the reason: whose choice, why). Always exactly one (Bergen seed 000 B3,
    R-2); the case director or process direction records it. Event plan.versie."""
    _check_may_edit(actor, casus)
    errors: dict[str, list[str]] = {}
    if by not in {c for c, _ in COORDINATION}:
        errors["by"] = [gettext("Kies wie de zorg coördineert: het huishouden zelf of een professional.")]
    if by == "professional" and not name.strip():
        errors["name"] = [gettext("Noem de professional die de zorg coördineert.")]
    if by == "professional" and not reason.strip():
        errors["reason"] = [gettext("Leg vast wie deze keuze maakte en waarom (het uitgangspunt is dat de ouders "
                                    "coördineren).")]
    if len(name) > 200 or len(reason) > 300:
        errors["reason" if len(reason) > 300 else "name"] = [gettext("Dit is te lang.")]
    if errors:
        raise ValidationFailed(gettext("De zorgcoördinatie is niet vastgelegd."), field_errors=errors)
    content = _content(casus, base_version)
    content["coordination"] = {"by": by, "name": name.strip(), "since": clock.today().isoformat(),
                               "reason": reason.strip()}
    who = name.strip() or dict(COORDINATION)[by]
    return _new_version(actor=actor, casus=casus, base_number=base_version, content=content,
                        change=f"zorgcoördinatie: {who[:200]}")


def coordination_of(content: dict) -> dict | None:
    """Who coordinates the care according to a plan version's content (None when no one was recorded)."""
    return content.get("coordination")


def check_add_goal(*, actor: Actor, casus: Casus, base_version: int, domain: str, description: str,
                   desired_result: str, measure: str, target_date: dt.date | None, person_id: int | None = None
                   ) -> PlanVersion:
    """A goal per life domain, for the household or one member (a child's goals sit inside the family plan), with
    the desired result, how it is measured and a target date. Event plan.versie."""
    _check_may_edit(actor, casus)
    errors: dict[str, list[str]] = {}
    if domain not in {c for c, _ in LEVENSGEBIEDEN}:
        errors["domain"] = [gettext("Kies een levensgebied.")]
    if not description.strip():
        errors["description"] = [gettext("Beschrijf het doel.")]
    if not desired_result.strip():
        errors["desired_result"] = [gettext("Wat is het gewenste resultaat?")]
    if target_date is None:
        errors["target_date"] = [gettext("Een doel heeft een streefdatum.")]
    if person_id is not None and not casus.household.current_residents.filter(pk=person_id).exists():
        errors["person"] = [gettext("Deze persoon hoort niet bij het huishouden.")]
    if errors:
        raise ValidationFailed(gettext("Het doel is niet volledig."), field_errors=errors)
    content = _content(casus, base_version)
    content["goals"].append({"id": uuid.uuid4().hex[:8], "domain": domain, "person": person_id,
                             "description": description.strip(), "desired_result": desired_result.strip(),
                             "measure": measure.strip(), "target_date": target_date.isoformat(), "status": "open"})
    return _new_version(actor=actor, casus=casus, base_number=base_version, content=content,
                        change=f"doel toegevoegd: {description.strip()[:200]}")


def check_set_goal_status(*, actor: Actor, casus: Casus, base_version: int, goal_id: str, status: str) -> PlanVersion:
    _check_may_edit(actor, casus)
    if status not in {c for c, _ in GOAL_STATUS}:
        raise ValidationFailed(gettext("Onbekende status."), field_errors={"status": [gettext("Kies een status.")]})
    content = _content(casus, base_version)
    goal = next((g for g in content["goals"] if g["id"] == goal_id), None)
    if goal is None:
        raise ValidationFailed(gettext("Dit doel staat niet in deze versie van het plan."))
    goal["status"] = status
    return _new_version(actor=actor, casus=casus, base_number=base_version, content=content,
                        change=f"status doel '{goal['description'][:150]}': {dict(GOAL_STATUS)[status]}")


def check_add_plan_action(*, actor: Actor, casus: Casus, base_version: int, goal_id: str, owner_type: str, owner: str,
                          description: str, due_date: dt.date | None) -> PlanVersion:
    """An action towards a goal, by the household itself, its network, a professional or a provider; a date by
    which it is done is optional (issue 11, point 9: the form says so)."""
    _check_may_edit(actor, casus)
    content = _content(casus, base_version)
    errors: dict[str, list[str]] = {}
    if not any(g["id"] == goal_id for g in content["goals"]):
        errors["goal"] = [gettext("Kies een doel uit het plan.")]
    if owner_type not in {c for c, _ in OWNER_TYPES}:
        errors["owner_type"] = [gettext("Wie voert de actie uit?")]
    if not description.strip():
        errors["description"] = [gettext("Beschrijf de actie.")]
    if errors:
        raise ValidationFailed(gettext("De actie is niet volledig."), field_errors=errors)
    content["actions"].append({"id": uuid.uuid4().hex[:8], "goal": goal_id, "owner_type": owner_type,
                               "owner": owner.strip(), "description": description.strip(),
                               "due_date": due_date.isoformat() if due_date else None, "done": False})
    return _new_version(actor=actor, casus=casus, base_number=base_version, content=content,
                        change=f"actie toegevoegd: {description.strip()[:200]}")


def check_add_evaluation(*, actor: Actor, casus: Casus, base_version: int, on: dt.date, note: str = "") -> PlanVersion:
    _check_may_edit(actor, casus)
    content = _content(casus, base_version)
    content["evaluations"].append({"date": on.isoformat(), "note": note.strip()})
    content["evaluations"].sort(key=lambda e: e["date"])
    return _new_version(actor=actor, casus=casus, base_number=base_version, content=content,
                        change=f"evaluatiemoment {on:%d-%m-%Y}")


def check_agree_plan(*, actor: Actor, casus: Casus, base_version: int, agreed_on: dt.date, how: str, by: str
                     ) -> PlanVersion:
    """The household agrees to the plan (the plan belongs to the household): date, how, by whom. A plan without a
    goal, with a goal without a target date, or — when minors live in the household — without a safety
    assessment cannot be agreed. Event plan.versie (with akkoord_op)."""
    _check_may_edit(actor, casus)
    content = _content(casus, base_version)
    errors: dict[str, list[str]] = {}
    if not content["goals"]:
        errors["goals"] = [gettext("Een plan zonder doel kan niet worden afgesproken.")]
    if any(not g.get("target_date") for g in content["goals"]):
        errors["goals"] = [gettext("Elk doel heeft een streefdatum nodig.")]
    if how not in {c for c, _ in AGREEMENT_HOW}:
        errors["how"] = [gettext("Hoe is het akkoord gegeven?")]
    if not by.strip():
        errors["by"] = [gettext("Wie gaf akkoord?")]
    if agreed_on > clock.today():
        errors["agreed_on"] = [DateProblem(gettext("Deze datum ligt in de toekomst."))]
    if has_minors(casus, agreed_on) and not casus.safety_assessments.exists():
        # Minors in the household: safety is assessed before the plan is agreed (seed 004 §3.5, seed 002 §5.3).
        errors["safety"] = [gettext("Er wonen minderjarigen in het huishouden: leg eerst een veiligheidsbeoordeling vast.")]
    if errors:
        raise ValidationFailed(gettext("Het plan kan (nog) niet worden afgesproken."), field_errors=errors)
    return _new_version(actor=actor, casus=casus, base_number=base_version, content=content,
                        change=f"akkoord van het huishouden ({dict(AGREEMENT_HOW)[how]})", agreed_on=agreed_on,
                        agreed_how=how, agreed_by=by.strip())


def diff(older: dict, newer: dict) -> list[str]:
    """What changed between two versions, in words."""
    out: list[str] = []
    old_goals = {g["id"]: g for g in older.get("goals", [])}
    for goal in newer.get("goals", []):
        before = old_goals.pop(goal["id"], None)
        if before is None:
            out.append(f"nieuw doel: {goal['description']}")
        else:
            for key in ("description", "desired_result", "measure", "target_date", "status"):
                if before.get(key) != goal.get(key):
                    out.append(f"doel '{goal['description']}': {key} {before.get(key)} → {goal.get(key)}")
    out += [f"doel verwijderd: {g['description']}" for g in old_goals.values()]
    old_actions = {a["id"] for a in older.get("actions", [])}
    out += [f"nieuwe actie: {a['description']}" for a in newer.get("actions", []) if a["id"] not in old_actions]
    if (older.get("coordination") or {}).get("by") != (newer.get("coordination") or {}).get("by") or \
            (older.get("coordination") or {}).get("name") != (newer.get("coordination") or {}).get("name"):
        coordination = newer.get("coordination") or {}
        out.append(f"zorgcoördinatie: {coordination.get('name') or dict(COORDINATION).get(coordination.get('by'), '-')}")
    if len(newer.get("evaluations", [])) != len(older.get("evaluations", [])):
        out.append("evaluatiemomenten gewijzigd")
    return out
