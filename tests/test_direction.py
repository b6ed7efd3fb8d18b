"""Process direction (issue 12 points 1, 2 and 10): the signals that a case stalls appear and disappear as the data
changes, with thresholds from the profile; the process director's view (filters, privacy, bounded queries); a
case's process director beside its case director."""

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from toegang.audit.models import ChangeLog
from toegang.cases import actions as case_actions
from toegang.cases.models import Casus
from toegang.core.actor import SYSTEM
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.deadlines.models import Clock
from toegang.direction import actions, queries, signals
from toegang.direction.models import ProcessDirector
from toegang.persons.models import Involvement
from toegang.plans import actions as plan_actions
from toegang.plans.models import Plan
from toegang.plans.queries import current_version
from toegang.provisions import actions as provision_actions
from toegang.tasks.actions import check_complete_task
from toegang.tasks.models import Notification, Task

from .factories import HouseholdFactory, ResidentFactory
from .provisions_support import case_with_goal, data


def at(days: int):
    """Travel to `days` from today, 10:00 local time."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return time_machine.travel(timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))), tick=False)


def codes(actor, casus) -> list[str]:
    return [s.code for s in queries.signals_for_case(actor, casus)]


def set_thresholds(gemeente, **values):
    profile = gemeente.profile
    section = profile.data.get("procesregie", {})
    profile.data = {**profile.data, "procesregie": {**section, "signalen": {**section.get("signalen", {}), **values}}}
    profile.save()


@pytest.fixture
def regie(staff, actor_of):
    return actor_of(staff["procesregisseur"])


@pytest.fixture
def family(staff):
    """A case opened by triage today (first-contact clock running), directed by the generalist, one plan goal due
    in 120 days."""
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    return {"casus": casus, "mother": mother, "child": child, "goal": goal}


@pytest.fixture
def adult_case(profile):
    """An adult's household with a case without director or plan."""
    household = HouseholdFactory()
    ResidentFactory(household=household, geboortedatum=dt.date(1970, 3, 3))
    with transaction.atomic():
        return case_actions.do_open_case(actor=SYSTEM, household=household, team_id=None)


# --- the signals --------------------------------------------------------------------------------------------------


def test_no_contact_and_the_first_contact_clock_signal_until_someone_talks_with_the_household(family, regie, staff,
                                                                                               actor_of):
    casus = family["casus"]
    assert codes(regie, casus) == []
    with at(30):
        found = queries.signals_for_case(regie, casus)
        assert [s.code for s in found] == [signals.FIRST_CONTACT_MISSED, signals.NO_CONTACT]  # oldest first
        no_contact = found[1]
        assert no_contact.since == timezone.localdate() - dt.timedelta(days=2)  # opened 30 days ago, norm 28
        assert "30 dagen (norm: 28 dagen)" in no_contact.reason
        assert "te laat" in found[0].reason
        case_actions.check_record_contact_moment(actor=actor_of(staff["generalist"]), casus=casus, at=timezone.now(),
                                                 kind="huisbezoek", participants="moeder", summary="eerste bezoek")
        assert codes(regie, casus) == []
        # a meeting among professionals is no contact with the household
    with at(60):
        case_actions.check_record_contact_moment(actor=actor_of(staff["generalist"]), casus=casus, at=timezone.now(),
                                                 kind="overleg", participants="school", summary="overleg")
        assert signals.NO_CONTACT in codes(regie, casus)


def test_the_thresholds_come_from_the_profile(family, regie):
    casus = family["casus"]
    with at(30):
        assert signals.NO_CONTACT in codes(regie, casus)
        set_thresholds(casus.gemeente, geen_contact_dagen=45)
        assert signals.NO_CONTACT not in codes(regie, casus)
    with at(46):
        assert signals.NO_CONTACT in codes(regie, casus)


def test_defaults_when_the_profile_is_silent():
    t = signals.thresholds({"besluiten": {"herbeoordeling": "10w"}})
    assert (t.no_contact_days, t.plan_agreed_days, t.coordinator_from, t.process_director_from) == (28, 42, 3, 4)
    assert t.decision_ending_days == 70  # the re-assessment term of the profile
    assert signals.kinds({}) == [("procesregie", "Procesregisseur")]


def test_a_plan_not_agreed_after_the_profiles_days(adult_case, regie):
    casus = adult_case
    with at(43):
        assert signals.PLAN_NOT_AGREED in codes(regie, casus)
        version = plan_actions.check_add_goal(actor=SYSTEM, casus=casus, base_version=0, domain="financien",
                                              description="Schulden op orde", desired_result="schuldhulp loopt",
                                              measure="", target_date=timezone.localdate() + dt.timedelta(days=90))
        assert signals.PLAN_NOT_AGREED in codes(regie, casus)
        plan_actions.check_agree_plan(actor=SYSTEM, casus=casus, base_version=version.number,
                                      agreed_on=timezone.localdate(), how="mondeling", by="mevrouw zelf")
        assert signals.PLAN_NOT_AGREED not in codes(regie, casus)


def test_a_goal_past_its_target_date_until_it_is_reached(family, regie):
    casus = family["casus"]
    with at(121):
        found = {s.code: s for s in queries.signals_for_case(regie, casus)}
        assert found[signals.GOAL_OVERDUE].since == timezone.localdate()
        assert "nog open: 1 dagen over tijd" in found[signals.GOAL_OVERDUE].reason
        plan_actions.check_set_goal_status(actor=SYSTEM, casus=casus, base_version=current_version(casus).number,
                                           goal_id=family["goal"], status="bereikt")
        assert signals.GOAL_OVERDUE not in codes(regie, casus)


def test_an_evaluation_date_passed_until_the_plan_is_brought_up_to_date(family, regie):
    casus = family["casus"]
    plan_actions.check_add_evaluation(actor=SYSTEM, casus=casus, base_version=current_version(casus).number,
                                      on=timezone.localdate() + dt.timedelta(days=10))
    with at(10):
        assert signals.EVALUATION_PASSED not in codes(regie, casus)  # today is the day itself
    with at(12):
        found = {s.code: s for s in queries.signals_for_case(regie, casus)}
        assert found[signals.EVALUATION_PASSED].since == timezone.localdate() - dt.timedelta(days=1)
        plan_actions.check_set_goal_status(actor=SYSTEM, casus=casus, base_version=current_version(casus).number,
                                           goal_id=family["goal"], status="bezig")
        assert signals.EVALUATION_PASSED not in codes(regie, casus)


def test_many_professionals_without_a_coordinator_follow_the_pyramid_of_the_profile(adult_case, regie, staff,
                                                                                    make_staff):
    casus = adult_case
    workers = [make_staff("generalist") for _ in range(3)]
    for worker in workers[:2]:
        case_actions.check_add_case_involvement(actor=regie, casus=casus, medewerker=worker, role="hulpverlener")
    assert codes(regie, casus) == []  # two: informal (level 1)
    case_actions.check_add_case_involvement(actor=regie, casus=casus, medewerker=workers[2], role="hulpverlener")
    found = {s.code: s for s in queries.signals_for_case(regie, casus)}
    assert list(found) == [signals.NO_COORDINATOR]
    assert "3 professionals betrokken en geen casusregisseur (vanaf 3 nodig)" in found[signals.NO_COORDINATOR].reason
    case_actions.check_assign_case_director(actor=regie, casus=casus, medewerker=staff["generalist"])
    casus.refresh_from_db()
    assert codes(regie, casus) == [signals.NO_PROCESS_DIRECTOR]  # the director makes four
    actions.check_assign_process_director(actor=regie, casus=casus, medewerker=staff["procesregisseur"],
                                          kind="procesregie", reason="vier hulpverleners")
    assert codes(regie, casus) == []
    set_thresholds(casus.gemeente, procesregisseur_vanaf=5)
    actions.check_end_process_director(actor=regie, casus=casus, reason="afgeschaald")
    assert codes(regie, casus) == []


def test_what_the_signals_read_of_a_case_follows_every_change(adult_case, regie, staff, make_staff):
    """The facts the signals compare with today are kept beside the case in the transaction of each change (the
    plan's dates, the last contact with the household) or by the database itself (the professionals involved):
    they never disagree with the rows they come from."""
    casus = adult_case
    today = timezone.localdate()

    def fresh():
        return Casus.objects.select_related("plan").get(pk=casus.pk)

    # professionals: each once, with the day they first joined, oldest first; ending one takes them off
    workers = [make_staff("generalist") for _ in range(2)]
    for worker in workers:
        case_actions.check_add_case_involvement(actor=regie, casus=casus, medewerker=worker, role="hulpverlener")
    Involvement.objects.filter(casus=casus, medewerker=workers[0]).update(valid_from=today - dt.timedelta(days=9))
    Involvement.objects.create(household=casus.household, casus=casus, medewerker=workers[0], role="tweede rol",
                               valid_from=today)
    assert fresh().professionals_since == [(today - dt.timedelta(days=9)).isoformat(), today.isoformat()]
    involvement = Involvement.objects.get(casus=casus, medewerker=workers[1])
    case_actions.check_end_case_involvement(actor=regie, casus=casus, involvement=involvement)
    assert fresh().professionals_since == [(today - dt.timedelta(days=9)).isoformat()]
    Involvement.objects.filter(casus=casus).delete()
    assert fresh().professionals_since == []

    # the last contact with the household itself: a meeting among professionals does not count, an earlier
    # moment recorded later does not move it back
    now = timezone.now()
    case_actions.check_record_contact_moment(actor=regie, casus=casus, at=now - dt.timedelta(minutes=30),
                                             kind="overleg", participants="team", summary="afstemming")
    assert fresh().last_household_contact_at is None
    case_actions.check_record_contact_moment(actor=regie, casus=casus, at=now - dt.timedelta(minutes=10),
                                             kind="telefoon", participants="moeder", summary="gebeld")
    case_actions.check_record_contact_moment(actor=regie, casus=casus, at=now - dt.timedelta(minutes=20),
                                             kind="huisbezoek", participants="moeder", summary="bezoek")
    assert fresh().last_household_contact_at == now - dt.timedelta(minutes=10)

    # the plan: the current version's evaluation and open goal dates, when it changed, its first agreement
    version = plan_actions.check_add_goal(actor=regie, casus=casus, base_version=0, domain="financien",
                                          description="Schulden op orde", desired_result="rust", measure="",
                                          target_date=today + dt.timedelta(days=40))
    goal = version.content["goals"][0]["id"]
    version = plan_actions.check_add_evaluation(actor=regie, casus=casus, base_version=version.number,
                                                on=today + dt.timedelta(days=50), note="")
    plan = Plan.objects.get(casus=casus)
    assert (plan.open_goal_due_on, plan.evaluation_on, plan.agreed_on) == (
        today + dt.timedelta(days=40), today + dt.timedelta(days=50), None)
    assert plan.changed_at == version.created_at
    version = plan_actions.check_agree_plan(actor=regie, casus=casus, base_version=version.number,
                                            agreed_on=today, how="mondeling", by="moeder")
    version = plan_actions.check_set_goal_status(actor=regie, casus=casus, base_version=version.number,
                                                 goal_id=goal, status="bereikt")
    plan.refresh_from_db()
    assert plan.agreed_on == today and plan.open_goal_due_on is None  # reached: no open goal left


def test_a_decision_ending_without_reassessment(family, regie, staff, actor_of):
    casus = family["casus"]
    generalist = actor_of(staff["generalist"])
    end = timezone.localdate() + dt.timedelta(days=40)
    indicatie = provision_actions.check_prepare_indication(actor=generalist, casus=casus, new_aanvraag=True,
                                                           data=data("45A48", family["child"], family["goal"], end=end))
    provision_actions.check_decide(actor=regie, indicatie=indicatie, outcome="toegekend", reasons="nodig")
    found = {s.code: s for s in queries.signals_for_case(regie, casus)}
    assert found[signals.DECISION_ENDING].since == end - dt.timedelta(days=56)  # herbeoordeling 8w in the demo
    assert f"loopt af op {end:%d-%m-%Y} (over 40 dagen)" in found[signals.DECISION_ENDING].reason
    provision_actions.do_raise_reassessment_tasks(actor=SYSTEM)
    assert signals.DECISION_ENDING not in codes(regie, casus)  # someone re-assesses
    task = Task.objects.get(kind="herbeoordeling")
    check_complete_task(actor=generalist, task=task)  # the case director
    assert signals.DECISION_ENDING in codes(regie, casus)  # done, but no newer decision


def test_the_start_message_signal_is_listed_but_not_computed_yet():
    assert signals.NO_START_MESSAGE in signals.LABELS and signals.NO_START_MESSAGE not in signals.COMPUTED


def test_signals_only_for_who_sees_the_case_and_never_on_a_closed_case(family, regie, staff, actor_of):
    casus = family["casus"]
    with at(30):
        assert codes(actor_of(staff["balie"]), casus) == []
        assert codes(regie, casus) != []
        # the process director's list says what the case page says (one computation, read two ways)
        listed = {row.pk: row for row in queries.attention_list(regie).rows}
        assert [(s.code, s.since, s.reason) for s in listed[casus.pk].signals] == [
            (s.code, s.since, s.reason) for s in queries.signals_for_case(regie, casus)]


# --- the process director -----------------------------------------------------------------------------------------


def test_assigning_and_ending_a_process_director_with_reason_log_and_notification(adult_case, regie, staff):
    casus = adult_case
    pd = actions.check_assign_process_director(actor=SYSTEM, casus=casus, medewerker=staff["procesregisseur"],
                                               kind="procesregie", reason="stagnatie")
    assert pd.until is None and pd.reason == "stagnatie"
    log = ChangeLog.objects.get(event="casus.procesregisseur_gewijzigd")
    assert log.new["procesregisseur"] == staff["procesregisseur"].pk
    assert Notification.objects.filter(recipient=staff["procesregisseur"]).exists()
    with pytest.raises(Conflict, match="intussen gewijzigd"):  # a form that showed no process director
        actions.check_end_process_director(actor=regie, casus=casus, reason="klaar", expected_current=0)
    actions.check_end_process_director(actor=regie, casus=casus, reason="klaar", expected_current=pd.pk)
    pd.refresh_from_db()
    assert pd.until is not None and pd.end_reason == "klaar"
    assert ChangeLog.objects.filter(event="casus.procesregisseur_beeindigd").count() == 1


def test_only_process_direction_assigns_and_only_to_someone_who_does_process_direction(adult_case, regie, staff,
                                                                                       actor_of):
    casus = adult_case
    with pytest.raises(NotAllowed):
        actions.check_assign_process_director(actor=actor_of(staff["teamleider"]), casus=casus,
                                              medewerker=staff["procesregisseur"], kind="procesregie", reason="x")
    with pytest.raises(ValidationFailed) as info:
        actions.check_assign_process_director(actor=regie, casus=casus, medewerker=staff["generalist"],
                                              kind="onbekend", reason=" ")
    assert set(info.value.field_errors) == {"medewerker", "kind", "reason"}
    assert "procesregie in deze gemeente" in info.value.field_errors["medewerker"][0]
    assert not ProcessDirector.objects.exists() and not ChangeLog.objects.filter(
        event="casus.procesregisseur_gewijzigd").exists()


def test_the_database_holds_one_current_process_director(adult_case, staff):
    from django.db import IntegrityError

    ProcessDirector.objects.create(casus=adult_case, medewerker=staff["procesregisseur"], kind="procesregie",
                                   since=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcessDirector.objects.create(casus=adult_case, medewerker=staff["procesregisseur"], kind="procesregie",
                                       since=timezone.now())


def test_krimpen_has_three_kinds_of_process_director():
    from toegang.profiles.loader import read_profile

    data = read_profile("krimpen-2014").data
    assert [code for code, _ in signals.kinds(data)] == ["jeugd", "volwassenen", "doorzettingsmacht-burgemeester"]


# --- the pages ----------------------------------------------------------------------------------------------------


def test_the_view_lists_stalled_cases_oldest_first_with_their_reasons(family, adult_case, client_for):
    with at(50):
        response = client_for("procesregisseur").get("/procesregie/")
        assert response.status_code == 200
        rows = response.context["rows"]
        assert [r.pk for r in rows] == [adult_case.pk, family["casus"].pk] or \
            [r.oldest for r in rows] == sorted(r.oldest for r in rows)
        html = response.content.decode()
        assert "geen contact met het huishouden" in html and f'href="/casussen/{family["casus"].pk}/' in html


def test_the_view_filters_by_reason_team_district_and_my_cases(family, adult_case, regie, staff, client_for):
    family_case = family["casus"]
    with at(50):
        client = client_for("procesregisseur")  # logged in on the day itself (the session would have expired)
        response = client.get("/procesregie/?reden=eerste-contact-verstreken")
        assert response.status_code == 200, response.content.decode()[:3000]
        rows = response.context["rows"]
        assert [r.pk for r in rows] == [family_case.pk]  # only the triaged case has a first-contact clock
        assert [s.code for s in rows[0].signals] == [signals.FIRST_CONTACT_MISSED]
        if family_case.team_id:
            rows = client.get(f"/procesregie/?team={family_case.team_id}").context["rows"]
            assert {r.pk for r in rows} == {family_case.pk}
        wijk = family_case.household.wijk_id
        if wijk:
            rows = client.get(f"/procesregie/?wijk={wijk}").context["rows"]
            assert family_case.pk in {r.pk for r in rows}
        assert client.get("/procesregie/?mijn=1").context["rows"] == []
        actions.check_assign_process_director(actor=regie, casus=adult_case, medewerker=staff["procesregisseur"],
                                              kind="procesregie", reason="werklijst")
        rows = client.get("/procesregie/?mijn=1").context["rows"]
        assert [r.pk for r in rows] == [adult_case.pk] and rows[0].process_director.medewerker == staff["procesregisseur"]
        assert client.get("/procesregie/?reden=onzin").status_code == 400


def test_only_process_direction_sees_the_view_and_the_menu_item(client_for, family):
    for role in ("generalist", "teamleider", "balie", "privacy", "beleid", "partner"):
        client = client_for(role)
        assert client.get("/procesregie/").status_code == 403, role
        assert "/procesregie/" not in client.get("/").content.decode(), role
    assert "/procesregie/" in client_for("procesregisseur").get("/").content.decode()


def test_the_view_has_a_bounded_number_of_queries(profile, client_for, django_assert_max_num_queries, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_cases(n):
        for _ in range(n):
            household = HouseholdFactory()
            ResidentFactory(household=household, geboortedatum=dt.date(1980, 1, 1))
            with transaction.atomic():
                case_actions.do_open_case(actor=SYSTEM, household=household, team_id=None)

    def queries_of_the_page(expected_rows):
        with at(50):
            client = client_for("procesregisseur")
            client.get("/procesregie/")  # the session's first request
            with CaptureQueriesContext(connection) as ctx, django_assert_max_num_queries(20):
                response = client.get("/procesregie/")
            assert len(response.context["rows"]) == expected_rows
        return len(ctx.captured_queries)

    add_cases(2)
    few = queries_of_the_page(2)
    add_cases(30)
    assert queries_of_the_page(25) == few  # the same whatever the number of cases


def test_the_case_page_shows_the_process_director_and_the_signals(family, regie, staff, client_for):
    casus = family["casus"]
    actions.check_assign_process_director(actor=regie, casus=casus, medewerker=staff["procesregisseur"],
                                          kind="procesregie", reason="toezicht")
    with at(30):
        html = client_for("procesregisseur").get(f"/casussen/{casus.pk}/").content.decode()
        assert 'id="procesregie"' in html and str(staff["procesregisseur"]) in html
        assert "geen contact met het huishouden" in html
        assert f"/procesregie/casussen/{casus.pk}/procesregisseur/" in html
        html = client_for("generalist").get(f"/casussen/{casus.pk}/").content.decode()
        assert 'id="procesregie"' in html and f"/procesregie/casussen/{casus.pk}/procesregisseur/" not in html


def test_assigning_on_the_page_keeps_the_input_on_an_error_and_refuses_others(family, staff, client_for):
    casus = family["casus"]
    client = client_for("procesregisseur")
    url = f"/procesregie/casussen/{casus.pk}/procesregisseur/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"current": 0, "medewerker": staff["procesregisseur"].pk, "kind": "procesregie",
                                 "reason": ""})
    assert response.status_code == 422 and not ProcessDirector.objects.exists()
    response = client.post(url, {"current": 0, "medewerker": staff["procesregisseur"].pk, "kind": "procesregie",
                                 "reason": "stagnatie"})
    assert response.status_code == 302 and ProcessDirector.objects.get().reason == "stagnatie"
    response = client.post(url, {"current": 0, "medewerker": staff["procesregisseur"].pk, "kind": "procesregie",
                                 "reason": "nog eens"})
    assert response.status_code == 409  # the form did not show the current one
    assert client_for("generalist").get(url).status_code == 403  # sees the case, does no process direction
    assert client_for("balie").get(url).status_code == 404  # does not see the case
    pd = ProcessDirector.objects.get()
    end = f"/procesregie/casussen/{casus.pk}/procesregisseur/beeindigen/"
    assert client.post(end, {"current": pd.pk, "reason": ""}).status_code == 422
    assert client.post(end, {"current": pd.pk, "reason": "klaar"}).status_code == 302
    assert Clock.objects.exists()  # (the case's clocks untouched)
