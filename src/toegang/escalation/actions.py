"""The only code that writes escalations and binding decisions (STYLE.md): escalating and de-escalating a case on its
gemeente's ladder, recording that the level took it up, and a binding decision (doorzettingsmacht). Each checks
everything before its transaction, so a refusal writes nothing; each event has its change-log row in the same
transaction. The response term of a level is a clock (deadlines), started by the escalation to it and stopped when
the level takes the case up, or the case moves on (up or down)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Medewerker, Organisatie
from toegang.audit.log import log_change
from toegang.cases.actions import do_assign_case_director, event_date_problem
from toegang.cases.models import Casus
from toegang.cases.permissions import can_be_case_worker
from toegang.cases.queries import can_see_case, subject_ids
from toegang.core import clock as time
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, DateProblem, NotAllowed, ValidationFailed
from toegang.core.versioning import bump
from toegang.deadlines.actions import start_clock, stop_clock
from toegang.deadlines.models import Clock
from toegang.persons.models import Involvement
from toegang.tasks.actions import do_resolve_notifications, notify
from toegang.tasks.models import Notification

from .ladders import Ladder, Level, ladders_for
from .models import BindingDecision, Escalation, EscalationStep
from .permissions import can_deescalate, can_escalate, can_impose, can_pick_up

STALE = gettext_noop("Iemand anders heeft de escalatie van deze casus intussen gewijzigd. Bekijk de casus opnieuw; "
                     "er is niets overschreven.")
CLOSED = gettext_noop("Deze casus is afgesloten: opschalen, afschalen of een bindend besluit kan niet meer. "
                      "Heropen de casus eerst.")
NO_POWER = gettext_noop("Alleen wie doorzettingsmacht heeft in deze gemeente neemt een bindend besluit; uw rol heeft "
                        "die bevoegdheid niet.")


def _require_open_case(casus: Casus) -> None:
    if casus.status == Casus.Status.AFGESLOTEN:
        raise Conflict(gettext(CLOSED))


def _ladders(casus: Casus) -> dict[str, Ladder]:
    ladders = ladders_for(casus.gemeente.profile.data, casus.gemeente.cbs_code)
    if not ladders:
        raise ValidationFailed(gettext("Het profiel van deze gemeente heeft geen escalatieladder."))
    return ladders


def _open(casus: Casus) -> Escalation | None:
    return Escalation.objects.filter(casus=casus, closed_at__isnull=True).first()


def _require_reason(reason: str, field: str = "reason") -> str:
    if not reason.strip():
        raise ValidationFailed(gettext("Geef de reden."), field_errors={field: [gettext("Vul een reden in.")]})
    return reason.strip()


def _stop_running(actor: Actor, escalation: Escalation, reason: str) -> None:
    """Stop the response clock(s) of the escalation that still run (the level acted, or the case moved on)."""
    ids = escalation.steps.filter(clock__isnull=False).values("clock_id")
    for running in Clock.objects.filter(pk__in=ids, stopped_on__isnull=True):
        stop_clock(actor=actor, clock=running, stopped_on=time.today(), stopped_at=time.now(), reason=reason)


def role_holder_ids(casus: Casus, level: Level) -> list[int]:
    """Active staff holding one of the level's roles in the case's gemeente: whom an escalation to it notifies."""
    return list(Medewerker.objects.filter(
        is_active=True, role_assignments__gemeente_id=casus.gemeente_id,
        role_assignments__role__profile_id=casus.gemeente.profile_id,
        role_assignments__role__code__in=list(level.roles)).values_list("pk", flat=True).distinct())


def _by_sight_of(casus: Casus, recipient_ids: list[int]) -> tuple[list[int], list[int]]:
    """The recipients who may see the case (their notification links to it) and those who may not: a level at the
    top of a ladder can be held by a role that is told but sees no files (an alderman, g7-2010's `bestuurder`);
    a link would end on "niet gevonden", so theirs carries none. A few queries per recipient; a level has few."""
    seeing, not_seeing = [], []
    for user in Medewerker.objects.filter(pk__in=recipient_ids).order_by("pk"):
        (seeing if can_see_case(actor_for_user(user), casus) else not_seeing).append(user.pk)
    return seeing, not_seeing


def check_escalate_case(*, actor: Actor, casus: Casus, reason: str, ladder: str = "", signals: list[str] | None = None,
                        expected_version: int | None = None) -> Escalation:
    """Take the case one level up its ladder (opschalen), with a reason and optionally the signals that led to it.

    Rules: not on a closed case; not beyond the top level; a case already escalated stays on its ladder; only process
    direction, a holder of a role acting at the current level, or (from the first level) the case director
    (permissions.can_escalate). The new level's response clock starts (its `termijn`, kind
    `escalatie-<ladder>-<level>`); the clock of the level below stops; the holders of the new level's roles are
    notified (GEESCALEERD). Event escalatie.opgeschaald."""
    _require_open_case(casus)
    ladders = _ladders(casus)
    current_row = _open(casus)
    if current_row is not None:
        if ladder and ladder != current_row.ladder:
            message = gettext("Deze casus staat al op de ladder '%(ladder)s'; schaal haar daar op of af.") % {
                "ladder": current_row.ladder_name}
            raise ValidationFailed(message, field_errors={"ladder": [message]})
        chosen = ladders.get(current_row.ladder)
        if chosen is None:
            raise ValidationFailed(gettext("De ladder van deze escalatie staat niet meer in het profiel."))
        current = current_row.level
        if expected_version is not None and expected_version != current_row.version:
            raise Conflict(gettext(STALE))
    else:
        if not ladder and len(ladders) == 1:
            ladder = next(iter(ladders))
        if ladder not in ladders:
            message = gettext("Kies de escalatieladder.")
            raise ValidationFailed(message, field_errors={"ladder": [message]})
        chosen, current = ladders[ladder], 1
        if expected_version:  # a form that showed an escalation that has since been closed
            raise Conflict(gettext(STALE))
    if current >= chosen.top:
        raise ValidationFailed(gettext("Deze casus staat al op het hoogste niveau van de ladder (%(level)s); verder "
                                       "opschalen kan niet.") % {"level": chosen.level(current).name})
    if not can_escalate(actor, casus, chosen, current):
        raise NotAllowed(gettext("Opschalen mag de procesregie, wie optreedt op het huidige niveau van de ladder, "
                                 "of de casusregisseur vanaf het eerste niveau."))
    reason = _require_reason(reason)
    target = chosen.level(current + 1)
    known = {code for level in chosen.levels for code in level.signals}
    unknown = [code for code in signals or [] if code not in known]
    if unknown:
        message = gettext("Onbekend signaal voor deze ladder: %(codes)s.") % {"codes": ", ".join(unknown)}
        raise ValidationFailed(message, field_errors={"signals": [message]})
    now = time.now()
    try:
        with transaction.atomic():
            if current_row is None:
                escalation = Escalation.objects.create(
                    casus=casus, gemeente_id=casus.gemeente_id, ladder=chosen.code, ladder_name=chosen.name[:200],
                    level=target.position, level_code=target.code, level_name=target.name[:200], opened_at=now)
            else:
                escalation = current_row
                _stop_running(actor, escalation, gettext("opgeschaald naar %(level)s") % {"level": target.name})
                bump(escalation, None, message=gettext(STALE), level=target.position, level_code=target.code,
                     level_name=target.name[:200])
            running = None
            if target.term is not None:
                running = start_clock(actor=actor, gemeente=casus.gemeente, kind=target.clock_kind, subject=escalation,
                                      started_on=time.today(), started_at=now, household_id=casus.household_id,
                                      team_id=casus.team_id, label=f"{chosen.name}: {target.name}"[:200])
            step = EscalationStep.objects.create(
                escalation=escalation, kind=EscalationStep.Kind.OPGESCHAALD, from_level=current,
                to_level=target.position, level_name=target.name[:200], reason=reason, signals=list(signals or []),
                by_id=actor.user_id, at=now, clock=running)
            log_change(actor=actor, event="escalatie.opgeschaald", obj=escalation, gemeente_id=casus.gemeente_id,
                       subject_ids=subject_ids(casus),
                       old={"niveau": current},
                       new={"casus": casus.pk, "ladder": chosen.code, "niveau": target.position,
                            "niveau_code": target.code, "reden": reason, "signalen": step.signals,
                            "termijn": str(target.term) if target.term else None,
                            "uiterste_datum": running.due_on if running else None,
                            "uiterste_moment": running.due_at if running else None})
            recipients = [pk for pk in role_holder_ids(casus, target) if pk != actor.user_id]
            seeing, not_seeing = _by_sight_of(casus, recipients)
            for ids, url in ((seeing, reverse("cases:case", args=[casus.pk]) + "#escalatie"), (not_seeing, "")):
                if ids:
                    notify(recipient_ids=ids,
                           text=gettext_noop("Casus %(casus)s is opgeschaald naar %(level)s: %(reason)s"),
                           params={"casus": casus.pk, "level": target.name, "reason": reason[:150]},
                           url=url, subject=escalation, kind=Notification.Kind.GEESCALEERD)
    except IntegrityError as exc:  # someone else escalated the case first (one open escalation per case)
        raise Conflict(gettext(STALE)) from exc
    return escalation


def check_deescalate_case(*, actor: Actor, casus: Casus, reason: str, expected_version: int | None = None) -> Escalation:
    """Take the case one level down (afschalen, ontschalen), with a reason. The running response clock stops; back
    on the first level the escalation is closed. Only process direction or a holder of a role acting at the current
    level. Event escalatie.afgeschaald."""
    _require_open_case(casus)
    escalation = _open(casus)
    if escalation is None:
        raise ValidationFailed(gettext("Deze casus is niet opgeschaald; afschalen kan niet."))
    if expected_version is not None and expected_version != escalation.version:
        raise Conflict(gettext(STALE))
    ladder = ladders_for(casus.gemeente.profile.data, casus.gemeente.cbs_code).get(escalation.ladder)
    if ladder is None:
        raise ValidationFailed(gettext("De ladder van deze escalatie staat niet meer in het profiel."))
    if not can_deescalate(actor, casus, ladder, escalation.level):
        raise NotAllowed(gettext("Afschalen mag de procesregie of wie optreedt op het huidige niveau van de ladder."))
    reason = _require_reason(reason)
    target = ladder.level(escalation.level - 1)
    now = time.now()
    with transaction.atomic():
        _stop_running(actor, escalation, gettext("afgeschaald naar %(level)s") % {"level": target.name})
        old = escalation.level
        bump(escalation, None, message=gettext(STALE), level=target.position, level_code=target.code,
             level_name=target.name[:200], closed_at=now if target.position == 1 else None)
        EscalationStep.objects.create(escalation=escalation, kind=EscalationStep.Kind.AFGESCHAALD, from_level=old,
                                      to_level=target.position, level_name=target.name[:200], reason=reason,
                                      by_id=actor.user_id, at=now)
        do_resolve_notifications(subject=escalation)
        log_change(actor=actor, event="escalatie.afgeschaald", obj=escalation, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus), old={"niveau": old},
                   new={"casus": casus.pk, "niveau": target.position, "niveau_code": target.code, "reden": reason,
                        "gesloten": target.position == 1})
    return escalation


def check_pick_up_escalation(*, actor: Actor, casus: Casus, note: str) -> Escalation:
    """The level the case was escalated to takes it up (opgepakt), recorded by a holder of one of its roles with what
    it will do (a note: "overleg belegd op ..."): its
    response clock stops (on time or late, as the clock says) and the notifications about the escalation resolve.
    Event escalatie.opgepakt."""
    _require_open_case(casus)
    escalation = _open(casus)
    if escalation is None:
        raise ValidationFailed(gettext("Deze casus is niet opgeschaald."))
    ladder = ladders_for(casus.gemeente.profile.data, casus.gemeente.cbs_code).get(escalation.ladder)
    if ladder is None or not can_pick_up(actor, casus, ladder, escalation.level):
        raise NotAllowed(gettext("Alleen wie optreedt op het niveau waarnaar de casus is opgeschaald, legt vast dat "
                                 "het is opgepakt."))
    note = _require_reason(note, field="note")
    last = escalation.steps.order_by("-at", "-id").first()
    if last is not None and last.kind == EscalationStep.Kind.OPGEPAKT:
        raise Conflict(gettext("Dit niveau heeft de casus al opgepakt."))
    now = time.now()
    level = ladder.level(escalation.level)
    with transaction.atomic():
        _stop_running(actor, escalation, gettext("opgepakt"))
        EscalationStep.objects.create(escalation=escalation, kind=EscalationStep.Kind.OPGEPAKT,
                                      from_level=escalation.level, to_level=escalation.level,
                                      level_name=level.name[:200], reason=note.strip(), by_id=actor.user_id, at=now)
        do_resolve_notifications(subject=escalation)
        log_change(actor=actor, event="escalatie.opgepakt", obj=escalation, gemeente_id=casus.gemeente_id,
                   new={"casus": casus.pk, "niveau": escalation.level, "toelichting": note.strip() or None})
    return escalation


def check_record_binding_decision(*, actor: Actor, casus: Casus, decision: str, decided_on: dt.date | None,
                                  organisation_ids: list[int], heard: str = "",
                                  heard_professional_ids: list[int] | None = None,
                                  takes_over: bool = False) -> BindingDecision:
    """A binding decision (doorzettingsmacht): who decided (the actor), after hearing whom (free text and/or the
    case's involved professionals), what is binding for which organisations of the profile, on which date; the
    decider may take the case over as its case director (cases do_assign_case_director, in the same transaction).

    Only cases.impose in the case's gemeente; not on a closed case; nothing is written when anything is refused.
    Event escalatie.bindend_besluit (and casus.regisseur_gewijzigd when the decider takes the case over)."""
    if actor.user_id is None or not can_impose(actor, casus.gemeente_id):
        raise NotAllowed(gettext(NO_POWER))
    _require_open_case(casus)
    errors: dict[str, list] = {}
    if not decision.strip():
        errors["decision"] = [gettext("Schrijf het besluit op: wat is bindend?")]
    organisations = list(Organisatie.objects.filter(pk__in=list(organisation_ids or []),
                                                    profile_id=casus.gemeente.profile_id))
    if not organisation_ids:
        errors["organisations"] = [gettext("Kies voor welke organisaties het besluit bindend is.")]
    elif len(organisations) != len(set(organisation_ids)):
        errors["organisations"] = [gettext("Kies organisaties uit het profiel van deze gemeente.")]
    heard_ids = sorted(set(heard_professional_ids or []))
    involved = set(Involvement.objects.filter(casus=casus, medewerker_id__in=heard_ids)
                   .values_list("medewerker_id", flat=True))
    if set(heard_ids) - involved:
        errors["heard_professionals"] = [gettext("Kies gehoorde professionals uit de betrokkenen van de casus.")]
    if not heard.strip() and not heard_ids:
        errors["heard"] = [gettext("Wie is gehoord? Een bindend besluit volgt op het horen van alle partijen.")]
    if decided_on is None:
        errors["decided_on"] = [gettext("Vul de datum van het besluit in.")]
    elif problem := event_date_problem(casus, decided_on, label=gettext("Het besluit")):
        errors["decided_on"] = [DateProblem(problem)]
    if takes_over and not can_be_case_worker(actor.user_id, casus.gemeente_id):
        errors["takes_over"] = [gettext("U doet geen casuswerk in deze gemeente en kunt de casus dus niet "
                                        "overnemen als casusregisseur.")]
    if errors:
        raise ValidationFailed(gettext("Het bindend besluit is niet volledig."), field_errors=errors)
    escalation = _open(casus)
    with transaction.atomic():
        record = BindingDecision.objects.create(casus=casus, escalation=escalation, decided_by_id=actor.user_id,
                                                decided_on=decided_on, decision=decision.strip(),
                                                heard=heard.strip(), takes_over=takes_over,
                                                recorded_at=time.now())
        record.organisations.set(organisations)
        record.heard_professionals.set(heard_ids)
        log_change(actor=actor, event="escalatie.bindend_besluit", obj=record, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus),
                   new={"casus": casus.pk, "escalatie": escalation.pk if escalation else None,
                        "besluit": record.decision, "besloten_op": decided_on, "gehoord": record.heard or None,
                        "gehoorde_professionals": heard_ids, "organisaties": sorted(o.code for o in organisations),
                        "neemt_over": takes_over})
        if takes_over and casus.case_director_id != actor.user_id:
            do_assign_case_director(actor=actor, casus=casus, medewerker=Medewerker.objects.get(pk=actor.user_id),
                                    reason=gettext("doorzettingsmacht: bindend besluit"), expected_version=None)
    return record

