"""A household from triage to an agreed plan and a closure with outcome, as the professionals do it."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from toegang.accounts.models import Gemeente
from toegang.cases.models import Casus
from toegang.core.actor import SYSTEM
from toegang.intake import actions

from ..factories import ResidentFactory
from .test_flows import login, logout

pytestmark = pytest.mark.browser


def test_triage_to_agreed_plan_and_closure(page, live_server, staff, axe_check):
    mother = ResidentFactory(geslachtsnaam="Aydin", voornamen="Selin")
    ResidentFactory(household=mother.household, geslachtsnaam="Aydin", voornamen="Can", geboortedatum=dt.date(2015, 4, 4))
    melding, _ = actions.check_register_melding(
        actor=SYSTEM, gemeente=Gemeente.objects.get(cbs_code="9901"),
        data=actions.MeldingData(question="Schulden, en Can gaat niet naar school", channel="balie", source="zelf",
                                 laws=["jeugdwet", "participatiewet"]), persons=[mother])
    casus = actions.check_triage_melding(actor=SYSTEM, melding=melding, outcome="meervoudig", reason="meerdere vragen").casus

    login(page, live_server, "procesregisseur")
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")
    # a case without a director shows the assignment at the top, open (issue 11 point 2)
    page.locator("#regisseur-medewerker").select_option(str(staff["generalist"].pk))
    page.get_by_role("button", name="Toewijzen").click()
    expect(page.get_by_text("De casusregisseur is gewijzigd.")).to_be_visible()
    logout(page)

    login(page, live_server, "generalist")
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")
    axe_check(page, "20-casus")
    page.get_by_text("Contactmoment vastleggen").click()
    page.locator("#contact-kind").select_option("keukentafelgesprek")
    page.locator("#contact-participants").fill("Selin, generalist")
    page.locator("#contact-summary").fill("Kennismaking aan de keukentafel; schulden en schoolgang besproken.")
    page.locator("form[action$='/contactmoment/'] button").click()
    expect(page.get_by_text("Het contactmoment is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("afgerond op tijd")).to_be_visible()  # first-contact clock stopped

    page.get_by_text("Veiligheid beoordelen").click()
    page.locator("#veiligheid-worries").fill("Spanning door schulden; Can verzuimt school")
    page.locator("#veiligheid-going_well").fill("Moeder zoekt zelf hulp; oma is betrokken")
    page.locator("#veiligheid-must_happen").fill("Vaste dagstructuur en schuldhulp")
    page.locator("#veiligheid-scale").select_option("6")
    page.locator("form[action$='/veiligheid/'] button").click()
    expect(page.get_by_text("De veiligheidsbeoordeling is vastgelegd.")).to_be_visible()
    page.get_by_role("link", name="Naar het plan").click()
    page.get_by_text("Doel toevoegen").first.click()
    page.locator("#doel-domain").select_option("financien")
    page.locator("#doel-description").fill("Schulden op orde")
    page.locator("#doel-desired_result").fill("Een betalingsregeling met alle schuldeisers")
    page.locator("#doel-target_date").fill((dt.date.today() + dt.timedelta(days=90)).isoformat())
    page.locator("form[action$='/plan/doel/'] button").click()
    expect(page.get_by_text("Het doel is toegevoegd (versie 1).")).to_be_visible()
    page.get_by_text("Akkoord van het huishouden vastleggen").click()
    page.locator("#akkoord-by").fill("Selin Aydin")
    page.locator("form[action$='/plan/akkoord/'] button").click()
    expect(page.get_by_text("akkoord", exact=False).first).to_be_visible()
    expect(page.get_by_text("door Selin Aydin")).to_be_visible()
    axe_check(page, "21-plan")
    page.locator("form[action$='/plan/doelstatus/'] select").select_option("bereikt")
    page.locator("form[action$='/plan/doelstatus/'] button").click()
    expect(page.get_by_text("De status is bijgewerkt (versie 3).")).to_be_visible()

    page.get_by_role("link", name=f"Casus {casus.pk}").click()
    page.get_by_text("ZRM-meting vastleggen").click()
    page.locator("#meting-score_financien").select_option("2")
    page.locator("#meting-score_werk-opleiding").select_option("3")
    page.locator("form[action$='/meting/'] button").click()
    expect(page.get_by_text("De meting is vastgelegd")).to_be_visible()
    page.get_by_role("link", name=casus.household.label).first.click()
    expect(page.locator("figure canvas")).to_be_visible()
    axe_check(page, "22-huishouden-zrm")
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")
    page.get_by_text("Casus afsluiten").click()
    page.locator("#afsluiten-reason").select_option("doelen-bereikt")
    page.locator("#afsluiten-household_informed_on").fill(dt.date.today().isoformat())
    page.locator("form[action$='/afsluiten/'] button").click()
    expect(page.get_by_text("De casus is afgesloten.")).to_be_visible()
    casus.refresh_from_db()
    assert casus.status == Casus.Status.AFGESLOTEN and casus.outcome["aandeel_bereikt"] == 1.0
