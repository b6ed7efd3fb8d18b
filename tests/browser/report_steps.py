"""Steps shared by the browser journeys that fill the kitchen-table report (vraagverheldering) on a case page."""

import datetime as dt

from playwright.sync_api import expect

FORM = "form[action$='/vraagverheldering/']"


def posted(page, path: str, click) -> int:
    """Submit with `click` and answer the status of the POST to `path`."""
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(path)) as answer:
        click()
    return answer.value.status


def submit_report(page) -> int:
    return posted(page, "/vraagverheldering/", page.locator(FORM).get_by_role("button", name="Vastleggen").click)


def fill_report_without_participants(page, domains, report: dict) -> None:
    """Open the report, open the life domains and type into their boxes; "Deelnemers" is forgotten."""
    form = page.locator(FORM)
    page.get_by_text("Verslag vraagverheldering vastleggen").click()
    for domain in domains:
        form.locator("summary", has_text=domain).click()
    for box, text in report.items():
        page.locator(box).fill(text)


def expect_refused_with_everything_kept(page, report: dict):
    """After the 422: the summary has the focus and links to the field, the field says what is wrong, every box is as
    typed in an open section. Returns (summary, link, participants) for the rest of the journey."""
    summary = page.locator("#foutoverzicht")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # a screen reader reads what went wrong first
    link = summary.locator("a[href='#vv-participants']")
    expect(link).to_contain_text("Deelnemers")
    participants = page.locator("#vv-participants")
    expect(participants).to_have_attribute("aria-invalid", "true")
    expect(participants).to_have_value("")
    expect(page.locator("#vv-participants-fout")).to_be_visible()
    expect(page.locator("#vv-participants-fout")).not_to_be_empty()
    for box, text in report.items():
        expect(page.locator(box)).to_be_visible()
        expect(page.locator(box)).to_have_value(text)
    expect(page.locator("#vv-held_on")).to_have_value(dt.date.today().isoformat())
    return summary, link, participants
