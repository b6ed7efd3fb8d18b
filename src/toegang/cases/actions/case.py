"""The case itself: opening it (with re-entry), the one case director, the flags for process direction, its phases,
closing (with the outcome) and reopening. Every change is audited in its transaction."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from toegang.accounts.models import Medewerker
from toegang.assessments.queries import self_reliance_change
from toegang.audit.log import log_change
from toegang.core import clock, dates
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, DateProblem, NotAllowed, ValidationFailed
from toegang.core.versioning import bump
from toegang.persons.models import Household, Involvement
from toegang.plans.queries import current_version
from toegang.tasks.actions import do_resolve_notifications, notify
from toegang.tasks.models import Notification

from ..models import CLOSE_REASONS, CaseDirector, Casus
from ..permissions import can_assign, can_be_case_worker, can_manage_case, require_open
from ..queries import subject_ids
from .involvement import NOT_A_CASE_WORKER, involve

REENTRY_WINDOW = dt.timedelta(days=365)  # re-entry within 12 months is visible (PRODUCT.md flow 10)
NEXT_STATUS = {
    Casus.Status.AANGEMELD: {Casus.Status.VRAAGVERHELDERING},
    Casus.Status.VRAAGVERHELDERING: {Casus.Status.PLAN},
    Casus.Status.PLAN: {Casus.Status.UITVOERING},
    Casus.Status.UITVOERING: {Casus.Status.EVALUATIE},
    Casus.Status.EVALUATIE: {Casus.Status.UITVOERING},
}
STALE_CASE = gettext_noop("Iemand anders heeft deze casus intussen gewijzigd. Open haar opnieuw; er is niets overschreven.")


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
        raise Conflict(gettext("Dit huishouden heeft al een open casus.")) from exc
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
                              not_future=not_future, not_before=((case_began(casus), gettext("het begin van de casus")),))


def check_assign_case_director(*, actor: Actor, casus: Casus, medewerker: Medewerker, reason: str = "",
                               expected_version: int | None = None) -> Casus:
    """Make `medewerker` the one case director (casusregisseur). They may work for a partner organisation
    (Krimpen: they stay employed by their own organisation) but must hold a role in the case's gemeente.
    The previous director steps out. Needs capability cases.assign. Event casus.regisseur_gewijzigd."""
    if not can_assign(actor, casus.gemeente_id):
        raise NotAllowed(gettext("U mag geen casusregisseur toewijzen."))
    require_open(casus)
    if not can_be_case_worker(medewerker.pk, casus.gemeente_id):
        raise ValidationFailed(gettext(NOT_A_CASE_WORKER), field_errors={"medewerker": [gettext(NOT_A_CASE_WORKER)]})
    if casus.case_director_id == medewerker.pk:
        return casus
    return do_assign_case_director(actor=actor, casus=casus, medewerker=medewerker, reason=reason,
                                   expected_version=expected_version)


def do_assign_case_director(*, actor: Actor, casus: Casus, medewerker: Medewerker, reason: str,
                            expected_version: int | None) -> Casus:
    """The new director is told (unless they made themselves director). Earlier notifications about the case's
    direction (it waited for a director; the previous director was told) are resolved (issue 11)."""
    now = clock.now()
    old = casus.case_director_id
    with transaction.atomic():
        fields = {"case_director_id": medewerker.pk}
        if casus.status == Casus.Status.AANGEMELD:
            fields["status"] = Casus.Status.VRAAGVERHELDERING
        bump(casus, expected_version, message=gettext(STALE_CASE), **fields)
        CaseDirector.objects.filter(casus=casus, until__isnull=True).update(until=now)
        CaseDirector.objects.create(casus=casus, medewerker=medewerker, since=now, reason=reason[:500])
        if old:
            Involvement.objects.filter(casus=casus, medewerker_id=old, role="casusregisseur", valid_until__isnull=True)\
                .update(valid_until=clock.today())
        involve(casus=casus, medewerker_id=medewerker.pk, role="casusregisseur")
        log_change(actor=actor, event="casus.regisseur_gewijzigd", obj=casus, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus), old={"casusregisseur": old},
                   new={"casusregisseur": medewerker.pk, "reden": reason or None, "status": casus.status})
        do_resolve_notifications(subject=casus)
        if medewerker.pk != actor.user_id:
            notify(recipient_ids=[medewerker.pk], text=gettext_noop("U bent casusregisseur van casus %(casus)s."),
                   params={"casus": casus.pk}, kind=Notification.Kind.TOEGEWEZEN,
                   url=reverse("cases:case", args=[casus.pk]), subject=casus)
    return casus


def check_set_case_flags(*, actor: Actor, casus: Casus, high_risk: bool, politically_sensitive: bool,
                         care_avoider: bool, reason: str, expected_version: int | None = None) -> Casus:
    """Flags for process direction (hoog risico, politiek gevoelig, zorgmijder); a change needs a reason.
    'Kind onder 5' is derived from the household, never set by hand. Event casus.signalen_gewijzigd."""
    if not can_manage_case(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur of de procesregie wijzigt signalen."))
    require_open(casus)
    new = {"high_risk": high_risk, "politically_sensitive": politically_sensitive, "care_avoider": care_avoider}
    old = {k: getattr(casus, k) for k in new}
    if new == old:
        return casus
    if not reason.strip():
        raise ValidationFailed(gettext("Geef de reden van de wijziging."),
                               field_errors={"reason": [gettext("Vul een reden in.")]})
    with transaction.atomic():
        bump(casus, expected_version, message=gettext(STALE_CASE), **new)
        log_change(actor=actor, event="casus.signalen_gewijzigd", obj=casus, gemeente_id=casus.gemeente_id,
                   old=old, new={**new, "reden": reason.strip()})
    return casus


def check_advance_case(*, actor: Actor, casus: Casus, to: str, expected_version: int | None = None) -> Casus:
    """Move the case to its next phase (aangemeld → vraagverheldering → plan → uitvoering ⇄ evaluatie).
    Only the case director or process direction; a case needs a director beyond 'aangemeld', and the report of
    the kitchen-table conversation before the plan phase.
    Event casus.fase_gewijzigd."""
    if not can_manage_case(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur of de procesregie wijzigt de fase."))
    require_open(casus)
    if to not in NEXT_STATUS.get(casus.status, set()):
        labels = dict(Casus.Status.choices)
        raise ValidationFailed(gettext("Van '%(from)s' kan de casus niet naar '%(to)s'.") % {
            "from": gettext(casus.get_status_display()), "to": gettext(labels[to]) if to in labels else to},
            field_errors={"to": [gettext("Niet de volgende fase.")]})
    if casus.case_director_id is None:
        raise ValidationFailed(gettext("Wijs eerst een casusregisseur aan."))
    if to == Casus.Status.PLAN and not casus.clarifications.exists():
        raise ValidationFailed(gettext("Leg eerst het verslag van de vraagverheldering (keukentafelgesprek) vast."),
                               field_errors={"to": [gettext("Eerst de vraagverheldering.")]})
    with transaction.atomic():
        old = casus.status
        bump(casus, expected_version, message=gettext(STALE_CASE), status=to)
        log_change(actor=actor, event="casus.fase_gewijzigd", obj=casus, gemeente_id=casus.gemeente_id,
                   old={"status": old}, new={"status": to})
    return casus


def check_close_case(*, actor: Actor, casus: Casus, reason: str, household_informed_on: dt.date | None, note: str = "",
                     expected_version: int | None = None) -> Casus:
    """Close the case with a reason and the date the household was informed. Involvements end (the professionals
    lose access through this case); the case becomes read-only except for reopening. Event casus.afgesloten."""
    if not can_manage_case(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur of de procesregie sluit de casus af."))
    require_open(casus)
    errors: dict[str, list[str]] = {}
    if reason not in {code for code, _ in CLOSE_REASONS}:
        errors["reason"] = [gettext("Kies de reden van afsluiten.")]
    if household_informed_on is None:
        errors["household_informed_on"] = [gettext("Wanneer is het huishouden geïnformeerd?")]
    elif household_informed_on > clock.today():
        errors["household_informed_on"] = [DateProblem(gettext("Deze datum ligt in de toekomst."))]
    elif problem := event_date_problem(casus, household_informed_on, label=gettext("De datum")):
        errors["household_informed_on"] = [problem]
    if reason == "anders" and not note.strip():
        errors["note"] = [gettext("Licht de reden toe.")]
    if errors:
        raise ValidationFailed(gettext("De afsluiting is niet volledig."), field_errors=errors)
    now = clock.now()
    with transaction.atomic():
        outcome = case_outcome(casus)
        bump(casus, expected_version, message=gettext(STALE_CASE), status=Casus.Status.AFGESLOTEN, closed_at=now, close_reason=reason,
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
        raise NotAllowed(gettext("Alleen de procesregie heropent een casus."))
    if casus.status != Casus.Status.AFGESLOTEN:
        raise Conflict(gettext("Deze casus is niet afgesloten."))
    if not reason.strip():
        raise ValidationFailed(gettext("Geef de reden van heropenen."),
                               field_errors={"reason": [gettext("Vul een reden in.")]})
    if Casus.objects.filter(household=casus.household, gemeente_id=casus.gemeente_id)\
            .exclude(Q(status=Casus.Status.AFGESLOTEN) | Q(pk=casus.pk)).exists():
        raise Conflict(gettext("Dit huishouden heeft al een andere open casus."))
    now = clock.now()
    # The director comes back only if they still do case work here (issue 10: a director who became, say, policy
    # officer must not get the file back); otherwise the case waits for a new director.
    director_id = casus.case_director_id if casus.case_director_id and can_be_case_worker(
        casus.case_director_id, casus.gemeente_id) else None
    try:
        with transaction.atomic():
            bump(casus, None, message=gettext(STALE_CASE), case_director_id=director_id,
                 status=Casus.Status.VRAAGVERHELDERING if director_id else Casus.Status.AANGEMELD,
                 closed_at=None, close_reason="", close_note="", household_informed_on=None)
            if director_id:
                CaseDirector.objects.create(casus=casus, medewerker_id=casus.case_director_id, since=now,
                                            reason="heropend")
                involve(casus=casus, medewerker_id=casus.case_director_id, role="casusregisseur")
            log_change(actor=actor, event="casus.heropend", obj=casus, gemeente_id=casus.gemeente_id,
                       subject_ids=subject_ids(casus), new={"reden": reason.strip()})
    except IntegrityError as exc:
        raise Conflict(gettext("Dit huishouden heeft al een andere open casus.")) from exc
    return casus
