"""The staffing page (formatieberekening) for whoever sees budgets (finance.view): docs/staffing.md."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext

from toegang.accounts.actors import actor_for_request
from toegang.core.errors import NotAllowed
from toegang.provisions.permissions import gemeenten_with_finance

from . import queries
from .staffing import StaffingError, compute, parameters, show


@login_required
def staffing(request):
    """Tabel 1, 2, 4, 4a, 5, 6 and Bijlage 1 for the chosen variant, from the profile or from live data."""
    actor = actor_for_request(request)
    gemeente_ids = gemeenten_with_finance(actor)
    if not gemeente_ids:
        raise NotAllowed(gettext("De formatieberekening is er voor beleid, control, procesregie en de backoffice."))
    from_profile, title = queries.profile_staffing_input(gemeente_ids)
    source = request.GET.get("bron")
    if source not in ("profiel", "actueel") or (source == "profiel" and from_profile is None):
        source = "profiel" if from_profile is not None else "actueel"
    if source == "profiel":
        formatie = from_profile
    else:
        live = queries.live_staffing_input(gemeente_ids)
        # live counts with the profile's parameters (variants, case mix, ...) or the seed's defaults
        formatie = {**{k: v for k, v in (from_profile or {}).items() if k not in ("gemeenten", "gepubliceerd")}, **live}
    variants = [int(n) for n in parameters(formatie)["varianten"]]
    try:
        variant = int(request.GET.get("variant") or parameters(formatie)["variant"])
    except ValueError:
        variant = variants[0]
    if variant not in variants:
        variant = int(parameters(formatie)["variant"]) if int(parameters(formatie)["variant"]) in variants else variants[0]
    report, error = None, ""
    if formatie.get("gemeenten"):
        try:
            report = compute(formatie, variant)
        except StaffingError as exc:
            error = str(exc)
    tables = [] if report is None else [{
        "code": t.code, "title": t.title, "caption": t.caption, "columns": t.columns,
        "rows": [{"label": r.label, "total": r.total, "cells": [show(r.cells.get(c.code), c.kind) for c in t.columns]}
                 for r in t.rows],
    } for t in report.tables]
    return render(request, "insight/staffing.html", {
        "title": title, "source": source, "has_profile_input": from_profile is not None,
        "variants": variants, "variant": variant, "report": report, "tables": tables, "error": error,
    })
