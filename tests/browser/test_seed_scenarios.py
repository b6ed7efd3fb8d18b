"""Each seed scenario's households in the browser (issue 17): after `walk_profile` ran the seed's way of working
through the real actions, every member of the profile's demo staff (every role of the profile) logs in and reads
Mijn werk at 1280 and 375 px: plain Dutch (no ISO date, no internal code of the profile), nothing wider than the
screen, a screenshot of both (test-output/screenshots/working-day-<profile>-seed-<user>-<width>.png), and every link on it —
the main menu included, and the cases and households the scenario gave them — followed as that user: none may end
on an error page ("geen mandaat", 404, 500) or the login page."""

import pytest
from playwright.sync_api import expect

from toegang.profiles.staff import DEMO_PASSWORD
from toegang.scenarios.registry import SCENARIOS
from toegang.scenarios.run import walk_profile

from .test_flows import logout
from .test_working_day import Journey

pytestmark = pytest.mark.browser


class Seed:
    def __init__(self, profile: str):
        self.profile = profile


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_role_of_the_seed_profile_reads_its_work_after_the_scenario(page, live_server, transactional_db, name):
    scenario = walk_profile(name, write=lambda line: None)
    journey = Journey(page, live_server, Seed(name), users={})
    for username, user in scenario.staff.items():
        journey.who = username
        page.goto(f"{live_server.url}/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("heading", level=1, name="Mijn werk")).to_be_visible()
        assert user.get_full_name() in page.locator("header").inner_text()
        journey.look(f"seed-{username}")
        logout(page)
    journey.finish()
