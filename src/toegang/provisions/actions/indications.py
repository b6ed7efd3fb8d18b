"""The indication: a motivated proposal from the plan (task 'inventarisatie en diagnose'), or for a single question
on its aanvraag without a case; established (task 'indicatie') or withdrawn; a correction of a decision starts as a
new proposal.

Every action checks the mandate matrix (mandates.require) before it opens its transaction, records one change-log
event in the same transaction as the change, and refuses stale forms (version) and double submits (state).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_noop

from toegang.accounts.models import Organisatie
from toegang.audit.log import log_change
from toegang.cases.models import Casus
from toegang.cases.queries import can_see_case
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotFound, ValidationFailed
from toegang.core.versioning import bump, require_version
from toegang.intake.actions import check_register_aanvraag
from toegang.intake.models import Aanvraag
from toegang.intake.queries import visible_meldingen
from toegang.persons.models import Household, Resident
from toegang.tasks.actions import do_resolve_notifications, notify

from .. import mandates, queries
from ..codes import FREQUENTIE_NAMES
from ..models import Besluit, Contract, Indicatie, Product, Tarief, Voorziening
from ..money import MAX_COMMITMENT, commitment_amount
from ..permissions import (
    require_open_case,
    require_open_work,
    require_single_question,
    require_visible_besluit,
    require_visible_indication,
)
from .consultations import do_link_consultations, for_proposal
from .rules import period_problems, pgb_problem, volume_problem


@dataclass
class IndicationData:
    voorziening: Voorziening
    product: Product
    client: Resident
    volume: int | None
    frequency: str
    start: dt.date | None
    end: dt.date | None
    form: str
    provider: Organisatie | None = None
    goal_ids: list[str] = field(default_factory=list)
    motivation: str = ""
    considered: list[Voorziening] = field(default_factory=list)
    own_strength: str = ""
    network: str = ""
    why_not_enough: str = ""
    pgb_conditions: dict = field(default_factory=dict)
    goal: str = ""  # a single question without a case: the goal of this provision (there is no plan)


def clean_indication(data: IndicationData, *, gemeente, household: Household, casus: Casus | None = None
                     ) -> tuple[dict[str, list[str]], Contract | None, Tarief | None, list[dict]]:
    """Field errors (in the page's language; the API's is Dutch), the provider's contract, the tariff on the start
    date and the goals: the chosen plan goals of the case, or without a case (a single question) the one goal stated
    with the proposal."""
    errors: dict[str, list[str]] = {}

    def err(name, text):
        errors.setdefault(name, []).append(text)

    v, p = data.voorziening, data.product
    if v.kind != Voorziening.Kind.MAATWERK:
        err("voorziening", gettext("Een algemene voorziening is vrij toegankelijk en heeft geen indicatie of besluit "
                                   "nodig."))
    if not v.active:
        err("voorziening", gettext("Deze voorziening wordt niet meer aangeboden."))
    if p.voorziening_id != v.pk:
        err("product", gettext("Dit product hoort niet bij de gekozen voorziening."))
    if data.start is None:
        err("start", gettext("Vul een geldige ingangsdatum in (dd-mm-jjjj)."))
    if data.end is None:
        err("end", gettext("Vul een geldige einddatum in (dd-mm-jjjj)."))
    tariff = contract = None
    if data.start:
        if not p.valid_on(data.start):
            when = {"code": p.code, "day": f"{data.start:%d-%m-%Y}", "from": f"{p.valid_from:%d-%m-%Y}",
                    "until": f"{p.valid_until:%d-%m-%Y}" if p.valid_until else ""}
            err("product", (gettext("Het product %(code)s is niet geldig op %(day)s (geldig vanaf %(from)s tot en met "
                                    "%(until)s).") if p.valid_until
                            else gettext("Het product %(code)s is niet geldig op %(day)s (geldig vanaf %(from)s)."))
                % when)
        else:
            tariff = queries.tariff_on(p, data.start)
            if tariff is None:
                err("product", gettext("Er is geen tarief voor %(code)s op %(day)s.")
                    % {"code": p.code, "day": f"{data.start:%d-%m-%Y}"})
    if data.frequency not in FREQUENTIE_NAMES:
        err("frequency", gettext("Kies een frequentie uit de lijst."))
    else:
        problem = volume_problem(data.volume, p.unit, data.frequency, data.start, data.end)
        if problem:
            err("volume", problem)
        elif tariff and data.end and data.end >= data.start and commitment_amount(
                data.volume, data.frequency, tariff.amount, data.start, data.end) > MAX_COMMITMENT:
            limit = f"{int(MAX_COMMITMENT):,}".replace(",", ".")
            err("volume", gettext("Dit zou meer dan %(limit)s euro vastleggen; controleer omvang, frequentie en "
                                  "periode.") % {"limit": limit})
    if data.form == Indicatie.Form.ZIN:
        if data.provider is None:
            err("provider", gettext("Bij zorg in natura hoort een gecontracteerde aanbieder."))
        elif data.start:
            contract = queries.contract_for(data.provider, p, data.start)
            if contract is None:
                err("provider", gettext("%(provider)s heeft geen contract voor %(code)s op %(day)s.")
                    % {"provider": data.provider.name, "code": p.code, "day": f"{data.start:%d-%m-%Y}"})
    elif data.form == Indicatie.Form.PGB:
        problem = pgb_problem(data.pgb_conditions)
        if problem:
            err("pgb", problem)
    else:
        err("form", gettext("Kies zorg in natura (ZIN) of een persoonsgebonden budget (PGB)."))
    for name, texts in period_problems(profile_data=gemeente.profile.data, law=v.law, client=data.client,
                                       start=data.start, end=data.end, contract=contract).items():
        for text in texts:
            err(name, text)
    if casus is not None:
        goals = queries.plan_goals(casus)
        by_id = {g["id"]: g for g in goals}
        chosen = [by_id[g] for g in data.goal_ids if g in by_id]
        if not goals:
            err("goals", gettext("Er is nog geen plan met doelen. Een maatwerkvoorziening hoort in het plan van het "
                                  "huishouden."))
        elif not chosen or len(chosen) != len(set(data.goal_ids)):
            err("goals", gettext("Kies de plandoelen waar deze voorziening aan bijdraagt."))
    else:
        # A single question has no plan (BUCH seed 001 §4.2: steps 2, 3 and 4 merge): the goal is stated here.
        chosen = [{"id": None, "description": data.goal.strip()}]
        if not data.goal.strip():
            err("goal", gettext("Beschrijf het doel: wat moet deze voorziening voor de inwoner bereiken?"))
    if not data.motivation.strip():
        err("motivation", gettext("Motiveer waarom deze voorziening nodig is."))
    # General provisions first: Wmo 2015 art. 2.3.2 lid 4 and 2.3.5 lid 3; Jeugdwet art. 2.3 lid 1.
    for name, value, text in (
            ("own_strength", data.own_strength,
             gettext("Leg vast wat de cliënt zelf kan (algemene voorzieningen eerst).")),
            ("network", data.network, gettext("Leg vast wat het netwerk kan (algemene voorzieningen eerst).")),
            ("why_not_enough", data.why_not_enough, gettext("Leg vast waarom algemene voorzieningen, eigen kracht en "
                                                            "netwerk niet volstaan (algemene voorzieningen eerst)."))):
        if not value.strip():
            err(name, text)
    if any(c.kind != Voorziening.Kind.ALGEMEEN for c in data.considered):
        err("considered", gettext("Kies hier alleen algemene voorzieningen uit de sociale kaart."))
    member_ids = set(household.current_residents.values_list("pk", flat=True))
    if data.client.pk not in member_ids:
        err("client", gettext("De cliënt hoort niet (meer) bij dit huishouden."))
    return errors, contract, tariff, chosen


def _existing(household_id: int | None, idempotency_key: str) -> Indicatie | None:
    """The proposal a repeated submit of the same form (its token) already made, marked `created` False."""
    existing = Indicatie.objects.filter(household_id=household_id, idempotency_key=idempotency_key).first() \
        if idempotency_key and household_id else None
    if existing is not None:
        existing.created = False
    return existing


def check_prepare_indication(*, actor: Actor, casus: Casus, data: IndicationData, aanvraag: Aanvraag | None = None,
                             new_aanvraag: bool = False, idempotency_key: str = "") -> Indicatie:
    """A motivated proposal from the plan (task 'inventarisatie en diagnose'). Without an aanvraag, `new_aanvraag`
    registers one today on the case's latest melding (it starts the decision clock). A repeated submit with the
    same form token returns the first proposal (`created` False). Event indicatie.voorgesteld."""
    existing = _existing(casus.household_id, idempotency_key)
    if existing is not None:
        return existing
    require_open_case(casus, gettext("een indicatie voorstellen"))
    if data.voorziening.kind != Voorziening.Kind.MAATWERK:
        raise ValidationFailed(gettext("Het voorstel is niet juist."), field_errors={"voorziening": [
            gettext("Een algemene voorziening is vrij toegankelijk en heeft geen indicatie of besluit nodig.")]})
    mandates.require(actor, gemeente=casus.gemeente, group=data.voorziening.mandate_group,
                     task="inventarisatie-diagnose", obj=casus)
    if not can_see_case(actor, casus):  # the mandate says what one may do; the case, for whom
        raise NotFound(gettext("Casus niet gevonden."))
    errors, contract, tariff, goals = clean_indication(data, gemeente=casus.gemeente, household=casus.household,
                                                       casus=casus)
    # BUCH seed 001 §4.4.1: some kinds of help always need an expert's advice first (profile `deskundigen`)
    consulted, missing = for_proposal(gemeente=casus.gemeente, voorziening=data.voorziening, casus=casus)
    if missing:
        errors.setdefault("product", []).append(missing)
    if aanvraag is None and not new_aanvraag:
        errors.setdefault("aanvraag", []).append(
            gettext("Kies de aanvraag waar dit voorstel bij hoort, of registreer een nieuwe."))
    if aanvraag is not None:
        if aanvraag.applicant.household_id != casus.household_id or aanvraag.gemeente_id != casus.gemeente_id:
            errors.setdefault("aanvraag", []).append(gettext("Deze aanvraag hoort niet bij dit huishouden."))
        elif aanvraag.status != Aanvraag.Status.INGEDIEND:
            errors.setdefault("aanvraag", []).append(gettext("Op deze aanvraag is al besloten of ze is ingetrokken."))
        elif aanvraag.law != data.voorziening.law:
            errors.setdefault("aanvraag", []).append(gettext("De aanvraag gaat over een andere wet dan deze voorziening."))
    if errors:
        raise ValidationFailed(gettext("Het voorstel is niet volledig of niet juist."), field_errors=errors)

    def new_aanvraag_on_the_case():
        melding = casus.meldingen.order_by("-received_at").first()
        if melding is None:
            raise ValidationFailed(gettext("Deze casus heeft geen melding om de aanvraag op te registreren."),
                                   field_errors={"aanvraag": [gettext("Registreer eerst een melding.")]})
        return check_register_aanvraag(actor=actor, melding=melding, applicant=data.client, law=data.voorziening.law,
                                       requested=data.voorziening.name[:1].lower() + data.voorziening.name[1:])

    return _create_or_existing(actor, gemeente_id=casus.gemeente_id, household_id=casus.household_id, casus=casus,
                               data=data, aanvraag=aanvraag or new_aanvraag_on_the_case, contract=contract,
                               tariff=tariff, goals=goals, idempotency_key=idempotency_key,
                               about=f"casus {casus.pk}", consulted=consulted)


def check_prepare_single_indication(*, actor: Actor, aanvraag: Aanvraag, data: IndicationData,
                                    idempotency_key: str = "") -> Indicatie:
    """A motivated proposal on the aanvraag of a single question, without a case (task 'inventarisatie en
    diagnose'). BUCH seed 001 §4.2: "Bij enkelvoudige vragen worden de processtappen 2, 3 en 4 in elkaar geschoven
    en wordt er, indien nodig, direct een maatwerkvoorziening ingezet". The aanvraag's melding is triaged
    'enkelvoudig' and open; general provisions, own strength and network first are recorded as on the case path
    (Wmo 2015 art. 2.3.2 lid 4, Jeugdwet art. 2.3 lid 1); instead of plan goals it states its goal. Whoever prepares
    it sees the melding (a mandate never widens that). Event indicatie.voorgesteld."""
    aanvraag = Aanvraag.objects.select_related("melding__gemeente__profile", "applicant__household").get(pk=aanvraag.pk)
    melding, household = aanvraag.melding, aanvraag.applicant.household
    existing = _existing(aanvraag.applicant.household_id, idempotency_key)
    if existing is not None:
        return existing
    require_single_question(melding, gettext("een indicatie voorstellen"))
    if data.voorziening.kind != Voorziening.Kind.MAATWERK:
        raise ValidationFailed(gettext("Het voorstel is niet juist."), field_errors={"voorziening": [
            gettext("Een algemene voorziening is vrij toegankelijk en heeft geen indicatie of besluit nodig.")]})
    mandates.require(actor, gemeente=melding.gemeente, group=data.voorziening.mandate_group,
                     task="inventarisatie-diagnose", obj=aanvraag)
    if not visible_meldingen(actor).filter(pk=melding.pk).exists():  # the mandate says what; the melding, for whom
        raise NotFound(gettext("Melding niet gevonden."))
    if household is None:
        raise ValidationFailed(gettext("De aanvrager hoort bij geen huishouden: koppel eerst een huishouden."),
                               field_errors={"client": [gettext("De aanvrager hoort bij geen huishouden.")]})
    errors, contract, tariff, goals = clean_indication(data, gemeente=melding.gemeente, household=household)
    consulted, missing = for_proposal(gemeente=melding.gemeente, voorziening=data.voorziening, melding=melding)
    if missing:
        errors.setdefault("product", []).append(missing)
    if aanvraag.status != Aanvraag.Status.INGEDIEND:
        errors.setdefault("aanvraag", []).append(gettext("Op deze aanvraag is al besloten of ze is ingetrokken."))
    elif aanvraag.law != data.voorziening.law:
        errors.setdefault("product", []).append(
            gettext("De aanvraag gaat over de %(law)s; kies een voorziening uit die wet.")
            % {"law": aanvraag.get_law_display()})
    if errors:
        raise ValidationFailed(gettext("Het voorstel is niet volledig of niet juist."), field_errors=errors)
    return _create_or_existing(actor, gemeente_id=melding.gemeente_id, household_id=household.pk, casus=None,
                               data=data, aanvraag=aanvraag, contract=contract, tariff=tariff, goals=goals,
                               idempotency_key=idempotency_key, about=f"enkelvoudige vraag, melding {melding.pk}",
                               consulted=consulted)


def _create_or_existing(actor, *, household_id, idempotency_key, **kwargs) -> Indicatie:
    try:
        return _create_indication(actor, household_id=household_id, idempotency_key=idempotency_key, **kwargs)
    except IntegrityError:
        # two submits of the same form at the same moment: the database kept one (indicatie_idempotent)
        existing = _existing(household_id, idempotency_key)
        if existing is None:
            raise
        return existing


def _create_indication(actor, *, gemeente_id, household_id, casus, data, aanvraag, contract, tariff, goals,
                       idempotency_key, about: str, consulted=()) -> Indicatie:
    """`aanvraag` is the aanvraag, or a function that registers a new one (inside this transaction)."""
    with transaction.atomic():
        if callable(aanvraag):
            aanvraag = aanvraag()
        indicatie = Indicatie.objects.create(
            gemeente_id=gemeente_id, household_id=household_id, casus=casus, aanvraag=aanvraag, client=data.client,
            voorziening=data.voorziening, product=data.product, volume=data.volume, unit=data.product.unit,
            frequency=data.frequency, start=data.start, end=data.end, form=data.form,
            provider=data.provider if data.form == Indicatie.Form.ZIN else None, contract=contract,
            tariff=tariff.amount, goal_ids=[g["id"] for g in goals if g["id"]],
            goals=[g["description"] for g in goals],
            motivation=data.motivation.strip(), own_strength=data.own_strength.strip(), network=data.network.strip(),
            why_not_enough=data.why_not_enough.strip(),
            pgb_conditions=data.pgb_conditions if data.form == Indicatie.Form.PGB else {},
            prepared_by_id=actor.user_id, prepared_at=clock.now(), idempotency_key=idempotency_key[:64])
        indicatie.created = True
        indicatie.considered.set(data.considered)
        do_link_consultations(indicatie=indicatie, raadplegingen=list(consulted))
        log_change(actor=actor, event="indicatie.voorgesteld", obj=indicatie, gemeente_id=gemeente_id,
                   subject_ids=[data.client.pk], new={**_snapshot(indicatie), **(
                       {"raadplegingen": [r.pk for r in consulted]} if consulted else {})})
        recipients = [r for r in queries.mandate_holder_ids(gemeente_id, data.voorziening.mandate_group, "indicatie")
                      if r != actor.user_id]
        notify(recipient_ids=recipients, text=gettext_noop("Voorstel ter beslissing: %(voorziening)s (%(about)s)"),
               params={"voorziening": data.voorziening.name, "about": about},
               url=f"/indicaties/{indicatie.pk}/", subject=indicatie)
    return indicatie


def _snapshot(ind: Indicatie) -> dict:
    return {"casus": ind.casus_id, "huishouden": ind.household_id, "aanvraag": ind.aanvraag_id,
            "voorziening": ind.voorziening.code,
            "product": f"{ind.product.code}", "omvang": ind.volume, "eenheid": ind.unit,
            "frequentie": ind.frequency, "van": ind.start, "tot": ind.end, "vorm": ind.form,
            "aanbieder": ind.provider.agb_code if ind.provider else None, "tarief": ind.tariff,
            "doelen": ind.goal_ids, "vervangt": ind.replaces_id}


def check_set_indication(*, actor: Actor, indicatie: Indicatie, expected_version: int | None = None) -> Indicatie:
    """Establish the indication (task 'indicatie'). Event indicatie.vastgesteld."""
    indicatie = queries.current_indication(indicatie)
    require_open_work(indicatie, gettext("een indicatie vaststellen"))
    mandates.require(actor, gemeente=indicatie.gemeente, group=indicatie.voorziening.mandate_group, task="indicatie",
                     obj=indicatie)
    require_visible_indication(actor, indicatie)
    with transaction.atomic():
        indicatie = Indicatie.objects.select_for_update().get(pk=indicatie.pk)
        require_version(indicatie, expected_version)
        if indicatie.status != Indicatie.Status.VOORSTEL:
            raise Conflict(gettext("Deze indicatie is al %(status)s.")
                           % {"status": gettext(indicatie.get_status_display())})
        do_set_indication(actor=actor, indicatie=indicatie)
    return indicatie


def do_set_indication(*, actor: Actor, indicatie: Indicatie) -> None:
    """The proposal becomes the indication, by the actor, now (version + 1). The caller holds the row locked and
    has checked the version and the status. Event indicatie.vastgesteld."""
    bump(indicatie, None, status=Indicatie.Status.VASTGESTELD, indicated_by_id=actor.user_id,
         indicated_at=clock.now())
    log_change(actor=actor, event="indicatie.vastgesteld", obj=indicatie, gemeente_id=indicatie.gemeente_id,
               subject_ids=[indicatie.client_id], new={"status": indicatie.status})


def check_withdraw_indication(*, actor: Actor, indicatie: Indicatie, reason: str,
                              expected_version: int | None = None) -> Indicatie:
    """Withdraw a proposal or indication that has no decision (task 'inventarisatie en diagnose'). Event
    indicatie.ingetrokken."""
    indicatie = queries.current_indication(indicatie)
    mandates.require(actor, gemeente=indicatie.gemeente, group=indicatie.voorziening.mandate_group,
                     task="inventarisatie-diagnose", obj=indicatie)
    require_visible_indication(actor, indicatie)
    if not reason.strip():
        raise ValidationFailed(gettext("Geef een reden."), field_errors={"reason": [gettext("Geef een reden.")]})
    with transaction.atomic():
        indicatie = Indicatie.objects.select_for_update().get(pk=indicatie.pk)
        require_version(indicatie, expected_version)
        if indicatie.status not in (Indicatie.Status.VOORSTEL, Indicatie.Status.VASTGESTELD):
            raise Conflict(gettext("Deze indicatie is al %(status)s.")
                           % {"status": gettext(indicatie.get_status_display())})
        old = indicatie.status
        bump(indicatie, None, status=Indicatie.Status.INGETROKKEN)
        do_resolve_notifications(subject=indicatie)  # nothing left to decide
        log_change(actor=actor, event="indicatie.ingetrokken", obj=indicatie, gemeente_id=indicatie.gemeente_id,
                   subject_ids=[indicatie.client_id], old={"status": old}, new={"status": indicatie.status,
                                                                                "reden": reason.strip()})
    return indicatie


def check_start_correction(*, actor: Actor, besluit: Besluit) -> Indicatie:
    """A correction is a new decision: a new proposal, prefilled from the decided indication, that will replace
    this decision once decided. Event indicatie.voorgesteld (with 'vervangt')."""
    besluit = queries.current_besluit(besluit)
    old = besluit.indicatie
    require_open_work(old, gettext("een besluit corrigeren"))
    mandates.require(actor, gemeente=besluit.gemeente, group=old.voorziening.mandate_group,
                     task="inventarisatie-diagnose", obj=besluit)
    require_visible_besluit(actor, besluit)
    if besluit.status not in (Besluit.Status.VASTGESTELD, Besluit.Status.VERZONDEN):
        raise Conflict(gettext("Alleen een vastgesteld of verzonden besluit kan worden gecorrigeerd."))
    if Indicatie.objects.filter(replaces=besluit).exclude(status=Indicatie.Status.INGETROKKEN).exists():
        raise Conflict(gettext("Er is al een correctie van dit besluit in voorbereiding of genomen."))
    with transaction.atomic():
        new = Indicatie.objects.create(
            gemeente_id=old.gemeente_id, household_id=old.household_id, casus=old.casus, aanvraag=old.aanvraag,
            client=old.client,
            voorziening=old.voorziening, product=old.product, volume=old.volume, unit=old.unit,
            frequency=old.frequency, start=old.start, end=old.end, form=old.form, provider=old.provider,
            contract=old.contract, tariff=old.tariff, goal_ids=old.goal_ids, goals=old.goals,
            motivation=old.motivation, own_strength=old.own_strength, network=old.network,
            why_not_enough=old.why_not_enough, pgb_conditions=old.pgb_conditions, replaces=besluit,
            prepared_by_id=actor.user_id, prepared_at=clock.now())
        new.considered.set(old.considered.all())
        do_link_consultations(indicatie=new, raadplegingen=list(old.raadplegingen.all()))
        log_change(actor=actor, event="indicatie.voorgesteld", obj=new, gemeente_id=new.gemeente_id,
                   subject_ids=[new.client_id], new=_snapshot(new))
    return new
