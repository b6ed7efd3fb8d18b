"""The pages work under the Content-Security-Policy (issue 13, item 5; docs/security.md): Chromium refuses nothing.

A refused inline script, style, event handler or eval shows only as a console message ("Refused to ... because it
violates the following Content Security Policy directive"); the other browser tests would miss it. Here the process
director walks Mijn werk, the Procesregie list (an htmx filter), a case, a household, a decision and its letter (PDF),
the language selector (a script listener instead of onchange) and the API docs (Swagger UI), and every console
message is read."""

import re

import pytest
from playwright.sync_api import expect

from toegang.provisions import actions as provision_actions

from ..provisions_support import case_with_goal, data
from .test_flows import login, open_menu

pytestmark = pytest.mark.browser

REFUSALS = re.compile(r"Content Security Policy|Refused to|violates the following|Permissions[- ]Policy", re.IGNORECASE)


@pytest.fixture
def console(page):
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    return messages


def assert_nothing_refused(console, where: str):
    refused = [message for message in console if REFUSALS.search(message)]
    assert not refused, f"{where}: " + "\n".join(refused)


def test_pages_run_under_the_content_security_policy(page, live_server, staff, actor_of, console):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    indicatie = provision_actions.check_prepare_indication(actor=actor_of(staff["generalist"]), casus=casus,
                                                           new_aanvraag=True, data=data("45A48", child, goal))
    besluit = provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                             outcome="toegekend", reasons="Dit helpt het gezin.")

    login(page, live_server, "procesregisseur")
    response = page.goto(f"{live_server.url}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", level=1, name="Mijn werk")).to_be_visible()
    assert_nothing_refused(console, "Mijn werk")

    open_menu(page)
    page.get_by_role("link", name="Procesregie").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("aandacht")
    with page.expect_response(lambda answer: "/procesregie/" in answer.url and answer.request.headers.get("hx-request")):
        page.locator("#mijn").select_option("1")  # htmx swaps the list
    expect(page).to_have_url(re.compile(r"mijn=1"))
    assert_nothing_refused(console, "Procesregie")

    for url, heading in ((f"/casussen/{casus.pk}/", "Casus"), (f"/huishoudens/{casus.household_id}/", "Huishouden"),
                         (f"/besluiten/{besluit.pk}/", "Besluit")):
        page.goto(f"{live_server.url}{url}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_nothing_refused(console, url)

    letter = page.goto(f"{live_server.url}/besluiten/{besluit.pk}/brief.pdf")  # Chromium's PDF viewer
    assert letter.status == 200 and letter.headers["content-type"] == "application/pdf"
    page.wait_for_timeout(500)  # the viewer loads after the response
    assert_nothing_refused(console, "the decision letter")

    page.goto(f"{live_server.url}/")
    open_menu(page)
    page.get_by_label("Taal").select_option("en")  # a listener in toegang.js submits the form
    expect(page.locator("html")).to_have_attribute("lang", "en")
    open_menu(page)
    page.get_by_label("Language").select_option("nl")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert_nothing_refused(console, "the language selector")

    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Toegang API")  # the start script ran
    expect(page.locator(".opblock").first).to_be_visible()  # and it read the schema
    assert_nothing_refused(console, "the API docs")
