"""The Wmo's own duties around the investigation (Wmo 2015 art. 2.3.2), and the acknowledgements of receipt.

Wmo 2015 art. 2.3.2 (wetten.overheid.nl, text as in force since 2015):
- lid 1: after a melding the college investigates within six weeks and *confirms the receipt of the melding*
  (check_send_melding_receipt: a letter to the resident, its sending recorded);
- lid 2: before the investigation starts the resident may hand in a *persoonlijk plan*; the college tells them so
  and gives them seven days after the melding to do it (the receipt letter says so, with the date;
  check_record_personal_plan records a plan, and the kitchen-table report weighs it: do_after_clarification);
- lid 3: the college points the resident and their carer to free *cliëntondersteuning* (the receipt letter; whether
  it was pointed out and used: check_record_client_support);
- lid 8: the resident gets a *written report of the investigation's outcome* (check_send_investigation_report: the
  kitchen-table report as a PDF letter; it stops the report clock `wmo-weergave`, whose term is profile data, and the
  six-week investigation clock, which lid 1 counts up to and including lid 8).

The receipt of an aanvraag is confirmed too (check_send_aanvraag_receipt); the receipt of a bezwaar (Awb 6:14) is
provisions/actions/receipts.py. Every letter is rendered once (provisions/letters.py) and stored unchanged
(models.ResidentLetter), with its ChangeLog row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext

from toegang.assessments.instruments import instrument_for
from toegang.assessments.models import CLARIFICATION_PARTS, Clarification
from toegang.audit.log import log_change
from toegang.cases.documents import DocumentRefused, inspect_document
from toegang.cases.models import Casus
from toegang.cases.permissions import can_write_journal, require_open
from toegang.core import clock, dates
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from toegang.deadlines import actions as clocks
from toegang.deadlines.calendar import Term, due_date
from toegang.deadlines.models import Clock
from toegang.deadlines.queries import with_status
from toegang.persons.models import Resident
from toegang.provisions.letters import render_resident_letter

from . import permissions, queries
from .models import Aanvraag, ClientSupport, Melding, PersonalPlan, ResidentLetter

PLAN_TERM = Term(7, "d")  # Wmo 2015 art. 2.3.2 lid 2: "gedurende zeven dagen na de melding"
REPORT_EVENT = "vraagverheldering-wmo"  # deadlines.kinds.START_EVENTS: starts `wmo-weergave` (and a profile's own)
DECISION_TERM_SOURCE = {
    "wmo": "artikel 2.3.5 van de Wet maatschappelijke ondersteuning 2015",
    "jeugdwet": "artikel 4:13 van de Algemene wet bestuursrecht",
    "participatiewet": "artikel 4:13 van de Algemene wet bestuursrecht",
}
LAW_TEXT = {"wmo": "Wmo 2015", "jeugdwet": "Jeugdwet", "participatiewet": "Participatiewet"}


# --- reads the pages and letters share ---------------------------------------------------------------------------


def wmo_applies(melding: Melding) -> bool:
    """The melding may be about Wmo support: Wmo named, or the law not yet known (the desk often cannot tell; telling
    the resident of the persoonlijk plan then costs nothing and keeps the right)."""
    return "wmo" in melding.laws or "onbekend" in melding.laws


def plan_deadline(melding: Melding) -> dt.date:
    """The last day to hand in a persoonlijk plan: seven days after the melding (lid 2), counted as the Algemene
    termijnenwet says (a term ending in a weekend or on a holiday moves to the next working day)."""
    return due_date(timezone.localdate(melding.received_at), PLAN_TERM, atw=True)


def case_has_wmo(casus: Casus) -> bool:
    return any("wmo" in laws for laws in casus.meldingen.values_list("laws", flat=True))


def plans_to_consider(casus: Casus) -> list[PersonalPlan]:
    """The persoonlijke plannen handed in on the case's meldingen that no kitchen-table report has weighed yet."""
    return list(PersonalPlan.objects.filter(melding__casus=casus, considered_in__isnull=True).order_by("received_on"))


def open_clock(subject, kind: str) -> Clock | None:
    return Clock.objects.filter(subject_type=subject._meta.label_lower, subject_id=subject.pk, kind=kind,
                                stopped_on__isnull=True).order_by("id").first()


def with_waiting_plans(meldingen: QuerySet[Melding]) -> QuerySet[Melding]:
    """Each melding with `plans_waiting`: a persoonlijk plan on it that no kitchen-table report has weighed yet."""
    return meldingen.annotate(plans_waiting=Exists(PersonalPlan.objects.filter(melding=OuterRef("pk"),
                                                                               considered_in__isnull=True)))


def with_report(clarifications: QuerySet[Clarification]) -> QuerySet[Clarification]:
    """Each kitchen-table report with its written report to the resident (`report_letter_id`, `report_sent_on`,
    `report_to`) and the report clock started by it (`report_due_on`, `report_status`, `report_source`), in the same
    query (Wmo 2015 art. 2.3.2 lid 8)."""
    letter = ResidentLetter.objects.filter(clarification=OuterRef("pk"), kind=ResidentLetter.Kind.WEERGAVE)
    term = with_status(Clock.objects.filter(subject_type="assessments.clarification", subject_id=OuterRef("pk"),
                                            kind="wmo-weergave")).order_by("-id")
    return clarifications.annotate(
        report_letter_id=Subquery(letter.values("pk")[:1]), report_sent_on=Subquery(letter.values("sent_on")[:1]),
        report_to=Subquery(letter.values("addressee")[:1]), report_due_on=Subquery(term.values("due_on")[:1]),
        report_status=Subquery(term.values("status")[:1]), report_source=Subquery(term.values("source")[:1]))


def letters_for_melding(melding: Melding) -> dict:
    """{"melding": its receipt or None, aanvraag id: that aanvraag's receipt} in one query."""
    out: dict = {"melding": None}
    for letter in ResidentLetter.objects.filter(melding=melding).select_related("recipient").defer("pdf"):
        out["melding" if letter.kind == ResidentLetter.Kind.MELDING else letter.aanvraag_id] = letter
    return out


# --- writing ---------------------------------------------------------------------------------------------------


def _require_front_door(actor: Actor, melding: Melding) -> None:
    if not permissions.can_write_to_resident(actor, melding.gemeente_id):
        raise NotAllowed(gettext("U mag bij deze melding geen brieven versturen of rechten van de inwoner vastleggen."))
    if not queries.visible_meldingen(actor).filter(pk=melding.pk).exists():
        raise NotFound(gettext("Melding niet gevonden."))


def _contact_name(user) -> str:
    return user.get_full_name() if user is not None else ""


def _render(template: str, context: dict, *, gemeente, recipient: Resident, addressee: str, reference: str):
    with translation.override("nl"):
        return render_resident_letter(template, {**context, "aanhef": addressee, "datum": clock.today(),
                                                 "kenmerk": reference}, gemeente=gemeente, recipient=recipient)


def _store(*, actor: Actor, kind: str, gemeente_id: int, recipient: Resident, addressee: str, pdf: bytes,
           template: str, already: str, **subject) -> ResidentLetter:
    """Store the sent letter (inside the caller's transaction); a second one of its kind is a Conflict."""
    try:
        with transaction.atomic():
            return ResidentLetter.objects.create(
                gemeente_id=gemeente_id, kind=kind, recipient=recipient, addressee=addressee, pdf=pdf,
                sha256=hashlib.sha256(pdf).hexdigest(), template=template, sent_on=clock.today(),
                sent_by_id=actor.user_id, created_at=clock.now(), **subject)
    except IntegrityError as exc:
        raise Conflict(already) from exc


def _sent_already(letter: ResidentLetter, message: str) -> str:
    """`message` (translated) with the day the letter was sent as %(date)s."""
    return message % {"date": dates.fmt(letter.sent_on)}


def check_send_melding_receipt(*, actor: Actor, melding: Melding, recipient_id: int | None) -> ResidentLetter:
    """Confirm the receipt of the melding to the resident (Wmo 2015 art. 2.3.2 lid 1): a letter that tells them of
    the persoonlijk plan and its last day (lid 2) and of free cliëntondersteuning (lid 3), rendered, stored and sent
    today. Sending it records that the resident was pointed to cliëntondersteuning (when nothing was recorded yet).
    Events melding.ontvangst_bevestigd (and melding.clientondersteuning)."""
    _require_front_door(actor, melding)
    if melding.anonymous:
        raise ValidationFailed(gettext("Een anonieme melding krijgt geen ontvangstbevestiging: er is niemand aan wie "
                                       "die gestuurd kan worden."))
    subjects = {s.resident_id: s.resident for s in melding.subjects.select_related("resident__household")}
    if not subjects:
        raise ValidationFailed(gettext("Koppel eerst een inwoner aan de melding; dan kan de ontvangstbevestiging naar "
                                       "die inwoner."),
                               field_errors={"recipient": [gettext("Er is nog geen inwoner gekoppeld.")]})
    if recipient_id not in subjects:
        raise ValidationFailed(gettext("Kies aan wie de ontvangstbevestiging gaat."),
                               field_errors={"recipient": [gettext("Kies een van de inwoners van de melding.")]})
    sent = ResidentLetter.objects.filter(melding=melding, kind=ResidentLetter.Kind.MELDING).first()
    if sent is not None:
        raise Conflict(_sent_already(sent, gettext("De ontvangstbevestiging is al verzonden op %(date)s; een tweede wordt "
                                                    "niet gemaakt.")))
    recipient = subjects[recipient_id]
    wmo = wmo_applies(melding)
    investigation = open_clock(melding, "wmo-onderzoek")
    context = {"melding": melding, "wmo": wmo, "plan_uiterlijk": plan_deadline(melding) if wmo else None,
               "onderzoek_uiterlijk": investigation.due_on if investigation else None,
               "contactpersoon": _contact_name(melding.assigned_to)}
    pdf, template = _render("provisions/letters/ontvangst_melding.html", context, gemeente=melding.gemeente,
                            recipient=recipient, addressee=recipient.full_name, reference=f"melding {melding.pk}")
    with transaction.atomic():
        letter = _store(actor=actor, kind=ResidentLetter.Kind.MELDING, gemeente_id=melding.gemeente_id,
                        recipient=recipient, addressee=recipient.full_name, pdf=pdf, template=template,
                        already=gettext("De ontvangstbevestiging is al verzonden."), melding=melding)
        log_change(actor=actor, event="melding.ontvangst_bevestigd", obj=letter, gemeente_id=melding.gemeente_id,
                   subject_ids=[recipient.pk],
                   new={"melding": melding.pk, "aan": recipient.pk, "verzonden_op": letter.sent_on,
                        "persoonlijk_plan_tot": context["plan_uiterlijk"], "sha256": letter.sha256})
        if not ClientSupport.objects.filter(melding=melding).exists():
            _write_client_support(actor=actor, melding=melding, pointed_out_on=letter.sent_on,
                                  how="in de ontvangstbevestiging", used=ClientSupport.Use.ONBEKEND, provider="")
    return letter


def check_record_personal_plan(*, actor: Actor, melding: Melding, received_on: dt.date | None, summary: str,
                               upload=None) -> PersonalPlan:
    """A persoonlijk plan the resident handed in (Wmo 2015 art. 2.3.2 lid 2): the day it arrived, a short summary
    and, if given, the document (checked by its content like a case document). One handed in after the seven days is
    still recorded and weighed, marked as late. Event melding.persoonlijk_plan."""
    _require_front_door(actor, melding)
    if melding.anonymous:
        raise ValidationFailed(gettext("Bij een anonieme melding hoort geen persoonlijk plan."))
    if not wmo_applies(melding):
        raise ValidationFailed(gettext("Een persoonlijk plan hoort bij een melding voor de Wmo (Wmo 2015 artikel "
                                       "2.3.2, tweede lid). Staat de Wmo niet bij de wetten van deze melding?"))
    errors: dict[str, list[str]] = {}
    if received_on is None:
        errors["received_on"] = [gettext("Vul de datum van ontvangst in (dd-mm-jjjj).")]
    elif problem := dates.date_problem(received_on, label=gettext("De ontvangstdatum"), not_future=True,
                                       earliest_day=dates.earliest(melding.gemeente.profile.data),
                                       not_before=((melding.received_at, gettext("de ontvangst van de melding")),)):
        errors["received_on"] = [problem]
    if not summary.strip():
        errors["summary"] = [gettext("Vat in een paar zinnen samen wat de inwoner in het plan schrijft.")]
    elif len(summary) > settings.TOEGANG_MAX_TEXT_CHARS:
        errors["summary"] = [gettext("Ten hoogste %(limit)s tekens.") % {"limit": settings.TOEGANG_MAX_TEXT_CHARS}]
    inspected = None
    if upload is not None:
        limit = settings.TOEGANG_DOCUMENT_MAX_BYTES
        if upload.size > limit:
            errors["document"] = [gettext("Het bestand is te groot (%(size)s kB); het maximum is %(max)s MB.") % {
                "size": upload.size // 1024, "max": limit // (1024 * 1024)}]
        else:
            upload.seek(0)
            try:
                inspected = inspect_document(upload.read(limit + 1))
            except DocumentRefused as refused:
                errors["document"] = [refused.message]
    if errors:
        raise ValidationFailed(gettext("Het persoonlijk plan is niet vastgelegd."), field_errors=errors)
    within = received_on <= plan_deadline(melding)
    with transaction.atomic():
        plan = PersonalPlan(melding=melding, received_on=received_on, within_term=within, summary=summary.strip(),
                            recorded_by_id=actor.user_id, recorded_at=clock.now())
        if inspected is not None:
            plan.content_type = inspected.content_type
            plan.document.save(f"melding-{melding.pk}{inspected.extension}", ContentFile(inspected.content), save=False)
        plan.save()
        log_change(actor=actor, event="melding.persoonlijk_plan", obj=plan, gemeente_id=melding.gemeente_id,
                   subject_ids=list(melding.subjects.values_list("resident_id", flat=True)),
                   new={"melding": melding.pk, "ontvangen": received_on, "binnen_termijn": within,
                        "document": inspected is not None})
    return plan


def _write_client_support(*, actor: Actor, melding: Melding, pointed_out_on: dt.date, how: str, used: str,
                          provider: str) -> ClientSupport:
    current = ClientSupport.objects.select_for_update().filter(melding=melding).first()
    old = {"gewezen_op": current.pointed_out_on, "hoe": current.how, "gebruik": current.used,
           "ondersteuner": current.provider} if current else None
    values = {"pointed_out_on": pointed_out_on, "how": how, "used": used, "provider": provider,
              "recorded_by_id": actor.user_id, "recorded_at": clock.now()}
    if current is None:
        current = ClientSupport.objects.create(melding=melding, **values)
    else:
        for name, value in values.items():
            setattr(current, name, value)
        current.save()
    log_change(actor=actor, event="melding.clientondersteuning", obj=current, gemeente_id=melding.gemeente_id,
               old=old, new={"melding": melding.pk, "gewezen_op": pointed_out_on, "hoe": how, "gebruik": used,
                             "ondersteuner": provider or None})
    return current


def check_record_client_support(*, actor: Actor, melding: Melding, pointed_out_on: dt.date | None, how: str,
                                used: str, provider: str = "") -> ClientSupport:
    """Record that the resident was pointed to free cliëntondersteuning (Wmo 2015 art. 2.3.2 lid 3) — when and how —
    and whether they use it, and whose. Replaces what was recorded before (the change log keeps the old values).
    Event melding.clientondersteuning."""
    _require_front_door(actor, melding)
    if melding.anonymous:
        raise ValidationFailed(gettext("Bij een anonieme melding wordt geen cliëntondersteuning vastgelegd."))
    errors: dict[str, list[str]] = {}
    if pointed_out_on is None:
        errors["pointed_out_on"] = [gettext("Vul de datum in (dd-mm-jjjj).")]
    elif problem := dates.date_problem(pointed_out_on, label=gettext("De datum"), not_future=True,
                                       earliest_day=dates.earliest(melding.gemeente.profile.data),
                                       not_before=((melding.received_at, gettext("de ontvangst van de melding")),)):
        errors["pointed_out_on"] = [problem]
    if not how.strip():
        errors["how"] = [gettext("Hoe is de inwoner erop gewezen (brief, gesprek, telefoon)?")]
    if used not in ClientSupport.Use.values:
        errors["used"] = [gettext("Kies of de inwoner een cliëntondersteuner heeft.")]
    if used == ClientSupport.Use.JA and not provider.strip():
        errors["provider"] = [gettext("Van welke organisatie is de cliëntondersteuner?")]
    if errors:
        raise ValidationFailed(gettext("De cliëntondersteuning is niet vastgelegd."), field_errors=errors)
    with transaction.atomic():
        return _write_client_support(actor=actor, melding=melding, pointed_out_on=pointed_out_on, how=how.strip()[:200],
                                     used=used, provider=provider.strip()[:200])


def check_send_aanvraag_receipt(*, actor: Actor, aanvraag: Aanvraag) -> ResidentLetter:
    """Confirm the receipt of an aanvraag to the applicant: what was asked, and the last day of the decision term
    from its clock (Wmo 2015 art. 2.3.5: two weeks; Awb 4:13: eight weeks). Event aanvraag.ontvangst_bevestigd."""
    melding = aanvraag.melding
    _require_front_door(actor, melding)
    if aanvraag.status != Aanvraag.Status.INGEDIEND:
        raise ValidationFailed(gettext("Deze aanvraag is %(status)s; een ontvangstbevestiging heeft geen zin meer.")
                               % {"status": gettext(aanvraag.get_status_display())})
    sent = ResidentLetter.objects.filter(aanvraag=aanvraag, kind=ResidentLetter.Kind.AANVRAAG).first()
    if sent is not None:
        raise Conflict(_sent_already(sent, gettext("De ontvangstbevestiging van de aanvraag is al verzonden op %(date)s; "
                                                    "een tweede wordt niet gemaakt.")))
    applicant = Resident.objects.select_related("household").get(pk=aanvraag.applicant_id)
    term = Clock.objects.filter(subject_type="intake.aanvraag", subject_id=aanvraag.pk, stopped_on__isnull=True)\
        .order_by("id").first()
    context = {"aanvraag": aanvraag, "wet": LAW_TEXT.get(aanvraag.law, aanvraag.law),
               "beslis_uiterlijk": term.due_on if term and not term.suspended_since else None,
               "termijn_bron": DECISION_TERM_SOURCE.get(aanvraag.law, "artikel 4:13 van de Algemene wet bestuursrecht"),
               "verlengbaar": bool(term and term.extensions_used < term.max_extensions),
               "contactpersoon": _contact_name(melding.assigned_to)}
    pdf, template = _render("provisions/letters/ontvangst_aanvraag.html", context, gemeente=melding.gemeente,
                            recipient=applicant, addressee=applicant.full_name, reference=f"aanvraag {aanvraag.pk}")
    with transaction.atomic():
        letter = _store(actor=actor, kind=ResidentLetter.Kind.AANVRAAG, gemeente_id=aanvraag.gemeente_id,
                        recipient=applicant, addressee=applicant.full_name, pdf=pdf, template=template,
                        already=gettext("De ontvangstbevestiging van de aanvraag is al verzonden."), melding=melding,
                        aanvraag=aanvraag)
        log_change(actor=actor, event="aanvraag.ontvangst_bevestigd", obj=letter, gemeente_id=aanvraag.gemeente_id,
                   subject_ids=[applicant.pk],
                   new={"aanvraag": aanvraag.pk, "aan": applicant.pk, "verzonden_op": letter.sent_on,
                        "beslis_uiterlijk": context["beslis_uiterlijk"], "sha256": letter.sha256})
    return letter


# --- the investigation: the kitchen-table report weighs the plan, its written report goes to the resident -----------


def personal_plan_problem(plans: list[PersonalPlan], considered: bool) -> str:
    """'' when no plan waits or the report says it was weighed; otherwise the reason for the field (lid 2 and 4: the
    plan describes the circumstances the investigation looks into)."""
    if not plans or considered:
        return ""
    days = ", ".join(dates.fmt(p.received_on) for p in plans)
    return gettext("De inwoner gaf een persoonlijk plan (ontvangen op %(days)s). Betrek het bij het onderzoek en vink "
                   "aan dat het is meegewogen (Wmo 2015 artikel 2.3.2, tweede lid).") % {"days": days}


def do_after_clarification(*, actor: Actor, clarification: Clarification, plans: list[PersonalPlan]) -> None:
    """Inside the transaction that records a kitchen-table report: the waiting persoonlijke plannen are marked as
    weighed in it, and in a case with a Wmo melding the report clocks start (event `vraagverheldering-wmo`:
    `wmo-weergave`, from the day of the conversation) unless one runs already for an earlier report."""
    casus = clarification.casus
    if plans:
        PersonalPlan.objects.filter(pk__in=[p.pk for p in plans]).update(considered_in=clarification)
    if not case_has_wmo(casus):
        return
    running = Clock.objects.filter(subject_type="assessments.clarification", kind="wmo-weergave",
                                   subject_id__in=casus.clarifications.values("pk"), stopped_on__isnull=True)
    if running.exists():
        return
    clocks.start_clocks_for(actor=actor, gemeente=casus.gemeente, event=REPORT_EVENT, subject=clarification,
                            at=timezone.make_aware(dt.datetime.combine(clarification.held_on, dt.time(9))),
                            household_id=casus.household_id, team_id=casus.team_id, owner_id=casus.case_director_id)


def report_rows(clarification: Clarification) -> list[tuple[str, list[tuple[str, str]]]]:
    """(life domain name, [(part label, text)]) of a kitchen-table report, for the letter."""
    names = dict(instrument_for(clarification.casus.gemeente.profile.data).domains)
    labels = dict(CLARIFICATION_PARTS)
    return [(names.get(code, code), [(labels[k], v) for k, v in parts.items() if v])
            for code, parts in clarification.domains.items()]


def check_send_investigation_report(*, actor: Actor, clarification: Clarification,
                                    recipient_id: int | None) -> ResidentLetter:
    """The written report of the investigation's outcome to the resident (Wmo 2015 art. 2.3.2 lid 8): the
    kitchen-table report as a letter, with the persoonlijk plan it weighed and the cliëntondersteuning. The case
    director, betrokkenen or process direction send it; it goes to a member of the household. Sending stops the
    report clock of the case and the six-week investigation clock of its meldingen (lid 1 counts the investigation
    up to and including this report). Event onderzoek.weergave_verzonden."""
    casus = Casus.objects.select_related("gemeente", "household", "case_director").get(pk=clarification.casus_id)
    if not can_write_journal(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur, betrokkenen en de procesregie versturen het verslag van "
                                 "het onderzoek."))
    require_open(casus)
    members = {m.pk: m for m in Resident.objects.filter(household=casus.household).select_related("household")}
    if recipient_id not in members:
        raise ValidationFailed(gettext("Kies aan wie het verslag gaat."),
                               field_errors={"recipient": [gettext("Kies iemand uit het huishouden.")]})
    sent = ResidentLetter.objects.filter(clarification=clarification, kind=ResidentLetter.Kind.WEERGAVE).first()
    if sent is not None:
        raise Conflict(_sent_already(sent, gettext("De schriftelijke weergave van dit gesprek is al verzonden op %(date)s; "
                                                    "een tweede wordt niet gemaakt.")))
    recipient = members[recipient_id]
    meldingen = list(casus.meldingen.all())
    supports = list(ClientSupport.objects.filter(melding__in=meldingen))
    context = {"verslag": clarification, "levensgebieden": report_rows(clarification),
               "plannen": list(PersonalPlan.objects.filter(considered_in=clarification).order_by("received_on")),
               "ondersteuning": next((s for s in supports if s.used == ClientSupport.Use.JA),
                                     supports[0] if supports else None),
               "wmo": any("wmo" in m.laws for m in meldingen), "contactpersoon": _contact_name(casus.case_director)}
    pdf, template = _render("provisions/letters/weergave_onderzoek.html", context, gemeente=casus.gemeente,
                            recipient=recipient, addressee=recipient.full_name, reference=f"casus {casus.pk}")
    with transaction.atomic():
        letter = _store(actor=actor, kind=ResidentLetter.Kind.WEERGAVE, gemeente_id=casus.gemeente_id,
                        recipient=recipient, addressee=recipient.full_name, pdf=pdf, template=template,
                        already=gettext("Het verslag van dit gesprek is al verzonden."), clarification=clarification)
        log_change(actor=actor, event="onderzoek.weergave_verzonden", obj=letter, gemeente_id=casus.gemeente_id,
                   subject_ids=list(members), new={"casus": casus.pk, "vraagverheldering": clarification.pk,
                                                   "aan": recipient.pk, "verzonden_op": letter.sent_on,
                                                   "sha256": letter.sha256})
        reason = "schriftelijke weergave verzonden (Wmo 2015 art. 2.3.2 lid 8)"
        for row in Clock.objects.filter(subject_type="assessments.clarification", kind="wmo-weergave",
                                        subject_id__in=casus.clarifications.values("pk"), stopped_on__isnull=True):
            clocks.stop_clock(actor=actor, clock=row, stopped_on=letter.sent_on, reason=reason)
        for row in Clock.objects.filter(subject_type="intake.melding", kind="wmo-onderzoek",
                                        subject_id__in=[m.pk for m in meldingen], stopped_on__isnull=True):
            clocks.stop_clock(actor=actor, clock=row, stopped_on=letter.sent_on, reason=reason)
    return letter
