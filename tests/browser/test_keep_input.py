"""A user never retypes what they wrote (issue 10, the one POST pattern), walked by the generalist on a desktop
(1280 px) and a phone (375 px): the kitchen-table report, with several life domains told and one required field
forgotten, comes back with the error summary on top linking to the field, the field marked with its reason, and every
box as typed; once the field is filled the report is recorded. The safety assessment, dated in the future, does the
same in short."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from toegang.assessments.models import Clarification, SafetyAssessment

from ..provisions_support import case_with_goal
from .report_steps import (
    expect_refused_with_everything_kept,
    fill_report_without_participants,
    posted,
    submit_report,
)
from .test_flows import login
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser

# What the generalist types at the kitchen table: the real question and three life domains, a line break included.
REPORT = {
    "#vv-summary": "Selin wil grip op haar geld en rust in huis, zodat Can weer naar school gaat.",
    "#vv-financien__situatie": "Drie betalingsachterstanden:\nenergie, zorgverzekering en huur.",
    "#vv-financien__eigen_kracht": "Houdt sinds kort een kasboek bij.",
    "#vv-financien__netwerk": "Haar zus helpt met het openen van de post.",
    "#vv-financien__wensen": "Een betalingsregeling, geen bewindvoering.",
    "#vv-huisvesting__situatie": "Huurwoning te klein sinds de scheiding.",
    "#vv-huisvesting__eerdere_hulp": "Urgentie aangevraagd in 2024, afgewezen.",
    "#vv-huiselijke-relaties__situatie": "Veel ruzie over geld; de ex-partner komt onaangekondigd langs.",
    "#vv-huiselijke-relaties__wensen": "Vaste afspraken over de omgang.",
}
DOMAINS = ("Financiën", "Huisvesting", "Huiselijke relaties")


@pytest.mark.parametrize("width", [1280, 375])
def test_kitchen_table_report_keeps_every_box_when_a_field_is_missing(page, live_server, staff, axe_check, width):
    casus, *_ = case_with_goal(staff["generalist"])
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, "generalist")
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")
    fill_report_without_participants(page, DOMAINS, REPORT)
    assert submit_report(page) == 422
    summary, link, participants = expect_refused_with_everything_kept(page, REPORT)
    assert_plain_dutch(summary.inner_text())
    axe_check(page, f"70-vraagverheldering-fout-{width}")
    widths.check(page, f"70-vraagverheldering-fout-{width}")
    assert not Clarification.objects.exists()

    link.click()
    expect(participants).to_be_focused()
    participants.fill("Selin Aydin, haar zus, generalist")
    assert submit_report(page) == 302

    expect(page.get_by_text("Het verslag van de vraagverheldering is vastgelegd.")).to_be_visible()
    expect(page.locator("#foutoverzicht")).to_have_count(0)
    report = page.locator("section[aria-labelledby='vv-kop']")
    expect(report).to_contain_text("Selin Aydin, haar zus, generalist")
    expect(report).to_contain_text("Urgentie aangevraagd in 2024, afgewezen.")
    axe_check(page, f"71-vraagverheldering-vastgelegd-{width}")
    widths.check(page, f"71-vraagverheldering-vastgelegd-{width}")
    saved = Clarification.objects.get()
    assert saved.domains["financien"]["situatie"].replace("\r\n", "\n") == REPORT["#vv-financien__situatie"]
    assert set(saved.domains) == {"financien", "huisvesting", "huiselijke-relaties"}
    widths.assert_none()


@pytest.mark.parametrize("width", [1280, 375])
def test_safety_assessment_dated_tomorrow_keeps_the_answers(page, live_server, staff, axe_check, width):
    casus, *_ = case_with_goal(staff["generalist"])
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, "generalist")
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")
    form = page.locator("form[action$='/veiligheid/']")
    page.get_by_text("Veiligheid beoordelen").click()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    page.locator("#veiligheid-assessed_on").fill(tomorrow.isoformat())
    answers = {"#veiligheid-worries": "Spanning door schulden; Can verzuimt school.",
               "#veiligheid-going_well": "Moeder zoekt zelf hulp; oma is betrokken.",
               "#veiligheid-must_happen": "Vaste dagstructuur en schuldhulp."}
    for box, text in answers.items():
        page.locator(box).fill(text)
    page.locator("#veiligheid-scale").select_option("6")
    checklist = form.locator("input[type=checkbox]").first
    checklist.check()

    assert posted(page, "/veiligheid/", form.get_by_role("button", name="Vastleggen").click) == 422

    summary = page.locator("#foutoverzicht")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#veiligheid-assessed_on']")).to_contain_text("De datum ligt in de toekomst.")
    expect(page.locator("#veiligheid-assessed_on")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#veiligheid-assessed_on-fout")).to_have_text("De datum ligt in de toekomst.")
    for box, text in answers.items():
        expect(page.locator(box)).to_have_value(text)
    expect(page.locator("#veiligheid-scale")).to_have_value("6")
    expect(form.locator("input[type=checkbox]").first).to_be_checked()
    assert_plain_dutch(summary.inner_text())
    axe_check(page, f"72-veiligheid-fout-{width}")
    widths.check(page, f"72-veiligheid-fout-{width}")
    assert not SafetyAssessment.objects.exists()

    page.locator("#veiligheid-assessed_on").fill(dt.date.today().isoformat())
    assert posted(page, "/veiligheid/", form.get_by_role("button", name="Vastleggen").click) == 302
    expect(page.get_by_text("De veiligheidsbeoordeling is vastgelegd.")).to_be_visible()
    expect(page.locator("#foutoverzicht")).to_have_count(0)
    axe_check(page, f"73-veiligheid-vastgelegd-{width}")
    widths.check(page, f"73-veiligheid-vastgelegd-{width}")
    saved = SafetyAssessment.objects.get()
    assert saved.scale == 6 and saved.must_happen == answers["#veiligheid-must_happen"] and len(saved.checklist) == 1
    widths.assert_none()
