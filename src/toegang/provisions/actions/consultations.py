"""Expert consultation (issue 12 points 10 and 11): recording that an expert was asked, or that the profile's expert
team was called in, on a case (or on the melding of a single question), and later its advice; and the rule that a
kind of provision the profile lists needs that advice before an indication is proposed.

BUCH seed 001 §4.4.1: for six kinds of help the generalist "betrekt in ieder geval experts" — whoever may prepare
the indication (mandate 'inventarisatie en diagnose') records the consultation. Krimpen seed 002 §3.2.1-3.2.2: the
case director asks the expert team ("Consultatie en Diagnoseteam") through the process director — the case director
or process direction (cases.direct) calls it in; its advice is recorded when it comes. The advice is not binding:
whoever proposes weighs it, and the indication and the decision show it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from toegang.audit.log import log_change
from toegang.cases.models import Casus
from toegang.cases.queries import can_see_case
from toegang.core import clock, dates
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from toegang.core.versioning import bump, require_version
from toegang.intake.models import Melding
from toegang.intake.queries import visible_meldingen
from toegang.tasks.actions import notify

from .. import consultations
from ..models import Indicatie, Raadpleging, Voorziening
from ..permissions import may_call_in_expert_team, may_consult, require_open_case, require_single_question


@dataclass
class ConsultationData:
    kind: str
    question: str
    asked_on: dt.date | None
    expert: str = ""
    team_code: str = ""
    voorziening: Voorziening | None = None
    advice: str = ""
    outcome: str = ""
    advised_on: dt.date | None = None


def _file_of(raadpleging: Raadpleging) -> tuple[Casus | None, Melding | None]:
    return raadpleging.casus, raadpleging.melding


def _require_file(actor: Actor, *, casus: Casus | None, melding: Melding | None, what: str) -> None:
    """The case is open and visible, or the melding is an open single question the actor sees (a mandate or
    capability never widens what someone sees: outside the scope it does not exist)."""
    if casus is not None:
        if not can_see_case(actor, casus):
            raise NotFound(gettext("Casus niet gevonden."))
        require_open_case(casus, what)
    else:
        if not visible_meldingen(actor).filter(pk=melding.pk).exists():
            raise NotFound(gettext("Melding niet gevonden."))
        require_single_question(melding, what)


def _require_may(actor: Actor, kind: str, casus: Casus | None, gemeente_id: int) -> None:
    if kind == Raadpleging.Kind.DESKUNDIGENTEAM:
        if casus is None or not may_call_in_expert_team(actor, casus):
            raise NotAllowed(gettext("Alleen de casusregisseur of een procesregisseur schakelt het deskundigenteam "
                                     "in."))
    elif not may_consult(actor, gemeente_id):
        raise NotAllowed(gettext("Alleen wie een indicatie mag voorbereiden (mandaat 'inventarisatie en diagnose') legt "
                                 "een raadpleging van een deskundige vast."))


def _advice_errors(*, advice: str, outcome: str, advised_on: dt.date | None, asked_on: dt.date | None,
                   profile_data: dict | None, required: bool) -> dict[str, list[str]]:
    """Advice, outcome and date come together: all three or (unless `required`) none."""
    errors: dict[str, list[str]] = {}
    given = bool(advice.strip() or outcome or advised_on)
    if not (given or required):
        return errors
    if not advice.strip():
        errors["advice"] = [gettext("Schrijf het advies van de deskundige op.")]
    if outcome not in Raadpleging.Outcome.values:
        errors["outcome"] = [gettext("Kies de strekking van het advies: positief, voorwaardelijk positief of "
                                     "negatief.")]
    if advised_on is None:
        errors["advised_on"] = [gettext("Vul de datum van het advies in (dd-mm-jjjj).")]
    else:
        problem = dates.date_problem(advised_on, label=gettext("De datum van het advies"),
                                     earliest_day=dates.earliest(profile_data), not_future=True,
                                     not_before=((asked_on, gettext("de datum van de vraag")),))
        if problem:
            errors["advised_on"] = [problem]
    return errors


def check_record_consultation(*, actor: Actor, data: ConsultationData, casus: Casus | None = None,
                              melding: Melding | None = None) -> Raadpleging:
    """Record an expert consultation on a case, or on the melding of a single question (`casus` None): kind
    'deskundige' (a named expert or organisation; whoever may prepare an indication) or 'deskundigenteam' (the
    profile's expert team, on a case; the case director or process direction). The advice may come with it or
    later (check_record_advice). Event raadpleging.vastgelegd; the case director is told of a call-in by someone
    else."""
    if (casus is None) == (melding is None):
        raise ValueError("a consultation belongs to a case or to a melding")
    gemeente = casus.gemeente if casus is not None else melding.gemeente
    _require_file(actor, casus=casus, melding=melding, what=gettext("een deskundige raadplegen"))
    errors: dict[str, list[str]] = {}
    if data.kind not in Raadpleging.Kind.values:
        errors["kind"] = [gettext("Kies: een deskundige geraadpleegd of het deskundigenteam ingeschakeld.")]
    elif data.kind == Raadpleging.Kind.DESKUNDIGENTEAM and casus is None:
        errors["kind"] = [gettext("Het deskundigenteam schakelt u in op een casus; bij een enkelvoudige vraag legt u "
                                  "de raadpleging van een deskundige vast.")]
    else:
        _require_may(actor, data.kind, casus, gemeente.pk)
    profile_data = gemeente.profile.data
    team = None
    if data.kind == Raadpleging.Kind.DESKUNDIGENTEAM:
        team = consultations.expert_team(profile_data, data.team_code, gemeente.cbs_code)
        if team is None:
            errors["team_code"] = [gettext("Kies een deskundigenteam van %(gemeente)s.") % {"gemeente": gemeente.name}]
    elif data.kind == Raadpleging.Kind.DESKUNDIGE and not data.expert.strip():
        errors["expert"] = [gettext("Vul in wie is geraadpleegd: naam en organisatie of functie.")]
    if not data.question.strip():
        errors["question"] = [gettext("Beschrijf de vraag aan de deskundige.")]
    if data.voorziening is not None and (data.voorziening.kind != Voorziening.Kind.MAATWERK
                                         or data.voorziening.profile_id != gemeente.profile_id):
        errors["voorziening"] = [gettext("Kies een maatwerkvoorziening uit de catalogus van de gemeente.")]
    if data.asked_on is None:
        errors["asked_on"] = [gettext("Vul de datum van de vraag in (dd-mm-jjjj).")]
    else:
        start = (casus.opened_at, gettext("het begin van de casus")) if casus is not None \
            else (melding.received_at, gettext("de ontvangst van de melding"))
        problem = dates.date_problem(data.asked_on, label=gettext("De datum van de vraag"),
                                     earliest_day=dates.earliest(profile_data), not_future=True, not_before=(start,))
        if problem:
            errors["asked_on"] = [problem]
    errors.update(_advice_errors(advice=data.advice, outcome=data.outcome, advised_on=data.advised_on,
                                 asked_on=data.asked_on, profile_data=profile_data, required=False))
    if errors:
        raise ValidationFailed(gettext("De raadpleging is niet volledig of niet juist."), field_errors=errors)
    household_id = casus.household_id if casus is not None else melding.household_id
    if household_id is None:
        raise ValidationFailed(gettext("De melding hoort bij geen huishouden: koppel eerst een huishouden."))
    now = clock.now()
    has_advice = bool(data.advice.strip())
    with transaction.atomic():
        raadpleging = Raadpleging.objects.create(
            gemeente=gemeente, household_id=household_id, casus=casus, melding=melding, kind=data.kind,
            voorziening=data.voorziening, team_code=team["code"] if team else "", expert=data.expert.strip()[:200],
            question=data.question.strip(), asked_on=data.asked_on, advice=data.advice.strip(),
            outcome=data.outcome if has_advice else "", advised_on=data.advised_on if has_advice else None,
            asked_by_id=actor.user_id, asked_at=now, advice_by_id=actor.user_id if has_advice else None,
            advice_at=now if has_advice else None)
        log_change(actor=actor, event="raadpleging.vastgelegd", obj=raadpleging, gemeente_id=gemeente.pk,
                   subject_ids=_subjects(raadpleging), new=_snapshot(raadpleging))
        if casus is not None and casus.case_director_id and casus.case_director_id != actor.user_id:
            notify(recipient_ids=[casus.case_director_id],
                   text=gettext_noop("Deskundige geraadpleegd bij casus %(nr)s: %(who)s"),
                   params={"nr": casus.pk, "who": team["naam"] if team else raadpleging.expert},
                   url=f"/casussen/{casus.pk}/deskundigen/")
    return raadpleging


def check_record_advice(*, actor: Actor, raadpleging: Raadpleging, advice: str, outcome: str,
                        advised_on: dt.date | None, expert: str = "", expected_version: int | None = None
                        ) -> Raadpleging:
    """The advice of a consultation asked earlier (the expert team's, as a rule): text, outcome and date, once; a
    later advice is a new consultation. Who may record it: who asked, or who may record a consultation of its kind
    here. Event raadpleging.advies; who asked is told."""
    raadpleging = Raadpleging.objects.select_related("casus__gemeente__profile", "melding__gemeente__profile",
                                                     "gemeente__profile").get(pk=raadpleging.pk)
    casus, melding = _file_of(raadpleging)
    _require_file(actor, casus=casus, melding=melding, what=gettext("een advies vastleggen"))
    if raadpleging.asked_by_id != actor.user_id:
        _require_may(actor, raadpleging.kind, casus, raadpleging.gemeente_id)
    errors = _advice_errors(advice=advice, outcome=outcome, advised_on=advised_on, asked_on=raadpleging.asked_on,
                            profile_data=raadpleging.gemeente.profile.data, required=True)
    if errors:
        raise ValidationFailed(gettext("Het advies is niet volledig of niet juist."), field_errors=errors)
    with transaction.atomic():
        raadpleging = Raadpleging.objects.select_for_update().get(pk=raadpleging.pk)
        require_version(raadpleging, expected_version)
        if raadpleging.has_advice:
            raise Conflict(gettext("Het advies is al vastgelegd op %(day)s; een nieuw advies is een nieuwe "
                                   "raadpleging.") % {"day": dates.fmt(raadpleging.advised_on)})
        fields = {"advice": advice.strip(), "outcome": outcome, "advised_on": advised_on,
                  "advice_by_id": actor.user_id, "advice_at": clock.now()}
        if expert.strip():
            fields["expert"] = expert.strip()[:200]
        bump(raadpleging, None, **fields)
        log_change(actor=actor, event="raadpleging.advies", obj=raadpleging, gemeente_id=raadpleging.gemeente_id,
                   subject_ids=_subjects(raadpleging),
                   new={"strekking": outcome, "advies_op": advised_on, "deskundige": raadpleging.expert})
        if raadpleging.asked_by_id != actor.user_id:
            notify(recipient_ids=[raadpleging.asked_by_id],
                   text=gettext_noop("Het advies van de deskundige is vastgelegd (%(outcome)s)"),
                   params={"outcome": raadpleging.get_outcome_display()},
                   url=f"/casussen/{casus.pk}/deskundigen/" if casus else "")
    return raadpleging


def _subjects(raadpleging: Raadpleging) -> list[int]:
    return list(raadpleging.household.current_residents.values_list("pk", flat=True))


def _snapshot(r: Raadpleging) -> dict:
    return {"casus": r.casus_id, "melding": r.melding_id, "soort": r.kind, "deskundigenteam": r.team_code or None,
            "deskundige": r.expert, "voorziening": r.voorziening.code if r.voorziening else None,
            "gevraagd_op": r.asked_on, "strekking": r.outcome or None, "advies_op": r.advised_on}


def for_proposal(*, gemeente, voorziening: Voorziening, casus: Casus | None = None,
                 melding: Melding | None = None) -> tuple[list[Raadpleging], str]:
    """The consultations with advice a proposal for `voorziening` rests on (on the same case, or the melding of a
    single question; about a provision of the same kind of help, or this provision when the profile lists none),
    and '' — or, when the profile says this kind of help always needs an expert (BUCH seed 001 §4.4.1) and there
    is no advice yet, the refusal for the proposal's product field, in the page's language. Writes nothing."""
    rule = consultations.rule_for(gemeente.profile.data, voorziening)
    on_file = Raadpleging.objects.filter(casus=casus) if casus is not None else Raadpleging.objects.filter(
        melding=melding, casus__isnull=True)
    about = on_file.filter(voorziening__profile_id=voorziening.profile_id)
    about = about.filter(voorziening__in=Voorziening.objects.filter(
        consultations.rule_voorzieningen_q(rule), profile_id=voorziening.profile_id)) if rule \
        else about.filter(voorziening=voorziening)
    found = list(about.select_related("voorziening").order_by("asked_on", "pk"))
    advised = [r for r in found if r.has_advice]
    if rule is None or advised:
        return advised, ""
    values = {"voorziening": voorziening.name, "kind": rule["naam"],
              "source": rule.get("bron") or gettext("het profiel van de gemeente")}
    waiting = [r for r in found if not r.has_advice]
    if waiting:
        return [], gettext("Voor %(voorziening)s (%(kind)s) is altijd het advies van een deskundige nodig "
                           "(%(source)s). De deskundige is gevraagd op %(day)s, maar het advies is nog niet "
                           "vastgelegd: leg het advies vast en stel dan de indicatie voor.") % {
            **values, "day": dates.fmt(waiting[-1].asked_on)}
    where = gettext("de casus") if casus is not None else gettext("de melding")
    return [], gettext("Voor %(voorziening)s (%(kind)s) is altijd het advies van een deskundige nodig (%(source)s). "
                       "Leg eerst bij %(where)s vast wie u heeft geraadpleegd, wanneer, en het advies; stel daarna de "
                       "indicatie voor.") % {**values, "where": where}


def do_link_consultations(*, indicatie: Indicatie, raadplegingen: list[Raadpleging]) -> None:
    """Inside the proposal's transaction: the advice the proposal rests on stays with it (the decision shows it)."""
    if raadplegingen:
        indicatie.raadplegingen.set(raadplegingen)
