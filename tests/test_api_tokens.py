"""API keys (API-sleutels, issue 13 item 4): stored as a digest, always expiring, named, made and revoked by the
staff member or functional administration, making and revoking in the change log."""

import dataclasses
import datetime as dt
import hashlib
import json

import pytest

from toegang.accounts.actions import check_create_api_token, check_revoke_api_token
from toegang.accounts.models import ApiToken, Medewerker
from toegang.accounts.queries import api_token_by_key
from toegang.accounts.tokens import PATTERN
from toegang.audit.models import ChangeLog
from toegang.core import clock
from toegang.core.actor import SYSTEM
from toegang.core.errors import NotAllowed, NotFound, ValidationFailed


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


def test_a_key_is_found_by_its_prefix_and_only_with_its_secret(staff):
    new = made(staff["balie"])
    assert api_token_by_key(new.key) == new.token
    wrong_secret = new.key[:-4] + ("aaaa" if not new.key.endswith("aaaa") else "bbbb")
    for key in (wrong_secret, "tg_00000000_" + new.key.split("_", 2)[2], "onzin", new.key + "x", ""):
        assert api_token_by_key(key) is None


def test_an_inactive_staff_member_gets_no_key(staff):
    Medewerker.objects.filter(pk=staff["balie"].pk).update(is_active=False)
    with pytest.raises(ValidationFailed):
        made(Medewerker.objects.get(pk=staff["balie"].pk))


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
    revoked = browser.post(f"/api-sleutels/{token.pk}/intrekken/", follow=True)
    assert "is ingetrokken" in revoked.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by_id == staff["generalist"].pk
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
