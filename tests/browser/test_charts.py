"""Charts drawn by Chart.js under the strict Content-Security-Policy (docs/charts.md), walked in Chromium at 1280 and
375 px: the budget page (shares of budget and contract ceiling, horizontal bars) and a household page with ZRM
measurements (a line per person). Each canvas is drawn by Chart.js, nothing is refused and nothing errs in the
console, the table alternative opens, the CSV link downloads the table, and the page never scrolls sideways."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from toegang.assessments import actions as assessment_actions

from ..provisions_support import case_with_goal
from .test_flows import login

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-charts")


@pytest.fixture
def watched(page):
    """Every console message and every CSP violation the page reports."""
    problems: list[str] = []
    # the browser's own request for /favicon.ico (the project has none) is not the page's doing
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text} {m.location}")
            if m.type in ("error", "warning") and not m.location.get("url", "").endswith("/favicon.ico") else None)
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));")
    return problems


def assert_drawn(page, canvas_id: str) -> None:
    canvas = page.locator(f"#{canvas_id}")
    expect(canvas).to_be_visible()
    drawn = page.evaluate("""id => {
        const canvas = document.getElementById(id);
        const chart = window.Chart && Chart.getChart(canvas);
        return {width: canvas.width, height: canvas.height, chart: !!chart,
                points: chart ? chart.getDatasetMeta(0).data.length : 0};
    }""", canvas_id)
    assert drawn["width"] > 0 and drawn["height"] > 0 and drawn["chart"] and drawn["points"] > 0, drawn


def assert_fits(page, width: int, name: str) -> None:
    scroll = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll <= page.evaluate("innerWidth"), f"{name} at {width} px: {scroll} px wide"


def open_table_and_download(page, canvas_id: str, header: str, tmp_path) -> str:
    figure = page.locator("figure.toegang-chart", has=page.locator(f"#{canvas_id}"))
    figure.locator("summary", has_text="Tabel bij de grafiek").click()
    expect(figure.locator("table")).to_be_visible()
    with page.expect_download() as info:
        figure.get_by_role("link", name="CSV").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == header, text
    return text


@pytest.mark.parametrize("width", [1280, 375])
def test_budget_charts_are_drawn_with_their_table_and_csv(page, live_server, staff, watched, width, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "beleid")
    page.goto(f"{live_server.url}/budget/")
    assert_drawn(page, "budget-aandeel-grafiek")
    assert_drawn(page, "contract-aandeel-grafiek")
    page.screenshot(path=str(SHOTS / f"budget-{width}.png"), full_page=True)
    open_table_and_download(page, "budget-aandeel-grafiek", "Categorie;Vastgelegd", tmp_path)
    page.screenshot(path=str(SHOTS / f"budget-tabel-{width}.png"), full_page=True)
    assert_fits(page, width, "budget")
    # a table of the page itself downloads with its filters (the year) kept
    with page.expect_download() as info:
        page.locator("section", has=page.locator("#contract-kop")).locator("p.toegang-export")\
            .last.get_by_role("link", name="Excel").click()
    assert info.value.suggested_filename.endswith("-contracten.xlsx")
    assert not watched, watched


@pytest.mark.parametrize("width", [1280, 375])
def test_household_zrm_chart_is_drawn_with_its_table_and_csv(page, live_server, staff, actor_of, watched, width,
                                                             tmp_path):
    SHOTS.mkdir(exist_ok=True)
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    director = actor_of(staff["generalist"])
    for day, score in ((dt.date(2026, 9, 1), 2), (dt.date(2026, 10, 1), 3), (dt.date(2026, 11, 1), 4)):
        assessment_actions.check_record_measurement(actor=director, casus=casus, resident=mother, measured_on=day,
                                                    scores={"financien": score, "huisvesting": 3})
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "generalist")
    page.goto(f"{live_server.url}/huishoudens/{casus.household_id}/")
    assert_drawn(page, "zelfredzaamheid-grafiek")
    text = open_table_and_download(page, "zelfredzaamheid-grafiek", f"Periode;{mother.full_name}", tmp_path)
    assert text.splitlines()[1:] == ["01-09-2026;2,5", "01-10-2026;3", "01-11-2026;3,5"]
    page.locator("figure.toegang-chart").screenshot(path=str(SHOTS / f"huishouden-zrm-{width}.png"))
    assert_fits(page, width, "huishouden")
    assert not watched, watched
