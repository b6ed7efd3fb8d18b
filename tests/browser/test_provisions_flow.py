"""From the plan to a decision letter, as the professionals do it: the case director prepares an indication from
the plan, the process director decides, the letter PDF opens, reads correctly and is rendered to an image in
test-output/screenshots/ to be looked at."""

import datetime as dt
import io

import pytest
from playwright.sync_api import expect

from toegang.provisions.models import Besluit, Product

from ..provisions_support import case_with_goal, pdf_text
from .conftest import SCREENSHOTS
from .test_flows import go_to, login, logout

pytestmark = pytest.mark.browser


def test_case_director_prepares_process_director_decides_letter_reads(page, live_server, staff, axe_check):
    casus, mother, child, goal = case_with_goal(staff["generalist"])

    login(page, live_server, "generalist")
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")
    page.get_by_role("link", name="Voorzieningen en besluiten").click()
    expect(page.get_by_role("heading", name="Indicatie voorstellen vanuit het plan")).to_be_visible()
    axe_check(page, "30-voorzieningen-casus")
    page.locator("#ind-client").select_option(str(child.pk))
    page.locator("#ind-product").select_option(str(Product.objects.get(code="45A48").pk))
    page.locator("#ind-volume").fill("200")
    page.locator("#ind-start").fill(dt.date.today().isoformat())
    page.locator("#ind-end").fill((dt.date.today() + dt.timedelta(days=181)).isoformat())
    page.get_by_label("zorg in natura (ZIN)").check()
    page.locator("#ind-provider").select_option(label="Jeugdhulp Demoregio B.V.")
    page.get_by_label("Rust en structuur thuis").check()
    page.locator("#ind-motivation").fill("Moeder loopt vast in de opvoeding; ambulante hulp thuis is nodig.")
    page.get_by_label("Opvoedspreekuur CJG").check()
    page.locator("#ind-own_strength").fill("Moeder wil graag en houdt afspraken aan.")
    page.locator("#ind-network").fill("Oma helpt twee middagen per week.")
    page.get_by_role("button", name="Voorstel vastleggen").click()
    # bad input: the amount does not fit the unit, and 'why not enough' is missing — nothing is stored; the page
    # comes back with the errors at their fields, the summary at the top has the focus, and nothing typed is lost
    expect(page.locator("#ind-volume-fout")).to_contain_text("200 uur per week past niet")
    expect(page.locator("#foutoverzicht")).to_contain_text("algemene voorzieningen eerst")
    expect(page.locator("#foutoverzicht")).to_be_focused()
    expect(page.locator("#ind-motivation")).to_have_value(
        "Moeder loopt vast in de opvoeding; ambulante hulp thuis is nodig.")
    page.locator("#ind-volume").fill("3")
    page.locator("#ind-why_not_enough").fill("Het opvoedspreekuur is geprobeerd; dit is te zwaar voor licht advies.")
    page.get_by_role("button", name="Voorstel vastleggen").click()
    expect(page.get_by_text("Het voorstel is vastgelegd")).to_be_visible()
    expect(page.get_by_role("button", name="Besluit nemen")).to_have_count(0)  # the director holds no mandate
    logout(page)

    login(page, live_server, "procesregisseur")
    page.get_by_role("link", name="Besluiten", exact=True).click()
    page.get_by_role("link", name="Jeugdhulp ambulant", exact=False).first.click()
    expect(page.get_by_text("Eerst algemene voorzieningen")).to_be_visible()
    axe_check(page, "31-indicatie")
    page.get_by_label("toegekend", exact=True).check()
    page.locator("#besluit-reasons").fill("Ambulante hulp thuis helpt moeder om weer rust en structuur te brengen. "
                                          "Het opvoedspreekuur en het netwerk zijn niet genoeg.")
    page.get_by_role("button", name="Besluit nemen").click()
    expect(page.get_by_text("Het besluit is vastgesteld")).to_be_visible()
    axe_check(page, "32-besluit")
    besluit = Besluit.objects.get()
    # the page itself fetches the letter and hands its bytes over (Chromium keeps no copy of a `no-store` answer for
    # Playwright's response.body(): docs/security.md)
    fetched = page.evaluate("""async url => {
        const answer = await fetch(url);
        return {status: answer.status, type: answer.headers.get("content-type"),
                bytes: Array.from(new Uint8Array(await answer.arrayBuffer()))};
    }""", f"{live_server.url}/besluiten/{besluit.pk}/brief.pdf")
    assert fetched["status"] == 200 and fetched["type"] == "application/pdf"
    pdf = bytes(fetched["bytes"])
    text = pdf_text(pdf)
    for phrase in ["U krijgt jeugdhulp ambulant", "3 uur per week", "Jeugdhulp Demoregio B.V.", "zes weken",
                   "Bent u het niet eens met dit besluit?", "Ambulante hulp thuis helpt moeder"]:
        assert phrase in text, phrase

    import pypdfium2

    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for index in range(len(document)):
        image = document[index].render(scale=1.4).to_pil()
        image.save(SCREENSHOTS / f"33-besluitbrief-p{index + 1}.png")
        assert image.width > 800 and image.getextrema() != ((255, 255), (255, 255), (255, 255))  # not blank


def test_social_map_budget_and_catalogue_pages_are_accessible(page, live_server, staff, axe_check):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    from toegang.accounts.actors import actor_for_user
    from toegang.provisions import actions

    from ..provisions_support import data

    indicatie = actions.check_prepare_indication(actor=actor_for_user(staff["generalist"]), casus=casus,
                                                 new_aanvraag=True, data=data("45A48", child, goal, volume=20))
    actions.check_decide(actor=actor_for_user(staff["procesregisseur"]), indicatie=indicatie, outcome="toegekend",
                         reasons="nodig")
    page.goto(f"{live_server.url}/sociale-kaart/")
    page.get_by_label("Zoek op wat, voor wie of waar").fill("opvoed")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="Opvoedspreekuur CJG")).to_be_visible()
    axe_check(page, "34-sociale-kaart")
    login(page, live_server, "beheer")
    go_to(page, "Budget")
    expect(page.locator("figure canvas").first).to_be_visible()
    axe_check(page, "35-budget")
    page.goto(f"{live_server.url}/catalogus/")
    axe_check(page, "36-catalogus")
    page.get_by_role("link", name="Begeleiding", exact=True).click()
    axe_check(page, "37-voorziening")
    page.goto(f"{live_server.url}/mandaten/")
    axe_check(page, "38-mandaten")
