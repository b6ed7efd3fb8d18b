"""The only code that writes complaints and satisfaction answers (STYLE.md; docs/feedback.md).

Krimpen seed 002 §3.4.3 and ch. 5 items 12-13: a complaint procedure with, behind it, a sociale ombudsman for
residents "die niet tevreden zijn over de behandeling van hun klacht", and a client satisfaction survey. The route's
stages are profile data (`klachten.route`, feedback/route.py); the gemeente's own handling runs on the clock
`klachtbehandeling` (Awb 9:11: within six weeks, once postponable by four)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from toegang.accounts.models import Organisatie
from toegang.audit.log import log_change
from toegang.cases.actions import event_date_problem
from toegang.cases.models import Casus
from toegang.cases.queries import subject_ids
from toegang.core import clock, dates
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.core.versioning import bump
from toegang.deadlines.actions import start_clock, stop_clock
from toegang.tasks.actions import notify

from .models import Complaint, ComplaintHandling, SatisfactionAnswer
from .permissions import can_handle_complaint, can_record_satisfaction
from .route import complaint_route, satisfaction_scale

COMPLAINT_CLOCK = "klachtbehandeling"
STALE = gettext_noop("Iemand anders heeft deze klacht intussen gewijzigd. Bekijk haar opnieuw; er is niets "
                     "overschreven.")


def _require_handler(actor: Actor, casus: Casus) -> None:
    if not can_handle_complaint(actor, casus):
        raise NotAllowed(gettext("Klachten behandelt de procesregie of de teamleider van de gemeente, en nooit de "
                                 "casusregisseur over wie de klacht gaat (Awb 9:7)."))


def check_register_complaint(*, actor: Actor, casus: Casus, about: str, received_on: dt.date | None,
                             against: Organisatie | None = None) -> Complaint:
    """Register a complaint about the treatment in a case (also after the case closed). Rules: who handles
    complaints (permissions.can_handle_complaint); what it is about; a received date that can be true (not before
    the case began, not in the future); `against` an organisation of the profile. The complaint starts at the first
    stage of the route (the gemeente's own handling) with the clock `klachtbehandeling`; the case director is told
    (Awb 9:10: the person complained about is heard). Event klacht.ingediend."""
    _require_handler(actor, casus)
    errors: dict[str, list[str]] = {}
    if not about.strip():
        errors["about"] = [gettext("Beschrijf waarover de klacht gaat.")]
    elif len(about.strip()) > Complaint._meta.get_field("about").max_length:
        errors["about"] = [gettext("Houd de omschrijving korter; de rest hoort in het journaal.")]
    if received_on is None:
        errors["received_on"] = [gettext("Vul de datum van ontvangst in (dd-mm-jjjj).")]
    elif problem := event_date_problem(casus, received_on, label=gettext("De ontvangstdatum")):
        errors["received_on"] = [problem]
    if against is not None and against.profile_id != casus.gemeente.profile_id:
        errors["against"] = [gettext("Kies een organisatie uit het profiel van deze gemeente.")]
    if errors:
        raise ValidationFailed(gettext("De klacht is niet geregistreerd."), field_errors=errors)
    first = complaint_route(casus.gemeente.profile.data)[0]
    now = clock.now()
    with transaction.atomic():
        complaint = Complaint.objects.create(
            gemeente_id=casus.gemeente_id, casus=casus, household_id=casus.household_id, about=about.strip(),
            against=against, received_on=received_on, stage=first.position, stage_code=first.code,
            stage_name=first.name[:200], recorded_by_id=actor.user_id, recorded_at=now)
        running = start_clock(actor=actor, gemeente=casus.gemeente, kind=COMPLAINT_CLOCK, subject=complaint,
                              started_on=received_on, household_id=casus.household_id, team_id=casus.team_id,
                              owner_id=actor.user_id)
        ComplaintHandling.objects.create(complaint=complaint, stage=first.position, stage_code=first.code,
                                         stage_name=first.name[:200], started_on=received_on, clock=running)
        log_change(actor=actor, event="klacht.ingediend", obj=complaint, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus),
                   new={"casus": casus.pk, "waarover": complaint.about, "ontvangen_op": received_on,
                        "over_partij": against.code if against else None, "stap": first.code,
                        "uiterste_datum": running.due_on})
        if casus.case_director_id and casus.case_director_id != actor.user_id:
            notify(recipient_ids=[casus.case_director_id],
                   text=gettext_noop("Er is een klacht ingediend over casus %(casus)s; u wordt gehoord."),
                   params={"casus": casus.pk}, url=reverse("cases:case", args=[casus.pk]), subject=complaint)
    return complaint


def _current(complaint: Complaint) -> ComplaintHandling:
    return complaint.handlings.get(stage=complaint.stage)


def check_conclude_complaint_stage(*, actor: Actor, complaint: Complaint, outcome: str, explanation: str,
                                   concluded_on: dt.date | None, expected_version: int | None = None
                                   ) -> ComplaintHandling:
    """Record the outcome of the stage the complaint stands at (the gemeente's own decision on it, Awb 9:12, or what
    the ombudsman concluded): outcome, explanation and date, once per stage. The stage's clock stops; the complaint
    is closed unless the resident takes it to the next stage (check_forward_complaint). Event klacht.afgehandeld."""
    casus = complaint.casus
    _require_handler(actor, casus)
    handling = _current(complaint)
    if handling.concluded_on is not None:
        raise Conflict(gettext("Deze stap van de klacht is al afgehandeld."))
    errors: dict[str, list[str]] = {}
    if outcome not in ComplaintHandling.Outcome.values:
        errors["outcome"] = [gettext("Kies de uitkomst: gegrond, deels gegrond, ongegrond of ingetrokken.")]
    if not explanation.strip():
        errors["explanation"] = [gettext("Licht de uitkomst toe.")]
    if concluded_on is None:
        errors["concluded_on"] = [gettext("Vul de datum van de afhandeling in (dd-mm-jjjj).")]
    elif problem := dates.date_problem(concluded_on, label=gettext("De datum van de afhandeling"),
                                       earliest_day=dates.earliest(casus.gemeente.profile.data), not_future=True,
                                       not_before=((handling.started_on, gettext("het begin van deze stap")),)):
        errors["concluded_on"] = [problem]
    if errors:
        raise ValidationFailed(gettext("De afhandeling van de klacht is niet vastgelegd."), field_errors=errors)
    with transaction.atomic():
        bump(complaint, expected_version, message=gettext(STALE), closed_at=clock.now())
        ComplaintHandling.objects.filter(pk=handling.pk).update(
            outcome=outcome, explanation=explanation.strip()[:1000], concluded_on=concluded_on, by_id=actor.user_id)
        if handling.clock is not None:
            stop_clock(actor=actor, clock=handling.clock, stopped_on=concluded_on, reason="klacht afgehandeld")
        log_change(actor=actor, event="klacht.afgehandeld", obj=complaint, gemeente_id=complaint.gemeente_id,
                   subject_ids=subject_ids(casus),
                   new={"stap": handling.stage_code, "uitkomst": outcome, "afgehandeld_op": concluded_on})
    handling.refresh_from_db()
    return handling


def check_forward_complaint(*, actor: Actor, complaint: Complaint, reason: str, forwarded_on: dt.date | None,
                            expected_version: int | None = None) -> ComplaintHandling:
    """The resident is not satisfied with how the complaint was handled and takes it to the next stage of the
    route (Krimpen §3.4.3: the sociale ombudsman). Rules: the current stage is concluded; there is a next stage; a
    reason and a date not before that conclusion. The complaint is open again at the next stage. Event
    klacht.doorgezet."""
    casus = complaint.casus
    _require_handler(actor, casus)
    handling = _current(complaint)
    route = complaint_route(casus.gemeente.profile.data)
    if handling.concluded_on is None:
        raise Conflict(gettext("Eerst wordt de klacht in deze stap afgehandeld; daarna kan de inwoner naar de "
                               "volgende stap."))
    if complaint.stage >= len(route):
        raise Conflict(gettext("Dit is de laatste stap van de klachtenroute."))
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [gettext("Waarom gaat de inwoner verder met de klacht?")]
    if forwarded_on is None:
        errors["forwarded_on"] = [gettext("Vul de datum in (dd-mm-jjjj).")]
    elif problem := dates.date_problem(forwarded_on, label=gettext("De datum"),
                                       earliest_day=dates.earliest(casus.gemeente.profile.data), not_future=True,
                                       not_before=((handling.concluded_on, gettext("de afhandeling van de klacht")),)):
        errors["forwarded_on"] = [problem]
    if errors:
        raise ValidationFailed(gettext("De klacht is niet doorgezet."), field_errors=errors)
    target = route[complaint.stage]  # positions start at 1: the next stage
    with transaction.atomic():
        bump(complaint, expected_version, message=gettext(STALE), stage=target.position, stage_code=target.code,
             stage_name=target.name[:200], closed_at=None)
        created = ComplaintHandling.objects.create(complaint=complaint, stage=target.position, stage_code=target.code,
                                                   stage_name=target.name[:200], started_on=forwarded_on)
        log_change(actor=actor, event="klacht.doorgezet", obj=complaint, gemeente_id=complaint.gemeente_id,
                   subject_ids=subject_ids(casus),
                   old={"stap": handling.stage_code}, new={"stap": target.code, "reden": reason.strip()})
    return created


def check_record_satisfaction(*, actor: Actor, casus: Casus, score: int, answered_on: dt.date | None,
                              remark: str = "") -> SatisfactionAnswer:
    """The household's answer to the satisfaction question at the closure of its case (Krimpen ch. 5 item 13).
    Rules: the case is closed; one answer per closure; a whole score from 1 to the profile's `tevredenheid.schaal_max`;
    a date not before the closure and not in the future. Event tevredenheid.vastgelegd."""
    if not can_record_satisfaction(actor, casus):
        raise NotAllowed(gettext("U mag geen antwoord op de tevredenheidsvraag vastleggen bij deze casus."))
    if casus.status != Casus.Status.AFGESLOTEN or casus.closed_at is None:
        raise Conflict(gettext("De tevredenheid wordt gevraagd bij het afsluiten: sluit de casus eerst af."))
    if SatisfactionAnswer.objects.filter(casus=casus, case_closed_at=casus.closed_at).exists():
        raise Conflict(gettext("Bij deze afsluiting is de tevredenheid al vastgelegd."))
    scale = satisfaction_scale(casus.gemeente.profile.data)
    errors: dict[str, list[str]] = {}
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= scale:
        errors["score"] = [gettext("Kies een cijfer van 1 tot en met %(max)s.") % {"max": scale}]
    if answered_on is None:
        errors["answered_on"] = [gettext("Vul de datum van het antwoord in (dd-mm-jjjj).")]
    elif problem := dates.date_problem(answered_on, label=gettext("De datum van het antwoord"),
                                       earliest_day=dates.earliest(casus.gemeente.profile.data), not_future=True,
                                       not_before=((casus.closed_at, gettext("het afsluiten van de casus")),)):
        errors["answered_on"] = [problem]
    if len(remark.strip()) > SatisfactionAnswer._meta.get_field("remark").max_length:
        errors["remark"] = [gettext("Houd de toelichting korter.")]
    if errors:
        raise ValidationFailed(gettext("Het antwoord is niet vastgelegd."), field_errors=errors)
    with transaction.atomic():
        answer = SatisfactionAnswer.objects.create(
            gemeente_id=casus.gemeente_id, casus=casus, household_id=casus.household_id, score=score, scale=scale,
            remark=remark.strip(), answered_on=answered_on, case_closed_at=casus.closed_at,
            recorded_by_id=actor.user_id, recorded_at=clock.now())
        log_change(actor=actor, event="tevredenheid.vastgelegd", obj=answer, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus), new={"casus": casus.pk, "cijfer": score, "schaal": scale})
    return answer
