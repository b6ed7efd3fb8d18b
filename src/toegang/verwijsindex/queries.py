"""Reads of the Verwijsindex: the profile's rules, the legal limits, and what each actor may see.

- A signal is seen only by its contact person (`signal_scope`); coordinators (verwijsindex.coordinate) see the
  signals of the matches in their gemeente through the match.
- A match is seen by the contact persons of its active signals and by coordinators of its gemeente
  (`match_scope`). Missing and forbidden are the same answer (404).
- The history of expired signals is for coordinators only.
The index is BSN-based: the resident register is read only to find the youth's birth date and, where the profile
matches on address or parent, the household and parents behind a BSN. No page of the index shows a resident's file.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from toegang.accounts.capabilities import VERWIJSINDEX_COORDINATE, VERWIJSINDEX_SIGNAL
from toegang.accounts.models import Gemeente
from toegang.audit.log import log_access
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import NotFound
from toegang.core.paging import page_of
from toegang.persons.models import HouseholdMembership, Relation, Resident

from .models import Match, MatchSignal, Signal, SignalHistory, SignalKey

# Jeugdwet art. 7.1.1.1: the index is about youths under 23; art. 7.1.4.x (PRODUCT.md, retention table): a signal
# is removed after at most 2 years or when the youth turns 23; the coordinator may consult the history 5 years.
AGE_LIMIT = 23
SIGNAL_YEARS = 2
HISTORY_YEARS = 5
PARENT = "10"  # persons.codes.SOORT_RELATIE: Ouder
PAGE_SIZE = 25

DEFAULTS = {"match_op": ["bsn"], "coordinatie": {"regel": "handmatig", "volgorde": [], "achterwacht_dagen": 10}}


def rules(profile_data: dict, cbs: str | None = None) -> dict:
    """The profile's `verwijsindex` section with its defaults (docs/profiles.md); with `cbs`, that gemeente's own
    coordination rule (`per_gemeente`) over the profile's: the G7 profile's Tilburg and Eindhoven assign by rule,
    Rotterdam and Utrecht leave it to the professionals with a backstop (seed-003 Tabel C, §3.2)."""
    section = profile_data.get("verwijsindex", {})
    own = (section.get("per_gemeente") or {}).get(cbs or "", {}).get("coordinatie", {})
    coordination = {**DEFAULTS["coordinatie"], **section.get("coordinatie", {}), **own}
    return {"match_op": section.get("match_op", DEFAULTS["match_op"]), "coordinatie": coordination,
            "bron": section.get("bron", "")}


def turns_23_on(birth_date: dt.date) -> dt.date:
    return birth_date + relativedelta(years=AGE_LIMIT)


def expiry(registered_on: dt.date, birth_date: dt.date) -> tuple[dt.date, str]:
    """(the day the signal is no longer active, why): two years after its date, or the 23rd birthday if earlier."""
    two_years, at_23 = registered_on + relativedelta(years=SIGNAL_YEARS), turns_23_on(birth_date)
    return (at_23, "23-jaar") if at_23 <= two_years else (two_years, "twee-jaar")


def register_birth_date(gemeente_id: int, bsn: str) -> dt.date | None:
    """The birth date the resident register holds for this BSN in the gemeente (the BRP's role in the national
    index); None when the gemeente does not know the youth."""
    return (Resident.objects.filter(gemeente_id=gemeente_id, bsn=bsn, merged_into__isnull=True)
            .values_list("geboortedatum", flat=True).first())


def resident_ids_for(gemeente_id: int, bsns) -> list[int]:
    """The residents behind these BSNs (the subjects of an access or change-log row)."""
    return list(Resident.objects.filter(gemeente_id=gemeente_id, bsn__in=list(bsns), merged_into__isnull=True)
                .values_list("pk", flat=True))


def match_keys(gemeente_id: int, bsn: str, kinds, today: dt.date) -> list[tuple[str, str]]:
    """The address and parent keys of a youth, where the profile matches on them: the current household and each
    registered parent. Two queries at most; nothing when the register does not know the BSN."""
    if not {"adres", "ouder"} & set(kinds):
        return []
    resident = Resident.objects.filter(gemeente_id=gemeente_id, bsn=bsn, merged_into__isnull=True).first()
    if resident is None:
        return []
    keys = []
    if "adres" in kinds:
        household_id = (HouseholdMembership.objects.filter(resident=resident, valid_from__lte=today)
                        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
                        .values_list("household_id", flat=True).first()) or resident.household_id
        if household_id:
            keys.append(("adres", str(household_id)))
    if "ouder" in kinds:
        parents = (Relation.objects.filter(resident=resident, kind=PARENT)
                   .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
                   .values_list("person_id", flat=True))
        keys += [("ouder", str(parent)) for parent in parents]
    return keys


def active_signals_for_key(gemeente_id: int, kind: str, key: str, today: dt.date) -> list[Signal]:
    """The active signals a match of this kind and key is made of (on the indexes signal_one_per_organisation and
    signalkey_key_idx)."""
    qs = Signal.objects.active(today).filter(gemeente_id=gemeente_id)
    qs = qs.filter(bsn=key) if kind == "bsn" else qs.filter(
        Exists(SignalKey.objects.filter(signal=OuterRef("pk"), gemeente_id=gemeente_id, kind=kind, key=key)))
    return list(qs.select_related("organisatie", "contact").order_by("first_registered_on", "id"))


# --- scopes ------------------------------------------------------------------------------------------------------


def signal_scope(actor: Actor) -> Q:
    """My own signals: I am their contact person, in a gemeente where I may signal."""
    if actor.is_system:
        return Q()
    return Q(contact_id=actor.user_id, gemeente_id__in=actor.gemeenten_with(VERWIJSINDEX_SIGNAL))


def match_scope(actor: Actor, today: dt.date | None = None) -> Q:
    """Coordinators of the gemeente, and the contact persons of the match's active signals."""
    if actor.is_system:
        return Q()
    today = today or clock.today()
    mine = MatchSignal.objects.filter(match=OuterRef("pk"), signal__contact_id=actor.user_id,
                                      signal__expires_on__gt=today)
    return Q(gemeente_id__in=actor.gemeenten_with(VERWIJSINDEX_COORDINATE)) | Q(Exists(mine))


def is_active(kind: str, members: list[Signal]) -> bool:
    """A match stands while at least two organisations have an active signal in it (and, for an address or parent
    match, on at least two youths: the same youth is the BSN match)."""
    if len({s.organisatie_id for s in members}) < 2:
        return False
    return kind == "bsn" or len({s.bsn for s in members}) > 1


def _with_members(qs: QuerySet[Match], today: dt.date) -> QuerySet[Match]:
    members = Signal.objects.active(today).select_related("organisatie", "contact").order_by("first_registered_on", "id")
    return qs.select_related("coordinator", "coordinator_organisatie").prefetch_related(
        Prefetch("signals", queryset=members, to_attr="members"))


def _annotate(matches: list[Match], rule: dict | None, now: dt.datetime) -> list[Match]:
    """Derived at read time: active, and whether the human backstop is due (no coordinator after N days)."""
    for match in matches:
        match.active = is_active(match.kind, match.members)
        days = (rule or {}).get("achterwacht_dagen", DEFAULTS["coordinatie"]["achterwacht_dagen"])
        match.backstop_due = match.active and match.coordinator_id is None and \
            match.created_at <= now - dt.timedelta(days=days)
        match.waiting_days = (now - match.created_at).days
    return matches


def _log_matches(actor: Actor, matches: list[Match], *, purpose: str, channel: str, resource: str) -> None:
    by_gemeente: dict[int, set[str]] = {}
    for match in matches:
        by_gemeente.setdefault(match.gemeente_id, set()).update(s.bsn for s in match.members)
    for gemeente_id, bsns in by_gemeente.items():
        subjects = resident_ids_for(gemeente_id, bsns)
        if subjects:
            log_access(actor=actor, subject_ids=subjects, purpose=purpose, channel=channel, resource=resource,
                       gemeente_id=gemeente_id)


def access_match(actor: Actor, match_id: int, *, purpose: str, channel: str, resource: str = "") -> Match:
    """One match the actor may see, with its active signals (`members`), `active` and `backstop_due`; logged."""
    today = clock.today()
    match = _with_members(Match.objects.filter(match_scope(actor, today), pk=match_id), today) \
        .select_related("gemeente__profile").first()
    if match is None:
        raise NotFound(gettext("Match niet gevonden."))
    _annotate([match], rules(match.gemeente.profile.data, match.gemeente.cbs_code)["coordinatie"], clock.now())
    _log_matches(actor, [match], purpose=purpose, channel=channel, resource=resource)
    return match


def _only_active(qs: QuerySet[Match], today: dt.date) -> QuerySet[Match]:
    """is_active in the database: two organisations with an active signal in it (and two youths unless by BSN)."""
    active = Q(memberships__signal__expires_on__gt=today)
    qs = qs.annotate(active_organisations=Count("memberships__signal__organisatie", filter=active, distinct=True),
                     active_youths=Count("memberships__signal__bsn", filter=active, distinct=True))
    return qs.filter(active_organisations__gte=2).filter(Q(kind="bsn") | Q(active_youths__gte=2))


def _backstop_q(gemeente_ids, now: dt.datetime) -> Q:
    """Matches without a coordinator longer than their gemeente's `achterwacht_dagen` (one query for the rules)."""
    q = Q(pk__in=[])
    for gemeente_id, data, cbs in Gemeente.objects.filter(pk__in=gemeente_ids).values_list("pk", "profile__data",
                                                                                             "cbs_code"):
        days = rules(data or {}, cbs)["coordinatie"]["achterwacht_dagen"]
        q |= Q(gemeente_id=gemeente_id, created_at__lte=now - dt.timedelta(days=days))
    return Q(coordinator__isnull=True) & q


def visible_matches(actor: Actor, *, page: int = 1, size: int = PAGE_SIZE, backstop: bool = False,
                    coordinating: bool = False, resource: str = "", channel: str = "ui") -> tuple[list[Match], bool]:
    """The active matches the actor may see, newest first — or (`coordinating`) those of the gemeenten the actor
    coordinates, the ones without a coordinator first, longest waiting first. `backstop`: only those whose
    coordinator is overdue (the human backstop, seed-003 §3.2.4). Four queries whatever the page: the rules, the
    page, its signals, the access-log subjects per gemeente."""
    today, now = clock.today(), clock.now()
    qs = Match.objects.filter(match_scope(actor, today))
    if coordinating or backstop:
        qs = qs.filter(gemeente_id__in=actor.gemeenten_with(VERWIJSINDEX_COORDINATE))
    if backstop:
        qs = qs.filter(_backstop_q(actor.gemeenten_with(VERWIJSINDEX_COORDINATE), now))
    qs = _only_active(qs, today)
    coordinated = ExpressionWrapper(Q(coordinator__isnull=False), output_field=BooleanField())
    order = [coordinated.asc(), "created_at", "id"] if coordinating or backstop else ["-created_at", "-id"]
    rows, more = page_of(_with_members(qs.select_related("gemeente__profile"), today).order_by(*order), page, size)
    for match in rows:
        _annotate([match], rules(match.gemeente.profile.data, match.gemeente.cbs_code)["coordinatie"], now)
    _log_matches(actor, rows, purpose="verwijsindex: matches", channel=channel, resource=resource)
    return rows, more


def my_signals(actor: Actor, *, page: int = 1, size: int = PAGE_SIZE) -> tuple[list[Signal], bool]:
    """My own signals, newest first, each with its active matches (`my_matches`). Three queries whatever the page."""
    today = clock.today()
    qs = (Signal.objects.filter(signal_scope(actor)).select_related("organisatie", "gemeente")
          .prefetch_related(Prefetch("matches", queryset=Match.objects.order_by("created_at"), to_attr="my_matches"))
          .order_by("-registered_on", "-id"))
    rows, more = page_of(qs, page, size)
    standing = set(_only_active(Match.objects.filter(pk__in={m.pk for s in rows for m in s.my_matches}), today)
                   .values_list("pk", flat=True)) if rows else set()
    for signal in rows:
        signal.active = signal.expires_on > today
        signal.my_matches = [m for m in signal.my_matches if m.pk in standing] if signal.active else []
    return rows, more


def signal_for(actor: Actor, signal_id: int) -> Signal:
    signal = Signal.objects.filter(signal_scope(actor), pk=signal_id).select_related("organisatie", "contact").first()
    if signal is None:
        raise NotFound(gettext("Signaal niet gevonden."))
    return signal


def history_for(actor: Actor, *, bsn: str = "", page: int = 1, size: int = PAGE_SIZE,
                resource: str = "") -> tuple[list[SignalHistory], bool]:
    """Expired signals of the gemeenten the actor coordinates (5 years), newest first; with `bsn` only that youth's.
    The youths shown are logged."""
    qs = SignalHistory.objects.filter(gemeente_id__in=actor.gemeenten_with(VERWIJSINDEX_COORDINATE))
    if bsn:
        qs = qs.filter(bsn=bsn)
    rows, more = page_of(qs.select_related("organisatie", "contact").order_by("-expired_on", "-id"), page, size)
    by_gemeente: dict[int, set[str]] = {}
    for row in rows:
        by_gemeente.setdefault(row.gemeente_id, set()).add(row.bsn)
    for gemeente_id, bsns in by_gemeente.items():
        subjects = resident_ids_for(gemeente_id, bsns)
        if subjects:
            log_access(actor=actor, subject_ids=subjects, purpose="verwijsindex: historie", channel="ui",
                       resource=resource, gemeente_id=gemeente_id)
    return rows, more
