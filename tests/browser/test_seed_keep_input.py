"""The Krimpen seed profile (krimpen-2014) walked in a browser at 1280 and 375 px: the KST process director opens a
new case of a Krimpen household and chooses its case director from a list of KST professionals, in which the
privacy officer (and other staff without case work) cannot be chosen, shown by name only; the chosen casusregisseur
writes the kitchen-table report in two life domains, forgets "Deelnemers", and gets it back with the error summary
on top, the field marked and every box as typed; once the field is filled the report is recorded."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from toegang.accounts.models import Gemeente, Role, RoleAssignment, Team, TeamMembership
from toegang.assessments.models import Clarification
from toegang.cases.models import Casus
from toegang.core.actor import SYSTEM
from toegang.intake.actions import MeldingData, check_register_melding, check_triage_melding
from toegang.persons.actions import check_register_resident
from toegang.persons.actions.data import AddressData, ResidentData
from toegang.profiles.actions import do_load_profile

from ..factories import MedewerkerFactory, valid_bsn
from .report_steps import (
    expect_refused_with_everything_kept,
    fill_report_without_participants,
    posted,
    submit_report,
)
from .test_flows import login, logout
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser

KRIMPEN = "0542"
# Krimpen staff: (username, first name, last name, role, teams). The usernames are unlike the names, so a username
# on screen is caught.
STAFF = {
    "procesregisseur": ("kst.pr01", "Ingrid", "Verbeek", "kst-procesregisseur", ["kst"]),
    "casusregisseur": ("kst.cr07", "Daan", "de Wit", "kst-casusregisseur", ["kst"]),
    "collega": ("kst.cr12", "Fatima", "El Idrissi", "kst-casusregisseur", ["kst"]),
    "privacy": ("fg.krimpen", "Paula", "Schouten", "privacy", []),
    "beheer": ("fb.krimpen", "Bart", "Vos", "beheer", []),
    "administratie": ("adm.krimpen", "Anouk", "Smit", "administratief-medewerker", []),
}
NOT_CHOOSABLE = ("privacy", "beheer", "administratie")  # no case work (cases.work) in their role
# What only the system knows: role, team and profile codes, the gemeente's CBS code.
INTERNAL_CODES = re.compile(r"\bkst\b|kst-|krimpen-2014|\b0542\b|-medewerker|-consulent")

# What the casusregisseur types at the kitchen table: the real question and two life domains.
REPORT = {
    "#vv-summary": "Marieke wil haar schulden op orde en weer rust in huis, zodat Luuk naar school blijft gaan.",
    "#vv-financien__situatie": "Twee betalingsachterstanden:\nhuur en energie, samen ruim 2.400 euro.",
    "#vv-financien__eigen_kracht": "Heeft zelf de woningcorporatie gebeld over een regeling.",
    "#vv-financien__wensen": "Een betalingsregeling zonder bewindvoering.",
    "#vv-huiselijke-relaties__situatie": "Ochtenden lopen vast in ruzie; Luuk (9) verzuimt sinds de zomer.",
    "#vv-huiselijke-relaties__netwerk": "Opa haalt Luuk twee middagen per week uit school.",
}
DOMAINS = ("Financiën", "Huiselijke relaties")


@pytest.fixture
def krimpen(transactional_db):
    """The Krimpen profile, its staff by the names in STAFF, and a household of two with a new case (melding at the
    Balie WZOI, routed to the vraag- en intaketeam, triaged 'meervoudig' to the KST as SYSTEM) without a case
    director yet."""
    do_load_profile(actor=SYSTEM, name_or_path="krimpen-2014")
    gemeente = Gemeente.objects.get(cbs_code=KRIMPEN)
    staff = {}
    for key, (username, first, last, role, teams) in STAFF.items():
        user = MedewerkerFactory(username=username, first_name=first, last_name=last)
        RoleAssignment.objects.create(medewerker=user, gemeente=gemeente,
                                      role=Role.objects.get(profile__name="krimpen-2014", code=role))
        for code in teams:
            TeamMembership.objects.create(medewerker=user, team=Team.objects.get(gemeente=gemeente, code=code))
        staff[key] = user
    mother = check_register_resident(
        actor=SYSTEM, gemeente=gemeente,
        data=ResidentData(voornamen="Marieke", voorvoegsel="van", geslachtsnaam="Dam", bsn=valid_bsn(4201),
                          geboortedatum=dt.date(1987, 3, 2), geslacht="2"),
        address=AddressData(postcode="2923 AB", huisnummer=14, straat="Kortlandstraat",
                            woonplaats="Krimpen aan den IJssel"))
    check_register_resident(
        actor=SYSTEM, gemeente=gemeente, household=mother.household,
        data=ResidentData(voornamen="Luuk", voorvoegsel="van", geslachtsnaam="Dam", bsn=valid_bsn(4202),
                          geboortedatum=dt.date(2016, 6, 10), geslacht="1"))
    melding, _ = check_register_melding(
        actor=SYSTEM, gemeente=gemeente, persons=[mother],
        data=MeldingData(question="Ik kom er niet meer uit met de rekeningen en Luuk gaat niet meer naar school.",
                         channel="balie", source="zelf", life_domains=["financien", "huiselijke-relaties"]))
    # The front door routes to the vraag- en intaketeam; a multi-problem question goes on to the KST (the notitie)
    assert melding.team.code == "vit"
    casus = check_triage_melding(actor=SYSTEM, melding=melding, outcome="meervoudig",
                                 reason="Schulden en schoolverzuim: meer dan één vraag.",
                                 team=Team.objects.get(gemeente=gemeente, code="kst"),
                                 override_reason="Meervoudige vraag met een kind: naar het KST.").casus
    return casus, staff


def _no_username_on_screen(page) -> None:
    text = page.locator("body").inner_text()
    for username, *_ in STAFF.values():
        assert username not in text, f"username {username!r} on screen"


@pytest.mark.parametrize("width", [1280, 375])
def test_krimpen_process_director_assigns_kst_director_who_keeps_the_report_typed(page, live_server, krimpen,
                                                                                  axe_check, width):
    casus, staff = krimpen
    director = staff["casusregisseur"]
    at_width(page, width)
    widths = Widths(width)

    # 1. The KST process director opens the new case and chooses its casusregisseur.
    login(page, live_server, "kst.pr01")
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huishouden van Dam")
    lead = page.locator("p.utrecht-paragraph--lead")
    expect(lead).to_contain_text("Krimpens Sociaal Team")
    expect(lead).to_contain_text("nog niet toegewezen")
    # a case without a director shows the assignment at the top, open (issue 11 point 2)
    choice = page.locator("#regisseur-medewerker")
    expect(choice).to_be_visible()
    options = [text.strip() for text in choice.locator("option").all_inner_texts()]
    for key in ("casusregisseur", "collega"):
        assert staff[key].get_full_name() in options, f"{staff[key].get_full_name()} cannot be chosen: {options}"
    for key in NOT_CHOOSABLE:
        assert staff[key].get_full_name() not in options, f"{STAFF[key][3]} offered as director: {options}"
    for text in options:
        assert not INTERNAL_CODES.search(text), f"an internal code in the choice list: {text!r}"
    assert_plain_dutch(lead.inner_text())
    _no_username_on_screen(page)
    axe_check(page, f"80-krimpen-regisseur-kiezen-{width}")
    widths.check(page, f"80-krimpen-regisseur-kiezen-{width}")

    choice.select_option(label="Daan de Wit")
    page.locator("#regisseur-reason").fill("Woont in Centrum en Kortland; Daan kent de school van Luuk.")
    director_form = page.locator("form[action$='/regisseur/']")
    assert posted(page, "/regisseur/", director_form.get_by_role("button", name="Toewijzen").click) == 302
    expect(page.get_by_text("De casusregisseur is gewijzigd.")).to_be_visible()
    expect(lead).to_contain_text("casusregisseur: Daan de Wit")
    expect(page.locator("section[aria-labelledby='regisseurs-kop']")).to_contain_text("Daan de Wit")
    _no_username_on_screen(page)
    widths.check(page, f"80-krimpen-regisseur-gekozen-{width}")
    casus.refresh_from_db()
    assert casus.case_director_id == director.pk
    logout(page)

    # 2. The casusregisseur finds the case under Mijn werk and writes the kitchen-table report, forgetting who took part.
    login(page, live_server, "kst.cr07")
    mine = page.locator("section[aria-labelledby='casussen-kop']")
    mine.get_by_role("link", name=f"Casus {casus.pk}: Huishouden van Dam").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huishouden van Dam")
    fill_report_without_participants(page, DOMAINS, REPORT)
    assert submit_report(page) == 422
    summary, link, participants = expect_refused_with_everything_kept(page, REPORT)
    # Django's own required message, or the action's own question (what the field needs)
    expect(page.locator("#vv-participants-fout")).to_have_text(re.compile(r"Dit veld is vereist\.|Wie namen deel"))
    expect(page.locator("details:has(> form[action$='/vraagverheldering/'])")).to_have_attribute("open", "")
    assert_plain_dutch(summary.inner_text())
    _no_username_on_screen(page)
    axe_check(page, f"80-krimpen-vraagverheldering-fout-{width}")
    widths.check(page, f"80-krimpen-vraagverheldering-fout-{width}")
    assert not Clarification.objects.exists()

    link.click()
    expect(participants).to_be_focused()
    participants.fill("Marieke van Dam, Daan de Wit (KST)")
    assert submit_report(page) == 302

    expect(page.get_by_text("Het verslag van de vraagverheldering is vastgelegd.")).to_be_visible()
    expect(page.locator("#foutoverzicht")).to_have_count(0)
    report = page.locator("section[aria-labelledby='vv-kop']")
    expect(report).to_contain_text("Marieke van Dam, Daan de Wit (KST)")
    expect(report).to_contain_text("Opa haalt Luuk twee middagen per week uit school.")
    for domain in DOMAINS:
        expect(report.get_by_role("heading", level=3, name=domain)).to_be_visible()
    _no_username_on_screen(page)
    axe_check(page, f"80-krimpen-vraagverheldering-vastgelegd-{width}")
    widths.check(page, f"80-krimpen-vraagverheldering-vastgelegd-{width}")
    saved = Clarification.objects.get()
    assert saved.by_id == director.pk and saved.casus_id == casus.pk
    assert set(saved.domains) == {"financien", "huiselijke-relaties"}
    assert saved.domains["financien"]["situatie"].replace("\r\n", "\n") == REPORT["#vv-financien__situatie"]
    assert Casus.objects.get(pk=casus.pk).case_director_id == director.pk
    widths.assert_none()
