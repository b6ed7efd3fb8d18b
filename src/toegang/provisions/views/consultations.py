"""Expert consultation pages (issue 12 points 10 and 11): the consultations on a case, or on a single question's
aanvraag (its melding), with the profile's rule (which kinds of help always need an expert's advice, BUCH seed 001
§4.4.1) and expert teams (Krimpen seed 002 §3.2.2); recording a consultation, and the advice that comes later."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from toegang.accounts.actors import actor_for_request
from toegang.cases import queries as case_queries
from toegang.cases.models import Casus
from toegang.core.errors import NotFound
from toegang.intake import queries as intake_queries
from toegang.intake.models import Melding
from toegang.ui.posting import post_form

from .. import consultations, permissions, queries
from ..actions import consultations as consultation_actions
from ..forms import AdviceForm, ConsultationForm
from ..models import Raadpleging, Voorziening
from ..permissions import SINGLE_QUESTION


def _subject(actor, request, *, case_pk=None, aanvraag_pk=None):
    """(casus, aanvraag, melding, gemeente): the case read through its scope, or the aanvraag of a single question
    through its melding's scope; the access is logged. Outside the scope: 404."""
    if case_pk is not None:
        casus = case_queries.access_case(actor, case_pk, purpose="deskundigen raadplegen", channel="ui",
                                         resource=request.path)
        return casus, None, None, casus.gemeente
    aanvraag = intake_queries.visible_aanvragen(actor).select_related("melding__gemeente__profile", "applicant")\
        .filter(pk=aanvraag_pk).first()
    if aanvraag is None:
        raise NotFound(gettext("Aanvraag niet gevonden."))
    queries.log_clients(actor, [aanvraag.applicant_id], purpose="deskundigen raadplegen", channel="ui",
                        resource=request.path)
    return None, aanvraag, aanvraag.melding, aanvraag.melding.gemeente


def _is_open(casus: Casus | None, melding: Melding | None) -> bool:
    if casus is not None:
        return casus.status != Casus.Status.AFGESLOTEN
    return melding.triage_outcome == SINGLE_QUESTION and melding.status != Melding.Status.AFGESLOTEN


def _kinds(actor, casus, gemeente, teams) -> list[str]:
    """The kinds of consultation this actor may record here (permissions.py)."""
    kinds = []
    if permissions.may_consult(actor, gemeente.pk):
        kinds.append(Raadpleging.Kind.DESKUNDIGE)
    if casus is not None and teams and permissions.may_call_in_expert_team(actor, casus):
        kinds.append(Raadpleging.Kind.DESKUNDIGENTEAM)
    return kinds


def _maatwerk(gemeente):
    return Voorziening.objects.filter(gemeenten=gemeente, kind=Voorziening.Kind.MAATWERK, active=True)\
        .select_related("mandate_group").order_by("name")


def _new_form(gemeente, kinds, teams, data=None):
    initial = {"kind": kinds[0]} if len(kinds) == 1 else None
    return ConsultationForm(data, initial=initial, auto_id="raadpleging-%s", kinds=kinds,
                            teams=teams if Raadpleging.Kind.DESKUNDIGENTEAM in kinds else [],
                            voorzieningen=_maatwerk(gemeente))


def _page(request, actor, *, casus, aanvraag, melding, gemeente, form=None, advice_form=None, advice_for=None):
    profile_data = gemeente.profile.data
    teams = consultations.expert_teams(profile_data, gemeente.cbs_code)
    is_open = _is_open(casus, melding)
    kinds = _kinds(actor, casus, gemeente, teams) if is_open else []
    rows = queries.consultations_of(casus=casus, melding=melding)
    team_names = {t["code"]: t["naam"] for t in teams}
    may_by_kind = {k: k in kinds for k in Raadpleging.Kind.values}
    for r in rows:
        r.team_name = team_names.get(r.team_code, r.team_code)
        if is_open and not r.has_advice and (r.asked_by_id == actor.user_id or may_by_kind[r.kind]):
            r.advice_form = advice_form if advice_for == r.pk else AdviceForm(
                initial={"version": r.version, "expert": r.expert}, auto_id=f"advies-{r.pk}-%s")
    maatwerk = list(_maatwerk(gemeente))
    rules = [{**rule, "names": [v.name for v in maatwerk if consultations.rule_for(profile_data, v) is rule]}
             for rule in consultations.rules(profile_data)]
    base = reverse("provisions:case-consultations", args=[casus.pk]) if casus is not None \
        else reverse("provisions:single-question-consultations", args=[aanvraag.pk])
    return render(request, "provisions/consultations.html", {
        "casus": casus, "aanvraag": aanvraag, "melding": melding, "rows": rows, "rules": rules, "teams": teams,
        "form": form or (_new_form(gemeente, kinds, teams) if kinds else None), "base": base,
        "source": ((profile_data or {}).get(consultations.SECTION) or {}).get("bron", ""),
    })


def _record(request, actor, *, casus, aanvraag, melding, gemeente):
    teams = consultations.expert_teams(gemeente.profile.data, gemeente.cbs_code)
    kinds = _kinds(actor, casus, gemeente, teams) if _is_open(casus, melding) else []
    form = _new_form(gemeente, kinds or list(Raadpleging.Kind.values), teams, request.POST)

    def run(d):
        return consultation_actions.check_record_consultation(
            actor=actor, casus=casus, melding=None if casus is not None else melding,
            data=consultation_actions.ConsultationData(
                kind=d["kind"], question=d["question"], asked_on=d["asked_on"], expert=d["expert"],
                team_code=d.get("team_code") or "", voorziening=d["voorziening"], advice=d["advice"],
                outcome=d["outcome"], advised_on=d["advised_on"]))

    return post_form(request, form, run=run,
                     rerender=lambda bound: _page(request, actor, casus=casus, aanvraag=aanvraag, melding=melding,
                                                  gemeente=gemeente, form=bound),
                     ok=lambda r: gettext("De raadpleging is vastgelegd.") if r.has_advice
                     else gettext("De raadpleging is vastgelegd; leg het advies vast zodra het er is."),
                     success_url=request.path)


@login_required
@require_http_methods(["GET", "POST"])
def case_consultations(request, pk: int):
    """The expert consultations on a case: the case director, process direction and whoever may prepare an
    indication record them here."""
    actor = actor_for_request(request)
    casus, aanvraag, melding, gemeente = _subject(actor, request, case_pk=pk)
    if request.method == "POST":
        return _record(request, actor, casus=casus, aanvraag=aanvraag, melding=melding, gemeente=gemeente)
    return _page(request, actor, casus=casus, aanvraag=aanvraag, melding=melding, gemeente=gemeente)


@login_required
@require_http_methods(["GET", "POST"])
def single_question_consultations(request, pk: int):
    """The expert consultations on a single question without a case (on its melding), for the proposal on aanvraag
    `pk`."""
    actor = actor_for_request(request)
    casus, aanvraag, melding, gemeente = _subject(actor, request, aanvraag_pk=pk)
    if request.method == "POST":
        return _record(request, actor, casus=casus, aanvraag=aanvraag, melding=melding, gemeente=gemeente)
    return _page(request, actor, casus=casus, aanvraag=aanvraag, melding=melding, gemeente=gemeente)


def _advice(request, actor, raadpleging_pk, **subject):
    casus, melding = subject["casus"], subject["melding"]
    rows = Raadpleging.objects.filter(casus=casus) if casus is not None \
        else Raadpleging.objects.filter(melding=melding, casus__isnull=True)
    raadpleging = rows.filter(pk=raadpleging_pk).first()
    if raadpleging is None:
        raise NotFound(gettext("Raadpleging niet gevonden."))
    form = AdviceForm(request.POST, auto_id=f"advies-{raadpleging.pk}-%s")
    return post_form(request, form, run=lambda d: consultation_actions.check_record_advice(
        actor=actor, raadpleging=raadpleging, advice=d["advice"], outcome=d["outcome"], advised_on=d["advised_on"],
        expert=d["expert"], expected_version=d["version"]),
        rerender=lambda bound: _page(request, actor, **subject, advice_form=bound, advice_for=raadpleging.pk),
        ok=gettext("Het advies is vastgelegd."),
        success_url=reverse("provisions:case-consultations", args=[casus.pk]) if casus is not None
        else reverse("provisions:single-question-consultations", args=[subject["aanvraag"].pk]))


@login_required
@require_POST
def case_advice(request, pk: int, raadpleging: int):
    actor = actor_for_request(request)
    casus, aanvraag, melding, gemeente = _subject(actor, request, case_pk=pk)
    return _advice(request, actor, raadpleging, casus=casus, aanvraag=aanvraag, melding=melding, gemeente=gemeente)


@login_required
@require_POST
def single_question_advice(request, pk: int, raadpleging: int):
    actor = actor_for_request(request)
    casus, aanvraag, melding, gemeente = _subject(actor, request, aanvraag_pk=pk)
    return _advice(request, actor, raadpleging, casus=casus, aanvraag=aanvraag, melding=melding, gemeente=gemeente)
