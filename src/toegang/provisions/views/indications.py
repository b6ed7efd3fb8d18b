"""The provisions of a case (the case director prepares a proposal from the plan), the provisions of a single
question's aanvraag (a proposal without a case, BUCH seed 001 §4.2) and the indication page with its posts:
establishing it, the decision, withdrawing it."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.models import Organisatie
from toegang.cases import queries as case_queries
from toegang.core.errors import NotFound, ValidationFailed
from toegang.intake import queries as intake_queries
from toegang.intake.models import Aanvraag
from toegang.persons.models import Resident
from toegang.ui.forms import VersionForm
from toegang.ui.posting import post_form

from .. import actions, mandates, permissions, queries
from ..codes import TAAK_NAMES
from ..forms import NEW_AANVRAAG, DecisionForm, DisagreementForm, IndicationForm, WithdrawForm
from ..letters import amount_text, euro
from ..models import Besluit, Indicatie, Product, Voorziening


def _indication_form(*, gemeente, household, casus=None, aanvraag=None, data=None, initial=None):
    """The proposal form: on a case, with its household's open aanvragen and the plan's goals; on a single
    question's `aanvraag` (no case), for that aanvraag's law and with a goal of its own."""
    products = Product.objects.filter(voorziening__gemeenten=gemeente, voorziening__active=True,
                                      voorziening__kind=Voorziening.Kind.MAATWERK)\
        .select_related("voorziening").order_by("voorziening__name", "category", "code")
    if casus is not None:
        aanvragen = list(Aanvraag.objects.filter(applicant__household_id=casus.household_id,
                                                 gemeente_id=casus.gemeente_id, status=Aanvraag.Status.INGEDIEND)
                         .order_by("-received_on"))
        goals = actions.plan_goals(casus)
    else:
        aanvragen, goals = None, None
        products = products.filter(voorziening__law=aanvraag.law)
    providers = Organisatie.objects.filter(gemeenten=gemeente, kind=Organisatie.Kind.ZORGAANBIEDER)\
        .order_by("name")
    general = Voorziening.objects.filter(gemeenten=gemeente, kind=Voorziening.Kind.ALGEMEEN, active=True)\
        .order_by("name")
    return IndicationForm(data, initial=initial, auto_id="ind-%s", aanvragen=aanvragen,
                          members=household.current_residents.all().order_by("geboortedatum") if household
                          else Resident.objects.none(),
                          products=products, providers=providers, general=general, goals=goals)


def _blank_initial() -> dict:
    """Today, in natura, for a year (the day before the same date next year)."""
    today = timezone.localdate()
    return {"start": today, "form": "zin",
            "end": today.replace(year=today.year + 1) - dt.timedelta(days=1)
            if not (today.month == 2 and today.day == 29) else today + dt.timedelta(days=364)}


def _data(form, d, product) -> actions.IndicationData:
    """The action's input from the proposal form's cleaned data."""
    return actions.IndicationData(
        voorziening=product.voorziening, product=product, client=d["client"], volume=d["volume"],
        frequency=d["frequency"] or product.frequency, start=d["start"], end=d["end"], form=d["form"],
        provider=d["provider"], goal_ids=d.get("goals", []), goal=d.get("goal", ""), motivation=d["motivation"],
        considered=list(d["considered"]), own_strength=d["own_strength"], network=d["network"],
        why_not_enough=d["why_not_enough"], pgb_conditions=form.pgb_conditions())


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
        form = _indication_form(gemeente=casus.gemeente, household=casus.household, casus=casus,
                                initial=_blank_initial())
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
            idempotency_key=token, data=_data(form, d, product))

    form = _indication_form(gemeente=casus.gemeente, household=casus.household, casus=casus, data=request.POST)
    return post_form(request, form, run=prepare,
                     rerender=lambda bound: _case_provisions_page(request, actor, casus, bound, token),
                     ok=lambda indicatie: gettext("Het voorstel is vastgelegd en ligt klaar voor wie het mandaat heeft.")
                     if indicatie.created else gettext("Dit voorstel was al ontvangen; er is niets dubbel vastgelegd."),
                     success_url=lambda indicatie: reverse("provisions:indication", args=[indicatie.pk]))


def _single_question_aanvraag(actor, pk: int) -> Aanvraag:
    """The aanvraag if its melding is visible to the actor (intake.queries: the melding's own scope; a mandate
    widens nothing), else 404."""
    aanvraag = intake_queries.visible_aanvragen(actor)\
        .select_related("melding__gemeente__profile", "melding__assigned_to", "applicant__household")\
        .filter(pk=pk).first()
    if aanvraag is None:
        raise NotFound(gettext("Aanvraag niet gevonden."))
    return aanvraag


def _single_question_page(request, actor, aanvraag, form, token):
    melding, household = aanvraag.melding, aanvraag.applicant.household
    rows = queries.indications_of_aanvraag(aanvraag)
    blocked = ""
    try:
        permissions.require_single_question(melding, gettext("een indicatie voorstellen"))
    except ValidationFailed as exc:
        blocked = exc.message
    if not blocked and aanvraag.status != Aanvraag.Status.INGEDIEND:
        blocked = gettext("Op deze aanvraag is al besloten.") if aanvraag.status == Aanvraag.Status.BESLOTEN \
            else gettext("Deze aanvraag is ingetrokken.")
    if not blocked and household is None:
        blocked = gettext("De aanvrager hoort bij geen huishouden: koppel eerst een huishouden.")
    may = not blocked and permissions.may_prepare_without_case(actor, melding)
    members = list(form.fields["client"].queryset) if may else []
    # one access row for the persons this page names: the applicant, the household shown in the form, the clients
    queries.log_clients(actor, [aanvraag.applicant_id, *(m.pk for m in members), *(i.client_id for i in rows)],
                        purpose="voorzieningen bij een enkelvoudige vraag", channel="ui", resource=request.path)
    return render(request, "provisions/single_question.html", {
        "aanvraag": aanvraag, "melding": melding, "household": household, "rows": rows, "form": form,
        "token": token, "blocked": blocked, "can_prepare": may,
        "casus_visible": bool(melding.casus_id) and case_queries.can_see_case(actor, melding.casus),
    })


@login_required
@require_http_methods(["GET", "POST"])
def single_question(request, pk: int):
    """The provisions of a single question's aanvraag: indications without a case and, for whoever holds the
    mandate 'inventarisatie en diagnose' and sees the melding, the proposal (BUCH seed 001 §4.2: the steps from
    clarifying the question to the plan merge, and a maatwerkvoorziening is deployed directly)."""
    actor = actor_for_request(request)
    aanvraag = _single_question_aanvraag(actor, pk)
    household = aanvraag.applicant.household
    gemeente = aanvraag.melding.gemeente

    def blank_form(data=None, initial=None):
        return _indication_form(gemeente=gemeente, household=household, aanvraag=aanvraag, data=data,
                                initial=initial)

    if request.method != "POST":
        return _single_question_page(request, actor, aanvraag, blank_form(initial=_blank_initial()),
                                     uuid.uuid4().hex)
    token = request.POST.get("idempotency_key", "")
    form = blank_form(request.POST)

    def prepare(d):
        return actions.check_prepare_single_indication(actor=actor, aanvraag=aanvraag, idempotency_key=token,
                                                       data=_data(form, d, d["product"]))

    return post_form(request, form, run=prepare,
                     rerender=lambda bound: _single_question_page(request, actor, aanvraag, bound, token),
                     ok=lambda indicatie: gettext("Het voorstel is vastgelegd en ligt klaar voor wie het mandaat heeft.")
                     if indicatie.created else gettext("Dit voorstel was al ontvangen; er is niets dubbel vastgelegd."),
                     success_url=lambda indicatie: reverse("provisions:indication", args=[indicatie.pk]))


def _indication_page(request, actor, indicatie, forms=None):
    """The indication page; `forms` ({"decision_form": form, ...}) puts a posted form back in place."""
    return render(request, "provisions/indication.html", {**_indication_context(actor, indicatie), **(forms or {})})


def _indication_context(actor, indicatie):
    group = indicatie.voorziening.mandate_group
    held = mandates.tasks_held(actor, indicatie.gemeente_id, group) if group else []
    besluit = getattr(indicatie, "besluit", None) if indicatie.status == Indicatie.Status.BESLOTEN else None
    formal = queries.formalising(indicatie.gemeente, group)  # profile data: no query
    return {
        "indicatie": indicatie, "besluit": besluit, "held": held, "group": group,
        "held_names": [TAAK_NAMES[t] for t in held],
        "amount": amount_text(indicatie.volume, indicatie.unit, indicatie.frequency),
        "estimate": euro(actions.commitment_amount(indicatie.volume, indicatie.frequency, indicatie.tariff,
                                                   indicatie.start, indicatie.end)),
        "considered": list(indicatie.considered.order_by("name")),
        "pgb_labels": dict(actions.PGB_CONDITIONS),
        "contract_share": _share(indicatie),
        # seed 004 §5.7: stacked products of the same kind, and the same kind's products by cost (open work only:
        # a signal for whoever decides)
        "stacked": queries.stacked_with(indicatie) if _open(indicatie) else [],
        "by_cost": queries.products_by_cost(indicatie.product, indicatie.start) if _open(indicatie) else [],
        # The version travels in a hidden input written from `indicatie.version`: the state this page shows.
        "decision_form": DecisionForm(auto_id="besluit-%s"),
        "withdraw_form": WithdrawForm(auto_id="intrekken-%s"),
        "disagreement_form": DisagreementForm(auto_id="bedenking-%s"),
        # BUCH seed 001 §4.4.1: where the decision only formalises the indication (profile `formaliseren`), who holds
        # 'beschikking' puts a disagreement to the team lead instead of refusing (check_raise_disagreement)
        "may_disagree": _open(indicatie) and "beschikking" in held and formal is not None,
        # only a kind of provision that is formalised can carry a disagreement: no query for the others
        "disagreements": queries.disagreements_of(indicatie) if formal is not None else [],
        "open": indicatie.status in (Indicatie.Status.VOORSTEL, Indicatie.Status.VASTGESTELD),
        # the case as a link only for whoever may open it (the back office may not: no dead end to a 404)
        "casus_visible": bool(indicatie.casus_id) and case_queries.can_see_case(actor, indicatie.casus),
    }


def _open(indicatie) -> bool:
    return indicatie.status in (Indicatie.Status.VOORSTEL, Indicatie.Status.VASTGESTELD)


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
                              gettext("De indicatie is vastgesteld."))


@login_required
@require_POST
def decide(request, pk: int):
    def ok(besluit):
        if besluit.status == Besluit.Status.TWEEDE:
            return gettext("Het besluit is genomen en wacht op een tweede beoordeling (vier ogen).")
        return gettext("Het besluit is vastgesteld; de brief is gemaakt en klaar om te verzenden.")

    return _indication_action(request, pk, "besluit nemen", DecisionForm(request.POST, auto_id="besluit-%s"),
                              "decision_form", lambda actor, ind, d: actions.check_decide(
                                  actor=actor, indicatie=ind, outcome=d["outcome"], reasons=d["reasons"],
                                  granted_volume=d["granted_volume"], legal_ground=d["legal_ground"],
                                  expected_version=d["version"]), ok)


@login_required
@require_POST
def raise_disagreement(request, pk: int):
    return _indication_action(request, pk, "bedenking voorleggen",
                              DisagreementForm(request.POST, auto_id="bedenking-%s"), "disagreement_form",
                              lambda actor, ind, d: actions.check_raise_disagreement(actor=actor, indicatie=ind,
                                                                                     reason=d["reason"]),
                              gettext("Uw bedenking is voorgelegd aan de teamleider; de indicatie wacht op het "
                                      "besluit."))


@login_required
@require_POST
def withdraw(request, pk: int):
    return _indication_action(request, pk, "indicatie intrekken", WithdrawForm(request.POST, auto_id="intrekken-%s"),
                              "withdraw_form", lambda actor, ind, d: actions.check_withdraw_indication(
                                  actor=actor, indicatie=ind, reason=d["reason"], expected_version=d["version"]),
                              gettext("Het voorstel is ingetrokken."))
