"""The evaluation reports (issue 15 item 6; docs/evaluation.md): the list, and one report over a period and the
gemeenten the reader may see. Counts only, no personal data, so no access log."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from toegang.accounts.actors import actor_for_request
from toegang.accounts.models import Gemeente
from toegang.core.errors import NotAllowed, NotFound
from toegang.core.paging import choice_filter, id_filter, whole_number_filter
from toegang.ui.exports import respond_with_export

from .evaluation import REPORTS, answer
from .indicators import Filters
from .permissions import evaluation_gemeenten

# The part of the year a report covers: (code, label, first month, last month).
PARTS = [("jaar", gettext_noop("heel het jaar"), 1, 12), ("h1", gettext_noop("eerste halfjaar"), 1, 6),
         ("h2", gettext_noop("tweede halfjaar"), 7, 12), ("k1", gettext_noop("eerste kwartaal"), 1, 3),
         ("k2", gettext_noop("tweede kwartaal"), 4, 6), ("k3", gettext_noop("derde kwartaal"), 7, 9),
         ("k4", gettext_noop("vierde kwartaal"), 10, 12)]


def _allowed(request) -> list[int]:
    gemeente_ids = evaluation_gemeenten(actor_for_request(request))
    if not gemeente_ids:
        raise NotAllowed(gettext("De evaluatierapporten zijn er voor beleid, control en procesregie."))
    return gemeente_ids


@login_required
def evaluation_list(request):
    """The three reports, each with the questions it answers."""
    _allowed(request)
    return render(request, "insight/evaluation_list.html", {"reports": list(REPORTS.values())})


def _period(request) -> tuple[int, str, dt.date, dt.date]:
    """The chosen year and part of it; by default the last full calendar year."""
    today = timezone.localdate()
    year = whole_number_filter(request, "jaar", 2010, today.year, gettext_noop("jaar")) or today.year - 1
    part = choice_filter(request, "deel", [(code, label) for code, label, _f, _l in PARTS],
                         gettext_noop("deel van het jaar")) or "jaar"
    _code, _label, first, last = next(p for p in PARTS if p[0] == part)
    end = (dt.date(year + 1, 1, 1) if last == 12 else dt.date(year, last + 1, 1)) - dt.timedelta(days=1)
    return year, part, dt.date(year, first, 1), end


@login_required
def evaluation_report(request, slug: str):
    """One report: each question in the seed's words, answered by tables and charts over the period, or the reason
    Toegang cannot answer it. `?export=<id>&formaat=csv|xlsx` gives one table as a file."""
    gemeente_ids = _allowed(request)
    report = REPORTS.get(slug)
    if report is None:
        raise NotFound(gettext("Dit evaluatierapport bestaat niet."))
    year, part, start, end = _period(request)
    gemeenten = list(Gemeente.objects.filter(pk__in=gemeente_ids).order_by("name").values_list("pk", "name"))
    chosen = id_filter(request, "gemeente", gettext_noop("gemeente"))
    if chosen is not None and chosen not in gemeente_ids:
        raise NotFound(gettext("Deze gemeente hoort niet bij uw werk."))
    filters = Filters(start, end, [chosen] if chosen else gemeente_ids)
    answered = answer(report, filters)
    exported = respond_with_export(request, [item for a in answered for item in a.items],
                                   f"evaluatie-{report.slug}-{year}-{part}")
    if exported is not None:
        return exported
    return render(request, "insight/evaluation_report.html", {
        "report": report, "answered": answered, "year": year, "part": part, "start": start, "end": end,
        "years": list(range(timezone.localdate().year, 2013, -1)), "parts": [(c, label) for c, label, _f, _l in PARTS],
        "gemeenten": gemeenten, "chosen": chosen,
        "gemeente_names": ", ".join(name for pk, name in gemeenten if chosen in (None, pk)),
    })
