"""The API of the messages with providers (issue 14 item 8; docs/api.md): a provider's file uploaded as itself
(application/xml) goes the same way as the import command — kept, checked, answered — and says how it went; a repeat
is the first receipt (200); a bad file is kept and explained (201, its status says so). Lists without names, details
that are logged reads, the XML byte for byte, the assignments with their messages. Only the back office."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from toegang.audit.models import AccessLog
from toegang.messaging.models import Bericht, Toewijzing
from toegang.provisions import actions as provision_actions

from . import test_messaging
from .openapi_contract import api_contract  # noqa: F401 (every answer is checked against openapi.yaml)
from .provisions_support import case_with_goal, data
from .test_messaging import STANDARDS, assert_valid, hub, provider_message  # noqa: F401 (the hub fixture)

assigned = test_messaging.assigned  # the fixture: a granted Jeugdwet decision in natura, its JW301 sent


@pytest.fixture
def api(staff):
    def make(role):
        client = APIClient()
        client.force_authenticate(staff[role])
        return client

    return make


def upload(client, raw: bytes, name: str = "", content_type: str = "application/xml"):
    url = "/api/v1/berichten" + (f"?bestandsnaam={name}" if name else "")
    return client.post(url, data=raw, content_type=content_type)


def test_a_start_uploaded_for_an_assignment_is_received_answered_and_applied(assigned, api):
    backoffice = api("backoffice")
    raw = provider_message("JW305", assigned)
    got = upload(backoffice, raw, "start.xml")
    assert got.status_code == 201, got.content
    body = got.json()
    message = Bericht.objects.get(direction="in", kind="JW305")
    assert got["Location"].endswith(f"/api/v1/berichten/{message.pk}") and body["id"] == message.pk
    assert (body["status"], body["statusOmschrijving"]) == ("verwerkt", "ontvangen en verwerkt")
    assert body["bestand"] == "start.xml" and body["toewijzing"] is None and body["bevindingen"] == []
    assert [a["soort"] for a in body["antwoorden"]] == ["JW306"]
    assert bytes(message.raw) == raw
    assigned.refresh_from_db()
    assert assigned.status == "gestart"

    detail = backoffice.get(f"/api/v1/berichten/{message.pk}").json()
    assert detail["antwoorden"][0]["id"] == body["antwoorden"][0]["id"] and detail["aanbieder"] == "98765432"
    read = AccessLog.objects.get(resource=f"/api/v1/berichten/{message.pk}", channel="api")
    assert read.subject_ids == [assigned.indicatie.client_id]  # the XML names the client: a logged read

    answer = backoffice.get(f"/api/v1/berichten/{body['antwoorden'][0]['id']}/xml")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/xml"
    assert_valid("JW306", answer.content)  # the return message, valid against the official schema
    original = backoffice.get(f"/api/v1/berichten/{message.pk}/xml")
    assert original.content == raw and 'filename="start.xml"' in original["Content-Disposition"]
    assert AccessLog.objects.filter(resource=f"/api/v1/berichten/{message.pk}/xml", channel="export").exists()

    toewijzing = backoffice.get(f"/api/v1/toewijzingen/{assigned.pk}").json()
    assert toewijzing["status"] == "gestart" and toewijzing["gestartOp"] == assigned.start.isoformat()
    assert toewijzing["nummer"] == assigned.number and toewijzing["client"] == assigned.indicatie.client_id
    assert [m["soort"] for m in toewijzing["berichten"]] == ["JW301"]  # the assignment sent
    assert AccessLog.objects.filter(resource=f"/api/v1/toewijzingen/{assigned.pk}",
                                    subject_ids=[assigned.indicatie.client_id]).exists()


def test_a_repeat_upload_answers_200_with_the_first_receipt(assigned, api):
    backoffice = api("backoffice")
    raw = provider_message("JW305", assigned)
    first = upload(backoffice, raw).json()
    again = upload(backoffice, raw, "nogmaals.xml")
    assert again.status_code == 200 and "Location" not in again
    assert again.json()["id"] == first["id"] and again.json()["antwoorden"] == first["antwoorden"]
    assert Bericht.objects.filter(direction="in").count() == 1


def test_an_invalid_message_is_kept_and_explained(db, profile, api):
    backoffice = api("backoffice")
    raw = (STANDARDS / "ijw-3.2" / "examples" / "invalid-JW315-impossible-date.xml").read_bytes()
    got = upload(backoffice, raw, "verzoek.xml")
    assert got.status_code == 201  # received and kept, however wrong: the status says how it went
    body = got.json()
    assert body["status"] == "afgekeurd" and body["soort"] == "JW315"
    assert body["bevindingen"][0] == {"code": "0001", "uitleg": "Bericht is afgekeurd om technische redenen."}
    assert any(b["uitleg"].startswith("regel ") for b in body["bevindingen"][1:])  # where, from the schema
    assert [a["soort"] for a in body["antwoorden"]] == ["JW316"]
    assert bytes(Bericht.objects.get(pk=body["id"]).raw) == raw
    rubbish = upload(backoffice, b"<a><b></a>", "rommel.xml", content_type="text/xml").json()
    assert rubbish["status"] == "onleesbaar" and "geen geldige XML" in rubbish["bevindingen"][0]["uitleg"]
    assert rubbish["soort"] == "" and rubbish["antwoorden"] == []
    assert bytes(Bericht.objects.get(pk=rubbish["id"]).raw) == b"<a><b></a>"


def test_an_upload_that_is_no_xml_body_is_refused_and_not_kept(db, profile, api):
    refused = api("backoffice").post("/api/v1/berichten", {"bericht": "<a/>"}, format="json")
    assert refused.status_code == 415 and "application/xml" in refused.json()["detail"]
    assert not Bericht.objects.exists()
    for name in ("a%0Ab.xml", "..%2Fetc%2Fpasswd", "a%22b.xml"):  # would break or steer the download's header
        wrong = api("backoffice").post(f"/api/v1/berichten?bestandsnaam={name}", data=b"<a/>",
                                       content_type="application/xml")
        assert wrong.status_code == 400 and wrong.json()["invalidParams"][0]["name"] == "bestandsnaam"
    assert not Bericht.objects.exists()


@pytest.mark.parametrize("role", ["balie", "generalist", "procesregisseur", "teamleider", "beleid", "privacy",
                                  "beheer", "partner"])
def test_only_the_back_office_uses_the_messages_api(assigned, api, role):
    client = api(role)
    message = Bericht.objects.get(kind="JW301")
    for url in ("/api/v1/berichten", f"/api/v1/berichten/{message.pk}", f"/api/v1/berichten/{message.pk}/xml",
                "/api/v1/toewijzingen", f"/api/v1/toewijzingen/{assigned.pk}"):
        got = client.get(url)
        assert got.status_code == 403 and got["Content-Type"] == "application/problem+json", url
    assert upload(client, provider_message("JW305", assigned)).status_code == 403
    assert not Bericht.objects.filter(direction="in").exists()  # refused before anything was read
    assigned.refresh_from_db()
    assert assigned.status == "toegewezen"


def test_the_message_list_filters_and_shows_no_names(assigned, api):
    backoffice = api("backoffice")
    upload(backoffice, provider_message("JW305", assigned))
    upload(backoffice, b"geen xml")
    reads = AccessLog.objects.count()
    every = backoffice.get("/api/v1/berichten").json()
    assert every["count"] == 4  # the JW301 sent; the JW305 received and its JW306; the unreadable file (no answer)
    assert assigned.indicatie.client.geslachtsnaam not in str(every)
    assert "bevindingen" not in every["results"][0] and "aantalBevindingen" in every["results"][0]
    received = backoffice.get("/api/v1/berichten", {"richting": "in"}).json()
    assert {r["soort"] for r in received["results"]} == {"JW305", ""}
    assert [r["soort"] for r in backoffice.get("/api/v1/berichten", {"soort": "JW306"}).json()["results"]] == ["JW306"]
    unreadable = backoffice.get("/api/v1/berichten", {"status": "onleesbaar"}).json()["results"]
    assert [r["aantalBevindingen"] for r in unreadable] == [1]
    wrong = backoffice.get("/api/v1/berichten", {"soort": "JW999"})
    assert wrong.status_code == 400 and wrong.json()["invalidParams"][0]["name"] == "soort"
    assert AccessLog.objects.count() == reads  # the list names nobody: no read to log


def test_the_assignment_list_filters_and_logs_whose_assignments_it_shows(assigned, api):
    backoffice = api("backoffice")
    page = backoffice.get("/api/v1/toewijzingen").json()
    assert [t["id"] for t in page["results"]] == [assigned.pk] and page["results"][0]["aanbieder"] == "98765432"
    assert AccessLog.objects.get(resource="/api/v1/toewijzingen").subject_ids == [assigned.indicatie.client_id]
    assert backoffice.get("/api/v1/toewijzingen", {"status": "gestart"}).json()["count"] == 0
    assert backoffice.get("/api/v1/toewijzingen", {"aanbieder": "98765432"}).json()["count"] == 1
    assert backoffice.get("/api/v1/toewijzingen", {"aanbieder": "12345678"}).json()["count"] == 0
    assert backoffice.get("/api/v1/toewijzingen", {"aanbieder": "abc"}).status_code == 400
    assert backoffice.get(f"/api/v1/toewijzingen/{assigned.pk + 1000}").status_code == 404


def _more_assignments(staff, actor_of, count: int) -> None:
    for _ in range(count):
        casus, mother, child, goal = case_with_goal(staff["generalist"])
        indicatie = provision_actions.check_prepare_indication(
            actor=actor_of(staff["generalist"]), casus=casus, new_aanvraag=True,
            data=data("45A48", child, goal, start=dt.date.today()))
        provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                       outcome="toegekend", reasons="Dit helpt het gezin.")


def test_the_lists_have_a_bounded_number_of_queries(assigned, staff, actor_of, api, django_assert_max_num_queries):
    backoffice = api("backoffice")
    for number in range(3):
        upload(backoffice, provider_message("JW305", assigned, identification=f"AB000000010{number}"))
        upload(backoffice, f"rommel {number}".encode())
    _more_assignments(staff, actor_of, 3)
    assert Toewijzing.objects.count() == 4 and Bericht.objects.count() >= 12
    backoffice.get("/api/v1/berichten")
    with django_assert_max_num_queries(8):
        assert len(backoffice.get("/api/v1/berichten").json()["results"]) >= 12
    with django_assert_max_num_queries(10):  # 4 of them the one access row of the page (and its subjects)
        assert len(backoffice.get("/api/v1/toewijzingen").json()["results"]) == 4


def test_declarations_list_their_totals_and_detail_each_line_with_its_verdict(assigned, api, staff, actor_of,
                                                                               django_assert_max_num_queries):
    """`declaraties` (issue 14 item 8): the list gives each declaration's totals and names nobody; the detail gives
    every line with its verdict and return codes, a logged read of the clients they are about; back office only."""
    from toegang.messaging.provider_side import declaration

    backoffice = api("backoffice")
    upload(backoffice, provider_message("JW305", assigned))
    assigned.refresh_from_db()
    month = assigned.start.replace(day=1)
    raw = declaration([assigned], month=month, dated=dt.date.today(), over=assigned)[1]  # one line, over the volume
    received = upload(backoffice, raw, "declaratie.xml").json()
    reads = AccessLog.objects.count()
    page = backoffice.get("/api/v1/declaraties").json()
    assert page["count"] == 1 and page["results"][0]["bericht"] == received["id"]
    row = page["results"][0]
    assert (row["aanbieder"], row["goedgekeurd"]) == ("98765432", "0.00") and row["ingediend"] != "0.00"
    assert assigned.indicatie.client.bsn not in str(page) and AccessLog.objects.count() == reads  # no names, no read
    assert backoffice.get("/api/v1/declaraties", {"aanbieder": "12345678"}).json()["count"] == 0
    assert backoffice.get("/api/v1/declaraties", {"aanbieder": "x"}).status_code == 400

    detail = backoffice.get(f"/api/v1/declaraties/{row['id']}").json()
    [line] = detail["regels"]
    assert (line["toewijzing"], line["client"], line["status"]) == (assigned.pk, assigned.indicatie.client_id,
                                                                    "afgekeurd")
    assert line["retourcodes"] == ["9321"]  # more than the assigned volume for the line's period
    read = AccessLog.objects.get(resource=f"/api/v1/declaraties/{row['id']}")
    assert read.subject_ids == [assigned.indicatie.client_id]
    assert backoffice.get(f"/api/v1/declaraties/{row['id'] + 1000}").status_code == 404
    for role in ("procesregisseur", "generalist", "beleid"):
        assert api(role).get("/api/v1/declaraties").status_code == 403
        assert api(role).get(f"/api/v1/declaraties/{row['id']}").status_code == 403
    with django_assert_max_num_queries(6):
        backoffice.get("/api/v1/declaraties")
