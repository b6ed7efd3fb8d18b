"""A resident's rights under the AVG in Chromium (issue 13, item 8): the privacy officer finds the resident, records a
correction request (an empty one refused at its field, what was typed kept), decides it, and answers an access request
with the export as a download. At 375 and 1280 px, with screenshots and the WCAG check."""

import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ..provisions_support import case_with_goal
from .test_flows import login, open_menu
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_the_privacy_officer_handles_a_correction_and_an_access_request(page, live_server, staff, axe_check, width):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    at_width(page, width)
    widths = Widths(width)
    today = timezone.localdate().strftime("%Y-%m-%d")

    login(page, live_server, "privacy")
    open_menu(page)
    page.get_by_role("navigation").get_by_role("link", name="Inzagelog").click()
    page.get_by_label("BSN").fill(mother.bsn)
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="AVG-verzoeken van deze inwoner")).to_be_visible()

    correction = page.locator("form", has=page.get_by_role("heading", name="Correctieverzoek vastleggen (AVG art. 16)"))
    correction.get_by_label("Ontvangen op").fill(today)
    correction.get_by_role("button", name="Correctieverzoek vastleggen").click()
    field = page.get_by_label("Wat de inwoner verbeterd wil zien")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert_plain_dutch(page.locator("main").inner_text())
    axe_check(page, f"97-correction-invalid-{width}")
    widths.check(page, f"97-correction-invalid-{width}")
    field.fill("Mijn telefoonnummer is verouderd")
    page.get_by_role("button", name="Correctieverzoek vastleggen").click()
    expect(page.locator("main")).to_contain_text("Het correctieverzoek is vastgelegd")
    page.get_by_label("Besluit", exact=True).select_option("toegewezen")
    page.get_by_label("Motivering").fill("Telefoonnummer verbeterd.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("main")).to_contain_text("Het besluit op het correctieverzoek is vastgelegd.")

    access = page.locator("form", has=page.get_by_role("heading", name="Inzageverzoek beantwoorden (AVG art. 15)"))
    access.get_by_label("Ontvangen op").fill(today)
    with page.expect_download() as download:
        access.get_by_role("button", name="Export maken en verzoek vastleggen").click()
    export = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert export["inwoner"]["id"] == mother.pk and export["casussen"][0]["casus"]["id"] == casus.pk
    page.reload()
    expect(page.locator("main")).to_contain_text("export verstrekt")
    assert_plain_dutch(page.locator("main").inner_text())
    axe_check(page, f"97-requests-{width}")
    widths.check(page, f"97-requests-{width}")
