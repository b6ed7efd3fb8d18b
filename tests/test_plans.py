"""The plan: every change a new version, the second of two editors gets a conflict, agreement rules, outcome."""

import datetime as dt

import pytest
from django.db import transaction

from toegang.audit.models import ChangeLog
from toegang.cases import actions as case_actions
from toegang.core.actor import SYSTEM
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.plans import actions
from toegang.plans.models import PlanVersion
from toegang.plans.queries import current_version

from .factories import HouseholdFactory, ResidentFactory

SOON = dt.date.today() + dt.timedelta(days=60)


@pytest.fixture
def setup(profile, staff, actor_of):
    household = HouseholdFactory()
    mother = ResidentFactory(household=household, geboortedatum=dt.date(1988, 2, 2))
    child = ResidentFactory(household=household, geboortedatum=dt.date(2016, 3, 3))
    with transaction.atomic():
        casus = case_actions.do_open_case(actor=SYSTEM, household=household, team_id=None)
    case_actions.check_assign_case_director(actor=SYSTEM, casus=casus, medewerker=staff["generalist"])
    return casus, actor_of(staff["generalist"]), mother, child


def goal(actor, casus, base, **kw):
    return actions.check_add_goal(actor=actor, casus=casus, base_version=base, **{
        "domain": "financien", "description": "Schulden op orde", "desired_result": "een betalingsregeling",
        "measure": "geen nieuwe aanmaningen", "target_date": SOON, **kw})


def test_every_change_is_a_new_version_with_its_differences(setup):
    casus, director, mother, child = setup
    v1 = goal(director, casus, 0)
    v2 = goal(director, casus, 1, domain="werk-opleiding", description="Naar school", person_id=child.pk,
              desired_result="elke dag op school")
    v3 = actions.check_add_plan_action(actor=director, casus=casus, base_version=2, goal_id=v1.content["goals"][0]["id"],
                                       owner_type="huishouden", owner="moeder", description="Post openen met buurvrouw",
                                       due_date=SOON)
    v4 = actions.check_set_goal_status(actor=director, casus=casus, base_version=3,
                                       goal_id=v1.content["goals"][0]["id"], status="bezig")
    assert [v.number for v in PlanVersion.objects.order_by("number")] == [1, 2, 3, 4]
    assert PlanVersion.objects.get(number=1).content["goals"][0]["status"] == "open"  # earlier versions unchanged
    assert v2.content["goals"][1]["person"] == child.pk  # a child's goal inside the family plan
    assert actions.diff(v3.content, v4.content) == ["doel 'Schulden op orde': status open → bezig"]
    assert actions.diff(v2.content, v3.content) == ["nieuwe actie: Post openen met buurvrouw"]
    assert ChangeLog.objects.filter(event="plan.versie").count() == 4


def test_second_editor_gets_a_conflict_and_nothing_is_overwritten(setup):
    casus, director, *_ = setup
    goal(director, casus, 0)
    # two people opened version 1; the first saves
    goal(director, casus, 1, description="Eerste wijziging")
    with pytest.raises(Conflict, match="u werkte met versie 1, de huidige is versie 2"):
        goal(director, casus, 1, description="Tweede wijziging")
    assert [g["description"] for g in current_version(casus).content["goals"]] == [
        "Schulden op orde", "Eerste wijziging"]


def test_goal_needs_a_target_date_and_a_person_of_the_household(setup):
    casus, director, *_ = setup
    with pytest.raises(ValidationFailed, match="Het doel is niet volledig") as info:
        goal(director, casus, 0, target_date=None, person_id=ResidentFactory().pk)
    assert set(info.value.field_errors) == {"target_date", "person"}
    assert not PlanVersion.objects.exists()


def assess_safety(actor, casus):
    from toegang.assessments.actions import check_record_safety_assessment

    return check_record_safety_assessment(actor=actor, casus=casus, assessed_on=dt.date.today(),
                                          worries="schulden zorgen voor spanning", going_well="oma helpt",
                                          must_happen="rust in huis", scale=6, checklist=[])


def test_a_plan_for_a_household_with_children_needs_the_safety_assessment_first(setup):
    casus, director, *_ = setup
    goal(director, casus, 0)
    with pytest.raises(ValidationFailed, match=r"Het plan kan \(nog\) niet worden afgesproken") as info:
        actions.check_agree_plan(actor=director, casus=casus, base_version=1, agreed_on=dt.date.today(),
                                 how="mondeling", by="moeder")
    assert "safety" in info.value.field_errors
    assess_safety(director, casus)
    assert actions.check_agree_plan(actor=director, casus=casus, base_version=1, agreed_on=dt.date.today(),
                                    how="mondeling", by="moeder").agreed_on == dt.date.today()


def test_safety_assessment_rules(setup):
    from toegang.assessments.actions import check_record_safety_assessment

    casus, director, *_ = setup
    with pytest.raises(ValidationFailed, match="De veiligheidsbeoordeling is niet volledig") as info:
        check_record_safety_assessment(actor=director, casus=casus, assessed_on=dt.date.today(), worries="",
                                       going_well="x", must_happen="x", scale=11, checklist=["onzin"])
    assert set(info.value.field_errors) == {"worries", "scale", "checklist"}
    assessment = assess_safety(director, casus)
    assert assessment.child_under_five is False and ChangeLog.objects.filter(event="veiligheid.beoordeeld").exists()


def test_agreement_needs_a_goal_and_records_how_and_by_whom(setup):
    casus, director, *_ = setup
    assess_safety(director, casus)
    with pytest.raises(ValidationFailed, match=r"Het plan kan \(nog\) niet worden afgesproken") as info:
        actions.check_agree_plan(actor=director, casus=casus, base_version=0, agreed_on=dt.date.today(),
                                 how="mondeling", by="moeder")
    assert "goals" in info.value.field_errors
    goal(director, casus, 0)
    agreed = actions.check_agree_plan(actor=director, casus=casus, base_version=1, agreed_on=dt.date.today(),
                                      how="schriftelijk", by="Sanne (moeder)")
    assert agreed.number == 2 and agreed.agreed_by == "Sanne (moeder)" and agreed.agreed_how == "schriftelijk"


def test_only_the_director_or_process_direction_edits(setup, staff, actor_of):
    casus, director, *_ = setup
    case_actions.check_add_case_involvement(actor=director, casus=casus, medewerker=staff["partner"], role="coach")
    with pytest.raises(NotAllowed, match="Alleen de casusregisseur of de procesregie wijzigt het plan"):
        goal(actor_of(staff["partner"]), casus, 0)
    goal(actor_of(staff["procesregisseur"]), casus, 0)


def test_closure_records_the_share_of_goals_reached(setup):
    casus, director, *_ = setup
    v1 = goal(director, casus, 0)
    goal(director, casus, 1, description="Tweede doel")
    actions.check_set_goal_status(actor=director, casus=casus, base_version=2, goal_id=v1.content["goals"][0]["id"],
                                  status="bereikt")
    case_actions.check_close_case(actor=director, casus=casus, reason="doelen-bereikt",
                                  household_informed_on=dt.date.today())
    assert casus.outcome["doelen"] == 2 and casus.outcome["doelen_bereikt"] == 1 and casus.outcome["aandeel_bereikt"] == 0.5
    with pytest.raises(Conflict, match="casus is afgesloten"):  # a closed case is read-only
        goal(director, casus, 3)


def test_plan_page(setup, client_for, django_assert_max_num_queries):
    casus, director, *_ = setup
    goal(director, casus, 0)
    client = client_for("generalist")
    with django_assert_max_num_queries(20):
        html = client.get(f"/casussen/{casus.pk}/plan/").content.decode()
    assert "Schulden op orde" in html and "Versie 1" in html
    response = client.post(f"/casussen/{casus.pk}/plan/doel/", {"base_version": 0, "domain": "financien",
                                                                 "description": "Werk vinden",
                                                                 "desired_result": "Twee dagen per week",
                                                                 "target_date": SOON.isoformat()})
    html = response.content.decode()
    assert response.status_code == 409  # a stale form: the plan page again, what was typed kept
    assert "Het plan is intussen gewijzigd" in html and 'value="Twee dagen per week"' in html
    assert PlanVersion.objects.count() == 1
    # the form came back with the current version: sending it again after reading the new plan saves
    assert 'name="base_version" value="1"' in html
    again = client.post(f"/casussen/{casus.pk}/plan/doel/", {"base_version": 1, "domain": "financien",
                                                              "description": "Werk vinden",
                                                              "desired_result": "Twee dagen per week",
                                                              "target_date": SOON.isoformat()})
    assert again.status_code == 302 and PlanVersion.objects.count() == 2


def test_plan_pdf_in_plain_dutch_for_the_household(setup, client_for):
    import io

    from pypdf import PdfReader

    from toegang.audit.models import AccessLog

    casus, director, mother, child = setup
    v1 = goal(director, casus, 0, person_id=child.pk, description="Elke dag naar school",
              desired_result="geen verzuim meer", measure="de school belt niet meer")
    actions.check_add_plan_action(actor=director, casus=casus, base_version=1, goal_id=v1.content["goals"][0]["id"],
                                  owner_type="huishouden", owner="moeder", description="Wekker zetten om 7 uur",
                                  due_date=SOON)
    response = client_for("generalist").get(f"/casussen/{casus.pk}/plan/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for words in ("Ons plan", "Elke dag naar school", child.full_name, "Wekker zetten om 7 uur",
                  "nog niet afgesproken", "cliëntondersteuner"):
        # text extraction may split a word at a kerning pair ("T essa"): compare without spaces
        assert words.replace(" ", "") in "".join(text.split()), words
    assert AccessLog.objects.filter(channel="export", purpose="plan als pdf voor het huishouden").exists()
    assert client_for("balie").get(f"/casussen/{casus.pk}/plan/pdf/").status_code == 404


def test_who_coordinates_the_care_is_recorded_in_the_plan(setup):
    """Één gezin – één plan (Bergen seed 000 B3, R-2): the profile's default when the plan starts (the household),
    a professional only named and with whose choice it was; the change is a version and its difference."""
    casus, director, *_ = setup
    v1 = goal(director, casus, 0)
    assert actions.coordination_of(v1.content) is None  # the profile names no default: nothing recorded
    with pytest.raises(ValidationFailed) as info:
        actions.check_set_coordination(actor=director, casus=casus, base_version=1, by="professional")
    assert set(info.value.field_errors) == {"name", "reason"}
    v2 = actions.check_set_coordination(actor=director, casus=casus, base_version=1, by="professional",
                                        name="J. de Coach", reason="Gekozen door moeder in het 1G1P-overleg.")
    assert actions.coordination_of(v2.content)["name"] == "J. de Coach"
    assert actions.diff(v1.content, v2.content) == ["zorgcoördinatie: J. de Coach"]
    assert v2.content["goals"] == v1.content["goals"]


def test_the_profile_default_makes_the_household_coordinate_a_new_plan(setup, staff, actor_of):
    casus, director, *_ = setup
    profile = casus.gemeente.profile
    profile.data = {**profile.data, "plan": {"zorgcoordinatie": "huishouden", "bron": "seed 000 B3"}}
    profile.save()
    casus.refresh_from_db()
    v1 = goal(director, casus, 0)
    assert actions.coordination_of(v1.content)["by"] == "huishouden"
    with pytest.raises(NotAllowed):
        actions.check_set_coordination(actor=actor_of(staff["balie"]), casus=casus, base_version=1, by="huishouden")
