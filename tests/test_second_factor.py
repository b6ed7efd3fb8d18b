"""The second factor (issue 13, item 2; docs/security.md "Two factors"): with TOEGANG_TWO_FACTOR=verplicht everyone
who sees personal data sets up an authenticator app at the first login and gives its code at every login after; no
page, fragment or API call before that; a wrong, reused or rushed code is refused at its field; functional
administration resets a lost phone; with "optioneel" only who set one up is asked."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from toegang.accounts.actions import check_reset_second_factor
from toegang.audit.models import ChangeLog
from toegang.core.errors import NotAllowed

SET_UP = "/tweestapsverificatie/"
ASK = "/tweestapsverificatie/code/"


@pytest.fixture
def required(settings):
    settings.TOEGANG_TWO_FACTOR = "verplicht"


@pytest.fixture
def clock_at():
    moment = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(10, 0)))
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


def log_in(username) -> Client:
    client = Client()
    assert client.post("/inloggen/", {"username": username, "password": "geheim-wachtwoord"}).status_code == 302
    return client


def code_of(device) -> str:
    return f"{totp(device.bin_key):06d}"


def set_up(client, username, clock_at) -> TOTPDevice:
    client.post(SET_UP, {"next": "/"})
    device = TOTPDevice.objects.get(user__username=username)
    answer = client.post(SET_UP, {"code": code_of(device), "next": "/"})
    assert answer.status_code == 302 and answer["Location"] == "/"
    clock_at.shift(dt.timedelta(seconds=30))  # the next login needs the next code
    return device


def test_the_first_login_sets_up_the_app_before_any_page(staff, required, clock_at):
    client = log_in("balie")
    for page in ("/", "/zoeken/?naam=jansen", "/meldingen/nieuw/"):
        answer = client.get(page)
        assert answer.status_code == 302 and answer["Location"].startswith(f"{SET_UP}?next=")
    fragment = client.get("/zoeken/?naam=jansen", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 204 and fragment["HX-Redirect"].startswith(SET_UP)
    api = client.get("/api/v1/huishoudens")
    assert api.status_code == 401 and api["Content-Type"] == "application/problem+json"
    assert "tweede factor" in api.json()["detail"]

    page = client.get(f"{SET_UP}?next=/").content.decode()
    assert "Authenticator-app koppelen" in page and "<svg" not in page  # nothing made before asked
    client.post(SET_UP, {"next": "/"})
    device = TOTPDevice.objects.get(user__username="balie", confirmed=False)
    page = client.get(f"{SET_UP}?next=/").content.decode()
    assert 'role="img" aria-label="QR-code om de authenticator-app te koppelen"' in page
    assert " ".join(page.split("<code>")[1].split("</code>")[0].split()).replace(" ", "") in device.config_url

    wrong = client.post(SET_UP, {"code": "000000", "next": "/"})
    assert wrong.status_code == 422 and "Deze code klopt niet of is verlopen" in wrong.content.decode()
    assert 'value="000000"' in wrong.content.decode()  # what was typed is kept
    assert TOTPDevice.objects.get(pk=device.pk).confirmed is False
    clock_at.shift(dt.timedelta(seconds=2))  # django-otp waits a second after a wrong code
    done = client.post(SET_UP, {"code": code_of(device), "next": "/meldingen/nieuw/"})
    assert done.status_code == 302 and done["Location"] == "/meldingen/nieuw/"
    assert client.get("/meldingen/nieuw/").status_code == 200
    assert [row.event for row in ChangeLog.objects.filter(event__startswith="medewerker.tweede_factor")
            .order_by("pk")] == ["medewerker.tweede_factor_voorbereid", "medewerker.tweede_factor_ingesteld"]
    assert device.key not in str(list(ChangeLog.objects.values_list("new", flat=True)))  # never the secret


def test_every_login_after_asks_the_code_once(staff, required, clock_at):
    device = set_up(log_in("generalist"), "generalist", clock_at)
    client = log_in("generalist")
    assert client.get("/")["Location"].startswith(f"{ASK}?next=")
    code = code_of(device)
    assert client.post(ASK, {"code": code, "next": "/"})["Location"] == "/"
    assert client.get("/").status_code == 200
    # the same code cannot be used again, not even within its 30 seconds
    again = log_in("generalist")
    clock_at.shift(dt.timedelta(seconds=5))
    reused = again.post(ASK, {"code": code, "next": "/"})
    assert reused.status_code == 422 and "Deze code klopt niet" in reused.content.decode()
    # rushing wrong codes: django-otp makes each next try wait longer
    for _ in range(3):
        again.post(ASK, {"code": "123456", "next": "/"})
    rushed = again.post(ASK, {"code": "123456", "next": "/"})
    assert "Te veel onjuiste codes achter elkaar" in rushed.content.decode()
    assert again.get("/").status_code == 302


def test_who_sees_no_personal_data_is_not_asked_and_optioneel_asks_only_who_set_it_up(staff, settings, clock_at):
    settings.TOEGANG_TWO_FACTOR = "verplicht"
    assert log_in("beleid").get("/").status_code == 200  # budgets only: finance.view
    settings.TOEGANG_TWO_FACTOR = "optioneel"
    client = log_in("balie")
    assert client.get("/").status_code == 200
    assert 'href="/tweestapsverificatie/"' in client.get("/").content.decode()  # may set one up
    set_up(client, "balie", clock_at)
    assert log_in("balie").get("/")["Location"].startswith(ASK)


def test_functional_administration_resets_a_lost_phone(staff, required, clock_at, actor_of):
    set_up(log_in("balie"), "balie", clock_at)
    with pytest.raises(NotAllowed):
        check_reset_second_factor(actor=actor_of(staff["generalist"]), medewerker=staff["balie"], reason="kwijt")
    assert check_reset_second_factor(actor=actor_of(staff["beheer"]), medewerker=staff["balie"],
                                     reason="telefoon kwijt") == 1
    assert log_in("balie").get("/")["Location"].startswith(f"{SET_UP}?next=")  # a new app at the next login
    log = ChangeLog.objects.get(event="medewerker.tweede_factor_hersteld")
    assert log.new["reden"] == "telefoon kwijt"
    set_up(log_in("generalist"), "generalist", clock_at)
    call_command("tweede_factor_herstellen", "generalist", "--reden", "nieuwe telefoon")
    assert not TOTPDevice.objects.filter(user__username="generalist").exists()
