"""Writes of process direction: a case's process director (procesregisseur) beside its case director.

Stadskanaal (seed 004 §3.6–3.8): the process director stands outside the family, watches progress and steps in;
the case director works with the family. Krimpen (seed 002 §3.2.2) has three kinds, each with their own worklist.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from toegang.audit.log import log_change
from toegang.cases.models import Casus
from toegang.cases.permissions import can_write_journal, require_open
from toegang.cases.queries import subject_ids
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.tasks.actions import notify
from toegang.tasks.models import Notification

from . import signals
from .models import ProcessDirector
from .permissions import can_assign_process_director, can_be_process_director, contact_point_recipients

NOT_A_PROCESS_DIRECTOR = gettext_noop("Alleen medewerkers met procesregie in deze gemeente kunnen procesregisseur "
                                      "van een casus zijn.")
STALE = gettext_noop("De procesregie van deze casus is intussen gewijzigd; er is niets veranderd. Bekijk de "
                     "huidige procesregisseur en probeer het zo nodig opnieuw.")
MESSAGE_MAX = 200  # the message travels in the notification (300 characters with the topic and the case)


def _lock_current(casus: Casus, expected_current: int | None) -> ProcessDirector | None:
    """Lock the case (one change of its process direction at a time) and return the current process director;
    refuse when it is not the one the form showed (`expected_current`: its id, 0 for none; None: do not check)."""
    Casus.objects.select_for_update().filter(pk=casus.pk).first()
    current = ProcessDirector.objects.filter(casus=casus, until__isnull=True).first()
    if expected_current is not None and (current.pk if current else 0) != expected_current:
        raise Conflict(gettext(STALE))
    return current


def check_assign_process_director(*, actor: Actor, casus: Casus, medewerker, kind: str, reason: str,
                                  expected_current: int | None = None) -> ProcessDirector:
    """Make `medewerker` the case's process director of `kind` (a code of the profile's procesregie.soorten),
    replacing the current one. Rules: the actor holds cases.direct in the case's gemeente; the case is open; the
    new process director holds cases.direct there too; a reason is given. Event casus.procesregisseur_gewijzigd;
    the new process director is told (unless they assigned themselves)."""
    if not can_assign_process_director(actor, casus.gemeente_id):
        raise NotAllowed(gettext("U mag geen procesregisseur toewijzen."))
    require_open(casus)
    errors: dict[str, list[str]] = {}
    if medewerker is None or not can_be_process_director(medewerker.pk, casus.gemeente_id):
        errors["medewerker"] = [gettext(NOT_A_PROCESS_DIRECTOR)]
    elif signals.outside_family(casus.gemeente.profile.data) and casus.case_director_id == medewerker.pk:
        errors["medewerker"] = [gettext("De procesregisseur staat buiten het gezin en krijgt informatie via de "
                                        "casusregisseur: kies een ander dan de casusregisseur van deze casus.")]
    kinds = dict(signals.kinds(casus.gemeente.profile.data))
    if kind not in kinds:
        errors["kind"] = [gettext("Kies een soort procesregie uit het profiel.")]
    if not reason.strip():
        errors["reason"] = [gettext("Geef een reden.")]
    if errors:
        raise ValidationFailed(gettext("De procesregisseur is niet toegewezen."), field_errors=errors)
    now = clock.now()
    with transaction.atomic():
        current = _lock_current(casus, expected_current)
        if current and current.medewerker_id == medewerker.pk and current.kind == kind:
            return current
        if current:
            ProcessDirector.objects.filter(pk=current.pk).update(until=now, end_reason=f"vervangen: {reason.strip()}"[:500])
        created = ProcessDirector.objects.create(casus=casus, medewerker=medewerker, kind=kind, since=now,
                                                 reason=reason.strip()[:500])
        log_change(actor=actor, event="casus.procesregisseur_gewijzigd", obj=casus, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus),
                   old={"procesregisseur": current.medewerker_id if current else None,
                        "soort": current.kind if current else None},
                   new={"procesregisseur": medewerker.pk, "soort": kind, "reden": reason.strip()})
        if medewerker.pk != actor.user_id:
            notify(recipient_ids=[medewerker.pk],
                   text=gettext_noop("U bent procesregisseur (%(kind)s) van casus %(casus)s."),
                   params={"kind": kinds[kind], "casus": casus.pk}, kind=Notification.Kind.TOEGEWEZEN,
                   url=reverse("cases:case", args=[casus.pk]) + "#procesregie", subject=casus)
    return created


def check_end_process_director(*, actor: Actor, casus: Casus, reason: str,
                               expected_current: int | None = None) -> ProcessDirector:
    """End the case's process direction (the case runs on with its case director alone), with a reason. Rules as
    for assigning; a case without a process director has nothing to end. Event casus.procesregisseur_beeindigd."""
    if not can_assign_process_director(actor, casus.gemeente_id):
        raise NotAllowed(gettext("U mag de procesregie van deze casus niet beëindigen."))
    if not reason.strip():
        raise ValidationFailed(gettext("De procesregie is niet beëindigd."),
                               field_errors={"reason": [gettext("Geef een reden.")]})
    with transaction.atomic():
        current = _lock_current(casus, expected_current)
        if current is None:
            raise Conflict(gettext("Deze casus heeft geen procesregisseur."))
        current.until = clock.now()
        current.end_reason = reason.strip()[:500]
        ProcessDirector.objects.filter(pk=current.pk).update(until=current.until, end_reason=current.end_reason)
        log_change(actor=actor, event="casus.procesregisseur_beeindigd", obj=casus, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus), old={"procesregisseur": current.medewerker_id, "soort": current.kind},
                   new={"reden": current.end_reason})
    return current


def check_inform_contact_point(*, actor: Actor, casus: Casus, topic: str, message: str) -> list[int]:
    """Tell the process director of a topic about this case (Krimpen seed 002 §3.8 step 13: a case director who
    thinks AMHK, jeugdbescherming, jeugdreclassering or the veiligheidshuis should be brought in "moet de
    procesregisseur hiervan op de hoogte stellen"). `topic` is a code of the profile's procesregie.contactpunten.
    Rules: the actor writes in the case's journal; the case is open; a message is given. Event
    casus.procesregie_geinformeerd (the case's timeline shows it); returns who was told."""
    if not can_write_journal(actor, casus):
        raise NotAllowed(gettext("U mag de procesregie over deze casus niet op de hoogte stellen."))
    require_open(casus)
    points = {p["code"]: p for p in signals.contact_points(casus.gemeente.profile.data)}
    errors: dict[str, list[str]] = {}
    if topic not in points:
        errors["topic"] = [gettext("Kies een onderwerp uit de lijst.")]
    if not message.strip():
        errors["message"] = [gettext("Schrijf wat de procesregisseur moet weten.")]
    elif len(message.strip()) > MESSAGE_MAX:
        errors["message"] = [gettext("Houd het bericht kort: ten hoogste %(n)s tekens; de rest hoort in het "
                                     "journaal.") % {"n": MESSAGE_MAX}]
    if errors:
        raise ValidationFailed(gettext("De procesregie is niet op de hoogte gesteld."), field_errors=errors)
    point = points[topic]
    recipients = [r for r in contact_point_recipients(casus.gemeente_id, point["soort"]) if r != actor.user_id]
    with transaction.atomic():
        log_change(actor=actor, event="casus.procesregie_geinformeerd", obj=casus, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus),
                   new={"contactpunt": topic, "soort": point["soort"], "bericht": message.strip(),
                        "ontvangers": recipients})
        notify(recipient_ids=recipients,
               text=gettext_noop("Contactpunt %(topic)s, casus %(casus)s: %(message)s"),
               params={"topic": point["onderwerp"], "casus": casus.pk, "message": message.strip()[:MESSAGE_MAX]},
               kind=Notification.Kind.OVERIG,
               url=reverse("cases:case", args=[casus.pk]) + "#procesregie")
    return recipients
