"""The front door as people use it: the desk registers a melding for a known household, sees the open case,
triages it to the team; a team member finds it in the team inbox with the right due date."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from toegang.accounts.models import Gemeente
from toegang.core.actor import SYSTEM
from toegang.deadlines.calendar import Term, due_date
from toegang.intake import actions

from ..factories import ResidentFactory
from .test_flows import login, logout

pytestmark = pytest.mark.browser


def test_desk_to_team_inbox(page, live_server, staff, axe_check):
    mother = ResidentFactory(geslachtsnaam="Kramer", voornamen="Lotte")
    ResidentFactory(household=mother.household, geslachtsnaam="Kramer", voornamen="Mees",
                    geboortedatum=dt.date(2019, 6, 1))
    earlier, _ = actions.check_register_melding(
        actor=SYSTEM, gemeente=Gemeente.objects.get(cbs_code="9901"),
        data=actions.MeldingData(question="Schulden en opvoedvragen", channel="telefoon", source="zelf"),
        persons=[mother])
    actions.check_triage_melding(actor=SYSTEM, melding=earlier, outcome="meervoudig", reason="meerdere vragen")

    login(page, live_server, "balie")
    page.get_by_role("link", name="Nieuwe melding").click()
    page.get_by_label("Zoek op achternaam of BSN").fill("kramer")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Lotte Kramer").click()
    expect(page.locator("#open-casus")).to_contain_text("Sociaal team Noord-Zuid")
    axe_check(page, "10-melding-bekend")
    page.get_by_label("Vraag in de eigen woorden van de inwoner").fill("Lotte kan de boodschappen niet meer zelf doen")
    page.get_by_label("Wmo 2015").check()
    page.get_by_label("basale ADL").check()
    page.get_by_role("button", name="Melding registreren").click()
    expect(page.get_by_text("is geregistreerd")).to_be_visible()
    axe_check(page, "11-melding")

    page.get_by_label("Uitkomst").select_option("meervoudig")
    page.locator("#triage-reason").fill("hoort bij de lopende casus")
    page.get_by_role("button", name="Triage vastleggen").click()
    expect(page.get_by_text("toegevoegd aan de open casus")).to_be_visible()
    melding_url = page.url
    logout(page)

    login(page, live_server, "generalist")
    page.get_by_role("link", name="Werkbak").click()
    expected_due = due_date(timezone.localdate(), Term(6, "w")).strftime("%d-%m-%Y")
    row = page.locator("tr", has=page.locator(f'a[href="{melding_url.replace(live_server.url, "")}"]'))
    expect(row).to_contain_text("Huishouden")
    expect(row).to_contain_text(expected_due)
    expect(row).to_contain_text("op tijd")
    axe_check(page, "12-werkbak")
    row.get_by_role("link").click()
    page.get_by_role("button", name="Zelf oppakken").click()
    expect(page.get_by_text("U behandelt deze melding.")).to_be_visible()


def test_partner_refers_and_sees_feedback(page, live_server, staff, axe_check):
    login(page, live_server, "partner")
    page.get_by_role("link", name="Verwijzen").click()
    axe_check(page, "13-aanmelden")
    page.get_by_label("Naam van de inwoner").fill("Daan Smit")
    page.get_by_label("Waarom verwijst u de inwoner?").fill("Daan verzuimt veel en lijkt onrustig thuis")
    page.get_by_role("button", name="Verwijzen").click()
    expect(page.get_by_text("Uw verwijzing is ontvangen")).to_be_visible()
    expect(page.get_by_role("cell", name="ontvangen")).to_be_visible()
    axe_check(page, "14-mijn-aanmeldingen")
