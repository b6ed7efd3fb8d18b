"""The staffing calculation (issue 15 item 3; docs/staffing.md), walked in Chromium at 1280 and 375 px (screenshots,
WCAG check, no sideways scrolling, plain Dutch): policy and control open it from the menu beside Budget. On the demo
(no plan figures in the profile) it counts the live households in care; with the BUCH profile (seed 001) it
regenerates the plan's tables, switches variant, and names where the published tables disagree with their own
inputs."""

import pytest
from playwright.sync_api import expect

from toegang.accounts.models import Gemeente, Role, RoleAssignment
from toegang.core.actor import SYSTEM
from toegang.profiles.actions import do_load_profile

from ..factories import MedewerkerFactory
from .test_flows import go_to, login
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser


def look(page, axe_check, widths, name: str) -> None:
    assert_plain_dutch(page.locator("main").inner_text())
    axe_check(page, name)
    widths.check(page, name)


@pytest.mark.parametrize("width", [1280, 375])
def test_policy_reads_the_staffing_of_the_demo_from_live_data(page, live_server, staff, axe_check, width):
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, "beleid")
    go_to(page, "Formatie")
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1, name="Formatieberekening sociale teams")).to_be_visible()
    expect(main.get_by_label("actueel: huishoudens en huishoudens met een open casus in deze registratie")) \
        .to_be_checked()  # the demo profile has no plan figures: the live registration
    look(page, axe_check, widths, f"15-formatie-demo-{width}")
    widths.assert_none()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_kwartiermaker_regenerates_the_buch_tables_and_sees_where_they_disagree(page, live_server,
                                                                                  transactional_db, axe_check, width):
    do_load_profile(actor=SYSTEM, name_or_path="buch-2015")
    user = MedewerkerFactory(username="buch.km01", first_name="Kees", last_name="Kwartier")
    role = Role.objects.get(profile__name="buch-2015", code="kwartiermaker")
    for gemeente in Gemeente.objects.filter(profile__name="buch-2015"):
        RoleAssignment.objects.create(medewerker=user, gemeente=gemeente, role=role)
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, "buch.km01")
    go_to(page, "Formatie")
    main = page.locator("main")
    expect(main.get_by_label("uit het profiel (de cijfers van het plan)")).to_be_checked()
    table1 = main.locator("section[aria-labelledby='kop-tabel_1']")
    expect(table1.locator("tr", has_text="Bergen")).to_contain_text("20,91")  # Bijlage 1: 3.492 / 167
    findings = main.locator("section[aria-labelledby='kop-bevindingen']")
    expect(findings).to_contain_text("Bergen")
    expect(findings).to_contain_text("20,62")  # what Tabel 1 printed for Bergen (Castricum's figure)
    expect(findings).to_contain_text("85.663")  # the kwartiermaker's keys sum to more than 100 %
    look(page, axe_check, widths, f"15-formatie-buch-167-{width}")
    main.get_by_label("100", exact=True).check()
    main.get_by_role("button", name="Berekenen").click()
    expect(main.get_by_label("100", exact=True)).to_be_checked()
    expect(main.locator("section[aria-labelledby='kop-tabel_4a']")).to_contain_text("34,92")  # Bergen at 100
    look(page, axe_check, widths, f"15-formatie-buch-100-{width}")
    widths.assert_none()
