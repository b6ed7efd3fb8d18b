"""API keys (API-sleutels, issue 13 item 4): stored as a digest, always expiring, named, made and revoked by the
staff member or functional administration, every use attributable, making and revoking in the change log."""

import dataclasses
import datetime as dt
import hashlib
import json

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from toegang.accounts.actions import check_create_api_token, check_revoke_api_token
from toegang.accounts.models import ApiToken, Medewerker
from toegang.accounts.tokens import PATTERN
from toegang.audit.models import AccessLog, ChangeLog
from toegang.core import clock
from toegang.core.actor import SYSTEM
from toegang.core.errors import NotAllowed, NotFound, ValidationFailed

from .factories import HouseholdFactory, ResidentFactory, api_key
from .openapi_contract import api_contract  # noqa: F401 (every answer is checked against openapi.yaml)

HUISHOUDENS = "/api/v1/huishoudens"
SLEUTELS = "/api/v1/api-sleutels"


def bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def refused(response, code: str) -> str:
    """The 401 problem of a refused key: its code, a Dutch detail, the scheme named (RFC 9110 §15.5.2)."""
    assert response.status_code == 401, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="Toegang"'
    body = response.json()
    assert body["code"] == code, body
    return body["detail"]


def made(user, name="Koppeling zorgaanbieder", *, actor=SYSTEM, expires_on=None):
    return check_create_api_token(actor=actor, medewerker=user, name=name, expires_on=expires_on)


# --- Stored as a digest, shown once ---------------------------------------------------------------------------


def test_only_the_digest_is_stored_and_the_change_log_holds_neither(staff, actor_of):
    new = made(staff["balie"], actor=actor_of(staff["balie"]))
    assert PATTERN.match(new.key) and new.key.startswith(f"tg_{new.token.prefix}_")
    row = ApiToken.objects.filter(pk=new.token.pk).values().get()
    assert row["secret_hash"] == hashlib.sha256(new.key.encode()).hexdigest()
    secret = new.key.split("_", 2)[2]
    assert not any(secret in str(value) for value in row.values())
    assert row["created_by_id"] == staff["balie"].pk and row["medewerker_id"] == staff["balie"].pk
    assert row["name"] == "Koppeling zorgaanbieder"
    # valid through the default term: 90 days from today, expiring at the start of the day after
    assert new.token.valid_through == clock.today() + dt.timedelta(days=90)
    logged = ChangeLog.objects.get(event="medewerker.token_aangemaakt")
    text = json.dumps([logged.old, logged.new])
    assert secret not in text and row["secret_hash"] not in text
    assert logged.new == {"sleutel": new.token.pk, "naam": "Koppeling zorgaanbieder",
                          "kenmerk": f"tg_{new.token.prefix}",
                          "geldigTotEnMet": new.token.valid_through.isoformat()}
    assert logged.actor_id == staff["balie"].pk and logged.object_id == str(staff["balie"].pk)


def test_a_key_needs_a_name_and_a_term_within_the_maximum(staff):
    today = clock.today()
    with pytest.raises(ValidationFailed) as blank:
        made(staff["balie"], name="   ")
    assert "name" in blank.value.field_errors
    with pytest.raises(ValidationFailed) as past:
        made(staff["balie"], expires_on=today - dt.timedelta(days=1))
    assert "voorbij" in past.value.field_errors["expires_on"][0]
    with pytest.raises(ValidationFailed) as too_long:
        made(staff["balie"], expires_on=today + dt.timedelta(days=366))
    assert "365 dagen" in too_long.value.field_errors["expires_on"][0]
    assert made(staff["balie"], expires_on=today + dt.timedelta(days=365)).token.valid_through.year >= today.year
    assert ChangeLog.objects.filter(event="medewerker.token_aangemaakt").count() == 1


# --- Authentication -------------------------------------------------------------------------------------------


def test_a_valid_key_authenticates_with_bearer_and_with_token(staff):
    key = api_key(staff["balie"])
    assert bearer(key).get(HUISHOUDENS).status_code == 200
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(HUISHOUDENS).status_code == 200
    assert Client(HTTP_AUTHORIZATION=f"bearer {key}").get(HUISHOUDENS).status_code == 200


def test_unknown_and_malformed_keys_are_refused_in_dutch(staff):
    key = api_key(staff["balie"])
    wrong_secret = key[:-4] + ("aaaa" if not key.endswith("aaaa") else "bbbb")
    unknown_prefix = "tg_00000000_" + key.split("_", 2)[2]
    for sent in (wrong_secret, unknown_prefix, "onzin", key + "x", "tg_ABCDEFGH_" + "a" * 43):
        detail = refused(bearer(sent).get(HUISHOUDENS), "api-sleutel-ongeldig")
        assert detail.startswith("Onbekende API-sleutel")
    detail = refused(Client(HTTP_AUTHORIZATION=f"Bearer {key} extra").get(HUISHOUDENS), "api-sleutel-ongeldig")
    assert "Authorization: Bearer" in detail
    refused(Client(HTTP_AUTHORIZATION="Bearer").get(HUISHOUDENS), "api-sleutel-ongeldig")
    refused(Client().get(HUISHOUDENS), "niet-ingelogd")


def test_a_revoked_key_is_refused_at_once(staff):
    new = made(staff["balie"])
    assert bearer(new.key).get(HUISHOUDENS).status_code == 200
    check_revoke_api_token(actor=SYSTEM, token=new.token)
    detail = refused(bearer(new.key).get(HUISHOUDENS), "api-sleutel-ingetrokken")
    assert detail.startswith(f"Deze API-sleutel (tg_{new.token.prefix}) is ingetrokken op ")


def test_an_expired_key_is_refused_from_the_day_after_its_last_day(staff):
    last_day = clock.today() + dt.timedelta(days=5)
    new = made(staff["balie"], expires_on=last_day)
    late_on_last_day = timezone.make_aware(dt.datetime.combine(last_day, dt.time(23, 59)))
    with time_machine.travel(late_on_last_day, tick=False):
        assert bearer(new.key).get(HUISHOUDENS).status_code == 200
    with time_machine.travel(late_on_last_day + dt.timedelta(minutes=2), tick=False):
        detail = refused(bearer(new.key).get(HUISHOUDENS), "api-sleutel-verlopen")
    assert f"geldig tot en met {last_day:%d-%m-%Y}" in detail


def test_deactivating_the_staff_member_stops_every_key_at_once(staff):
    keys = [api_key(staff["balie"]), api_key(staff["balie"], name="Tweede koppeling")]
    Medewerker.objects.filter(pk=staff["balie"].pk).update(is_active=False)
    for key in keys:
        assert "niet actief" in refused(bearer(key).get(HUISHOUDENS), "account-niet-actief")
    with pytest.raises(ValidationFailed):
        made(Medewerker.objects.get(pk=staff["balie"].pk))


def test_a_key_wins_over_a_session(staff, client_for):
    """A revoked key is refused even from a browser that is logged in: the header decides."""
    new = made(staff["balie"])
    check_revoke_api_token(actor=SYSTEM, token=new.token)
    client = client_for("balie")
    assert client.get(HUISHOUDENS).status_code == 200
    refused(client.get(HUISHOUDENS, HTTP_AUTHORIZATION=f"Bearer {new.key}"), "api-sleutel-ingetrokken")


# --- Each use attributable ------------------------------------------------------------------------------------


def test_what_a_key_reads_and_changes_is_logged_with_the_key(staff, client_for):
    new = made(staff["balie"])
    resident = ResidentFactory(household=HouseholdFactory())
    with_key = f"balie (API-sleutel {new.token.pk})"
    assert bearer(new.key).get(f"/api/v1/inwoners/{resident.pk}").status_code == 200
    read = AccessLog.objects.order_by("-seq").first()
    assert read.actor_label == with_key and read.actor_id == staff["balie"].pk and read.channel == "api"
    assert resident.pk in read.subject_ids
    created = bearer(new.key).post(HUISHOUDENS, data=json.dumps({
        "gemeente": "9901", "naam": "Huishouden Sleutel", "postcode": "9903AA", "huisnummer": 77,
        "straatnaam": "Vermeerlaan"}), content_type="application/json")
    assert created.status_code == 201, created.content
    change = ChangeLog.objects.filter(event="huishouden.aangemaakt").order_by("-seq").first()
    assert change.actor_label == with_key
    # the same reads in the browser name no key
    assert client_for("balie").get(f"/api/v1/inwoners/{resident.pk}").status_code == 200
    assert AccessLog.objects.order_by("-seq").first().actor_label == "balie"


def test_last_used_is_written_once_a_minute_not_on_every_request(staff, django_assert_num_queries):
    new = made(staff["balie"])
    assert new.token.last_used_at is None
    start = clock.now()
    with time_machine.travel(start, tick=False):
        bearer(new.key).get(SLEUTELS)
    first = ApiToken.objects.get(pk=new.token.pk).last_used_at
    assert first == start
    with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
        client = bearer(new.key)
        client.get(SLEUTELS)
        # the key (one query), the actor (two), the list (count and page): no write
        with django_assert_num_queries(5):
            client.get(SLEUTELS)
    assert ApiToken.objects.get(pk=new.token.pk).last_used_at == first
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        bearer(new.key).get(SLEUTELS)
    assert ApiToken.objects.get(pk=new.token.pk).last_used_at == start + dt.timedelta(seconds=61)


# --- Who makes and revokes ------------------------------------------------------------------------------------


def test_staff_manage_their_own_keys_and_administration_those_of_its_gemeente(staff, actor_of, make_staff):
    balie, generalist, beheer = staff["balie"], staff["generalist"], staff["beheer"]
    token = made(balie).token
    with pytest.raises(NotFound):
        check_revoke_api_token(actor=actor_of(generalist), token=token)
    with pytest.raises(NotAllowed):
        made(balie, actor=actor_of(generalist))
    # functional administration of another gemeente only: not found either
    elsewhere = make_staff("beheer", gemeenten=["9902"])
    with pytest.raises(NotFound):
        check_revoke_api_token(actor=actor_of(elsewhere), token=token)
    # functional administration in Demodam, where the balie works, makes and revokes
    assert made(balie, actor=actor_of(beheer)).token.created_by_id == beheer.pk
    check_revoke_api_token(actor=actor_of(beheer), token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by_id == beheer.pk
    # revoking again changes nothing and logs nothing
    check_revoke_api_token(actor=actor_of(balie), token=token)
    revocations = ChangeLog.objects.filter(event="medewerker.token_ingetrokken")
    assert revocations.count() == 1
    logged = revocations.get()
    assert logged.actor_id == beheer.pk and logged.object_id == str(balie.pk)
    assert logged.old == {"sleutel": token.pk, "naam": token.name, "kenmerk": token.shown_prefix} and logged.new is None


def test_a_request_with_a_key_cannot_make_a_key(staff, actor_of):
    """A leaked key must not outlive its own expiry or revocation through keys it made."""
    token = made(staff["balie"]).token
    with pytest.raises(NotAllowed):
        made(staff["balie"], actor=dataclasses.replace(actor_of(staff["balie"]), api_token_id=token.pk))
    assert ApiToken.objects.count() == 1


def test_a_key_cannot_make_another_key_but_can_revoke(staff):
    first = made(staff["balie"])
    second = made(staff["balie"], name="Oude koppeling")
    answer = bearer(first.key).post(SLEUTELS, data=json.dumps({"naam": "Nog een"}), content_type="application/json")
    assert answer.status_code == 403 and "API-sleutel" in answer.json()["detail"]
    assert ApiToken.objects.filter(medewerker=staff["balie"]).count() == 2
    assert bearer(first.key).delete(f"{SLEUTELS}/{second.token.pk}").status_code == 204
    refused(bearer(second.key).get(SLEUTELS), "api-sleutel-ingetrokken")


# --- The API --------------------------------------------------------------------------------------------------


def test_the_api_makes_lists_shows_and_revokes_own_keys(staff, client_for):
    browser = client_for("generalist")
    answer = browser.post(SLEUTELS, data=json.dumps({"naam": "Koppeling zorgaanbieder"}),
                          content_type="application/json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    key = body["sleutel"]
    assert PATTERN.match(key) and body["kenmerk"] == key[:11] and body["status"] == "actief"
    assert body["geldigTotEnMet"] == (clock.today() + dt.timedelta(days=90)).isoformat()
    assert answer["Location"] == body["url"] == f"http://testserver{SLEUTELS}/{body['id']}"
    listed = bearer(key).get(SLEUTELS).json()
    assert listed["count"] == 1 and "sleutel" not in listed["results"][0]
    assert listed["results"][0]["laatstGebruiktOp"] is not None  # this very request used it
    assert key not in json.dumps(listed)
    shown = browser.get(body["url"]).json()
    assert shown["id"] == body["id"] and "sleutel" not in shown
    # another staff member's key is not found, for reading and for revoking
    other = made(staff["balie"])
    assert browser.get(f"{SLEUTELS}/{other.token.pk}").status_code == 404
    assert browser.delete(f"{SLEUTELS}/{other.token.pk}").status_code == 404
    assert [t["id"] for t in browser.get(SLEUTELS).json()["results"]] == [body["id"]]
    assert browser.delete(body["url"]).status_code == 204
    assert browser.get(body["url"]).json()["status"] == "ingetrokken"
    assert browser.delete(body["url"]).status_code == 204  # again: nothing changes
    assert ChangeLog.objects.filter(event="medewerker.token_ingetrokken").count() == 1


def test_bad_input_to_make_a_key_names_the_field(client_for):
    browser = client_for("balie")
    far = (clock.today() + dt.timedelta(days=400)).isoformat()
    for body, field in (({"naam": ""}, "naam"), ({}, "naam"), ({"naam": "x" * 101}, "naam"),
                        ({"naam": "Koppeling", "geldigTotEnMet": far}, "geldigTotEnMet"),
                        ({"naam": "Koppeling", "geldigTotEnMet": "2001-01-01"}, "geldigTotEnMet")):
        answer = browser.post(SLEUTELS, data=json.dumps(body), content_type="application/json")
        assert answer.status_code == 400, (body, answer.content)
        assert [p["name"] for p in answer.json()["invalidParams"]] == [field], body
    assert not ApiToken.objects.exists()


# --- The page -------------------------------------------------------------------------------------------------


def test_the_page_makes_a_key_shown_once_and_revokes_it(staff, client_for):
    browser = client_for("generalist")
    page = browser.get("/api-sleutels/")
    assert page.status_code == 200 and "U heeft nog geen API-sleutels." in page.content.decode()
    last_day = clock.today() + dt.timedelta(days=30)
    answer = browser.post("/api-sleutels/", {"name": "Koppeling zorgaanbieder", "expires_on": last_day.isoformat()})
    assert answer.status_code == 201
    assert "no-store" in answer["Cache-Control"]
    html = answer.content.decode()
    token = ApiToken.objects.get(medewerker=staff["generalist"])
    key = next(word for word in html.replace('"', " ").split() if word.startswith(f"tg_{token.prefix}_"))
    assert PATTERN.match(key) and token.secret_hash == hashlib.sha256(key.encode()).hexdigest()
    assert "wordt niet nog eens getoond" in html and token.valid_through == last_day
    again = browser.get("/api-sleutels/").content.decode()
    assert key not in again and token.shown_prefix in again and "Koppeling zorgaanbieder" in again
    assert bearer(key).get(SLEUTELS).status_code == 200
    revoked = browser.post(f"/api-sleutels/{token.pk}/intrekken/", follow=True)
    assert "is ingetrokken" in revoked.content.decode()
    refused(bearer(key).get(SLEUTELS), "api-sleutel-ingetrokken")
    assert ChangeLog.objects.filter(event__in=["medewerker.token_aangemaakt", "medewerker.token_ingetrokken"])\
        .count() == 2


def test_the_page_keeps_what_was_typed_when_refused(client_for):
    browser = client_for("balie")
    too_far = (clock.today() + dt.timedelta(days=400)).isoformat()
    answer = browser.post("/api-sleutels/", {"name": "Koppeling zorgaanbieder", "expires_on": too_far})
    assert answer.status_code == 422
    html = answer.content.decode()
    assert 'value="Koppeling zorgaanbieder"' in html and f'value="{too_far}"' in html and "365 dagen" in html
    assert browser.post("/api-sleutels/", {"name": "", "expires_on": too_far}).status_code == 422
    assert not ApiToken.objects.exists()


def test_another_staff_members_key_cannot_be_revoked_from_the_page(staff, client_for):
    token = made(staff["balie"]).token
    assert client_for("generalist").post(f"/api-sleutels/{token.pk}/intrekken/").status_code == 404
    assert client_for("beheer").post(f"/api-sleutels/{token.pk}/intrekken/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_page_is_in_the_menu_of_everyone(client_for):
    html = client_for("balie").get("/").content.decode()
    assert 'href="/api-sleutels/"' in html


def test_the_list_page_has_a_bounded_number_of_queries(staff, client_for, django_assert_max_num_queries):
    for n in range(30):
        made(staff["balie"], name=f"Koppeling {n}")
    browser = client_for("balie")
    # session and user, the actor (two), the page of keys, the header's unread count, the menu's decision work
    with django_assert_max_num_queries(7):
        page = browser.get("/api-sleutels/")
    assert page.status_code == 200 and page.content.decode().count("Intrekken") >= 25
    with django_assert_max_num_queries(7):
        assert browser.get("/api-sleutels/?pagina=2").status_code == 200


# --- The command line -----------------------------------------------------------------------------------------


def test_the_operator_makes_and_revokes_a_key_on_the_command_line(staff, capsys):
    call_command("apisleutel", "maken", "partner", "--naam", "Koppeling jeugdhulp")
    key = capsys.readouterr().out.strip()
    assert bearer(key).get(SLEUTELS).status_code == 200
    call_command("apisleutel", "intrekken", key[:11])
    refused(bearer(key).get(SLEUTELS), "api-sleutel-ingetrokken")
