"""What a person reads on screen is words, not internal codes (issue 11, point 8).

Every demo role logs in and opens the main pages of a day's work (Mijn werk, werkbak, a melding and a referral, a
case with its plan, provisions and timeline, a household, a resident, indications, decisions, budget, privacy log,
catalogue, social map) on the standard demo data plus a day of demo meldingen and decisions. In the text a person
sees (text, and the title, aria-label, alt, placeholder and data-label attributes; never an input's value, which is
ISO for <input type=date>) there is:

- no ISO date (2014-05-20): dates are written 20-05-2014;
- no raw code of a code list or of the profile where its label belongs ("jeugdwet, wmo", "financien, iadl",
  "basisschool-tot-13", a team's or organisation's code, a change-log event code): the codes come from the code
  modules, the models' choices and the loaded profile, so the scan grows with them;
- no username of a staff member (their name is shown instead): the staff's usernames are made unmistakable first,
  because the demo's usernames are words (balie, generalist) that appear in sentences anyway;
- no product category standing alone without its name ("43");
- amounts in Dutch notation (€ 2.341,54).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from html.parser import HTMLParser

from django.apps import apps
from django.test import Client

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Gemeente, Medewerker
from toegang.assessments.actions import check_record_measurement, check_record_safety_assessment
from toegang.assessments.safety import SAFETY_CHECKLIST
from toegang.audit.models import ChangeLog
from toegang.cases import actions as case_actions
from toegang.conferences import actions as conference_actions
from toegang.core import clock
from toegang.core.actor import SYSTEM
from toegang.deadlines.kinds import DEFAULT_KINDS, START_EVENTS
from toegang.intake.actions import (
    MeldingData,
    ReferredPerson,
    check_refer,
    check_register_melding,
    check_triage_melding,
)
from toegang.intake.codes import LEVENSGEBIEDEN, WETTEN
from toegang.intake.demo import generate_meldingen
from toegang.intake.models import Melding
from toegang.persons.actions import (
    Holder,
    check_add_involvement,
    check_add_network_member,
    check_record_gezag,
    do_import_households,
)
from toegang.persons.demo import generate_households
from toegang.persons.models import Involvement, Resident
from toegang.plans import actions as plan_actions
from toegang.profiles.models import Profile
from toegang.provisions.codes import PRODUCTCATEGORIE
from toegang.provisions.demo import generate_decisions
from toegang.provisions.models import Budget, Product

from .conftest import ROLES
from .matrix_bodies import build_world

# --- what a person sees ------------------------------------------------------------------------------------------

# Attributes whose text a person reads or hears: tooltips, screen-reader names, image text, hints, and the column
# names a narrow table shows before each cell (CSS attr(data-label)). Not `value`: an <input type=date> holds ISO.
READ_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder", "data-label"}
HIDDEN_ELEMENTS = {"script", "style", "template"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1
        if self._hidden:
            return
        if tag == "input" and dict(attrs).get("type") == "hidden":
            return
        self.parts += [value.strip() for name, value in attrs if name in READ_ATTRIBUTES and value and value.strip()]

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_parts(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    # addresses a person reads as such (mail, web) may contain anything
    return [re.sub(r"\S+@\S+|https?://\S+", " ", part) for part in parser.parts]


# --- what counts as a code ---------------------------------------------------------------------------------------

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# a date written out ("1 december 2026") where the page writes dates as 01-12-2026 (letters may write them out)
LONG_DATE = re.compile(r"\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
                       r"|december) \d{4}\b")
# Python's empty and truth values where a word belongs ("· None ·" for a version made by the system)
PYTHON_VALUE = re.compile(r"\b(None|True|False)\b")
# € followed by a number: Dutch is thousands with '.', cents with ',' (€ 2.341,54; € 87,40; € 900.000,00)
AMOUNT = re.compile(r"€\s*(-?[\d.,]*\d)")
DUTCH_AMOUNT = re.compile(r"-?\d{1,3}(\.\d{3})*(,\d{2})?")
ENGLISH_AMOUNT = re.compile(r"\b\d{1,3}(,\d{3})+\.\d{2}\b|\b\d+\.\d{2}\b(?!\.)")

# Codes that are the very word their label is, written in lower case where a sentence uses it; never looked for.
EXEMPT = {
    "situatie": "a part of the kitchen-table report: the form names it after the life domain ('Financiën: situatie')",
    "wensen": "a part of the kitchen-table report: the form names it after the life domain ('Financiën: wensen')",
}


def code_pairs() -> list[tuple[str, str, str]]:
    """(code, label, where) of every code a page might show instead of its label: the code lists (module-level lists
    of (code, label) pairs in Toegang's modules), the models' choices, the loaded profile's entities (code + name in
    the database, its routing rules, clock kinds and instruments), the clock kinds and the change-log events."""
    pairs: list[tuple[str, str, str]] = []
    for name, module in sorted(sys.modules.items()):
        if not name.startswith("toegang.") or name.startswith(("toegang.api", "toegang.settings")):
            continue
        for attr, value in vars(module).items():
            if attr.isupper() and isinstance(value, list | tuple) and value and all(
                    isinstance(p, tuple) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in value):
                pairs += [(code, label, f"{name}.{attr}") for code, label in value]
    for model in apps.get_models():
        if not model.__module__.startswith("toegang."):
            continue
        fields = {f.name for f in model._meta.get_fields()}
        for field in model._meta.get_fields():
            for code, label in getattr(field, "flatchoices", None) or ():
                if isinstance(code, str):
                    pairs.append((code, str(label), f"{model.__name__}.{field.name}"))
        if {"code", "name"} <= fields:
            pairs += [(code, name, model.__name__) for code, name in model.objects.values_list("code", "name")]
    for profile in Profile.objects.all():
        data = profile.data
        pairs += [(r["code"], r["naam"], "profiel routering") for r in data.get("routering", [])]
        pairs += [(code, spec.get("naam", code), "profiel termijnen") for code, spec in data.get("termijnen", {}).items()]
        for code, instrument in data.get("instrumenten", {}).items():
            pairs.append((code, instrument["naam"], "profiel instrumenten"))
            pairs += [(d["code"], d["naam"], "profiel instrumenten") for d in instrument.get("domeinen", [])]
        pairs += [(r["code"], r["naam"], "profiel regio's") for r in data.get("regios", [])]
    pairs += [(kind.code, kind.name, "deadlines.kinds") for kind in DEFAULT_KINDS.values()]
    pairs += [(code, text, "deadlines.kinds.START_EVENTS") for code, text in START_EVENTS.items()]
    pairs += [(event, "", "wijzigingslog") for event in ChangeLog.objects.values_list("event", flat=True).distinct()]
    # the rules the routing applied itself (the district's team, by hand) as stored on the meldingen
    pairs += [(rule, "", "Melding.routing_rule") for rule in Melding.objects.values_list("routing_rule", flat=True)
              .distinct()]
    return pairs


class Codes:
    """The codes a page must not show where their label belongs, from code_pairs(): each code that differs from its
    label and is no word of any label (a code such as 'zelf' or 'netwerk' is also a word a label uses: 'inwoner
    zelf', 'sociaal netwerk'). Numbers (gender, relation, unit codes) are not taken for words; the product
    categories are checked apart, where they stand alone.

    `strict` codes are looked for anywhere: codes with a hyphen, underscore, dot or digit (st-noord-zuid,
    basisschool-tot-13, bezwaar.geregistreerd), and the laws and life domains, which are never right in lower case
    in a sentence (jeugdwet, wmo, financien, iadl). `words` are codes spelled as an ordinary word (generalist, beleid,
    centrum, zin, opvoedspreekuur): a sentence may use the word, so they are looked for where a label stands: alone
    in a cell or a value, after 'Label: ', or in a list ('Demodam: backoffice', 'Regel: wijk')."""

    def __init__(self, pairs):
        label_words = {w for _, label, _ in pairs for w in re.findall(r"[\w-]+", label)}
        never_lower = {code for code, _ in WETTEN + LEVENSGEBIEDEN}
        self.strict: dict[str, str] = {}
        self.words: dict[str, str] = {}
        for code, label, where in pairs:
            if not code or code == label or code.isdigit() or code in label_words or code in EXEMPT:
                continue
            if re.fullmatch(r"\d+[A-Z]?\d*|[A-Z]\d+", code):
                continue  # product codes (45A48, P1001) are shown with their name: staff and providers use them
            kind = self.words if code.isalpha() and code not in never_lower else self.strict
            kind.setdefault(code, where)


def anywhere(code: str) -> re.Pattern:
    return re.compile(rf"(?<![\w@/.-]){re.escape(code)}(?![\w/-]|\.\w)")


def where_a_label_stands(code: str) -> re.Pattern:
    return re.compile(rf"(?:^|: |, ){re.escape(code)}(?=$|[,.;]| \(| ·| –| —)")


# --- the data: standard demo data and a day of work --------------------------------------------------------------

def unmistakable_usernames() -> None:
    """The standard staff's usernames are role codes, words that appear in sentences: give each an unmistakable
    one, so a username anywhere on a page is found."""
    for user in Medewerker.objects.exclude(username__startswith="login-"):
        Medewerker.objects.filter(pk=user.pk).update(username=f"login-{user.username}")


def build(staff) -> dict:
    today = clock.today()
    unmistakable_usernames()
    staff = {role: Medewerker.objects.get(pk=user.pk) for role, user in staff.items()}
    world = build_world(staff)
    unmistakable_usernames()  # the world's own case director
    # a betrokkene's role is free text; the world types a role code there ("generalist"), which reads as one
    Involvement.objects.filter(role="generalist").update(role="jeugd- en gezinscoach")
    gemeente = world["gemeente"]
    profile_data = gemeente.profile.data

    # a day of demo work, as `toegang demo` makes it: households, meldingen (some triaged into cases), decisions
    for cbs, count in (("9901", 30), ("9902", 10)):
        # the factories and the demo generator draw from the same ~9,100 fictional BSNs: leave out a generated
        # household whose BSN the world's factories already gave someone (which one depends on the test order)
        taken = set(Resident.objects.exclude(bsn=None).values_list("bsn", flat=True))
        households = [h for h in generate_households(profile_data, cbs, count, 11, today)
                      if not any(p.bsn in taken for p in h.members)]
        for _ in do_import_households(actor=SYSTEM, gemeente=Gemeente.objects.get(cbs_code=cbs),
                                      households=households, source="test"):
            pass
    generate_meldingen(count=24, seed=11, case_directors=[staff["generalist"]])
    generate_decisions(count=6, seed=11, staff=list(staff.values()), case_directors=[staff["generalist"]])

    # a referral of a child by the partner, with its birth date (shown as the partner gave it)
    referral, _ = check_refer(actor=actor_for_user(staff["partner"]), gemeente=gemeente,
                              person=ReferredPerson(naam="Lotte de Wit", geboortedatum=dt.date(2014, 5, 20),
                                                    postcode="9902AA", huisnummer=7),
                              question="Lotte is veel afwezig op school.", laws=["jeugdwet"],
                              life_domains=["werk-opleiding"], setting="basisschool")
    # a melding about the family's child of eight at primary school: the profile's rule routes it
    family_melding, _ = check_register_melding(
        actor=SYSTEM, gemeente=gemeente, persons=[world["child"]], household=world["family"],
        data=MeldingData(question="Kind is thuis onrustig; er zijn geldzorgen.", channel="telefoon", source="school",
                         laws=["jeugdwet", "wmo"], life_domains=["financien", "iadl"], setting="basisschool"))
    check_record_gezag(actor=SYSTEM, household=world["family"], expected_version=None, minor=world["child"],
                       soort="ouderlijk", holder=Holder(resident=world["mother"]),
                       valid_from=world["child"].geboortedatum, bron="BRP")
    check_add_network_member(actor=SYSTEM, household=world["household"], name="Oom Kees", kind="17",
                             telefoon="0599-111222")
    # the family's case: directed by the generalist, its safety assessed (the child's gezag is shown there)
    family_case = check_triage_melding(actor=SYSTEM, melding=family_melding, outcome="meervoudig",
                                       reason="geldzorgen en opvoeding").casus
    case_actions.check_assign_case_director(actor=SYSTEM, casus=family_case, medewerker=staff["generalist"])
    check_record_safety_assessment(actor=actor_for_user(staff["generalist"]), casus=family_case, assessed_on=today,
                                   worries="spanning thuis", going_well="oma helpt", must_happen="rust",
                                   scale=6, checklist=[code for code, _ in SAFETY_CHECKLIST[:2]])
    # the partner works with the family (as `toegang demo` involves the partner with a few households)
    check_add_involvement(actor=SYSTEM, household=world["family"], medewerker=staff["partner"],
                          role="jeugd- en gezinscoach")

    # the case: a measurement, an action and an evaluation in the plan, a contact moment and a note
    casus, director = world["casus"], actor_for_user(world["director"])
    check_record_measurement(actor=director, casus=casus, resident=world["resident"], measured_on=today,
                             scores={"financien": 2, "iadl": 3})
    version = plan_actions.current_version(casus)
    goal = version.content["goals"][0]["id"]
    version = plan_actions.check_add_plan_action(actor=director, casus=casus, base_version=version.number,
                                                 goal_id=goal, owner_type="netwerk", owner="broer",
                                                 description="Boodschappen samen doen",
                                                 due_date=today + dt.timedelta(days=30))
    plan_actions.check_add_evaluation(actor=director, casus=casus, base_version=version.number,
                                      on=today + dt.timedelta(days=60), note="hoe gaat het met de administratie")
    case_actions.check_record_contact_moment(actor=director, casus=casus, at=clock.now() - dt.timedelta(hours=1),
                                             kind="huisbezoek", participants="Noord", summary="kennismaking")
    case_actions.check_add_note(actor=director, casus=casus, text="Afspraak met de schuldhulp gemaakt.")
    # a case conference planned next week, and one held this morning whose action went into the plan (issue 12)
    conference = conference_actions.check_plan_conference(
        actor=director, casus=casus, kind="mdo", reason="Schulden lopen op", starts_at=clock.now() + dt.timedelta(days=7),
        place="Wijkcentrum", staff_ids=[world["director"].pk, staff["generalist"].pk],
        resident_ids=[world["resident"].pk])
    held = conference_actions.check_plan_conference(
        actor=director, casus=casus, kind="1g1p", reason="Stand van zaken", starts_at=clock.now() - dt.timedelta(hours=2),
        place="Thuis", staff_ids=[world["director"].pk], resident_ids=[], family_absent_reason="Op verzoek van de inwoner")
    conference_actions.check_record_minutes(
        actor=director, conference=held, minutes="Besproken.", decisions=["Schuldhulp inschakelen"],
        actions=[conference_actions.AgreedAction(goal_id=goal, owner_type="professional", owner="Schuldhulp",
                                                 description="Aanmelden bij de schuldhulp",
                                                 due_date=today + dt.timedelta(days=14))])
    world.update(referral_with_birth_date=referral, family_melding=family_melding, family_case=family_case,
                 conference=conference, held_conference=held)
    return world


def pages(world) -> list[str]:
    """The main pages of a working day; a role that may not open one gets 403/404 and skips it."""
    casus = world["casus"].pk
    return [
        "/", "/berichten/", "/werkbak/", "/zoeken/?naam=noord", "/meldingen/nieuw/", "/inwoners/nieuw/", "/verwijzen/",
        "/verwijzen/overzicht/",
        *(f"/meldingen/{world[m].pk}/" for m in ("melding", "advies", "referral", "referral_with_birth_date",
                                                 "family_melding")),
        f"/casussen/{casus}/", f"/casussen/{casus}/plan/", f"/casussen/{casus}/voorzieningen/",
        *(f"/casussen/{world[c].pk}/" for c in ("waiting_case", "closed_case", "handover_case", "family_case")),
        *(f"/huishoudens/{world[h].pk}/" for h in ("household", "family")),
        *(f"/inwoners/{world[r].pk}/" for r in ("resident", "mother", "child")),
        "/indicaties/", *(f"/indicaties/{world[i].pk}/" for i in ("indicatie", "proposal")),
        *(f"/besluiten/{world[b].pk}/" for b in ("besluit", "established", "four_eyes")),
        "/budget/", f"/privacy/inzagelog/?bsn={world['resident'].bsn}", f"/privacy/inzagelog/?inwoner={world['resident'].pk}",
        "/catalogus/", f"/catalogus/{world['voorziening'].pk}/", "/mandaten/", "/sociale-kaart/",
        *(f"/casusoverleggen/{world[c].pk}/" for c in ("conference", "held_conference")),
        f"/casussen/{casus}/casusoverleg/nieuw/",
        # staff administration (issue 13 item 3): names, never login names, except in the labelled login field
        "/medewerkers/", "/medewerkers/?status=alle", "/medewerkers/nieuw/",
        *(f"/medewerkers/{world['staff'][role].pk}/" for role in ("generalist", "privacy", "partner")),
        f"/medewerkers/{world['inactive_staff'].pk}/",
    ]


# Pages reached by following links, a few of each kind per role (the demo's own meldingen, cases, decisions).
FOLLOW = re.compile(r"^/(meldingen|casussen|huishoudens|inwoners|indicaties|besluiten|catalogus)/\d+/"
                    r"(plan/|voorzieningen/)?$")
HREF = re.compile(r'href="([^"#?]+)"')


def product_categories() -> dict[str, str]:
    """The product categories the profile's products and budgets name: code -> name (iJw/iWmo code lists)."""
    used = {*Product.objects.values_list("voorziening__law", "category"), *Budget.objects.values_list("law", "category")}
    return {code: PRODUCTCATEGORIE[law][code] for law, code in used if code in PRODUCTCATEGORIE.get(law, {})}


def lone_category(code: str) -> re.Pattern:
    """A category code where its name belongs: a whole cell, or after 'categorie' or a ' · '."""
    return re.compile(rf"(?:^|[Cc]ategorie:? |· ){code}(?=$|[ :·,.;)])")


def problems_on(html: str, codes: Codes, categories: dict[str, str], usernames: set[str]) -> list[str]:
    found = []
    parts = visible_parts(html)
    for part in parts:
        for match in ISO_DATE.finditer(part):
            found.append(f"ISO-datum {match.group()!r} in {part!r}")
        for amount in AMOUNT.findall(part):
            if not DUTCH_AMOUNT.fullmatch(amount):
                found.append(f"bedrag niet in Nederlandse notatie: {amount!r} in {part!r}")
        for match in LONG_DATE.finditer(part):
            found.append(f"datum niet als dd-mm-jjjj {match.group()!r} in {part!r}")
        for match in PYTHON_VALUE.finditer(part):
            found.append(f"waarde uit de code {match.group()!r} in {part!r}")
        for match in ENGLISH_AMOUNT.finditer(part):
            found.append(f"bedrag in Engelse notatie: {match.group()!r} in {part!r}")
        words = {w.strip(".") for w in re.findall(r"[\w.-]+", part)}
        for name in usernames & words:
            found.append(f"gebruikersnaam {name!r} in {part!r}")
        for code in words:
            if code in codes.strict and anywhere(code).search(part):
                found.append(f"code {code!r} ({codes.strict[code]}) in {part!r}")
            elif code in codes.words and where_a_label_stands(code).search(part):
                found.append(f"code {code!r} ({codes.words[code]}) in {part!r}")
        for code, name in categories.items():
            if code in part and name not in part and lone_category(code).search(part):
                found.append(f"productcategorie {code!r} zonder naam ({name}) in {part!r}")
    return found


def test_no_codes_iso_dates_or_usernames_on_the_main_pages(staff, profile):
    world = build(staff)
    codes = Codes(code_pairs())
    categories = product_categories()
    usernames = set(Medewerker.objects.values_list("username", flat=True))
    assert all(u.startswith("login-") for u in usernames)
    start = pages(world)
    report: dict[str, list[str]] = {}
    for role in ROLES:
        client = Client()
        client.force_login(Medewerker.objects.get(pk=staff[role].pk))
        todo, seen, followed = list(start), set(), {}
        while todo:
            url = todo.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            for problem in problems_on(html, codes, categories, usernames):
                report.setdefault(problem, []).append(f"{role} {url}")
            for href in HREF.findall(html):
                kind = FOLLOW.match(href)
                if kind and href not in seen and followed.get(kind.group(1), 0) < 3:
                    followed[kind.group(1)] = followed.get(kind.group(1), 0) + 1
                    todo.append(href)
    lines = [f"{problem}\n    {', '.join(sorted(set(where))[:4])}" for problem, where in sorted(report.items())]
    assert not lines, f"{len(lines)} problemen:\n" + "\n".join(lines)


def test_the_scan_finds_what_it_looks_for(profile):
    """The scan itself: an ISO date, a law code where its name belongs, a username, an English amount and a lone
    category are found; their Dutch forms and an input's ISO value are not."""
    codes = Codes(code_pairs())
    assert {"jeugdwet", "iadl", "basisschool-tot-13", "st-noord-zuid", "werk-opleiding"} <= set(codes.strict)
    assert {"backoffice", "centrum", "zin"} <= set(codes.words)
    categories = {"43": PRODUCTCATEGORIE["jeugdwet"]["43"]}
    bad = ('<p title="2014-05-20">Wetten: jeugdwet, wmo. Regel: basisschool-tot-13 · login-generalist</p>'
           '<td>€ 2341.54</td><td>43</td><li>Demodam: backoffice</li><li>Versie 1 · None</li><td>1 december 2026</td>')
    problems = problems_on(bad, codes, categories, {"login-generalist"})
    assert any("ISO-datum" in p for p in problems) and any("'jeugdwet'" in p for p in problems)
    assert any("basisschool-tot-13" in p for p in problems) and any("gebruikersnaam" in p for p in problems)
    assert any("bedrag" in p for p in problems) and any("productcategorie '43'" in p for p in problems)
    assert any("'backoffice'" in p for p in problems) and any("'None'" in p for p in problems)
    assert any("dd-mm-jjjj" in p for p in problems)
    good = ('<p>Wetten: Jeugdwet, Wmo 2015. Regel: Kinderen tot 13 op de basisschool · Gijs Generalist</p>'
            '<input type="date" value="2014-05-20"><td>€ 2.341,54</td>'
            '<td>Jeugdhulp verblijf (incl. behandeling) (43)</td><td>43%</td><td>01-12-2026 06:30:43</td>'
            '<p>Een medewerker neemt de casus op zich, of de teamleider wijst een casusregisseur toe.</p>')
    assert problems_on(good, codes, categories, {"login-generalist"}) == []
