"""Issue 12 point 9: the API `escalaties` — list, retrieve, opschalen, afschalen, opgepakt and the bindend besluit,
with the same answers as the pages (every answer is checked against openapi.yaml)."""

import json

from toegang.escalation.models import BindingDecision, Escalation

from .openapi_contract import api_contract  # noqa: F401 (every answer is checked against openapi.yaml)
from .provisions_support import TODAY, case_with_goal


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_escalate_pick_up_and_deescalate_through_the_api(profile, staff, client_for):
    casus, *_ = case_with_goal(staff["generalist"])
    director = client_for("generalist")
    refused = post(director, "/api/v1/escalaties/opschalen", {"casus": casus.pk, "reden": " "})
    assert refused.status_code == 400 and refused.json()["invalidParams"][0]["name"] == "reden"
    response = post(director, "/api/v1/escalaties/opschalen", {"casus": casus.pk, "reden": "afspraken niet nagekomen"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == body["url"]
    assert (body["niveau"], body["niveauCode"], body["ladder"]) == (2, "teamleiding", "demo")
    assert body["stappen"][0]["termijnTot"] is not None and body["stappen"][0]["soort"] == "opgeschaald"
    # the team lead sees it in the list and takes it up
    lead = client_for("teamleider")
    listing = lead.get("/api/v1/escalaties?status=open").json()
    assert [row["id"] for row in listing["results"]] == [body["id"]]
    picked = post(lead, f"/api/v1/escalaties/{body['id']}/opgepakt", {"toelichting": "ik bel"})
    assert picked.status_code == 200 and picked.json()["stappen"][-1]["soort"] == "opgepakt"
    assert picked.json()["stappen"][0]["termijnGestoptOp"] == TODAY.isoformat()
    # a partner without a role on the ladder may not de-escalate; the team lead may
    assert post(client_for("balie"), f"/api/v1/escalaties/{body['id']}/afschalen", {"reden": "x"}).status_code == 404
    stale = post(lead, f"/api/v1/escalaties/{body['id']}/afschalen", {"reden": "loopt weer", "versie": 0})
    assert stale.status_code == 409
    down = post(lead, f"/api/v1/escalaties/{body['id']}/afschalen", {"reden": "loopt weer", "versie": body["versie"]})
    assert down.status_code == 200, down.content
    assert down.json()["niveau"] == 1 and down.json()["geslotenOp"] is not None
    assert Escalation.objects.get(pk=body["id"]).closed_at is not None
    # a closed escalation cannot be de-escalated again
    assert post(lead, f"/api/v1/escalaties/{body['id']}/afschalen", {"reden": "nog eens"}).status_code == 400


def test_a_binding_decision_through_the_api(profile, staff, client_for):
    casus, *_ = case_with_goal(staff["generalist"])
    body = {"casus": casus.pk, "beslissing": "De aanbieder start deze week met ambulante hulp.",
            "beslotenOp": TODAY.isoformat(), "organisaties": ["jeugdhulp-demo"], "gehoord": "moeder en school",
            "gehoordeProfessionals": ["generalist"], "neemtOver": True}
    refused = post(client_for("teamleider"), "/api/v1/escalaties/bindende-besluiten", body)
    assert refused.status_code == 403 and "doorzettingsmacht" in refused.json()["detail"]
    assert not BindingDecision.objects.exists()
    wrong = post(client_for("procesregisseur"), "/api/v1/escalaties/bindende-besluiten",
                 {**body, "organisaties": ["bestaat-niet"]})
    assert wrong.status_code == 400 and wrong.json()["invalidParams"][0]["name"] == "organisaties"
    response = post(client_for("procesregisseur"), "/api/v1/escalaties/bindende-besluiten", body)
    assert response.status_code == 201, response.content
    decision = response.json()
    assert decision["organisaties"] == ["jeugdhulp-demo"] and decision["gehoordeProfessionals"] == ["generalist"]
    assert decision["beslotenDoor"] == "procesregisseur" and decision["neemtOver"] is True
    assert client_for("balie").get(response["Location"]).status_code == 404  # outside the case: not found
    assert client_for("procesregisseur").get(response["Location"]).json()["id"] == decision["id"]
