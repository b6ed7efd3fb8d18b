"""The main flows as a user walks them, with an accessibility check (axe, WCAG 2.1 AA) on every main page."""

import re

import pytest
from playwright.sync_api import expect

from ..factories import ResidentFactory

pytestmark = pytest.mark.browser


def login(page, live_server, username):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1, name="Mijn werk")).to_be_visible()


def open_menu(page):
    """On a phone the menu (and Uitloggen) is folded behind the Menu button: open it when it shows."""
    page.wait_for_load_state("domcontentloaded")  # toegang.js shows the button when the page has loaded
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") == "false":
        menu.click()


def go_to(page, name: str):
    """Follow an item of the main menu: open the folded menu on a phone, and "Inzicht" when the item is one of the
    steering pages behind it."""
    open_menu(page)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    link = nav.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        nav.get_by_text("Inzicht", exact=True).click()
    link.click()


def logout(page):
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()


def test_login_search_open_household_accessible(page, live_server, staff, axe_check):
    resident = ResidentFactory(geslachtsnaam="Bloemendaal", voornamen="Fenna")
    ResidentFactory(household=resident.household, geslachtsnaam="Bloemendaal", voornamen="Joris")

    page.goto(f"{live_server.url}/inloggen/")
    axe_check(page, "01-inloggen")
    login(page, live_server, "balie")
    axe_check(page, "02-mijn-werk")

    page.get_by_role("link", name="Zoeken").click()
    page.get_by_label("Achternaam (begin)").fill("bloem")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("link", name="Fenna Bloemendaal")).to_be_visible()
    expect(page).to_have_url(re.compile(r"naam=bloem"))  # htmx pushed the search into the address bar
    axe_check(page, "03-zoeken")

    page.get_by_role("link", name="Huishouden Test").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huishouden")
    expect(page.get_by_role("link", name="Joris Bloemendaal")).to_be_visible()
    expect(page.get_by_text("Adresgeschiedenis")).to_be_visible()
    axe_check(page, "04-huishouden")

    page.get_by_role("link", name="Fenna Bloemendaal").click()
    expect(page.get_by_role("heading", level=1, name="Fenna Bloemendaal")).to_be_visible()
    axe_check(page, "05-inwoner")


def test_register_with_invalid_bsn_then_fix_it(page, live_server, staff, axe_check):
    login(page, live_server, "balie")
    page.get_by_role("link", name="Inwoner registreren").click()
    axe_check(page, "06-registreren")
    page.get_by_label("Voornamen").fill("Noor")
    page.get_by_label("Geslachtsnaam").fill("Hendriks")
    page.get_by_label("BSN").fill("123456789")
    page.get_by_label("Geboortedatum").fill("1991-04-12")
    page.get_by_label("Postcode").fill("9902 AB")
    page.get_by_label("Huisnummer").fill("8")
    page.get_by_role("button", name="Registreren").click()
    # the message at the field, and a link to the field in the error summary at the top
    expect(page.locator(".utrecht-form-field-error-message", has_text="BSN voldoet niet aan de elfproef.")).to_be_visible()
    expect(page.locator("#foutoverzicht a", has_text="BSN voldoet niet aan de elfproef.")).to_be_visible()
    expect(page.get_by_label("Geslachtsnaam")).to_have_value("Hendriks")
    axe_check(page, "07-registreren-fout")
    page.get_by_label("BSN").fill("999990019")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_role("heading", level=1, name="Huishouden Hendriks")).to_be_visible()
    expect(page.get_by_text("Noor Hendriks is geregistreerd.")).to_be_visible()


def test_privacy_officer_sees_the_access(page, live_server, staff, axe_check):
    resident = ResidentFactory(geslachtsnaam="Kuipers")
    login(page, live_server, "balie")
    page.goto(f"{live_server.url}/inwoners/{resident.pk}/")
    logout(page)
    login(page, live_server, "privacy")
    page.get_by_role("link", name="Inzagelog").click()
    page.get_by_label("BSN").fill(resident.bsn)
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("cell", name="inwoner bekijken").first).to_be_visible()
    axe_check(page, "08-inzagelog")


def test_english_can_be_chosen(page, live_server, staff):
    login(page, live_server, "balie")
    page.get_by_label("Taal").select_option("en")
    expect(page.get_by_role("heading", level=1, name="My work")).to_be_visible()
