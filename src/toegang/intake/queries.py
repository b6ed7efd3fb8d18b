"""Reads of meldingen: scoped, logged, and the worklists sorted by urgency and due date with a traffic light.

A melding is visible to: gemeente-wide roles (persons.view_all) in its gemeente; members of its team; staff whose
teams serve its district (persons.view_team); the staff member it is assigned to; staff involved with its
household (when they do intake work there: intake.register or intake.triage). Partners see their own organisation's
referrals only through `referrals_for` (the feedback status, no content of the melding or the case).
"""

from __future__ import annotations

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils.translation import gettext

from toegang.accounts.capabilities import INTAKE_REGISTER, INTAKE_TRIAGE, PERSONS_VIEW_ALL
from toegang.audit.log import log_access
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import NotFound
from toegang.core.paging import page_of
from toegang.persons.queries import active_involvement

from .models import Aanvraag, Melding, MeldingPerson

PAGE = 25


def melding_scope(actor: Actor) -> Q:
    if actor.is_system:
        return Q()
    q = Q(gemeente_id__in=actor.gemeenten_with(PERSONS_VIEW_ALL))
    if actor.team_ids:
        q |= Q(team_id__in=actor.team_ids)
    if actor.team_wijk_ids:
        q |= Q(wijk_id__in=actor.team_wijk_ids)
    if actor.user_id is not None:
        q |= Q(assigned_to_id=actor.user_id)
        # Involvement opens the household's meldingen only to those who do intake work there. A partner (who holds
        # intake.refer only) sees its own referrals' feedback through referrals_for, never the content of a melding
        # (e.g. a police care form), even on a household it is involved with (issue 9).
        intake_gemeenten = sorted(set(actor.gemeenten_with(INTAKE_REGISTER)) | set(actor.gemeenten_with(INTAKE_TRIAGE)))
        if intake_gemeenten:
            q |= Q(gemeente_id__in=intake_gemeenten) & active_involvement(actor, "household_id")
    return q


def _with_clock(qs: QuerySet[Melding]) -> QuerySet[Melding]:
    """The traffic light of each melding's earliest open clock, computed from its dates and today, or for a clock in
    hours (a crisis) from its due moment and now: red the moment it is missed."""
    today, now = clock.today(), clock.now()
    return qs.annotate(
        light=Case(
            When(next_due_on__isnull=True, then=Value("")),
            When(next_suspended_since__isnull=False, then=Value("grijs")),
            When(next_due_at__isnull=False, next_due_at__lt=now, then=Value("rood")),
            When(next_due_at__isnull=True, next_due_on__lt=today, then=Value("rood")),
            When(next_warn_on__lte=today, then=Value("oranje")),
            default=Value("groen"),
            output_field=CharField(),
        )
    )


def _ordered(qs):
    """Crisis first, then the earliest due date (meldingen without a clock last) and on that date the earliest due
    moment (a clock in hours before one that runs to the end of the day), then oldest first. The order of the
    worklist indexes melding_inbox_idx / melding_mine_idx."""
    return qs.order_by("urgency_rank", F("next_due_on").asc(nulls_last=True), F("next_due_at").asc(nulls_last=True),
                       "received_at", "id")


def _log_list(actor: Actor, rows: list[Melding], purpose: str, resource: str) -> None:
    """One access row naming the persons the list shows (one query for all rows)."""

    ids = [m.pk for m in rows]
    subjects = list(MeldingPerson.objects.filter(melding_id__in=ids).values_list("resident_id", flat=True))
    log_access(actor=actor, subject_ids=subjects, purpose=purpose, channel="ui", resource=resource)


def visible_meldingen(actor: Actor) -> QuerySet[Melding]:
    """The meldingen this actor may see (melding_scope), unlogged: for composing scoped reads, never for display."""
    return Melding.objects.filter(melding_scope(actor)).select_related("household", "team", "gemeente", "assigned_to")


def _rows_in_order(ids: list[int]) -> list[Melding]:
    by_id = {m.pk: m for m in _with_clock(Melding.objects.filter(pk__in=ids)
                                         .select_related("household", "team", "gemeente", "assigned_to"))}
    return [by_id[i] for i in ids]


SORT_KEY_FIELDS = ("urgency_rank", "next_due_on", "next_due_at", "received_at", "id")


def _sort_key(row):
    urgency_rank, due, due_at, received, pk = row
    return (urgency_rank, due is None, due or received.date(), due_at is None, due_at or received, received, pk)


def _worklist(querysets, page: int):
    """One page of meldingen from several querysets that each walk a worklist index in order (one query per
    queryset for the sort keys, one for the rows): PostgreSQL cannot merge `team IN (a, b)` in index order, so
    the merge of the ordered runs happens here. Returns (rows, has_more)."""
    needed = page * PAGE + 1
    keys = []
    for qs in querysets:
        keys += list(_ordered(qs).values_list(*SORT_KEY_FIELDS)[:needed])
    keys.sort(key=_sort_key)
    window = keys[(page - 1) * PAGE : page * PAGE + 1]
    rows = _rows_in_order([k[-1] for k in window[:PAGE]])
    return rows, len(window) > PAGE


# The worklists below are visible by construction (assigned to me, my teams, the gemeenten where I see everyone),
# so they skip the general scope filter and walk the partial indexes melding_mine_idx / melding_inbox_idx.


def my_meldingen(actor: Actor, *, page: int = 1, urgency: str = "", resource: str = ""):
    qs = Melding.objects.filter(assigned_to_id=actor.user_id).exclude(status=Melding.Status.AFGESLOTEN)
    if urgency:
        qs = qs.filter(urgency=urgency)
    rows, more = _worklist([qs], page)
    _log_list(actor, rows, "mijn werk: mijn meldingen", resource)
    return rows, more


def team_inbox(actor: Actor, *, team_id: int | None = None, urgency: str = "", page: int = 1, resource: str = ""):
    """Unassigned open meldingen of the actor's teams (or one of them)."""
    teams = [team_id] if team_id in actor.team_ids else sorted(actor.team_ids)
    querysets = []
    for team in teams:
        qs = Melding.objects.filter(team_id=team, assigned_to__isnull=True).exclude(status=Melding.Status.AFGESLOTEN)
        querysets.append(qs.filter(urgency=urgency) if urgency else qs)
    rows, more = _worklist(querysets, page)
    _log_list(actor, rows, "werkbak van het team", resource)
    return rows, more


def gemeente_inbox(actor: Actor, *, urgency: str = "", page: int = 1, resource: str = ""):
    """Open meldingen no team matched (never lost): for staff who see the whole gemeente."""
    qs = Melding.objects.filter(team__isnull=True, assigned_to__isnull=True,
                                gemeente_id__in=actor.gemeenten_with(PERSONS_VIEW_ALL))\
        .exclude(status=Melding.Status.AFGESLOTEN)
    rows, more = _worklist([qs.filter(urgency=urgency) if urgency else qs], page)
    _log_list(actor, rows, "werkbak van de gemeente (niet gerouteerd)", resource)
    return rows, more


def access_melding(actor: Actor, melding_id: int, *, purpose: str, channel: str, resource: str = "") -> Melding:
    melding = (_with_clock(visible_meldingen(actor)).select_related("casus", "casus__case_director", "source_organisation")
               .prefetch_related("subjects__resident").filter(pk=melding_id).first())
    if melding is None:
        raise NotFound(gettext("Melding niet gevonden."))
    log_access(actor=actor, subject_ids=[s.resident_id for s in melding.subjects.all()], purpose=purpose,
               channel=channel, resource=resource, gemeente_id=melding.gemeente_id)
    return melding


def list_meldingen_for(actor: Actor, *, status: str = "", team_id: int | None = None) -> QuerySet[Melding]:
    """For the API list: scoped and ordered; the caller pages and logs with log_meldingen_shown."""
    qs = _with_clock(visible_meldingen(actor))
    if status:
        qs = qs.filter(status=status)
    if team_id:
        qs = qs.filter(team_id=team_id)
    return qs.prefetch_related("subjects").order_by("-received_at", "-id")


def log_meldingen_shown(actor: Actor, rows, *, purpose: str, channel: str, resource: str = "") -> None:
    subjects = [s.resident_id for m in rows for s in m.subjects.all()]
    log_access(actor=actor, subject_ids=subjects, purpose=purpose, channel=channel, resource=resource)


def _own_referrals(actor: Actor) -> QuerySet[Melding]:
    """What the partner's own organisation referred, with only what a partner may see (its feedback)."""
    return Melding.objects.filter(referred_by_id__in=actor.organisation_ids)\
        .only("pk", "received_at", "status", "assigned_to_id", "triage_outcome", "gemeente_id", "reported_person",
              "urgency").annotate(**_care_counts())


def _care_counts() -> dict:
    """How far the care assigned from the melding's case has come, from the provider's messages (seed 003 §3.7:
    arrived, started, progress, ended): the number of assignments in each state of messaging.Toewijzing.Status (named by
    value: intake sits below messaging), and of the started ones those with approved delivery (progress). Read by
    Melding.feedback_status; no content, no provider, no product."""
    path = "casus__indicaties__toewijzingen"
    counts = {f"care_{state}": Count(path, filter=Q(**{f"{path}__status": state}), distinct=True)
              for state in ("toegewezen", "gestart", "beeindigd")}
    # progress: started care of which the gemeente approved a delivered period (messaging.DeclaratieRegel)
    counts["care_geleverd"] = Count(path, filter=Q(**{f"{path}__status": "gestart",
                                                      f"{path}__declaratieregels__status": "goedgekeurd",
                                                      f"{path}__declaratieregels__credit": False}), distinct=True)
    return counts


def referrals_for(actor: Actor, *, page: int = 1):
    """A partner's own organisation's referrals, newest first."""
    if not actor.organisation_ids:
        return [], False
    return page_of(_own_referrals(actor).order_by("-received_at", "-id"), page, PAGE)


def referral_for(actor: Actor, pk: int) -> Melding | None:
    """One referral of the partner's own organisation (None for another's, or for anyone without one)."""
    return _own_referrals(actor).filter(pk=pk).first() if actor.organisation_ids else None


def awaits_person(melding: Melding) -> bool:
    """A melding about someone who is not linked as a resident yet: a partner's referral of a person the gemeente
    did not find at once (only what the referrer gave, `reported_person`). Until the person is linked
    (intake.actions.check_link_melding_person) the melding cannot be triaged into work with the resident."""
    return not melding.anonymous and melding.household_id is None


def visible_aanvragen(actor: Actor) -> QuerySet[Aanvraag]:
    """Aanvragen on meldingen this actor may see (unlogged; list_aanvragen_for / access_aanvraag log)."""
    return Aanvraag.objects.filter(melding__in=visible_meldingen(actor).values("pk")).select_related("melding")


def log_aanvragen_read(actor: Actor, aanvragen: list[Aanvraag], *, purpose: str, channel: str, resource: str) -> None:
    """One access row for the applicants of the aanvragen shown (a list page or one aanvraag)."""
    gemeenten = {a.gemeente_id for a in aanvragen}
    log_access(actor=actor, subject_ids=[a.applicant_id for a in aanvragen], purpose=purpose, channel=channel,
               resource=resource, gemeente_id=gemeenten.pop() if len(gemeenten) == 1 else None)

