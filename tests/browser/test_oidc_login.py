"""Logging in through the municipality's identity provider in Chromium (issue 13, item 1): the button on Toegang's
login page, the real OpenID provider's own login form (node-oidc-provider on loopback, tests/oidc_support.py), back
at Mijn werk with the role the IdP's group gives; logging out ends the session at the IdP too; a staff member in no
mapped group gets a Dutch page. At 375 and 1280 px, with screenshots, the WCAG check and no Content Security Policy
refusal on the way."""

import pytest
from playwright.sync_api import expect

from toegang.accounts.models import RoleAssignment

from ..oidc_support import IDP_NAME, PASSWORD, account, running_provider, use_provider
from .test_content_security_policy import assert_nothing_refused
from .test_flows import open_menu
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("oidc-browser"), [live_server.url]) as running:
        yield running


@pytest.fixture
def idp(provider, settings, profile):
    use_provider(settings, provider)
    provider.set_accounts({
        "ria-sub": account(name="Ria van Dijk", username="ria", email="ria@demodam.example", groups=["sd-balie"]),
        "kees-sub": account(name="Kees Onbekend", username="kees", groups=["personeelsvereniging"]),
    })
    return provider


@pytest.fixture
def console(page):
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    return messages


def at_the_idp(page, username):
    page.get_by_role("link", name=f"Inloggen via {IDP_NAME}").click()
    expect(page.get_by_role("heading", name="Inloggen bij de test-IdP")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen bij de IdP").click()


@pytest.mark.parametrize("width", [1280, 375])
def test_log_in_through_the_idp_and_out_again(page, live_server, idp, axe_check, console, width):
    at_width(page, width)
    widths = Widths(width)

    def shown(step):
        assert_plain_dutch(page.locator("main").inner_text())
        axe_check(page, f"97-{step}-{width}")
        widths.check(page, f"97-{step}-{width}")

    page.goto(f"{live_server.url}/inloggen/")
    expect(page.get_by_role("link", name=f"Inloggen via {IDP_NAME}")).to_be_visible()
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()  # local passwords stay beside the button
    shown("login")
    at_the_idp(page, "ria-sub")
    expect(page.get_by_role("heading", level=1, name="Mijn werk")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Baliemedewerker")
    shown("home")
    assert RoleAssignment.objects.filter(medewerker__username="ria", source="identiteitsprovider").count() == 2

    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Uitloggen bij de test-IdP")).to_be_visible()
    page.get_by_role("button", name="Ja, uitloggen bij de IdP").click()
    expect(page.get_by_role("heading", level=1, name="Inloggen")).to_be_visible()
    assert page.url == f"{live_server.url}/inloggen/"
    # the IdP's session ended as well: the next login asks for the password there again
    page.get_by_role("link", name=f"Inloggen via {IDP_NAME}").click()
    expect(page.get_by_role("heading", name="Inloggen bij de test-IdP")).to_be_visible()
    assert_nothing_refused(console, "logging in and out through the IdP")
    widths.assert_none()


@pytest.mark.parametrize("width", [1280, 375])
def test_no_mapped_group_gets_a_dutch_page(page, live_server, idp, axe_check, width):
    at_width(page, width)
    widths = Widths(width)
    page.goto(f"{live_server.url}/inloggen/")
    at_the_idp(page, "kees-sub")
    expect(page.get_by_role("heading", level=1, name=f"Inloggen via {IDP_NAME} niet gelukt")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Vraag functioneel beheer van uw gemeente om een account.")
    assert_plain_dutch(page.locator("main").inner_text())
    axe_check(page, f"97-refused-{width}")
    widths.check(page, f"97-refused-{width}")
    page.get_by_role("link", name="Terug naar inloggen").click()
    expect(page.get_by_role("heading", level=1, name="Inloggen")).to_be_visible()
    widths.assert_none()
