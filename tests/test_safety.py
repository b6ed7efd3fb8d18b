"""The meldcode (issue 12 point 5) and crisis with the safety plan (point 6): the order of the steps, the decision
rule of the afwegingskader, who may see a trajectory (404 for everyone else, page and API), the change log, and the
review clock of the safety plan."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from toegang.accounts.models import Team
from toegang.audit.models import AccessLog, ChangeLog
from toegang.cases import actions as case_actions
from toegang.core.actor import SYSTEM
from toegang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from toegang.deadlines.models import Clock
from toegang.intake.models import Melding
from toegang.safety import actions, meldcode, queries
from toegang.safety.models import MeldcodeStep, MeldcodeTrajectory, SafetyPlan
from toegang.tasks.models import Task

from .factories import HouseholdFactory, ResidentFactory
from .openapi_contract import api_contract  # noqa: F401 (every API answer is checked against the document)

TODAY = timezone.localdate


@pytest.fixture
def family(profile):
    household = HouseholdFactory()
    parent = ResidentFactory(household=household, geboortedatum=dt.date(1985, 1, 1))
    child = ResidentFactory(household=household, geboortedatum=dt.date(2019, 3, 1))
    return household, parent, child


@pytest.fixture
def casus(family, staff, actor_of):
    household, _, _ = family
    with transaction.atomic():
        casus = case_actions.do_open_case(actor=SYSTEM, household=household,
                                          team_id=Team.objects.get(code="st-noord-zuid").pk)
    case_actions.check_assign_case_director(actor=actor_of(staff["procesregisseur"]), casus=casus,
                                            medewerker=staff["generalist"])
    return casus


@pytest.fixture
def director(staff, actor_of):
    return actor_of(staff["generalist"])


@pytest.fixture
def betrokkene(casus, make_staff, director, actor_of):
    """Another generalist, involved in the case: sees the case, not the meldcode."""
    other = make_staff("generalist")
    case_actions.check_add_case_involvement(actor=director, casus=casus, medewerker=other, role="gezinscoach")
    return other


@pytest.fixture
def trajectory(casus, family, director):
    _, parent, child = family
    return actions.check_start_meldcode(actor=director, casus=casus, person_ids=[parent.pk, child.pk])


def step(actor, trajectory, number, **answers):
    trajectory.refresh_from_db()
    notes = answers.pop("notes", "besluit toegelicht" if number == 5 else "")
    return actions.check_record_meldcode_step(actor=actor, trajectory=trajectory, step=number, held_on=TODAY(),
                                              answers=answers, notes=notes)


STEP_ANSWERS = {
    1: {"signalen": "blauwe plekken bij het kind, gezien door de leerkracht"},
    2: {"collega": "aandachtsfunctionaris", "veilig_thuis_geraadpleegd": True, "advies": "gesprek met moeder"},
    3: {"gevoerd": True, "gesprek_met": "moeder"},
}


def weighing(**answers):
    out = {}
    for code, answer in answers.items():
        out[code] = answer
        out[f"{code}_toelichting"] = f"toelichting bij {code}"
    return out


def through_step_3(actor, trajectory):
    for number in (1, 2, 3):
        step(actor, trajectory, number, **STEP_ANSWERS[number])


# --- the decision rule (pure) -----------------------------------------------------------------------------------


@pytest.mark.parametrize("answers, outcome, missing", [
    ({}, None, ("vraag1",)),
    ({"vraag1": "nee"}, meldcode.GEEN_VERMOEDEN, ()),
    ({"vraag1": "ja"}, None, ("vraag2",)),
    ({"vraag1": "ja", "vraag2": "ja"}, meldcode.MELDEN, ()),
    ({"vraag1": "ja", "vraag2": "nee", "vraag3": "nee"}, meldcode.MELDEN, ()),
    ({"vraag1": "ja", "vraag2": "nee", "vraag3": "ja", "vraag4": "nee"}, meldcode.MELDEN, ()),
    ({"vraag1": "ja", "vraag2": "nee", "vraag3": "ja", "vraag4": "ja"}, None, ("vraag5",)),
    ({"vraag1": "ja", "vraag2": "nee", "vraag3": "ja", "vraag4": "ja", "vraag5": "nee"}, meldcode.MELDEN, ()),
    ({"vraag1": "ja", "vraag2": "nee", "vraag3": "ja", "vraag4": "ja", "vraag5": "ja"}, meldcode.HULP, ()),
])
def test_the_afwegingskader_decides_what_step_5_requires(answers, outcome, missing):
    result = meldcode.weigh(answers)
    assert (result.outcome, result.missing) == (outcome, missing)


def test_steps_go_forward_one_at_a_time_or_back():
    assert meldcode.allowed_steps(0) == [1]
    assert meldcode.allowed_steps(3) == [1, 2, 3, 4]
    assert meldcode.allowed_steps(5) == [1, 2, 3, 4, 5]


# --- the order of the steps ---------------------------------------------------------------------------------------


def test_skipping_a_step_is_refused_and_nothing_is_written(trajectory, director):
    with pytest.raises(ValidationFailed, match="Een stap overslaan kan niet: de volgende stap is stap 1"):
        step(director, trajectory, 3, **STEP_ANSWERS[3])
    assert not MeldcodeStep.objects.filter(trajectory=trajectory).exists()
    assert not ChangeLog.objects.filter(event="meldcode.stap_vastgelegd").exists()


def test_deciding_without_weighing_is_refused(trajectory, director):
    through_step_3(director, trajectory)
    with pytest.raises(ValidationFailed, match="Beslissen \\(stap 5\\) kan pas na het wegen"):
        step(director, trajectory, 5, melden=True)


def test_going_back_is_a_new_record_and_the_steps_after_it_are_taken_again(trajectory, director):
    through_step_3(director, trajectory)
    step(director, trajectory, 4, **weighing(vraag1="ja", vraag2="ja"))
    step(director, trajectory, 2, collega="gedragswetenschapper", advies="nieuwe informatie van school")
    trajectory.refresh_from_db()
    assert trajectory.current_step == 2
    assert list(MeldcodeStep.objects.filter(trajectory=trajectory).order_by("id").values_list("step", flat=True)) \
        == [1, 2, 3, 4, 2]  # history kept
    with pytest.raises(ValidationFailed, match="Beslissen"):
        step(director, trajectory, 5, melden=True)
    step(director, trajectory, 3, **STEP_ANSWERS[3])
    step(director, trajectory, 4, **weighing(vraag1="ja", vraag2="ja"))
    step(director, trajectory, 5, melden=True)
    assert trajectory.current_step == 5


def test_step_answers_are_required_with_a_clear_message(trajectory, director):
    with pytest.raises(ValidationFailed) as refused:
        step(director, trajectory, 1, signalen="  ")
    assert refused.value.field_errors["signalen"] == ["Vul dit in."]
    step(director, trajectory, 1, **STEP_ANSWERS[1])
    step(director, trajectory, 2, **STEP_ANSWERS[2])
    with pytest.raises(ValidationFailed) as refused:  # not held: say why (only for safety)
        step(director, trajectory, 3, gevoerd=False)
    assert "reden_niet_gevoerd" in refused.value.field_errors
    step(director, trajectory, 3, gevoerd=False, reden_niet_gevoerd="gesprek brengt het kind in gevaar")
    with pytest.raises(ValidationFailed) as refused:  # the framework needs vraag 2 after a 'ja' on vraag 1
        step(director, trajectory, 4, **weighing(vraag1="ja"))
    assert "vraag2" in refused.value.field_errors


# --- the decision rule at step 5 ----------------------------------------------------------------------------------


def test_a_ja_on_question_2_makes_reporting_required(trajectory, director):
    through_step_3(director, trajectory)
    step(director, trajectory, 4, **weighing(vraag1="ja", vraag2="ja"))
    with pytest.raises(ValidationFailed, match="onvolledig|niet volledig") as refused:
        step(director, trajectory, 5, melden=False, hulp=True)
    assert "is melden bij Veilig Thuis verplicht" in refused.value.field_errors["melden"][0]
    assert "Besluit verplichte meldcode" in refused.value.field_errors["melden"][0]
    row = step(director, trajectory, 5, melden=True, hulp=True)
    assert row.answers == {"melden": True, "hulp": True, "uitkomst_afweging": "melden"}


def test_lasting_safety_through_help_needs_no_report(trajectory, director):
    through_step_3(director, trajectory)
    step(director, trajectory, 4, **weighing(vraag1="ja", vraag2="nee", vraag3="ja", vraag4="ja", vraag5="ja"))
    with pytest.raises(ValidationFailed):
        step(director, trajectory, 5, melden=False, hulp=False)
    assert step(director, trajectory, 5, hulp=True).answers["uitkomst_afweging"] == "hulp"


def test_kindcheck_and_veilig_thuis_are_recorded(trajectory, director, family):
    _, parent, child = family
    with pytest.raises(ValidationFailed) as refused:
        actions.check_record_kindcheck(actor=director, trajectory=trajectory, done=True, done_on=TODAY(),
                                       child_ids=[parent.pk], outcome="ouder met psychiatrische problematiek")
    assert "children" in refused.value.field_errors
    actions.check_record_kindcheck(actor=director, trajectory=trajectory, done=True, done_on=TODAY(),
                                   child_ids=[child.pk], outcome="kind veilig bij oma")
    with pytest.raises(ValidationFailed) as refused:
        actions.check_record_veilig_thuis(actor=director, trajectory=trajectory, kind="melding", on=TODAY(),
                                          reference="")
    assert "reference" in refused.value.field_errors
    contact = actions.check_record_veilig_thuis(actor=director, trajectory=trajectory, kind="melding", on=TODAY(),
                                                reference="VT-2026-0042")
    assert ChangeLog.objects.filter(event="meldcode.veilig_thuis", object_id=str(trajectory.pk),
                                    new__kenmerk="VT-2026-0042").exists()
    assert contact.reference == "VT-2026-0042"
    assert ChangeLog.objects.filter(event="meldcode.kindcheck", new__kinderen=[child.pk]).exists()


def test_each_step_is_in_the_change_log_with_who_and_the_answers(trajectory, director, staff):
    step(director, trajectory, 1, **STEP_ANSWERS[1])
    entry = ChangeLog.objects.get(event="meldcode.stap_vastgelegd")
    assert entry.actor_id == staff["generalist"].pk
    assert entry.new["stap"] == 1 and entry.new["antwoorden"]["signalen"].startswith("blauwe plekken")
    assert ChangeLog.objects.filter(event="meldcode.gestart", object_id=str(trajectory.pk)).exists()


# --- who sees the meldcode ----------------------------------------------------------------------------------------


def test_only_the_director_process_direction_and_privacy_see_a_trajectory(trajectory, staff, betrokkene, actor_of):
    for role in ("generalist", "procesregisseur", "privacy"):
        assert queries.access_trajectory(actor_of(staff[role]), trajectory.pk, purpose="t", channel="ui") == trajectory
    for user in (betrokkene, staff["teamleider"], staff["balie"], staff["partner"]):
        with pytest.raises(NotFound, match="Meldcode-traject niet gevonden"):
            queries.access_trajectory(actor_of(user), trajectory.pk, purpose="t", channel="ui")


def test_the_privacy_officer_reads_but_records_nothing(trajectory, staff, actor_of):
    with pytest.raises(NotAllowed):
        step(actor_of(staff["privacy"]), trajectory, 1, **STEP_ANSWERS[1])
    step(actor_of(staff["procesregisseur"]), trajectory, 1, **STEP_ANSWERS[1])  # process direction may step in


@pytest.mark.parametrize("role, status", [("generalist", 200), ("procesregisseur", 200), ("privacy", 200),
                                          ("teamleider", 404), ("balie", 404), ("partner", 404)])
def test_the_trajectory_page_and_api_per_role(trajectory, client_for, role, status):
    client = client_for(role)
    assert client.get(f"/meldcode/{trajectory.pk}/").status_code == status
    assert client.get(f"/api/v1/meldcode-trajecten/{trajectory.pk}").status_code == status
    listed = client.get("/api/v1/meldcode-trajecten").json()["results"]
    assert [t["id"] for t in listed] == ([trajectory.pk] if status == 200 else [])


def test_another_involved_generalist_gets_404_on_page_and_api(trajectory, betrokkene):
    from django.test import Client

    client = Client()
    client.force_login(betrokkene)
    assert client.get(f"/casussen/{trajectory.casus_id}/").status_code == 200  # sees the case …
    assert client.get(f"/meldcode/{trajectory.pk}/").status_code == 404  # … not its meldcode
    assert client.get(f"/api/v1/meldcode-trajecten/{trajectory.pk}").status_code == 404
    page = client.get(f"/casussen/{trajectory.casus_id}/").content.decode()
    assert "Meldcode (vertrouwelijk)" not in page


def test_the_case_page_shows_the_meldcode_only_to_who_may_see_it(trajectory, client_for):
    assert "Meldcode (vertrouwelijk)" in client_for("generalist").get(f"/casussen/{trajectory.casus_id}/")\
        .content.decode()
    lead = client_for("teamleider").get(f"/casussen/{trajectory.casus_id}/")
    assert lead.status_code == 200 and "Meldcode (vertrouwelijk)" not in lead.content.decode()


def test_reading_a_trajectory_is_logged_as_access_to_personal_data(trajectory, client_for, family, staff):
    _, parent, child = family
    client_for("privacy").get(f"/meldcode/{trajectory.pk}/")
    row = AccessLog.objects.filter(actor_id=staff["privacy"].pk, purpose__contains="meldcode").latest("seq")
    assert {parent.pk, child.pk} <= set(row.subject_ids)


def test_recording_a_step_through_the_page_and_the_api(trajectory, client_for):
    client = client_for("generalist")
    bad = client.post(f"/meldcode/{trajectory.pk}/stap/", {"version": trajectory.version, "step": 3,
                                                           "held_on": TODAY().isoformat(), "gevoerd": "on",
                                                           "gesprek_met": "moeder"})
    assert bad.status_code == 422 and "Een stap overslaan kan niet" in bad.content.decode()
    ok = client.post(f"/meldcode/{trajectory.pk}/stap/", {"version": trajectory.version, "step": 1,
                                                          "held_on": TODAY().isoformat(),
                                                          "signalen": "signalen van school"})
    assert ok.status_code == 302
    api = client.post(f"/api/v1/meldcode-trajecten/{trajectory.pk}/stappen",
                      {"stap": 2, "datum": TODAY().isoformat(), "antwoorden": STEP_ANSWERS[2], "versie": 2},
                      content_type="application/json")
    assert api.status_code == 201, api.content
    assert api.json()["huidigeStap"] == 2
    skipped = client.post(f"/api/v1/meldcode-trajecten/{trajectory.pk}/stappen",
                          {"stap": 5, "datum": TODAY().isoformat(), "antwoorden": {"melden": True}},
                          content_type="application/json")
    assert skipped.status_code == 400


def test_starting_from_the_veiligheid_melding_does_its_task(casus, family, director, staff):
    household, parent, _ = family
    melding = Melding.objects.create(gemeente=casus.gemeente, received_at=timezone.now(), household=household,
                                     triage_outcome="veiligheid", status=Melding.Status.GETRIEERD,
                                     created_at=timezone.now())
    task = Task.objects.create(gemeente=casus.gemeente, kind="veiligheid", title="volg de meldcode-route",
                               melding=melding, household=household, due_on=TODAY(), created_at=timezone.now(),
                               assignee=staff["generalist"])
    trajectory = actions.check_start_meldcode(actor=director, casus=casus, person_ids=[parent.pk],
                                              melding_id=melding.pk)
    assert trajectory.melding == melding
    task.refresh_from_db()
    assert task.done_at is not None


def test_the_case_page_names_a_veiligheid_melding_until_a_trajectory_starts_from_it(casus, family, director,
                                                                                     client_for):
    household, parent, _ = family
    client = client_for("generalist")
    page = client.get(f"/casussen/{casus.pk}/").content.decode()
    assert "Geen meldcode-traject." in page and "getrieerd naar de veiligheidsroute" not in page
    melding = Melding.objects.create(gemeente=casus.gemeente, received_at=timezone.now(), household=household,
                                     triage_outcome="veiligheid", status=Melding.Status.GETRIEERD,
                                     created_at=timezone.now())
    page = client.get(f"/casussen/{casus.pk}/").content.decode()
    assert f"Melding {melding.pk} is getrieerd naar de veiligheidsroute" in page and f"?melding={melding.pk}" in page
    actions.check_start_meldcode(actor=director, casus=casus, person_ids=[parent.pk], melding_id=melding.pk)
    page = client.get(f"/casussen/{casus.pk}/").content.decode()
    assert "getrieerd naar de veiligheidsroute" not in page and "nog geen stap" in page
    assert "Geen meldcode-traject." not in page


def test_the_api_starts_a_trajectory_for_the_director_only(casus, family, client_for):
    _, parent, _ = family
    body = {"casus": casus.pk, "personen": [parent.pk]}
    assert client_for("teamleider").post("/api/v1/meldcode-trajecten", body,
                                         content_type="application/json").status_code == 404
    made = client_for("generalist").post("/api/v1/meldcode-trajecten", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["personen"] == [parent.pk]
    assert MeldcodeTrajectory.objects.filter(casus=casus).count() == 1


def test_the_trajectory_list_has_a_bounded_number_of_queries(casus, family, director, client_for,
                                                             django_assert_max_num_queries):
    _, parent, _ = family
    client = client_for("procesregisseur")
    for count in (1, 6):  # the same number of queries for one trajectory as for six
        while MeldcodeTrajectory.objects.count() < count:
            actions.check_start_meldcode(actor=director, casus=casus, person_ids=[parent.pk])
        with django_assert_max_num_queries(14):
            assert len(client.get("/api/v1/meldcode-trajecten").json()["results"]) == count


# --- crisis and the safety plan -----------------------------------------------------------------------------------


AGREEMENTS = [{"wie": "moeder", "wat": "belt oma als vader drinkt", "wanneer": "2030-01-01"}]


def make_plan(actor, casus, on=None, agreements=AGREEMENTS):
    return actions.check_start_safety_plan(actor=actor, casus=casus, started_on=on or TODAY(), danger="geweld",
                                           goal="de kinderen zijn veilig thuis", agreements=agreements,
                                           bottom_lines="geen geweld waar de kinderen bij zijn",
                                           network="oma, buurvrouw")


def test_a_safety_plan_makes_the_case_a_crisis_and_starts_its_review_clock(casus, director, client_for):
    assert "veiligheidsplan actief sinds" not in client_for("generalist").get(f"/casussen/{casus.pk}/").content.decode()
    plan = make_plan(director, casus)
    page = client_for("teamleider").get(f"/casussen/{casus.pk}/").content.decode()
    assert "utrecht-alert--error" in page and "veiligheidsplan actief sinds" in page
    clock = Clock.objects.get(subject_type="safety.safetyplan", subject_id=plan.pk, stopped_on__isnull=True)
    assert clock.kind == "veiligheidsplan-evaluatie" and clock.due_on == TODAY() + dt.timedelta(weeks=1)
    from toegang.cases.models import Casus

    assert Casus.objects.filter(queries.in_crisis_filter(), pk=casus.pk).exists()


def test_a_review_restarts_the_clock_and_ending_the_plan_stops_it(casus, director):
    plan = make_plan(director, casus)
    first = Clock.objects.get(subject_id=plan.pk, subject_type="safety.safetyplan")
    actions.check_review_safety_plan(actor=director, plan=plan, held_on=TODAY(), scale=6,
                                     findings="afspraken nagekomen")
    first.refresh_from_db()
    assert first.stopped_on == TODAY()
    running = Clock.objects.get(subject_id=plan.pk, subject_type="safety.safetyplan", stopped_on__isnull=True)
    assert running.started_on == TODAY() and running.due_on == TODAY() + dt.timedelta(weeks=1)
    assert ChangeLog.objects.filter(event="veiligheidsplan.geevalueerd", object_id=str(plan.pk)).exists()
    actions.check_end_safety_plan(actor=director, plan=plan, reason="veilig genoeg")
    assert not Clock.objects.filter(subject_id=plan.pk, subject_type="safety.safetyplan",
                                    stopped_on__isnull=True).exists()
    assert not queries.active_plan(casus)


def test_the_profile_sets_the_review_term(casus, director, demodam):
    profile = demodam.profile
    profile.data = {**profile.data, "termijnen": {**profile.data.get("termijnen", {}),
                                                  "veiligheidsplan-evaluatie": {"termijn": "5wd"}}}
    profile.save()
    plan = make_plan(director, casus)
    clock = Clock.objects.get(subject_id=plan.pk, subject_type="safety.safetyplan")
    assert clock.term == "5wd"


def test_a_plan_needs_smart_agreements_and_one_active_plan_per_case(casus, director):
    with pytest.raises(ValidationFailed) as refused:
        make_plan(director, casus, agreements=[{"wie": "moeder", "wat": "", "wanneer": ""}])
    assert refused.value.field_errors["agreements"] == ["Afspraak 1: vul wie, wat en wanneer (een datum) in."]
    assert not SafetyPlan.objects.exists()
    make_plan(director, casus)
    with pytest.raises(Conflict, match="al een actief veiligheidsplan"):
        make_plan(director, casus)


def test_the_safety_plan_pages(casus, client_for):
    client = client_for("generalist")
    bad = client.post(f"/casussen/{casus.pk}/veiligheidsplan/nieuw/", {
        "started_on": TODAY().isoformat(), "danger": "geweld", "goal": "veilig", "agreements": "moeder | belt oma",
        "bottom_lines": "geen geweld", "network": "oma"})
    assert bad.status_code == 422 and "moeder | belt oma" in bad.content.decode()  # input kept
    ok = client.post(f"/casussen/{casus.pk}/veiligheidsplan/nieuw/", {
        "started_on": TODAY().isoformat(), "danger": "geweld", "goal": "veilig",
        "agreements": "moeder | belt oma | 01-01-2030", "bottom_lines": "geen geweld", "network": "oma"})
    assert ok.status_code == 302
    plan = SafetyPlan.objects.get(casus=casus)
    assert plan.agreements == [{"wie": "moeder", "wat": "belt oma", "wanneer": "2030-01-01"}]
    assert client.get(f"/veiligheidsplan/{plan.pk}/").status_code == 200
    assert client_for("balie").get(f"/veiligheidsplan/{plan.pk}/").status_code == 404


def test_an_open_crisis_melding_flags_the_case_until_it_is_closed(casus, family, client_for):
    household, _, _ = family
    melding = Melding.objects.create(gemeente=casus.gemeente, received_at=timezone.now(), household=household,
                                     urgency="crisis", created_at=timezone.now())
    page = client_for("teamleider").get(f"/casussen/{casus.pk}/").content.decode()
    assert "1 open crisismelding" in page
    Melding.objects.filter(pk=melding.pk).update(status=Melding.Status.AFGESLOTEN)
    page = client_for("teamleider").get(f"/casussen/{casus.pk}/").content.decode()
    assert "open crisismelding" not in page


def test_a_profile_that_always_informs_veilig_thuis_holds_the_decision_until_it_is_informed(trajectory, director,
                                                                                               profile):
    """BUCH seed 001 §4.5.2: the team always informs the AMHK (Veilig Thuis), even when it gives the help itself
    (profile `veiligheid.veilig_thuis_altijd_informeren`). Without the setting, help alone is a decision (above)."""
    type(profile).objects.filter(pk=profile.pk).update(
        data={**profile.data, "veiligheid": {"veilig_thuis_altijd_informeren": True}})
    through_step_3(director, trajectory)
    step(director, trajectory, 4, **weighing(vraag1="ja", vraag2="nee", vraag3="ja", vraag4="ja", vraag5="ja"))
    with pytest.raises(ValidationFailed) as refused:
        step(director, trajectory, 5, hulp=True)
    assert "Veilig Thuis altijd geïnformeerd" in refused.value.field_errors["melden"][0]
    assert not MeldcodeStep.objects.filter(trajectory=trajectory, step=5).exists()
    # choosing to report is informing: the report follows (the page warns until it is recorded)
    assert step(director, trajectory, 5, melden=True, hulp=True).answers["melden"]
    actions.check_record_veilig_thuis(actor=director, trajectory=trajectory, kind="advies", on=TODAY(),
                                      reference="VT-2026-0043")
    assert step(director, trajectory, 5, hulp=True).answers["hulp"]
