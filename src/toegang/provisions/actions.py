"""Indication → decision → letter → objection, budget commitments, re-assessment tasks and catalogue edits.

Every action checks the mandate matrix (mandates.require) before it opens its transaction, records one change-log
event in the same transaction as the change, and refuses stale forms (version) and double submits (state).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation

from toegang.accounts.capabilities import CONFIG_MANAGE
from toegang.accounts.models import Medewerker, Organisatie
from toegang.audit.log import log_change
from toegang.cases.models import Casus
from toegang.cases.queries import can_see_case
from toegang.core import clock, dates
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from toegang.deadlines import actions as clocks
from toegang.deadlines.calendar import Term
from toegang.deadlines.models import Clock
from toegang.intake.models import Aanvraag
from toegang.persons.models import Resident
from toegang.tasks.actions import create_task, notify

from . import mandates, queries
from .codes import EENHEID_NAMES, FREQUENTIE_NAMES, GRONDSLAG, LAW_NAMES, PER_DAY_MAX, PERIOD_DAYS
from .letters import render_letter
from .models import Besluit, Bezwaar, Brief, Contract, Indicatie, Product, Tarief, Verplichting, Voorziening

CENT = Decimal("0.01")
PGB_CONDITIONS = [
    ("bekwaam", "de cliënt (of wie hem vertegenwoordigt) kan de taken van een budgethouder aan"),
    ("motivering", "waarom de cliënt een PGB wil"),
    ("kwaliteit", "de hulp die de cliënt wil inkopen is veilig, doeltreffend en cliëntgericht"),
]
MAX_PERIOD_DAYS = {"1": 1, "2": 7, "4": 31}
MAX_COMMITMENT = Decimal("999999999999.99")  # what a commitment row holds (Verplichting.amount)  # longest frequency period, for the ceiling of a time unit


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


def _require_open(casus: Casus, what: str) -> None:
    if casus.status == Casus.Status.AFGESLOTEN:
        raise ValidationFailed(f"De casus is afgesloten: {what} kan niet meer. Heropen de casus als dat nodig is.",
                               code="casus-afgesloten")


def _fresh_indicatie(indicatie: Indicatie) -> Indicatie:
    """The indication as stored now: a decision depends on the current status, not on what a page showed."""
    return Indicatie.objects.select_related("gemeente", "casus", "voorziening__mandate_group").get(pk=indicatie.pk)


def _fresh_besluit(besluit: Besluit) -> Besluit:
    return Besluit.objects.select_related("gemeente", "indicatie__casus", "indicatie__voorziening__mandate_group")\
        .get(pk=besluit.pk)


def _require_visible_indication(actor: Actor, indicatie: Indicatie) -> None:
    """A write goes through the same scope as a read (queries.indication_scope): outside it the indication does not
    exist for the actor. Checked after the mandate, so a missing mandate is still refused and audited by name (the
    pages and the API answer 404 before that, through access_indication / access_besluit)."""
    if not queries.can_see_indication(actor, indicatie):
        raise NotFound("Indicatie niet gevonden.")


def _require_visible_besluit(actor: Actor, besluit: Besluit) -> None:
    if not queries.can_see_besluit(actor, besluit):
        raise NotFound("Besluit niet gevonden.")


def _check_version(obj, expected: int | None) -> None:
    if expected is not None and obj.version != expected:
        raise Conflict("Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe stand en probeer het opnieuw.")


def volume_problem(volume: int | None, unit: str, frequency: str, start: dt.date | None, end: dt.date | None) -> str:
    """'' when the amount fits its unit and frequency (a day has 24 hours, 6 dagdelen, one etmaal)."""
    if volume is None or volume < 1:
        return "De omvang is een heel getal van minstens 1."
    if unit not in PER_DAY_MAX:
        return ""
    if frequency == "6":
        if start is None or end is None or end < start:
            return ""
        days = (end - start).days + 1
    else:
        days = MAX_PERIOD_DAYS.get(frequency, 1)
    ceiling = PER_DAY_MAX[unit] * days
    if volume > ceiling:
        return (f"{volume} {EENHEID_NAMES[unit]} {FREQUENTIE_NAMES[frequency]} past niet: dat is meer dan "
                f"{ceiling} {EENHEID_NAMES[unit]} in {days} dag{'en' if days != 1 else ''}.")
    return ""


# No law sets a maximum term for a provision, but the decision must fit the need as assessed (Wmo 2015 art. 2.3.5
# lid 3, Jeugdwet art. 2.3 lid 1) and is reassessed in time: the profile bounds the period per law
# (`besluiten.max_looptijd_maanden`), so a typo like 31-12-9999 never grants or commits anything.
DEFAULT_MAX_TERM_MONTHS = 60
# A period starting further ahead than this is not a decision on today's need.
MAX_START_AHEAD = relativedelta(years=1)


def max_term_months(profile_data: dict | None, law: str) -> int:
    terms = ((profile_data or {}).get("besluiten") or {}).get("max_looptijd_maanden") or {}
    return int(terms.get(law, DEFAULT_MAX_TERM_MONTHS))


def period_problems(*, profile_data: dict | None, law: str, client: Resident, start: dt.date | None,
                    end: dt.date | None, contract: Contract | None) -> dict[str, list[str]]:
    """Field errors for a provision period that cannot be true: start before the earliest plausible date or the
    client's birth, or more than a year ahead; end before start, past the profile's maximum term for the law, or
    past the end of the provider's contract (the commitment would run past it). Refused, never cut: the
    professional chooses the period, the message says the last day that fits."""
    errors: dict[str, list[str]] = {}
    if start is not None:
        problem = dates.date_problem(start, label="De ingangsdatum", earliest_day=dates.earliest(profile_data),
                                     not_before=((client.geboortedatum, "de geboortedatum van de cliënt"),),
                                     latest_day=(clock.today() + MAX_START_AHEAD, "de grens van een jaar vooruit"))
        if problem:
            errors["start"] = [problem]
    if start is None or end is None or "start" in errors:
        return errors
    if end < start:
        errors["end"] = ["De einddatum ligt voor de ingangsdatum."]
        return errors
    months = max_term_months(profile_data, law)
    last = start + relativedelta(months=months) - dt.timedelta(days=1)
    if end > last:
        errors.setdefault("end", []).append(
            f"Een voorziening onder de {LAW_NAMES.get(law, law)} loopt hier ten hoogste {months} maanden: de "
            f"einddatum is uiterlijk {dates.fmt(last)} (nu {dates.fmt(end)}).")
    elif contract is not None and contract.valid_until is not None and end > contract.valid_until:
        errors.setdefault("end", []).append(
            f"Het contract met {contract.provider.name} loopt tot en met {dates.fmt(contract.valid_until)}: kies "
            f"een einddatum tot en met die dag (nu {dates.fmt(end)}); daarna is een nieuw besluit nodig.")
    return errors


def tariff_on(product: Product, day: dt.date) -> Tarief | None:
    return (product.tariffs.filter(valid_from__lte=day).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .order_by("-valid_from").first())


def contract_for(provider: Organisatie, product: Product, day: dt.date) -> Contract | None:
    return (Contract.objects.filter(provider=provider, products=product, valid_from__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day)).order_by("-valid_from").first())


def plan_goals(casus: Casus) -> list[dict]:
    from toegang.plans.actions import current_version

    version = current_version(casus)
    return list(version.content.get("goals", [])) if version else []


def clean_indication(casus: Casus, data: IndicationData) -> tuple[dict[str, list[str]], Contract | None,
                                                                   Tarief | None, list[dict]]:
    """Field errors (Dutch), the provider's contract, the tariff on the start date and the chosen plan goals."""
    errors: dict[str, list[str]] = {}

    def err(name, text):
        errors.setdefault(name, []).append(text)

    v, p = data.voorziening, data.product
    if v.kind != Voorziening.Kind.MAATWERK:
        err("voorziening", "Een algemene voorziening is vrij toegankelijk en heeft geen indicatie of besluit nodig.")
    if not v.active:
        err("voorziening", "Deze voorziening wordt niet meer aangeboden.")
    if p.voorziening_id != v.pk:
        err("product", "Dit product hoort niet bij de gekozen voorziening.")
    if data.start is None:
        err("start", "Vul een geldige ingangsdatum in (dd-mm-jjjj).")
    if data.end is None:
        err("end", "Vul een geldige einddatum in (dd-mm-jjjj).")
    tariff = contract = None
    if data.start:
        if not p.valid_on(data.start):
            until = f" tot en met {p.valid_until:%d-%m-%Y}" if p.valid_until else ""
            err("product", f"Het product {p.code} is niet geldig op {data.start:%d-%m-%Y} "
                           f"(geldig vanaf {p.valid_from:%d-%m-%Y}{until}).")
        else:
            tariff = tariff_on(p, data.start)
            if tariff is None:
                err("product", f"Er is geen tarief voor {p.code} op {data.start:%d-%m-%Y}.")
    if data.frequency not in FREQUENTIE_NAMES:
        err("frequency", "Kies een frequentie uit de lijst.")
    else:
        problem = volume_problem(data.volume, p.unit, data.frequency, data.start, data.end)
        if problem:
            err("volume", problem)
        elif tariff and data.end and data.end >= data.start and commitment_amount(
                data.volume, data.frequency, tariff.amount, data.start, data.end) > MAX_COMMITMENT:
            limit = f"{int(MAX_COMMITMENT):,}".replace(",", ".")
            err("volume", f"Dit zou meer dan {limit} euro vastleggen; controleer omvang, frequentie en periode.")
    if data.form == Indicatie.Form.ZIN:
        if data.provider is None:
            err("provider", "Bij zorg in natura hoort een gecontracteerde aanbieder.")
        elif data.start:
            contract = contract_for(data.provider, p, data.start)
            if contract is None:
                err("provider", f"{data.provider.name} heeft geen contract voor {p.code} op "
                                f"{data.start:%d-%m-%Y}.")
    elif data.form == Indicatie.Form.PGB:
        # Wmo 2015 art. 2.3.6 lid 2; Jeugdwet art. 8.1.1 lid 2: a PGB only when these conditions are met.
        missing = [label for key, label in PGB_CONDITIONS if not data.pgb_conditions.get(key)]
        if missing:
            err("pgb", "Een PGB kan pas als de PGB-voorwaarden zijn vastgelegd (Wmo 2015 art. 2.3.6 lid 2, Jeugdwet "
                       "art. 8.1.1 lid 2). Ontbreekt: " + "; ".join(missing) + ".")
    else:
        err("form", "Kies zorg in natura (ZIN) of een persoonsgebonden budget (PGB).")
    for name, texts in period_problems(profile_data=casus.gemeente.profile.data, law=v.law, client=data.client,
                                       start=data.start, end=data.end, contract=contract).items():
        for text in texts:
            err(name, text)
    goals = plan_goals(casus)
    by_id = {g["id"]: g for g in goals}
    chosen = [by_id[g] for g in data.goal_ids if g in by_id]
    if not goals:
        err("goals", "Er is nog geen plan met doelen. Een maatwerkvoorziening hoort in het plan van het huishouden.")
    elif not chosen or len(chosen) != len(set(data.goal_ids)):
        err("goals", "Kies de plandoelen waar deze voorziening aan bijdraagt.")
    if not data.motivation.strip():
        err("motivation", "Motiveer waarom deze voorziening nodig is.")
    # General provisions first: Wmo 2015 art. 2.3.2 lid 4 and 2.3.5 lid 3; Jeugdwet art. 2.3 lid 1.
    for name, value, label in (("own_strength", data.own_strength, "wat de cliënt zelf kan"),
                               ("network", data.network, "wat het netwerk kan"),
                               ("why_not_enough", data.why_not_enough,
                                "waarom algemene voorzieningen, eigen kracht en netwerk niet volstaan")):
        if not value.strip():
            err(name, f"Leg vast {label} (algemene voorzieningen eerst).")
    if any(c.kind != Voorziening.Kind.ALGEMEEN for c in data.considered):
        err("considered", "Kies hier alleen algemene voorzieningen uit de sociale kaart.")
    member_ids = set(casus.household.current_residents.values_list("pk", flat=True))
    if data.client.pk not in member_ids:
        err("client", "De cliënt hoort niet (meer) bij dit huishouden.")
    return errors, contract, tariff, chosen


def _holders(gemeente_id: int, group, task: str) -> list[int]:
    roles = group.tasks.get(task, []) if group else []
    return list(Medewerker.objects.filter(role_assignments__gemeente_id=gemeente_id, role_assignments__role__code__in=roles,
                                          is_active=True).values_list("pk", flat=True).distinct())


def check_prepare_indication(*, actor: Actor, casus: Casus, data: IndicationData, aanvraag: Aanvraag | None = None,
                             new_aanvraag: bool = False, idempotency_key: str = "") -> Indicatie:
    """A motivated proposal from the plan (task 'inventarisatie en diagnose'). Without an aanvraag, `new_aanvraag`
    registers one today on the case's latest melding (it starts the decision clock). A repeated submit with the
    same form token returns the first proposal (`created` False). Event indicatie.voorgesteld."""
    if idempotency_key:
        existing = Indicatie.objects.filter(casus=casus, idempotency_key=idempotency_key).first()
        if existing is not None:
            existing.created = False
            return existing
    _require_open(casus, "een indicatie voorstellen")
    if data.voorziening.kind != Voorziening.Kind.MAATWERK:
        raise ValidationFailed("Het voorstel is niet juist.", field_errors={"voorziening": [
            "Een algemene voorziening is vrij toegankelijk en heeft geen indicatie of besluit nodig."]})
    mandates.require(actor, gemeente=casus.gemeente, group=data.voorziening.mandate_group,
                     task="inventarisatie-diagnose", obj=casus)
    if not can_see_case(actor, casus):  # the mandate says what one may do; the case, for whom
        raise NotFound("Casus niet gevonden.")
    errors, contract, tariff, goals = clean_indication(casus, data)
    if aanvraag is None and not new_aanvraag:
        errors.setdefault("aanvraag", []).append("Kies de aanvraag waar dit voorstel bij hoort, of registreer een nieuwe.")
    if aanvraag is not None:
        if aanvraag.applicant.household_id != casus.household_id or aanvraag.gemeente_id != casus.gemeente_id:
            errors.setdefault("aanvraag", []).append("Deze aanvraag hoort niet bij dit huishouden.")
        elif aanvraag.status != Aanvraag.Status.INGEDIEND:
            errors.setdefault("aanvraag", []).append("Op deze aanvraag is al besloten of ze is ingetrokken.")
        elif aanvraag.law != data.voorziening.law:
            errors.setdefault("aanvraag", []).append("De aanvraag gaat over een andere wet dan deze voorziening.")
    if errors:
        raise ValidationFailed("Het voorstel is niet volledig of niet juist.", field_errors=errors)
    try:
        return _create_indication(actor, casus, data, aanvraag, contract, tariff, goals, idempotency_key)
    except IntegrityError:
        # two submits of the same form at the same moment: the database kept one (indicatie_idempotent)
        existing = Indicatie.objects.filter(casus=casus, idempotency_key=idempotency_key).first() \
            if idempotency_key else None
        if existing is None:
            raise
        existing.created = False
        return existing


def _create_indication(actor, casus, data, aanvraag, contract, tariff, goals, idempotency_key) -> Indicatie:
    with transaction.atomic():
        if aanvraag is None:
            from toegang.intake.actions import check_register_aanvraag

            melding = casus.meldingen.order_by("-received_at").first()
            if melding is None:
                raise ValidationFailed("Deze casus heeft geen melding om de aanvraag op te registreren.",
                                       field_errors={"aanvraag": ["Registreer eerst een melding."]})
            aanvraag = check_register_aanvraag(actor=actor, melding=melding, applicant=data.client,
                                               law=data.voorziening.law,
                                               requested=data.voorziening.name[:1].lower() + data.voorziening.name[1:])
        indicatie = Indicatie.objects.create(
            gemeente_id=casus.gemeente_id, casus=casus, aanvraag=aanvraag, client=data.client,
            voorziening=data.voorziening, product=data.product, volume=data.volume, unit=data.product.unit,
            frequency=data.frequency, start=data.start, end=data.end, form=data.form,
            provider=data.provider if data.form == Indicatie.Form.ZIN else None, contract=contract,
            tariff=tariff.amount, goal_ids=[g["id"] for g in goals], goals=[g["description"] for g in goals],
            motivation=data.motivation.strip(), own_strength=data.own_strength.strip(), network=data.network.strip(),
            why_not_enough=data.why_not_enough.strip(),
            pgb_conditions=data.pgb_conditions if data.form == Indicatie.Form.PGB else {},
            prepared_by_id=actor.user_id, prepared_at=clock.now(), idempotency_key=idempotency_key[:64])
        indicatie.created = True
        indicatie.considered.set(data.considered)
        log_change(actor=actor, event="indicatie.voorgesteld", obj=indicatie, gemeente_id=casus.gemeente_id,
                   subject_ids=[data.client.pk], new=_snapshot(indicatie))
        recipients = [r for r in _holders(casus.gemeente_id, data.voorziening.mandate_group, "indicatie")
                      if r != actor.user_id]
        notify(recipient_ids=recipients, text=f"Voorstel ter beslissing: {data.voorziening.name} (casus {casus.pk})",
               url=f"/indicaties/{indicatie.pk}/")
    return indicatie


def _snapshot(ind: Indicatie) -> dict:
    return {"casus": ind.casus_id, "aanvraag": ind.aanvraag_id, "voorziening": ind.voorziening.code,
            "product": f"{ind.product.code}", "omvang": ind.volume, "eenheid": ind.unit,
            "frequentie": ind.frequency, "van": ind.start, "tot": ind.end, "vorm": ind.form,
            "aanbieder": ind.provider.agb_code if ind.provider else None, "tarief": ind.tariff,
            "doelen": ind.goal_ids, "vervangt": ind.replaces_id}


def check_set_indication(*, actor: Actor, indicatie: Indicatie, expected_version: int | None = None) -> Indicatie:
    """Establish the indication (task 'indicatie'). Event indicatie.vastgesteld."""
    indicatie = _fresh_indicatie(indicatie)
    _require_open(indicatie.casus, "een indicatie vaststellen")
    mandates.require(actor, gemeente=indicatie.gemeente, group=indicatie.voorziening.mandate_group, task="indicatie",
                     obj=indicatie)
    _require_visible_indication(actor, indicatie)
    with transaction.atomic():
        indicatie = Indicatie.objects.select_for_update().get(pk=indicatie.pk)
        _check_version(indicatie, expected_version)
        if indicatie.status != Indicatie.Status.VOORSTEL:
            raise Conflict(f"Deze indicatie is al {indicatie.get_status_display()}.")
        _set_indicated(actor, indicatie)
    return indicatie


def _set_indicated(actor: Actor, indicatie: Indicatie) -> None:
    indicatie.status, indicatie.indicated_by_id, indicatie.indicated_at = (Indicatie.Status.VASTGESTELD,
                                                                           actor.user_id, clock.now())
    indicatie.version += 1
    indicatie.save(update_fields=["status", "indicated_by", "indicated_at", "version"])
    log_change(actor=actor, event="indicatie.vastgesteld", obj=indicatie, gemeente_id=indicatie.gemeente_id,
               subject_ids=[indicatie.client_id], new={"status": indicatie.status})


def check_withdraw_indication(*, actor: Actor, indicatie: Indicatie, reason: str,
                              expected_version: int | None = None) -> Indicatie:
    """Withdraw a proposal or indication that has no decision (task 'inventarisatie en diagnose')."""
    indicatie = _fresh_indicatie(indicatie)
    mandates.require(actor, gemeente=indicatie.gemeente, group=indicatie.voorziening.mandate_group,
                     task="inventarisatie-diagnose", obj=indicatie)
    _require_visible_indication(actor, indicatie)
    if not reason.strip():
        raise ValidationFailed("Geef een reden.", field_errors={"reason": ["Geef een reden."]})
    with transaction.atomic():
        indicatie = Indicatie.objects.select_for_update().get(pk=indicatie.pk)
        _check_version(indicatie, expected_version)
        if indicatie.status not in (Indicatie.Status.VOORSTEL, Indicatie.Status.VASTGESTELD):
            raise Conflict(f"Deze indicatie is al {indicatie.get_status_display()}.")
        old = indicatie.status
        indicatie.status, indicatie.version = Indicatie.Status.INGETROKKEN, indicatie.version + 1
        indicatie.save(update_fields=["status", "version"])
        log_change(actor=actor, event="indicatie.ingetrokken", obj=indicatie, gemeente_id=indicatie.gemeente_id,
                   subject_ids=[indicatie.client_id], old={"status": old}, new={"status": indicatie.status,
                                                                                "reden": reason.strip()})
    return indicatie


def check_decide(*, actor: Actor, indicatie: Indicatie, outcome: str, reasons: str, granted_volume: int | None = None,
                 legal_ground: str = "", expected_version: int | None = None) -> Besluit:
    """The decision (task 'beschikking'; on a proposal also 'indicatie'). With four eyes for this kind of provision
    it waits for a second mandated person; otherwise it is established at once. Event besluit.genomen."""
    indicatie = _fresh_indicatie(indicatie)
    group = indicatie.voorziening.mandate_group
    _require_open(indicatie.casus, "een besluit nemen")
    mandates.require(actor, gemeente=indicatie.gemeente, group=group, task="beschikking", obj=indicatie,
                     also="indicatie" if indicatie.status == Indicatie.Status.VOORSTEL else None)
    _require_visible_indication(actor, indicatie)
    errors: dict[str, list[str]] = {}
    if outcome not in Besluit.Outcome.values:
        errors["outcome"] = ["Kies toekennen, deels toekennen of afwijzen."]
    if outcome == Besluit.Outcome.DEELS and not (granted_volume and 1 <= granted_volume < indicatie.volume):
        errors["granted_volume"] = [f"Bij deels toekennen is de toegekende omvang tussen 1 en {indicatie.volume - 1}."]
    if not reasons.strip():
        errors["reasons"] = ["Motiveer het besluit: de inwoner leest dit in de brief."]
    if errors:
        raise ValidationFailed("Het besluit is niet volledig.", field_errors=errors)
    if outcome != Besluit.Outcome.AFGEWEZEN:
        # A grant commits the period: checked again now (a proposal from before issue 9, a contract shortened since).
        period = period_problems(profile_data=indicatie.gemeente.profile.data, law=indicatie.voorziening.law,
                                 client=indicatie.client, start=indicatie.start, end=indicatie.end,
                                 contract=indicatie.contract)
        if period:
            raise ValidationFailed(" ".join(text for texts in period.values() for text in texts)
                                   + " Trek het voorstel in en stel een nieuw voor met een periode die klopt.",
                                   code="periode-onjuist")
    with transaction.atomic():
        indicatie = Indicatie.objects.select_for_update().select_related("voorziening", "casus").get(pk=indicatie.pk)
        _check_version(indicatie, expected_version)
        if indicatie.status not in (Indicatie.Status.VOORSTEL, Indicatie.Status.VASTGESTELD):
            raise Conflict(f"Op deze indicatie is al besloten of ze is {indicatie.get_status_display()}.")
        if indicatie.status == Indicatie.Status.VOORSTEL:
            _set_indicated(actor, indicatie)
        besluit = Besluit.objects.create(
            gemeente_id=indicatie.gemeente_id, indicatie=indicatie, outcome=outcome,
            granted_volume=granted_volume if outcome == Besluit.Outcome.DEELS else None,
            legal_ground=legal_ground.strip() or GRONDSLAG[indicatie.voorziening.law], reasons=reasons.strip(),
            status=Besluit.Status.TWEEDE if group and group.four_eyes else Besluit.Status.VASTGESTELD,
            decided_by_id=actor.user_id, decided_at=clock.now())
        indicatie.status, indicatie.version = Indicatie.Status.BESLOTEN, indicatie.version + 1
        indicatie.save(update_fields=["status", "version"])
        log_change(actor=actor, event="besluit.genomen", obj=besluit, gemeente_id=besluit.gemeente_id,
                   subject_ids=[indicatie.client_id],
                   new={"indicatie": indicatie.pk, "uitkomst": outcome, "omvang": granted_volume,
                        "grondslag": besluit.legal_ground, "vier_ogen": besluit.status == Besluit.Status.TWEEDE})
        if besluit.status == Besluit.Status.TWEEDE:
            notify(recipient_ids=[r for r in _holders(besluit.gemeente_id, group, "beschikking") if r != actor.user_id],
                   text=f"Tweede beoordeling gevraagd: besluit {besluit.pk}", url=f"/besluiten/{besluit.pk}/")
        else:
            _establish(actor, besluit)
    return besluit


def check_second_opinion(*, actor: Actor, besluit: Besluit, approve: bool, reason: str = "",
                         expected_version: int | None = None) -> Besluit:
    """Four eyes: another person with the 'beschikking' mandate approves (the decision is established) or sends it
    back (the indication returns to 'vastgesteld'). Event besluit.tweede-beoordeling."""
    besluit = _fresh_besluit(besluit)
    indicatie = besluit.indicatie
    mandates.require(actor, gemeente=besluit.gemeente, group=indicatie.voorziening.mandate_group, task="beschikking",
                     obj=besluit)
    _require_visible_besluit(actor, besluit)
    if actor.user_id == besluit.decided_by_id:
        raise NotAllowed("Vier ogen: de tweede beoordeling doet iemand anders dan wie het besluit nam.")
    if not approve and not reason.strip():
        raise ValidationFailed("Geef aan waarom u het besluit terugstuurt.", field_errors={"reason": ["Geef een reden."]})
    with transaction.atomic():
        besluit = Besluit.objects.select_for_update().get(pk=besluit.pk)
        _check_version(besluit, expected_version)
        if besluit.status != Besluit.Status.TWEEDE:
            raise Conflict("Dit besluit wacht niet (meer) op een tweede beoordeling.")
        log_change(actor=actor, event="besluit.tweede-beoordeling", obj=besluit, gemeente_id=besluit.gemeente_id,
                   subject_ids=[indicatie.client_id], new={"akkoord": approve, "reden": reason.strip()})
        if approve:
            besluit.second_by_id = actor.user_id
            besluit.save(update_fields=["second_by"])
            _establish(actor, besluit)
        else:
            Indicatie.objects.filter(pk=indicatie.pk).update(status=Indicatie.Status.VASTGESTELD,
                                                             version=indicatie.version + 1)
            besluit.delete()
            notify(recipient_ids=[besluit.decided_by_id], text=f"Besluit teruggestuurd: {reason.strip()}",
                   url=f"/indicaties/{indicatie.pk}/")
    return besluit


def _establish(actor: Actor, besluit: Besluit) -> None:
    """The decision is taken: the decision clock stops, the letter is rendered once and stored, the budget is
    committed, a decision it corrects is replaced. Event besluit.vastgesteld."""
    indicatie = besluit.indicatie
    today = clock.today()
    besluit.status, besluit.established_on, besluit.version = Besluit.Status.VASTGESTELD, today, besluit.version + 1
    besluit.save(update_fields=["status", "established_on", "version"])
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
        old.status, old.version = Besluit.Status.VERVANGEN, old.version + 1
        old.save(update_fields=["status", "version"])
        released = Verplichting.objects.filter(besluit=old, released_on__isnull=True).update(released_on=today)
        log_change(actor=actor, event="besluit.vervangen", obj=old, gemeente_id=old.gemeente_id,
                   subject_ids=[indicatie.client_id], new={"door": besluit.pk, "verplichtingen_vrijgegeven": released})
    log_change(actor=actor, event="besluit.vastgesteld", obj=besluit, gemeente_id=besluit.gemeente_id,
               subject_ids=[indicatie.client_id],
               new={"besluitdatum": today, "brief_sha256": besluit.brief.sha256, "sjabloon": template,
                    "verplichting": sum((c.amount for c in commitments), Decimal(0))})
    notify(recipient_ids=_holders(besluit.gemeente_id, indicatie.voorziening.mandate_group,
                                  "administratieve-verwerking"),
           text=f"Besluit {besluit.pk} is vastgesteld en kan worden verzonden", url=f"/besluiten/{besluit.pk}/")


def commitment_amount(volume: int, frequency: str, tariff: Decimal, start: dt.date, end: dt.date) -> Decimal:
    """volume × tariff × number of frequency periods in [start, end] (a month is 365/12 days; 'total' is one)."""
    days = (end - start).days + 1
    periods = Decimal(1) if frequency == "6" else Decimal(days) / Decimal(str(PERIOD_DAYS[frequency]))
    return (Decimal(volume) * tariff * periods).quantize(CENT, rounding=ROUND_HALF_UP)


def year_parts(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """(year, days of the period in that year)."""
    out = []
    for year in range(start.year, end.year + 1):
        first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
        out.append((year, (last - first).days + 1))
    return out


def _commit(besluit: Besluit) -> list[Verplichting]:
    """One commitment per calendar year, pro rata by days; the cents add up to the whole amount."""
    ind = besluit.indicatie
    volume = besluit.granted_volume if besluit.outcome == Besluit.Outcome.DEELS else ind.volume
    end = ind.end
    if ind.contract is not None and ind.contract.valid_until is not None:
        # never past the contract (check_decide refuses such a grant; this holds even if the contract changed since)
        end = max(ind.start, min(end, ind.contract.valid_until))
    total = commitment_amount(volume, ind.frequency, ind.tariff, ind.start, end)
    parts = year_parts(ind.start, end)
    days = sum(d for _, d in parts)
    rows, assigned = [], Decimal(0)
    for i, (year, part_days) in enumerate(parts):
        amount = total - assigned if i == len(parts) - 1 else (total * part_days / days).quantize(CENT)
        assigned += amount
        rows.append(Verplichting(gemeente_id=besluit.gemeente_id, besluit=besluit, year=year,
                                 law=ind.voorziening.law, category=ind.product.category, contract=ind.contract,
                                 amount=amount))
    return Verplichting.objects.bulk_create(rows)


def check_send_decision(*, actor: Actor, besluit: Besluit, sent_on: dt.date | None = None,
                        expected_version: int | None = None) -> Besluit:
    """Administrative processing: the letter is sent (unchanged). The objection term (6 weeks, Awb 6:7) starts the
    day after sending (Awb 6:8). Event besluit.verzonden."""
    besluit = _fresh_besluit(besluit)
    indicatie = besluit.indicatie
    mandates.require(actor, gemeente=besluit.gemeente, group=indicatie.voorziening.mandate_group,
                     task="administratieve-verwerking", obj=besluit)
    _require_visible_besluit(actor, besluit)
    sent_on = sent_on or clock.today()
    with transaction.atomic():
        besluit = Besluit.objects.select_for_update().get(pk=besluit.pk)
        _check_version(besluit, expected_version)
        if besluit.status != Besluit.Status.VASTGESTELD:
            raise Conflict("Dit besluit is al verzonden." if besluit.status == Besluit.Status.VERZONDEN
                           else f"Dit besluit kan niet worden verzonden: {besluit.get_status_display()}.")
        if sent_on > clock.today() or sent_on < besluit.established_on:
            raise ValidationFailed("De verzenddatum ligt tussen de besluitdatum en vandaag.",
                                   field_errors={"sent_on": ["De verzenddatum ligt tussen de besluitdatum en vandaag."]})
        besluit.status, besluit.sent_on, besluit.sent_by_id = Besluit.Status.VERZONDEN, sent_on, actor.user_id
        besluit.version += 1
        besluit.save(update_fields=["status", "sent_on", "sent_by", "version"])
        log_change(actor=actor, event="besluit.verzonden", obj=besluit, gemeente_id=besluit.gemeente_id,
                   subject_ids=[indicatie.client_id], new={"verzonden_op": sent_on})
        clocks.start_clock(actor=actor, gemeente=besluit.gemeente, kind="bezwaar", subject=besluit, started_on=sent_on,
                           household_id=indicatie.casus.household_id, team_id=indicatie.casus.team_id)
    return besluit


def check_start_correction(*, actor: Actor, besluit: Besluit) -> Indicatie:
    """A correction is a new decision: a new proposal, prefilled from the decided indication, that will replace
    this decision once decided. Event indicatie.voorgesteld (with 'vervangt')."""
    besluit = _fresh_besluit(besluit)
    old = besluit.indicatie
    _require_open(old.casus, "een besluit corrigeren")
    mandates.require(actor, gemeente=besluit.gemeente, group=old.voorziening.mandate_group,
                     task="inventarisatie-diagnose", obj=besluit)
    _require_visible_besluit(actor, besluit)
    if besluit.status not in (Besluit.Status.VASTGESTELD, Besluit.Status.VERZONDEN):
        raise Conflict("Alleen een vastgesteld of verzonden besluit kan worden gecorrigeerd.")
    if Indicatie.objects.filter(replaces=besluit).exclude(status=Indicatie.Status.INGETROKKEN).exists():
        raise Conflict("Er is al een correctie van dit besluit in voorbereiding of genomen.")
    with transaction.atomic():
        new = Indicatie.objects.create(
            gemeente_id=old.gemeente_id, casus=old.casus, aanvraag=old.aanvraag, client=old.client,
            voorziening=old.voorziening, product=old.product, volume=old.volume, unit=old.unit,
            frequency=old.frequency, start=old.start, end=old.end, form=old.form, provider=old.provider,
            contract=old.contract, tariff=old.tariff, goal_ids=old.goal_ids, goals=old.goals,
            motivation=old.motivation, own_strength=old.own_strength, network=old.network,
            why_not_enough=old.why_not_enough, pgb_conditions=old.pgb_conditions, replaces=besluit,
            prepared_by_id=actor.user_id, prepared_at=clock.now())
        new.considered.set(old.considered.all())
        log_change(actor=actor, event="indicatie.voorgesteld", obj=new, gemeente_id=new.gemeente_id,
                   subject_ids=[new.client_id], new=_snapshot(new))
    return new


def check_register_objection(*, actor: Actor, besluit: Besluit, received_on: dt.date | None, objector: str,
                             grounds: str) -> Bezwaar:
    """A bezwaar against a sent decision (Awb 6:4). A late objection is registered and marked (Awb 6:11: the
    municipality judges whether the delay is excusable). The term for deciding on it (Awb 7:10: 6 weeks, from the
    day after the objection term ended) starts as a clock. Event bezwaar.geregistreerd."""
    besluit = _fresh_besluit(besluit)
    indicatie = besluit.indicatie
    group = indicatie.voorziening.mandate_group
    if not (mandates.holds(actor, besluit.gemeente_id, group, "beschikking")
            or mandates.holds(actor, besluit.gemeente_id, group, "administratieve-verwerking")):
        mandates.require(actor, gemeente=besluit.gemeente, group=group, task="administratieve-verwerking", obj=besluit)
    _require_visible_besluit(actor, besluit)
    errors: dict[str, list[str]] = {}
    if received_on is None:
        errors["received_on"] = ["Vul een geldige ontvangstdatum in (dd-mm-jjjj)."]
    elif received_on > clock.today():
        errors["received_on"] = ["De ontvangstdatum ligt in de toekomst."]
    elif besluit.sent_on and received_on < besluit.sent_on:
        errors["received_on"] = ["Het bezwaar is ontvangen voor het besluit werd verzonden."]
    if not objector.strip():
        errors["objector"] = ["Wie maakt bezwaar?"]
    if not grounds.strip():
        errors["grounds"] = ["Waarom is de indiener het niet eens met het besluit? (Awb 6:5)"]
    if besluit.status not in (Besluit.Status.VERZONDEN, Besluit.Status.VERVANGEN) or besluit.sent_on is None:
        raise ValidationFailed("Tegen een besluit dat nog niet is verzonden, kan nog geen bezwaar worden gemaakt "
                               "(Awb 3:40: een besluit treedt pas in werking na bekendmaking).")
    if errors:
        raise ValidationFailed("Het bezwaar is niet volledig.", field_errors=errors)
    with transaction.atomic():
        term = Clock.objects.filter(subject_type="provisions.besluit", subject_id=besluit.pk, kind="bezwaar")\
            .order_by("id").first()
        term_end = term.due_on if term else besluit.sent_on + dt.timedelta(weeks=6)
        bezwaar = Bezwaar.objects.create(gemeente_id=besluit.gemeente_id, besluit=besluit, received_on=received_on,
                                         objector=objector.strip(), grounds=grounds.strip(),
                                         late=received_on > term_end, registered_by_id=actor.user_id,
                                         registered_at=clock.now())
        log_change(actor=actor, event="bezwaar.geregistreerd", obj=bezwaar, gemeente_id=besluit.gemeente_id,
                   subject_ids=[indicatie.client_id],
                   new={"besluit": besluit.pk, "ontvangen": received_on, "te_laat": bezwaar.late})
        if term and term.stopped_on is None:
            clocks.stop_clock(actor=actor, clock=term, stopped_on=received_on, reason=f"bezwaar {bezwaar.pk} ontvangen")
        clocks.start_clock(actor=actor, gemeente=besluit.gemeente, kind="beslissing-op-bezwaar", subject=bezwaar,
                           started_on=max(term_end, received_on), household_id=indicatie.casus.household_id,
                           team_id=indicatie.casus.team_id)
    return bezwaar


def check_decide_objection(*, actor: Actor, bezwaar: Bezwaar, outcome: str, reasons: str,
                           new_besluit: Besluit | None = None) -> Bezwaar:
    """The decision on the objection (task 'beschikking'): gegrond, ongegrond, ingetrokken or niet-ontvankelijk,
    linked to the new decision that corrects the contested one. Event bezwaar.beslist."""
    besluit = bezwaar.besluit
    mandates.require(actor, gemeente=bezwaar.gemeente, group=besluit.indicatie.voorziening.mandate_group,
                     task="beschikking", obj=bezwaar)
    _require_visible_besluit(actor, besluit)
    errors: dict[str, list[str]] = {}
    if outcome not in Bezwaar.Outcome.values:
        errors["outcome"] = ["Kies gegrond, ongegrond, ingetrokken of niet-ontvankelijk."]
    if outcome != Bezwaar.Outcome.INGETROKKEN and not reasons.strip():
        errors["reasons"] = ["Motiveer de beslissing op het bezwaar (Awb 7:12)."]
    if new_besluit is not None and new_besluit.indicatie.replaces_id != besluit.pk:
        errors["new_besluit"] = ["Koppel een nieuw besluit dat het bestreden besluit corrigeert."]
    if new_besluit is not None and outcome != Bezwaar.Outcome.GEGROND:
        errors["new_besluit"] = ["Alleen bij een gegrond bezwaar hoort een nieuw besluit."]
    if errors:
        raise ValidationFailed("De beslissing op het bezwaar is niet volledig.", field_errors=errors)
    with transaction.atomic():
        bezwaar = Bezwaar.objects.select_for_update().get(pk=bezwaar.pk)
        if bezwaar.outcome:
            raise Conflict(f"Op dit bezwaar is al beslist: {bezwaar.get_outcome_display()}.")
        bezwaar.outcome, bezwaar.outcome_reasons = outcome, reasons.strip()
        bezwaar.decided_on, bezwaar.new_besluit = clock.today(), new_besluit
        bezwaar.save(update_fields=["outcome", "outcome_reasons", "decided_on", "new_besluit"])
        log_change(actor=actor, event="bezwaar.beslist", obj=bezwaar, gemeente_id=bezwaar.gemeente_id,
                   subject_ids=[besluit.indicatie.client_id],
                   new={"uitkomst": outcome, "nieuw_besluit": new_besluit.pk if new_besluit else None})
        for open_clock in Clock.objects.filter(subject_type="provisions.bezwaar", subject_id=bezwaar.pk,
                                               stopped_on__isnull=True):
            clocks.stop_clock(actor=actor, clock=open_clock, stopped_on=clock.today(), reason=f"beslist: {outcome}")
    return bezwaar


def reassessment_term(profile_data: dict) -> Term:
    return Term.parse((profile_data.get("besluiten") or {}).get("herbeoordeling", "8w"))


def do_raise_reassessment_tasks(*, actor: Actor, today: dt.date | None = None) -> int:
    """For every granted decision that ends within its profile's re-assessment term (default 8 weeks) and has no
    task yet: a task for the case director (or the case's team) due the day the decision ends. Idempotent."""
    from toegang.profiles.models import Profile

    today = today or clock.today()
    created = 0
    for profile in Profile.objects.filter(gemeenten__isnull=False).distinct():
        horizon = today + dt.timedelta(days=reassessment_term(profile.data).calendar_days)
        rows = (Besluit.objects.filter(gemeente__profile=profile, reassessment_task__isnull=True,
                                       status__in=[Besluit.Status.VASTGESTELD, Besluit.Status.VERZONDEN],
                                       indicatie__end__gte=today, indicatie__end__lte=horizon)
                .exclude(outcome=Besluit.Outcome.AFGEWEZEN)
                .select_related("indicatie__casus", "indicatie__product").order_by("indicatie__end", "pk"))
        for besluit in rows:
            ind = besluit.indicatie
            with transaction.atomic():
                task = create_task(actor=actor, gemeente_id=besluit.gemeente_id, kind="herbeoordeling",
                                   title=f"Herbeoordelen: {ind.product.name} loopt af op {ind.end:%d-%m-%Y}",
                                   due_on=ind.end, team_id=ind.casus.team_id, assignee_id=ind.casus.case_director_id,
                                   household_id=ind.casus.household_id, casus_id=ind.casus_id)
                Besluit.objects.filter(pk=besluit.pk).update(reassessment_task=task)
                created += 1
    return created


# --- catalogue edits (functional administration) ------------------------------------------------------------------

def check_import_catalogue(*, actor: Actor, path) -> list[str]:
    """`toegang catalogus import FILE` (catalogue.read_catalogue_file checks it): upserted in one transaction, all
    or nothing. Event catalogus.geimporteerd when anything changed; returns the changes."""
    from .catalogue import load_catalogue, read_catalogue_file

    if not (actor.is_system or actor.can_anywhere(CONFIG_MANAGE)):
        raise NotAllowed("Alleen functioneel beheer mag een catalogus importeren.")
    profile, merged = read_catalogue_file(path)
    changes: list[str] = []
    with transaction.atomic():
        load_catalogue(profile, merged, changes)
        if changes:
            log_change(actor=actor, event="catalogus.geimporteerd", obj=profile,
                       new={"bestand": str(path), "wijzigingen": changes})
    return changes


def _require_config(actor: Actor, profile) -> None:
    gemeenten = set(profile.gemeenten.values_list("pk", flat=True))
    if not (actor.is_system or any(actor.can(CONFIG_MANAGE, g) for g in gemeenten)):
        raise NotAllowed("Alleen functioneel beheer mag de catalogus wijzigen.")


SOCIAL_MAP_FIELDS = ["name", "description", "audience", "location", "contact", "active"]


def check_update_voorziening(*, actor: Actor, voorziening: Voorziening, values: dict) -> Voorziening:
    """Edit what the social map and the catalogue show. Event voorziening.gewijzigd."""
    _require_config(actor, voorziening.profile)
    if not str(values.get("name", voorziening.name)).strip():
        raise ValidationFailed("Een voorziening heeft een naam.", field_errors={"name": ["Vul een naam in."]})
    with transaction.atomic():
        old = {f: getattr(voorziening, f) for f in SOCIAL_MAP_FIELDS}
        for name in SOCIAL_MAP_FIELDS:
            if name in values:
                setattr(voorziening, name, values[name].strip() if isinstance(values[name], str) else values[name])
        new = {f: getattr(voorziening, f) for f in SOCIAL_MAP_FIELDS}
        changed = [f for f in SOCIAL_MAP_FIELDS if old[f] != new[f]]
        if changed:
            voorziening.save(update_fields=changed)
            log_change(actor=actor, event="voorziening.gewijzigd", obj=voorziening,
                       old={f: old[f] for f in changed}, new={f: new[f] for f in changed})
    return voorziening


def check_add_tariff(*, actor: Actor, product: Product, amount: Decimal | None, valid_from: dt.date | None,
                     kind: str = "tarief") -> Tarief:
    """A new tariff from a date; the running one ends the day before. Event tarief.toegevoegd."""
    _require_config(actor, product.voorziening.profile)
    errors = {}
    if amount is None or amount <= 0:
        errors["amount"] = ["Vul een bedrag groter dan nul in."]
    if valid_from is None:
        errors["valid_from"] = ["Vul een geldige datum in (dd-mm-jjjj)."]
    if kind not in Tarief.Kind.values:
        errors["kind"] = ["Kies tarief of maximumprijs."]
    if errors:
        raise ValidationFailed("Het tarief is niet volledig.", field_errors=errors)
    with transaction.atomic():
        if product.tariffs.filter(valid_from__gte=valid_from).exists():
            raise Conflict("Er is al een tarief dat op of na deze datum ingaat.")
        product.tariffs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))\
            .update(valid_until=valid_from - dt.timedelta(days=1))
        tariff = Tarief.objects.create(product=product, amount=amount.quantize(CENT), kind=kind, valid_from=valid_from)
        log_change(actor=actor, event="tarief.toegevoegd", obj=tariff,
                   new={"product": f"{product.code}", "bedrag": tariff.amount, "vanaf": valid_from,
                        "soort": kind})
    return tariff


def check_set_contract_ceiling(*, actor: Actor, contract: Contract, ceiling: Decimal | None) -> Contract:
    """Change a contract's ceiling budget. Event contract.plafond."""
    _require_config(actor, contract.profile)
    if ceiling is None or ceiling < 0:
        raise ValidationFailed("Vul een plafond van nul of meer in.", field_errors={"ceiling": ["Ongeldig bedrag."]})
    with transaction.atomic():
        old = contract.ceiling
        contract.ceiling = ceiling.quantize(CENT)
        contract.save(update_fields=["ceiling"])
        log_change(actor=actor, event="contract.plafond", obj=contract, old={"plafond": old},
                   new={"plafond": contract.ceiling})
    return contract
