"""The long exports as background work (jobs/queue.py runs them): the whole management dashboard as one workbook,
section by section, recording its progress so the page can show it (docs/indicators.md "Long exports")."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext

from toegang.ui.charts import Table
from toegang.ui.exports import workbook_bytes

from . import actions, indicators
from .dashboard import SECTIONS
from .models import ExportJob


def filters_of(job: ExportJob) -> indicators.Filters:
    p = job.params
    return indicators.Filters(dt.date.fromisoformat(p["van"]), dt.date.fromisoformat(p["tot"]), job.gemeente_ids,
                              team_id=p.get("team"), wijk_id=p.get("wijk"))


def run_dashboard_export(job_id: int) -> None:
    """Every section of the dashboard for the job's filters, one sheet per chart or table plus the headline figures,
    in the language the job was asked in. A failure is recorded on the export (the person who asked reads it on the
    progress page) and raised again, so the background job counts the attempt, tries again up to its limit and ends
    `mislukt` on the page Achtergrondtaken (jobs/runner.py); a later attempt that succeeds finishes the export."""
    job = ExportJob.objects.get(pk=job_id)
    try:
        with translation.override(job.params.get("taal") or "nl"):
            filters = filters_of(job)
            items = []
            for done, build in enumerate(SECTIONS, start=1):
                section = build(filters)
                if section["figures"]:
                    items.append(Table(id=f"{section['id']}-kerncijfers", title=section["title"],
                                       columns=[gettext("Kerncijfer"), gettext("Waarde")],
                                       rows=[[label, value] for label, value in section["figures"]],
                                       definition=section["definition"]))
                items.extend(section["items"])
                actions.do_record_export_progress(job_id=job.pk, done=done)
            filename = f"dashboard-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.xlsx"
            actions.do_finish_export(job_id=job.pk, content=workbook_bytes(items), filename=filename)
    except Exception as exc:
        actions.do_fail_export(job_id=job_id, error=type(exc).__name__)
        raise
