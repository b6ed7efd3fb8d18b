"""Pages: the social map (public), the catalogue and mandates, provisions of a case, indication and decision pages,
the letter, objections, the mandate worklist and budgets."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.capabilities import CONFIG_MANAGE, FINANCE_VIEW
from toegang.accounts.models import Gemeente, Organisatie, Role
from toegang.cases import queries as case_queries
from toegang.core.errors import NotAllowed, NotFound
from toegang.core.paging import page_number, page_of, whole_number_filter
from toegang.deadlines.queries import clocks_by_subject, clocks_for_subject
from toegang.intake.models import Aanvraag
from toegang.ui.posting import post_form

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
    VersionForm,
    VoorzieningForm,
    WithdrawForm,
)
from .letters import amount_text, euro
from .models import Besluit, Bezwaar, Contract, Indicatie, MandateGroup, Product, Voorziening
from .permissions import can_edit_catalogue

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


def _require_catalogue_editor(actor, profile) -> None:
    """Checked before the form, so someone without the right gets 403 whatever they posted."""
    if not can_edit_catalogue(actor, profile):
        raise NotAllowed("Alleen functioneel beheer van deze gemeente(n) wijzigt de catalogus.")


@login_required
def catalogue(request):
    """All provisions of my profiles with their products and tariffs; functional administrators edit them."""
    actor = actor_for_request(request)
    voorzieningen = list(Voorziening.objects.filter(profile_id__in=queries.actor_profiles(actor))
                         .select_related("mandate_group", "organisation")
                         .prefetch_related("products__tariffs").order_by("kind", "law", "name"))
    return render(request, "provisions/catalogue.html", {"voorzieningen": voorzieningen, "law_names": LAW_NAMES,
                                                         "can_edit": actor.can_anywhere(CONFIG_MANAGE)})


def _voorziening_for(actor, pk) -> Voorziening:
    voorziening = Voorziening.objects.filter(pk=pk, profile_id__in=queries.actor_profiles(actor))\
        .select_related("mandate_group", "organisation", "profile").first()
    if voorziening is None:
        raise NotFound("Voorziening niet gevonden.")
    return voorziening


def _voorziening_page(request, actor, item, *, form=None, tariff_forms=None):
    """The page of one provision; `form` / `tariff_forms` ({product pk: form}) put a posted form back in place."""
    products = list(item.products.prefetch_related("tariffs", "contracts__provider").order_by("category", "code"))
    tariff_forms = tariff_forms or {}
    for product in products:
        product.tariff_form = tariff_forms.get(product.pk) or TariffForm(auto_id=f"tarief{product.pk}-%s")
    return render(request, "provisions/voorziening.html", {
        "item": item, "products": products, "can_edit": actor.can_anywhere(CONFIG_MANAGE), "law_names": LAW_NAMES,
        "form": form or VoorzieningForm(initial={f: getattr(item, f) for f in actions.SOCIAL_MAP_FIELDS},
                                        auto_id="vz-%s"),
    })


@login_required
def voorziening(request, pk: int):
    actor = actor_for_request(request)
    return _voorziening_page(request, actor, _voorziening_for(actor, pk))


@login_required
@require_POST
def voorziening_edit(request, pk: int):
    actor = actor_for_request(request)
    item = _voorziening_for(actor, pk)
    _require_catalogue_editor(actor, item.profile)
    return post_form(request, VoorzieningForm(request.POST, auto_id="vz-%s"),
                     run=lambda d: actions.check_update_voorziening(actor=actor, voorziening=item, values=d),
                     rerender=lambda form: _voorziening_page(request, actor, item, form=form),
                     ok="De voorziening is bijgewerkt.", success_url=reverse("provisions:voorziening", args=[pk]))


@login_required
@require_POST
def add_tariff(request, pk: int):
    actor = actor_for_request(request)
    product = Product.objects.filter(pk=pk, voorziening__profile_id__in=queries.actor_profiles(actor))\
        .select_related("voorziening__profile", "voorziening__mandate_group").first()
    if product is None:
        raise NotFound()
    _require_catalogue_editor(actor, product.voorziening.profile)
    return post_form(request, TariffForm(request.POST, auto_id=f"tarief{product.pk}-%s"),
                     run=lambda d: actions.check_add_tariff(actor=actor, product=product, amount=d["amount"],
                                                            valid_from=d["valid_from"], kind=d["kind"]),
                     rerender=lambda form: _voorziening_page(request, actor, product.voorziening,
                                                             tariff_forms={product.pk: form}),
                     ok="Het tarief is toegevoegd.",
                     success_url=reverse("provisions:voorziening", args=[product.voorziening_id]))


@login_required
@require_POST
def set_ceiling(request, pk: int):
    actor = actor_for_request(request)
    contract = Contract.objects.filter(pk=pk, profile_id__in=queries.actor_profiles(actor)).select_related("profile").first()
    if contract is None:
        raise NotFound()
    _require_catalogue_editor(actor, contract.profile)
    return post_form(request, CeilingForm(request.POST, auto_id=f"plafond{contract.pk}-%s"),
                     run=lambda d: actions.check_set_contract_ceiling(actor=actor, contract=contract,
                                                                      ceiling=d["ceiling"]),
                     rerender=lambda form: _budget_page(request, actor, ceiling_forms={contract.pk: form}),
                     ok="Het plafond is gewijzigd.", success_url=reverse("provisions:budget"))


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


def _case_provisions_page(request, actor, casus, form, token):
    return render(request, "provisions/case.html", {
        "casus": casus, "rows": queries.indications_of_case(actor, casus), "form": form, "token": token,
        "can_prepare": casus.status != "afgesloten", "goals": actions.plan_goals(casus),
    })


@login_required
@require_http_methods(["GET", "POST"])
def case_provisions(request, pk: int):
    """Indications and decisions of a case; the case director prepares a proposal from the plan here."""
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="voorzieningen van de casus", channel="ui",
                                     resource=request.path)
    if request.method != "POST":
        today = timezone.localdate()
        form = _indication_form(casus, initial={
            "start": today, "form": "zin",
            "end": today.replace(year=today.year + 1) - dt.timedelta(days=1)
            if not (today.month == 2 and today.day == 29) else today + dt.timedelta(days=364)})
        return _case_provisions_page(request, actor, casus, form, uuid.uuid4().hex)
    token = request.POST.get("idempotency_key", "")

    def prepare(d):
        product = d["product"]
        aanvraag = None
        if d["aanvraag"] != NEW_AANVRAAG:
            aanvraag = Aanvraag.objects.filter(pk=int(d["aanvraag"]), applicant__household_id=casus.household_id)\
                .select_related("applicant").first()
        return actions.check_prepare_indication(
            actor=actor, casus=casus, aanvraag=aanvraag, new_aanvraag=d["aanvraag"] == NEW_AANVRAAG,
            idempotency_key=token,
            data=actions.IndicationData(
                voorziening=product.voorziening, product=product, client=d["client"], volume=d["volume"],
                frequency=d["frequency"] or product.frequency, start=d["start"], end=d["end"], form=d["form"],
                provider=d["provider"], goal_ids=d["goals"], motivation=d["motivation"],
                considered=list(d["considered"]), own_strength=d["own_strength"], network=d["network"],
                why_not_enough=d["why_not_enough"], pgb_conditions=form.pgb_conditions()))

    form = _indication_form(casus, request.POST)
    return post_form(request, form, run=prepare,
                     rerender=lambda bound: _case_provisions_page(request, actor, casus, bound, token),
                     ok=lambda indicatie: "Het voorstel is vastgelegd en ligt klaar voor wie het mandaat heeft."
                     if indicatie.created else "Dit voorstel was al ontvangen; er is niets dubbel vastgelegd.",
                     success_url=lambda indicatie: reverse("provisions:indication", args=[indicatie.pk]))


def _indication_page(request, actor, indicatie, forms=None):
    """The indication page; `forms` ({"decision_form": form, ...}) puts a posted form back in place."""
    return render(request, "provisions/indication.html", {**_indication_context(actor, indicatie), **(forms or {})})


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
        # The version travels in a hidden input written from `indicatie.version`: the state this page shows.
        "decision_form": DecisionForm(auto_id="besluit-%s"),
        "withdraw_form": WithdrawForm(auto_id="intrekken-%s"),
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
    return _indication_page(request, actor, indicatie)


def _indication_action(request, pk, purpose, form, form_name, run, ok):
    """Post `form` for one indication; invalid or refused → the indication page with the form as typed (under
    `form_name` in its context); a decision goes on to the decision's page."""
    actor = actor_for_request(request)
    indicatie = queries.access_indication(actor, pk, purpose=purpose, channel="ui", resource=request.path)

    def next_url(result):
        if isinstance(result, Besluit) and result.pk:
            return reverse("provisions:besluit", args=[result.pk])
        return reverse("provisions:indication", args=[pk])

    return post_form(request, form, run=lambda d: run(actor, indicatie, d),
                     rerender=lambda bound: _indication_page(request, actor, indicatie,
                                                             {form_name: bound} if form_name else None),
                     ok=ok, success_url=next_url)


@login_required
@require_POST
def set_indication(request, pk: int):
    return _indication_action(request, pk, "indicatie vaststellen", VersionForm(request.POST), None,
                              lambda actor, ind, d: actions.check_set_indication(
                                  actor=actor, indicatie=ind, expected_version=d["version"]),
                              "De indicatie is vastgesteld.")


@login_required
@require_POST
def decide(request, pk: int):
    def ok(besluit):
        if besluit.status == Besluit.Status.TWEEDE:
            return "Het besluit is genomen en wacht op een tweede beoordeling (vier ogen)."
        return "Het besluit is vastgesteld; de brief is gemaakt en klaar om te verzenden."

    return _indication_action(request, pk, "besluit nemen", DecisionForm(request.POST, auto_id="besluit-%s"),
                              "decision_form", lambda actor, ind, d: actions.check_decide(
                                  actor=actor, indicatie=ind, outcome=d["outcome"], reasons=d["reasons"],
                                  granted_volume=d["granted_volume"], legal_ground=d["legal_ground"],
                                  expected_version=d["version"]), ok)


@login_required
@require_POST
def withdraw(request, pk: int):
    return _indication_action(request, pk, "indicatie intrekken", WithdrawForm(request.POST, auto_id="intrekken-%s"),
                              "withdraw_form", lambda actor, ind, d: actions.check_withdraw_indication(
                                  actor=actor, indicatie=ind, reason=d["reason"], expected_version=d["version"]),
                              "Het voorstel is ingetrokken.")


# --- decisions, letters, objections ------------------------------------------------------------------------------

def _besluit_page(request, actor, item, forms=None, decision_forms=None):
    """The decision page; `forms` ({"send_form": form, ...}) and `decision_forms` ({bezwaar pk: form}) put a posted
    form back in place."""
    indicatie = item.indicatie
    group = indicatie.voorziening.mandate_group
    held = mandates.tasks_held(actor, item.gemeente_id, group) if group else []
    objections = list(item.objections.select_related("new_besluit").order_by("received_on"))
    corrections = list(Besluit.objects.filter(indicatie__replaces=item).order_by("pk"))
    bezwaar_clocks = clocks_by_subject("provisions.bezwaar", [o.pk for o in objections])  # one query for all
    decision_forms = decision_forms or {}
    for o in objections:
        o.clocks = bezwaar_clocks.get(o.pk, [])
        o.form = decision_forms.get(o.pk) or ObjectionDecisionForm(corrections=corrections, auto_id=f"bob{o.pk}-%s")
    granted = item.granted_volume if item.outcome == "deels" else indicatie.volume
    return render(request, "provisions/besluit.html", {
        "besluit": item, "indicatie": indicatie, "held": held, "objections": objections,
        "clocks": clocks_for_subject(indicatie.aanvraag) + clocks_for_subject(item),
        "commitments": list(item.commitments.select_related("contract").order_by("year")),
        "granted": amount_text(granted, indicatie.unit, indicatie.frequency),
        "correction": Indicatie.objects.filter(replaces=item).exclude(status=Indicatie.Status.INGETROKKEN).first(),
        # The version travels in a hidden input written from `besluit.version`: the state this page shows.
        "second_form": SecondOpinionForm(auto_id="tweede-%s"),
        "send_form": SendForm(initial={"sent_on": timezone.localdate()}, auto_id="verzenden-%s"),
        "objection_form": ObjectionForm(initial={"received_on": timezone.localdate()}, auto_id="bezwaar-%s"),
        "may_register_objection": "beschikking" in held or "administratieve-verwerking" in held,
        "is_decider": item.decided_by_id == actor.user_id,
        **(forms or {}),
    })


@login_required
def besluit(request, pk: int):
    actor = actor_for_request(request)
    item = queries.access_besluit(actor, pk, purpose="besluit bekijken", channel="ui", resource=request.path)
    return _besluit_page(request, actor, item)


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


def _besluit_action(request, pk, purpose, form, form_name, run, ok):
    """Post `form` for one decision; invalid or refused → the decision page with the form as typed (under
    `form_name` in its context)."""
    actor = actor_for_request(request)
    item = queries.access_besluit(actor, pk, purpose=purpose, channel="ui", resource=request.path)

    def next_url(result):
        if isinstance(result, Indicatie):
            return reverse("provisions:indication", args=[result.pk])
        if isinstance(result, Besluit) and not Besluit.objects.filter(pk=pk).exists():
            return reverse("provisions:indication", args=[result.indicatie_id])  # sent back by the second reviewer
        return reverse("provisions:besluit", args=[pk])

    return post_form(request, form, run=lambda d: run(actor, item, d),
                     rerender=lambda bound: _besluit_page(request, actor, item,
                                                          {form_name: bound} if form_name else None),
                     ok=ok, success_url=next_url)


@login_required
@require_POST
def second_opinion(request, pk: int):
    return _besluit_action(request, pk, "tweede beoordeling", SecondOpinionForm(request.POST, auto_id="tweede-%s"),
                           "second_form", lambda actor, b, d: actions.check_second_opinion(
                               actor=actor, besluit=b, approve=d["approve"], reason=d["reason"],
                               expected_version=d["version"]),
                           lambda b: "Het besluit is vastgesteld." if b.pk and b.status == Besluit.Status.VASTGESTELD
                           else "Het besluit is teruggestuurd.")


@login_required
@require_POST
def send(request, pk: int):
    return _besluit_action(request, pk, "besluit verzenden", SendForm(request.POST, auto_id="verzenden-%s"),
                           "send_form", lambda actor, b, d: actions.check_send_decision(
                               actor=actor, besluit=b, sent_on=d["sent_on"], expected_version=d["version"]),
                           "Het besluit is verzonden; de bezwaartermijn van zes weken loopt.")


@login_required
@require_POST
def correct(request, pk: int):
    return _besluit_action(request, pk, "besluit corrigeren", Form(request.POST), None,
                           lambda actor, b, d: actions.check_start_correction(actor=actor, besluit=b),
                           "Er is een nieuw voorstel gemaakt dat dit besluit vervangt zodra erop is besloten.")


@login_required
@require_POST
def register_objection(request, pk: int):
    def ok(bezwaar):
        return ("Het bezwaar is geregistreerd. Let op: het kwam na de bezwaartermijn binnen; beoordeel of de "
                "termijnoverschrijding verschoonbaar is (Awb 6:11)." if bezwaar.late
                else "Het bezwaar is geregistreerd; de termijn voor de beslissing op bezwaar loopt.")

    return _besluit_action(request, pk, "bezwaar registreren", ObjectionForm(request.POST, auto_id="bezwaar-%s"),
                           "objection_form", lambda actor, b, d: actions.check_register_bezwaar(
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
    form = ObjectionDecisionForm(request.POST, corrections=list(corrections.values()), auto_id=f"bob{bezwaar.pk}-%s")
    return post_form(request, form, run=lambda d: actions.check_decide_bezwaar(
        actor=actor, bezwaar=bezwaar, outcome=d["outcome"], reasons=d["reasons"],
        new_besluit=corrections.get(d["new_besluit"])),
        rerender=lambda bound: _besluit_page(request, actor, item, decision_forms={bezwaar.pk: bound}),
        ok="Op het bezwaar is beslist.", success_url=reverse("provisions:besluit", args=[item.pk]))


# --- worklist and budget -----------------------------------------------------------------------------------------

@login_required
def worklist(request):
    actor = actor_for_request(request)
    return render(request, "provisions/worklist.html", queries.worklist(actor, resource=request.path))


@login_required
def budget(request):
    """Budgets per law and category with what is committed, and providers' contract ceilings (warning at 70%)."""
    return _budget_page(request, actor_for_request(request))


def _budget_page(request, actor, ceiling_forms=None):
    """The budget page; `ceiling_forms` ({contract pk: form}) puts a posted ceiling back in place."""
    gemeente_ids = actor.gemeenten_with(FINANCE_VIEW)
    if not gemeente_ids:
        raise NotAllowed("Budgetten zijn er voor beleid, control, procesregie en de backoffice.")
    year = whole_number_filter(request, "jaar", 2015, 2100, "jaar") or timezone.localdate().year
    profile_ids = list(Gemeente.objects.filter(pk__in=gemeente_ids).values_list("profile_id", flat=True).distinct())
    rows = queries.budgets(gemeente_ids, year)
    contract_rows = queries.contracts(profile_ids)
    can_edit = actor.can_anywhere(CONFIG_MANAGE)
    if can_edit:
        ceiling_forms = ceiling_forms or {}
        for c in contract_rows:
            c.ceiling_form = ceiling_forms.get(c.pk) or CeilingForm(initial={"ceiling": c.ceiling},
                                                                    auto_id=f"plafond{c.pk}-%s")
    return render(request, "provisions/budget.html", {
        "year": year, "rows": rows, "contracts": contract_rows, "law_names": LAW_NAMES,
        "can_edit": can_edit,
        "years": [year - 1, year, year + 1],
        "budget_chart": [(f"{r.gemeente.name} · {LAW_NAMES[r.law]}{' · ' + r.category if r.category else ''}",
                          r.share) for r in rows],
        "contract_chart": [(r.provider.name, r.share) for r in contract_rows],
    })
