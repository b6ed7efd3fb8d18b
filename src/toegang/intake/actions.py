"""The front door: registering meldingen and aanvragen, triage, picking up, desk contacts, closing, referrals.

Every do_* runs in one transaction with its ChangeLog rows; clocks are started and stopped in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from stdnum.nl import bsn as nl_bsn

from toegang.accounts.models import Gemeente, Medewerker, Organisatie, Role, RoleAssignment, Team
from toegang.accounts.queries import case_workers
from toegang.audit.log import log_change
from toegang.cases.actions import do_give_case_owner, do_open_case, owning_team_id
from toegang.cases.actions.involvement import involve
from toegang.cases.models import Casus
from toegang.core import clock, dates
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, DateProblem, NotAllowed, NotFound, ValidationFailed
from toegang.core.locks import lock_for_transaction
from toegang.core.postcodes import normalise_postcode
from toegang.core.versioning import bump, require_version
from toegang.deadlines import actions as clocks
from toegang.deadlines.calendar import due_date
from toegang.deadlines.models import Clock
from toegang.deadlines.queries import clocks_started_by
from toegang.persons import actions as person_actions
from toegang.persons.models import Household, Involvement, Resident
from toegang.persons.queries import visible_residents
from toegang.provisions import mandates
from toegang.provisions.models import Voorziening
from toegang.tasks.actions import create_task, do_resolve_notifications, notify
from toegang.tasks.models import Notification

from . import permissions, queries, routing
from .codes import (
    BRON,
    BRON_VAN_ORGANISATIE,
    KANAAL,
    LEVENSGEBIEDEN,
    SETTING,
    TRIAGE,
    URGENTIE,
    URGENTIE_ORDER,
    WETTEN,
)
from .models import Aanvraag, Melding, MeldingPerson

DUPLICATE_WINDOW = dt.timedelta(minutes=1)
CLOCK_SKEW = dt.timedelta(minutes=5)
ANONYMOUS_OUTCOMES = {"informatie-advies", "doorverwijzing"}


@dataclass
class MeldingData:
    question: str
    channel: str
    source: str
    received_at: dt.datetime | None = None
    urgency: str = "regulier"
    laws: list[str] = field(default_factory=list)
    life_domains: list[str] = field(default_factory=list)
    setting: str = ""
    # the profile's own characteristics of the situation (`voordeur.kenmerken`: zorgleerling, overlast, huiselijk
    # geweld, ouder in GGZ-zorg), which routing rules may ask for (seed-003 §3.3, Den Haag R1–R9)
    kenmerken: list[str] = field(default_factory=list)
    anonymous: bool = False
    referrer: str = ""
    source_organisation: Organisatie | None = None
    reported_person: dict = field(default_factory=dict)


def _codes(choices) -> set[str]:
    return {c for c, _ in choices}


def kenmerk_codes(profile_data: dict | None) -> list[tuple[str, str]]:
    """The profile's characteristics a melding can carry (`voordeur.kenmerken`: code, naam); none when silent."""
    return [(k["code"], k["naam"]) for k in ((profile_data or {}).get("voordeur") or {}).get("kenmerken") or []]


def clean_melding_data(data: MeldingData, *, has_subject: bool, earliest: dt.date | None = None,
                       kenmerken: set[str] = frozenset()) -> MeldingData:
    """Shape and plausibility of a melding. The received moment starts the statutory clocks, so it lies between the
    earliest plausible date (`earliest`: core.dates, the go-live minus the profile's margin) and now. `kenmerken`:
    the characteristics the profile knows (kenmerk_codes)."""
    errors: dict[str, list[str]] = {}
    if not data.question.strip():
        errors["question"] = [gettext("Beschrijf de vraag in de woorden van de inwoner.")]
    if data.channel not in _codes(KANAAL):
        errors["channel"] = [gettext("Onbekend kanaal.")]
    if data.source not in _codes(BRON):
        errors["source"] = [gettext("Onbekende bron.")]
    if data.urgency not in _codes(URGENTIE):
        errors["urgency"] = [gettext("Kies regulier, spoed of crisis.")]
    if set(data.laws) - _codes(WETTEN):
        errors["laws"] = [gettext("Onbekende wet.")]
    if set(data.life_domains) - _codes(LEVENSGEBIEDEN):
        errors["life_domains"] = [gettext("Onbekend levensgebied.")]
    if data.setting not in _codes(SETTING):
        errors["setting"] = [gettext("Onbekende setting.")]
    if set(data.kenmerken) - set(kenmerken):
        errors["kenmerken"] = [gettext("Onbekend kenmerk.")]
    received = data.received_at or clock.now()
    if received > clock.now() + CLOCK_SKEW:
        errors["received_at"] = [DateProblem(gettext("Het ontvangstmoment ligt in de toekomst."))]
    else:
        problem = dates.date_problem(received, label=gettext("Het ontvangstmoment"),
                                     earliest_day=earliest or dates.earliest(None))
        if problem:
            errors["received_at"] = [problem]
    if data.anonymous and has_subject:
        errors["anonymous"] = [gettext("Een anonieme melding noemt geen inwoner of huishouden.")]
    if not data.anonymous and not has_subject:
        errors["persons"] = [gettext("Een melding gaat over iemand: kies een inwoner of huishouden, of markeer de "
                                     "melding als anoniem advies.")]
    if data.anonymous and data.urgency == "crisis":
        errors["urgency"] = [gettext("Anoniem kan alleen voor advies; een crisis gaat over iemand.")]
    if errors:
        raise ValidationFailed(gettext("De melding is niet volledig of niet juist."), field_errors=errors)
    data.received_at = received
    data.laws = sorted(set(data.laws)) or ["onbekend"]
    data.life_domains = sorted(set(data.life_domains))
    data.kenmerken = sorted(set(data.kenmerken))
    data.question = data.question.strip()
    return data


def _content_hash(gemeente: Gemeente, data: MeldingData, person_ids: list[int], household_id, actor: Actor) -> str:
    payload = json.dumps([gemeente.pk, data.question, sorted(person_ids), household_id, data.source, actor.user_id,
                          data.reported_person], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def check_text_lengths(texts: dict[str, tuple[str, int]], *, message: str) -> None:
    """Free text within its limit (the column's max_length, or TOEGANG_MAX_TEXT_CHARS for long text), with a
    message per field (in the page's language) instead of a database error."""
    errors = {name: [gettext("Ten hoogste %(limit)s tekens (nu %(count)s).") % {
                  "limit": f"{limit:,}".replace(",", "."), "count": f"{len(text):,}".replace(",", ".")}]
              for name, (text, limit) in texts.items() if len(text) > limit}
    if errors:
        raise ValidationFailed(message, field_errors=errors)


def _existing(gemeente: Gemeente, idempotency_key: str, content_hash: str) -> Melding | None:
    """The same melding submitted twice: the same idempotency key, or identical content within a minute."""
    if idempotency_key:
        found = Melding.objects.filter(gemeente=gemeente, idempotency_key=idempotency_key).first()
        if found:
            return found
    return Melding.objects.filter(gemeente=gemeente, content_hash=content_hash,
                                  created_at__gte=clock.now() - DUPLICATE_WINDOW).order_by("-id").first()


def open_case_of(household: Household | None) -> Casus | None:
    if household is None:
        return None
    return Casus.objects.filter(household=household).exclude(status=Casus.Status.AFGESLOTEN).first()


# --- registering ----------------------------------------------------------------------------------------------


def check_register_melding(
    *,
    actor: Actor,
    gemeente: Gemeente,
    data: MeldingData,
    persons: list[Resident] = (),
    household: Household | None = None,
    idempotency_key: str = "",
    attach_to_open_case: bool = True,
) -> tuple[Melding, bool]:
    """Register a melding. Returns (melding, created): a double submit returns the first one, created False.

    Rules: capability intake.register; someone is concerned unless it is anonymous advice; received-at not in the
    future; persons and household of this gemeente. Routing (district team, then profile rules) is stored with the
    rule that matched; no matching team leaves it in the gemeente's inbox with a warning. Wmo 2015 art. 2.3.2: a
    Wmo melding starts the six-week investigation clock.
    """
    if not permissions.can_register(actor, gemeente.pk):
        raise NotAllowed(gettext("U mag in deze gemeente geen meldingen registreren."))
    check_text_lengths({"question": (data.question, settings.TOEGANG_MAX_TEXT_CHARS),
                        "referrer": (data.referrer, Melding._meta.get_field("referrer").max_length)},
                       message=gettext("De melding is te lang."))
    return _register(actor=actor, gemeente=gemeente, data=data, persons=list(persons), household=household,
                     idempotency_key=idempotency_key, attach_to_open_case=attach_to_open_case)


def _register(*, actor: Actor, gemeente: Gemeente, data: MeldingData, persons: list[Resident],
              household: Household | None, idempotency_key: str, attach_to_open_case: bool) -> tuple[Melding, bool]:
    """Validation, double-submit detection and the write, after the caller checked the capability."""
    if household is None and persons:
        household = persons[0].household
    if any(p.gemeente_id != gemeente.pk for p in persons) or (household and household.gemeente_id != gemeente.pk):
        raise ValidationFailed(gettext("De inwoner of het huishouden hoort bij een andere gemeente."),
                               field_errors={"persons": [gettext("Andere gemeente.")]})
    data = clean_melding_data(data, has_subject=bool(persons or household or data.reported_person),
                              earliest=dates.earliest(gemeente.profile.data),
                              kenmerken={code for code, _ in kenmerk_codes(gemeente.profile.data)})
    content_hash = _content_hash(gemeente, data, [p.pk for p in persons], household.pk if household else None, actor)
    try:
        with transaction.atomic():
            # Identical submits wait for each other here, so "identical content within a minute" holds when twenty
            # arrive at once: the second finds the first one's melding (README, "The front door").
            lock_for_transaction(f"melding:{content_hash}")
            existing = _existing(gemeente, idempotency_key, content_hash)
            if existing:
                return existing, False
            melding = do_register_melding(actor=actor, gemeente=gemeente, data=data, persons=persons,
                                          household=household, idempotency_key=idempotency_key,
                                          content_hash=content_hash, attach_to_open_case=attach_to_open_case)
    except IntegrityError:  # a concurrent submit with the same key (and other content) won the race
        existing = _existing(gemeente, idempotency_key, content_hash)
        if existing is None:
            raise
        return existing, False
    return melding, True


def _facts(melding: Melding, persons: list[Resident]) -> routing.Facts:
    birth_dates = tuple(p.geboortedatum for p in persons if p.geboortedatum)
    if not birth_dates and melding.household_id:
        birth_dates = tuple(Resident.objects.filter(household_id=melding.household_id, geboortedatum__isnull=False)
                            .values_list("geboortedatum", flat=True))
    reported_birth = melding.reported_person.get("geboortedatum")
    if not birth_dates and reported_birth:
        birth_dates = (dt.date.fromisoformat(reported_birth),)
    postcode = melding.household.postcode if melding.household else melding.reported_person.get("postcode", "")
    return routing.Facts(source=melding.source, channel=melding.channel, urgency=melding.urgency,
                         laws=tuple(melding.laws), life_domains=tuple(melding.life_domains), setting=melding.setting,
                         kenmerken=tuple(melding.kenmerken), birth_dates=birth_dates, postcode=postcode or "", on=timezone.localdate(melding.received_at))


def _member_with_role(gemeente: Gemeente, role_code: str, team_id: int | None) -> int | None:
    """The member of the team holding the role with the fewest open meldingen; else anyone with it in the gemeente."""
    holders = RoleAssignment.objects.filter(gemeente=gemeente, role__code=role_code, medewerker__is_active=True)
    for candidates in (holders.filter(medewerker__team_memberships__team_id=team_id) if team_id else holders.none(),
                       holders):
        best = (Medewerker.objects.filter(pk__in=candidates.values("medewerker_id"))
                .annotate(open=Count("assigned_meldingen", filter=~Q(assigned_meldingen__status="afgesloten")))
                .order_by("open", "pk").values_list("pk", flat=True).first())
        if best:
            return best
    return None


def do_register_melding(*, actor: Actor, gemeente: Gemeente, data: MeldingData, persons: list[Resident],
                        household: Household | None, idempotency_key: str, content_hash: str,
                        attach_to_open_case: bool) -> Melding:
    """Events melding.geregistreerd (with the route) and termijn.gestart for each clock its events start (the Wmo
    investigation, the crisis clock, the profile's own kinds: registration_events)."""
    now = clock.now()
    with transaction.atomic():
        melding = Melding(
            gemeente=gemeente, received_at=data.received_at, channel=data.channel, source=data.source,
            source_organisation=data.source_organisation, referrer=data.referrer, anonymous=data.anonymous,
            household=household, reported_person=data.reported_person, question=data.question,
            life_domains=data.life_domains, urgency=data.urgency, laws=data.laws, setting=data.setting,
            kenmerken=data.kenmerken,
            urgency_rank=URGENTIE_ORDER[data.urgency],
            idempotency_key=idempotency_key, content_hash=content_hash, created_by_id=actor.user_id, created_at=now,
            referred_by_id=(data.source_organisation.pk if data.channel == "verwijzing" and data.source_organisation
                            else None),
        )
        route = routing.route(gemeente, _facts(melding, persons))
        melding.wijk_id, melding.team_id = route.wijk_id, route.team_id
        melding.routing_rule, melding.routing_forum, melding.routing_warning = route.rule, route.forum, route.warning
        if route.role:
            melding.assigned_to_id = _member_with_role(gemeente, route.role, route.team_id)
        case = open_case_of(household) if attach_to_open_case else None
        if case is not None:
            melding.casus = case
            melding.team_id = case.team_id or melding.team_id
        melding.save()
        MeldingPerson.objects.bulk_create([MeldingPerson(melding=melding, resident=p) for p in persons])
        subject_ids = [p.pk for p in persons]
        log_change(actor=actor, event="melding.geregistreerd", obj=melding, gemeente_id=gemeente.pk,
                   subject_ids=subject_ids,
                   new={"kanaal": data.channel, "bron": data.source, "urgentie": data.urgency, "wetten": data.laws,
                        "kenmerken": data.kenmerken,
                        "team": melding.team_id, "regel": route.rule, "forum": route.forum, "casus": melding.casus_id,
                        "behandelaar": melding.assigned_to_id, "waarschuwing": route.warning})
        for event in registration_events(data):
            # the clocks of these events start at the moment of receipt: a Wmo melding the six-week investigation
            # (Wmo 2015 art. 2.3.2 lid 1), a crisis its crisis clock in hours, and any kind the profile adds
            _start_clocks(actor, melding, event, data.received_at)
    return melding


def registration_events(data: MeldingData) -> list[str]:
    """The clock start events (deadlines.kinds.START_EVENTS) a registered melding emits. Anonymous advice emits
    none: there is nobody to contact and no investigation."""
    if data.anonymous:
        return []
    events = ["melding-geregistreerd"]
    if "wmo" in data.laws:
        events.append("melding-wmo")
    if data.urgency in ("spoed", "crisis"):
        events.append(f"melding-{data.urgency}")
    return events


def _start_clocks(actor: Actor, melding: Melding, event: str, at: dt.datetime, **overrides) -> None:
    """Start on the melding every clock kind of the profile that `event` starts (with the melding's household,
    team and handler unless `overrides` names others)."""
    clocks.start_clocks_for(actor=actor, gemeente=melding.gemeente, event=event, subject=melding, at=at,
                            **{"household_id": melding.household_id, "team_id": melding.team_id,
                               "owner_id": melding.assigned_to_id, **overrides})


def _crisis_clocks_after_triage(actor: Actor, melding: Melding, outcome: str, owner_id: int | None,
                                at: dt.datetime) -> None:
    """A crisis clock (started by melding-crisis) runs until someone has taken the crisis on: triage 'crisis'
    hands it to the crisis role, whose member then owns the clock until they triage the melding onward (a case
    with its first-contact clock, a generalist, a referral, the safety route) or close it; any other triage
    outcome stops it at the moment of the triage. Missed, it stays red. A melding registered without urgency
    crisis that triage finds one gets its crisis clock now."""
    started = list(clocks_started_by(melding.gemeente, "melding-crisis", melding))
    running = [c for c in started if c.stopped_on is None]
    if outcome == "crisis":
        if not started:
            _start_clocks(actor, melding, "melding-crisis", at, owner_id=owner_id)
        elif owner_id:
            Clock.objects.filter(pk__in=[c.pk for c in running]).update(owner_id=owner_id)
        return
    for row in running:
        clocks.stop_clock(actor=actor, clock=row, stopped_on=timezone.localdate(at), stopped_at=at,
                          reason=f"getrieerd: {dict(TRIAGE).get(outcome, outcome)}")


# --- triage ----------------------------------------------------------------------------------------------------


def max_desk_contacts(gemeente: Gemeente) -> int:
    return gemeente.profile.data.get("voordeur", {}).get("max_contacten_informatie_advies", 2)


def _require_triage(actor: Actor, melding: Melding) -> None:
    if not permissions.can_triage(actor, melding.gemeente_id):
        raise NotAllowed(gettext("U mag deze melding niet triëren."))


STALE_MELDING = gettext_noop("Iemand anders heeft deze melding intussen behandeld. Open haar opnieuw; er is niets "
                             "overschreven.")


def _lock_unchanged(melding: Melding) -> None:
    """Lock the melding's row before anything else in the transaction (one lock order for every writer: the
    melding first, then what hangs off it), and refuse with 409 if someone changed it since it was read. Two
    triages of one melding at once thus never deadlock: the second waits here, then gets a Conflict."""
    current = Melding.objects.select_for_update().filter(pk=melding.pk).values_list("version", flat=True).first()
    if current != melding.version:
        raise Conflict(gettext(STALE_MELDING))


@dataclass
class TriageResult:
    melding: Melding
    message: str
    casus: Casus | None = None


def check_triage_melding(
    *,
    actor: Actor,
    melding: Melding,
    outcome: str,
    reason: str,
    expected_version: int | None = None,
    team: Team | None = None,
    override_reason: str = "",
    assignee: Medewerker | None = None,
    referred_to: str = "",
    advice_about=(),
) -> TriageResult:
    """Triage a melding (the outcome and reason are recorded; event melding.getrieerd).

    - informatie-advies: handled at the desk; the conversation counts as a client contact against the profile's
      maximum (Krimpen: 2); further contacts go through check_record_contact;
    - enkelvoudig: one generalist handles it directly (the assignee, or the actor);
    - meervoudig: a case is opened for the household in the team (or the open case is used), with the profile's
      first-contact clock;
    - crisis: assigned at once to the profile's crisis role, everyone with that role is notified;
    - veiligheid: marked for the safety route, with a task for the team;
    - doorverwijzing: referred to another organisation with the reason; the melding closes;
    - zorgmijder: an outreach task ('er op af') for the team, due within the first-contact term.
    A team other than the routed one needs a reason (manual override). Anonymous meldingen allow advice or
    referral only. Information and advice on kinds of individual provision (`advice_about`, catalogue
    voorzieningen) needs the mandate 'informatie en advies' for each (event melding.advies_gegeven).
    """
    _require_triage(actor, melding)
    require_version(melding, expected_version, message=gettext(STALE_MELDING))
    check_text_lengths({"reason": (reason, Melding._meta.get_field("triage_reason").max_length),
                        "override_reason": (override_reason,
                                            Melding._meta.get_field("routing_override_reason").max_length),
                        "referred_to": (referred_to, Melding._meta.get_field("referred_to").max_length)},
                       message=gettext("De triage is te lang."))
    errors: dict[str, list[str]] = {}
    if outcome not in _codes(TRIAGE):
        errors["outcome"] = [gettext("Kies een uitkomst van de triage.")]
    if not reason.strip():
        errors["reason"] = [gettext("Geef de reden van deze keuze.")]
    if team is not None and team.gemeente_id != melding.gemeente_id:
        errors["team"] = [gettext("Dit team hoort bij een andere gemeente.")]
    if team is not None and team.pk != melding.team_id and not override_reason.strip():
        errors["override_reason"] = [gettext("Een ander team dan de routering voorstelt vraagt om een reden.")]
    if outcome == "doorverwijzing" and not referred_to.strip():
        errors["referred_to"] = [gettext("Naar welke organisatie wordt doorverwezen?")]
    if outcome in NEEDS_PERSON and queries.awaits_person(melding):  # a referral nobody linked yet (issue 11)
        errors["outcome"] = [gettext(UNLINKED_REFERRAL)]
    elif outcome == "meervoudig" and melding.household_id is None:
        errors["outcome"] = [gettext("Een casus hoort bij een huishouden: koppel eerst de inwoner of het huishouden.")]
    elif outcome == "meervoudig" and open_case_of(melding.household) is None and owning_team_id(
            melding.gemeente, team.pk if team else melding.team_id) is None:
        # every case has an owning team from the start (issue 11)
        errors["team"] = [gettext("Een casus hoort bij een team: kies het team dat de casus krijgt.")]
    kinds = _advice_kinds(actor, melding, outcome, list(advice_about), errors)
    if errors:
        raise ValidationFailed(gettext("De triage is niet volledig."), field_errors=errors)
    if melding.status == Melding.Status.AFGESLOTEN:
        raise Conflict(gettext("Deze melding is al afgesloten."))
    if melding.anonymous and outcome not in ANONYMOUS_OUTCOMES:
        raise ValidationFailed(gettext("Een anonieme melding kan alleen informatie en advies of een doorverwijzing "
                                       "krijgen."),
                               field_errors={"outcome": [gettext("Anoniem: alleen advies of doorverwijzing.")]})
    if assignee is not None and not RoleAssignment.objects.filter(medewerker=assignee, gemeente_id=melding.gemeente_id)\
            .exists():
        raise ValidationFailed(gettext("Deze medewerker werkt niet voor deze gemeente."),
                               field_errors={"assignee": [gettext("Onbekend.")]})
    with transaction.atomic():
        result = do_triage_melding(actor=actor, melding=melding, outcome=outcome, reason=reason.strip(), team=team,
                                   override_reason=override_reason.strip(), assignee=assignee,
                                   referred_to=referred_to.strip())
        if kinds:
            log_change(actor=actor, event="melding.advies_gegeven", obj=melding, gemeente_id=melding.gemeente_id,
                       new={"advies_over": [v.code for v in kinds]})
    return result


def _advice_kinds(actor: Actor, melding: Melding, outcome: str, kinds: list, errors: dict) -> list:
    """The kinds of individual provision the information and advice was about, each checked against the mandate
    matrix's row 'informatie en advies' (Krimpen Figuur 5: the intake consultant advises on Wmo custom provisions,
    not on specialist youth care). A refusal is audited (mandates.refusal) and reported at the field."""
    if not kinds:
        return []
    if outcome != "informatie-advies":
        errors["advice_about"] = [gettext("Kies alleen voorzieningen als de uitkomst informatie en advies is.")]
        return []
    known = set(Voorziening.objects.filter(pk__in=[v.pk for v in kinds], gemeenten=melding.gemeente_id,
                                           kind=Voorziening.Kind.MAATWERK).values_list("pk", flat=True))
    if known != {v.pk for v in kinds}:
        errors["advice_about"] = [gettext("Kies maatwerkvoorzieningen van deze gemeente.")]
        return []
    groups = {v.mandate_group_id: v.mandate_group for v in kinds}
    refused = [message for message in (
        mandates.refusal(actor, gemeente=melding.gemeente, group=group, task="informatie-advies", obj=melding)
        for group in groups.values()) if message]
    if refused:
        errors["advice_about"] = refused
    return sorted(kinds, key=lambda v: v.code)


def do_triage_melding(*, actor: Actor, melding: Melding, outcome: str, reason: str, team: Team | None,
                      override_reason: str, assignee: Medewerker | None, referred_to: str) -> TriageResult:
    gemeente = melding.gemeente
    today = clock.today()
    now = clock.now()
    old = {"status": melding.status, "team": melding.team_id, "uitkomst": melding.triage_outcome}
    fields: dict = {"triage_outcome": outcome, "triage_reason": reason, "triaged_at": now,
                    "status": Melding.Status.GETRIEERD}
    if team is not None and team.pk != melding.team_id:
        fields.update(team_id=team.pk, routing_override_reason=override_reason, routing_rule="handmatig",
                      routing_warning="")
    team_id = fields.get("team_id", melding.team_id)
    message = ""
    casus = None
    with transaction.atomic():
        _lock_unchanged(melding)
        if outcome == "informatie-advies":
            fields.update(contacts=melding.contacts + 1, assigned_to_id=actor.user_id)
            message = gettext("Informatie en advies gegeven aan de balie.")
        elif outcome == "enkelvoudig":
            fields["assigned_to_id"] = assignee.pk if assignee else actor.user_id
            message = gettext("De vraag wordt direct door één generalist behandeld.")
        elif outcome == "meervoudig":
            casus = open_case_of(melding.household)
            if casus is None:
                # Every case has an owner from the start (issue 11): its team, and the director the profile gives.
                casus = do_open_case(actor=actor, household=melding.household,
                                     team_id=owning_team_id(gemeente, team_id), melding_id=melding.pk)
                director = do_give_case_owner(actor=actor, casus=casus)
                # the first-contact clock and any kind the profile starts on this event (deadlines.kinds)
                _start_clocks(actor, melding, "triage-meervoudig", now, team_id=casus.team_id,
                              owner_id=director.pk if director else assignee.pk if assignee else None)
                message = (gettext("Er is een casus geopend voor het huishouden met casusregisseur "
                                   "%(director)s.") % {"director": director} if director
                           else gettext("Er is een casus geopend voor het huishouden. Zij staat in de werkbak van "
                                        "%(team)s tot iemand van het team haar op zich neemt of de teamleider een "
                                        "casusregisseur toewijst; de teamleider is gewaarschuwd.")
                           % {"team": casus.team.name})
            else:
                message = gettext("De melding is toegevoegd aan de open casus van het huishouden.")
            fields["casus_id"] = casus.pk
            if assignee:
                fields["assigned_to_id"] = assignee.pk
        elif outcome == "crisis":
            role = gemeente.profile.data.get("voordeur", {}).get("crisisrol", "")
            crisis_id = _member_with_role(gemeente, role, team_id) if role else None
            fields["assigned_to_id"] = crisis_id
            # a crisis found at triage is a crisis in every worklist from now on: it sorts at the top
            fields.update(urgency="crisis", urgency_rank=URGENTIE_ORDER["crisis"])
            holders = RoleAssignment.objects.filter(gemeente=gemeente, role__code=role).values_list("medewerker_id",
                                                                                                   flat=True)
            notify(recipient_ids=list(holders), text=gettext_noop("Crisis: melding %(melding)s vraagt direct actie."),
                   params={"melding": melding.pk},
                   url=reverse("intake:melding", args=[melding.pk]), subject=melding)
            if crisis_id is None:
                fields["routing_warning"] = "Niemand heeft de crisisrol in deze gemeente: pak de melding direct op."
            message = gettext("Crisis: de melding is direct toegewezen en de crisisdienst is gewaarschuwd.")
        elif outcome == "veiligheid":
            create_task(actor=actor, gemeente_id=gemeente.pk, kind="veiligheid", team_id=team_id, melding=melding,
                        household_id=melding.household_id, due_on=today,
                        title=gettext_noop("Veiligheid: volg de meldcode-route voor deze melding"), params={})
            message = gettext("Gemarkeerd voor de veiligheidsroute; het team heeft een taak.")
        elif outcome == "doorverwijzing":
            fields.update(status=Melding.Status.AFGESLOTEN, referred_to=referred_to, closed_at=clock.now())
            for clock_row in Clock.objects.filter(subject_type="intake.melding", subject_id=melding.pk,
                                                  stopped_on__isnull=True):
                clocks.stop_clock(actor=actor, clock=clock_row, stopped_on=today, reason="doorverwezen")
            message = gettext("Doorverwezen naar %(to)s.") % {"to": referred_to}
        elif outcome == "zorgmijder":
            term = clocks.kind_for(gemeente, "eerste-contact")
            create_task(actor=actor, gemeente_id=gemeente.pk, kind="outreach", team_id=team_id, melding=melding,
                        household_id=melding.household_id, due_on=due_date(today, term.term, atw=term.atw),
                        title=gettext_noop("Er op af: zoek actief contact met de inwoner (zorgmijder)"), params={})
            message = gettext("Het team heeft een taak om er op af te gaan.")
        _crisis_clocks_after_triage(actor, melding, outcome, fields.get("assigned_to_id"), now)
        bump(melding, None, message=gettext(STALE_MELDING), **fields)
        log_change(actor=actor, event="melding.getrieerd", obj=melding, gemeente_id=gemeente.pk,
                   subject_ids=list(melding.subjects.values_list("resident_id", flat=True)), old=old,
                   new={"uitkomst": outcome, "reden": reason, "team": team_id, "handmatig": override_reason or None,
                        "behandelaar": fields.get("assigned_to_id", melding.assigned_to_id),
                        "casus": casus.pk if casus else None, "doorverwezen_naar": referred_to or None})
    limit = max_desk_contacts(gemeente)
    if outcome == "informatie-advies" and melding.contacts >= limit:
        message += gettext(" Dit was contact %(n)s van maximaal %(max)s: route de vraag door als er meer nodig "
                           "is.") % {"n": melding.contacts, "max": limit}
    return TriageResult(melding=melding, message=message, casus=casus)


def check_record_contact(*, actor: Actor, melding: Melding, expected_version: int | None = None) -> Melding:
    """Another desk contact on an information-and-advice melding; refused beyond the profile's maximum
    (Krimpen Ch. 4 D: at most two client contacts), so the question is routed on. Event melding.contact."""
    _require_triage(actor, melding)
    require_version(melding, expected_version, message=gettext(STALE_MELDING))
    if melding.triage_outcome != "informatie-advies" or melding.status != Melding.Status.GETRIEERD:
        raise Conflict(gettext("Klantcontacten tellen alleen bij een open melding voor informatie en advies."))
    limit = max_desk_contacts(melding.gemeente)
    if melding.contacts >= limit:
        raise Conflict(gettext("Het maximum van %(max)s klantcontacten is bereikt: de melding moet opnieuw "
                               "getrieerd worden (enkelvoudig, meervoudig of doorverwijzing).") % {"max": limit})
    with transaction.atomic():
        bump(melding, None, message=gettext(STALE_MELDING), contacts=melding.contacts + 1)
        log_change(actor=actor, event="melding.contact", obj=melding, gemeente_id=melding.gemeente_id,
                   new={"contacten": melding.contacts, "maximum": limit})
    return melding


def check_pick_up_melding(*, actor: Actor, melding: Melding, expected_version: int | None = None) -> Melding:
    """A team member takes a melding from the inbox. Event melding.opgepakt; the melding's clocks get an owner."""
    _require_triage(actor, melding)
    require_version(melding, expected_version, message=gettext(STALE_MELDING))
    if melding.status == Melding.Status.AFGESLOTEN:
        raise Conflict(gettext("Deze melding is al afgesloten."))
    if melding.assigned_to_id == actor.user_id:
        return melding
    with transaction.atomic():
        old = melding.assigned_to_id
        bump(melding, None, message=gettext(STALE_MELDING), assigned_to_id=actor.user_id)
        do_resolve_notifications(subject=melding)  # someone has taken it: the crisis call is answered
        Clock.objects.filter(subject_type="intake.melding", subject_id=melding.pk, stopped_on__isnull=True)\
            .update(owner_id=actor.user_id)
        log_change(actor=actor, event="melding.opgepakt", obj=melding, gemeente_id=melding.gemeente_id,
                   old={"behandelaar": old}, new={"behandelaar": actor.user_id})
    return melding


def check_close_melding(*, actor: Actor, melding: Melding, reason: str, expected_version: int | None = None) -> Melding:
    """Close a melding (question answered, handled). Its open clocks stop today. Event melding.afgesloten."""
    _require_triage(actor, melding)
    require_version(melding, expected_version, message=gettext(STALE_MELDING))
    if melding.status == Melding.Status.AFGESLOTEN:
        raise Conflict(gettext("Deze melding is al afgesloten."))
    if not reason.strip():
        raise ValidationFailed(gettext("Geef de reden van afsluiten."), field_errors={"reason": [gettext("Vul een reden in.")]})
    with transaction.atomic():
        bump(melding, None, message=gettext(STALE_MELDING), status=Melding.Status.AFGESLOTEN, closed_at=clock.now())
        do_resolve_notifications(subject=melding)
        for clock_row in Clock.objects.filter(subject_type="intake.melding", subject_id=melding.pk,
                                              stopped_on__isnull=True):
            clocks.stop_clock(actor=actor, clock=clock_row, stopped_on=clock.today(), reason=reason.strip())
        log_change(actor=actor, event="melding.afgesloten", obj=melding, gemeente_id=melding.gemeente_id,
                   new={"reden": reason.strip()})
    return melding


# --- partners refer ----------------------------------------------------------------------------------------------


@dataclass
class ReferredPerson:
    naam: str
    geboortedatum: dt.date | None = None
    bsn: str = ""
    postcode: str = ""
    huisnummer: int | None = None


def check_refer(*, actor: Actor, gemeente: Gemeente, person: ReferredPerson, question: str, urgency: str = "regulier",
                life_domains: list[str] = (), laws: list[str] = (), setting: str = "",
                idempotency_key: str = "", kenmerken: list[str] = ()) -> tuple[Melding, bool]:
    """A partner organisation (GP, school, police, youth doctor) refers a resident. The partner sees only its own
    referrals and their feedback status, never the file. A known resident (BSN, or name + birth date + postcode)
    is linked silently, so the desk sees the household at once."""

    if not permissions.can_refer(actor, gemeente.pk):
        raise NotAllowed(gettext("U mag in deze gemeente niet verwijzen."))
    organisation = Organisatie.objects.filter(pk__in=actor.organisation_ids).first()
    if organisation is None:
        raise NotAllowed(gettext("Alleen medewerkers van een partnerorganisatie kunnen verwijzen."))
    errors: dict[str, list[str]] = {}
    if not person.naam.strip():
        errors["naam"] = [gettext("Vul de naam van de inwoner in.")]
    if person.bsn and not nl_bsn.is_valid(person.bsn):
        errors["bsn"] = [gettext("BSN voldoet niet aan de elfproef.")]
    postcode = ""
    if person.postcode:
        try:
            postcode = normalise_postcode(person.postcode)
        except ValueError as exc:
            errors["postcode"] = [str(exc)]
    if person.geboortedatum and person.geboortedatum > clock.today():
        errors["geboortedatum"] = [DateProblem(gettext("Geboortedatum ligt in de toekomst."))]
    if errors:
        raise ValidationFailed(gettext("De verwijzing is niet volledig of niet juist."), field_errors=errors)
    match = None
    if person.bsn:
        match = Resident.objects.filter(gemeente=gemeente, bsn=nl_bsn.compact(person.bsn), merged_into__isnull=True).first()
    if match is None and person.geboortedatum and postcode:
        surname = person.naam.strip().split()[-1].lower()
        match = Resident.objects.filter(gemeente=gemeente, search_name=surname, geboortedatum=person.geboortedatum,
                                        household__postcode=postcode, merged_into__isnull=True).first()
    reported = {"naam": person.naam.strip(), "geboortedatum": person.geboortedatum.isoformat() if person.geboortedatum else None,
                "bsn": person.bsn, "postcode": postcode, "huisnummer": person.huisnummer}
    data = MeldingData(question=question, channel="verwijzing",
                       source=BRON_VAN_ORGANISATIE.get(organisation.kind, "andere-organisatie"), urgency=urgency,
                       laws=list(laws), life_domains=list(life_domains), setting=setting, kenmerken=list(kenmerken),
                       referrer=actor.label,
                       source_organisation=organisation, reported_person=reported)
    return _register(actor=actor, gemeente=gemeente, data=data, persons=[match] if match else [], household=None,
                     idempotency_key=idempotency_key, attach_to_open_case=True)


# --- aanvragen -----------------------------------------------------------------------------------------------------

DECISION_CLOCK = {"wmo": "wmo-beschikking", "jeugdwet": "jeugdwet-beschikking", "participatiewet": "awb-beschikking"}


def _aanvraag_rule(gemeente: Gemeente, law: str) -> dict | None:
    """The profile's first `aanvragen` rule for the law (and this gemeente), or None."""
    for rule in gemeente.profile.data.get("aanvragen", []):
        if rule["wet"] == law and (not rule.get("gemeenten") or gemeente.cbs_code in rule["gemeenten"]):
            return rule
    return None


def _aanvraag_handler(actor: Actor, gemeente: Gemeente, role_code: str) -> int | None:
    """Who handles an aanvraag the profile sends to `role_code`: the one registering it when they hold the role;
    else, of the active staff holding it (and doing case work, since they become involved), the one with the fewest
    running clocks (the meldingen and aanvragen they own), the lowest id on a tie. None when nobody holds it."""
    if actor.user_id is not None and role_code in actor.roles.get(gemeente.pk, ()):
        return actor.user_id
    holders = RoleAssignment.objects.filter(gemeente=gemeente, role__code=role_code).values("medewerker_id")
    return (case_workers(gemeente.pk).filter(pk__in=holders)
            .annotate(open=Count("clocks", filter=Q(clocks__stopped_on__isnull=True)))
            .order_by("open", "pk").values_list("pk", flat=True).first())


def _involve_handler(*, actor: Actor, aanvraag: Aanvraag, melding: Melding, handler_id: int, rule: dict) -> str:
    """The handler becomes involved (betrokkene) with the case the aanvraag belongs to (the melding's open case, else
    the household's), or with the household when there is no case: so they see what they must work on. A mandate
    alone never would (docs/architecture.md). Logged on the case or household; returns the page for the handler."""
    gemeente = melding.gemeente
    role_name = Role.objects.filter(profile_id=gemeente.profile_id, code=rule["rol"]).values_list("name", flat=True)\
        .first() or rule["rol"]
    role = f"{role_name}: behandelt de aanvraag ({aanvraag.get_law_display()})"[:200]
    casus = melding.casus if melding.casus_id and melding.casus.status != Casus.Status.AFGESLOTEN \
        else open_case_of(aanvraag.applicant.household)
    if casus is not None:
        if not Involvement.objects.filter(casus=casus, medewerker_id=handler_id, valid_until__isnull=True).exists():
            involve(casus=casus, medewerker_id=handler_id, role=role)
            log_change(actor=actor, event="casus.betrokkene_toegevoegd", obj=casus, gemeente_id=casus.gemeente_id,
                       new={"medewerker": handler_id, "rol": role, "aanvraag": aanvraag.pk, "regel": rule["code"]})
        return reverse("provisions:case", args=[casus.pk])
    household_id = aanvraag.applicant.household_id
    if household_id and not Involvement.objects.filter(household_id=household_id, medewerker_id=handler_id,
                                                       valid_until__isnull=True).exists():
        Involvement.objects.create(household_id=household_id, medewerker_id=handler_id, role=role,
                                   valid_from=clock.today())
        log_change(actor=actor, event="huishouden.betrokkene_toegevoegd", obj=aanvraag.applicant.household,
                   gemeente_id=gemeente.pk,
                   new={"medewerker": handler_id, "rol": role, "aanvraag": aanvraag.pk, "regel": rule["code"]})
    return reverse("intake:melding", args=[melding.pk])


def check_register_aanvraag(*, actor: Actor, melding: Melding, applicant: Resident, law: str, requested: str,
                            received_on: dt.date | None = None) -> Aanvraag:
    """A formal application for an individual provision on a melding; starts the decision clock: Wmo 2 weeks
    (Wmo 2015 art. 2.3.5), Jeugdwet and Participatiewet 8 weeks (Awb 4:13). Event aanvraag.geregistreerd.

    When the profile routes the law's aanvragen to a role (`aanvragen:`; Krimpen: a Wmo aanvraag to a Consulent
    Sociaal Domein, Notitie §3.1.3 and Figuur 5), a member holding it handles it: they own the decision clock,
    become involved with the case (or household) and are notified."""
    if not permissions.can_register(actor, melding.gemeente_id):
        raise NotAllowed(gettext("U mag geen aanvragen registreren."))
    received_on = received_on or clock.today()
    errors: dict[str, list[str]] = {}
    if law not in DECISION_CLOCK:
        errors["law"] = [gettext("Kies Wmo, Jeugdwet of Participatiewet.")]
    if not requested.strip():
        errors["requested"] = [gettext("Welke voorziening wordt aangevraagd?")]
    if received_on > clock.today():
        errors["received_on"] = [DateProblem(gettext("De ontvangstdatum ligt in de toekomst."))]
    else:
        # The decision term runs from the receipt (Awb 4:13, Wmo 2015 art. 2.3.5): an impossible date falsifies it.
        problem = dates.date_problem(received_on, label=gettext("De ontvangstdatum"),
                                     earliest_day=dates.earliest(melding.gemeente.profile.data),
                                     not_before=((melding.received_at, gettext("de ontvangst van de melding")),
                                                 (applicant.geboortedatum,
                                                  gettext("de geboortedatum van de aanvrager"))))
        if problem:
            errors["received_on"] = [problem]
    if applicant.gemeente_id != melding.gemeente_id:
        errors["applicant"] = [gettext("De aanvrager hoort bij een andere gemeente.")]
    if errors:
        raise ValidationFailed(gettext("De aanvraag is niet volledig of niet juist."), field_errors=errors)
    if melding.anonymous:
        raise ValidationFailed(gettext("Op een anonieme melding kan geen aanvraag worden gedaan."))
    rule = _aanvraag_rule(melding.gemeente, law)
    handler_id = _aanvraag_handler(actor, melding.gemeente, rule["rol"]) if rule else None
    with transaction.atomic():
        aanvraag = Aanvraag.objects.create(gemeente_id=melding.gemeente_id, melding=melding, applicant=applicant, law=law,
                                           requested=requested.strip(), received_on=received_on, created_at=clock.now())
        log_change(actor=actor, event="aanvraag.geregistreerd", obj=aanvraag, gemeente_id=melding.gemeente_id,
                   subject_ids=[applicant.pk],
                   new={"melding": melding.pk, "wet": law, "gevraagd": aanvraag.requested, "ontvangen": received_on,
                        **({"regel": rule["code"], "behandelaar": handler_id} if rule else {})})
        clocks.start_clock(actor=actor, gemeente=melding.gemeente, kind=DECISION_CLOCK[law], subject=aanvraag,
                           started_on=received_on, household_id=applicant.household_id, team_id=melding.team_id,
                           owner_id=handler_id or melding.assigned_to_id)
        aanvraag.handler = Medewerker.objects.filter(pk=handler_id).first() if handler_id else None  # for the page
        if handler_id:
            url = _involve_handler(actor=actor, aanvraag=aanvraag, melding=melding, handler_id=handler_id, rule=rule)
            if handler_id != actor.user_id:
                notify(recipient_ids=[handler_id], url=url,
                       text=gettext_noop("Aanvraag voor u (%(law)s): %(requested)s"),
                       params={"law": aanvraag.get_law_display(), "requested": aanvraag.requested},
                       kind=Notification.Kind.TOEGEWEZEN)
    return aanvraag


# --- taking up a referral: linking the person it is about (issue 11, point 3) -------------------------------------

# Triage outcomes that start work with the resident need the person linked first. Crisis, the safety route,
# information and advice (to the referrer) and a referral onward never wait for the administration.
NEEDS_PERSON = frozenset({"enkelvoudig", "meervoudig", "zorgmijder"})
UNLINKED_REFERRAL = gettext_noop("Deze melding is nog niet gekoppeld aan een inwoner: koppel eerst de inwoner (of "
                                 "registreer een nieuwe inwoner) en kies daarna de uitkomst van de triage.")


@dataclass
class LinkResult:
    melding: Melding
    resident: Resident
    message: str
    rerouted: bool = False


def _require_link(actor: Actor, melding: Melding) -> None:
    """Whoever triages and handles meldingen in the gemeente, and sees this melding (else it does not exist for them)."""
    if not queries.visible_meldingen(actor).filter(pk=melding.pk).exists():
        raise NotFound(gettext("Melding niet gevonden."))
    if not permissions.can_link_person(actor, melding.gemeente_id):
        raise NotAllowed(gettext("U mag bij deze melding geen inwoner koppelen."))


def _check_linkable(melding: Melding, resident: Resident | None) -> None:
    if melding.status == Melding.Status.AFGESLOTEN:
        raise Conflict(gettext("Deze melding is al afgesloten."))
    if melding.anonymous:
        raise ValidationFailed(gettext("Een anonieme melding noemt geen inwoner."),
                               field_errors={"resident": [gettext("Een anonieme melding noemt geen inwoner.")]})
    if resident is None:
        return
    if resident.gemeente_id != melding.gemeente_id or resident.merged_into_id:
        raise ValidationFailed(gettext("Deze inwoner hoort bij een andere gemeente."),
                               field_errors={"resident": [gettext("Kies een inwoner van de gemeente van de melding.")]})
    if melding.household_id and resident.household_id != melding.household_id:
        raise ValidationFailed(gettext("De melding hoort al bij een ander huishouden."),
                               field_errors={"resident": [gettext("Kies een inwoner uit het huishouden van de melding.")]})
    if MeldingPerson.objects.filter(melding=melding, resident=resident).exists():
        raise Conflict(gettext("Deze inwoner is al aan de melding gekoppeld."))


def check_link_melding_person(*, actor: Actor, melding: Melding, resident: Resident,
                              expected_version: int | None) -> LinkResult:
    """Link the resident a melding is about, typically a partner's referral of someone the gemeente found by searching
    ("Is deze persoon al bekend?"). Rules: the actor may triage in the gemeente and sees the melding and the resident
    (else NotFound, as a read); the melding is open, not anonymous, unchanged since it was read (409); the resident
    lives in the gemeente, in the melding's household if it has one, and is not linked yet. Effects:
    do_link_melding_person. Event melding.inwoner_gekoppeld."""
    _require_link(actor, melding)
    if not visible_residents(actor).filter(pk=resident.pk).exists():
        raise NotFound(gettext("Inwoner niet gevonden."))
    require_version(melding, expected_version, message=gettext(STALE_MELDING))
    _check_linkable(melding, resident)
    with transaction.atomic():
        return do_link_melding_person(actor=actor, melding=melding, resident=resident)


def check_register_melding_person(
    *,
    actor: Actor,
    melding: Melding,
    data: person_actions.ResidentData,
    address: person_actions.AddressData | None = None,
    household: Household | None = None,
    new_household: bool | None = None,
    confirm_not_duplicate: bool = False,
    expected_version: int | None,
) -> LinkResult:
    """Register the resident a referral is about and link them, in one transaction: both or neither. The
    registration is persons.actions.check_register_resident with all its rules (persons.register in the gemeente,
    the BSN elfproef and duplicates, a look-alike at the address, and the question whether the resident joins a
    household living at the address: `household` / `new_household` as there); the link as
    check_link_melding_person."""
    _require_link(actor, melding)
    require_version(melding, expected_version, message=gettext(STALE_MELDING))
    _check_linkable(melding, None)
    with transaction.atomic():
        _lock_unchanged(melding)  # the melding first, then what hangs off it (one lock order for every writer)
        resident = person_actions.check_register_resident(
            actor=actor, gemeente=melding.gemeente, data=data, address=address, household=household,
            new_household=new_household, confirm_not_duplicate=confirm_not_duplicate)
        _check_linkable(melding, resident)
        return do_link_melding_person(actor=actor, melding=melding, resident=resident)


def do_link_melding_person(*, actor: Actor, melding: Melding, resident: Resident) -> LinkResult:
    """The melding gets the resident as its subject and their household. Routing looks again at what depends on
    the person (age, district), as at registration, while the melding is untriaged and nobody routed it by hand;
    a triaged or manually routed melding keeps its team. Without a case of its own the melding joins the household's
    open case, as a registration does. The melding's running clocks get the household (and the new team). Event
    melding.inwoner_gekoppeld (old and new route)."""
    with transaction.atomic():
        _lock_unchanged(melding)
        household = resident.household
        old = {"huishouden": melding.household_id, "team": melding.team_id, "regel": melding.routing_rule,
               "behandelaar": melding.assigned_to_id, "casus": melding.casus_id}
        fields: dict = {"household_id": resident.household_id}
        reroute = (melding.status == Melding.Status.OPEN and melding.routing_rule != "handmatig"
                   and not melding.routing_override_reason)
        if reroute:
            melding.household = household  # routing reads the postcode of the household and the resident's age
            route = routing.route(melding.gemeente, _facts(melding, [resident]))
            fields.update(wijk_id=route.wijk_id, team_id=route.team_id, routing_rule=route.rule,
                          routing_forum=route.forum, routing_warning=route.warning)
            if route.role and melding.assigned_to_id is None:
                fields["assigned_to_id"] = _member_with_role(melding.gemeente, route.role, route.team_id)
        case = open_case_of(household) if melding.casus_id is None else None
        if case is not None:
            fields["casus_id"] = case.pk
            if reroute:
                fields["team_id"] = case.team_id or fields["team_id"]
        old_team = melding.team_id
        bump(melding, None, message=gettext(STALE_MELDING), **fields)
        melding.household = household
        MeldingPerson.objects.create(melding=melding, resident=resident)
        Clock.objects.filter(subject_type="intake.melding", subject_id=melding.pk, stopped_on__isnull=True)\
            .update(household_id=household.pk if household else None, team_id=melding.team_id)
        if fields.get("assigned_to_id"):
            Clock.objects.filter(subject_type="intake.melding", subject_id=melding.pk, stopped_on__isnull=True,
                                 owner__isnull=True).update(owner_id=fields["assigned_to_id"])
        log_change(actor=actor, event="melding.inwoner_gekoppeld", obj=melding, gemeente_id=melding.gemeente_id,
                   subject_ids=[resident.pk], old=old,
                   new={"inwoner": resident.pk, "huishouden": melding.household_id, "team": melding.team_id,
                        "regel": melding.routing_rule, "behandelaar": melding.assigned_to_id,
                        "casus": melding.casus_id, "opnieuw_gerouteerd": reroute,
                        "waarschuwing": melding.routing_warning or None})
    parts = [gettext("%(name)s is gekoppeld aan de melding.") % {"name": resident.full_name}]
    rerouted = reroute and melding.team_id != old_team
    if rerouted:
        team = Team.objects.filter(pk=melding.team_id).values_list("name", flat=True).first()
        parts.append(gettext("De melding is opnieuw gerouteerd naar %(team)s.") % {"team": team} if team
                     else gettext("Geen team gevonden: de melding staat in de werkbak van de gemeente."))
    elif not reroute and melding.status == Melding.Status.OPEN:
        parts.append(gettext("De routering is met de hand gekozen en blijft zoals zij is."))
    if case is not None:
        parts.append(gettext("De melding hoort nu bij de open casus %(nr)s van het huishouden.") % {"nr": case.pk})
    if melding.status == Melding.Status.OPEN:
        parts.append(gettext("U kunt de melding nu triëren."))
    return LinkResult(melding=melding, resident=resident, message=" ".join(parts), rerouted=rerouted)
