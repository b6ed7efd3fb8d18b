"""The decision (beschikking): taken on an indication, with four eyes where the profile asks for it; once
established the decision clock stops, the letter is rendered and stored, the budget is committed per calendar
year and a decision it corrects is replaced; then the letter is sent.

Every action checks the mandate matrix (mandates.require) before it opens its transaction, records one change-log
event in the same transaction as the change, and refuses stale forms (version) and double submits (state).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.core.versioning import bump, require_version
from toegang.deadlines import actions as clocks
from toegang.deadlines.models import Clock
from toegang.intake.models import Aanvraag
from toegang.tasks.actions import do_resolve_notifications, notify

from .. import mandates, queries
from ..codes import GRONDSLAG
from ..letters import render_letter
from ..models import Besluit, Brief, Indicatie, Verplichting
from ..money import commitment_per_year
from ..permissions import require_open_work, require_visible_besluit, require_visible_indication
from ..signals import decision_established
from .indications import do_set_indication
from .rules import period_problems


def check_decide(*, actor: Actor, indicatie: Indicatie, outcome: str, reasons: str, granted_volume: int | None = None,
                 legal_ground: str = "", expected_version: int | None = None) -> Besluit:
    """The decision (task 'beschikking'; on a proposal also 'indicatie'). With four eyes for this kind of provision
    it waits for a second mandated person; otherwise it is established at once. Event besluit.genomen."""
    indicatie = queries.current_indication(indicatie)
    group = indicatie.voorziening.mandate_group
    require_open_work(indicatie, gettext("een besluit nemen"))
    mandates.require(actor, gemeente=indicatie.gemeente, group=group, task="beschikking", obj=indicatie,
                     also="indicatie" if indicatie.status == Indicatie.Status.VOORSTEL else None)
    require_visible_indication(actor, indicatie)
    errors: dict[str, list[str]] = {}
    if outcome not in Besluit.Outcome.values:
        errors["outcome"] = [gettext("Kies toekennen, deels toekennen of afwijzen.")]
    if outcome == Besluit.Outcome.DEELS and not (granted_volume and 1 <= granted_volume < indicatie.volume):
        errors["granted_volume"] = [gettext("Bij deels toekennen is de toegekende omvang tussen 1 en %(most)s.")
                                     % {"most": indicatie.volume - 1}]
    if not reasons.strip():
        errors["reasons"] = [gettext("Motiveer het besluit: de inwoner leest dit in de brief.")]
    if errors:
        raise ValidationFailed(gettext("Het besluit is niet volledig."), field_errors=errors)
    formal = queries.formalising(indicatie.gemeente, group)
    if formal is not None and outcome != Besluit.Outcome.TOEGEKEND \
            and not mandates.holds(actor, indicatie.gemeente_id, group, "indicatie"):
        # BUCH seed 001 §4.4.1: the back office formalises what the generalist agreed with the household; it does
        # not refuse or cut it. A disagreement goes to the team lead with a reason (check_raise_disagreement).
        message = gettext("U formaliseert wat met de inwoner is afgesproken: het besluit kent de indicatie toe zoals "
                          "die is vastgesteld. Bent u het er niet mee eens, leg dan een bedenking met reden voor "
                          "aan de teamleider.")
        raise ValidationFailed(message, field_errors={"outcome": [message]}, code="formaliseren")
    if outcome != Besluit.Outcome.AFGEWEZEN:
        # A grant commits the period: checked again now (a proposal from before issue 9, a contract shortened since).
        period = period_problems(profile_data=indicatie.gemeente.profile.data, law=indicatie.voorziening.law,
                                 client=indicatie.client, start=indicatie.start, end=indicatie.end,
                                 contract=indicatie.contract)
        if period:
            reasons = [text for texts in period.values() for text in texts]
            raise ValidationFailed(" ".join([*reasons, gettext("Trek het voorstel in en stel een nieuw voor met een "
                                                               "periode die klopt.")]), code="periode-onjuist")
    with transaction.atomic():
        # only the indication's row is locked (its case is optional: PostgreSQL locks no outer-joined side)
        indicatie = Indicatie.objects.select_for_update(of=("self",)).select_related("voorziening", "casus")\
            .get(pk=indicatie.pk)
        require_version(indicatie, expected_version)
        if indicatie.status not in (Indicatie.Status.VOORSTEL, Indicatie.Status.VASTGESTELD):
            raise Conflict(gettext("Op deze indicatie is al besloten of ze is %(status)s.")
                           % {"status": gettext(indicatie.get_status_display())})
        if indicatie.status == Indicatie.Status.VOORSTEL:
            do_set_indication(actor=actor, indicatie=indicatie)
        besluit = Besluit.objects.create(
            gemeente_id=indicatie.gemeente_id, indicatie=indicatie, outcome=outcome,
            granted_volume=granted_volume if outcome == Besluit.Outcome.DEELS else None,
            legal_ground=legal_ground.strip() or GRONDSLAG[indicatie.voorziening.law], reasons=reasons.strip(),
            status=Besluit.Status.TWEEDE if group and group.four_eyes else Besluit.Status.VASTGESTELD,
            decided_by_id=actor.user_id, decided_at=clock.now())
        bump(indicatie, None, status=Indicatie.Status.BESLOTEN)
        do_resolve_notifications(subject=indicatie)  # the proposal (or the decision sent back) is decided
        log_change(actor=actor, event="besluit.genomen", obj=besluit, gemeente_id=besluit.gemeente_id,
                   subject_ids=[indicatie.client_id],
                   new={"indicatie": indicatie.pk, "uitkomst": outcome, "omvang": granted_volume,
                        "grondslag": besluit.legal_ground, "vier_ogen": besluit.status == Besluit.Status.TWEEDE})
        if besluit.status == Besluit.Status.TWEEDE:
            notify(recipient_ids=[r for r in queries.mandate_holder_ids(besluit.gemeente_id, group, "beschikking")
                                  if r != actor.user_id],
                   text=gettext_noop("Tweede beoordeling gevraagd: besluit %(besluit)s"),
                   params={"besluit": besluit.pk}, url=f"/besluiten/{besluit.pk}/",
                   subject=besluit)
        else:
            do_establish_decision(actor=actor, besluit=besluit)
    return besluit


def check_raise_disagreement(*, actor: Actor, indicatie: Indicatie, reason: str) -> Indicatie:
    """Where the profile says the decision only formalises the indication (`mandaten[].formaliseren`), whoever
    holds 'beschikking' and disagrees does not refuse: they put the disagreement, with a reason, to the team lead
    (the roles in `formaliseren.bedenking_naar` in the follow-up team, else in the gemeente), and the one who
    prepared and established it hears it too. The indication stays as it is, waiting for its decision. BUCH seed 001
    §4.4.1 (the back office "formaliseert de oplossingen die ... door de generalist zijn besproken"). Event
    indicatie.bedenking."""
    indicatie = queries.current_indication(indicatie)
    group = indicatie.voorziening.mandate_group
    require_open_work(indicatie, gettext("een bedenking voorleggen"))
    mandates.require(actor, gemeente=indicatie.gemeente, group=group, task="beschikking", obj=indicatie)
    require_visible_indication(actor, indicatie)
    formal = queries.formalising(indicatie.gemeente, group)
    if formal is None:
        raise Conflict(gettext("Bij deze voorziening neemt u zelf het besluit (toekennen, deels of afwijzen); een "
                               "bedenking voor de teamleider hoort bij formaliseren."))
    if indicatie.status not in (Indicatie.Status.VOORSTEL, Indicatie.Status.VASTGESTELD):
        raise Conflict(gettext("Op deze indicatie is al besloten of ze is %(status)s.")
                       % {"status": gettext(indicatie.get_status_display())})
    if not reason.strip():
        raise ValidationFailed(gettext("Geef de reden van uw bedenking."),
                               field_errors={"reason": [gettext("Geef een reden.")]})
    lead_ids = queries.disagreement_recipient_ids(indicatie, list(formal.get("bedenking_naar", [])))
    with transaction.atomic():
        log_change(actor=actor, event="indicatie.bedenking", obj=indicatie, gemeente_id=indicatie.gemeente_id,
                   subject_ids=[indicatie.client_id],
                   new={"reden": reason.strip(), "status": indicatie.status, "voorgelegd_aan": lead_ids})
        notify(recipient_ids=[r for r in {*lead_ids, indicatie.prepared_by_id, indicatie.indicated_by_id}
                              if r and r != actor.user_id],
               text=gettext_noop("Bedenking van de backoffice bij %(voorziening)s: %(reason)s"),
               params={"voorziening": indicatie.voorziening.name, "reason": reason.strip()[:200]},
               url=f"/indicaties/{indicatie.pk}/", subject=indicatie)
    return indicatie


def check_second_opinion(*, actor: Actor, besluit: Besluit, approve: bool, reason: str = "",
                         expected_version: int | None = None) -> Besluit:
    """Four eyes: another person with the 'beschikking' mandate approves (the decision is established) or sends it
    back (the indication returns to 'vastgesteld'). Event besluit.tweede-beoordeling."""
    besluit = queries.current_besluit(besluit)
    indicatie = besluit.indicatie
    mandates.require(actor, gemeente=besluit.gemeente, group=indicatie.voorziening.mandate_group, task="beschikking",
                     obj=besluit)
    require_visible_besluit(actor, besluit)
    if actor.user_id == besluit.decided_by_id:
        raise NotAllowed(gettext("Vier ogen: de tweede beoordeling doet iemand anders dan wie het besluit nam."))
    if not approve and not reason.strip():
        raise ValidationFailed(gettext("Geef aan waarom u het besluit terugstuurt."),
                               field_errors={"reason": [gettext("Geef een reden.")]})
    with transaction.atomic():
        besluit = Besluit.objects.select_for_update().get(pk=besluit.pk)
        require_version(besluit, expected_version)
        if besluit.status != Besluit.Status.TWEEDE:
            raise Conflict(gettext("Dit besluit wacht niet (meer) op een tweede beoordeling."))
        log_change(actor=actor, event="besluit.tweede-beoordeling", obj=besluit, gemeente_id=besluit.gemeente_id,
                   subject_ids=[indicatie.client_id], new={"akkoord": approve, "reden": reason.strip()})
        do_resolve_notifications(subject=besluit)  # the second opinion is given, by one of those asked
        if approve:
            do_establish_decision(actor=actor, besluit=besluit, second_by_id=actor.user_id)
        else:
            bump(indicatie, None, status=Indicatie.Status.VASTGESTELD)
            besluit.delete()
            notify(recipient_ids=[besluit.decided_by_id], text=gettext_noop("Besluit teruggestuurd: %(reason)s"),
                   params={"reason": reason.strip()},
                   url=f"/indicaties/{indicatie.pk}/", subject=indicatie)
    return besluit


def do_establish_decision(*, actor: Actor, besluit: Besluit, second_by_id: int | None = None) -> None:
    """The decision is taken (with four eyes: approved by `second_by_id`): the decision clock stops, the letter is
    rendered once and stored, the budget is committed, a decision it corrects is replaced. The caller holds the
    decision in its transaction. Events besluit.vervangen (for the corrected one) and besluit.vastgesteld."""
    indicatie = besluit.indicatie
    today = clock.today()
    second = {"second_by_id": second_by_id} if second_by_id is not None else {}
    bump(besluit, None, status=Besluit.Status.VASTGESTELD, established_on=today, **second)
    for decision_clock in Clock.objects.filter(subject_type="intake.aanvraag", subject_id=indicatie.aanvraag_id,
                                               stopped_on__isnull=True):
        clocks.stop_clock(actor=actor, clock=decision_clock, stopped_on=today, reason=f"besluit {besluit.pk}")
    Aanvraag.objects.filter(pk=indicatie.aanvraag_id).update(status=Aanvraag.Status.BESLOTEN)
    with translation.override("nl"):
        pdf, template = render_letter(besluit)
    Brief.objects.create(besluit=besluit, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), template=template,
                         created_at=clock.now())
    commitments = _commit(besluit) if besluit.granted else []
    if indicatie.replaces_id:
        old = Besluit.objects.select_for_update().get(pk=indicatie.replaces_id)
        bump(old, None, status=Besluit.Status.VERVANGEN)
        do_resolve_notifications(subject=old)  # replaced: it is no longer sent
        released = Verplichting.objects.filter(besluit=old, released_on__isnull=True).update(released_on=today)
        log_change(actor=actor, event="besluit.vervangen", obj=old, gemeente_id=old.gemeente_id,
                   subject_ids=[indicatie.client_id], new={"door": besluit.pk, "verplichtingen_vrijgegeven": released})
    log_change(actor=actor, event="besluit.vastgesteld", obj=besluit, gemeente_id=besluit.gemeente_id,
               subject_ids=[indicatie.client_id],
               new={"besluitdatum": today, "brief_sha256": besluit.brief.sha256, "sjabloon": template,
                    "verplichting": sum((c.amount for c in commitments), Decimal(0))})
    notify(recipient_ids=queries.mandate_holder_ids(besluit.gemeente_id, indicatie.voorziening.mandate_group,
                                                    "administratieve-verwerking"),
           text=gettext_noop("Besluit %(besluit)s is vastgesteld en kan worden verzonden"),
           params={"besluit": besluit.pk}, url=f"/besluiten/{besluit.pk}/",
           subject=besluit)
    decision_established.send(sender=Besluit, actor=actor, besluit=besluit)


def _commit(besluit: Besluit) -> list[Verplichting]:
    """One commitment per calendar year of the granted period (money.commitment_per_year: pro rata by days, the
    cents add up to the whole amount), never past the provider's contract."""
    ind = besluit.indicatie
    volume = besluit.granted_volume if besluit.outcome == Besluit.Outcome.DEELS else ind.volume
    end = ind.end
    if ind.contract is not None and ind.contract.valid_until is not None:
        # never past the contract (check_decide refuses such a grant; this holds even if the contract changed since)
        end = max(ind.start, min(end, ind.contract.valid_until))
    return Verplichting.objects.bulk_create([
        Verplichting(gemeente_id=besluit.gemeente_id, besluit=besluit, year=year, law=ind.voorziening.law,
                     category=ind.product.category, contract=ind.contract, amount=amount)
        for year, amount in commitment_per_year(volume, ind.frequency, ind.tariff, ind.start, end)])


def check_send_decision(*, actor: Actor, besluit: Besluit, sent_on: dt.date | None = None,
                        expected_version: int | None = None) -> Besluit:
    """Administrative processing: the letter is sent (unchanged). The objection term (6 weeks, Awb 6:7) starts the
    day after sending (Awb 6:8). Event besluit.verzonden."""
    besluit = queries.current_besluit(besluit)
    indicatie = besluit.indicatie
    mandates.require(actor, gemeente=besluit.gemeente, group=indicatie.voorziening.mandate_group,
                     task="administratieve-verwerking", obj=besluit)
    require_visible_besluit(actor, besluit)
    sent_on = sent_on or clock.today()
    with transaction.atomic():
        besluit = Besluit.objects.select_for_update().get(pk=besluit.pk)
        require_version(besluit, expected_version)
        if besluit.status != Besluit.Status.VASTGESTELD:
            raise Conflict(gettext("Dit besluit is al verzonden.") if besluit.status == Besluit.Status.VERZONDEN
                           else gettext("Dit besluit kan niet worden verzonden: %(status)s.")
                           % {"status": gettext(besluit.get_status_display())})
        if sent_on > clock.today() or sent_on < besluit.established_on:
            between = gettext("De verzenddatum ligt tussen de besluitdatum en vandaag.")
            raise ValidationFailed(between, field_errors={"sent_on": [between]})
        bump(besluit, None, status=Besluit.Status.VERZONDEN, sent_on=sent_on, sent_by_id=actor.user_id)
        do_resolve_notifications(subject=besluit)
        log_change(actor=actor, event="besluit.verzonden", obj=besluit, gemeente_id=besluit.gemeente_id,
                   subject_ids=[indicatie.client_id], new={"verzonden_op": sent_on})
        work = queries.follow_up(indicatie)  # the case's team, or the single question's melding's
        clocks.start_clock(actor=actor, gemeente=besluit.gemeente, kind="bezwaar", subject=besluit, started_on=sent_on,
                           household_id=work.household_id, team_id=work.team_id)
    return besluit
