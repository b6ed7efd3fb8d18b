"""The back office only formalises (profile `mandaten[].formaliseren`; BUCH seed 001 §4.4.1): whoever decides
without holding 'indicatie' grants what was indicated and cannot refuse or cut it; a disagreement goes with a
reason to the team lead. Runs on the demo profile with the rule switched on for one kind of provision."""

import pytest

from toegang.audit.models import ChangeLog
from toegang.core.errors import Conflict, ValidationFailed
from toegang.profiles.loader import semantic_problems
from toegang.provisions import actions
from toegang.provisions.models import MandateGroup
from toegang.tasks.models import Notification

from .provisions_support import case_with_goal, data


@pytest.fixture
def setup(profile, staff, actor_of):
    # the demo's jeugd-specialistisch: the process director indicates, the back office also decides, and formalises
    profile.data = {**profile.data, "mandaten": [
        {**g, "formaliseren": {"bedenking_naar": ["teamleider"]}} if g["code"] == "jeugd-specialistisch" else g
        for g in profile.data["mandaten"]]}
    type(profile).objects.filter(pk=profile.pk).update(data=profile.data)
    group = MandateGroup.objects.get(profile=profile, code="jeugd-specialistisch")
    MandateGroup.objects.filter(pk=group.pk).update(
        tasks={**group.tasks, "beschikking": [*group.tasks["beschikking"], "backoffice"]})
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    regie = actor_of(staff["procesregisseur"])
    indicatie = actions.check_prepare_indication(actor=actor_of(staff["generalist"]), casus=casus, new_aanvraag=True,
                                                 data=data("45A48", child, goal))
    indicatie = actions.check_set_indication(actor=regie, indicatie=indicatie)
    return {"indicatie": indicatie, "regie": regie, "backoffice": actor_of(staff["backoffice"]),
            "teamleider": staff["teamleider"], "generalist": staff["generalist"]}


@pytest.mark.parametrize("outcome, volume", [("afgewezen", None), ("deels", 1)])
def test_the_back_office_cannot_refuse_or_cut_what_was_indicated(setup, outcome, volume):
    with pytest.raises(ValidationFailed) as refused:
        actions.check_decide(actor=setup["backoffice"], indicatie=setup["indicatie"], outcome=outcome,
                             granted_volume=volume, reasons="te veel")
    assert refused.value.code == "formaliseren" and "bedenking" in refused.value.field_errors["outcome"][0]
    besluit = actions.check_decide(actor=setup["backoffice"], indicatie=setup["indicatie"], outcome="toegekend",
                                   reasons="zoals geïndiceerd")
    assert besluit.status == "vastgesteld" and besluit.outcome == "toegekend"


def test_whoever_holds_the_indication_mandate_still_decides_every_outcome(setup):
    besluit = actions.check_decide(actor=setup["regie"], indicatie=setup["indicatie"], outcome="afgewezen",
                                   reasons="niet nodig")
    assert besluit.outcome == "afgewezen"


def test_a_disagreement_goes_to_the_team_lead_with_its_reason(setup):
    s = setup
    with pytest.raises(ValidationFailed, match="reden"):
        actions.check_raise_disagreement(actor=s["backoffice"], indicatie=s["indicatie"], reason=" ")
    actions.check_raise_disagreement(actor=s["backoffice"], indicatie=s["indicatie"], reason="Drie uur is veel.")
    row = ChangeLog.objects.get(event="indicatie.bedenking")
    assert row.actor_id == s["backoffice"].user_id and row.new["reden"] == "Drie uur is veel."
    assert row.new["voorgelegd_aan"] == [s["teamleider"].pk]
    told = set(Notification.objects.filter(subject_id=s["indicatie"].pk, text__contains="Bedenking")
               .values_list("recipient_id", flat=True))
    assert s["teamleider"].pk in told and s["generalist"].pk in told  # the one who prepared it hears it too
    # the indication waits for its decision; deciding resolves the notifications
    actions.check_decide(actor=s["backoffice"], indicatie=s["indicatie"], outcome="toegekend", reasons="akkoord")
    assert not Notification.objects.filter(subject_id=s["indicatie"].pk, text__contains="Bedenking",
                                           resolved_at__isnull=True).exists()


def test_without_the_rule_there_is_no_disagreement_to_raise(profile, staff, actor_of):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    indicatie = actions.check_prepare_indication(actor=actor_of(staff["generalist"]), casus=casus, new_aanvraag=True,
                                                 data=data("45A48", child, goal))
    with pytest.raises(Conflict, match="zelf het besluit"):
        actions.check_raise_disagreement(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie, reason="x")


def test_the_profile_check_knows_the_roles_a_disagreement_goes_to():
    problems = semantic_problems({"profiel": "t", "titel": "t", "gemeenten": [{"cbs": "0001", "naam": "A", "wijken": []}],
                                 "rollen": [{"code": "a", "naam": "A", "bevoegdheden": []}],
                                 "mandaten": [{"code": "m", "naam": "M", "taken": {"beschikking": ["a"]},
                                               "formaliseren": {"bedenking_naar": ["teamleider"]}}]})
    assert any("formaliseren.bedenking_naar" in where and "teamleider" in text for where, text in problems)
