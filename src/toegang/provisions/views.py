"""Pages: the social map (public), the catalogue and mandates, provisions of a case, indication and decision pages,
the letter, objections, the mandate worklist and budgets."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from toegang.accounts.models import Gemeente, Organisatie, Role
from toegang.cases import queries as case_queries
from toegang.core.actor import actor_for_request
from toegang.core.errors import DomainError, NotAllowed, NotFound
from toegang.deadlines.queries import clocks_by_subject, clocks_for_subject
from toegang.intake.models import Aanvraag
from toegang.ui.forms import apply_domain_error, invalid_form, report_outcome
from toegang.ui.paging import page_number, page_of, whole_number_filter

from . import actions, mandates, queries
from .codes import LAW_NAMES, TAAK_NAMES, TAKEN
from .forms import (
    NEW_AANVRAAG,
    CeilingForm,
    DecisionForm,
    IndicationForm,
    ObjectionDecisionForm,
    ObjectionForm,
    SecondOpinionForm,
    SendForm,
    SocialMapSearchForm,
    TariffForm,
    VoorzieningForm,
    WithdrawForm,
)
from .letters import amount_text, euro
from .models import Besluit, Bezwaar, Contract, Indicatie, MandateGroup, Product, Voorziening

PAGE_SIZE = 25


# --- social map and catalogue ------------------------------------------------------------------------------------

def social_map(request):
    """Public: general and preceding provisions, what, for whom, where, how to reach them. No personal data."""
    gemeenten = list(Gemeente.objects.filter(active=True).order_by("name"))
    form = SocialMapSearchForm(request.GET or None, gemeenten=gemeenten)
    page = page_number(request)
    rows, more, status = [], False, 200
    if form.is_bound and not form.is_valid():
        status = 400  # a filter value it cannot use: the error at its field, no results that ignore it (issue 9)
    else:
        data = form.cleaned_data if form.is_bound else {"q": "", "wet": "", "gemeente": ""}
        gemeente_id = int(data["gemeente"]) if data.get("gemeente") else None
        rows, more = page_of(queries.social_map(q=data["q"].strip(), law=data["wet"], gemeente_id=gemeente_id),
                             page, PAGE_SIZE)
    context = {"form": form, "rows": rows, "has_more": more, "page": page, "law_names": LAW_NAMES}
    if getattr(request, "htmx", False):
        return render(request, "provisions/social_map.html#results", context, status=status)
    return render(request, "provisions/social_map.html", context, status=status)


def _run_form(request, form, run, ok):
    """Validate a posted form, run the action on its cleaned data and report the outcome as a message after the
    redirect. Returns the action's result, or None when the form or the action refused."""
    if not form.is_valid():
        report_outcome(request, invalid_form(form))
        return None
    try:
        result = run(form.cleaned_data)
    except DomainError as exc:
        report_outcome(request, exc)
        return None
    report_outcome(request, ok=ok(result) if callable(ok) else ok)
    return result


def _require_config(actor) -> None:
    if not actor.can_anywhere("config.manage"):
        raise NotAllowed("Alleen functioneel beheer wijzigt de catalogus.")


@login_required
def catalogue(request):
    """All provisions of my profiles with their products and tariffs; functional administrators edit them."""
    actor = actor_for_request(request)
    voorzieningen = list(Voorziening.objects.filter(profile_id__in=queries.actor_profiles(actor))
                         .select_related("mandate_group", "organisation")
                         .prefetch_related("products__tariffs").order_by("kind", "law", "name"))
    return render(request, "provisions/catalogue.html", {"voorzieningen": voorzieningen, "law_names": LAW_NAMES,
                                                         "can_edit": actor.can_anywhere("config.manage")})


def _voorziening_for(actor, pk) -> Voorziening:
    voorziening = Voorziening.objects.filter(pk=pk, profile_id__in=queries.actor_profiles(actor))\
        .select_related("mandate_group", "organisation", "profile").first()
    if voorziening is None:
        raise NotFound("Voorziening niet gevonden.")
    return voorziening


@login_required
def voorziening(request, pk: int):
    actor = actor_for_request(request)
    item = _voorziening_for(actor, pk)
    products = list(item.products.prefetch_related("tariffs", "contracts__provider").order_by("category", "code"))
    can_edit = actor.can_anywhere("config.manage")
    return render(request, "provisions/voorziening.html", {
        "item": item, "products": products, "can_edit": can_edit, "law_names": LAW_NAMES,
        "form": VoorzieningForm(initial={f: getattr(item, f) for f in actions.SOCIAL_MAP_FIELDS}, auto_id="vz-%s"),
        "tariff_form": TariffForm(auto_id="tarief-%s"),
    })


@login_required
@require_POST
def voorziening_edit(request, pk: int):
    actor = actor_for_request(request)
    _require_config(actor)
    item = _voorziening_for(actor, pk)
    _run_form(request, VoorzieningForm(request.POST), lambda d: actions.check_update_voorziening(
        actor=actor, voorziening=item, values=d), "De voorziening is bijgewerkt.")
    return redirect("provisions:voorziening", pk)


@login_required
@require_POST
def add_tariff(request, pk: int):
    actor = actor_for_request(request)
    _require_config(actor)
    product = Product.objects.filter(pk=pk, voorziening__profile_id__in=queries.actor_profiles(actor))\
        .select_related("voorziening__profile").first()
    if product is None:
        raise NotFound()
    _run_form(request, TariffForm(request.POST), lambda d: actions.check_add_tariff(
        actor=actor, product=product, amount=d["amount"], valid_from=d["valid_from"], kind=d["kind"]),
        "Het tarief is toegevoegd.")
    return redirect("provisions:voorziening", product.voorziening_id)


@login_required
@require_POST
def set_ceiling(request, pk: int):
    actor = actor_for_request(request)
    _require_config(actor)
    contract = Contract.objects.filter(pk=pk, profile_id__in=queries.actor_profiles(actor)).select_related("profile").first()
    if contract is None:
        raise NotFound()
    _run_form(request, CeilingForm(request.POST), lambda d: actions.check_set_contract_ceiling(
        actor=actor, contract=contract, ceiling=d["ceiling"]), "Het plafond is gewijzigd.")
    return redirect("provisions:budget")


@login_required
def mandate_matrix(request):
    """The mandate matrix of my profiles as the profile defines it: kind of provision × task → roles."""
    actor = actor_for_request(request)
    groups = list(MandateGroup.objects.filter(profile_id__in=queries.actor_profiles(actor)).select_related("profile")
                  .order_by("profile__name", "name"))
    role_names = dict(Role.objects.filter(profile_id__in=[g.profile_id for g in groups]).values_list("code", "name"))
    mine = {role for roles in actor.roles.values() for role in roles}
    table = [{"group": g, "rows": [(label, [(role_names.get(r, r), r in mine) for r in g.tasks.get(code, [])])
                                   for code, label in TAKEN]} for g in groups]
    return render(request, "provisions/mandates.html", {"table": table})


# --- provisions of a case ---------------------------------------------------------------------------------------

def _indication_form(casus, data=None, initial=None):
    aanvragen = Aanvraag.objects.filter(applicant__household_id=casus.household_id, gemeente_id=casus.gemeente_id,
                                        status=Aanvraag.Status.INGEDIEND).order_by("-received_on")
    products = Product.objects.filter(voorziening__gemeenten=casus.gemeente, voorziening__active=True,
                                      voorziening__kind=Voorziening.Kind.MAATWERK)\
        .select_related("voorziening").order_by("voorziening__name", "category", "code")
    providers = Organisatie.objects.filter(gemeenten=casus.gemeente, kind=Organisatie.Kind.ZORGAANBIEDER)\
        .order_by("name")
    general = Voorziening.objects.filter(gemeenten=casus.gemeente, kind=Voorziening.Kind.ALGEMEEN, active=True)\
        .order_by("name")
    return IndicationForm(data, initial=initial, auto_id="ind-%s", aanvragen=list(aanvragen),
                          members=casus.household.current_residents.all().order_by("geboortedatum"),
                          products=products, providers=providers, general=general,
                          goals=actions.plan_goals(casus))


@login_required
@require_http_methods(["GET", "POST"])
def case_provisions(request, pk: int):
    """Indications and decisions of a case; the case director prepares a proposal from the plan here."""
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="voorzieningen van de casus", channel="ui",
                                     resource=request.path)
    today = timezone.localdate()
    form = _indication_form(casus, request.POST if request.method == "POST" else None,
                            initial={"start": today,
                                     "end": today.replace(year=today.year + 1) - dt.timedelta(days=1)
                                     if not (today.month == 2 and today.day == 29) else today + dt.timedelta(days=364),
                                     "form": "zin"})
    token = request.POST.get("idempotency_key", "") if request.method == "POST" else uuid.uuid4().hex
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        product = d["product"]
        try:
            aanvraag = None
            if d["aanvraag"] != NEW_AANVRAAG:
                aanvraag = Aanvraag.objects.filter(pk=int(d["aanvraag"]), applicant__household_id=casus.household_id)\
                    .select_related("applicant").first()
            indicatie = actions.check_prepare_indication(
                actor=actor, casus=casus, aanvraag=aanvraag, new_aanvraag=d["aanvraag"] == NEW_AANVRAAG,
                idempotency_key=token,
                data=actions.IndicationData(
                    voorziening=product.voorziening, product=product, client=d["client"], volume=d["volume"],
                    frequency=d["frequency"] or product.frequency, start=d["start"], end=d["end"], form=d["form"], provider=d["provider"],
                    goal_ids=d["goals"], motivation=d["motivation"], considered=list(d["considered"]),
                    own_strength=d["own_strength"], network=d["network"], why_not_enough=d["why_not_enough"],
                    pgb_conditions=form.pgb_conditions()))
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, "Het voorstel is vastgelegd en ligt klaar voor wie het mandaat heeft."
                             if indicatie.created else "Dit voorstel was al ontvangen; er is niets dubbel vastgelegd.")
            return redirect("provisions:indication", indicatie.pk)
    rows = queries.indications_of_case(actor, casus)
    return render(request, "provisions/case.html", {
        "casus": casus, "rows": rows, "form": form, "token": token,
        "can_prepare": casus.status != "afgesloten", "goals": actions.plan_goals(casus),
    }, status=422 if form.errors else 200)


def _indication_context(actor, indicatie):
    group = indicatie.voorziening.mandate_group
    held = mandates.tasks_held(actor, indicatie.gemeente_id, group) if group else []
    besluit = getattr(indicatie, "besluit", None) if indicatie.status == Indicatie.Status.BESLOTEN else None
    return {
        "indicatie": indicatie, "besluit": besluit, "held": held, "group": group,
        "held_names": [TAAK_NAMES[t] for t in held],
        "amount": amount_text(indicatie.volume, indicatie.unit, indicatie.frequency),
        "estimate": euro(actions.commitment_amount(indicatie.volume, indicatie.frequency, indicatie.tariff,
                                                   indicatie.start, indicatie.end)),
        "considered": list(indicatie.considered.order_by("name")),
        "pgb_labels": dict(actions.PGB_CONDITIONS),
        "contract_share": _share(indicatie),
        "decision_form": DecisionForm(initial={"version": indicatie.version}, auto_id="besluit-%s"),
        "withdraw_form": WithdrawForm(initial={"version": indicatie.version}, auto_id="intrekken-%s"),
        "open": indicatie.status in (Indicatie.Status.VOORSTEL, Indicatie.Status.VASTGESTELD),
    }


def _share(indicatie) -> dict | None:
    """The provider's committed share of its contract ceiling if this open indication were granted."""
    if indicatie.status not in (Indicatie.Status.VOORSTEL, Indicatie.Status.VASTGESTELD):
        return None
    extra = actions.commitment_amount(indicatie.volume, indicatie.frequency, indicatie.tariff, indicatie.start,
                                      indicatie.end)
    result = queries.contract_share_after(indicatie.contract, extra)
    return None if result is None else {"pct": round(result[0] * 100), "warn": result[1]}


@login_required
def indication(request, pk: int):
    actor = actor_for_request(request)
    indicatie = queries.access_indication(actor, pk, purpose="indicatie bekijken", channel="ui", resource=request.path)
    return render(request, "provisions/indication.html", _indication_context(actor, indicatie))


def _indication_action(request, pk, purpose, form_class, run, ok):
    actor = actor_for_request(request)
    indicatie = queries.access_indication(actor, pk, purpose=purpose, channel="ui", resource=request.path)
    result = _run_form(request, form_class(request.POST), lambda d: run(actor, indicatie, d), ok)
    if isinstance(result, Besluit) and result.pk:
        return redirect("provisions:besluit", result.pk)
    return redirect("provisions:indication", pk)


@login_required
@require_POST
def set_indication(request, pk: int):
    from .forms import VersionForm

    return _indication_action(request, pk, "indicatie vaststellen", VersionForm, lambda actor, ind, d:
                              actions.check_set_indication(actor=actor, indicatie=ind, expected_version=d["version"]),
                              "De indicatie is vastgesteld.")


@login_required
@require_POST
def decide(request, pk: int):
    def ok(besluit):
        if besluit.status == Besluit.Status.TWEEDE:
            return "Het besluit is genomen en wacht op een tweede beoordeling (vier ogen)."
        return "Het besluit is vastgesteld; de brief is gemaakt en klaar om te verzenden."

    return _indication_action(request, pk, "besluit nemen", DecisionForm, lambda actor, ind, d: actions.check_decide(
        actor=actor, indicatie=ind, outcome=d["outcome"], reasons=d["reasons"], granted_volume=d["granted_volume"],
        legal_ground=d["legal_ground"], expected_version=d["version"]), ok)


@login_required
@require_POST
def withdraw(request, pk: int):
    return _indication_action(request, pk, "indicatie intrekken", WithdrawForm, lambda actor, ind, d:
                              actions.check_withdraw_indication(actor=actor, indicatie=ind, reason=d["reason"],
                                                                expected_version=d["version"]),
                              "Het voorstel is ingetrokken.")


# --- decisions, letters, objections ------------------------------------------------------------------------------

@login_required
def besluit(request, pk: int):
    actor = actor_for_request(request)
    item = queries.access_besluit(actor, pk, purpose="besluit bekijken", channel="ui", resource=request.path)
    indicatie = item.indicatie
    group = indicatie.voorziening.mandate_group
    held = mandates.tasks_held(actor, item.gemeente_id, group) if group else []
    objections = list(item.objections.select_related("new_besluit").order_by("received_on"))
    corrections = list(Besluit.objects.filter(indicatie__replaces=item).order_by("pk"))
    bezwaar_clocks = clocks_by_subject("provisions.bezwaar", [o.pk for o in objections])  # one query for all
    for o in objections:
        o.clocks = bezwaar_clocks.get(o.pk, [])
        o.form = ObjectionDecisionForm(corrections=corrections, auto_id=f"bob{o.pk}-%s")
    granted = item.granted_volume if item.outcome == "deels" else indicatie.volume
    return render(request, "provisions/besluit.html", {
        "besluit": item, "indicatie": indicatie, "held": held, "objections": objections,
        "clocks": clocks_for_subject(indicatie.aanvraag) + clocks_for_subject(item),
        "commitments": list(item.commitments.select_related("contract").order_by("year")),
        "granted": amount_text(granted, indicatie.unit, indicatie.frequency),
        "correction": Indicatie.objects.filter(replaces=item).exclude(status=Indicatie.Status.INGETROKKEN).first(),
        "second_form": SecondOpinionForm(initial={"version": item.version}, auto_id="tweede-%s"),
        "send_form": SendForm(initial={"version": item.version, "sent_on": timezone.localdate()}, auto_id="verzenden-%s"),
        "objection_form": ObjectionForm(initial={"received_on": timezone.localdate()}, auto_id="bezwaar-%s"),
        "may_register_objection": "beschikking" in held or "administratieve-verwerking" in held,
        "is_decider": item.decided_by_id == actor.user_id,
    })


@login_required
def letter(request, pk: int):
    """The stored letter, byte for byte as rendered at the decision. Logged as an export."""
    actor = actor_for_request(request)
    item = queries.access_besluit(actor, pk, purpose="besluitbrief openen", channel="export", resource=request.path)
    brief = getattr(item, "brief", None)
    if brief is None:
        raise NotFound("Er is nog geen brief: het besluit is nog niet vastgesteld.")
    response = HttpResponse(bytes(brief.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="besluit-{item.pk}.pdf"'
    response["X-Content-SHA256"] = brief.sha256
    return response


def _besluit_action(request, pk, purpose, form_factory, run, ok):
    actor = actor_for_request(request)
    item = queries.access_besluit(actor, pk, purpose=purpose, channel="ui", resource=request.path)
    result = _run_form(request, form_factory(request, item), lambda d: run(actor, item, d), ok)
    if isinstance(result, Indicatie):
        return redirect("provisions:indication", result.pk)
    if isinstance(result, Besluit) and not Besluit.objects.filter(pk=pk).exists():
        return redirect("provisions:indication", result.indicatie_id)  # sent back by the second reviewer
    return redirect("provisions:besluit", pk)


@login_required
@require_POST
def second_opinion(request, pk: int):
    return _besluit_action(request, pk, "tweede beoordeling", lambda r, b: SecondOpinionForm(r.POST),
                           lambda actor, b, d: actions.check_second_opinion(actor=actor, besluit=b,
                                                                            approve=d["approve"], reason=d["reason"],
                                                                            expected_version=d["version"]),
                           lambda b: "Het besluit is vastgesteld." if b.pk and b.status == Besluit.Status.VASTGESTELD
                           else "Het besluit is teruggestuurd.")


@login_required
@require_POST
def send(request, pk: int):
    return _besluit_action(request, pk, "besluit verzenden", lambda r, b: SendForm(r.POST),
                           lambda actor, b, d: actions.check_send_decision(actor=actor, besluit=b, sent_on=d["sent_on"],
                                                                           expected_version=d["version"]),
                           "Het besluit is verzonden; de bezwaartermijn van zes weken loopt.")


@login_required
@require_POST
def correct(request, pk: int):
    from django import forms

    return _besluit_action(request, pk, "besluit corrigeren", lambda r, b: forms.Form(r.POST),
                           lambda actor, b, d: actions.check_start_correction(actor=actor, besluit=b),
                           "Er is een nieuw voorstel gemaakt dat dit besluit vervangt zodra erop is besloten.")


@login_required
@require_POST
def register_objection(request, pk: int):
    def ok(bezwaar):
        return ("Het bezwaar is geregistreerd. Let op: het kwam na de bezwaartermijn binnen; beoordeel of de "
                "termijnoverschrijding verschoonbaar is (Awb 6:11)." if bezwaar.late
                else "Het bezwaar is geregistreerd; de termijn voor de beslissing op bezwaar loopt.")

    return _besluit_action(request, pk, "bezwaar registreren", lambda r, b: ObjectionForm(r.POST),
                           lambda actor, b, d: actions.check_register_objection(
                               actor=actor, besluit=b, received_on=d["received_on"], objector=d["objector"],
                               grounds=d["grounds"]), ok)


@login_required
@require_POST
def decide_objection(request, pk: int):
    actor = actor_for_request(request)
    bezwaar = Bezwaar.objects.filter(pk=pk).select_related("besluit").first()
    if bezwaar is None:
        raise NotFound()
    item = queries.access_besluit(actor, bezwaar.besluit_id, purpose="beslissen op bezwaar", channel="ui",
                                  resource=request.path)
    corrections = {b.pk: b for b in Besluit.objects.filter(indicatie__replaces=item).select_related("indicatie")}
    form = ObjectionDecisionForm(request.POST, corrections=list(corrections.values()))
    _run_form(request, form, lambda d: actions.check_decide_objection(
        actor=actor, bezwaar=bezwaar, outcome=d["outcome"], reasons=d["reasons"],
        new_besluit=corrections.get(d["new_besluit"])), "Op het bezwaar is beslist.")
    return redirect("provisions:besluit", item.pk)


# --- worklist and budget -----------------------------------------------------------------------------------------

@login_required
def worklist(request):
    actor = actor_for_request(request)
    return render(request, "provisions/worklist.html", queries.worklist(actor, resource=request.path))


@login_required
def budget(request):
    """Budgets per law and category with what is committed, and providers' contract ceilings (warning at 70%)."""
    actor = actor_for_request(request)
    gemeente_ids = actor.gemeenten_with("finance.view")
    if not gemeente_ids:
        raise NotAllowed("Budgetten zijn er voor beleid, control, procesregie en de backoffice.")
    year = whole_number_filter(request, "jaar", 2015, 2100, "jaar") or timezone.localdate().year
    profile_ids = list(Gemeente.objects.filter(pk__in=gemeente_ids).values_list("profile_id", flat=True).distinct())
    rows = queries.budgets(gemeente_ids, year)
    contract_rows = queries.contracts(profile_ids)
    return render(request, "provisions/budget.html", {
        "year": year, "rows": rows, "contracts": contract_rows, "law_names": LAW_NAMES,
        "can_edit": actor.can_anywhere("config.manage"),
        "years": [year - 1, year, year + 1],
        "budget_chart": [(f"{r.gemeente.name} · {LAW_NAMES[r.law]}{' · ' + r.category if r.category else ''}",
                          r.share) for r in rows],
        "contract_chart": [(r.provider.name, r.share) for r in contract_rows],
    })
