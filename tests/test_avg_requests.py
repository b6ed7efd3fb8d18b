"""A resident's rights under the AVG (issue 13, item 8): the privacy officer answers an access request (art. 15) in
one action with a machine-readable export of everything Toegang holds about the resident plus the access and change
logs; correction requests (art. 16) are recorded and decided; each step in the change log."""

import datetime as dt
import hashlib
import json

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from toegang.audit.models import AccessLog, ChangeLog, RightsRequest
from toegang.cases import actions as case_actions
from toegang.provisions import actions as provision_actions

from .factories import ResidentFactory
from .provisions_support import case_with_goal, data

TODAY = timezone.localdate()


@pytest.fixture
def family(staff, actor_of):
    """A mother and child with a case, a decided indication for the child, a note and a confidential note."""
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    director = actor_of(staff["generalist"])
    indicatie = provision_actions.check_prepare_indication(actor=director, casus=casus, new_aanvraag=True,
                                                           data=data("45A48", child, goal))
    provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                   outcome="toegekend", reasons="Dit helpt het gezin.")
    case_actions.check_add_note(actor=director, casus=casus, text="Moeder belde over school.")
    case_actions.check_add_note(actor=director, casus=casus, text="Eigen werkaantekening", confidential=True)
    return {"casus": casus, "mother": mother, "child": child}


def keys_anywhere(value, found=None) -> set:
    found = set() if found is None else found
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(key)
            keys_anywhere(inner, found)
    elif isinstance(value, list):
        for inner in value:
            keys_anywhere(inner, found)
    return found


def test_an_access_request_is_answered_with_everything_in_one_action(family, client_for, staff):
    child = family["child"]
    assert client_for("generalist").get(f"/inwoners/{child.pk}/").status_code == 200  # a read, in the access log
    answer = client_for("privacy").post(f"/privacy/inwoners/{child.pk}/inzageverzoek/",
                                        {"received_on": (TODAY - dt.timedelta(days=3)).isoformat(),
                                         "request": "per brief van de moeder"})
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/json")
    assert answer["Content-Disposition"].startswith('attachment; filename="inzageverzoek-')
    assert "no-store" in answer["Cache-Control"]
    export = json.loads(answer.content)
    assert export["formaat"] == "toegang-inzageverzoek/1" and export["inwoner"]["id"] == child.pk
    assert export["inwoner"]["bsn"] == child.bsn
    # about the child itself: the indication (client), the household membership; the case with its plan, notes
    assert "provisions.indicatie.client" in export["over_de_inwoner"]
    assert "provisions.besluit.indicatie" in export["over_de_inwoner"]  # one level further: the decision
    [case] = export["casussen"]
    assert case["casus"]["id"] == family["casus"].pk
    assert "plans.plan.casus" in case["gegevens"] and "plans.planversion.plan" in case["gegevens"]
    notes = [n["text"] for n in case["gegevens"]["cases.casenote.casus"]]
    assert notes == ["Moeder belde over school."]  # the confidential working note is left out, and said so
    assert {"wat": "vertrouwelijke werkaantekeningen van professionals", "aantal": 1} in export["niet_opgenomen"]
    # others by name only; staff by name; never a secret
    assert family["mother"].full_name in export["namen"]["inwoners"].values()
    assert staff["generalist"].get_full_name() in export["namen"]["medewerkers"].values()
    assert family["mother"].bsn not in answer.content.decode()
    assert not keys_anywhere(export) & {"mac", "password", "content_hash"}
    assert any(row["kanaal"] == "ui" and row["medewerker"] == staff["generalist"].pk for row in export["inzagelog"])
    assert export["wijzigingslog"]
    # recorded: the request, its fingerprint, the change log, and the export as an access
    recorded = RightsRequest.objects.get(resident=child)
    assert recorded.outcome == "verstrekt" and recorded.due_on == TODAY - dt.timedelta(days=3) + relativedelta(months=1)
    assert recorded.export_sha256 == hashlib.sha256(answer.content).hexdigest()
    assert recorded.export_bytes == len(answer.content)
    assert ChangeLog.objects.filter(event="avg.inzageverzoek_beantwoord", subjects__resident_id=child.pk).exists()
    assert AccessLog.objects.filter(channel="export", purpose__startswith="AVG art. 15",
                                    subjects__resident_id=child.pk).exists()


def test_a_wrong_date_is_refused_at_its_field_and_nothing_is_recorded(family, client_for):
    child = family["child"]
    answer = client_for("privacy").post(f"/privacy/inwoners/{child.pk}/inzageverzoek/",
                                        {"received_on": (TODAY + dt.timedelta(days=2)).isoformat(), "request": "x"})
    assert answer.status_code == 422 and "De ontvangstdatum" in answer.content.decode()
    assert not RightsRequest.objects.exists()
    assert not ChangeLog.objects.filter(event__startswith="avg.").exists()


def test_a_correction_request_recorded_and_decided_once(family, client_for):
    child = family["child"]
    privacy = client_for("privacy")
    empty = privacy.post(f"/privacy/inwoners/{child.pk}/correctieverzoek/",
                         {"received_on": TODAY.isoformat(), "request": " "})
    assert empty.status_code == 422
    recorded = privacy.post(f"/privacy/inwoners/{child.pk}/correctieverzoek/",
                            {"received_on": TODAY.isoformat(), "request": "Mijn adres is verouderd"})
    assert recorded.status_code == 302
    request = RightsRequest.objects.get(resident=child, kind="correctie")
    page = privacy.get(f"/privacy/inzagelog/?inwoner={child.pk}").content.decode()
    assert "Mijn adres is verouderd" in page and (TODAY + relativedelta(months=1)).strftime("%d-%m-%Y") in page
    unreasoned = privacy.post(f"/privacy/avg-verzoeken/{request.pk}/besluit/", {"outcome": "afgewezen",
                                                                                "decision": ""})
    assert unreasoned.status_code == 422 and "afgewezen" in unreasoned.content.decode()  # the choice kept
    decided = privacy.post(f"/privacy/avg-verzoeken/{request.pk}/besluit/",
                           {"outcome": "toegewezen", "decision": "Adres verbeterd in de basisregistratie."})
    assert decided.status_code == 302
    again = privacy.post(f"/privacy/avg-verzoeken/{request.pk}/besluit/",
                         {"outcome": "afgewezen", "decision": "toch niet"})
    assert again.status_code == 409
    request.refresh_from_db()
    assert request.outcome == "toegewezen" and request.decided_on == TODAY
    assert [r.event for r in ChangeLog.objects.filter(event__startswith="avg.").order_by("seq")] == [
        "avg.correctieverzoek_ontvangen", "avg.correctieverzoek_besloten"]


def test_only_the_privacy_officer(family, client_for):
    child = family["child"]
    for role in ("generalist", "balie", "beheer"):
        assert client_for(role).post(f"/privacy/inwoners/{child.pk}/inzageverzoek/",
                                     {"received_on": TODAY.isoformat()}).status_code == 403
    assert not RightsRequest.objects.exists()


def test_a_resident_who_moved_out_and_has_no_case_still_gets_an_export(profile, client_for):
    loner = ResidentFactory()
    type(loner).objects.filter(pk=loner.pk).update(household=None)  # no current household
    answer = client_for("privacy").post(f"/privacy/inwoners/{loner.pk}/inzageverzoek/",
                                        {"received_on": TODAY.isoformat()})
    assert answer.status_code == 200
    export = json.loads(answer.content)
    assert export["casussen"] == [] and export["inwoner"]["household"] is None
