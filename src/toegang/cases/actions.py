"""The case of a household: opening (with re-entry), the one case director, involved professionals, flags,
status, closing and reopening. Every change is audited in its transaction."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from toegang.accounts.models import Medewerker
from toegang.assessments.queries import self_reliance_change
from toegang.audit.log import log_change
from toegang.core import clock, dates
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.core.versioning import bump
from toegang.deadlines.actions import stop_clock
from toegang.deadlines.models import Clock
from toegang.persons.models import Household, Involvement
from toegang.plans.queries import current_version
from toegang.tasks.actions import create_task

from .documents import DocumentRefused, inspect_document
from .models import (
    CLOSE_REASONS,
    CONTACT_KINDS,
    CONTACT_WITH_HOUSEHOLD,
    DOCUMENT_TYPES,
    CaseDirector,
    CaseDocument,
    CaseNote,
    Casus,
    ContactMoment,
    Handover,
)
from .permissions import can_assign, can_be_case_worker, can_manage_case, can_write_journal, require_open
from .queries import subject_ids

NOT_A_CASE_WORKER = "Deze medewerker doet in deze gemeente geen casuswerk en kan geen casusregisseur of betrokkene zijn."
REENTRY_WINDOW = dt.timedelta(days=365)  # re-entry within 12 months is visible (PRODUCT.md flow 10)
NEXT_STATUS = {
    Casus.Status.AANGEMELD: {Casus.Status.VRAAGVERHELDERING},
    Casus.Status.VRAAGVERHELDERING: {Casus.Status.PLAN},
    Casus.Status.PLAN: {Casus.Status.UITVOERING},
    Casus.Status.UITVOERING: {Casus.Status.EVALUATIE},
    Casus.Status.EVALUATIE: {Casus.Status.UITVOERING},
}


STALE_CASE = "Iemand anders heeft deze casus intussen gewijzigd. Open haar opnieuw; er is niets overschreven."


def do_open_case(*, actor: Actor, household: Household, team_id: int | None, melding_id: int | None = None) -> Casus:
    """Open a case for the household (call inside the caller's transaction). At most one open case per household
    per gemeente (database constraint); a case closed less than 12 months ago makes this a re-entry.
    Event casus.geopend."""
    now = clock.now()
    previous = Casus.objects.filter(household=household, gemeente_id=household.gemeente_id,
                                    status=Casus.Status.AFGESLOTEN, closed_at__gte=now - REENTRY_WINDOW)\
        .order_by("-closed_at").first()
    try:
        with transaction.atomic():
            casus = Casus.objects.create(gemeente_id=household.gemeente_id, household=household, team_id=team_id,
                                         opened_at=now, reentry_of=previous)
    except IntegrityError as exc:
        raise Conflict("Dit huishouden heeft al een open casus.") from exc
    log_change(actor=actor, event="casus.geopend", obj=casus, gemeente_id=casus.gemeente_id, subject_ids=subject_ids(casus),
               new={"huishouden": household.pk, "team": team_id, "melding": melding_id,
                    "herhaalde_aanmelding_na": previous.pk if previous else None})
    return casus


def case_began(casus: Casus) -> dt.datetime:
    """When the case began: its earliest melding's receipt, or its opening when that is earlier (or it has none).
    No event of the case lies before it (issue 9)."""
    first = casus.meldingen.order_by("received_at").values_list("received_at", flat=True).first()
    return min(casus.opened_at, first) if first else casus.opened_at


def event_date_problem(casus: Casus, value: dt.date | dt.datetime, *, label: str, not_future: bool = True) -> str:
    """'' for an event of the case that can be true: not before the earliest plausible date (core.dates), not in
    the future, not before the case began. A dated event that stops a clock would otherwise make it lie."""
    return dates.date_problem(value, label=label, earliest_day=dates.earliest(casus.gemeente.profile.data),
                              not_future=not_future, not_before=((case_began(casus), "het begin van de casus"),))


def _involve(*, casus: Casus, medewerker_id: int, role: str) -> None:
    """Make sure the professional is an active betrokkene of this case (and so may see the household)."""
    if not Involvement.objects.filter(casus=casus, medewerker_id=medewerker_id, valid_until__isnull=True).exists():
        Involvement.objects.create(household=casus.household, casus=casus, medewerker_id=medewerker_id, role=role,
                                   valid_from=clock.today())


def check_assign_case_director(*, actor: Actor, casus: Casus, medewerker: Medewerker, reason: str = "",
                               expected_version: int | None = None) -> Casus:
    """Make `medewerker` the one case director (casusregisseur). They may work for a partner organisation
    (Krimpen: they stay employed by their own organisation) but must hold a role in the case's gemeente.
    The previous director steps out. Needs capability cases.assign. Event casus.regisseur_gewijzigd."""
    if not can_assign(actor, casus.gemeente_id):
        raise NotAllowed("U mag geen casusregisseur toewijzen.")
    require_open(casus)
    if not can_be_case_worker(medewerker.pk, casus.gemeente_id):
        raise ValidationFailed(NOT_A_CASE_WORKER, field_errors={"medewerker": [NOT_A_CASE_WORKER]})
    if casus.case_director_id == medewerker.pk:
        return casus
    return do_assign_case_director(actor=actor, casus=casus, medewerker=medewerker, reason=reason,
                                   expected_version=expected_version)


def do_assign_case_director(*, actor: Actor, casus: Casus, medewerker: Medewerker, reason: str,
                            expected_version: int | None) -> Casus:
    now = clock.now()
    old = casus.case_director_id
    with transaction.atomic():
        fields = {"case_director_id": medewerker.pk}
        if casus.status == Casus.Status.AANGEMELD:
            fields["status"] = Casus.Status.VRAAGVERHELDERING
        bump(casus, expected_version, message=STALE_CASE, **fields)
        CaseDirector.objects.filter(casus=casus, until__isnull=True).update(until=now)
        CaseDirector.objects.create(casus=casus, medewerker=medewerker, since=now, reason=reason[:500])
        if old:
            Involvement.objects.filter(casus=casus, medewerker_id=old, role="casusregisseur", valid_until__isnull=True)\
                .update(valid_until=clock.today())
        _involve(casus=casus, medewerker_id=medewerker.pk, role="casusregisseur")
        log_change(actor=actor, event="casus.regisseur_gewijzigd", obj=casus, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus), old={"casusregisseur": old},
                   new={"casusregisseur": medewerker.pk, "reden": reason or None, "status": casus.status})
    return casus


def check_add_case_involvement(*, actor: Actor, casus: Casus, medewerker: Medewerker, role: str) -> Involvement:
    """A professional of any organisation becomes involved (betrokkene): they see the case while involved.
    The case director or a role with cases.assign adds them. Event casus.betrokkene_toegevoegd."""
    if not can_manage_case(actor, casus):
        raise NotAllowed("Alleen de casusregisseur of de procesregie voegt betrokkenen toe.")
    require_open(casus)
    if not can_be_case_worker(medewerker.pk, casus.gemeente_id):
        raise ValidationFailed(NOT_A_CASE_WORKER, field_errors={"medewerker": [NOT_A_CASE_WORKER]})
    if not role.strip():
        raise ValidationFailed("Vul de rol van de betrokkene in.", field_errors={"role": ["Vul de rol in."]})
    if Involvement.objects.filter(casus=casus, medewerker=medewerker, valid_until__isnull=True).exists():
        raise Conflict("Deze professional is al betrokken bij de casus.")
    with transaction.atomic():
        involvement = Involvement.objects.create(household=casus.household, casus=casus, medewerker=medewerker,
                                                 role=role.strip(), valid_from=clock.today())
        log_change(actor=actor, event="casus.betrokkene_toegevoegd", obj=casus, gemeente_id=casus.gemeente_id,
                   new={"medewerker": medewerker.pk, "organisatie": medewerker.organisatie_id, "rol": role.strip()})
    return involvement


def check_end_case_involvement(*, actor: Actor, casus: Casus, involvement: Involvement) -> None:
    """A betrokkene steps out; the case director cannot (hand over or reassign instead)."""
    if not can_manage_case(actor, casus):
        raise NotAllowed("Alleen de casusregisseur of de procesregie beëindigt betrokkenheid.")
    if involvement.casus_id != casus.pk or involvement.valid_until is not None:
        raise Conflict("Deze betrokkenheid loopt niet (meer) bij deze casus.")
    if involvement.medewerker_id == casus.case_director_id:
        raise ValidationFailed("De casusregisseur kan niet uit de casus stappen; wijs eerst een opvolger aan.")
    with transaction.atomic():
        Involvement.objects.filter(pk=involvement.pk).update(valid_until=clock.today())
        log_change(actor=actor, event="casus.betrokkene_beeindigd", obj=casus, gemeente_id=casus.gemeente_id,
                   new={"medewerker": involvement.medewerker_id})


def check_set_case_flags(*, actor: Actor, casus: Casus, high_risk: bool, politically_sensitive: bool,
                         care_avoider: bool, reason: str, expected_version: int | None = None) -> Casus:
    """Flags for process direction (hoog risico, politiek gevoelig, zorgmijder); a change needs a reason.
    'Kind onder 5' is derived from the household, never set by hand. Event casus.signalen_gewijzigd."""
    if not can_manage_case(actor, casus):
        raise NotAllowed("Alleen de casusregisseur of de procesregie wijzigt signalen.")
    require_open(casus)
    new = {"high_risk": high_risk, "politically_sensitive": politically_sensitive, "care_avoider": care_avoider}
    old = {k: getattr(casus, k) for k in new}
    if new == old:
        return casus
    if not reason.strip():
        raise ValidationFailed("Geef de reden van de wijziging.", field_errors={"reason": ["Vul een reden in."]})
    with transaction.atomic():
        bump(casus, expected_version, message=STALE_CASE, **new)
        log_change(actor=actor, event="casus.signalen_gewijzigd", obj=casus, gemeente_id=casus.gemeente_id,
                   old=old, new={**new, "reden": reason.strip()})
    return casus


def check_advance_case(*, actor: Actor, casus: Casus, to: str, expected_version: int | None = None) -> Casus:
    """Move the case to its next phase (aangemeld → vraagverheldering → plan → uitvoering ⇄ evaluatie).
    Only the case director or process direction; a case needs a director beyond 'aangemeld', and the report of
    the kitchen-table conversation before the plan phase.
    Event casus.fase_gewijzigd."""
    if not can_manage_case(actor, casus):
        raise NotAllowed("Alleen de casusregisseur of de procesregie wijzigt de fase.")
    require_open(casus)
    if to not in NEXT_STATUS.get(casus.status, set()):
        raise ValidationFailed(f"Van '{casus.get_status_display()}' kan de casus niet naar '{to}'.",
                               field_errors={"to": ["Niet de volgende fase."]})
    if casus.case_director_id is None:
        raise ValidationFailed("Wijs eerst een casusregisseur aan.")
    if to == Casus.Status.PLAN and not casus.clarifications.exists():
        raise ValidationFailed("Leg eerst het verslag van de vraagverheldering (keukentafelgesprek) vast.",
                               field_errors={"to": ["Eerst de vraagverheldering."]})
    with transaction.atomic():
        old = casus.status
        bump(casus, expected_version, message=STALE_CASE, status=to)
        log_change(actor=actor, event="casus.fase_gewijzigd", obj=casus, gemeente_id=casus.gemeente_id,
                   old={"status": old}, new={"status": to})
    return casus


def check_close_case(*, actor: Actor, casus: Casus, reason: str, household_informed_on: dt.date | None, note: str = "",
                     expected_version: int | None = None) -> Casus:
    """Close the case with a reason and the date the household was informed. Involvements end (the professionals
    lose access through this case); the case becomes read-only except for reopening. Event casus.afgesloten."""
    if not can_manage_case(actor, casus):
        raise NotAllowed("Alleen de casusregisseur of de procesregie sluit de casus af.")
    require_open(casus)
    errors: dict[str, list[str]] = {}
    if reason not in {code for code, _ in CLOSE_REASONS}:
        errors["reason"] = ["Kies de reden van afsluiten."]
    if household_informed_on is None:
        errors["household_informed_on"] = ["Wanneer is het huishouden geïnformeerd?"]
    elif household_informed_on > clock.today():
        errors["household_informed_on"] = ["Deze datum ligt in de toekomst."]
    elif problem := event_date_problem(casus, household_informed_on, label="De datum"):
        errors["household_informed_on"] = [problem]
    if reason == "anders" and not note.strip():
        errors["note"] = ["Licht de reden toe."]
    if errors:
        raise ValidationFailed("De afsluiting is niet volledig.", field_errors=errors)
    now = clock.now()
    with transaction.atomic():
        outcome = case_outcome(casus)
        bump(casus, expected_version, message=STALE_CASE, status=Casus.Status.AFGESLOTEN, closed_at=now, close_reason=reason,
              close_note=note.strip(), household_informed_on=household_informed_on, outcome=outcome)
        CaseDirector.objects.filter(casus=casus, until__isnull=True).update(until=now)
        Involvement.objects.filter(casus=casus, valid_until__isnull=True).update(valid_until=clock.today())
        log_change(actor=actor, event="casus.afgesloten", obj=casus, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus),
                   new={"reden": reason, "toelichting": note.strip() or None, "geinformeerd_op": household_informed_on,
                        "uitkomst": outcome})
    return casus


def case_outcome(casus: Casus) -> dict:
    """The outcome recorded at closure: duration, meldingen, the share of the plan's goals reached (current
    version) and, per measured adult, the self-reliance change since the first ZRM measurement."""

    outcome = {"dagen_open": (clock.now() - casus.opened_at).days, "meldingen": casus.meldingen.count()}
    change = self_reliance_change(casus)
    if change:
        outcome["zelfredzaamheid"] = change
    version = current_version(casus)
    goals = version.content["goals"] if version else []
    if goals:
        reached = sum(1 for g in goals if g["status"] == "bereikt")
        outcome.update(doelen=len(goals), doelen_bereikt=reached, aandeel_bereikt=round(reached / len(goals), 2))
    return outcome


def check_reopen_case(*, actor: Actor, casus: Casus, reason: str) -> Casus:
    """Reopen a closed case (cases.assign), unless the household has another open case. The previous director
    returns. Event casus.heropend."""
    if not can_assign(actor, casus.gemeente_id):
        raise NotAllowed("Alleen de procesregie heropent een casus.")
    if casus.status != Casus.Status.AFGESLOTEN:
        raise Conflict("Deze casus is niet afgesloten.")
    if not reason.strip():
        raise ValidationFailed("Geef de reden van heropenen.", field_errors={"reason": ["Vul een reden in."]})
    if Casus.objects.filter(household=casus.household, gemeente_id=casus.gemeente_id)\
            .exclude(Q(status=Casus.Status.AFGESLOTEN) | Q(pk=casus.pk)).exists():
        raise Conflict("Dit huishouden heeft al een andere open casus.")
    now = clock.now()
    try:
        with transaction.atomic():
            bump(casus, None, message=STALE_CASE, status=Casus.Status.VRAAGVERHELDERING if casus.case_director_id else Casus.Status.AANGEMELD,
                  closed_at=None, close_reason="", close_note="", household_informed_on=None)
            if casus.case_director_id:
                CaseDirector.objects.create(casus=casus, medewerker_id=casus.case_director_id, since=now,
                                            reason="heropend")
                _involve(casus=casus, medewerker_id=casus.case_director_id, role="casusregisseur")
            log_change(actor=actor, event="casus.heropend", obj=casus, gemeente_id=casus.gemeente_id,
                       subject_ids=subject_ids(casus), new={"reden": reason.strip()})
    except IntegrityError as exc:
        raise Conflict("Dit huishouden heeft al een andere open casus.") from exc
    return casus


# --- journal -------------------------------------------------------------------------------------------------------


def check_record_contact_moment(*, actor: Actor, casus: Casus, at: dt.datetime, kind: str, participants: str,
                                summary: str) -> ContactMoment:
    """A contact moment (kind, participants, summary). The first contact with the household itself stops the
    first-contact clock of the case's meldingen (e.g. Krimpen KST: within 2 days). Event casus.contactmoment."""
    if not can_write_journal(actor, casus):
        raise NotAllowed("Alleen de casusregisseur en betrokkenen schrijven in het journaal.")
    require_open(casus)
    errors: dict[str, list[str]] = {}
    if kind not in {code for code, _ in CONTACT_KINDS}:
        errors["kind"] = ["Kies de soort contact."]
    if not participants.strip():
        errors["participants"] = ["Wie namen deel?"]
    if not summary.strip():
        errors["summary"] = ["Vul het verslag in."]
    if at > clock.now() + dt.timedelta(minutes=5):
        errors["at"] = ["Het moment ligt in de toekomst."]
    elif problem := event_date_problem(casus, at, label="Het contactmoment", not_future=False):  # checked above
        # the first contact stops the first-contact clock (e.g. Krimpen KST: within 2 days): it must be true
        errors["at"] = [problem]
    if errors:
        raise ValidationFailed("Het contactmoment is niet vastgelegd.", field_errors=errors)

    with transaction.atomic():
        moment = ContactMoment.objects.create(casus=casus, at=at, kind=kind, participants=participants.strip(),
                                              summary=summary.strip(), by_id=actor.user_id, created_at=clock.now())
        log_change(actor=actor, event="casus.contactmoment", obj=casus, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus), new={"contactmoment": moment.pk, "soort": kind, "moment": at})
        if kind in CONTACT_WITH_HOUSEHOLD:
            first_contact = Clock.objects.filter(kind="eerste-contact", subject_type="intake.melding",
                                                 subject_id__in=casus.meldingen.values("pk"), stopped_on__isnull=True)
            for row in first_contact:
                stop_clock(actor=actor, clock=row, stopped_on=timezone.localdate(at),
                           reason=f"eerste contact ({dict(CONTACT_KINDS)[kind]})")
    return moment


def check_add_note(*, actor: Actor, casus: Casus, text: str, confidential: bool = False) -> CaseNote:
    """A journal note; confidential notes are shown only to the case director and process direction.
    Event casus.notitie (the text itself stays out of the change log)."""
    if not can_write_journal(actor, casus):
        raise NotAllowed("Alleen de casusregisseur en betrokkenen schrijven in het journaal.")
    require_open(casus)
    if not text.strip():
        raise ValidationFailed("De notitie is leeg.", field_errors={"text": ["Schrijf een notitie."]})
    with transaction.atomic():
        note = CaseNote.objects.create(casus=casus, text=text.strip(), confidential=confidential, by_id=actor.user_id,
                                       at=clock.now())
        log_change(actor=actor, event="casus.notitie", obj=casus, gemeente_id=casus.gemeente_id,
                   new={"notitie": note.pk, "vertrouwelijk": confidential})
    return note


# --- warm handover -------------------------------------------------------------------------------------------------


def check_propose_handover(*, actor: Actor, casus: Casus, successor: Medewerker, note: str, to_team=None) -> Handover:
    """The case director proposes a successor (another team, organisation or a specialist). The successor becomes a
    betrokkene so they can read the plan and history before deciding. Event casus.overdracht_voorgesteld."""
    if casus.case_director_id != actor.user_id and not can_assign(actor, casus.gemeente_id):
        raise NotAllowed("Alleen de casusregisseur stelt een opvolger voor.")
    require_open(casus)
    errors: dict[str, list[str]] = {}
    if successor.pk == casus.case_director_id:
        errors["successor"] = ["Kies een ander dan de huidige casusregisseur."]
    elif not can_be_case_worker(successor.pk, casus.gemeente_id):
        errors["successor"] = [NOT_A_CASE_WORKER]
    if to_team is not None and to_team.gemeente_id != casus.gemeente_id:
        errors["to_team"] = ["Dit team hoort bij een andere gemeente."]
    if not note.strip():
        errors["note"] = ["Schrijf de opvolger wat er speelt (warme overdracht)."]
    if errors:
        raise ValidationFailed("Het voorstel tot overdracht is niet volledig.", field_errors=errors)
    try:
        with transaction.atomic():
            handover = Handover.objects.create(casus=casus, proposed_by_id=actor.user_id, successor=successor,
                                               to_team=to_team, note=note.strip(), proposed_at=clock.now())
            _involve(casus=casus, medewerker_id=successor.pk, role="voorgestelde opvolger")
            log_change(actor=actor, event="casus.overdracht_voorgesteld", obj=casus, gemeente_id=casus.gemeente_id,
                       new={"opvolger": successor.pk, "team": to_team.pk if to_team else None})
    except IntegrityError as exc:
        raise Conflict("Er staat al een voorstel tot overdracht open voor deze casus.") from exc
    return handover


def check_decide_handover(*, actor: Actor, handover: Handover, accept: bool, reason: str = "") -> Handover:
    """Only the proposed successor accepts or declines (declining needs a reason). Accepting makes them the case
    director (and moves the case to the new team); declining leaves everything with the current director.
    Event casus.overdracht_aanvaard or casus.overdracht_afgewezen."""
    if handover.successor_id != actor.user_id:
        raise NotAllowed("Alleen de voorgestelde opvolger beslist over de overdracht.")
    if handover.decided_at is not None:
        raise Conflict("Over deze overdracht is al beslist.")
    casus = handover.casus
    require_open(casus)
    if not accept and not reason.strip():
        raise ValidationFailed("Geef de reden van afwijzen.", field_errors={"reason": ["Vul een reden in."]})
    with transaction.atomic():
        Handover.objects.filter(pk=handover.pk).update(decided_at=clock.now(), accepted=accept,
                                                       decline_reason=reason.strip())
        Involvement.objects.filter(casus=casus, medewerker_id=handover.successor_id, role="voorgestelde opvolger",
                                   valid_until__isnull=True).update(valid_until=clock.today())
        if accept:
            if handover.to_team_id and handover.to_team_id != casus.team_id:
                bump(casus, None, message=STALE_CASE, team_id=handover.to_team_id)
            do_assign_case_director(actor=actor, casus=casus, medewerker=handover.successor,
                                    reason="warme overdracht", expected_version=None)
        log_change(actor=actor, event="casus.overdracht_aanvaard" if accept else "casus.overdracht_afgewezen",
                   obj=casus, gemeente_id=casus.gemeente_id,
                   new={"opvolger": handover.successor_id, "reden": reason.strip() or None})
    handover.refresh_from_db()
    return handover


# --- documents -----------------------------------------------------------------------------------------------------

def check_add_document(*, actor: Actor, casus: Casus, kind: str, title: str, upload) -> CaseDocument:
    """Attach a document (PDF, PNG, JPEG or DOCX, at most TOEGANG_DOCUMENT_MAX_BYTES). The content is parsed
    (documents.inspect_document): a file that is not really that type, or carries active content, is refused
    with a clear message and nothing is stored; an image is stored re-encoded. Event casus.document."""


    if not can_write_journal(actor, casus):
        raise NotAllowed("Alleen de casusregisseur en betrokkenen voegen documenten toe.")
    require_open(casus)
    errors: dict[str, list[str]] = {}
    if kind not in {c for c, _ in DOCUMENT_TYPES}:
        errors["kind"] = ["Kies de soort document."]
    if not title.strip():
        errors["title"] = ["Geef het document een titel."]
    limit = settings.TOEGANG_DOCUMENT_MAX_BYTES
    if upload is None or upload.size == 0:
        errors["file"] = ["Kies een bestand."]
    elif upload.size > limit:
        errors["file"] = [f"Het bestand is te groot ({upload.size // 1024} kB); het maximum is {limit // (1024 * 1024)} MB."]
    inspected = None
    if upload is not None and "file" not in errors:
        upload.seek(0)
        data = upload.read(limit + 1)  # the size was checked above; never read more than the limit
        try:
            inspected = inspect_document(data)
        except DocumentRefused as refused:
            errors["file"] = [refused.message]
    if errors:
        raise ValidationFailed("Het document is niet toegevoegd.", field_errors=errors)
    content_type, extension, content = inspected.content_type, inspected.extension, inspected.content
    with transaction.atomic():
        document = CaseDocument(casus=casus, kind=kind, title=title.strip(), content_type=content_type,
                                size=len(content), by_id=actor.user_id, at=clock.now())
        document.file.save(f"casus-{casus.pk}{extension}", ContentFile(content), save=False)
        document.save()
        log_change(actor=actor, event="casus.document", obj=casus, gemeente_id=casus.gemeente_id,
                   new={"document": document.pk, "soort": kind, "titel": document.title, "grootte": len(content),
                        "type": content_type})
    return document



def check_add_case_task(*, actor: Actor, casus: Casus, title: str, assignee: Medewerker, due_on: dt.date):
    """A task on the case for a betrokkene or the director, with a due date. Event taak.aangemaakt."""

    if not can_write_journal(actor, casus):
        raise NotAllowed("Alleen de casusregisseur en betrokkenen maken taken aan.")
    require_open(casus)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Wat moet er gebeuren?"]
    involved = set(Involvement.objects.filter(casus=casus, valid_until__isnull=True).values_list("medewerker_id",
                                                                                                  flat=True))
    if assignee.pk not in involved:
        errors["assignee"] = ["Geef de taak aan de casusregisseur of een betrokkene."]
    if due_on < clock.today():
        errors["due_on"] = ["De datum ligt in het verleden."]
    if errors:
        raise ValidationFailed("De taak is niet volledig.", field_errors=errors)
    with transaction.atomic():
        return create_task(actor=actor, gemeente_id=casus.gemeente_id, kind="anders", title=title.strip(),
                           due_on=due_on, assignee_id=assignee.pk, household_id=casus.household_id, casus_id=casus.pk)
