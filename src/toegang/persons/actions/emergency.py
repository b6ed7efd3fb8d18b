"""Break-the-glass (noodtoegang): a staff member opens a household outside their scope in an emergency, states why,
for a limited time; the privacy officer is told (docs/security.md "Break-the-glass (noodtoegang)").

AVG art. 5 lid 1 onder f and art. 32 (integrity and confidentiality: access only as far as needed, and
accountable), NEN 7510-2 9.4.1 and NEN 7513 (emergency access to personal health data is allowed only with a
recorded reason, is logged as such and is reviewed afterwards).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from stdnum.nl import bsn as nl_bsn

from toegang.accounts.capabilities import AUDIT_VIEW
from toegang.accounts.models import Medewerker
from toegang.accounts.queries import holders_filter
from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.dates import fmt
from toegang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from toegang.tasks.actions import notify
from toegang.tasks.models import Notification

from .. import permissions
from ..models import (
    EMERGENCY_ACCESS_MAX_MINUTES,
    EMERGENCY_REASON_MAX,
    EMERGENCY_REASON_MIN,
    EmergencyAccess,
    Household,
    Resident,
)
from ..queries import emergency_target, grants_in_force, regularly_visible

# The notification to the privacy officer (stored Dutch, shown in the reader's language: tasks.models)
NOTIFICATION = gettext_noop("Noodtoegang: %(who)s opende een huishouden in %(gemeente)s buiten het eigen bereik, "
                            "tot %(until)s. Reden: %(reason)s")
REASON_IN_NOTIFICATION = 150


def emergency_minutes() -> int:
    """How long a grant lasts: the installation's setting, at least one minute and never more than the maximum."""
    return max(1, min(int(settings.EMERGENCY_ACCESS_MINUTES), EMERGENCY_ACCESS_MAX_MINUTES))


def clean_reason(reason: str) -> str:
    """The reason as stored: trimmed; refused when shorter than EMERGENCY_REASON_MIN or longer than the maximum."""
    reason = (reason or "").strip()
    if len(reason) < EMERGENCY_REASON_MIN:
        raise ValidationFailed(
            gettext("Noodtoegang vraagt een reden."),
            field_errors={"reden": [gettext("Beschrijf de noodsituatie in ten minste %(n)s tekens.")
                                    % {"n": EMERGENCY_REASON_MIN}]})
    if len(reason) > EMERGENCY_REASON_MAX:
        raise ValidationFailed(
            gettext("De reden is te lang."),
            field_errors={"reden": [gettext("Gebruik ten hoogste %(n)s tekens.") % {"n": EMERGENCY_REASON_MAX}]})
    return reason


def _moment(at: dt.datetime) -> str:
    local = timezone.localtime(at)
    return f"{local:%H:%M} ({fmt(local.date())})"


def check_request_emergency_access(*, actor: Actor, reason: str, bsn: str = "", household_id: int | None = None,
                                   resident_id: int | None = None) -> EmergencyAccess:
    """The break-the-glass form: the reason first (no lookup without one), then the household named by a BSN
    (elfproef) or by the household or resident of a link the actor opened, in a gemeente where they may ask one
    (persons.queries.emergency_target); then check_break_the_glass. Not found: the same answer whether the household
    does not exist or lies in another gemeente."""
    if not permissions.may_break_the_glass(actor):
        raise NotAllowed(gettext("U kunt geen noodtoegang krijgen."))
    reason = clean_reason(reason)
    bsn = (bsn or "").strip()
    if bsn:
        compact = nl_bsn.compact(bsn)
        if not (compact.isdigit() and len(compact) == 9 and nl_bsn.is_valid(compact)):
            raise ValidationFailed(gettext("Controleer het BSN."),
                                   field_errors={"bsn": [gettext("BSN voldoet niet aan de elfproef.")]})
    elif not household_id and not resident_id:
        raise ValidationFailed(gettext("Noodtoegang is niet volledig."),
                               field_errors={"bsn": [gettext("Vul het BSN in van een inwoner van het huishouden.")]})
    household = emergency_target(actor, bsn=bsn, household_id=household_id, resident_id=resident_id)
    if household is None:
        raise ValidationFailed(
            gettext("Geen huishouden gevonden waartoe u noodtoegang kunt krijgen."),
            field_errors={"bsn": [gettext("Geen inwoner met dit BSN in een gemeente waar u noodtoegang kunt krijgen.")
                                  if bsn else gettext("Vul het BSN in van een inwoner van het huishouden.")]})
    return check_break_the_glass(actor=actor, household=household, reason=reason)


def check_break_the_glass(*, actor: Actor, household: Household, reason: str) -> EmergencyAccess:
    """Open `household` to the actor for EMERGENCY_ACCESS_MINUTES (never longer than the maximum), read-only.

    Rules: only in a gemeente where the actor sees persons by team (persons.permissions.can_break_the_glass; others
    get NotAllowed); a reason of at least EMERGENCY_REASON_MIN characters; not for a household the actor already
    sees (nothing to break); one grant in force per staff member and household (Conflict). Event
    huishouden.noodtoegang; every privacy officer of the gemeente (audit.view) is notified with the reason."""
    if not permissions.can_break_the_glass(actor, household.gemeente_id):
        raise NotAllowed(gettext("U kunt in deze gemeente geen noodtoegang krijgen."))
    reason = clean_reason(reason)
    if regularly_visible(actor, household.pk):
        raise ValidationFailed(gettext("U heeft al toegang tot dit huishouden; noodtoegang is niet nodig."),
                               field_errors={"bsn": [gettext("Dit huishouden valt al binnen uw bereik. Zoek het op "
                                                             "via Zoeken.")]})
    current = grants_in_force(actor).filter(household=household).first()
    if current is not None:
        raise Conflict(gettext("U heeft al noodtoegang tot dit huishouden, tot %(until)s.")
                       % {"until": _moment(current.expires_at)})
    return do_break_the_glass(actor=actor, household=household, reason=reason)


def do_break_the_glass(*, actor: Actor, household: Household, reason: str) -> EmergencyAccess:
    """The grant, its change-log row and the notifications, in one transaction. A grant of the same pair that
    expired is closed first (ended_at = its expiry), so one stays open per pair (the database's constraint)."""
    now = clock.now()
    expires_at = now + dt.timedelta(minutes=emergency_minutes())
    try:
        with transaction.atomic():
            for expired in EmergencyAccess.objects.select_for_update().filter(
                    medewerker_id=actor.user_id, household=household, ended_at__isnull=True, expires_at__lte=now):
                expired.ended_at = expired.expires_at
                expired.save(update_fields=["ended_at"])
            grant = EmergencyAccess.objects.create(medewerker_id=actor.user_id, household=household,
                                                   gemeente_id=household.gemeente_id, reason=reason, started_at=now,
                                                   expires_at=expires_at)
            members = list(Resident.objects.filter(household=household, merged_into__isnull=True)
                           .values_list("pk", flat=True))
            log_change(actor=actor, event="huishouden.noodtoegang", obj=grant, gemeente_id=household.gemeente_id,
                       subject_ids=members,
                       new={"huishouden": household.pk, "reden": reason, "vanaf": now, "tot": expires_at})
            who = Medewerker.objects.filter(pk=actor.user_id).first()
            officers = Medewerker.objects.filter(holders_filter(AUDIT_VIEW, household.gemeente_id))\
                .exclude(pk=actor.user_id).values_list("pk", flat=True)
            short = reason if len(reason) <= REASON_IN_NOTIFICATION else reason[:REASON_IN_NOTIFICATION - 1] + "…"
            notify(recipient_ids=list(officers), text=NOTIFICATION,
                   params={"who": (who.get_full_name() or who.get_username()) if who else actor.label,
                           "gemeente": household.gemeente.name, "until": _moment(expires_at), "reason": short},
                   url=reverse("audit:emergency-access", args=[grant.pk]), kind=Notification.Kind.NOODTOEGANG)
    except IntegrityError:  # the same request twice at once: the other one made the grant
        raise Conflict(gettext("U heeft al noodtoegang tot dit huishouden.")) from None
    return grant


def check_end_emergency_access(*, actor: Actor, grant_id: int) -> EmergencyAccess:
    """The staff member ends their grant before it expires: the household is out of their scope again at once.
    Someone else's grant is not found. A grant that already ended or expired: Conflict. Event
    huishouden.noodtoegang_beeindigd."""
    grant = EmergencyAccess.objects.filter(pk=grant_id).select_related("household").first()
    if grant is None or not permissions.can_end_emergency_access(actor, grant):
        raise NotFound(gettext("Noodtoegang niet gevonden."))
    if grant.ended_at is not None or grant.expires_at <= clock.now():
        raise Conflict(gettext("Deze noodtoegang was al afgelopen."))
    return do_end_emergency_access(actor=actor, grant=grant)


def do_end_emergency_access(*, actor: Actor, grant: EmergencyAccess) -> EmergencyAccess:
    with transaction.atomic():
        now = clock.now()
        updated = EmergencyAccess.objects.filter(pk=grant.pk, ended_at__isnull=True, expires_at__gt=now)\
            .update(ended_at=now)
        if not updated:
            raise Conflict(gettext("Deze noodtoegang was al afgelopen."))
        grant.ended_at = now
        log_change(actor=actor, event="huishouden.noodtoegang_beeindigd", obj=grant, gemeente_id=grant.gemeente_id,
                   subject_ids=Resident.objects.filter(household_id=grant.household_id, merged_into__isnull=True)
                   .values_list("pk", flat=True),
                   old={"tot": grant.expires_at}, new={"beeindigd": now})
    return grant
