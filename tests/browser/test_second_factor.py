"""The second factor in Chromium (issue 13, item 2): a generalist's first login with TOEGANG_TWO_FACTOR=verplicht
sets up the authenticator app (QR code and typed key), a wrong code is refused at its field with what was typed kept,
the right one opens Mijn werk; the next login asks the code. At 375 and 1280 px, with screenshots and the WCAG check."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from .test_flows import open_menu
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def required(settings):
    settings.TOEGANG_TWO_FACTOR = "verplicht"


def password_step(page, live_server, username):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()


@pytest.mark.parametrize("width", [1280, 375])
def test_set_up_the_app_then_log_in_with_its_code(page, live_server, staff, axe_check, width):
    at_width(page, width)
    widths = Widths(width)

    def shown(step):
        assert_plain_dutch(page.locator("main").inner_text())
        axe_check(page, f"96-{step}-{width}")
        widths.check(page, f"96-{step}-{width}")

    password_step(page, live_server, "generalist")
    expect(page.get_by_role("heading", level=1, name="Tweestapsverificatie")).to_be_visible()
    shown("intro")
    page.get_by_role("button", name="Authenticator-app koppelen").click()
    expect(page.get_by_role("img", name="QR-code om de authenticator-app te koppelen")).to_be_visible()
    shown("qr")
    device = TOTPDevice.objects.get(user=staff["generalist"])
    page.get_by_label("Code uit de authenticator-app").fill("000000")
    page.get_by_role("button", name="Koppelen afronden").click()
    field = page.get_by_label("Code uit de authenticator-app")
    expect(field).to_have_value("000000")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main")).to_contain_text("Deze code klopt niet of is verlopen.")
    shown("wrong")
    page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code
    field.fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Koppelen afronden").click()
    expect(page.get_by_role("heading", level=1, name="Mijn werk")).to_be_visible()
    expect(page.locator("main")).to_contain_text("De tweestapsverificatie is ingesteld.")

    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=31), tick=True):  # the app's next code
        password_step(page, live_server, "generalist")
        expect(page.get_by_role("heading", level=1, name="Tweede stap: code uit de app")).to_be_visible()
        shown("code")
        page.get_by_label("Code uit de authenticator-app").fill(f"{totp(device.bin_key):06d}")
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("heading", level=1, name="Mijn werk")).to_be_visible()
