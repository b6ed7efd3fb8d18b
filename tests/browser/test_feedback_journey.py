"""A complaint walked as the team lead handles it (feedback/, docs/feedback.md): on the case page she opens
"Klachten en tevredenheid" (fetched as it opens), registers a complaint with a date in the future (a Dutch error at
the field, everything typed kept), corrects it and reads the complaint with its due date; she concludes the
gemeente's own handling and forwards it to the ombudsman. At 1280 px and at 375 px, with an accessibility check."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from toegang.feedback.models import Complaint

from ..provisions_support import case_with_goal
from .test_flows import login
from .test_trust_flow import Widths, assert_plain_dutch, at_width, error_alert

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_team_lead_registers_concludes_and_forwards_a_complaint(page, live_server, staff, axe_check, width):
    casus, *_ = case_with_goal(staff["generalist"])
    today = dt.date.today()
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, "teamleider")
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")
    page.get_by_text("Klachten en tevredenheid", exact=True).click()
    section = page.locator("#klachten")
    expect(section.get_by_text("Geen klachten over deze casus.")).to_be_visible()
    section.get_by_text("Klacht registreren", exact=True).first.click()
    about = "Mevrouw is na het keukentafelgesprek drie keer niet teruggebeld."
    page.locator("#klacht-about").fill(about)
    page.locator("#klacht-received_on").fill((today + dt.timedelta(days=5)).isoformat())
    page.locator("form[action$='/klachten/nieuw/'] button").click()

    # the page of its own, the form open with what was typed and the reason at the field
    expect(page.locator("#klacht-received_on-fout")).to_contain_text("De ontvangstdatum")
    expect(page.locator("#klacht-about")).to_have_value(about)
    assert_plain_dutch(error_alert(page).inner_text())
    axe_check(page, f"90-klacht-fout-{width}")
    widths.check(page, f"90-klacht-fout-{width}")
    assert not Complaint.objects.exists()

    page.locator("#klacht-received_on").fill(today.isoformat())
    page.locator("form[action$='/klachten/nieuw/'] button").click()
    expect(page.get_by_text("De klacht is geregistreerd")).to_be_visible()
    complaint = Complaint.objects.get()
    due = complaint.handlings.get().clock.due_on
    card = page.locator(f"#klacht-{complaint.pk}")
    expect(card).to_contain_text(about)
    expect(card).to_contain_text(f"uiterlijk {due.strftime('%d-%m-%Y')}")
    assert_plain_dutch(page.locator("main").inner_text())
    axe_check(page, f"91-klacht-geregistreerd-{width}")
    widths.check(page, f"91-klacht-geregistreerd-{width}")

    card.get_by_text("Afhandeling vastleggen (Klachtbehandeling door de gemeente)").click()
    card.get_by_label("ongegrond").check()
    card.get_by_label("Toelichting").fill("Wel teruggebeld op de afgesproken dag.")
    card.get_by_role("button", name="Afhandeling vastleggen").click()
    expect(page.get_by_text("De afhandeling van de klacht is vastgelegd")).to_be_visible()
    card = page.locator(f"#klacht-{complaint.pk}")
    expect(card).to_contain_text(f"Afgehandeld op {today.strftime('%d-%m-%Y')}: ongegrond.")

    card.get_by_text("Doorzetten naar Nationale ombudsman").click()
    card.get_by_label("Waarom gaat de inwoner verder met de klacht?").fill("Mevrouw is het er niet mee eens.")
    card.get_by_role("button", name="Doorzetten").click()
    expect(page.get_by_text("De klacht is doorgezet")).to_be_visible()
    expect(page.locator(f"#klacht-{complaint.pk}")).to_contain_text("Afhandeling vastleggen (Nationale ombudsman)")
    assert_plain_dutch(page.locator("main").inner_text())
    axe_check(page, f"92-klacht-doorgezet-{width}")
    widths.check(page, f"92-klacht-doorgezet-{width}")
    complaint.refresh_from_db()
    assert complaint.stage == 2
    widths.assert_none()
