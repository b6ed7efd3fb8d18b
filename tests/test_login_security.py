"""Logging in (issue 13, item 2; docs/security.md "Logging in"): five wrong passwords lock a username for fifteen
minutes, Django's full password validators also when an account is created, and a session ends after thirty minutes
without a request and eight hours after logging in."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from toegang.accounts.actions import check_create_medewerker
from toegang.accounts.models import Medewerker
from toegang.core.actor import SYSTEM
from toegang.core.errors import ValidationFailed

RIGHT = "geheim-wachtwoord"  # tests/factories.py


def log_in(client, username, password=RIGHT):
    return client.post("/inloggen/", {"username": username, "password": password, "next": ""})


@pytest.fixture(autouse=True)
def real_limits(settings):
    """The limits of settings/base.py (the test settings lift them for tests that travel in time)."""
    settings.SESSION_IDLE_SECONDS = 30 * 60
    settings.SESSION_ABSOLUTE_SECONDS = 8 * 3600


@pytest.fixture
def start():
    """Today at 10:00 local time, the clock standing still until shifted."""
    moment = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(10, 0)))
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


# --- throttling ------------------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_username_for_fifteen_minutes(staff, start):
    client = Client()
    for _ in range(4):
        wrong = log_in(client, "balie", "fout-wachtwoord-123")
        assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    assert log_in(client, "balie", "fout-wachtwoord-123").status_code == 429  # the fifth locks
    locked = log_in(client, "balie")  # the right password, too late
    page = locked.content.decode()
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    assert "Te veel mislukte pogingen om met deze gebruikersnaam in te loggen" in page
    assert "Probeer het over 15 minuten opnieuw" in page
    assert 'value="balie"' in page  # the username is kept
    # a colleague behind the same address is not locked out
    assert log_in(Client(), "generalist").status_code == 302
    start.shift(dt.timedelta(minutes=14))
    assert log_in(Client(), "balie").status_code == 429  # and trying again starts the 15 minutes again
    start.shift(dt.timedelta(minutes=14))
    assert log_in(Client(), "balie").status_code == 429
    start.shift(dt.timedelta(minutes=16))
    assert log_in(Client(), "balie").status_code == 302


def test_a_successful_login_starts_the_count_again(staff, start):
    for _ in range(4):
        log_in(Client(), "balie", "fout-wachtwoord-123")
    assert log_in(Client(), "balie").status_code == 302
    for _ in range(4):
        log_in(Client(), "balie", "fout-wachtwoord-123")
    assert log_in(Client(), "balie").status_code == 302


# --- passwords -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("password", "why"), [
    ("x", "minimaal 12 tekens"),
    ("balie-medewerker", "lijkt te veel op de gebruikersnaam"),
    ("password1234", "te algemeen"),
    ("839201746352", "alleen cijfers"),
])
def test_a_weak_password_is_refused_when_an_account_is_created(profile, password, why):
    with pytest.raises(ValidationFailed) as refused:
        check_create_medewerker(actor=SYSTEM, username="balie-medewerker", full_name="Bea Balie", password=password,
                                organisatie=None)
    assert any(why in message for message in refused.value.field_errors["password"]), refused.value.field_errors
    assert not Medewerker.objects.filter(username="balie-medewerker").exists()


def test_a_strong_password_is_accepted(profile):
    user = check_create_medewerker(actor=SYSTEM, username="bea", full_name="Bea Balie",
                                   password="Kastanje-Fiets-Regen-27", organisatie=None)
    assert user.check_password("Kastanje-Fiets-Regen-27")


# --- session timeouts ------------------------------------------------------------------------------------------


def test_a_session_ends_after_thirty_minutes_without_a_request(staff, start):
    client = Client()
    assert log_in(client, "balie").status_code == 302
    for _ in range(3):  # working: each request within 30 minutes of the one before
        start.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200
    start.shift(dt.timedelta(minutes=31))
    away = client.get("/meldingen/nieuw/")
    assert away.status_code == 302 and away["Location"].startswith("/inloggen/?next=/meldingen/nieuw/")
    login_page = client.get(away["Location"]).content.decode()
    assert "U bent automatisch uitgelogd na 30 minuten zonder activiteit. Log opnieuw in." in login_page


def test_an_htmx_request_and_an_api_request_after_the_timeout(staff, start):
    client = Client()
    log_in(client, "balie")
    start.shift(dt.timedelta(minutes=31))
    fragment = client.get("/zoeken/?naam=jansen", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 204 and fragment["HX-Redirect"].startswith("/inloggen/?next=")
    api = Client()
    log_in(api, "balie")
    start.shift(dt.timedelta(minutes=31))
    answer = api.get("/api/v1/huishoudens")
    assert answer.status_code in (401, 403) and answer["Content-Type"] == "application/problem+json"


def test_a_session_ends_eight_hours_after_logging_in_however_busy(staff, start):
    client = Client()
    log_in(client, "generalist")
    for _ in range(16):  # a request every 29 minutes: 7 hours 44 minutes
        start.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200
    start.shift(dt.timedelta(minutes=20))  # 8 hours 4 minutes
    ended = client.get("/")
    assert ended.status_code == 302
    assert "u was 8 uur ingelogd" in client.get(ended["Location"]).content.decode()
