"""The evaluation reports (issue 15 item 6; docs/evaluation.md) walked in Chromium at 1280 and 375 px: policy opens
Evaluatie from the menu, then Krimpen's report; no sideways scrolling, no codes or ISO dates on screen. Screenshots
also to /tmp/shots-eval/."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .test_flows import go_to, login
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-eval")


@pytest.mark.parametrize("slug,heading", [("krimpen", "Evaluatie toegang sociaal domein (Krimpen aan den IJssel)"),
                                          ("stadskanaal", "Outcome-indicatoren jeugdhulp (Stadskanaal)")])
@pytest.mark.parametrize("width", [1280, 375])
def test_policy_opens_an_evaluation_report(page, live_server, staff, axe_check, width, slug, heading):
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, "beleid")
    go_to(page, "Evaluatie")
    expect(page.get_by_role("heading", level=1, name="Evaluatierapporten")).to_be_visible()
    page.locator("main").get_by_role("link", name=heading).click()
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    text = page.locator("main").inner_text()
    assert "niet uit Toegang te beantwoorden" in text
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), "an ISO date on screen"
    assert_plain_dutch(text)
    axe_check(page, f"15-evaluatie-{slug}-{width}")
    widths.check(page, f"15-evaluatie-{slug}-{width}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{slug}-{width}.png"), full_page=True)
    widths.assert_none()
