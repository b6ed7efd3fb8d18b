"""Dutch is the language of every page whatever the browser asks; another language only when the user chose it in
the language selector (issue 11, point 12). The English catalogue is complete for all page text:

- every msgid of src/toegang/locale/en/LC_MESSAGES/django.po has an English msgstr, none is fuzzy, and the compiled
  .mo says the same (pages read the .mo);
- the catalogue is not stale: Django's makemessages, run on a copy of the source, adds no msgid (needs GNU gettext's
  xgettext, as `make messages` does);
- no template under src/toegang holds text outside {% translate %} / {% blocktranslate %} (a static scan), except
  the letters and PDFs for residents, which are Dutch whatever the staff member reads (EXEMPT_TEMPLATES);
- the main pages rendered in English (chosen in the selector) show no Dutch word in their headings, buttons, labels,
  legends, table heads, menu and other element texts a person scans first.

And the words: "triëren" (not trieren, triageren, triagen), a partner's referral is a *verwijzing* (never an
aanmelding), a future date is refused with "ligt in de toekomst" (not "niet volledig"), and a proposal page does not
speak of "dit besluit" before there is one.
"""

from __future__ import annotations

import ast
import gettext as gnu_gettext
import os
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

import toegang

PACKAGE = Path(toegang.__file__).parent
LOCALE = PACKAGE / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_dutch_whatever_the_browser_asks_and_english_when_chosen(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = client.get("/inloggen/")
    assert "Naar de inhoud" in page.content.decode() and page["Content-Language"] == "nl"
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    chosen = client.get("/inloggen/")
    assert "Skip to content" in chosen.content.decode() and chosen["Content-Language"] == "en"


# --- the catalogue -----------------------------------------------------------------------------------------------

@dataclass
class Entry:
    msgid: str = ""
    plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    refs: list[str] = field(default_factory=list)
    context: str | None = None

    @property
    def where(self) -> str:
        return self.refs[0] if self.refs else "?"


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (obsolete `#~` entries left out), enough of the format for Django's catalogues."""
    entries, entry, target = [], Entry(), None

    def flush():
        nonlocal entry
        if entry.msgstr or entry.msgid:
            entries.append(entry)
        entry = Entry()

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            flush()
            target = None
        elif line.startswith("#~"):
            continue
        elif line.startswith("#:"):
            entry.refs += line[2:].split()
        elif line.startswith("#,"):
            entry.flags |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if target == "msgid":
                entry.msgid += value
            elif target == "msgid_plural":
                entry.plural += value
            elif target == "msgctxt":
                entry.context += value
            else:
                entry.msgstr[target] += value
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword == "msgctxt":
                entry.context, target = value, "msgctxt"
            elif keyword == "msgid":
                entry.msgid, target = value, "msgid"
            elif keyword == "msgid_plural":
                entry.plural, target = value, "msgid_plural"
            else:
                index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
                entry.msgstr[index], target = value, index
    return [e for e in entries if e.msgid]


def describe(entries: list[Entry]) -> str:
    return "\n".join(f"  {e.where}: {e.msgid!r}" for e in entries)


def test_every_msgid_has_an_english_msgstr_and_the_mo_is_compiled():
    entries = read_po(PO)
    assert len(entries) > 300, "the catalogue is the whole UI"
    missing = [e for e in entries if "fuzzy" in e.flags or not all(e.msgstr.values()) or not e.msgstr]
    if missing:
        pytest.fail(f"{len(missing)} msgids without an English msgstr (or marked fuzzy) in "
                    f"{PO.relative_to(PACKAGE.parent.parent)}; translate them and run `make messages`:\n"
                    f"{describe(missing)}")
    with MO.open("rb") as handle:
        compiled = gnu_gettext.GNUTranslations(handle)
    stale = [e for e in entries if e.plural is None and e.context is None
             and compiled.gettext(e.msgid) != e.msgstr[0]]
    if stale:
        pytest.fail(f"the .mo differs from the .po for {len(stale)} msgids; run `make messages`:\n{describe(stale)}")


def _require_xgettext():
    if shutil.which("xgettext") and shutil.which("msguniq"):
        return
    if os.environ.get("TOEGANG_REQUIRE_GETTEXT") == "1":
        pytest.fail("GNU gettext (xgettext) is required (TOEGANG_REQUIRE_GETTEXT=1) but not installed")
    pytest.skip("GNU gettext (xgettext) is not installed: Debian package gettext; .ci/run installs it")


def test_the_catalogue_holds_every_string_marked_for_translation(tmp_path, monkeypatch):
    """makemessages on a copy of the source (templates and Python, as `make messages` runs it) adds no msgid."""
    _require_xgettext()
    source = tmp_path / "toegang"
    shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo", "*.pyc"))
    monkeypatch.chdir(source)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [source / "locale"])
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    known = {(e.context, e.msgid) for e in read_po(PO)}
    added = [e for e in read_po(source / "locale" / "en" / "LC_MESSAGES" / "django.po")
             if (e.context, e.msgid) not in known]
    if added:
        pytest.fail(f"{len(added)} strings are marked for translation but not in the English catalogue; run "
                    f"`make messages` and translate them:\n{describe(added)}")


# --- templates: no text outside translate tags -------------------------------------------------------------------

# Templates whose text stays Dutch in every UI language, with the reason.
EXEMPT_TEMPLATES = {
    "plans/plan_pdf.html": "the plan as agreed with the household, a PDF for the household: Dutch (Awb art. 2:6 lid 1, "
                           "the administration uses the Dutch language); rendered with Dutch active",
    "provisions/letter.html": "the decision letter (beschikking) to the resident: Dutch (Awb art. 2:6 lid 1)",
    "provisions/resident_letter.html": "the frame of every letter to a resident: Dutch (Awb art. 2:6 lid 1)",
    "provisions/_letter_style.html": "the house style of those letters (page numbers 'pagina 1 van 2'): Dutch",
    "provisions/letters/": "letters to the resident (receipts, the written report of the investigation): Dutch (Awb "
                           "art. 2:6 lid 1)",
}
# Attributes a person reads or hears (as in test_screen_words.READ_ATTRIBUTES) and the text of a button's value.
READ_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder", "data-label"}
# What may stand untranslated: names and abbreviations that are the same in English.
SAME_IN_ENGLISH = {"BSN", "ZRM", "PDF", "CSV", "API", "Wmo", "iJw", "iWmo", "AGB", "PGB", "ZIN", "OK", "Toegang"}

TRANSLATED = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}"   # blocktranslate … endblocktranslate
    r"|{%\s*trans(?:late)?\s.*?%}"                                          # translate "…"
    r"|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}|<!--.*?-->"           # comments
    r"|<(script|style)\b.*?</\1>",                                          # code
    re.S)
VARIABLE = re.compile(r"{{(.*?)}}", re.S)
TAG = re.compile(r"{%(.*?)%}", re.S)
# A string literal passed as text: a filter argument (default:"geen", join:" en ") or a text argument of a tag
# (form_field field "hint") — but not a date format, a path, an URL name or a value compared in {% if %}.
FILTER_LITERAL = re.compile(r'\|\s*(\w+)\s*:\s*"([^"]*)"')
NON_TEXT_FILTERS = {"date", "time", "slice", "floatformat", "stringformat", "cut", "add", "label_of"}  # code args
TEXT_TAGS = {"form_field", "firstof"}
WORD = re.compile(r"[^\W\d_]{2,}")


class TemplateText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or (name == "value" and tag == "input"
                                                       and values.get("type") in {"submit", "button"})):
                self.parts.append((self.getpos()[0], value))

    def handle_data(self, data):
        self.parts.append((self.getpos()[0], data))


def untranslated_in(source: str) -> list[tuple[int, str]]:
    """(line, text) of each piece of text a person would read that is not inside a translate tag."""

    def blank(match):  # keep the line numbers
        return "\n" * match.group(0).count("\n") + " "

    found = []
    source = TRANSLATED.sub(blank, source)
    for match in VARIABLE.finditer(source):
        line = source.count("\n", 0, match.start()) + 1
        for name, literal in FILTER_LITERAL.findall(match.group(1)):
            if name not in NON_TEXT_FILTERS and WORD.search(literal):
                found.append((line, f'{{{{ …|{name}:"{literal}" }}}}'))
    for match in TAG.finditer(source):
        words = match.group(1).split()
        if words and words[0] in TEXT_TAGS:
            line = source.count("\n", 0, match.start()) + 1
            for literal in re.findall(r'(?<![_(])"([^"]*)"', match.group(1)):
                if WORD.search(literal):
                    found.append((line, f'{{% {words[0]} … "{literal}" %}}'))
    source = VARIABLE.sub(blank, TAG.sub(blank, source))
    parser = TemplateText()
    parser.feed(source)
    parser.close()
    for line, text in parser.parts:
        words = [w for w in WORD.findall(text) if w not in SAME_IN_ENGLISH]
        if words:
            found.append((line, " ".join(text.split())))
    return found


def page_templates() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.html") if "static" not in p.parts)


def template_name(path: Path) -> str:
    return path.as_posix().split("/templates/", 1)[1]


def test_every_template_text_is_marked_for_translation():
    report = []
    for path in page_templates():
        name = template_name(path)
        if any(name == exempt or (exempt.endswith("/") and name.startswith(exempt)) for exempt in EXEMPT_TEMPLATES):
            continue
        report += [f"  {path.relative_to(PACKAGE)}:{line}: {text}" for line, text in
                   untranslated_in(path.read_text(encoding="utf-8"))]
    if report:
        pytest.fail(f"{len(report)} texts in templates are not inside {{% translate %}} or "
                    "{% blocktranslate %} (a filter's text argument: default:_(\"…\")):\n" + "\n".join(report))


def test_the_template_scan_finds_what_it_looks_for():
    source = ('{% load i18n %}<h1>{% translate "Zoeken" %}</h1>{# uitleg #}<p>{% blocktranslate with n=1 %}Melding '
              '{{ n }}{% endblocktranslate %}</p>\n<button title="Opslaan">OK</button>{{ a|default:"geen" }}'
              '{{ b|date:"d-m-Y" }}{{ c|default:_("geen") }}\n<p>Terug naar {{ x }}</p>{% form_field f "Hint hier" %}'
              '{% if a == "ja" %}—{% endif %}<p>BSN · ZRM</p><script>var tekst = "niet";</script>')
    assert untranslated_in(source) == [(2, '{{ …|default:"geen" }}'), (3, '{% form_field … "Hint hier" %}'),
                                       (2, "Opslaan"), (3, "Terug naar")]
    assert untranslated_in('<input type="submit" value="Verstuur">') == [(1, "Verstuur")]


# --- the main pages in English -----------------------------------------------------------------------------------

# The elements a person scans first: headings, buttons, form labels and legends, disclosure summaries, table heads,
# term names, captions and menu links. Their text is the UI's, not data, apart from names (removed first).
SCANNED = {"h1", "h2", "h3", "h4", "button", "label", "legend", "summary", "th", "dt", "caption", "nav"}
# Common Dutch words that are no English words (so not "die", "door", "brief", "datum", "van"): one of them in a
# scanned element of an English page is Dutch text.
DUTCH = set("""
    de het een voor naar niet met bij uit geen nog wordt worden zijn deze dit wie wat welke ook als maar aan tot op te
    er hij zij uw je mijn ons onze kan moet mag heeft hebben waar wanneer alle nieuw nieuwe eerst opslaan zoeken
    terug toevoegen vastleggen registreren afsluiten annuleren bewerken wijzigen verwijderen tonen versturen
    verzenden besluiten inwoner inwoners huishouden huishoudens melding meldingen casus casussen taak taken termijn
    termijnen naam adres reden toelichting soort werkbak verwijzing verwijzingen aanmelding aanvraag aanvragen
    besluit bezwaar voorziening voorzieningen doel doelen actie acties notitie geboortedatum woonplaats betrokkenen
    uiterlijk ontvangen gesprek verslag gezin oppakken triëren overdracht kiezen opmerking vraag vragen wijk wijken
    werk overzicht zelf gemeente nummer geslacht telefoon
""".split())


class ScannedText(HTMLParser):
    """The text of each scanned element (nested ones count once, for the outermost)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._open: list[tuple[str, list[str]]] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template", "select", "textarea"}:
            self._hidden += 1
        elif tag in SCANNED and not self._open:
            self._open.append((tag, []))
        elif self._open and tag == self._open[0][0]:
            self._open.append((tag, []))

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template", "select", "textarea"}:
            self._hidden = max(0, self._hidden - 1)
        elif self._open and tag == self._open[-1][0]:
            name, parts = self._open.pop()
            if self._open:
                self._open[-1][1].extend(parts)
            else:
                self.found.append((name, " ".join(" ".join(parts).split())))

    def handle_data(self, data):
        if self._open and not self._hidden:
            self._open[-1][1].append(data)


def data_names() -> list[str]:
    """Names from the data, Dutch in every UI language: residents, households, staff, what the profiles and the
    catalogue name (teams, districts, organisations, provisions, products, laws and life domains of the profile,
    routing rules, clock kinds), the plans' goals and actions, and the labels of the national code lists, the laws
    and the ZRM's life domains (core/words.py: the standard's names), longest first."""
    from django.apps import apps

    from toegang.intake.codes import LEVENSGEBIEDEN, WETTEN
    from toegang.persons import codes as person_codes
    from toegang.persons.models import Resident
    from toegang.plans.models import PlanVersion
    from toegang.profiles.models import Profile
    from toegang.provisions import codes as provision_codes

    names = {r.full_name for r in Resident.objects.all()}
    names |= {label for _, label in WETTEN + LEVENSGEBIEDEN}
    for module in (person_codes, provision_codes):
        for value in vars(module).values():
            if isinstance(value, list) and value and all(isinstance(p, tuple) and len(p) == 2 for p in value):
                names |= {label for _, label in value if isinstance(label, str)}
    for content in PlanVersion.objects.values_list("content", flat=True):
        names |= {item.get("description", "") for part in ("goals", "actions") for item in content.get(part, [])}
    for model in apps.get_models():
        if model.__module__.startswith("toegang."):
            fields = {f.name for f in model._meta.concrete_fields}
            for column in ("name", "label", "naam", "title", "requested", "question"):
                if column in fields:
                    names |= set(model.objects.values_list(column, flat=True))

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    for data in Profile.objects.values_list("data", flat=True):
        names |= set(strings(data))
    from toegang.accounts.models import Medewerker
    names |= {u.get_full_name() for u in Medewerker.objects.all()}
    return sorted((n for n in names if n and len(n) > 1), key=len, reverse=True)


def dutch_on(html: str, names: list[str]) -> list[tuple[str, str, set[str]]]:
    parser = ScannedText()
    parser.feed(html)
    parser.close()
    found = []
    for tag, text in parser.found:
        rest = text
        for name in names:
            if name in rest:
                rest = rest.replace(name, " ")
        words = {w for w in WORD.findall(rest) if w.lower() in DUTCH}
        if words:
            found.append((tag, text, words))
    return found


def english_pages(world) -> list[str]:
    casus = world["casus"].pk
    return [
        "/", "/werkbak/", "/zoeken/?naam=noord", "/meldingen/nieuw/", "/inwoners/nieuw/", "/verwijzen/",
        "/verwijzen/overzicht/", f"/meldingen/{world['melding'].pk}/", f"/meldingen/{world['referral'].pk}/",
        f"/casussen/{casus}/", f"/casussen/{casus}/plan/", f"/casussen/{casus}/voorzieningen/",
        f"/huishoudens/{world['household'].pk}/", f"/huishoudens/{world['family'].pk}/",
        f"/inwoners/{world['resident'].pk}/", "/indicaties/", f"/indicaties/{world['proposal'].pk}/",
        f"/besluiten/{world['established'].pk}/", f"/besluiten/{world['bezwaar'].besluit_id}/", "/budget/",
        f"/privacy/inzagelog/?inwoner={world['resident'].pk}", "/catalogus/", f"/catalogus/{world['voorziening'].pk}/",
        "/mandaten/", "/sociale-kaart/",
    ]


def test_the_main_pages_in_english_show_no_dutch_in_headings_buttons_and_labels(staff, profile):
    from .conftest import ROLES
    from .matrix_bodies import build_world

    world = build_world(staff)
    names = data_names()
    report: dict[tuple[str, str], set[str]] = {}
    opened = set()
    for role in ROLES:
        client = Client()
        client.force_login(staff[role])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        for url in english_pages(world):
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            opened.add(url)
            assert response["Content-Language"] == "en"
            for tag, text, words in dutch_on(response.content.decode(), names):
                report.setdefault((f"<{tag}> {text!r}", ", ".join(sorted(words))), set()).add(url)
    assert len(opened) >= len(english_pages(world)) - 2, "the roles open nearly every page"
    if report:
        lines = [f"  {element} (Dutch: {words}) on {', '.join(sorted(urls)[:3])}"
                 for (element, words), urls in sorted(report.items())]
        pytest.fail(f"{len(lines)} element texts on English pages are Dutch:\n" + "\n".join(lines))


def lead_of(html: str) -> str:
    """The text of a page's lead paragraph (the status line under the heading), tags removed."""
    found = re.search(r'utrecht-paragraph--lead">(.*?)</p>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


def test_status_labels_and_terms_are_in_the_page_language_while_stored_and_logged_text_stays_dutch(staff, profile):
    """The status of a case, an indication and a decision, a decision's outcome and a clock's term in words
    ("6 weken") are shown in English when chosen (core/words.py); the labels themselves, which actions write into
    the change log and errors, stay Dutch."""
    from django.utils import translation

    from toegang.cases.models import Casus
    from toegang.provisions.models import Besluit, Bezwaar, Indicatie
    from toegang.ui.templatetags.nlds import termijn

    from .matrix_bodies import build_world

    world = build_world(staff)
    casus, proposal, besluit, term = world["casus"], world["proposal"], world["besluit"], world["clock"].term
    english = translation.trans_real.translation("en")
    with translation.override("nl"):
        dutch_term = termijn(term)
    with translation.override("en"):
        english_term = termijn(term)
        assert [termijn(code) for code in ("1wd", "2wd", "4u", "1w", "6w", "1d", "3d")] == [
            "1 working day", "2 working days", "4 hours", "1 week", "6 weeks", "1 day", "3 days"]
        # what is stored and logged: the Dutch labels, whatever the page's language
        assert casus.get_status_display() == Casus.Status(casus.status).label
        assert Besluit.Outcome.DEELS.label == "deels toegekend" and Indicatie.Status.VOORSTEL.label == "voorstel"
    with translation.override("nl"):
        assert termijn("2wd") == "2 werkdagen" and termijn("48u") == "48 uur"
    assert english_term != dutch_term

    client = Client()
    client.force_login(staff["procesregisseur"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    expected = {  # page: the labels its lead paragraph starts with, in English
        f"/casussen/{casus.pk}/": [casus.get_status_display()],
        f"/indicaties/{proposal.pk}/": [proposal.get_status_display()],
        f"/besluiten/{besluit.pk}/": [besluit.get_outcome_display(), besluit.get_status_display()],
    }
    for url, labels in expected.items():
        lead = lead_of(client.get(url).content.decode())
        words = " · ".join(english.gettext(label) for label in labels)
        assert lead.startswith(words), (url, lead, words)
        assert all(english.gettext(label) != label for label in labels if label != "plan"), "translated in the .po"
    household = client.get(f"/huishoudens/{casus.household_id}/").content.decode()
    assert f"</a>: {english.gettext(casus.get_status_display())}, " in household, "the open case's phase"
    melding = client.get(f"/meldingen/{world['melding'].pk}/").content.decode()
    assert f"({english_term})" in melding and f"({dutch_term})" not in melding

    # every label of these lists is in the English catalogue (a new status without a translation fails here)
    for choices in (Casus.Status, Indicatie.Status, Besluit.Outcome, Besluit.Status, Bezwaar.Outcome):
        missing = [label for label in choices.labels if label not in english._catalog]
        assert not missing, f"{choices.__qualname__}: {missing} not in the English catalogue"


def test_the_english_page_scan_finds_dutch_and_passes_names():
    html = ('<h1>Household Jansen van Dijk</h1><nav><a>My work</a><a>Zoeken</a></nav><label>Naam</label>'
            '<button>Save</button><th>Hulp bij het huishouden</th><select><option>nieuw</option></select>')
    found = dutch_on(html, ["Hulp bij het huishouden", "Jansen van Dijk"])
    assert [(tag, words) for tag, _, words in found] == [("nav", {"Zoeken"}), ("label", {"Naam"})]


# --- words -------------------------------------------------------------------------------------------------------

# Misspellings of the verb triëren (triëren, trieerde, getrieerd, as variëren, gevarieerd: Woordenlijst).
MISSPELT = re.compile(r"\b(trieren|triageren|triagen|getriageerd|getriëerd|triëer\w*)\b", re.I)
# A partner's referral is a verwijzing; the question coming in a melding; "aanmelding" names neither (glossary).
AANMELDING = re.compile(r"\baanmeld(en|ing|ingen)\b", re.I)
# Where the old word stays (text in the line), with the reason.
OLD_WORD_KEPT = {
    'verbose_name="herhaalde aanmelding na"': "Casus.reentry_of's verbose_name, read in the admin only; renaming it "
                                              "needs a cases migration (the page says 'herhaalde melding')",
}


def test_triëren_is_spelled_right_and_a_referral_is_a_verwijzing_in_the_page_text():
    """Templates, the catalogue and the Python sources of the UI and the domain messages."""
    sources = page_templates() + sorted(PACKAGE.rglob("*.py"))
    found = []
    for path in [*sources, PO]:
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if MISSPELT.search(line) or (AANMELDING.search(line) and not any(k in line for k in OLD_WORD_KEPT)):
                found.append(f"  {path.relative_to(PACKAGE)}:{number}: {line.strip()[:120]}")
    if found:
        pytest.fail("say triëren (getrieerd) and verwijzing/verwijzen:\n" + "\n".join(found))


def test_a_future_date_is_refused_as_in_the_future_not_as_incomplete(staff, profile):
    import datetime as dt

    from toegang.accounts.actors import actor_for_user
    from toegang.assessments.actions import check_record_measurement
    from toegang.cases.actions import check_close_case
    from toegang.core import clock
    from toegang.core.errors import ValidationFailed
    from toegang.intake.actions import MeldingData, check_register_melding

    from .factories import ResidentFactory
    from .matrix_bodies import build_world

    world = build_world(staff)
    casus, director = world["casus"], actor_for_user(world["director"])
    tomorrow = clock.today() + dt.timedelta(days=1)
    adult = ResidentFactory(household=casus.household, geboortedatum=dt.date(1980, 1, 1))
    refusals = []
    for attempt in (
        lambda: check_close_case(actor=director, casus=casus, reason="doelen-bereikt", household_informed_on=tomorrow),
        lambda: check_record_measurement(actor=director, casus=casus, resident=adult, measured_on=tomorrow,
                                         scores={"financien": 2}),
        lambda: check_register_melding(actor=director, gemeente=casus.gemeente, persons=[adult],
                                       data=MeldingData(question="Hulp", channel="balie", source="zelf",
                                                        received_at=clock.now() + dt.timedelta(days=1))),
    ):
        with pytest.raises(ValidationFailed) as refused:
            attempt()
        refusals.append(refused.value.message)
    assert all("ligt in de toekomst" in m and "niet volledig" not in m for m in refusals), refusals
    # something missing as well: then the form is incomplete, and says so
    with pytest.raises(ValidationFailed, match="niet volledig"):
        check_close_case(actor=director, casus=casus, reason="", household_informed_on=tomorrow)

    # on the page: the error summary and the field say the same
    client = Client()
    client.force_login(world["director"])
    response = client.post(f"/casussen/{casus.pk}/afsluiten/", {
        "version": casus.version, "reason": "doelen-bereikt", "household_informed_on": tomorrow.isoformat()})
    html = response.content.decode()
    assert response.status_code == 422 and "ligt in de toekomst" in html and "niet volledig" not in html


def test_a_proposal_page_does_not_speak_of_this_decision(staff, profile):
    """A voorstel ter beslissing is no besluit yet: its page says "dit voorstel", never "dit besluit"."""
    from .matrix_bodies import build_world

    world = build_world(staff)
    proposal = world["proposal"]
    assert proposal.status == "voorstel" and proposal.provider_id, "a proposal for care in kind, with a contract"
    client = Client()
    client.force_login(staff["procesregisseur"])
    html = client.get(f"/indicaties/{proposal.pk}/").content.decode()
    assert "contractplafond" in html and "Wordt dit voorstel toegekend" in html
    assert "dit besluit" not in html.lower()


def test_the_plan_pdf_for_the_household_is_dutch_when_the_staff_member_reads_english(staff, profile, monkeypatch):
    """Documents for residents are Dutch whatever language the staff member chose (EXEMPT_TEMPLATES): the plan PDF
    is rendered with Dutch active, so its dates ("1 december 2026") and labels are Dutch."""
    from django.utils import translation

    from toegang.plans import views as plan_views

    from .matrix_bodies import build_world

    world = build_world(staff)
    rendered = []
    original = plan_views.render_to_string

    def spy(template, context):
        rendered.append((translation.get_language(), original(template, context)))
        return rendered[-1][1]

    monkeypatch.setattr(plan_views, "render_to_string", spy)
    client = Client()
    client.force_login(staff["procesregisseur"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/casussen/{world['casus'].pk}/plan/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    (language, html), = rendered
    assert language == "nl" and "Ons plan" in html
    assert re.search(r"\d (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d",
                     html), "the plan's dates are written in Dutch"


def test_what_actions_answer_reads_in_the_page_language_and_the_api_stays_dutch(staff, profile):
    """A refusal raised by an action (its message and the reason at the field), a date that cannot be true and a
    form that is incomplete read in English on an English page; the API answers in Dutch whatever cookie it gets."""
    import datetime as dt

    from toegang.core import clock

    from .matrix_bodies import build_world

    world = build_world(staff)
    casus = world["casus"]
    client = Client()
    client.force_login(world["director"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    tomorrow = clock.today() + dt.timedelta(days=1)
    future = client.post(f"/casussen/{casus.pk}/afsluiten/", {
        "version": casus.version, "reason": "doelen-bereikt", "household_informed_on": tomorrow.isoformat()})
    html = future.content.decode()
    assert future.status_code == 422 and "in the future" in html and "ligt in de toekomst" not in html
    assert "incomplete" not in html, "a complete form with an impossible date is not called incomplete"
    incomplete = client.post(f"/casussen/{casus.pk}/afsluiten/", {"version": casus.version, "reason": "",
                                                                    "household_informed_on": tomorrow.isoformat()})
    assert incomplete.status_code == 422 and "This field is required." in incomplete.content.decode()

    clerk = Client()
    clerk.force_login(staff["balie"])
    clerk.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    gemeente = staff["balie"].role_assignments.first().gemeente_id
    page = clerk.post("/inwoners/nieuw/", {"gemeente": gemeente, "bsn": "123456780", "voornamen": "Anna",
                                          "geslachtsnaam": "Jansen", "geslacht": "2", "geboortedatum": "1980-01-01"})
    html = page.content.decode()
    assert page.status_code == 422 and "does not pass the eleven test" in html and "voldoet niet" not in html

    api = clerk.post("/api/v1/inwoners", {"bsn": "123456780", "voornamen": "Anna", "geslachtsnaam": "Jansen",
                                         "geboortedatum": "1980-01-01"}, content_type="application/json")
    assert api.status_code == 400 and "Dit veld is vereist." in api.content.decode(), api.content.decode()
    assert api["Content-Language"] == "nl"


def test_a_notification_and_a_task_the_system_writes_read_in_the_readers_language(staff, profile):
    """Stored Dutch (the change log and the Dutch reader see that), shown in English to whoever chose English."""
    from toegang.core.actor import SYSTEM
    from toegang.tasks.actions import create_task, notify
    from toegang.tasks.models import Notification, Task

    reader = staff["generalist"]
    notify(recipient_ids=[reader.pk], text="Crisis: melding %(melding)s vraagt direct actie.",
           params={"melding": 42}, url="/")
    gemeente = reader.role_assignments.first().gemeente
    create_task(actor=SYSTEM, gemeente_id=gemeente.pk, kind="outreach", assignee_id=reader.pk,
                title="Er op af: zoek actief contact met de inwoner (zorgmijder)", params={},
                due_on=clock_today())
    assert Notification.objects.get(recipient=reader).text == "Crisis: melding 42 vraagt direct actie."
    assert Task.objects.get(assignee=reader).title.startswith("Er op af")
    client = Client()
    client.force_login(reader)
    assert "Crisis: melding 42 vraagt direct actie." in client.get("/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    home = client.get("/").content.decode()
    assert "Crisis: report 42 needs immediate action." in home and "vraagt direct actie" not in home
    assert "Reach out: actively seek contact" in home


def clock_today():
    from toegang.core import clock

    return clock.today()


def test_every_incomplete_message_says_incomplete_in_english():
    """core.errors.ValidationFailed recognises "… is niet volledig" in the page's language by the word the
    catalogue uses for it: every such message must carry it, or a future date would be called incomplete."""
    entries = {e.msgid: e for e in read_po(PO)}
    word = entries["niet volledig"].msgstr[0]
    wrong = [e.msgid for e in entries.values() if "niet volledig" in e.msgid and word not in e.msgstr.get(0, "")]
    assert word == "incomplete" and not wrong, wrong
