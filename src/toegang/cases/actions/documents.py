"""Documents of a case: an upload is parsed before anything is stored (cases.documents.inspect_document)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import NotAllowed, ValidationFailed

from ..documents import DocumentRefused, inspect_document
from ..models import DOCUMENT_TYPES, CaseDocument, Casus
from ..permissions import can_write_journal, require_open


def check_add_document(*, actor: Actor, casus: Casus, kind: str, title: str, upload) -> CaseDocument:
    """Attach a document (PDF, PNG, JPEG or DOCX, at most TOEGANG_DOCUMENT_MAX_BYTES). The content is parsed
    (documents.inspect_document): a file that is not really that type, or carries active content, is refused
    with a clear message and nothing is stored; an image is stored re-encoded. Event casus.document."""
    if not can_write_journal(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur en betrokkenen voegen documenten toe."))
    require_open(casus)
    errors: dict[str, list[str]] = {}
    if kind not in {c for c, _ in DOCUMENT_TYPES}:
        errors["kind"] = [gettext("Kies de soort document.")]
    if not title.strip():
        errors["title"] = [gettext("Geef het document een titel.")]
    limit = settings.TOEGANG_DOCUMENT_MAX_BYTES
    if upload is None or upload.size == 0:
        errors["file"] = [gettext("Kies een bestand.")]
    elif upload.size > limit:
        errors["file"] = [gettext("Het bestand is te groot (%(size)s kB); het maximum is %(max)s MB.") % {
            "size": upload.size // 1024, "max": limit // (1024 * 1024)}]
    inspected = None
    if upload is not None and "file" not in errors:
        upload.seek(0)
        data = upload.read(limit + 1)  # the size was checked above; never read more than the limit
        try:
            inspected = inspect_document(data)
        except DocumentRefused as refused:
            errors["file"] = [refused.message]
    if errors:
        raise ValidationFailed(gettext("Het document is niet toegevoegd."), field_errors=errors)
    content_type, extension, content = inspected.content_type, inspected.extension, inspected.content
    with transaction.atomic():
        document = CaseDocument(casus=casus, kind=kind, title=title.strip(), content_type=content_type,
                                size=len(content), by_id=actor.user_id, at=clock.now())
        document.file.save(f"casus-{casus.pk}{extension}", ContentFile(content), save=False)
        document.save()
        log_change(actor=actor, event="casus.document", obj=casus, gemeente_id=casus.gemeente_id,
                   new={"document": document.pk, "soort": kind, "titel": document.title, "grootte": len(content),
                        "type": content_type})
    return document
