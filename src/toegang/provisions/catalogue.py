"""The catalogue and mandate sections of a profile (or a catalogue import file): checking and loading.

Loading is an upsert by code, called inside the profile loader's transaction (profiles/actions.py) or by
`toegang catalogus import` (provisions/actions/catalogue.py, file read by profiles/catalogue_file.py); things a file no longer lists are kept and reported.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from toegang.accounts.models import Gemeente, Organisatie
from toegang.core.upsert import set_m2m, upsert

from .codes import PRODUCTCATEGORIE
from .models import (
    Budget,
    BudgetPart,
    BudgetPartCategory,
    Contract,
    MandateGroup,
    Product,
    Tarief,
    Voorziening,
)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def catalogue_problems(data: dict[str, Any], role_codes: set[str], gemeenten: set[str],
                       base_dir: Path | None = None) -> list[tuple[str, str]]:
    """Cross-references of `mandaten`, `catalogus`, `budgetten` and `besluiten` (JSON Schema checked the shapes)."""
    problems: list[tuple[str, str]] = []
    groups = {}
    for gi, group in enumerate(data.get("mandaten", [])):
        where = f"mandaten[{gi}]"
        if group["code"] in groups:
            problems.append((f"{where}.code", f"mandaatgroep '{group['code']}' staat er twee keer in"))
        groups[group["code"]] = group
        for task, roles in group["taken"].items():
            for ri, role in enumerate(roles):
                if role not in role_codes:
                    problems.append((f"{where}.taken.{task}[{ri}]", f"onbekende rol '{role}'"))
        for ri, role in enumerate(group.get("formaliseren", {}).get("bedenking_naar", [])):
            if role not in role_codes:
                problems.append((f"{where}.formaliseren.bedenking_naar[{ri}]", f"onbekende rol '{role}'"))
        if group.get("vier_ogen") and len(group["taken"].get("beschikking", [])) == 0:
            problems.append((where, "vier ogen vraagt om minstens één rol met de taak 'beschikking'"))
    orgs = {o["code"]: o for o in data.get("organisaties", [])}
    catalogue = data.get("catalogus", {})
    codes: set[str] = set()
    products: dict[str, dict] = {}
    for vi, item in enumerate(catalogue.get("voorzieningen", [])):
        where = f"catalogus.voorzieningen[{vi}]"
        if item["code"] in codes:
            problems.append((f"{where}.code", f"voorzieningcode '{item['code']}' staat er twee keer in"))
        codes.add(item["code"])
        if item["soort"] == "maatwerk" and item.get("mandaatgroep") not in groups:
            problems.append((f"{where}.mandaatgroep", "een maatwerkvoorziening hoort bij een bekende mandaatgroep "
                                                       f"(gevonden: {item.get('mandaatgroep')!r})"))
        if item["soort"] == "algemeen" and (item.get("mandaatgroep") or item.get("producten")):
            problems.append((where, "een algemene voorziening is vrij toegankelijk: geen mandaatgroep en geen "
                                    "producten (die horen bij een maatwerkvoorziening)"))
        if "organisatie" in item and item["organisatie"] not in orgs:
            problems.append((f"{where}.organisatie", f"onbekende organisatie '{item['organisatie']}'"))
        for cbs in item.get("gemeenten", []):
            if cbs not in gemeenten:
                problems.append((f"{where}.gemeenten", f"onbekende gemeente '{cbs}'"))
        allowed = PRODUCTCATEGORIE.get(item["wet"])
        for pi, product in enumerate(item.get("producten", [])):
            pwhere = f"{where}.producten[{pi}]"
            if allowed is not None and product["categorie"] not in allowed:
                problems.append((f"{pwhere}.categorie", f"productcategorie '{product['categorie']}' bestaat niet "
                                                        f"in de codelijst van de {item['wet']} (iJw/iWmo 3.2)"))
            if product["code"] in products:
                problems.append((f"{pwhere}.code", f"productcode '{product['code']}' staat er twee keer in"))
            products[product["code"]] = product
            if product.get("geldig_tot") and product["geldig_tot"] < product["geldig_van"]:
                problems.append((f"{pwhere}.geldig_tot", "geldig tot ligt voor geldig vanaf"))
            for ti, tariff in enumerate(product["tarieven"]):
                if tariff.get("tot") and tariff["tot"] < tariff["van"]:
                    problems.append((f"{pwhere}.tarieven[{ti}].tot", "tot ligt voor van"))
    contract_codes: set[str] = set()
    for ci, contract in enumerate(catalogue.get("contracten", [])):
        where = f"catalogus.contracten[{ci}]"
        if contract["code"] in contract_codes:
            problems.append((f"{where}.code", f"contractcode '{contract['code']}' staat er twee keer in"))
        contract_codes.add(contract["code"])
        provider = orgs.get(contract["aanbieder"])
        if provider is None or provider["soort"] != "zorgaanbieder":
            problems.append((f"{where}.aanbieder", f"'{contract['aanbieder']}' is geen zorgaanbieder uit 'organisaties'"))
        for pi, code in enumerate(contract["producten"]):
            if code not in products:
                problems.append((f"{where}.producten[{pi}]", f"onbekende productcode '{code}'"))
        if contract.get("tot") and contract["tot"] < contract["van"]:
            problems.append((f"{where}.tot", "het contract eindigt voor het begint"))
    seen_budgets = set()
    for bi, budget in enumerate(data.get("budgetten", [])):
        key = (budget["gemeente"], budget["jaar"], budget["wet"], budget.get("productcategorie", ""))
        if budget["gemeente"] not in gemeenten:
            problems.append((f"budgetten[{bi}].gemeente", f"onbekende gemeente '{budget['gemeente']}'"))
        if key in seen_budgets:
            problems.append((f"budgetten[{bi}]", "dit budget (gemeente, jaar, wet, categorie) staat er twee keer in"))
        seen_budgets.add(key)
        problems += _split_problems(budget, f"budgetten[{bi}]")
    for cbs, letter in data.get("besluiten", {}).get("brieven", {}).items():
        if cbs not in gemeenten:
            problems.append((f"besluiten.brieven.{cbs}", f"onbekende gemeente '{cbs}'"))
        if "sjabloon" in letter and base_dir is not None and not (base_dir / letter["sjabloon"]).is_file():
            problems.append((f"besluiten.brieven.{cbs}.sjabloon", f"sjabloon '{letter['sjabloon']}' niet gevonden"))
    return problems


def _split_problems(budget: dict, where: str) -> list[tuple[str, str]]:
    """A guideline split: of a whole law's budget, shares adding up to 1, each category known and in one part."""
    parts = budget.get("verdeling")
    if not parts:
        return []
    problems = []
    if budget.get("productcategorie"):
        problems.append((f"{where}.verdeling", "een verdeling hoort bij het budget van een hele wet, "
                                               "zonder productcategorie"))
    total = sum(Decimal(str(p["aandeel"])) for p in parts)
    if total != 1:
        problems.append((f"{where}.verdeling", f"de aandelen tellen op tot {total}, niet tot 1"))
    known = PRODUCTCATEGORIE.get(budget["wet"])
    seen: set[str] = set()
    for pi, part in enumerate(parts):
        for ci, category in enumerate(part["categorieen"]):
            if known is not None and category not in known:
                problems.append((f"{where}.verdeling[{pi}].categorieen[{ci}]",
                                 f"onbekende productcategorie '{category}' voor de wet '{budget['wet']}'"))
            if category in seen:
                problems.append((f"{where}.verdeling[{pi}].categorieen[{ci}]",
                                 f"productcategorie '{category}' staat in twee delen"))
            seen.add(category)
    return problems


def _load_split(budget: Budget, parts: list[dict], changes: list[str], label: str) -> None:
    """Make the budget's parts exactly `parts` (replaced as a whole when anything differs, as tariffs are)."""
    wanted = [(i, p["naam"], Decimal(str(p["aandeel"])).quantize(Decimal("0.0001")), sorted(p["categorieen"]))
              for i, p in enumerate(parts)]
    current = [(p.position, p.name, p.share, sorted(c.category for c in p.categories.all()))
               for p in budget.parts.prefetch_related("categories").order_by("position")]
    if wanted == current:
        return
    budget.parts.all().delete()
    for position, name, share, categories in wanted:
        part = BudgetPart.objects.create(budget=budget, position=position, name=name, share=share)
        BudgetPartCategory.objects.bulk_create([BudgetPartCategory(part=part, category=c) for c in categories])
    changes.append(f"gewijzigd: verdeling van {label}")


def load_catalogue(profile, data: dict[str, Any], changes: list[str]) -> None:
    """Upsert mandate groups, voorzieningen, products, tariffs, contracts and budgets of a checked file
    (core.upsert, as the profile loader does)."""
    groups = {
        g["code"]: upsert(MandateGroup, {"profile": profile, "code": g["code"]},
                           {"name": g["naam"], "four_eyes": bool(g.get("vier_ogen")),
                            "tasks": {t: sorted(r) for t, r in sorted(g["taken"].items())}},
                           changes, f"mandaatgroep {g['code']}")
        for g in data.get("mandaten", [])
    }
    groups.update({g.code: g for g in MandateGroup.objects.filter(profile=profile).exclude(code__in=groups)})
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.filter(profile=profile)}
    orgs = {o.code: o for o in Organisatie.objects.filter(profile=profile)}
    catalogue = data.get("catalogus", {})
    products: dict[str, Product] = {p.code: p for p in Product.objects.filter(voorziening__profile=profile)}
    for item in catalogue.get("voorzieningen", []):
        voorziening = upsert(
            Voorziening, {"profile": profile, "code": item["code"]},
            {"name": item["naam"], "law": item["wet"], "kind": item["soort"],
             "mandate_group": groups.get(item.get("mandaatgroep")), "description": item.get("wat", ""),
             "audience": item.get("voor_wie", ""), "location": item.get("waar", ""), "contact": item.get("hoe", ""),
             "organisation": orgs.get(item.get("organisatie")), "active": item.get("actief", True)},
            changes, f"voorziening {item['code']}")
        set_m2m(voorziening.gemeenten, [gemeenten[c] for c in item.get("gemeenten", sorted(gemeenten))],
                 changes, f"gemeenten van voorziening {item['code']}")
        for p in item.get("producten", []):
            product = upsert(
                Product, {"voorziening": voorziening, "category": p["categorie"], "code": p["code"]},
                {"name": p["naam"], "unit": p["eenheid"], "frequency": p["frequentie"],
                 "valid_from": _date(p["geldig_van"]), "valid_until": _date(p.get("geldig_tot"))},
                changes, f"product {p['categorie']}{p['code']}")
            products[p["code"]] = product
            wanted = sorted((Decimal(str(t["bedrag"])).quantize(Decimal("0.01")), t.get("soort", "tarief"),
                             _date(t["van"]), _date(t.get("tot"))) for t in p["tarieven"])
            current = sorted(product.tariffs.values_list("amount", "kind", "valid_from", "valid_until"))
            if wanted != current:
                product.tariffs.all().delete()
                Tarief.objects.bulk_create([Tarief(product=product, amount=a, kind=k, valid_from=f, valid_until=u)
                                            for a, k, f, u in wanted])
                changes.append(f"gewijzigd: tarieven van product {p['categorie']}{p['code']}")
    for c in catalogue.get("contracten", []):
        contract = upsert(
            Contract, {"profile": profile, "code": c["code"]},
            {"provider": orgs[c["aanbieder"]], "valid_from": _date(c["van"]), "valid_until": _date(c.get("tot")),
             "ceiling": Decimal(str(c["plafond"])).quantize(Decimal("0.01"))},
            changes, f"contract {c['code']}")
        set_m2m(contract.products, [products[code] for code in c["producten"]], changes,
                 f"producten van contract {c['code']}")
    for b in data.get("budgetten", []):
        label = f"budget {b['gemeente']} {b['jaar']} {b['wet']} {b.get('productcategorie', '')}".rstrip()
        budget = upsert(Budget, {"gemeente": gemeenten[b["gemeente"]], "year": b["jaar"], "law": b["wet"],
                                 "category": b.get("productcategorie", "")},
                        {"amount": Decimal(str(b["bedrag"])).quantize(Decimal("0.01"))}, changes, label)
        _load_split(budget, b.get("verdeling", []), changes, label)
