"""Issue 9 ("Trust") as the people who meet it walk it, on a desktop (1280 px) and a phone (375 px): a contact
moment dated 01-01-0001 is refused in Dutch, an HTML file named .pdf is refused and a real PDF is listed, the privacy
officer sees who looked and how the audit trail stands, and a bad filter value gives the Dutch error page."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from ..document_samples import HTML, pdf_bytes
from ..factories import ResidentFactory
from ..provisions_support import case_with_goal
from .test_flows import login, logout, open_menu

pytestmark = pytest.mark.browser

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# What a user should never read: a stack trace, an exception class, an internal error code.
INTERNAL = ("Traceback", "ValidationFailed", "DocumentRefused", "DomainError", "document-geweigerd", "Exception")


def at_width(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})


class SidewaysScroll(AssertionError):
    """The page is wider than the screen: the user must scroll sideways to read it."""


class Widths:
    """Collects sideways scrolling over a journey and reports it at the end, so the rest of the journey (the Dutch
    messages) is still asserted when a page is too wide."""

    def __init__(self, width: int):
        self.width = width
        self.too_wide: list[str] = []

    def check(self, page, name: str) -> None:
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        if scroll_width > self.width:
            self.too_wide.append(f"{name}: {scroll_width} px wide, because of {self.culprits(page)}")

    def culprits(self, page) -> list[str]:
        """The innermost elements wider than the screen once the page grid no longer stretches with them."""
        return page.evaluate("""width => {
            const body = document.body, display = body.style.display;
            body.style.display = 'block';
            const found = [...body.querySelectorAll('*')]
              .filter(e => e.getBoundingClientRect().right > width + 1
                           && ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
              .slice(0, 4).map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> "${
                                     (e.innerText || '').trim().slice(0, 40)}"`);
            body.style.display = display;
            return found;
        }""", self.width)

    def assert_none(self) -> None:
        if self.too_wide:
            raise SidewaysScroll(f"scrolls sideways at {self.width} px: " + "; ".join(self.too_wide))


def assert_plain_dutch(text: str) -> None:
    assert not ISO_DATE.search(text), f"an ISO date on screen: {text!r}"
    for word in INTERNAL:
        assert word not in text, f"{word!r} on screen: {text!r}"


def error_alert(page):
    return page.locator(".utrecht-alert--error")


@pytest.mark.parametrize("width", [1280, 375])
def test_generalist_cannot_date_a_contact_moment_01_01_0001(page, live_server, staff, axe_check, width):
    casus, *_ = case_with_goal(staff["generalist"])
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, "generalist")
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")
    page.get_by_text("Contactmoment vastleggen").click()
    page.locator("#contact-at").fill("0001-01-01T10:00")
    page.locator("#contact-kind").select_option("keukentafelgesprek")
    page.locator("#contact-participants").fill("moeder, generalist")
    page.locator("#contact-summary").fill("Kennismaking aan de keukentafel.")
    page.locator("form[action$='/contactmoment/'] button").click()

    alert = error_alert(page)
    expect(alert).to_contain_text("Het contactmoment 01-01-0001 kan niet kloppen")
    expect(alert).to_contain_text("de vroegste datum die Toegang aanneemt")
    assert_plain_dutch(alert.inner_text())
    axe_check(page, f"40-contactmoment-0001-{width}")
    widths.check(page, f"40-contactmoment-0001-{width}")
    assert not casus.contact_moments.exists()

    # the form came back open with everything typed: only the moment needs correcting
    expect(page.locator("#contact-at")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#contact-participants")).to_have_value("moeder, generalist")
    expect(page.locator("#contact-summary")).to_have_value("Kennismaking aan de keukentafel.")
    page.locator("#contact-at").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.locator("form[action$='/contactmoment/'] button").click()
    expect(page.get_by_text("Het contactmoment is vastgelegd.")).to_be_visible()
    expect(error_alert(page)).to_have_count(0)
    assert casus.contact_moments.count() == 1
    axe_check(page, f"41-contactmoment-goed-{width}")
    widths.check(page, f"41-contactmoment-goed-{width}")
    widths.assert_none()


@pytest.mark.parametrize("width", [1280, 375])
def test_generalist_uploads_html_named_pdf_then_a_real_pdf(page, live_server, staff, axe_check, width):
    casus, *_ = case_with_goal(staff["generalist"])
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, "generalist")
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")

    def upload(title: str, name: str, content: bytes) -> None:
        if not page.locator("#document-title").is_visible():  # after a refusal the form is still open
            page.get_by_text("Document toevoegen").click()
        page.locator("#document-kind").select_option(index=0)
        page.locator("#document-title").fill(title)
        page.locator("#document-file").set_input_files({"name": name, "mimeType": "application/pdf", "buffer": content})
        page.locator("form[action$='/documenten/'] button").click()

    upload("Verslag school", "verslag-school.pdf", HTML)
    alert = error_alert(page)
    expect(alert).to_contain_text("Dit bestand is geen echte PDF, PNG, JPEG of Word-bestand")
    assert_plain_dutch(alert.inner_text())
    expect(page.get_by_role("link", name="Verslag school")).to_have_count(0)
    expect(page.locator("#document-title")).to_have_value("Verslag school")  # only the file must be chosen again
    axe_check(page, f"42-upload-html-als-pdf-{width}")
    widths.check(page, f"42-upload-html-als-pdf-{width}")
    assert not casus.documents.exists()

    upload("Verslag keukentafel", "verslag-keukentafel.pdf", pdf_bytes())
    expect(page.get_by_text("Het document is toegevoegd.")).to_be_visible()
    expect(page.get_by_role("link", name="Verslag keukentafel")).to_be_visible()
    expect(error_alert(page)).to_have_count(0)
    assert casus.documents.get().content_type == "application/pdf"
    axe_check(page, f"43-upload-pdf-{width}")
    widths.check(page, f"43-upload-pdf-{width}")
    widths.assert_none()


@pytest.mark.parametrize("width", [1280, 375])
def test_privacy_officer_sees_who_looked_and_how_the_trail_stands(page, live_server, staff, axe_check, width,
                                                                   settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    resident = ResidentFactory(geslachtsnaam="Visser", voornamen="Ilse")
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, "balie")
    page.goto(f"{live_server.url}/inwoners/{resident.pk}/")
    expect(page.get_by_role("heading", level=1, name="Ilse Visser")).to_be_visible()
    logout(page)

    login(page, live_server, "privacy")
    open_menu(page)
    page.get_by_role("link", name="Inzagelog").click()
    status = page.locator("section[aria-labelledby='auditstatus']")
    expect(status).to_contain_text("Nog nooit gecontroleerd")
    expect(status).to_contain_text("Nog geen checkpoint")

    call_command("audit", "checkpoint")
    call_command("audit", "verify")
    page.get_by_label("BSN").fill(resident.bsn)  # searched by BSN, never by an internal number
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("Ilse Visser"))).to_be_visible()
    looked = page.get_by_role("row").filter(has_text="inwoner bekijken")
    expect(looked.first).to_be_visible()
    expect(looked.first).to_contain_text(timezone.localdate().strftime("%d-%m-%Y"))
    # who looked, by name and role name: never a login name or a role code
    expect(looked.first).to_contain_text(staff["balie"].get_full_name())
    assert "balie" not in looked.first.inner_text(), looked.first.inner_text()
    expect(status).to_contain_text("keten intact")
    expect(status).to_contain_text("inzagelog verzegeld t/m regel")
    # the status is in words with dd-mm-jjjj dates; no hash or key fingerprint is shown
    status_text = status.inner_text()
    assert not ISO_DATE.search(status_text), status_text
    assert not re.search(r"[0-9a-f]{32,}", status_text), status_text
    axe_check(page, f"44-inzagelog-status-{width}")
    widths.check(page, f"44-inzagelog-status-{width}")
    widths.assert_none()


@pytest.mark.parametrize("width", [1280, 375])
def test_bad_filter_value_gives_the_dutch_error_page_with_a_way_back(page, live_server, staff, axe_check, width):
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, "teamleider")
    response = page.goto(f"{live_server.url}/werkbak/?urgentie=AAA")
    assert response.status == 400
    expect(page.get_by_role("heading", level=1, name="Ongeldige invoer")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Onbekende urgentie 'AAA'.")
    assert_plain_dutch(main.inner_text())
    axe_check(page, f"45-werkbak-urgentie-AAA-{width}")
    widths.check(page, f"45-werkbak-urgentie-AAA-{width}")
    page.get_by_role("link", name="Terug naar Mijn werk").click()
    expect(page.get_by_role("heading", level=1, name="Mijn werk")).to_be_visible()
    widths.assert_none()
