"""Reads for the staffing page: the live inputs of the staffing model. Counts only, no personal data."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from toegang.accounts.models import Gemeente, Team
from toegang.cases.models import Casus
from toegang.core.actor import Actor
from toegang.persons.models import Household

from .models import ExportJob

# A household is in care while it has an open case (any status but closed): the case is where the social team's
# work for the household lives. Indications alone (without a case) are not counted; see docs/staffing.md.
OPEN_CASE = [s for s in Casus.Status.values if s != Casus.Status.AFGESLOTEN]


def live_staffing_input(gemeente_ids: list[int]) -> dict[str, Any]:
    """The `formatie:` shape (gemeenten with their districts, households and households in care) from the database:
    one grouped query over households and their open cases, one over teams serving districts."""
    rows = (Household.objects.filter(gemeente_id__in=gemeente_ids)
            .values("gemeente_id", "gemeente__cbs_code", "gemeente__name", "wijk__name")
            .annotate(households=Count("id", distinct=True),
                      in_care=Count("id", distinct=True, filter=Q(casussen__status__in=OPEN_CASE)))
            .order_by("gemeente__name", "wijk__name"))
    teams = dict(Team.objects.filter(gemeente_id__in=gemeente_ids, wijken__isnull=False)
                 .values("gemeente_id").annotate(n=Count("id", distinct=True)).values_list("gemeente_id", "n"))
    gemeenten: dict[int, dict[str, Any]] = {}
    for row in rows:
        g = gemeenten.setdefault(row["gemeente_id"], {
            "cbs": row["gemeente__cbs_code"], "naam": row["gemeente__name"],
            "sociale_teams": teams.get(row["gemeente_id"]) or 1, "kernen": []})
        g["kernen"].append({"naam": row["wijk__name"] or "zonder wijk", "huishoudens": row["households"],
                            "huishoudens_in_zorg": row["in_care"]})
    return {"gemeenten": list(gemeenten.values())}


def profile_staffing_input(gemeente_ids: list[int]) -> tuple[dict[str, Any] | None, str]:
    """The `formatie:` section of the profile of these gemeenten, narrowed to them (a policy officer of one BUCH
    gemeente sees that gemeente), and the profile's title. None when the profile has no such section."""
    gemeenten = list(Gemeente.objects.filter(pk__in=gemeente_ids).select_related("profile").order_by("pk"))
    if not gemeenten:
        return None, ""
    profile = gemeenten[0].profile
    formatie = (profile.data or {}).get("formatie")
    if not formatie:
        return None, profile.title
    codes = {g.cbs_code for g in gemeenten if g.profile_id == profile.pk}
    mine = [g for g in formatie.get("gemeenten") or [] if g["cbs"] in codes]
    if not mine:
        return None, profile.title
    narrowed = {**formatie, "gemeenten": mine}
    if len(mine) < len(formatie["gemeenten"]):
        narrowed.pop("gepubliceerd", None)  # the published totals cover every gemeente of the profile
    return narrowed, profile.title


def export_job_for(actor: Actor, job_id: int, *, with_file: bool = False) -> ExportJob | None:
    """The export job when the actor asked for it (a job holds counts only, but it is one person's work: another
    gets the same answer as for a job that does not exist). The file is read only when asked for."""
    jobs = ExportJob.objects.filter(pk=job_id, requested_by_id=actor.user_id)
    return (jobs if with_file else jobs.defer("content")).first()
