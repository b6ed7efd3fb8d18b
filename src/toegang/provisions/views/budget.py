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
from toegang.ui.charts import Chart, Series, Table
from toegang.ui.exports import respond_with_export
from toegang.ui.posting import post_form

from .. import actions, permissions, queries
from ..codes import LAW_NAMES, PRODUCTCATEGORIE
from ..forms import CeilingForm
from ..models import Contract
from ..queries import WARN_SHARE


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
    charts_and_tables = _charts_and_tables(year, rows, contract_rows)
    exported = respond_with_export(request, list(charts_and_tables.values()), f"budget-{year}")
    if exported is not None:
        return exported
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
        **charts_and_tables,
    })


def _charts_and_tables(year: int, rows, contract_rows) -> dict:
    """The page's charts and its tables as data (toegang.ui.charts), so each exports to CSV and XLSX."""
    law = {code: str(name) for code, name in LAW_NAMES.items()}
    budget_chart = Chart(
        id="budget-aandeel", title=gettext("Deel van het budget dat is vastgelegd"), kind="hbar", unit="procent",
        labels=[f"{r.gemeente.name} · {r.name}" for r in rows],
        series=[Series(gettext("Vastgelegd"), [r.share for r in rows])], threshold=float(WARN_SHARE),
        definition=gettext("Vastgelegd (verplichtingen uit toegekende besluiten) gedeeld door het budget."))
    contract_chart = Chart(
        id="contract-aandeel", title=gettext("Deel van het contractplafond dat is vastgelegd"), kind="hbar",
        unit="procent", labels=[f"{c.provider.name} ({c.code})" for c in contract_rows],
        series=[Series(gettext("Vastgelegd"), [c.share for c in contract_rows])], threshold=float(WARN_SHARE),
        definition=gettext("Vastgelegd over alle looptijdjaren gedeeld door het plafond; vanaf 70% overleg."))
    budget_table = Table(
        id="budgetten", title=gettext("Vastgelegd per wet en productcategorie %(jaar)s") % {"jaar": year},
        columns=[gettext("Gemeente"), gettext("Wet"), gettext("Categorie"), gettext("Budget"), gettext("Vastgelegd"),
                 gettext("Deel"), gettext("Gerealiseerd (goedgekeurde declaraties)"), gettext("Prognose jaareinde"),
                 gettext("Boven budget")],
        rows=[[r.gemeente.name, law.get(r.law, r.law), _category(r) or gettext("alle"), r.amount, r.committed,
               r.share, r.realised, r.forecast.amount, gettext("ja") if r.forecast.over else gettext("nee")]
              for r in rows],
        units=["tekst", "tekst", "tekst", "euro", "euro", "procent", "euro", "euro", "tekst"])
    split_table = Table(
        id="verdeling", title=gettext("Verdeling volgens richtlijn %(jaar)s") % {"jaar": year},
        columns=[gettext("Gemeente"), gettext("Budget en deel"), gettext("Productcategorieën"), gettext("Aandeel"),
                 gettext("Bedrag"), gettext("Vastgelegd"), gettext("Gerealiseerd (goedgekeurde declaraties)"),
                 gettext("Prognose jaareinde"), gettext("Boven budget")],
        rows=[[r.gemeente.name, p.name_in_budget, ", ".join(p.category_codes), p.share, p.amount, p.committed,
               p.realised, p.forecast.amount, gettext("ja") if p.forecast.over else gettext("nee")]
              for r in rows for p in r.split],
        units=["tekst", "tekst", "tekst", "procent", "euro", "euro", "euro", "euro", "tekst"])
    contract_table = Table(
        id="contracten", title=gettext("Contractplafonds van aanbieders"),
        columns=[gettext("Aanbieder"), gettext("AGB-code"), gettext("Contract"), gettext("Begin"), gettext("Einde"),
                 gettext("Plafond"), gettext("Vastgelegd"), gettext("Deel"),
                 gettext("Gerealiseerd (goedgekeurde declaraties)"), gettext("Prognose einde looptijd of jaar"),
                 gettext("Prognose tot"), gettext("Boven plafond")],
        rows=[[c.provider.name, c.provider.agb_code, c.code, c.valid_from, c.valid_until, c.ceiling, c.committed,
               c.share, c.realised, c.forecast.amount, c.forecast_end,
               gettext("ja") if c.forecast.over else gettext("nee")] for c in contract_rows],
        units=["tekst", "tekst", "tekst", "datum", "datum", "euro", "euro", "procent", "euro", "euro", "datum",
               "tekst"],
        definition=gettext("Alle looptijdjaren samen"))
    return {"budget_chart": budget_chart, "contract_chart": contract_chart, "budget_table": budget_table,
            "split_table": split_table, "contract_table": contract_table}


def _category(row) -> str:
    return f"{PRODUCTCATEGORIE.get(row.law, {}).get(row.category, row.category)} ({row.category})" \
        if row.category else ""


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
