"""The management dashboard (issue 15 items 1–2; docs/indicators.md), walked in Chromium at 1280 and 375 px:
policy opens it from the menu on the demo, reads the charts (drawn by Chart.js under the CSP) with their definitions,
gets an impossible period back at its field with what was typed kept, downloads one chart's table as CSV and the
whole dashboard as a workbook made by a job; Krimpen's process director (seed profile krimpen-2014) opens the same
page for Krimpen aan den IJssel. Screenshots in /tmp/shots-dashboard/."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from toegang.accounts.models import Gemeente, Role, RoleAssignment
from toegang.core.actor import SYSTEM
from toegang.profiles.actions import do_load_profile

from ..factories import MedewerkerFactory
from ..test_indicators import melding
from .test_charts import assert_drawn, assert_fits, watched  # noqa: F401 - watched: a fixture
from .test_flows import go_to, login
from .test_trust_flow import assert_plain_dutch

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-dashboard")


def period(page, start: str, end: str) -> None:
    page.get_by_label("Van", exact=True).fill(start)
    page.get_by_label("Tot en met", exact=True).fill(end)
    page.get_by_role("button", name="Tonen").click()


@pytest.mark.parametrize("width", [1280, 375])
def test_policy_reads_the_dashboard_and_exports_it(page, live_server, staff, demodam, watched, axe_check,  # noqa: F811
                                                  width, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    for day, source, laws in ((dt.date(2026, 3, 2), "zelf", ("wmo",)), (dt.date(2026, 4, 1), "huisarts",
                                                                          ("wmo", "jeugdwet"))):
        melding(demodam, received=day, source=source, laws=laws, outcome="informatie-advies")
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "beleid")
    go_to(page, "Dashboard")
    expect(page.get_by_role("heading", level=1, name="Dashboard sociaal domein")).to_be_visible()

    # a period that ends before it starts: refused at its field, both dates kept
    period(page, "2026-06-30", "2026-01-01")
    expect(page.locator("#foutoverzicht")).to_contain_text("De einddatum ligt vóór de begindatum.")
    expect(page.get_by_label("Van", exact=True)).to_have_value("2026-06-30")
    expect(page.get_by_label("Tot en met", exact=True)).to_have_value("2026-01-01")
    page.screenshot(path=str(SHOTS / f"fout-{width}.png"), full_page=True)

    period(page, "2026-01-01", "2026-06-30")
    main = page.locator("main")
    expect(main).to_contain_text("Periode: 01-01-2026 tot en met 30-06-2026.")
    for canvas in ("meldingen-per-maand-grafiek", "meldingen-wet-grafiek", "meldingen-bron-grafiek"):
        assert_drawn(page, canvas)
    expect(main.locator("#meldingen")).to_contain_text("Definitie:")
    expect(main.locator("#contacten")).to_contain_text("Binnen het maximum van 2 contacten")
    assert_plain_dutch(main.inner_text())
    axe_check(page, f"15-dashboard-{width}")
    assert_fits(page, width, "dashboard")
    page.screenshot(path=str(SHOTS / f"dashboard-{width}.png"), full_page=True)

    figure = page.locator("figure.toegang-chart", has=page.locator("#meldingen-wet-grafiek"))
    figure.locator("summary", has_text="Tabel bij de grafiek").click()
    with page.expect_download() as info:
        figure.get_by_role("link", name="CSV").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["Categorie;Aantal", "Wmo 2015;2", "Jeugdwet;1"]

    page.get_by_role("button", name="Alles als Excel-werkmap").click()
    expect(page.get_by_role("heading", level=1, name="Export van het dashboard")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Klaar.")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download dashboard-20260101-20260630.xlsx").click()
    assert info.value.suggested_filename == "dashboard-20260101-20260630.xlsx"
    assert_fits(page, width, "export")
    page.screenshot(path=str(SHOTS / f"export-{width}.png"), full_page=True)
    # the impossible period answered 422 on purpose; nothing else erred, nothing was refused by the CSP
    problems = [p for p in watched if "van=2026-06-30&tot=2026-01-01" not in p]
    assert not problems, problems


@pytest.mark.parametrize("width", [1280, 375])
def test_krimpens_process_director_opens_the_dashboard_of_krimpen(page, live_server, transactional_db, watched,  # noqa: F811
                                                                  width):
    do_load_profile(actor=SYSTEM, name_or_path="krimpen-2014")
    krimpen = Gemeente.objects.get(profile__name="krimpen-2014")
    user = MedewerkerFactory(username="kst.pr01", first_name="Petra", last_name="Regie")
    RoleAssignment.objects.create(medewerker=user, gemeente=krimpen,
                                  role=Role.objects.get(profile__name="krimpen-2014", code="kst-procesregisseur"))
    melding(krimpen, received=dt.date(2026, 2, 3), source="school", laws=("jeugdwet",), outcome="meervoudig")
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "kst.pr01")
    go_to(page, "Dashboard")
    period(page, "2026-01-01", "2026-06-30")
    main = page.locator("main")
    assert_drawn(page, "meldingen-per-maand-grafiek")
    expect(main.locator("#meldingen")).to_contain_text("school")
    assert_plain_dutch(main.inner_text())
    assert_fits(page, width, "dashboard krimpen")
    page.screenshot(path=str(SHOTS / f"krimpen-{width}.png"), full_page=True)
    assert not watched, watched
