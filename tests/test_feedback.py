"""Complaints along the profile's route and the satisfaction answer at closure (feedback/, docs/feedback.md; Krimpen
seed 002 §3.4.3, ch. 5 items 12-13). The demo profile has no `klachten:`/`tevredenheid:` section: the Awb default
route (the gemeente, then the Nationale ombudsman) and a scale of 10 apply."""

import datetime as dt

import pytest

from toegang.audit.models import ChangeLog
from toegang.cases import actions as case_actions
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.deadlines.models import Clock
from toegang.feedback import actions
from toegang.feedback.models import Complaint, SatisfactionAnswer
from toegang.feedback.route import complaint_route, satisfaction_scale
from toegang.insight.evaluation import complaints, satisfaction
from toegang.insight.indicators import Filters
from toegang.tasks.models import Notification

from .provisions_support import TODAY, case_with_goal


@pytest.fixture
def setup(profile, staff, actor_of):
    casus = case_with_goal(staff["generalist"])[0]
    return {"casus": casus, "generalist": actor_of(staff["generalist"]), "regie": actor_of(staff["procesregisseur"]),
            "director": staff["generalist"]}


def register(s, **overrides):
    values = {"about": "Niet teruggebeld na het gesprek.", "received_on": TODAY, **overrides}
    return actions.check_register_complaint(actor=s["regie"], casus=s["casus"], **values)


def test_a_complaint_starts_with_the_gemeente_on_the_awb_clock_and_the_director_is_told(setup):
    complaint = register(setup)
    handling = complaint.handlings.get()
    assert (complaint.stage_code, handling.stage_code) == ("intern", "intern")
    clock = Clock.objects.get(kind="klachtbehandeling", subject_id=complaint.pk)
    assert clock.term == "6w" and clock.source == "Awb 9:11"
    assert ChangeLog.objects.filter(event="klacht.ingediend", object_id=str(complaint.pk)).exists()
    assert Notification.objects.filter(recipient=setup["director"], text__contains="klacht").exists()


def test_the_director_never_handles_a_complaint_about_their_own_case_and_nothing_is_written(setup):
    with pytest.raises(NotAllowed, match="Awb 9:7"):
        actions.check_register_complaint(actor=setup["generalist"], casus=setup["casus"], about="x",
                                         received_on=TODAY)
    assert not Complaint.objects.exists()


def test_a_complaint_needs_what_and_a_true_date(setup):
    with pytest.raises(ValidationFailed) as info:
        register(setup, about=" ", received_on=TODAY + dt.timedelta(days=3))
    assert set(info.value.field_errors) == {"about", "received_on"}


def test_conclude_then_forward_to_the_ombudsman_and_no_further(setup):
    complaint = register(setup)
    with pytest.raises(Conflict, match="Eerst wordt de klacht"):
        actions.check_forward_complaint(actor=setup["regie"], complaint=complaint, reason="x", forwarded_on=TODAY)
    actions.check_conclude_complaint_stage(actor=setup["regie"], complaint=complaint, outcome="ongegrond",
                                           explanation="Wel teruggebeld.", concluded_on=TODAY)
    assert Clock.objects.get(kind="klachtbehandeling", subject_id=complaint.pk).stopped_on == TODAY
    assert complaint.closed_at is not None
    onward = actions.check_forward_complaint(actor=setup["regie"], complaint=complaint, reason="Niet tevreden.",
                                             forwarded_on=TODAY)
    assert (onward.stage, onward.stage_name, complaint.closed_at) == (2, "Nationale ombudsman", None)
    actions.check_conclude_complaint_stage(actor=setup["regie"], complaint=complaint, outcome="deels-gegrond",
                                           explanation="Rapport ombudsman.", concluded_on=TODAY)
    with pytest.raises(Conflict, match="laatste stap"):
        actions.check_forward_complaint(actor=setup["regie"], complaint=complaint, reason="x", forwarded_on=TODAY)
    found = complaints(Filters(start=TODAY - dt.timedelta(days=1), end=TODAY,
                               gemeente_ids=[setup["casus"].gemeente_id]))
    assert found == [("Klachtbehandeling door de gemeente", "ongegrond", 1), ("Nationale ombudsman", "deels-gegrond", 1)]


def test_satisfaction_is_asked_once_at_closure_on_the_profile_scale(setup):
    casus = setup["casus"]
    with pytest.raises(Conflict, match="sluit de casus eerst af"):
        actions.check_record_satisfaction(actor=setup["generalist"], casus=casus, score=8, answered_on=TODAY)
    case_actions.check_close_case(actor=setup["generalist"], casus=casus, reason="doelen-bereikt",
                                  household_informed_on=TODAY)
    casus.refresh_from_db()
    with pytest.raises(ValidationFailed):
        actions.check_record_satisfaction(actor=setup["regie"], casus=casus, score=11, answered_on=TODAY)
    answer = actions.check_record_satisfaction(actor=setup["regie"], casus=casus, score=8, answered_on=TODAY)
    assert (answer.score, answer.scale) == (8, 10)
    assert ChangeLog.objects.filter(event="tevredenheid.vastgelegd").count() == 1
    with pytest.raises(Conflict, match="al vastgelegd"):
        actions.check_record_satisfaction(actor=setup["regie"], casus=casus, score=9, answered_on=TODAY)
    assert SatisfactionAnswer.objects.count() == 1
    assert satisfaction(Filters(start=TODAY, end=TODAY, gemeente_ids=[casus.gemeente_id])) == (1, 8.0, 1)


def test_the_route_and_scale_come_from_the_profile():
    data = {"klachten": {"route": [{"code": "intern", "naam": "Gemeente"}, {"code": "so", "naam": "Sociale ombudsman"},
                                   {"code": "no", "naam": "Nationale ombudsman"}]},
            "tevredenheid": {"schaal_max": 5}}
    assert [s.code for s in complaint_route(data)] == ["intern", "so", "no"]
    assert [s.code for s in complaint_route({})] == ["intern", "ombudsman"]
    assert (satisfaction_scale(data), satisfaction_scale({})) == (5, 10)
