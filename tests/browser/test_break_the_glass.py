"""Break-the-glass in Chromium (issue 13, item 6): a generalist searches a BSN outside their team's wijken and finds
no one, asks emergency access with a reason, opens the household (read-only, with the banner), ends it; the privacy
officer finds the notification in the inbox and the grant in the Noodtoegang list, and opens the reads under it. At
375 and 1280 px, with screenshots and the WCAG check."""

import re

import pytest
from playwright.sync_api import expect

from toegang.accounts.models import Gemeente, Wijk

from ..factories import HouseholdFactory, ResidentFactory
from .test_flows import login, logout, open_menu
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser

REASON = "Politie belt: kind alleen thuis aangetroffen, moeder opgenomen in het ziekenhuis"


@pytest.fixture
def centrum(staff):
    """A household in Demodam-Centrum: outside the generalist's team (Noord-Zuid)."""
    demodam = Gemeente.objects.get(cbs_code="9901")
    household = HouseholdFactory(wijk=Wijk.objects.get(gemeente=demodam, code="centrum"), postcode="9901AB",
                                 straat="Marktstraat", label="Huishouden Centrum")
    mother = ResidentFactory(household=household, geslachtsnaam="Centrum", voornamen="Anna")
    ResidentFactory(household=household, geslachtsnaam="Centrum", voornamen="Bram")
    return mother


@pytest.mark.parametrize("width", [1280, 375])
def test_a_generalist_breaks_the_glass_and_the_privacy_officer_sees_it(page, live_server, centrum, axe_check, width):
    at_width(page, width)
    widths = Widths(width)

    def shown(step):
        assert_plain_dutch(page.locator("main").inner_text())
        axe_check(page, f"97-{step}-{width}")
        widths.check(page, f"97-{step}-{width}")

    login(page, live_server, "generalist")
    page.goto(f"{live_server.url}/zoeken/?bsn={centrum.bsn}")
    expect(page.locator("main")).to_contain_text("Niemand gevonden die u mag zien.")
    expect(page.locator("main")).not_to_contain_text("Centrum")  # nothing of the household before the grant
    shown("search")

    page.get_by_role("link", name="Noodtoegang (break-the-glass)").click()
    expect(page.get_by_role("heading", level=1, name="Noodtoegang (break-the-glass)")).to_be_visible()
    expect(page.get_by_label("BSN van een inwoner van het huishouden")).to_have_value(centrum.bsn)
    expect(page.locator("main")).to_contain_text("De privacy officer krijgt direct bericht")
    shown("form")

    reason = page.get_by_label("Reden: welke noodsituatie?")
    reason.fill("Even kijken")
    page.get_by_role("button", name="Noodtoegang nemen").click()
    expect(reason).to_have_value("Even kijken")  # kept, with the error at its field
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main")).to_contain_text("Beschrijf de noodsituatie in ten minste 20 tekens.")
    shown("too-short")

    reason.fill(REASON)
    page.get_by_role("button", name="Noodtoegang nemen").click()
    expect(page.get_by_role("heading", level=1, name="Huishouden Centrum")).to_be_visible()
    main = page.locator("main")
    # four hours from now: "vandaag 14:05", or a date when the grant runs past midnight
    expect(main).to_contain_text(re.compile(r"U heeft noodtoegang tot dit huishouden tot (vandaag|\d\d-\d\d-\d{4}) \d\d:\d\d\."))
    expect(main).to_contain_text("De privacy officer is op de hoogte gebracht.")
    expect(main).to_contain_text("Anna Centrum")
    expect(main).not_to_contain_text("Verhuizing vastleggen")  # read-only
    shown("household")

    page.get_by_role("button", name="Noodtoegang beëindigen").click()
    expect(page.get_by_role("heading", level=1, name="Mijn werk")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Uw noodtoegang is beëindigd.")
    page.goto(f"{live_server.url}/huishoudens/{centrum.household_id}/")
    expect(page.get_by_role("heading", level=1, name="Niet gevonden")).to_be_visible()
    expect(page.get_by_role("link", name="Noodtoegang (break-the-glass)")).to_be_visible()
    shown("gone-again")
    logout(page)

    login(page, live_server, "privacy")
    expect(page.locator("main")).to_contain_text("Noodtoegang: ")
    expect(page.locator("main")).to_contain_text("Politie belt: kind alleen thuis")
    page.get_by_role("link", name="Berichten (1 ongelezen)").click()
    expect(page.locator("main")).to_contain_text("opende een huishouden in Demodam buiten het eigen bereik")
    shown("inbox")

    open_menu(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Noodtoegang").click()
    expect(page.get_by_role("heading", level=1, name="Noodtoegang (break-the-glass)")).to_be_visible()
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("Huishouden Centrum")
    expect(row).to_contain_text(REASON)
    expect(row).to_contain_text("eerder beëindigd om")
    shown("list")

    row.get_by_role("link", name="1 inzage onder de noodtoegang van").click()
    expect(page.get_by_role("heading", level=2, name="Wat onder deze noodtoegang is bekeken")).to_be_visible()
    expect(page.locator("tbody tr").first).to_contain_text("noodtoegang #")
    shown("reads")
    widths.assert_none()
