"""Staff administration in Chromium (issue 13, item 3), as the functional administrator (demo login `beheer`) walks
it, at 375 and 1280 px with screenshots and the WCAG check: the staff list, a new staff member (a wrong e-mail
address refused at its field with everything typed kept), a role and a team granted, the new colleague logs in, and
then the account is deactivated — the colleague's open session stops at the next click."""

import pytest
from playwright.sync_api import expect

from toegang.accounts.models import Medewerker, Organisatie
from toegang.audit.models import ChangeLog

from .test_flows import login, open_menu
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser

PASSWORD = "Kastanje-Fiets-Regen-27"


@pytest.mark.parametrize("width", [1280, 375])
def test_the_functional_administrator_creates_grants_and_deactivates(page, browser, live_server, staff, axe_check,
                                                                    width):
    at_width(page, width)
    widths = Widths(width)

    def shown(step, on=page):
        text = on.locator("main").inner_text()
        assert_plain_dutch(text)
        axe_check(on, f"97-{step}-{width}")
        widths.check(on, f"97-{step}-{width}")

    login(page, live_server, "beheer")
    open_menu(page)
    page.get_by_role("link", name="Medewerkers", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Medewerkers")).to_be_visible()
    expect(page.get_by_role("link", name=staff["generalist"].get_full_name())).to_be_visible()
    shown("list")

    # a new colleague: a wrong e-mail address is refused at its field, what was typed stays (the password not)
    page.get_by_role("link", name="Nieuwe medewerker").click()
    page.get_by_label("Gebruikersnaam").fill("nina.nieuw")
    page.get_by_label("Naam", exact=True).fill("Nina de Nieuwe")
    page.get_by_label("E-mailadres (optioneel)").fill("nina@")
    page.get_by_label("Functie (optioneel)").fill("Baliemedewerker")
    page.get_by_label("Organisatie").select_option(label="Gemeente Demodam")
    page.get_by_label("Wachtwoord (optioneel)").fill(PASSWORD)
    page.get_by_role("button", name="Medewerker aanmaken").click()
    email = page.get_by_label("E-mailadres (optioneel)")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_value("nina@")
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Nina de Nieuwe")
    expect(page.get_by_label("Organisatie")).to_have_value(str(Organisatie.objects.get(code="gemeente-demodam").pk))
    expect(page.get_by_label("Wachtwoord (optioneel)")).to_have_value("")
    expect(page.locator("main")).to_contain_text("Typ het wachtwoord opnieuw")
    shown("new-refused")
    email.fill("nina@demodam.example")
    page.get_by_label("Wachtwoord (optioneel)").fill(PASSWORD)
    page.get_by_role("button", name="Medewerker aanmaken").click()
    expect(page.get_by_role("heading", level=1, name="Nina de Nieuwe")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Nina de Nieuwe is aangemaakt.")
    expect(page.get_by_label("Gebruikersnaam (om in te loggen)")).to_have_value("nina.nieuw")
    shown("created")

    # a role in Demodam (only the roles the profile lets beheer grant are offered) and a team
    options = page.get_by_label("Rol", exact=True).locator("option").all_inner_texts()
    assert "Privacy officer (FG)" not in options and "Functioneel beheer" not in options
    page.get_by_label("Rol", exact=True).select_option(label="Baliemedewerker")
    page.get_by_role("button", name="Rol toekennen").click()
    expect(page.locator("main")).to_contain_text("Nina de Nieuwe heeft nu de rol ‘Baliemedewerker’ in Demodam.")
    page.get_by_label("Team", exact=True).select_option(label="Balie Zorg en Welzijn Demodam")
    page.get_by_role("button", name="Aan team toevoegen").click()
    expect(page.locator("main")).to_contain_text("Nina de Nieuwe is toegevoegd aan Balie Zorg en Welzijn Demodam.")
    expect(page.locator("#rollen table")).to_contain_text("Baliemedewerker")
    expect(page.locator("#teams table")).to_contain_text("Balie Zorg en Welzijn Demodam")
    shown("granted")

    # the new colleague logs in and works
    colleague = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900}).new_page()
    colleague.goto(f"{live_server.url}/inloggen/")
    colleague.get_by_label("Gebruikersnaam").fill("nina.nieuw")
    colleague.get_by_label("Wachtwoord").fill(PASSWORD)
    colleague.get_by_role("button", name="Inloggen").click()
    expect(colleague.get_by_role("heading", level=1, name="Mijn werk")).to_be_visible()

    # the account is deactivated: a reason is asked; then the colleague's open session stops at the next click
    page.get_by_role("button", name="Account deactiveren").click()
    reason = page.get_by_label("Reden", exact=True)
    expect(reason).to_have_attribute("aria-invalid", "true")
    reason.fill("Uit dienst")
    page.get_by_role("button", name="Account deactiveren").click()
    expect(page.locator("main")).to_contain_text("Het account van Nina de Nieuwe is gedeactiveerd")
    expect(page.get_by_role("button", name="Account weer activeren")).to_be_visible()
    shown("deactivated")
    colleague.reload()
    expect(colleague.get_by_label("Gebruikersnaam")).to_be_visible()  # the login page: the session is gone
    colleague.context.close()

    # the list: no longer among the active staff, found among the deactivated
    page.goto(f"{live_server.url}/medewerkers/?zoek=nina")
    expect(page.locator("main")).to_contain_text("Geen medewerker gevonden.")
    page.get_by_label("Tonen").select_option(label="gedeactiveerde medewerkers")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("link", name="Nina de Nieuwe")).to_be_visible()
    shown("list-deactivated")

    nina = Medewerker.objects.get(username="nina.nieuw")
    assert not nina.is_active
    assert list(ChangeLog.objects.filter(object_id=str(nina.pk), object_type="accounts.medewerker")
                .order_by("seq").values_list("event", flat=True)) == [
        "medewerker.aangemaakt", "medewerker.rol_toegekend", "medewerker.team_toegevoegd", "medewerker.gedeactiveerd"]
    widths.assert_none()
