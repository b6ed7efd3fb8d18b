"""The work issue 14 added to messaging, walked in Chromium at 1280 and 375 px (screenshots, WCAG check, no sideways
scrolling): the process director answers providers' requests (JW315) from the Besluiten worklist — a refusal without
a reason is refused at its field, one request accepted (decision, assignment, JW301), another refused with the
standard's reason (JW319, which the back office then sees among the messages), a third taken "in onderzoek" (JW319
VerzoekAntwoord 2, the decision due at the end of the Jeugdwet's term); the back office reads a declaration
(JW323) with one line over the assigned volume and finds the approved lines as realised spend on the budget page; and
roles without requests find no link that ends in "geen mandaat"."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from toegang.accounts.models import Gemeente, Organisatie
from toegang.core.actor import SYSTEM
from toegang.messaging import requests
from toegang.messaging.actions import receive
from toegang.messaging.models import Bericht, Toewijzing, Verzoek

from ..factories import HouseholdFactory, ResidentFactory
from ..test_messaging_declarations import declaration, month
from ..test_messaging_requests import request_message
from .test_flows import go_to, login, logout, open_menu
from .test_messaging_journey import youth_care_assigned  # noqa: F401 (fixture)
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser


def shown_text(page) -> str:
    """What main says in words: without the raw message (the XML is shown as received, ISO dates and codes in it)."""
    return page.evaluate("""() => {
        const main = document.querySelector('main').cloneNode(true);
        main.querySelectorAll('pre.toegang-xml').forEach(e => e.remove());
        return main.innerText;
    }""")


def look(page, axe_check, widths, name: str) -> None:
    assert_plain_dutch(shown_text(page))
    axe_check(page, name)
    widths.check(page, name)


def no_link_ends_in_no_mandate(page, where: str) -> None:
    """Every link of the menu and of main on this page opens (a link to 'geen mandaat' is a dead end)."""
    hrefs = page.evaluate("""() => [...document.querySelectorAll('nav a[href], main a[href]')]
        .map(a => a.href).filter(h => h.startsWith(location.origin))""")
    dead = [h for h in dict.fromkeys(hrefs) if page.request.get(h).status in (403, 404)]
    assert not dead, f"{where}: links to a page refused: {dead}"


@pytest.fixture
def youth_requests(staff):
    """Three children in Demodam, each the subject of a JW315 from the youth care provider after a referral."""
    gemeente = Gemeente.objects.get(cbs_code="9901")
    provider = Organisatie.objects.get(contracts__code="jeugdhulp-demo-2025")
    found = []
    for n in (1, 2, 3):
        household = HouseholdFactory(gemeente=gemeente)
        ResidentFactory(household=household, geboortedatum=dt.date(1985, 3, 3))
        child = ResidentFactory(household=household, geboortedatum=dt.date(2014, 9, 9))
        got = receive(actor=SYSTEM, raw=request_message("JW315", client=child, provider=provider, gemeente=gemeente,
                                                        reference=f"REF-{n}", identification=f"VZ000000000{n}"),
                      file_name=f"verzoek-{n}.xml")
        found.append(Verzoek.objects.get(bericht=got.message))
    return found


@pytest.mark.parametrize("width", [1280, 375])
def test_the_process_director_answers_providers_requests(page, live_server, staff, axe_check, width, tmp_path,
                                                         settings, youth_requests):
    settings.TOEGANG_BERICHTEN_UIT = tmp_path / "uit"
    accepted, refused, investigated = youth_requests
    at_width(page, width)
    widths = Widths(width)
    main = page.locator("main")

    login(page, live_server, "procesregisseur")
    go_to(page, "Besluiten")
    page.get_by_role("link", name="Aanvragen van aanbieders (na verwijzing)").click()
    expect(page.get_by_role("heading", level=1, name="Aanvragen van aanbieders")).to_be_visible()
    row = main.locator("tr", has_text=accepted.client.full_name)
    expect(row).to_contain_text(f"{accepted.due:%d-%m-%Y}")  # 5 working days (iStandaarden)
    expect(row).to_contain_text(accepted.provider.name)
    look(page, axe_check, widths, f"99-requests-{width}")
    no_link_ends_in_no_mandate(page, "the requests")

    row.get_by_role("link").click()
    referrer = requests.referrer_types(accepted.law)[accepted.referrer_type]
    assert referrer  # the standard's words for the referrer (LDT_TypeVerwijzer), not its code
    expect(main.locator("dl")).to_contain_text(referrer)
    expect(main.locator("dl")).to_contain_text(f"{accepted.due:%d-%m-%Y}")
    expect(main.locator("dl")).to_contain_text("3 uur per week")  # the requested volume in words, not a bare 3
    look(page, axe_check, widths, f"99-request-{width}")
    no_link_ends_in_no_mandate(page, "a request")

    page.get_by_role("button", name="Afwijzen").click()  # no reason chosen
    reason = page.get_by_label("Reden van de afwijzing")
    expect(reason).to_have_attribute("aria-invalid", "true")
    error = page.locator(f"#{reason.get_attribute('id')}-fout")
    expect(error).to_contain_text("Dit veld is vereist.")
    assert f"{reason.get_attribute('id')}-fout" in reason.get_attribute("aria-describedby")
    assert page.locator("form[action$='/afwijzen/']").locator(f"#{reason.get_attribute('id')}-fout").count() == 1
    look(page, axe_check, widths, f"99-request-noreason-{width}")
    accepted.refresh_from_db()
    assert accepted.status == "open"

    page.get_by_role("button", name="Toekennen").click()
    expect(main).to_contain_text("Het verzoek is toegekend; de toewijzing gaat naar de aanbieder.")
    look(page, axe_check, widths, f"99-request-accepted-{width}")
    no_link_ends_in_no_mandate(page, "an accepted request")
    toewijzing = Toewijzing.objects.get(indicatie__client=accepted.client)
    assert toewijzing.provider == accepted.provider
    assert Bericht.objects.filter(kind="JW301", toewijzing=toewijzing).exists()

    page.get_by_role("link", name="Alle aanvragen van aanbieders").click()
    main.locator("tr", has_text=refused.client.full_name).get_by_role("link").click()
    page.get_by_label("Reden van de afwijzing").select_option(index=1)
    chosen = page.get_by_label("Reden van de afwijzing").evaluate("e => e.value")
    page.get_by_role("button", name="Afwijzen").click()
    expect(main).to_contain_text("Het verzoek is afgewezen; de aanbieder krijgt het antwoord met de reden.")
    expect(main.locator("dl")).to_contain_text(requests.refusal_reasons(refused.law)[chosen])
    look(page, axe_check, widths, f"99-request-refused-{width}")
    assert not Toewijzing.objects.filter(indicatie__client=refused.client).exists()

    # the third needs longer: "in onderzoek" tells the provider (JW319, VerzoekAntwoord 2); the decision term follows
    page.get_by_role("link", name="Alle aanvragen van aanbieders").click()
    main.locator("tr", has_text=investigated.client.full_name).get_by_role("link").click()
    received_on = timezone.localdate(investigated.bericht.at)
    expect(main).to_contain_text(f"gerekend vanaf {received_on:%d-%m-%Y}")
    page.get_by_role("button", name="In onderzoek nemen").click()
    expect(main).to_contain_text("De aanbieder hoort dat het verzoek in onderzoek is")
    decide_by = received_on + dt.timedelta(weeks=8)  # Jeugdwet: Awb 4:13, eight weeks from receipt
    expect(main.locator("dl")).to_contain_text(f"{timezone.localdate():%d-%m-%Y}")  # in onderzoek sinds
    expect(main.locator("dl")).to_contain_text(f"{decide_by:%d-%m-%Y}")
    expect(main.get_by_role("button", name="In onderzoek nemen")).to_have_count(0)
    expect(main.get_by_role("button", name="Toekennen")).to_be_visible()  # the decision still follows here
    look(page, axe_check, widths, f"99-request-investigated-{width}")
    page.get_by_role("link", name="Alle aanvragen van aanbieders").click()
    expect(main.locator("tr", has_text=investigated.client.full_name)).to_contain_text("in onderzoek")
    expect(main.locator("tr", has_text=investigated.client.full_name)).to_contain_text(f"{decide_by:%d-%m-%Y}")

    logout(page)
    login(page, live_server, "backoffice")
    go_to(page, "Berichtenverkeer")
    expect(main.get_by_role("link", name="JW319").first).to_be_visible()
    expect(main.get_by_role("link", name="JW301")).to_be_visible()
    look(page, axe_check, widths, f"99-messages-answers-{width}")
    # the back office (messages.manage) does get the links from a request to its messages: the refusal's JW319
    main.get_by_role("link", name="Aanvragen van aanbieders").click()
    main.get_by_role("link", name="Beantwoord").click()
    main.locator("tr", has_text=refused.client.full_name).get_by_role("link").click()
    expect(main.locator("dl")).to_contain_text(requests.refusal_reasons(refused.law)[chosen])
    no_link_ends_in_no_mandate(page, "the back office's answered request")
    main.get_by_role("link", name="Het antwoord").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("JW319")
    look(page, axe_check, widths, f"99-message-jw319-{width}")
    widths.assert_none()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_back_office_reads_a_declaration_and_its_realised_spend(page, live_server, axe_check, width,
                                                                    youth_care_assigned):  # noqa: F811
    toewijzing = youth_care_assigned
    # 3 hours a week are assigned: the first month claims 3 (approved), the second 20 (over the volume, iJw 9321)
    receive(actor=SYSTEM, raw=declaration(toewijzing, [{"period": month(toewijzing, 0), "volume": 3},
                                                       {"period": month(toewijzing, 1), "volume": 20}]),
            file_name="declaratie.xml")
    at_width(page, width)
    widths = Widths(width)
    main = page.locator("main")

    login(page, live_server, "backoffice")
    go_to(page, "Berichtenverkeer")
    main.get_by_role("link", name="JW323").click()
    expect(main).to_contain_text("Declaratie DN001")
    lines = main.locator("table tbody tr")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("goedgekeurd")
    expect(lines.nth(0)).to_contain_text("€ 262,20")
    expect(lines.nth(1)).to_contain_text("afgekeurd")
    expect(lines.nth(1)).to_contain_text("Het ingediende volume overschrijdt het toegewezen volume.")
    start, end = month(toewijzing, 1)
    expect(lines.nth(1)).to_contain_text(f"{start:%d-%m-%Y} – {end:%d-%m-%Y}")
    facts = main.locator("dl").last
    expect(facts).to_contain_text("€ 262,20")  # approved: 3 × € 87,40, not the 20 hours over the volume
    look(page, axe_check, widths, f"99-declaration-{width}")

    go_to(page, "Budget")
    if toewijzing.start.year != timezone.localdate().year:  # only in the last days of a year
        pytest.skip("the declared months fall in next year's budget")
    expect(main).to_contain_text("Gerealiseerd (goedgekeurde declaraties)")
    contract = main.locator("tr", has_text=toewijzing.provider.name).filter(has_text="AGB")
    expect(contract.first).to_contain_text("€ 262,20")
    look(page, axe_check, widths, f"99-budget-realised-{width}")
    widths.assert_none()


@pytest.mark.parametrize("role", ["balie", "generalist"])
@pytest.mark.parametrize("width", [1280, 375])
def test_no_link_leads_a_role_without_requests_to_no_mandate(page, live_server, staff, axe_check, width, role,
                                                             youth_requests):
    """The counter and the generalist hold neither messages.manage nor the mandate 'beschikking' (access matrix:
    403 on the requests): neither the menu nor Mijn werk offers them the requests or the messages."""
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, role)
    open_menu(page)
    menu = page.get_by_role("navigation")
    expect(menu.get_by_role("link", name="Mijn werk")).to_be_visible()
    for name in ("Besluiten", "Berichtenverkeer"):
        expect(menu.get_by_role("link", name=name)).to_have_count(0)
    expect(page.locator("a[href*='/berichtenverkeer/']")).to_have_count(0)
    look(page, axe_check, widths, f"99-no-requests-home-{role}-{width}")
    no_link_ends_in_no_mandate(page, f"{role}'s Mijn werk")
    widths.assert_none()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_team_lead_sees_only_the_requests_of_his_mandate(page, live_server, staff, axe_check, width,
                                                            youth_requests):
    """The team lead decides on residential youth care only (mandate 'beschikking', demo profile): his requests
    worklist opens from Besluiten, and these requests for specialist youth care are not in it (their pages are 404
    to him in the access matrix), so no link of his leads to a refusal."""
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, "teamleider")
    go_to(page, "Besluiten")
    no_link_ends_in_no_mandate(page, "the team lead's Besluiten")
    page.get_by_role("link", name="Aanvragen van aanbieders (na verwijzing)").click()
    main = page.locator("main")
    expect(main).to_contain_text("Geen verzoeken die op antwoord wachten.")
    for verzoek in youth_requests:
        expect(main).not_to_contain_text(verzoek.client.full_name)
    look(page, axe_check, widths, f"99-requests-teamlead-{width}")
    no_link_ends_in_no_mandate(page, "the team lead's requests")
    widths.assert_none()
