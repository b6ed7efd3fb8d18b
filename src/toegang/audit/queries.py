"""Reads of the audit trail, for the privacy officer (capability audit.view in the person's gemeente)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext

from toegang.accounts.capabilities import AUDIT_VIEW
from toegang.accounts.models import Role
from toegang.core.actor import Actor
from toegang.core.errors import NotAllowed, NotFound
from toegang.persons.models import EmergencyAccess, Resident
from toegang.persons.queries import log_household_list

from . import subject_export as export
from .keys import mac_matches
from .log import EMERGENCY_PURPOSE, emergency_marker
from .models import AccessLog, ChangeLog, RightsRequest, Verification
from .sealing import Checkpoint, newest_checkpoint
from .verify import verification_content


def _require_audit(actor: Actor, resident: Resident) -> None:
    if not actor.can(AUDIT_VIEW, resident.gemeente_id):  # the scope of this read
        raise NotAllowed(gettext("Alleen de privacy officer van deze gemeente mag het inzagelog raadplegen."))


def access_log_for_person(actor: Actor, resident: Resident) -> QuerySet[AccessLog]:
    """Who looked at this person, newest first (indexed through AccessLogSubject)."""
    _require_audit(actor, resident)
    return AccessLog.objects.filter(subjects__resident_id=resident.pk).select_related("actor").order_by("-seq")


def change_log_for_person(actor: Actor, resident: Resident) -> QuerySet[ChangeLog]:
    _require_audit(actor, resident)
    return ChangeLog.objects.filter(subjects__resident_id=resident.pk).select_related("actor").order_by("-seq")


def role_names_by_code() -> dict[str, str]:
    """Every role's name by its code, for an export that streams its rows (one query)."""
    return dict(Role.objects.values_list("code", "name"))


def with_role_names(rows: list) -> list:
    """Set `role_names` on log rows: the names of the roles recorded by code ("Generalist", not "generalist").
    One query for all rows."""
    codes = {code for row in rows for code in row.role.split(",") if code}
    names = dict(Role.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    for row in rows:
        row.role_names = ", ".join(names.get(code, code) for code in row.role.split(",") if code)
    return rows


@dataclass
class AuditStatus:
    checkpoint: Checkpoint | None
    verification: Verification | None
    verification_signed: bool


def audit_status(actor: Actor) -> AuditStatus:
    """The newest checkpoint and the last `toegang audit verify` outcome (its signature checked), for the page."""
    if not actor.can_anywhere(AUDIT_VIEW):  # the scope of this read
        raise NotAllowed(gettext("Alleen de privacy officer mag de status van het auditspoor zien."))
    verification = Verification.objects.order_by("-id").first()
    signed = verification is not None and mac_matches(verification_content(verification), verification.mac)
    return AuditStatus(newest_checkpoint(), verification, signed)


def subject_export(actor: Actor, resident: Resident) -> dict:
    """Everything Toegang holds about the resident, for an access request (AVG art. 15): audit/subject_export.py.
    The caller logs the read (persons.queries.access_resident with channel export)."""
    _require_audit(actor, resident)
    return export.build(resident, access_rows=list(access_log_for_person(actor, resident).order_by("seq")),
                        change_rows=list(change_log_for_person(actor, resident).order_by("seq")))


def rights_requests_for(actor: Actor, resident: Resident) -> QuerySet[RightsRequest]:
    """The resident's access and correction requests, newest first."""
    _require_audit(actor, resident)
    return RightsRequest.objects.filter(resident=resident).select_related("recorded_by").order_by("-received_on", "-pk")


def get_rights_request(pk: int) -> RightsRequest:
    """One request by id (no personal data: the caller opens the resident through persons.queries, logged)."""
    found = RightsRequest.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(gettext("Verzoek niet gevonden."))
    return found


# --- break-the-glass (persons.models.EmergencyAccess; docs/security.md) ------------------------------------------

EMERGENCY_REVIEW = "AVG: noodtoegang controleren"


def _reads_under(grant_ref) -> QuerySet[AccessLog]:
    """The access-log rows written under a grant (`grant_ref`: its id, or an OuterRef to it): by its staff member,
    since it started, with its mark in the purpose ("noodtoegang #12:", audit.log.emergency_purpose). The actor's
    index narrows the rows first."""
    return AccessLog.objects.filter(
        actor_id=grant_ref["medewerker_id"], at__gte=grant_ref["started_at"],
        purpose__contains=grant_ref["marker"])


def emergency_accesses_for(actor: Actor) -> QuerySet[EmergencyAccess]:
    """Every break-the-glass grant in the gemeenten where the actor is privacy officer (audit.view), newest first,
    with the staff member, the household, and `reads`: how many access-log rows were written under it. Other staff
    never see grants (NotAllowed). The caller takes a page and logs the households shown (log_emergency_page)."""
    gemeenten = actor.gemeenten_with(AUDIT_VIEW)
    if not gemeenten:
        raise NotAllowed(gettext("Alleen de privacy officer ziet wie noodtoegang nam."))
    marker = Concat(Value(f"{EMERGENCY_PURPOSE} #"), Cast(OuterRef("pk"), CharField()), Value(":"),
                    output_field=CharField())
    reads = (_reads_under({"medewerker_id": OuterRef("medewerker_id"), "started_at": OuterRef("started_at"),
                           "marker": marker})
             .order_by().values("actor_id").annotate(n=Count("seq")).values("n"))
    return (EmergencyAccess.objects.filter(gemeente_id__in=gemeenten)
            .select_related("medewerker", "household", "gemeente")
            .annotate(reads=Coalesce(Subquery(reads, output_field=IntegerField()), 0))
            .order_by("-started_at", "-id"))


def log_emergency_page(actor: Actor, grants: list[EmergencyAccess], *, resource: str = "") -> None:
    """The list names households (name and address): their members are logged as seen (one query)."""
    log_household_list(actor, sorted({g.household_id for g in grants}), purpose=EMERGENCY_REVIEW, channel="ui",
                       resource=resource)


def access_emergency_access(actor: Actor, grant_id: int, *, resource: str = "") -> EmergencyAccess:
    """One grant, for its gemeente's privacy officer; anyone else: not found. The household shown is logged."""
    grant = emergency_accesses_for(actor).filter(pk=grant_id).first()
    if grant is None:
        raise NotFound(gettext("Noodtoegang niet gevonden."))
    log_emergency_page(actor, [grant], resource=resource)
    return grant


def reads_under(grant: EmergencyAccess) -> QuerySet[AccessLog]:
    """The access-log rows written under this grant, newest first (after access_emergency_access)."""
    return _reads_under({"medewerker_id": grant.medewerker_id, "started_at": grant.started_at,
                         "marker": emergency_marker(grant.pk)}).select_related("actor").order_by("-seq")
