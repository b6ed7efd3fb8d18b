"""The warm handover: the case director proposes a successor, who reads the plan and history as a betrokkene and
then accepts (becoming the case director, the case moving to their team) or declines with a reason."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from toegang.accounts.models import Medewerker
from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.core.versioning import bump
from toegang.persons.models import Involvement

from ..models import Casus, Handover
from ..permissions import can_assign, can_be_case_worker, require_open
from .case import STALE_CASE, do_assign_case_director
from .involvement import NOT_A_CASE_WORKER, involve


def check_propose_handover(*, actor: Actor, casus: Casus, successor: Medewerker, note: str, to_team=None) -> Handover:
    """The case director proposes a successor (another team, organisation or a specialist). The successor becomes a
    betrokkene so they can read the plan and history before deciding. Event casus.overdracht_voorgesteld."""
    if casus.case_director_id != actor.user_id and not can_assign(actor, casus.gemeente_id):
        raise NotAllowed(gettext("Alleen de casusregisseur stelt een opvolger voor."))
    require_open(casus)
    errors: dict[str, list[str]] = {}
    if successor.pk == casus.case_director_id:
        errors["successor"] = [gettext("Kies een ander dan de huidige casusregisseur.")]
    elif not can_be_case_worker(successor.pk, casus.gemeente_id):
        errors["successor"] = [gettext(NOT_A_CASE_WORKER)]
    if to_team is not None and to_team.gemeente_id != casus.gemeente_id:
        errors["to_team"] = [gettext("Dit team hoort bij een andere gemeente.")]
    if not note.strip():
        errors["note"] = [gettext("Schrijf de opvolger wat er speelt (warme overdracht).")]
    if errors:
        raise ValidationFailed(gettext("Het voorstel tot overdracht is niet volledig."), field_errors=errors)
    try:
        with transaction.atomic():
            handover = Handover.objects.create(casus=casus, proposed_by_id=actor.user_id, successor=successor,
                                               to_team=to_team, note=note.strip(), proposed_at=clock.now())
            involve(casus=casus, medewerker_id=successor.pk, role="voorgestelde opvolger")
            log_change(actor=actor, event="casus.overdracht_voorgesteld", obj=casus, gemeente_id=casus.gemeente_id,
                       new={"opvolger": successor.pk, "team": to_team.pk if to_team else None})
    except IntegrityError as exc:
        raise Conflict(gettext("Er staat al een voorstel tot overdracht open voor deze casus.")) from exc
    return handover


def check_decide_handover(*, actor: Actor, handover: Handover, accept: bool, reason: str = "") -> Handover:
    """Only the proposed successor accepts or declines (declining needs a reason). Accepting makes them the case
    director (and moves the case to the new team); declining leaves everything with the current director.
    Event casus.overdracht_aanvaard or casus.overdracht_afgewezen."""
    if handover.successor_id != actor.user_id:
        raise NotAllowed(gettext("Alleen de voorgestelde opvolger beslist over de overdracht."))
    if handover.decided_at is not None:
        raise Conflict(gettext("Over deze overdracht is al beslist."))
    casus = handover.casus
    require_open(casus)
    if not accept and not reason.strip():
        raise ValidationFailed(gettext("Geef de reden van afwijzen."),
                               field_errors={"reason": [gettext("Vul een reden in.")]})
    with transaction.atomic():
        Handover.objects.filter(pk=handover.pk).update(decided_at=clock.now(), accepted=accept,
                                                       decline_reason=reason.strip())
        Involvement.objects.filter(casus=casus, medewerker_id=handover.successor_id, role="voorgestelde opvolger",
                                   valid_until__isnull=True).update(valid_until=clock.today())
        if accept:
            if handover.to_team_id and handover.to_team_id != casus.team_id:
                bump(casus, None, message=gettext(STALE_CASE), team_id=handover.to_team_id)
            do_assign_case_director(actor=actor, casus=casus, medewerker=handover.successor,
                                    reason="warme overdracht", expected_version=None)
        log_change(actor=actor, event="casus.overdracht_aanvaard" if accept else "casus.overdracht_afgewezen",
                   obj=casus, gemeente_id=casus.gemeente_id,
                   new={"opvolger": handover.successor_id, "reden": reason.strip() or None})
    handover.refresh_from_db()
    return handover
