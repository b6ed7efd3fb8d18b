"""The back office's messages in Chromium (issue 14 item 7): through the menu to "Berichtenverkeer", the JW301 a
granted decision sent, reading in a provider's start message (then the page of the received message with its
answer), a file that is no XML (kept and explained), and no file at all (the error at its field). At 375 and 1280 px,
with screenshots and the WCAG check."""

import pytest
from playwright.sync_api import expect

from toegang.accounts.actors import actor_for_user
from toegang.core.actor import SYSTEM
from toegang.messaging.actions import receive
from toegang.provisions import actions as provision_actions

from ..provisions_support import case_with_goal, data
from ..test_messaging import provider_message
from .test_flows import login, open_menu
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser


@pytest.fixture
def youth_care_assigned(staff, tmp_path, settings):
    """A granted decision for ambulant youth care (45A48, 3 hours a week) in natura: its assignment, whose JW301
    went to the hub's outbox in tmp_path. Shared by the messaging journeys."""
    settings.TOEGANG_BERICHTEN_UIT = tmp_path / "uit"
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    indicatie = provision_actions.check_prepare_indication(actor=actor_for_user(staff["generalist"]), casus=casus,
                                                           new_aanvraag=True, data=data("45A48", child, goal))
    besluit = provision_actions.check_decide(actor=actor_for_user(staff["procesregisseur"]), indicatie=indicatie,
                                             outcome="toegekend", reasons="Dit helpt het gezin.")
    return besluit.indicatie.toewijzingen.get()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_back_office_follows_an_assignment_and_reads_a_start_in(page, live_server, axe_check, width, tmp_path,
                                                                     youth_care_assigned):
    toewijzing = youth_care_assigned
    child = toewijzing.indicatie.client
    start = tmp_path / "start-jw305.xml"
    start.write_bytes(provider_message("JW305", toewijzing))
    junk = tmp_path / "notitie.xml"
    junk.write_bytes(b"Dit is geen bericht")
    at_width(page, width)
    widths = Widths(width)

    login(page, live_server, "backoffice")
    open_menu(page)
    page.get_by_role("navigation").get_by_role("link", name="Berichtenverkeer").click()
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1, name="Berichtenverkeer met aanbieders")).to_be_visible()
    expect(main).to_contain_text("JW301")
    assert child.geslachtsnaam not in main.inner_text()
    assert_plain_dutch(main.inner_text())
    axe_check(page, f"99-messages-{width}")
    widths.check(page, f"99-messages-{width}")

    page.get_by_role("button", name="Inlezen").click()  # no file chosen
    expect(page.get_by_label("Bericht (XML)")).to_have_attribute("aria-invalid", "true")
    widths.check(page, f"99-messages-nofile-{width}")
    page.get_by_label("Bericht (XML)").set_input_files(str(start))
    page.get_by_role("button", name="Inlezen").click()
    expect(main).to_contain_text("Het bericht is ontvangen: ontvangen en verwerkt.")
    expect(main).to_contain_text("Beantwoord met: JW306")
    axe_check(page, f"99-message-{width}")
    widths.check(page, f"99-message-{width}")

    page.get_by_role("link", name="Alle berichten").click()
    page.get_by_label("Bericht (XML)").set_input_files(str(junk))
    page.get_by_role("button", name="Inlezen").click()
    expect(main).to_contain_text("onleesbaar")
    expect(main).to_contain_text("geen geldige XML")
    assert_plain_dutch(main.locator("dl").inner_text())
    widths.check(page, f"99-message-junk-{width}")
    widths.assert_none()
    toewijzing.refresh_from_db()
    assert toewijzing.status == "gestart"


@pytest.mark.parametrize("width", [1280, 375])
def test_the_case_director_hears_that_care_started(page, live_server, staff, axe_check, width, tmp_path, settings):
    """Seed 003 §3.7 (feedback after handover): the provider's start reaches the case director's inbox, and the case's
    timeline says when and with whom care started — in words, dates as dd-mm-jjjj, no codes."""
    settings.TOEGANG_BERICHTEN_UIT = tmp_path / "uit"
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    indicatie = provision_actions.check_prepare_indication(actor=actor_for_user(staff["generalist"]), casus=casus,
                                                           new_aanvraag=True, data=data("45A48", child, goal))
    besluit = provision_actions.check_decide(actor=actor_for_user(staff["procesregisseur"]), indicatie=indicatie,
                                             outcome="toegekend", reasons="Dit helpt het gezin.")
    toewijzing = besluit.indicatie.toewijzingen.get()
    receive(actor=SYSTEM, raw=provider_message("JW305", toewijzing), file_name="start.xml")
    at_width(page, width)
    widths = Widths(width)

    login(page, live_server, "generalist")
    page.goto(f"{live_server.url}/berichten/")
    told = f"{toewijzing.provider.name} is gestart met de zorg bij casus {casus.pk}."
    page.get_by_role("link", name=told).click()
    main = page.locator("main")
    expect(main).to_contain_text("zorg gestart (bericht van de aanbieder)")
    expect(main).to_contain_text(f"{toewijzing.provider.name} · gestart op {toewijzing.start:%d-%m-%Y}")
    expect(main).to_contain_text("zorg toegewezen aan de aanbieder")
    assert_plain_dutch(main.inner_text())
    axe_check(page, f"99-case-feedback-{width}")
    widths.check(page, f"99-case-feedback-{width}")
    widths.assert_none()
