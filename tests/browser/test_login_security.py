"""Logging in, in Chromium (issue 13, item 2): a username locked after five wrong passwords says so on the login page
and keeps what was typed; a session that sat idle for thirty minutes ends with a message on the login page. At
375 and 1280 px, with a screenshot and the WCAG check of each page."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from .test_flows import login, open_menu
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def real_limits(settings):
    settings.SESSION_IDLE_SECONDS = 30 * 60
    settings.SESSION_ABSOLUTE_SECONDS = 8 * 3600


@pytest.mark.parametrize("width", [1280, 375])
def test_a_locked_username_and_an_idle_session(page, live_server, staff, axe_check, width):
    at_width(page, width)
    widths = Widths(width)

    # five wrong passwords: the fifth answer says the username is locked, and keeps it in its field
    page.goto(f"{live_server.url}/inloggen/")
    for attempt in range(5):
        page.get_by_label("Gebruikersnaam").fill("balie")
        page.get_by_label("Wachtwoord").fill(f"fout-wachtwoord-{attempt}")
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Te veel mislukte pogingen om met deze gebruikersnaam in te loggen.")).to_be_visible()
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("balie")
    assert_plain_dutch(page.locator("main").inner_text())
    axe_check(page, f"95-locked-{width}")
    widths.check(page, f"95-locked-{width}")

    # a colleague logs in, leaves the desk for 31 minutes; the next click leads to the login page and says why
    login(page, live_server, "generalist")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31), tick=True):
        open_menu(page)
        page.get_by_role("navigation").get_by_role("link", name="Werkbak").click()
        expect(page.get_by_role("heading", level=1, name="Inloggen")).to_be_visible()
        expect(page.get_by_text("U bent automatisch uitgelogd na 30 minuten zonder activiteit.")).to_be_visible()
        axe_check(page, f"95-idle-{width}")
        widths.check(page, f"95-idle-{width}")
        # logging in again returns to the page asked for
        page.get_by_label("Gebruikersnaam").fill("generalist")
        page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
        page.get_by_role("button", name="Inloggen").click()
        expect(page).to_have_url(f"{live_server.url}/werkbak/")
