"""Reads of the audit trail, for the privacy officer (capability audit.view in the person's gemeente)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext

from toegang.accounts.capabilities import AUDIT_VIEW
from toegang.accounts.models import Role
from toegang.core.actor import Actor
from toegang.core.errors import NotAllowed, NotFound
from toegang.persons.models import Resident

from . import subject_export as export
from .keys import mac_matches
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
