"""Budgets per law and category with what is committed and realised, the forecast to the year's end and its
warnings, budgets split by a guideline, providers' contract ceilings (warning at 70% and at the pace of spending),
and changing a ceiling from that page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.core.errors import NotAllowed, NotFound
from toegang.core.paging import whole_number_filter
from toegang.ui.posting import post_form

from .. import actions, permissions, queries
from ..codes import LAW_NAMES, PRODUCTCATEGORIE
from ..forms import CeilingForm
from ..models import Contract


@login_required
def budget(request):
    """Budgets per law and category with what is committed, and providers' contract ceilings (warning at 70%)."""
    return _budget_page(request, actor_for_request(request))


def _budget_page(request, actor, ceiling_forms=None):
    """The budget page; `ceiling_forms` ({contract pk: form}) puts a posted ceiling back in place."""
    gemeente_ids = permissions.gemeenten_with_finance(actor)
    if not gemeente_ids:
        raise NotAllowed(gettext("Budgetten zijn er voor beleid, control, procesregie en de backoffice."))
    year = whole_number_filter(request, "jaar", 2015, 2100, gettext_noop("jaar")) or timezone.localdate().year
    today = timezone.localdate()
    rows = queries.budgets(gemeente_ids, year, today)
    parts = queries.budget_parts([r.pk for r in rows if r.has_split], today)
    contract_rows = queries.contracts(gemeente_ids, today)
    for r in rows:
        r.name = _budget_name(r)
        r.split = [p for p in parts if p.budget_id == r.pk]
        for p in r.split:
            p.name_in_budget = f"{r.name} · {p.name}"
    warnings = [{"kind": "budget", "name": r.name, "gemeente": r.gemeente.name, "row": r}
                for r in rows if r.forecast.over]
    warnings += [{"kind": "budget", "name": p.name_in_budget, "gemeente": r.gemeente.name, "row": p}
                 for r in rows for p in r.split if p.forecast.over]
    warnings += [{"kind": "contract", "name": f"{c.provider.name} ({c.code})", "row": c, "amount": c.ceiling}
                 for c in contract_rows if c.forecast.over]
    can_edit = permissions.can_edit_any_catalogue(actor)
    if can_edit:
        ceiling_forms = ceiling_forms or {}
        for c in contract_rows:
            c.ceiling_form = ceiling_forms.get(c.pk) or CeilingForm(initial={"ceiling": c.ceiling},
                                                                    auto_id=f"plafond{c.pk}-%s")
    return render(request, "provisions/budget.html", {
        "year": year, "rows": rows, "contracts": contract_rows, "law_names": LAW_NAMES,
        "can_edit": can_edit, "warnings": warnings, "split_rows": [r for r in rows if r.split],
        "years": [year - 1, year, year + 1],
        "budget_chart": [(f"{r.gemeente.name} · {r.name}", r.share) for r in rows],
        "contract_chart": [(r.provider.name, r.share) for r in contract_rows],
    })


def _budget_name(row) -> str:
    """'Jeugdwet', or 'Jeugdwet · Jeugdhulp verblijf (incl. behandeling)' for a budget of one category."""
    category = PRODUCTCATEGORIE.get(row.law, {}).get(row.category, row.category) if row.category else ""
    return f"{LAW_NAMES[row.law]}{' · ' + category if category else ''}"


@login_required
@require_POST
def set_ceiling(request, pk: int):
    actor = actor_for_request(request)
    contract = Contract.objects.filter(pk=pk, profile_id__in=queries.actor_profiles(actor)).select_related("profile").first()
    if contract is None:
        raise NotFound()
    permissions.require_catalogue_editor(actor, contract.profile)
    return post_form(request, CeilingForm(request.POST, auto_id=f"plafond{contract.pk}-%s"),
                     run=lambda d: actions.check_set_contract_ceiling(actor=actor, contract=contract,
                                                                      ceiling=d["ceiling"]),
                     rerender=lambda form: _budget_page(request, actor, ceiling_forms={contract.pk: form}),
                     ok=gettext("Het plafond is gewijzigd."), success_url=reverse("provisions:budget"))
