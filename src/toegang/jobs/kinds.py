"""The kinds of background job: a name (stored on the job, used by the schedule), the function that does the work
(found by its dotted path when the job runs, so this app imports none of the apps whose work it runs) and the
label functional administration reads on the page Achtergrondtaken.

A job's arguments are ids and dates, never personal data: they are shown to functional administration and kept
when the job fails, so it can run again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    function: str  # dotted path, called as function(*arguments)
    label: str


KINDS: dict[str, Kind] = {
    "herbeoordelingen": Kind("toegang.jobs.work.raise_reassessment_tasks", _("Herbeoordelingen klaarzetten")),
    "termijnsignalen": Kind("toegang.jobs.work.signal_due_clocks", _("Termijnen die bijna verlopen melden")),
    "berichten-ophalen": Kind("toegang.jobs.work.pick_up_messages", _("Berichten ophalen en beantwoorden")),
    "audit-checkpoint": Kind("toegang.jobs.work.audit_checkpoint", _("Auditspoor verzegelen")),
    "verwijsindex-verlopen": Kind("toegang.jobs.work.expire_verwijsindex_signals",
                                  _("Verlopen signalen in de verwijsindex afsluiten")),
    "dashboard-export": Kind("toegang.insight.jobs.run_dashboard_export", _("Dashboard exporteren")),
}


def kind_of(func: Callable) -> str:
    """The kind whose work `func` is; a function that is no kind is refused (every job has a label)."""
    path = f"{func.__module__}.{func.__qualname__}"
    for name, kind in KINDS.items():
        if kind.function == path:
            return name
    raise ValueError(f"{path} is geen soort achtergrondtaak (toegang/jobs/kinds.py)")


def function_of(kind: str) -> Callable:
    return import_string(KINDS[kind].function)


def label_of(kind: str) -> str:
    found = KINDS.get(kind)
    return str(found.label) if found else str(_("Onbekende taak"))
