"""Budgets per law and category with what is committed, providers' contract ceilings (warning at 70%), and
changing a ceiling from that page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.models import Gemeente
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
    profile_ids = list(Gemeente.objects.filter(pk__in=gemeente_ids).values_list("profile_id", flat=True).distinct())
    rows = queries.budgets(gemeente_ids, year)
    contract_rows = queries.contracts(profile_ids)
    can_edit = permissions.can_edit_any_catalogue(actor)
    if can_edit:
        ceiling_forms = ceiling_forms or {}
        for c in contract_rows:
            c.ceiling_form = ceiling_forms.get(c.pk) or CeilingForm(initial={"ceiling": c.ceiling},
                                                                    auto_id=f"plafond{c.pk}-%s")
    return render(request, "provisions/budget.html", {
        "year": year, "rows": rows, "contracts": contract_rows, "law_names": LAW_NAMES,
        "can_edit": can_edit,
        "years": [year - 1, year, year + 1],
        "budget_chart": [(f"{r.gemeente.name} · {LAW_NAMES[r.law]}"
                          f"{' · ' + PRODUCTCATEGORIE.get(r.law, {}).get(r.category, r.category) if r.category else ''}",
                          r.share) for r in rows],
        "contract_chart": [(r.provider.name, r.share) for r in contract_rows],
    })


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
