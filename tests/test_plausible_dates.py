"""Issue 9, item 3: dates that cannot be true are refused, with a Dutch message (dd-mm-jjjj) at the field, on the
pages, the API and in the actions — so no statutory clock starts or stops on an impossible day, and no provision
period commits money past the profile's maximum term or the provider's contract."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from toegang.accounts.actors import actor_for_user
from toegang.cases import actions as case_actions
from toegang.core import dates
from toegang.core.errors import ValidationFailed
from toegang.deadlines.models import Clock
from toegang.intake import actions as intake_actions
from toegang.intake.models import Aanvraag, Melding
from toegang.provisions import actions
from toegang.provisions.models import Contract, Indicatie, Product, Verplichting, Voorziening

from .factories import ResidentFactory
from .provisions_support import TODAY, case_with_goal, data


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def reasons(response) -> dict[str, str]:
    return {p["name"]: p["reason"] for p in response.json()["invalidParams"]}


@pytest.fixture
def case(profile, staff):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    return casus, mother, child, goal


def first_contact_clocks(casus):
    return Clock.objects.filter(kind="eerste-contact", subject_type="intake.melding",
                                subject_id__in=casus.meldingen.values("pk"))


# --- the helper ----------------------------------------------------------------------------------------------

def test_window_from_go_live_and_the_profile_margin(settings):
    settings.TOEGANG_GO_LIVE = "2020-03-01"
    assert dates.earliest(None) == dt.date(2019, 3, 1)  # default margin: 12 months
    assert dates.earliest({"datums": {"marge_voor_ingebruikname_maanden": 0}}) == dt.date(2020, 3, 1)
    assert dates.fmt(dt.date(1, 1, 1)) == "01-01-0001"
    problem = dates.date_problem(dt.date(1900, 1, 1), label="De datum", earliest_day=dt.date(2019, 3, 1))
    assert problem == ("De datum 01-01-1900 kan niet kloppen: die ligt voor 01-03-2019, de vroegste datum die Toegang "
                       "aanneemt (in gebruik sinds 01-03-2020).")


# --- contact moments ---------------------------------------------------------------------------------------------

def test_contact_moment_in_year_one_is_refused_over_the_api_and_the_clock_keeps_running(case, staff):
    casus, *_ = case
    assert first_contact_clocks(casus).filter(stopped_on__isnull=True).exists()
    response = api(staff["generalist"]).post(f"/api/v1/casussen/{casus.pk}/contactmomenten", {
        "moment": "0001-01-01T10:00:00+01:00", "soort": "huisbezoek", "deelnemers": "gezin", "verslag": "x"},
        format="json")
    assert response.status_code == 400
    assert "01-01-0001 kan niet kloppen" in reasons(response)["moment"]
    assert not first_contact_clocks(casus).filter(stopped_on__isnull=False).exists()
    assert not casus.contact_moments.exists()


def test_contact_moment_in_year_one_is_refused_on_the_case_page(case, client_for):
    casus, *_ = case
    response = client_for("generalist").post(f"/casussen/{casus.pk}/contactmoment/", {
        "at": "0001-01-01T10:00", "kind": "huisbezoek", "participants": "gezin", "summary": "x"}, follow=True)
    assert "Het contactmoment 01-01-0001 kan niet kloppen" in response.content.decode()
    assert not first_contact_clocks(casus).filter(stopped_on__isnull=False).exists()


def test_contact_moment_before_the_case_began_is_refused(case, staff):
    casus, *_ = case
    began = timezone.localdate(case_actions.case_began(casus))
    with pytest.raises(ValidationFailed, match="Het contactmoment is niet vastgelegd") as refused:
        case_actions.check_record_contact_moment(
            actor=actor_for_user(staff["generalist"]), casus=casus, kind="huisbezoek", participants="gezin",
            summary="x", at=timezone.now() - dt.timedelta(days=30))
    assert refused.value.field_errors["at"] == [
        f"Het contactmoment {dates.fmt(timezone.localdate() - dt.timedelta(days=30))} ligt voor het begin van de "
        f"casus ({dates.fmt(began)})."]
    moment = case_actions.check_record_contact_moment(actor=actor_for_user(staff["generalist"]), casus=casus,
                                                      kind="huisbezoek", participants="gezin", summary="x",
                                                      at=timezone.now())
    assert moment.pk and first_contact_clocks(casus).filter(stopped_on=timezone.localdate()).exists()


def test_household_informed_before_the_case_began_is_refused(case, staff):
    casus, *_ = case
    # only the date is wrong: the message is its reason, not "niet volledig" (issue 11, point 12)
    with pytest.raises(ValidationFailed, match="^De datum 01-01-1900 kan niet kloppen") as refused:
        case_actions.check_close_case(actor=actor_for_user(staff["procesregisseur"]), casus=casus,
                                      reason="doelen-bereikt", household_informed_on=dt.date(1900, 1, 1))
    assert "01-01-1900 kan niet kloppen" in refused.value.field_errors["household_informed_on"][0]


# --- received dates ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("received", ["0001-01-01T10:00:00+01:00", "1583-06-01T10:00:00+01:00",
                                      "1900-01-01T10:00:00+01:00"])
def test_melding_received_in_an_impossible_year_is_refused_over_the_api(profile, client_for, received):
    resident = ResidentFactory()
    response = client_for("balie").post("/api/v1/meldingen", data=json.dumps({
        "gemeente": "9901", "kanaal": "telefoon", "bron": "zelf", "inwoners": [resident.pk], "vraag": "Hulp",
        "wetten": ["wmo"], "ontvangenOp": received}), content_type="application/json")
    assert response.status_code == 400, response.content
    assert f"Het ontvangstmoment {received[8:10]}-{received[5:7]}-{received[:4]} kan niet kloppen" in \
        reasons(response)["ontvangenOp"]
    assert not Melding.objects.exists() and not Clock.objects.exists()


def test_melding_received_in_1900_is_refused_on_the_form(profile, client_for):
    resident = ResidentFactory()
    response = client_for("balie").post("/meldingen/nieuw/", {
        "inwoner": resident.pk, "persons": [resident.pk], "gemeente": resident.gemeente_id,
        "received_at": "1900-01-01T09:00", "channel": "balie", "source": "zelf", "question": "Hulp",
        "urgency": "regulier", "idempotency_key": "k"})
    assert response.status_code == 422
    assert "Het ontvangstmoment 01-01-1900 kan niet kloppen" in response.content.decode()
    assert not Melding.objects.exists()


def test_a_profile_margin_moves_the_window(profile, settings, demodam, staff):
    settings.TOEGANG_GO_LIVE = dt.date.today().isoformat()
    profile.data = {**profile.data, "datums": {"marge_voor_ingebruikname_maanden": 1}}
    profile.save()
    demodam.refresh_from_db()
    resident = ResidentFactory()
    data = intake_actions.MeldingData(question="Hulp", channel="telefoon", source="zelf",
                                      received_at=timezone.now() - dt.timedelta(days=45))
    with pytest.raises(ValidationFailed, match="^Het ontvangstmoment .* kan niet kloppen") as refused:
        intake_actions.check_register_melding(actor=actor_for_user(staff["balie"]), gemeente=demodam, data=data,
                                              persons=[resident])
    assert "kan niet kloppen" in refused.value.field_errors["received_at"][0]
    data.received_at = timezone.now() - dt.timedelta(days=20)
    melding, created = intake_actions.check_register_melding(actor=actor_for_user(staff["balie"]), gemeente=demodam,
                                                             data=data, persons=[resident])
    assert created and melding.received_at == data.received_at


def test_aanvraag_cannot_precede_its_melding_or_the_applicant(case, staff, client_for):
    casus, mother, child, goal = case
    melding = casus.meldingen.get()
    desk = actor_for_user(staff["backoffice"])
    day_before = timezone.localdate(melding.received_at) - dt.timedelta(days=1)
    with pytest.raises(ValidationFailed, match="^De ontvangstdatum .* ligt voor de ontvangst van de melding") as refused:
        intake_actions.check_register_aanvraag(actor=desk, melding=melding, applicant=mother, law="wmo",
                                               requested="hulp", received_on=day_before)
    assert refused.value.field_errors["received_on"] == [
        f"De ontvangstdatum {dates.fmt(day_before)} ligt voor de ontvangst van de melding "
        f"({dates.fmt(timezone.localdate(melding.received_at))})."]
    response = client_for("backoffice").post("/api/v1/aanvragen", data=json.dumps({
        "melding": melding.pk, "aanvrager": mother.pk, "wet": "wmo", "gevraagd": "hulp",
        "ontvangenOp": "1583-01-01"}), content_type="application/json")
    assert response.status_code == 400 and "01-01-1583 kan niet kloppen" in reasons(response)["ontvangenOp"]
    assert not Aanvraag.objects.exists()


# --- provision periods ---------------------------------------------------------------------------------------------

def indication_body(casus, child, goal, **overrides):
    product = Product.objects.get(code="45A48")
    body = {"casus": casus.pk, "nieuweAanvraag": True, "client": child.pk, "product": product.pk, "omvang": 2,
            "frequentie": "2", "van": TODAY.isoformat(), "totEnMet": "9999-12-31", "leveringsvorm": "pgb",
            "doelen": [goal], "motivering": "vastgelopen",
            "overwogen": [Voorziening.objects.get(code="opvoedspreekuur").pk], "eigenKracht": "wil", "netwerk": "oma",
            "waaromNietVoldoende": "te zwaar",
            "pgbVoorwaarden": {"bekwaam": True, "motivering": "eigen keuze", "kwaliteit": True}}
    body.update(overrides)
    return body


def test_end_9999_is_refused_over_the_api_and_commits_nothing(case, staff):
    casus, mother, child, goal = case
    response = api(staff["generalist"]).post("/api/v1/indicaties", indication_body(casus, child, goal), format="json")
    assert response.status_code == 400, response.content
    last = TODAY.replace(year=TODAY.year + 5) - dt.timedelta(days=1) if not (TODAY.month == 2 and TODAY.day == 29) \
        else dt.date(TODAY.year + 5, 2, 28)
    assert reasons(response)["totEnMet"] == (
        f"Een voorziening onder de Jeugdwet loopt hier ten hoogste 60 maanden: de einddatum is uiterlijk "
        f"{dates.fmt(last)} (nu 31-12-9999).")
    assert not Indicatie.objects.exists() and not Verplichting.objects.exists()


def test_end_9999_is_refused_on_the_proposal_form(case, client_for):
    casus, mother, child, goal = case
    product = Product.objects.get(code="45A48")
    response = client_for("generalist").post(f"/casussen/{casus.pk}/voorzieningen/", {
        "aanvraag": "nieuw", "client": child.pk, "product": product.pk, "volume": 3, "frequency": "2",
        "start": TODAY.isoformat(), "end": "9999-12-31", "form": "zin",
        "provider": product.contracts.first().provider_id, "goals": [goal], "motivation": "Vastgelopen opvoeding",
        "considered": [Voorziening.objects.get(code="opvoedspreekuur").pk], "own_strength": "wil graag",
        "network": "oma helpt", "why_not_enough": "te zwaar", "idempotency_key": "t9"})
    assert response.status_code == 422
    assert "loopt hier ten hoogste 60 maanden" in response.content.decode() and "(nu 31-12-9999)" in \
        response.content.decode()
    assert not Indicatie.objects.exists()


def test_the_profile_sets_the_maximum_term_per_law(case, profile, staff):
    casus, mother, child, goal = case
    profile.data = {**profile.data, "besluiten": {**profile.data.get("besluiten", {}),
                                                  "max_looptijd_maanden": {"jeugdwet": 6}}}
    profile.save()
    casus.gemeente.refresh_from_db()
    casus.gemeente.profile.refresh_from_db()
    with pytest.raises(ValidationFailed, match="Het voorstel is niet volledig of niet juist") as refused:
        actions.check_prepare_indication(actor=actor_for_user(staff["generalist"]), casus=casus, new_aanvraag=True,
                                         data=data("45A48", child, goal, end=TODAY + dt.timedelta(days=200)))
    assert "ten hoogste 6 maanden" in refused.value.field_errors["end"][0]


def test_a_period_past_the_contract_is_refused(case, staff):
    casus, mother, child, goal = case
    contract = Contract.objects.get(code="jeugdhulp-demo-2025")
    Contract.objects.filter(pk=contract.pk).update(valid_until=TODAY + dt.timedelta(days=30))
    response = api(staff["generalist"]).post("/api/v1/indicaties", indication_body(
        casus, child, goal, leveringsvorm="zin", aanbieder="98765432", pgbVoorwaarden={},
        totEnMet=(TODAY + dt.timedelta(days=90)).isoformat()), format="json")
    assert response.status_code == 400
    assert reasons(response)["totEnMet"].startswith(
        f"Het contract met Jeugdhulp Demoregio B.V. loopt tot en met {dates.fmt(TODAY + dt.timedelta(days=30))}")


def test_start_before_the_client_was_born_is_refused(case, staff):
    casus, mother, child, goal = case
    with pytest.raises(ValidationFailed, match="Het voorstel is niet volledig of niet juist") as refused:
        actions.check_prepare_indication(actor=actor_for_user(staff["generalist"]), casus=casus, new_aanvraag=True,
                                         data=data("45A48", child, goal, start=child.geboortedatum - dt.timedelta(days=1)))
    assert refused.value.field_errors["start"] == [
        f"De ingangsdatum {dates.fmt(child.geboortedatum - dt.timedelta(days=1))} ligt voor de geboortedatum van de "
        f"cliënt ({dates.fmt(child.geboortedatum)})."]


def test_no_grant_past_a_contract_shortened_after_the_proposal_and_no_commitment_past_it(case, staff):
    casus, mother, child, goal = case
    indicatie = actions.check_prepare_indication(actor=actor_for_user(staff["generalist"]), casus=casus,
                                                 new_aanvraag=True, data=data("45A48", child, goal))
    Contract.objects.filter(pk=indicatie.contract_id).update(valid_until=TODAY + dt.timedelta(days=30))
    regie = actor_for_user(staff["procesregisseur"])
    with pytest.raises(ValidationFailed, match="Het contract met .* loopt tot en met"):
        actions.check_decide(actor=regie, indicatie=indicatie, outcome="toegekend", reasons="nodig")
    assert not Verplichting.objects.exists()
    # a refusal commits nothing, so it may still be decided
    besluit = actions.check_decide(actor=regie, indicatie=indicatie, outcome="afgewezen", reasons="niet nodig")
    assert besluit.pk and not Verplichting.objects.exists()


def test_a_start_years_ahead_is_refused(case, staff):
    casus, mother, child, goal = case
    start = TODAY.replace(year=TODAY.year + 3) if not (TODAY.month == 2 and TODAY.day == 29) else dt.date(
        TODAY.year + 3, 3, 1)
    with pytest.raises(ValidationFailed, match="^De ingangsdatum .* ligt na de grens van een jaar vooruit") as refused:
        actions.check_prepare_indication(actor=actor_for_user(staff["generalist"]), casus=casus, new_aanvraag=True,
                                         data=data("45A48", child, goal, start=start, end=start + dt.timedelta(days=30),
                                                   form="pgb", provider=None,
                                                   pgb_conditions={"bekwaam": True, "motivering": "x",
                                                                   "kwaliteit": True}))
    assert refused.value.field_errors["start"][0].startswith(
        f"De ingangsdatum {dates.fmt(start)} ligt na de grens van een jaar vooruit")

