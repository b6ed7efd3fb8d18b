"""Reads of complaints and satisfaction answers. The case they belong to is read (scoped and logged) through
cases.queries.access_case first: these add the case's own rows, a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext

from toegang.cases.models import Casus
from toegang.core.errors import NotFound

from .models import Complaint, ComplaintHandling, SatisfactionAnswer


def complaints_of_case(casus: Casus) -> list[Complaint]:
    """The case's complaints, newest first, each with its stages (and their clocks and who concluded them) in
    `stage_list`: three queries whatever the number."""
    handlings = ComplaintHandling.objects.select_related("clock", "by").order_by("stage")
    rows = list(Complaint.objects.filter(casus=casus).select_related("against", "recorded_by")
                .prefetch_related(Prefetch("handlings", queryset=handlings, to_attr="stage_list"))
                .order_by("-received_on", "-pk"))
    return rows


def complaint_of_case(casus: Casus, complaint_id: int) -> Complaint:
    """One complaint of a case already read through access_case; another case's complaint is not found."""
    complaint = Complaint.objects.filter(casus=casus, pk=complaint_id).first()
    if complaint is None:
        raise NotFound(gettext("Klacht niet gevonden."))
    complaint.casus = casus  # the case as read (and logged), with its gemeente and profile
    return complaint


def satisfaction_answers_of(casus: Casus) -> list[SatisfactionAnswer]:
    """The household's satisfaction answers on the case, one per closure, the latest first: one query."""
    return list(SatisfactionAnswer.objects.filter(casus=casus).select_related("recorded_by")
                .order_by("-case_closed_at"))
