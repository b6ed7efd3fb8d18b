"""The only code that writes the Verwijsindex: giving (or refreshing) a signal and the matches it makes, taking and
assigning coordination, and moving expired signals into the history.

Jeugdwet hoofdstuk 7.1 (verwijsindex risicojongeren): a signal about a youth under 23 holds the BSN, the registering
organisation, its contact person and the date, nothing about the problem; it ends after at most two years or when
the youth turns 23. Matching and coordination follow seed-003 §3.2–3.4 (ESAR: both professionals are told; Zorg voor
Jeugd: a coordinator by rule; Utrecht: a human backstop when nobody acts), as the profile's `verwijsindex` says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from stdnum.nl import bsn as nl_bsn

from toegang.accounts.capabilities import VERWIJSINDEX_COORDINATE
from toegang.accounts.models import Gemeente, Medewerker
from toegang.accounts.queries import holders_filter
from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import DateProblem, NotAllowed, ValidationFailed
from toegang.core.versioning import bump, require_version
from toegang.tasks.actions import notify
from toegang.tasks.models import Notification

from . import queries
from .models import MATCH_KINDS, Match, MatchSignal, Signal, SignalHistory, SignalKey
from .permissions import can_assign_coordination, can_signal, can_take_coordination

NO_ORGANISATION = gettext_noop("Uw account hoort bij geen organisatie. Een signaal geeft u namens uw organisatie: "
                               "vraag functioneel beheer uw organisatie in te vullen.")
TOO_OLD = gettext_noop("De jeugdige is 23 jaar of ouder. De Verwijsindex is alleen voor jeugdigen tot 23 jaar "
                       "(Jeugdwet art. 7.1.1.1).")
MATCH_TEXT = gettext_noop("Match in de Verwijsindex (%(soort)s). Contactpersonen: %(contacten)s. "
                          "Coördinatie: %(coordinatie)s.")
NOBODY_YET = gettext_noop("nog niemand")
TAKEN_TEXT = gettext_noop("%(naam)s (%(organisatie)s) coördineert nu een match in de Verwijsindex waarin u een "
                          "signaal heeft.")
ASSIGNED_TEXT = gettext_noop("U bent coördinator van een match in de Verwijsindex (toegewezen door %(door)s).")


@dataclass
class Registered:
    signal: Signal
    created: bool
    matches: list[Match] = field(default_factory=list)


def clean_bsn(raw: str) -> str:
    """Nine digits passing the elfproef, as the resident register checks them (persons/actions/data.py)."""
    raw = (raw or "").strip()
    if not raw:
        raise ValidationFailed(gettext("Vul het BSN van de jeugdige in."),
                               field_errors={"bsn": [gettext("Vul het BSN in: de Verwijsindex werkt alleen met het "
                                                             "BSN.")]})
    compact = nl_bsn.compact(raw)
    if not (compact.isdigit() and len(compact) == 9 and nl_bsn.is_valid(compact)):
        raise ValidationFailed(gettext("BSN voldoet niet aan de elfproef."),
                               field_errors={"bsn": [gettext("BSN voldoet niet aan de elfproef.")]})
    return compact


def check_register_signal(*, actor: Actor, gemeente: Gemeente, bsn: str, birth_date: dt.date | None) -> Registered:
    """An organisation signals a youth under 23 (Jeugdwet art. 7.1.3.1). Refused: no right to signal here, no
    organisation on the account, no or a wrong BSN, no birth date, a birth date in the future, a youth of 23 or older
    (by the resident register's birth date where the gemeente knows the BSN). A second signal of the same
    organisation on the same youth refreshes the first (do_register_signal)."""
    if not can_signal(actor, gemeente.pk):
        raise NotAllowed(gettext("U mag in deze gemeente geen signalen afgeven in de Verwijsindex."))
    organisatie_id = Medewerker.objects.filter(pk=actor.user_id).values_list("organisatie_id", flat=True).first()
    if organisatie_id is None:
        raise ValidationFailed(gettext(NO_ORGANISATION))
    bsn = clean_bsn(bsn)
    today = clock.today()
    if birth_date is None:
        raise ValidationFailed(gettext("Vul de geboortedatum van de jeugdige in."),
                               field_errors={"birth_date": [gettext("Vul de geboortedatum in.")]})
    if birth_date > today:
        raise ValidationFailed(gettext("Geboortedatum ligt in de toekomst."),
                               field_errors={"birth_date": [DateProblem(gettext("Geboortedatum ligt in de toekomst."))]})
    # the register is the source where it knows the youth, as the BRP is for the national index
    birth_date = queries.register_birth_date(gemeente.pk, bsn) or birth_date
    if queries.turns_23_on(birth_date) <= today:
        raise ValidationFailed(gettext(TOO_OLD), field_errors={"birth_date": [gettext(TOO_OLD)]})
    return do_register_signal(actor=actor, gemeente=gemeente, bsn=bsn, birth_date=birth_date,
                              organisatie_id=organisatie_id)


def do_register_signal(*, actor: Actor, gemeente: Gemeente, bsn: str, birth_date: dt.date,
                       organisatie_id: int) -> Registered:
    """Write the signal — or refresh the organisation's signal on this youth: its date and expiry renewed, the actor
    its contact person — and make or extend the matches it belongs to, in one transaction. Events
    verwijsindex.signaal_afgegeven or verwijsindex.signaal_ververst, and verwijsindex.match per match made or joined."""
    today = clock.today()
    expires_on, _reason = queries.expiry(today, birth_date)
    subjects = queries.resident_ids_for(gemeente.pk, [bsn])
    with transaction.atomic():
        signal = (Signal.objects.select_for_update()
                  .filter(gemeente=gemeente, bsn=bsn, organisatie_id=organisatie_id).first())
        created = signal is None
        if created:
            try:
                with transaction.atomic():
                    signal = Signal.objects.create(gemeente=gemeente, bsn=bsn, birth_date=birth_date,
                                                   organisatie_id=organisatie_id, contact_id=actor.user_id,
                                                   registered_on=today, first_registered_on=today,
                                                   expires_on=expires_on)
            except IntegrityError:  # a colleague's signal on this youth arrived at the same moment: refresh it
                created = False
                signal = Signal.objects.select_for_update().get(gemeente=gemeente, bsn=bsn,
                                                                organisatie_id=organisatie_id)
        if created:
            log_change(actor=actor, event="verwijsindex.signaal_afgegeven", obj=signal, gemeente_id=gemeente.pk,
                       subject_ids=subjects, new={"organisatie": organisatie_id, "contactpersoon": actor.user_id,
                                                  "datum": today, "vervalt_op": expires_on})
        else:
            old = {"contactpersoon": signal.contact_id, "datum": signal.registered_on,
                   "vervalt_op": signal.expires_on}
            bump(signal, None, contact_id=actor.user_id, registered_on=today, expires_on=expires_on,
                 birth_date=birth_date)
            log_change(actor=actor, event="verwijsindex.signaal_ververst", obj=signal, gemeente_id=gemeente.pk,
                       subject_ids=subjects, old=old, new={"contactpersoon": actor.user_id, "datum": today,
                                                           "vervalt_op": expires_on})
        matches = _match(actor=actor, signal=signal, today=today, subjects=subjects)
    return Registered(signal=signal, created=created, matches=matches)


def _contact_line(signal: Signal) -> str:
    person = signal.contact
    details = ", ".join(part for part in [signal.organisatie.name, person.email] if part)
    return f"{person.get_full_name() or person.username} ({details})"


def _coordinator_by_rule(members: list[Signal], rule: dict) -> Signal | None:
    """'automatisch' (Zorg voor Jeugd, Tilburg/Eindhoven): the signal of the first organisation kind in the
    profile's `volgorde`, then the first registered; 'handmatig' (Utrecht): nobody until someone takes it."""
    if rule["regel"] != "automatisch":
        return None
    order = rule.get("volgorde") or []

    def rank(signal: Signal):
        kind = signal.organisatie.kind
        return (order.index(kind) if kind in order else len(order), signal.first_registered_on, signal.pk)

    return min(members, key=rank)


def _match(*, actor: Actor, signal: Signal, today: dt.date, subjects: list[int]) -> list[Match]:
    """Make or extend each match the signal is part of. A match that stood already and gains nobody is left alone;
    one made (or standing again after its signals lapsed) gets its coordinator by the profile's rule, and every
    contact person of it hears of it with everyone's contact details (ESAR: 'krijgen beide professionals hiervan
    bericht')."""
    rule = queries.rules(signal.gemeente.profile.data, signal.gemeente.cbs_code)
    keys = queries.match_keys(signal.gemeente_id, signal.bsn, rule["match_op"], today)
    SignalKey.objects.filter(signal=signal).delete()
    SignalKey.objects.bulk_create([SignalKey(signal=signal, gemeente_id=signal.gemeente_id, kind=kind, key=key)
                                   for kind, key in keys])
    kinds = dict(MATCH_KINDS)
    now = clock.now()
    out = []
    for kind, key in [("bsn", signal.bsn), *keys]:
        if kind not in rule["match_op"] and kind != "bsn":
            continue
        members = queries.active_signals_for_key(signal.gemeente_id, kind, key, today)
        if not queries.is_active(kind, members):
            continue
        match = Match.objects.select_for_update().filter(gemeente_id=signal.gemeente_id, kind=kind, key=key).first()
        known = set(MatchSignal.objects.filter(match=match).values_list("signal_id", flat=True)) if match else set()
        fresh = match is None or not queries.is_active(kind, [s for s in members if s.pk in known])
        joining = [s for s in members if s.pk not in known]
        if match is None:
            match = Match.objects.create(gemeente_id=signal.gemeente_id, kind=kind, key=key, created_at=now)
        if fresh:
            chosen = _coordinator_by_rule(members, rule["coordinatie"])
            bump(match, None, created_at=now, coordinator_id=chosen.contact_id if chosen else None,
                 coordinator_organisatie_id=chosen.organisatie_id if chosen else None,
                 coordinated_since=now if chosen else None, coordinated_how="automatisch" if chosen else "")
        MatchSignal.objects.bulk_create([MatchSignal(match=match, signal=s, joined_at=now) for s in joining])
        out.append(match)
        if not (fresh or joining):
            continue
        log_change(actor=actor, event="verwijsindex.match", obj=match, gemeente_id=signal.gemeente_id,
                   subject_ids=subjects, new={"soort": kind, "signalen": [s.pk for s in members],
                                              "organisaties": sorted({s.organisatie_id for s in members}),
                                              "coordinator": match.coordinator_id, "nieuw": fresh})
        coordinator = next((s for s in members if s.contact_id == match.coordinator_id
                            and s.organisatie_id == match.coordinator_organisatie_id), None)
        notify(recipient_ids=[s.contact_id for s in members], kind=Notification.Kind.MATCH, text=MATCH_TEXT,
               params={"soort": kinds[kind], "contacten": "; ".join(_contact_line(s) for s in members),
                       "coordinatie": _contact_line(coordinator) if coordinator else NOBODY_YET},
               url=reverse("verwijsindex:match", args=[match.pk]), subject=match)
    return out


def check_take_coordination(*, actor: Actor, match: Match, version: int | None) -> Match:
    """A party of the match (or a coordinator, the backstop) takes coordination. Match from queries.access_match.
    Event verwijsindex.coordinatie; the other parties are told."""
    if not can_take_coordination(actor, match):
        raise NotAllowed(gettext("U kunt de coördinatie van deze match niet op u nemen."))
    require_version(match, version)
    me = Medewerker.objects.select_related("organisatie").get(pk=actor.user_id)
    with transaction.atomic():
        old = {"coordinator": match.coordinator_id}
        bump(match, version, coordinator_id=me.pk, coordinator_organisatie_id=me.organisatie_id,
             coordinated_since=clock.now(), coordinated_how="genomen")
        log_change(actor=actor, event="verwijsindex.coordinatie", obj=match, gemeente_id=match.gemeente_id,
                   subject_ids=queries.resident_ids_for(match.gemeente_id, {s.bsn for s in match.members}),
                   old=old, new={"coordinator": me.pk, "hoe": "genomen"})
        notify(recipient_ids=[s.contact_id for s in match.members if s.contact_id != me.pk],
               kind=Notification.Kind.MATCH, text=TAKEN_TEXT,
               params={"naam": me.get_full_name() or me.username,
                       "organisatie": me.organisatie.name if me.organisatie else ""},
               url=reverse("verwijsindex:match", args=[match.pk]), subject=match)
    return match


def check_assign_coordination(*, actor: Actor, match: Match, medewerker_id: int, version: int | None) -> Match:
    """A coordinator (verwijsindex.coordinate) gives coordination to a contact person of the match or to a fellow
    coordinator of the gemeente. Event verwijsindex.coordinatie; the new coordinator is told."""
    if not can_assign_coordination(actor, match):
        raise NotAllowed(gettext("Alleen een coördinator van de Verwijsindex wijst de coördinatie toe."))
    require_version(match, version)
    parties = {s.contact_id for s in match.members}
    person = Medewerker.objects.select_related("organisatie").filter(pk=medewerker_id, is_active=True).first()
    if person is None or (person.pk not in parties and not Medewerker.objects.filter(
            holders_filter(VERWIJSINDEX_COORDINATE, match.gemeente_id), pk=person.pk).exists()):
        message = gettext("Kies een contactpersoon van de match of een coördinator van de gemeente.")
        raise ValidationFailed(message, field_errors={"medewerker": [message]})
    with transaction.atomic():
        old = {"coordinator": match.coordinator_id}
        bump(match, version, coordinator_id=person.pk, coordinator_organisatie_id=person.organisatie_id,
             coordinated_since=clock.now(), coordinated_how="toegewezen")
        log_change(actor=actor, event="verwijsindex.coordinatie", obj=match, gemeente_id=match.gemeente_id,
                   subject_ids=queries.resident_ids_for(match.gemeente_id, {s.bsn for s in match.members}),
                   old=old, new={"coordinator": person.pk, "hoe": "toegewezen"})
        notify(recipient_ids=[person.pk], kind=Notification.Kind.MATCH, text=ASSIGNED_TEXT,
               params={"door": actor.label}, url=reverse("verwijsindex:match", args=[match.pk]), subject=match)
    return match


def do_expire_signals(*, actor: Actor, today: dt.date | None = None) -> tuple[int, int]:
    """`toegang verwijsindex verlopen` (daily; idempotent): every signal past its expiry (two years, or the youth
    turned 23: Jeugdwet §7.1) moves into the history, with the matches it was part of; matches left without signals
    go; history older than five years is deleted. Returns (moved, deleted). Events verwijsindex.signaal_verlopen per
    signal and verwijsindex.historie_verwijderd."""
    today = today or clock.today()
    moved = 0
    with transaction.atomic():
        expired = list(Signal.objects.select_for_update().filter(expires_on__lte=today)
                       .select_related("organisatie", "contact").order_by("id"))
        matches_of: dict[int, list[dict]] = {}
        for link in (MatchSignal.objects.filter(signal__in=expired)
                     .select_related("match", "match__coordinator", "match__coordinator_organisatie")):
            m = link.match
            matches_of.setdefault(link.signal_id, []).append({
                "soort": m.kind, "sinds": m.created_at.date().isoformat(),
                "coordinator": (m.coordinator.get_full_name() or m.coordinator.username) if m.coordinator else "",
                "organisatie": m.coordinator_organisatie.name if m.coordinator_organisatie else ""})
        rows = []
        for signal in expired:
            _day, reason = queries.expiry(signal.registered_on, signal.birth_date)
            rows.append(SignalHistory(gemeente_id=signal.gemeente_id, bsn=signal.bsn,
                                      organisatie_id=signal.organisatie_id, contact_id=signal.contact_id,
                                      first_registered_on=signal.first_registered_on,
                                      registered_on=signal.registered_on, expired_on=signal.expires_on,
                                      reason=reason, matches=matches_of.get(signal.pk, []),
                                      keep_until=signal.expires_on + relativedelta(years=queries.HISTORY_YEARS)))
            log_change(actor=actor, event="verwijsindex.signaal_verlopen", obj=signal, gemeente_id=signal.gemeente_id,
                       subject_ids=queries.resident_ids_for(signal.gemeente_id, [signal.bsn]),
                       new={"reden": reason, "vervallen_op": signal.expires_on})
        SignalHistory.objects.bulk_create(rows)
        if expired:
            Signal.objects.filter(pk__in=[s.pk for s in expired]).delete()
            Match.objects.filter(memberships__isnull=True).delete()
        moved = len(expired)
        deleted, _ = SignalHistory.objects.filter(keep_until__lte=today).delete()
        if deleted:
            log_change(actor=actor, event="verwijsindex.historie_verwijderd", object_type="verwijsindex.signalhistory",
                       new={"aantal": deleted, "bewaard_tot_voor": today})
    return moved, deleted
