"""Reads of cases. A case is open to: its case director, its active betrokkenen (any organisation), process
direction (cases.view_all in the gemeente) and team leads of its team (cases.view_team); while it has no director,
also to the case workers (cases.work) of its own team, so one of them can take it (issue 11). Confidential notes are
narrower: the case director, the case's current process director and the note's author (issue 12). Others — a colleague
of the same organisation without involvement, the front desk — see at most that the household has a case and who
directs it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from toegang.accounts.capabilities import CASES_ASSIGN, CASES_VIEW_ALL, CASES_VIEW_TEAM, CASES_WORK
from toegang.accounts.models import Medewerker, Role, RoleAssignment, TeamMembership
from toegang.accounts.queries import holders_filter
from toegang.audit.log import log_access
from toegang.audit.models import ChangeLog
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import NotFound
from toegang.persons.models import Involvement
from toegang.persons.queries import log_household_list

from .models import CONTACT_KINDS, UNOWNED, CaseNote, Casus, ContactMoment, Handover


def case_scope(actor: Actor, prefix: str = "") -> Q:
    """Q over Casus (or, with prefix 'casus__', over a model pointing at one) for the cases the actor may see.

    A model that points at a case (an escalation, a conference, an indication) filters with the prefix: the planner
    checks each row through its own case (a join on the key) and can read the list's page from its index, instead of
    first listing every visible case (`casus_id IN (SELECT …)`), which at 25,000 cases read them all (issue 16). A row
    without a case is never in this scope: every branch holds a condition on the case's own columns."""
    if actor.is_system:
        return Q()
    p = prefix
    today = clock.today()
    q = Q(**{f"{p}gemeente_id__in": actor.gemeenten_with(CASES_VIEW_ALL)})
    team_gemeenten = actor.gemeenten_with(CASES_VIEW_TEAM)
    if team_gemeenten and actor.team_ids:
        q |= Q(**{f"{p}gemeente_id__in": team_gemeenten, f"{p}team_id__in": actor.team_ids})
    work_gemeenten = actor.gemeenten_with(CASES_WORK)
    if work_gemeenten and actor.team_ids:
        # A case waiting for its director: the case workers of its own team, nobody else (issue 11).
        unowned = Q(**{f"{p}case_director__isnull": True}) & ~Q(**{f"{p}status": Casus.Status.AFGESLOTEN}) \
            if p else UNOWNED
        q |= Q(**{f"{p}gemeente_id__in": work_gemeenten, f"{p}team_id__in": actor.team_ids}) & unowned
    if actor.user_id is not None:
        # The director through the case while it is open; afterwards only through the involvement, which ends
        # (inclusive) on the day the case closes.
        q |= Q(**{f"{p}case_director_id": actor.user_id}) & ~Q(**{f"{p}status": Casus.Status.AFGESLOTEN})
        # IN (subquery), not a correlated EXISTS: costed once, not per case (issue 16; persons.queries.active_involvement)
        q |= Q(**{f"{p}pk__in": Involvement.objects.active(today).filter(medewerker_id=actor.user_id,
                                                                          casus__isnull=False).values("casus_id")})
    return q


def visible_cases(actor: Actor) -> QuerySet[Casus]:
    return Casus.objects.filter(case_scope(actor))


def can_see_case(actor: Actor, casus: Casus) -> bool:
    return visible_cases(actor).filter(pk=casus.pk).exists()


def subject_ids(casus: Casus) -> list[int]:
    """The household's current residents: whose data a change of this case concerns (for the change log)."""
    return list(casus.household.current_residents.values_list("pk", flat=True))


def access_case(actor: Actor, casus_id: int, *, purpose: str, channel: str, resource: str = "",
                annotate: dict | None = None) -> Casus:
    """The case the actor may see, with its household's current residents (`.members`), the read logged.
    `annotate`: expressions read with the case (the case page asks which of its sections hold anything, so an
    empty section costs no query)."""
    # the profile with the case: its rules (signals' thresholds, the instrument, mandates) are read on most pages
    # and actions that open a case (issue 16: one query fewer on the case page)
    casus = (visible_cases(actor).annotate(**(annotate or {})).select_related("household", "household__wijk", "team", "gemeente",
                                                 "gemeente__profile", "case_director",
                                                 "case_director__organisatie", "reentry_of")
             .filter(pk=casus_id).first())
    if casus is None:
        raise NotFound(gettext("Casus niet gevonden."))
    members = list(casus.household.current_residents.all().order_by("geboortedatum"))
    casus.members = members
    log_access(actor=actor, subject_ids=[m.pk for m in members], purpose=purpose, channel=channel, resource=resource,
               gemeente_id=casus.gemeente_id)
    return casus


def child_under_five(members, today: dt.date | None = None) -> bool:
    """Derived flag: a child under 5 lives in the household (extra vulnerable, Signs of Safety; seed 004 §3.5)."""
    today = today or clock.today()
    limit = today.replace(year=today.year - 5) if not (today.month == 2 and today.day == 29) \
        else today.replace(year=today.year - 5, day=28)
    return any(m.geboortedatum and m.geboortedatum > limit for m in members)


def my_cases(actor: Actor, *, resource: str = "", limit: int = 25) -> list[Casus]:
    """Open cases I direct (Mijn werk); the households shown are logged."""

    rows = list(Casus.objects.filter(case_director_id=actor.user_id).exclude(status=Casus.Status.AFGESLOTEN)
                .select_related("household", "team").order_by("opened_at", "id")[:limit])
    log_household_list(actor, [c.household_id for c in rows], purpose="mijn werk: mijn casussen", channel="ui",
                       resource=resource)
    return rows


def may_read_confidential(actor: Actor, casus: Casus) -> bool:
    """Confidential notes are for the people who work this case: its case director and its current process director
    (issue 12 point 10). Seeing every case of the gemeente (cases.view_all) is not enough; an author always keeps
    their own notes (see `timeline`)."""

    if casus.case_director_id == actor.user_id:
        return True
    # the reverse relation of direction.ProcessDirector (cases sits below direction and does not import it)
    return casus.process_directors.filter(medewerker_id=actor.user_id, until__isnull=True).exists()


# The timeline's words for the change-log events of a case (marked for the catalogue, shown in the page's language).
EVENT_TITLES = {
    "plan.versie": gettext_noop("plan gewijzigd"), "casus.document": gettext_noop("document toegevoegd"),
    "meting.vastgelegd": gettext_noop("ZRM-meting vastgelegd"),
    "veiligheid.beoordeeld": gettext_noop("veiligheid beoordeeld"),
    "vraagverheldering.vastgelegd": gettext_noop("vraagverheldering vastgelegd"),
    "onderzoek.weergave_verzonden": gettext_noop("verslag van het onderzoek naar de inwoner verzonden"),
    "casus.geopend": gettext_noop("casus geopend"), "casus.afgesloten": gettext_noop("casus afgesloten"),
    "casus.heropend": gettext_noop("casus heropend"), "casus.fase_gewijzigd": gettext_noop("fase gewijzigd"),
    "casus.regisseur_gewijzigd": gettext_noop("casusregisseur gewijzigd"),
    "casus.procesregie_geinformeerd": gettext_noop("procesregie op de hoogte gesteld"),
    "casus.signalen_gewijzigd": gettext_noop("signalen gewijzigd"),
    "casus.betrokkene_toegevoegd": gettext_noop("betrokkene toegevoegd"),
    "casus.betrokkene_beeindigd": gettext_noop("betrokkenheid beëindigd"),
    "casus.overdracht_voorgesteld": gettext_noop("overdracht voorgesteld"),
    "casus.overdracht_aanvaard": gettext_noop("overdracht aanvaard"),
    # the provider's feedback on care assigned from this case (messaging, issue 14 item 6; seed 003 §3.7)
    "toewijzing.aangemaakt": gettext_noop("zorg toegewezen aan de aanbieder"),
    "toewijzing.gewijzigd": gettext_noop("toewijzing gewijzigd"),
    "toewijzing.ingekort": gettext_noop("toewijzing ingekort"),
    "toewijzing.ingetrokken": gettext_noop("toewijzing ingetrokken"),
    "toewijzing.gestart": gettext_noop("zorg gestart (bericht van de aanbieder)"),
    "toewijzing.beeindigd": gettext_noop("zorg beëindigd (bericht van de aanbieder)"),
    "toewijzing.geleverd": gettext_noop("zorg geleverd (goedgekeurde declaratie van de aanbieder)"),
}
CASE_CONTENT_EVENTS = ["plan.versie", "meting.vastgelegd", "veiligheid.beoordeeld", "vraagverheldering.vastgelegd",
                       "onderzoek.weergave_verzonden", "toewijzing.aangemaakt", "toewijzing.gewijzigd",
                       "toewijzing.ingekort", "toewijzing.ingetrokken", "toewijzing.gestart", "toewijzing.beeindigd",
                       "toewijzing.geleverd"]
# the dates an assignment event carries, with the words the timeline shows before them
ASSIGNMENT_DATES = [("van", gettext_noop("vanaf")), ("begindatum", gettext_noop("gestart op")),
                    ("einddatum", gettext_noop("beëindigd op")), ("tot", gettext_noop("tot en met")),
                    ("geleverd_tot", gettext_noop("geleverd tot en met"))]


def _event_text(event: str, new: dict | None) -> str:
    """The provider and the dates of an assignment event ("Zorgaanbieder X · vanaf 01-02-2027"); '' for others."""
    if not event.startswith("toewijzing.") or not new:
        return ""
    parts = [new.get("aanbieder_naam") or ""]
    for key, words in ASSIGNMENT_DATES:
        try:
            day = dt.date.fromisoformat(str(new.get(key) or ""))
        except ValueError:
            continue
        parts.append(f"{gettext(words)} {day:%d-%m-%Y}")
    return " · ".join(p for p in parts if p)


def _event_item(e: ChangeLog) -> dict:
    """A change-log event as a line of the timeline."""
    return {"at": e.at, "kind": "gebeurtenis",
            "title": gettext(EVENT_TITLES[e.event]) if e.event in EVENT_TITLES
            else e.event.split(".", 1)[1].replace("_", " "),
            "who": e.actor or e.actor_label, "text": _event_text(e.event, e.new), "extra": ""}


def timeline(actor: Actor, casus: Casus, limit: int = 200) -> list[dict]:
    """Everything that happened on the case, newest first: contact moments, notes (confidential ones only for the
    director and process direction) and the case's change-log events. Two queries whatever the length: the contact
    moments and notes as one UNION (who may read confidential notes is asked in it), and the change log."""
    notes = CaseNote.objects.filter(casus=casus)
    if casus.case_director_id != actor.user_id:
        # may_read_confidential in the same query: the current process director of the case reads them too
        notes = notes.filter(Q(confidential=False) | Q(by_id=actor.user_id) | Exists(
            casus.process_directors.filter(medewerker_id=actor.user_id, until__isnull=True)))
    # the same columns from both tables: at, who (first name, last name, username), kind, text, participants,
    # confidential; a note's kind is "" (no contact moment has an empty kind)
    who = ("by__first_name", "by__last_name", "by__username")
    moments = ContactMoment.objects.filter(casus=casus).annotate(secret=Value(False)).values_list(
        "at", *who, "kind", "summary", "participants", "secret")
    notes = notes.annotate(no_kind=Value(""), no_one=Value("")).values_list(
        "at", *who, "no_kind", "text", "no_one", "confidential")
    kinds = dict(CONTACT_KINDS)
    items = []
    for at, first, last, username, kind, text, extra, secret in moments.union(notes, all=True).order_by("-at")[:limit]:
        by = Medewerker(first_name=first, last_name=last, username=username) if username else None
        if kind:
            items.append({"at": at, "kind": "contact", "title": gettext(kinds.get(kind, kind)), "who": by,
                          "text": text, "extra": extra})
        else:
            items.append({"at": at, "kind": "notitie",
                          "title": gettext("vertrouwelijke notitie") if secret else gettext("notitie"),
                          "who": by, "text": text, "extra": ""})
    items += [_event_item(e) for e in ChangeLog.objects.filter(
                  Q(object_type="cases.casus", object_id=str(casus.pk))
                  # plan versions, measurements, safety and kitchen-table reports are logged on their own objects
                  | Q(event__in=CASE_CONTENT_EVENTS, new__casus=casus.pk))
              .exclude(event__in=["casus.notitie", "casus.contactmoment"]).select_related("actor")
              .order_by("-seq")[:limit]]
    items.sort(key=lambda item: item["at"], reverse=True)
    return items[:limit]


def recent_events(actor: Actor, casus: Casus, limit: int = 5) -> list[dict]:
    """The last things that happened on the case, for a summary (the household page's "Laatst gebeurd"): from the
    change log alone, one query, where contact moments and notes are events too (`timeline` reads them from their
    own rows for their text). A confidential note is left out unless the actor wrote it: the summary does not ask
    who may read it (see may_read_confidential), and shows no text of any note."""
    rows = ChangeLog.objects.filter(Q(object_type="cases.casus", object_id=str(casus.pk))
                                    | Q(event__in=CASE_CONTENT_EVENTS, new__casus=casus.pk))\
        .exclude(Q(event="casus.notitie", new__vertrouwelijk=True) & ~Q(actor_id=actor.user_id))\
        .select_related("actor").order_by("-seq")[:limit]
    return [_event_item(e) for e in rows]


def handovers_for_me(actor: Actor) -> list:
    """Warm handovers proposed to me that wait for my decision (Mijn werk)."""

    return list(Handover.objects.filter(successor_id=actor.user_id, decided_at__isnull=True)
                .select_related("casus", "proposed_by").order_by("proposed_at"))


# --- cases without a director (issue 11) -------------------------------------------------------------------------


def waiting_days(casus: Casus, today: dt.date | None = None) -> int:
    """Whole days since the case was opened (0 on the day itself)."""
    return ((today or clock.today()) - timezone.localdate(casus.opened_at)).days


def unowned_cases(actor: Actor, *, team_ids=None, assigning: bool = False, resource: str = "",
                  limit: int = 25) -> tuple[list[Casus], bool]:
    """Open cases without a case director that the actor may see, longest waiting first, with `waiting` (days):
    of `team_ids` (the team's werkbak), or (`assigning`) wherever the actor may assign directors (the team lead's
    and process direction's Mijn werk). Returns (rows, more); the households shown are logged. Two queries, on the
    partial indexes casus_unowned_*_idx."""
    qs = visible_cases(actor).filter(UNOWNED)
    if team_ids is not None:
        qs = qs.filter(team_id__in=list(team_ids))
    if assigning:
        qs = qs.filter(gemeente_id__in=actor.gemeenten_with(CASES_ASSIGN))
    rows = list(qs.select_related("household", "team").order_by("opened_at", "id")[:limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    today = clock.today()
    for casus in rows:
        casus.waiting = waiting_days(casus, today)
    log_household_list(actor, [c.household_id for c in rows], purpose="casussen zonder casusregisseur",
                       channel="ui", resource=resource)
    return rows, more


def waited_in_my_team(actor: Actor, casus_id: int) -> bool:
    """Whether the case belongs to one of the actor's teams where they do case work: after a colleague took it, the
    case is no longer open to them, and they are told it has a director rather than 'not found'. Reveals nothing
    beyond what the werkbak showed them."""
    return Casus.objects.filter(pk=casus_id, team_id__in=actor.team_ids,
                                gemeente_id__in=actor.gemeenten_with(CASES_WORK)).exists()


def team_case_workers(team_ids) -> dict[int, list[Medewerker]]:
    """Per team: its active members who do case work (cases.work) in the team's gemeente, by name — whom the team
    lead can make director from the list of waiting cases. Two queries whatever the number of teams."""
    if not team_ids:
        return {}
    roles = [pk for pk, capabilities in Role.objects.values_list("pk", "capabilities") if CASES_WORK in capabilities]
    holders = RoleAssignment.objects.filter(role_id__in=roles, gemeente_id=OuterRef("team__gemeente_id"),
                                            medewerker_id=OuterRef("medewerker_id"))
    out: dict[int, list[Medewerker]] = {}
    for membership in (TeamMembership.objects.filter(team_id__in=list(team_ids), medewerker__is_active=True)
                       .filter(Exists(holders)).select_related("medewerker", "medewerker__organisatie")
                       .order_by("medewerker__first_name", "medewerker__last_name", "medewerker_id")):
        out.setdefault(membership.team_id, []).append(membership.medewerker)
    return out


def director_by_rule(casus: Casus, rule: str, roles: list[str]) -> Medewerker | None:
    """The person the profile's rule gives a new case (cases/actions/owner.py): among the active members of the
    case's team who do case work in its gemeente (and hold one of `roles`, when given) — for 'teamleider' only those
    who may assign directors there — the one directing the fewest open cases, then the longest-serving account
    (lowest id). Deterministic: the same state gives the same person, and each case given makes the next go to
    someone else when the counts are equal (a rota). None when nobody fits."""
    if casus.team_id is None or rule not in {"teamleider", "rota"}:
        return None
    candidates = Medewerker.objects.filter(holders_filter(CASES_WORK, casus.gemeente_id),
                                           pk__in=TeamMembership.objects.filter(team_id=casus.team_id)
                                           .values("medewerker_id"))
    if rule == "teamleider":
        candidates = candidates.filter(holders_filter(CASES_ASSIGN, casus.gemeente_id))
    if roles:
        candidates = candidates.filter(pk__in=RoleAssignment.objects.filter(
            gemeente_id=casus.gemeente_id, role__code__in=roles).values("medewerker_id"))
    return (candidates.annotate(open_cases=Count("directed_cases",
                                                 filter=~Q(directed_cases__status=Casus.Status.AFGESLOTEN)))
            .order_by("open_cases", "pk").first())


def assigner_ids(casus: Casus) -> list[int]:
    """Who is told that a case waits for a director: the members of its team who may assign directors (team lead);
    when the team has none, process direction (who may assign and sees every case of the gemeente)."""
    in_team = Medewerker.objects.filter(holders_filter(CASES_ASSIGN, casus.gemeente_id),
                                        pk__in=TeamMembership.objects.filter(team_id=casus.team_id)
                                        .values("medewerker_id"))
    ids = list(in_team.values_list("pk", flat=True)) if casus.team_id else []
    if not ids:
        ids = list(Medewerker.objects.filter(holders_filter(CASES_ASSIGN, casus.gemeente_id))
                   .filter(holders_filter(CASES_VIEW_ALL, casus.gemeente_id)).values_list("pk", flat=True))
    return ids
