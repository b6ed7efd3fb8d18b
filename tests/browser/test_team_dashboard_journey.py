"""The team dashboard (issue 15 item 2; docs/dashboards.md "Teamdashboard"), walked in Chromium at 1280 and 375 px on
the demo: the team lead opens it from the menu, reads the caseload per worker by name, the cases without a director
per team and what is due this week, filters one team and follows the link to the werkbak. No sideways scrolling, no
internal codes, ISO dates or login names on screen; screenshots in /tmp/shots-team/."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from toegang.accounts.models import Medewerker

from .test_flows import go_to, open_menu
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-team")
CODES = ("aangemeld", "vraagverheldering", "st-centrum", "st-noord-zuid", "cases.view", "afgesloten")


@pytest.fixture
def demo(transactional_db):
    call_command("demo", "--households", "150", "--seed", "1", "--quiet")


def login_demo(page, live_server, username):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo-toegang")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1, name="Mijn werk")).to_be_visible()


def look(page, axe_check, widths, name: str) -> None:
    text = page.locator("main").inner_text()
    assert_plain_dutch(text)
    for code in CODES:
        assert code not in text, f"{code!r} on screen"
    usernames = set(Medewerker.objects.values_list("username", flat=True)) - {"teamleider", "generalist"}
    words = set(text.split())
    assert not usernames & words, f"login names on screen: {usernames & words}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    axe_check(page, name)
    widths.check(page, name)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_team_lead_reads_the_team_dashboard_of_the_demo(page, live_server, demo, axe_check, width):
    at_width(page, width)
    widths = Widths(width)
    login_demo(page, live_server, "teamleider")
    go_to(page, "Teamdashboard")
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1, name="Teamdashboard")).to_be_visible()
    expect(main).to_contain_text("Caseload per medewerker")
    expect(main).to_contain_text("Gijs Generalist")  # a name, never a login name
    expect(main.get_by_role("heading", name="Wachten op een casusregisseur")).to_be_visible()
    expect(main).to_contain_text("Wat deze week afloopt, per dag")
    look(page, axe_check, widths, f"15-teamdashboard-{width}")
    main.get_by_label("Team", exact=True).select_option(label="Sociaal team Noord-Zuid (Demodam)")
    main.get_by_role("button", name="Tonen").click()
    expect(main).to_contain_text("Getoond: Sociaal team Noord-Zuid.")
    look(page, axe_check, widths, f"15-teamdashboard-noord-zuid-{width}")
    werkbak = main.get_by_role("link", name="Naar de werkbak van")
    if werkbak.count():
        werkbak.first.click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    widths.assert_none()


def test_someone_without_the_capability_has_no_menu_item_and_gets_403(page, live_server, demo):
    login_demo(page, live_server, "generalist")
    open_menu(page)
    expect(page.get_by_role("navigation").get_by_role("link", name="Teamdashboard")).to_have_count(0)
    response = page.goto(f"{live_server.url}/inzicht/team/")
    assert response.status == 403
    expect(page.locator("main")).to_contain_text("teamleiding en procesregie")
