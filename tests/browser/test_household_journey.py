"""A family at the front desk (issue 11, point 1), on a desktop (1280 px) and a phone (375 px): the balie registers
a mother, then her two children at the same address: one from the household page, one by typing the address again,
where Toegang asks whether the child joins the household living there (offered first) instead of starting a second
household. The balie records that the mother is the parent and who holds gezag over each child; the household page
shows it all in words, without codes, and fits the screen."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from toegang.persons.models import Gezag, Household, HouseholdMembership, Resident

from ..factories import valid_bsn
from .test_flows import login
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser

ADDRESS = {"Postcode": "9902 AB", "Huisnummer": "88", "Straat": "Berkenlaan", "Woonplaats": "Demodam"}
TODAY = dt.date.today()
FIRST_BORN = TODAY.replace(year=TODAY.year - 9, day=1)
SECOND_BORN = TODAY.replace(year=TODAY.year - 3, day=1)


def to_menu(page, name: str) -> None:
    """A link of the main menu; on a phone the menu first unfolds behind its button."""
    button = page.locator(".toegang-menu-button")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name).click()


def fill_person(page, voornamen: str, born: dt.date, bsn: str, geslacht: str) -> None:
    page.get_by_label("BSN").fill(bsn)
    page.get_by_label("Voornamen").fill(voornamen)
    page.get_by_label("Geslachtsnaam").fill("Aydin")
    page.get_by_label("Geboortedatum").fill(born.isoformat())
    page.get_by_label("Geslacht", exact=True).select_option(label=geslacht)


def check(page, widths: Widths, axe_check, name: str) -> None:
    axe_check(page, name)
    widths.check(page, name)
    assert_plain_dutch(page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body"))


@pytest.mark.parametrize("width", [1280, 375])
def test_balie_registers_a_mother_and_two_children_into_one_household_with_gezag(page, live_server, staff, axe_check,
                                                                                width):
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, "balie")

    # the mother: a new household at her address
    to_menu(page, "Inwoner registreren")
    fill_person(page, "Selin", dt.date(1988, 4, 4), valid_bsn(801 + width), "Vrouwelijk")
    for label, value in ADDRESS.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_text("Selin Aydin is geregistreerd.")).to_be_visible()
    household = Household.objects.get()
    assert page.url.endswith(f"/huishoudens/{household.pk}/")

    # the first child, from the household page: address filled in, this household chosen
    page.get_by_role("link", name="Nieuwe inwoner registreren in dit huishouden").click()
    expect(page.get_by_label("Huisnummer")).to_have_value("88")
    expect(page.get_by_label("Ja, bij Huishouden Aydin (Selin Aydin)")).to_be_checked()
    check(page, widths, axe_check, f"80-kind-registreren-vanuit-huishouden-{width}")
    fill_person(page, "Can", FIRST_BORN, valid_bsn(811 + width), "Mannelijk")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_text("Can Aydin is geregistreerd in Huishouden Aydin.")).to_be_visible()

    # the second child, by typing the address again: Toegang asks, the household living there chosen first
    to_menu(page, "Inwoner registreren")
    fill_person(page, "Mira", SECOND_BORN, valid_bsn(821 + width), "Vrouwelijk")
    for label, value in ADDRESS.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Registreren").click()
    summary = page.locator("#foutoverzicht")
    expect(summary).to_contain_text("Op dit adres woont al een huishouden. Kies of de inwoner daarbij hoort")
    expect(page.get_by_text("Op dit adres woont al een huishouden. Hoort de inwoner daarbij?")).to_be_visible()
    choice = page.get_by_label("Ja, bij Huishouden Aydin (Selin Aydin, Can Aydin)")
    expect(choice).to_be_checked()
    expect(page.get_by_label("Nee, de inwoner begint een nieuw huishouden op dit adres")).not_to_be_checked()
    expect(page.get_by_label("Voornamen")).to_have_value("Mira")
    check(page, widths, axe_check, f"81-adres-bekend-vraag-{width}")
    assert Resident.objects.count() == 2
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_text("Mira Aydin is geregistreerd in Huishouden Aydin.")).to_be_visible()
    assert Household.objects.count() == 1
    assert HouseholdMembership.objects.filter(household=household, valid_until__isnull=True).count() == 3

    # the mother is the children's parent (by name, never the code)
    mother, can, mira = (Resident.objects.get(voornamen=name) for name in ("Selin", "Can", "Mira"))
    for child in (can, mira):
        page.get_by_text("Relatie vastleggen", exact=True).first.click()
        page.locator("#relatie-person").select_option(label="Selin Aydin (04-04-1988)")
        page.locator("#relatie-kind").select_option(label="Ouder")
        page.locator("#relatie-resident").select_option(label=f"{child.full_name} ({child.geboortedatum:%d-%m-%Y})")
        page.locator("form[action$='/relaties/'] button").click()
        expect(page.get_by_text("De relatie is vastgelegd.")).to_be_visible()
    relations = page.locator("section[aria-labelledby='relaties-kop']")
    expect(relations).to_contain_text("Selin Aydin is ouder van Can Aydin")
    expect(relations).to_contain_text("Selin Aydin is ouder van Mira Aydin")
    expect(relations).not_to_contain_text("zoon/dochter")  # a relation and its mirror are shown once

    # gezag: both parents for Can (the father lives elsewhere, not registered), the mother alone for Mira
    gezag = page.locator("section[aria-labelledby='gezag-kop']")
    expect(gezag).to_contain_text("gezag niet vastgelegd")
    for child, second, source in ((can, "Jan de Vries", "gezagsregister"), (mira, "", "verklaring van de moeder")):
        page.get_by_text("Gezag vastleggen", exact=True).first.click()
        page.locator("#gezag-minor").select_option(label=f"{child.full_name} ({child.geboortedatum:%d-%m-%Y})")
        page.locator("#gezag-soort").select_option(label="Ouderlijk gezag")
        page.locator("#gezag-holder").select_option(label="Selin Aydin")
        if second:
            page.locator("#gezag-second_holder").select_option(label="Iemand anders: vul de naam in")
            page.locator("#gezag-second_holder_name").fill(second)
        page.locator("#gezag-valid_from").fill(child.geboortedatum.isoformat())
        page.locator("#gezag-bron").fill(source)
        if child == mira:  # first as joint gezag of a parent and a non-parent, with one holder: refused at the field
            page.locator("#gezag-soort").select_option(label="Gezag ouder en niet-ouder")
            page.locator("form[action$='/gezag/'] button").click()
            expect(page.locator("#gezag-second_holder-fout")).to_have_text(
                "Gezamenlijk gezag heeft twee gezagsdragers: vul ook de tweede in.")
            expect(page.locator("#foutoverzicht")).to_be_focused()
            expect(page.locator("#gezag-bron")).to_have_value(source)  # what was typed stays
            page.locator("#gezag-second_holder").scroll_into_view_if_needed()
            check(page, widths, axe_check, f"83-gezag-fout-{width}")
            page.locator("#gezag-soort").select_option(label="Ouderlijk gezag")
        page.locator("form[action$='/gezag/'] button").click()
        expect(page.get_by_text("Het gezag is vastgelegd.")).to_be_visible()

    expect(gezag).to_contain_text(f"Ouderlijk gezag: Selin Aydin en Jan de Vries, sinds {FIRST_BORN:%d-%m-%Y}")
    expect(gezag).to_contain_text(f"Ouderlijk gezag: Selin Aydin, sinds {SECOND_BORN:%d-%m-%Y}")
    expect(gezag).not_to_contain_text("gezag niet vastgelegd")
    gezag.scroll_into_view_if_needed()
    check(page, widths, axe_check, f"82-huishouden-met-gezag-{width}")
    assert Gezag.objects.filter(valid_until__isnull=True).count() == 2
    widths.assert_none()
