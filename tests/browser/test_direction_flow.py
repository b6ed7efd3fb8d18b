"""Issue 12, "done when": a stalled case appears in the process director's view, is escalated, a case conference is
held and its actions appear in the plan. Walked as the process director does it, on the demo profile and on the
Krimpen seed profile (krimpen-2014), at 1280 px and at 375 px, with an accessibility check (axe) on every page.

The case opened 35 days ago and nobody has spoken with the household since: the profile's `procesregie.signalen.
geen_contact_dagen` (demo 28, Krimpen 21) makes it stall. The process director opens Procesregie from the menu, reads
the reason in words, opens the case, first submits the escalation without a reason (a Dutch error at the field, the
form kept open), then escalates one level up the profile's `escalatieladders:`; convenes a conference (casusoverleg /
MDO) that took place this morning, records it as held with a decision and an action with an owner and a due date,
and finds that action in the case's plan."""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from toegang.accounts.models import Gemeente, Role, RoleAssignment, Team, TeamMembership
from toegang.cases import actions as case_actions
from toegang.core.actor import SYSTEM
from toegang.direction import signals
from toegang.escalation.models import Escalation
from toegang.intake.actions import MeldingData, check_register_melding, check_triage_melding
from toegang.persons.actions import check_register_resident
from toegang.persons.actions.data import AddressData, ResidentData
from toegang.plans import actions as plan_actions
from toegang.profiles.actions import do_load_profile

from ..factories import MedewerkerFactory, valid_bsn
from .test_flows import login, open_menu
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser

DAYS_SILENT = 35  # the case opened this many days ago; no contact with the household since


@dataclass(frozen=True)
class Setting:
    profile: str
    cbs: str
    director: tuple[str, str, str, str, list[str]]      # username, first, last name, role, teams (process director)
    case_director: tuple[str, str, str, str, list[str]]  # idem, the case director
    family: str                                          # geslachtsnaam (with voorvoegsel)
    address: AddressData
    norm: int                                            # procesregie.signalen.geen_contact_dagen
    level_two: str                                       # the second level of the profile's ladder
    level_two_term: str                                  # how the page words its response term
    conference_kind: str                                 # the kind of conference chosen
    team: str = ""                                       # the team the case is triaged to ("" = as routed)
    codes: tuple[str, ...] = ()                          # internal codes that must not be on screen


SETTINGS = {
    "demo": Setting(
        profile="demo", cbs="9901",
        director=("pr.demo07", "Mirjam", "Hoekstra", "procesregisseur", []),
        case_director=("gen.demo31", "Youssef", "Amrani", "generalist", ["st-noord-zuid"]),
        family="Bakker", address=AddressData(postcode="9902 AB", huisnummer=21, straat="Berkenlaan",
                                             woonplaats="Demodam"),
        norm=28, level_two="Teamleider sociaal team", level_two_term="2 werkdagen",
        conference_kind="Casusoverleg",
        codes=("teamleiding", "escalatie-demo", "st-noord-zuid", "9901")),
    "krimpen-2014": Setting(
        profile="krimpen-2014", cbs="0542",
        director=("kst.pr01", "Ingrid", "Verbeek", "kst-procesregisseur", ["kst"]),
        case_director=("kst.cr07", "Daan", "de Wit", "kst-casusregisseur", ["kst"]),
        family="van Dam", address=AddressData(postcode="2923 AB", huisnummer=14, straat="Kortlandstraat",
                                              woonplaats="Krimpen aan den IJssel"),
        norm=21, level_two="Procesregisseur jeugd of volwassenen", level_two_term="2 dagen",
        conference_kind="Multidisciplinair overleg (MDO)", team="kst",
        codes=("kst-", "escalatie-kst", "krimpen-2014", "0542", "doorzettingsmacht-burgemeester")),
}
# What only the system knows, in any profile: the signal codes, conference kind and owner-type codes.
COMMON_CODES = tuple(code for code, _ in signals.SIGNALS) + ("casuistiekbespreking", "owner_type", "None")

ACTION = "Moeder en school maken een rooster voor Luuk"
OWNER = "Intern begeleider De Regenboog"
DECISION = "Eén gezin, één plan: de casusregisseur belt wekelijks met moeder."
REASON = "35 dagen geen contact met het gezin; de casusregisseur krijgt moeder niet te spreken."


def _staff(gemeente, profile: str, spec):
    username, first, last, role, teams = spec
    user = MedewerkerFactory(username=username, first_name=first, last_name=last)
    RoleAssignment.objects.create(medewerker=user, gemeente=gemeente,
                                  role=Role.objects.get(profile__name=profile, code=role))
    for code in teams:
        TeamMembership.objects.create(medewerker=user, team=Team.objects.get(gemeente=gemeente, code=code))
    return user


@pytest.fixture(params=list(SETTINGS))
def stalled(request, transactional_db, profile):
    """The profile (demo is loaded by the `profile` fixture), a process director and a case director of its
    gemeente, and a household of two whose case opened DAYS_SILENT days ago: a case director and a plan goal, but
    no contact with the household since."""
    setting = SETTINGS[request.param]
    if setting.profile != "demo":
        do_load_profile(actor=SYSTEM, name_or_path=setting.profile)
    gemeente = Gemeente.objects.get(cbs_code=setting.cbs)
    director = _staff(gemeente, setting.profile, setting.director)
    case_director = _staff(gemeente, setting.profile, setting.case_director)
    opened = timezone.make_aware(dt.datetime.combine(timezone.localdate() - dt.timedelta(days=DAYS_SILENT),
                                                     dt.time(10, 0)))
    voorvoegsel, _, naam = setting.family.rpartition(" ")
    with time_machine.travel(opened, tick=False):
        mother = check_register_resident(
            actor=SYSTEM, gemeente=gemeente,
            data=ResidentData(voornamen="Marieke", voorvoegsel=voorvoegsel, geslachtsnaam=naam, bsn=valid_bsn(4301),
                              geboortedatum=dt.date(1987, 3, 2), geslacht="2"),
            address=setting.address)
        check_register_resident(
            actor=SYSTEM, gemeente=gemeente, household=mother.household,
            data=ResidentData(voornamen="Luuk", voorvoegsel=voorvoegsel, geslachtsnaam=naam, bsn=valid_bsn(4302),
                              geboortedatum=dt.date(2016, 6, 10), geslacht="1"))
        melding, _ = check_register_melding(
            actor=SYSTEM, gemeente=gemeente, persons=[mother],
            data=MeldingData(question="Luuk gaat niet meer naar school en thuis loopt het vast.", channel="balie",
                             source="zelf", life_domains=["huiselijke-relaties"]))
        extra = {}
        if setting.team and melding.team.code != setting.team:
            extra = {"team": Team.objects.get(gemeente=gemeente, code=setting.team),
                     "override_reason": "Meervoudige vraag met een kind: naar het KST."}
        casus = check_triage_melding(actor=SYSTEM, melding=melding, outcome="meervoudig",
                                     reason="Schoolverzuim en spanning thuis.", **extra).casus
        case_actions.check_assign_case_director(actor=SYSTEM, casus=casus, medewerker=case_director)
        plan_actions.check_add_goal(actor=SYSTEM, casus=casus, base_version=0, domain="huiselijke-relaties",
                                    description="Luuk gaat weer elke dag naar school",
                                    desired_result="geen verzuim meer", measure="verzuimregistratie",
                                    target_date=timezone.localdate() + dt.timedelta(days=120))
    return setting, casus, director, case_director


def _dutch_only(page, setting: Setting, usernames) -> None:
    """What the user reads in the page's main content: no ISO date, no username, no internal code."""
    text = page.locator("main").inner_text()
    assert_plain_dutch(text)
    for username in usernames:
        assert username not in text, f"username {username!r} on screen"
    for code in (*setting.codes, *COMMON_CODES):
        assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w])", text), f"internal code {code!r} on screen"


@pytest.mark.parametrize("width", [1280, 375])
def test_stalled_case_escalated_and_conference_actions_in_the_plan(page, live_server, stalled, axe_check, width):
    setting, casus, director, case_director = stalled
    at_width(page, width)
    widths = Widths(width)
    usernames = (director.username, case_director.username)
    household = casus.household.label
    name = f"{setting.profile}-{width}"

    def shown(step: str, *, axe: bool = True) -> None:
        _dutch_only(page, setting, usernames)
        if axe:  # a screenshot and the WCAG 2.1 AA check
            axe_check(page, f"90-{step}-{name}")
        widths.check(page, f"90-{step}-{name}")

    # 1. The process director opens Procesregie from the menu and reads why the case needs attention.
    login(page, live_server, director.username)
    open_menu(page)
    page.get_by_role("navigation").get_by_role("link", name="Procesregie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Procesregie: casussen die aandacht vragen")
    row = page.locator("tr", has=page.get_by_role("link", name=f"Casus {casus.pk}: {household}"))
    expect(row).to_contain_text("geen contact met het huishouden")
    last_contact = (timezone.localdate() - dt.timedelta(days=DAYS_SILENT)).strftime("%d-%m-%Y")
    expect(row).to_contain_text(f"Geen contact met het huishouden sinds {last_contact}: {DAYS_SILENT} dagen "
                                f"(norm: {setting.norm} dagen).")
    expect(row).to_contain_text(f"casusregisseur: {case_director.get_full_name()}")
    shown("procesregie")

    # 2. One click to the case: the same reason in its process direction section.
    row.get_by_role("link", name=f"Casus {casus.pk}: {household}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Casus {casus.pk}: {household}")
    direction = page.locator("section#procesregie")
    expect(direction).to_contain_text("geen contact met het huishouden")
    expect(direction).to_contain_text(f"(norm: {setting.norm} dagen)")
    escalation = page.locator("section#escalatie")
    expect(escalation).to_contain_text("Deze casus is niet opgeschaald")
    shown("casus", axe=False)  # the same page goes through axe once escalated (step 3)

    # 3. Escalating without a reason: refused with a Dutch message at the field, the form open again.
    escalation.locator("summary", has_text="Opschalen").click()
    reason = page.locator("#opschalen-reason")
    reason.fill("   ")
    escalation.get_by_role("button", name="Opschalen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Escalatie van casus {casus.pk}")
    error = page.locator("#opschalen-reason-fout")
    expect(error).to_have_text(re.compile(r"Dit veld is vereist\.|[Rr]eden"))
    expect(page.locator("#opschalen-reason")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#foutoverzicht")).to_be_visible()
    expect(page.locator("details:has(form[action$='/escalatie/opschalen/'])")).to_have_attribute("open", "")
    shown("opschalen-fout")
    assert not Escalation.objects.filter(casus=casus).exists()

    page.locator("#opschalen-reason").fill(REASON)
    page.locator("form[action$='/escalatie/opschalen/']").get_by_role("button", name="Opschalen").click()
    expect(page.get_by_text("De casus is opgeschaald; wie op het nieuwe niveau optreedt, is op de hoogte.")).to_be_visible()
    escalation = page.locator("section#escalatie")
    expect(escalation).to_contain_text(f"Opgeschaald naar niveau 2: {setting.level_two}")
    expect(escalation).to_contain_text(f"Reactietermijn: {setting.level_two_term}")
    expect(escalation).to_contain_text(REASON)
    expect(escalation.locator("[aria-current='step']")).to_contain_text(setting.level_two)
    shown("opgeschaald")

    # 4. A conference this morning: the case's professionals and the household invited by default. The section
    # is fetched as it opens (issue 16).
    page.locator("#casusoverleg > summary").click()
    page.get_by_role("link", name="Casusoverleg beleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Casusoverleg beleggen")
    expect(page.get_by_role("checkbox", name=re.compile(case_director.get_full_name()))).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile("Marieke"))).to_be_checked()
    page.locator("#overleg-kind").select_option(label=setting.conference_kind)
    page.locator("#overleg-reason").fill("Opgeschaald: geen contact met het gezin sinds de start.")
    this_morning = timezone.localtime().replace(hour=0, minute=5)
    page.locator("#overleg-starts_at").fill(this_morning.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#overleg-place").fill("Wijkcentrum, spreekkamer 2")
    page.locator("#overleg-agenda").fill("1. Hoe bereiken we moeder?\n2. Schoolgang van Luuk")
    shown("overleg-beleggen")
    page.get_by_role("button", name="Overleg plannen").click()
    expect(page.get_by_text("Het casusoverleg is gepland; de professionals zijn uitgenodigd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{setting.conference_kind}: {this_morning:%d-%m-%Y} 00:05")
    invitees = page.locator("section[aria-labelledby='genodigden-kop']")
    expect(invitees).to_contain_text(case_director.get_full_name())
    expect(invitees).to_contain_text("Marieke")
    shown("overleg-gepland")

    # 5. Recorded as held: the minutes, a decision and an action with an owner and a due date.
    due = timezone.localdate() + dt.timedelta(days=14)
    page.locator("#verslag-minutes").fill("Moeder was aanwezig. Afgesproken dat de school meedenkt over een rooster.")
    page.locator("#verslag-decisions").fill(DECISION)
    page.locator("#verslag-action_1_description").fill(ACTION)
    page.locator("#verslag-action_1_goal").select_option(label="Luuk gaat weer elke dag naar school")
    page.locator("#verslag-action_1_owner_type").select_option(label="een professional")
    page.locator("#verslag-action_1_owner").fill(OWNER)
    page.locator("#verslag-action_1_due_date").fill(due.isoformat())
    page.get_by_role("button", name="Verslag vastleggen").click()
    expect(page.get_by_text(re.compile(r"Het verslag is vastgelegd; de acties staan in het plan \(versie 2\)\."))
           ).to_be_visible()
    expect(page.locator("p.utrecht-paragraph--lead")).to_contain_text("gehouden")
    minutes = page.locator("section[aria-labelledby='verslag-kop']")
    expect(minutes).to_contain_text(DECISION)
    expect(minutes).to_contain_text(f"{ACTION} — een professional ({OWNER}), klaar op {due:%d-%m-%Y}")
    shown("overleg-gehouden")

    # 6. The action is in the case's plan.
    minutes.get_by_role("link", name=re.compile("De acties staan in het plan")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Plan van {household}")
    expect(page.locator("p.utrecht-paragraph--lead")).to_contain_text("versie 2")
    goal = page.locator("article", has=page.get_by_role("heading", level=3,
                                                        name="Luuk gaat weer elke dag naar school"))
    expect(goal.get_by_role("listitem")).to_have_text(f"{ACTION} — een professional ({OWNER}), klaar op {due:%d-%m-%Y}")
    shown("plan")
    widths.assert_none()


TOPIC = "Justitieel kader (jeugdreclassering, veiligheidshuis)"
MESSAGE = "Vader is aangehouden; jeugdreclassering lijkt nodig voor de oudste."


@pytest.mark.parametrize("width", [1280, 375])
def test_case_director_informs_the_process_director_of_a_topic(page, live_server, stalled, axe_check, width):
    """Issue 12 point 10 (Krimpen seed 002 §3.8 step 13): the case director tells the process director of a topic
    (the profile's contact points); a missing topic is an error at its field with the message kept; the process
    director reads it in Berichten and clicks through to the case."""
    setting, casus, director, case_director = stalled
    at_width(page, width)
    widths = Widths(width)
    usernames = (director.username, case_director.username)
    name = f"{setting.profile}-{width}"

    def shown(step: str) -> None:
        _dutch_only(page, setting, usernames)
        axe_check(page, f"91-{step}-{name}")
        widths.check(page, f"91-{step}-{name}")

    login(page, live_server, case_director.username)
    page.goto(f"{live_server.url}/casussen/{casus.pk}/")
    page.locator("section#procesregie").get_by_role(
        "link", name="Procesregie op de hoogte stellen (contactpunten)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Procesregie op de hoogte stellen")
    expect(page.locator("main")).to_contain_text(TOPIC)
    page.locator("#contactpunt-message").fill(MESSAGE)
    page.get_by_role("button", name="Op de hoogte stellen").click()
    expect(page.locator("#contactpunt-topic")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#foutoverzicht")).to_be_visible()
    expect(page.locator("#contactpunt-message")).to_have_value(MESSAGE)
    shown("contactpunt-fout")
    page.locator("#contactpunt-topic").select_option(label=TOPIC)
    page.get_by_role("button", name="Op de hoogte stellen").click()
    expect(page.get_by_text("De procesregie is op de hoogte gesteld.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Casus {casus.pk}: {casus.household.label}")
    shown("contactpunt-verstuurd")

    page.context.clear_cookies()
    login(page, live_server, director.username)
    page.locator("a.toegang-inbox-link").click()
    message = page.get_by_role("link", name=re.compile(re.escape(MESSAGE)))
    expect(message).to_contain_text(f"Contactpunt {TOPIC}, casus {casus.pk}")
    shown("contactpunt-bericht")
    message.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Casus {casus.pk}: {casus.household.label}")
    widths.assert_none()
