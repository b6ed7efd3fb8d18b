"""The case page keeps what was typed (issue 10, the one POST pattern): a form sent with a missing field or an
impossible date comes back on the case page with 422, its section open, the error at the field and in the summary
at the top, and every other value as typed; a case changed under the user answers 409 with the input kept; a
refusal of who-may-do-what stays 403."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from toegang.cases import actions as case_actions
from toegang.cases.models import Casus
from toegang.core.actor import SYSTEM

from .provisions_support import case_with_goal

TODAY = dt.date.today()


class _Fields(HTMLParser):
    """The form controls of a page by id: an input's value (or 'checked'), a textarea's text, a select's choice."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.attrs: dict[str, dict] = {}
        self._textarea = self._select = None
        self._first = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"input", "textarea", "select"} and "id" in attrs:
            self.attrs[attrs["id"]] = attrs
        if tag == "input" and "id" in attrs:
            checkable = attrs.get("type") in {"checkbox", "radio"}
            self.values[attrs["id"]] = ("checked" if "checked" in attrs else "") if checkable else attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs.get("id")
            self.values[self._textarea] = ""
            self._first = True
        elif tag == "select":
            self._select = attrs.get("id")
            self.values[self._select] = ""
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            if self._first and data.startswith("\n"):  # HTML drops the newline right after <textarea>
                data = data[1:]
            self._first = False
            self.values[self._textarea] += data


def fields_of(html: str) -> _Fields:
    parser = _Fields()
    parser.feed(html)
    return parser


@pytest.fixture
def case(staff):
    """A household of a mother and a child, its case directed by the generalist."""
    casus, mother, child, _ = case_with_goal(staff["generalist"])
    return casus, mother


def _handover_to_procesregisseur(casus, staff, actor_of):
    case_actions.check_propose_handover(actor=actor_of(staff["generalist"]), casus=casus,
                                        successor=staff["procesregisseur"], note="Zij neemt het over")


def _closed(casus, staff, actor_of):
    case_actions.check_close_case(actor=SYSTEM, casus=casus, reason="doelen-bereikt", household_informed_on=TODAY)


# (path, role, body(casus, mother, staff), invalid field id, the details summary that must be open,
#  {field id: value typed elsewhere in the form that must come back}, setup)
FORMS = {
    "regisseur": ("regisseur/", "procesregisseur", lambda c, m, s: {
        "version": c.version, "medewerker": "", "reason": "Wissel na verhuizing"},
        "regisseur-medewerker", "Casusregisseur toewijzen of wisselen", {"regisseur-reason": "Wissel na verhuizing"},
        None),
    "betrokkene": ("betrokkenen/", "generalist", lambda c, m, s: {"medewerker": "", "role": "Schuldhulpverlener"},
                   "betrokkene-medewerker", "Betrokkene toevoegen", {"betrokkene-role": "Schuldhulpverlener"}, None),
    "signalen": ("signalen/", "generalist", lambda c, m, s: {"version": c.version, "high_risk": "on", "reason": ""},
                 "signalen-reason", "Signalen", {"signalen-high_risk": "checked"}, None),
    "afsluiten": ("afsluiten/", "generalist", lambda c, m, s: {
        "version": c.version, "reason": "doelen-bereikt", "household_informed_on": "2026-02-31",
        "note": "Gezin is tevreden"}, "afsluiten-household_informed_on", "Casus afsluiten",
        {"afsluiten-note": "Gezin is tevreden", "afsluiten-reason": "doelen-bereikt"}, None),
    "heropenen": ("heropenen/", "procesregisseur", lambda c, m, s: {"reason": "  "}, "heropenen-reason",
                  "Casus heropenen", {}, _closed),
    "contactmoment": ("contactmoment/", "generalist", lambda c, m, s: {
        "at": "2026-02-31T10:00", "kind": "huisbezoek", "participants": "moeder, generalist",
        "summary": "Gesprek over de schulden"}, "contact-at", "Contactmoment vastleggen",
        {"contact-summary": "Gesprek over de schulden", "contact-participants": "moeder, generalist",
         "contact-kind": "huisbezoek"}, None),
    "notitie": ("notitie/", "generalist", lambda c, m, s: {"text": "", "confidential": "on"}, "notitie-text",
                "Notitie toevoegen", {"notitie-confidential": "checked"}, None),
    "overdracht": ("overdracht/", "generalist", lambda c, m, s: {
        "successor": "", "note": "Schuldhulp loopt; school belt vrijdag"}, "overdracht-successor",
        "Warme overdracht voorstellen", {"overdracht-note": "Schuldhulp loopt; school belt vrijdag"}, None),
    "besluit": ("overdracht/besluit/", "procesregisseur", lambda c, m, s: {"accept": "nee", "reason": ""},
                "besluit-reason", None, {"besluit-accept": "nee"}, _handover_to_procesregisseur),
    "document": ("documenten/", "generalist", lambda c, m, s: {"kind": "verslag", "title": "Verslag school"},
                 "document-file", "Document toevoegen", {"document-title": "Verslag school", "document-kind": "verslag"},
                 None),
    "taak": ("taken/", "generalist", lambda c, m, s: {
        "title": "Bellen met school", "assignee": s["generalist"].pk, "due_on": "2026-13-01"}, "taak-due_on",
        "Taak aanmaken", {"taak-title": "Bellen met school", "taak-assignee": None}, None),
    "meting": ("meting/", "generalist", lambda c, m, s: {
        "resident": m.pk, "measured_on": "", "score_financien": "2", "note": "Na het keukentafelgesprek"},
        "meting-measured_on", "ZRM-meting vastleggen",
        {"meting-note": "Na het keukentafelgesprek", "meting-score_financien": "2", "meting-resident": None}, None),
    "veiligheid": ("veiligheid/", "generalist", lambda c, m, s: {
        "assessed_on": TODAY.isoformat(), "worries": "Spanning thuis", "going_well": "Oma helpt elke week",
        "must_happen": "", "scale": "5"}, "veiligheid-must_happen", "Veiligheid beoordelen",
        {"veiligheid-worries": "Spanning thuis", "veiligheid-going_well": "Oma helpt elke week",
         "veiligheid-scale": "5"}, None),
    "vraagverheldering": ("vraagverheldering/", "generalist", lambda c, m, s: {
        "held_on": TODAY.isoformat(), "participants": "", "summary": "Grip op het geld",
        "financien__situatie": "Drie achterstanden", "financien__netwerk": "Zus helpt met de post",
        "huisvesting__wensen": "Een kleinere woning"}, "vv-participants", "Verslag vraagverheldering vastleggen",
        {"vv-summary": "Grip op het geld", "vv-financien__situatie": "Drie achterstanden",
         "vv-financien__netwerk": "Zus helpt met de post", "vv-huisvesting__wensen": "Een kleinere woning",
         "vv-held_on": TODAY.isoformat()}, None),
}
FILLED = {"meting-resident": lambda c, m, s: str(m.pk), "taak-assignee": lambda c, m, s: str(s["generalist"].pk)}


@pytest.mark.parametrize("name", list(FORMS))
def test_a_form_with_a_mistake_comes_back_with_everything_typed(name, case, staff, client_for, actor_of):
    casus, mother = case
    path, role, body, invalid, summary, kept, setup = FORMS[name]
    if setup:
        setup(casus, staff, actor_of)
        casus.refresh_from_db()
    before = Casus.objects.get(pk=casus.pk).version

    response = client_for(role).post(f"/casussen/{casus.pk}/{path}", body(casus, mother, staff))

    assert response.status_code == 422
    html = response.content.decode()
    page = fields_of(html)
    # the error at its field, and in the summary at the top with a link to the field
    assert page.attrs[invalid].get("aria-invalid") == "true"
    assert f'id="{invalid}-fout"' in html
    summary_box = re.search(r'<div[^>]*id="foutoverzicht".*?</div>', html, re.S).group(0)
    assert f'href="#{invalid}"' in summary_box
    if summary:  # the section holding the form is open, so the error is in sight
        assert re.search(rf"<details open><summary>{re.escape(summary)}</summary>", html), summary
    for field_id, value in kept.items():
        expected = FILLED[field_id](casus, mother, staff) if value is None else value
        assert page.values[field_id] == expected, field_id
    assert Casus.objects.get(pk=casus.pk).version == before  # nothing was changed


def test_a_domain_told_without_its_situation_is_marked_at_that_domain(case, client_for):
    """The action names the life domain; the page marks its 'situatie' box and keeps the domain open."""
    casus, _ = case
    response = client_for("generalist").post(f"/casussen/{casus.pk}/vraagverheldering/", {
        "held_on": TODAY.isoformat(), "participants": "moeder", "summary": "Grip op het geld",
        "financien__eigen_kracht": "Houdt een kasboek bij"})
    assert response.status_code == 422
    html = response.content.decode()
    page = fields_of(html)
    assert page.attrs["vv-financien__situatie"].get("aria-invalid") == "true"
    assert "Beschrijf ten minste de situatie." in html
    assert page.values["vv-financien__eigen_kracht"] == "Houdt een kasboek bij"
    assert re.search(r"<details open><summary>Financiën</summary>", html)
    assert not casus.clarifications.exists()


def test_a_measurement_without_scores_says_why(case, client_for):
    """A reason the action gives without a field of its own (no domain scored) is not lost."""
    casus, mother = case
    response = client_for("generalist").post(f"/casussen/{casus.pk}/meting/", {
        "resident": mother.pk, "measured_on": TODAY.isoformat(), "note": "Alleen gepraat"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Scoor ten minste één levensgebied" in re.search(r'id="foutoverzicht".*?</div>', html, re.S).group(0)
    assert fields_of(html).values["meting-note"] == "Alleen gepraat"


def test_a_case_changed_under_the_user_answers_409_with_the_input_kept(case, client_for, actor_of, staff):
    casus, _ = case
    stale = casus.version
    case_actions.check_set_case_flags(actor=actor_of(staff["procesregisseur"]), casus=casus, high_risk=False,
                                      politically_sensitive=True, care_avoider=False, reason="wethouder vraagt")
    client = client_for("generalist")
    body = {"version": stale, "high_risk": "on", "reason": "Dreiging door ex-partner"}

    response = client.post(f"/casussen/{casus.pk}/signalen/", body)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Iemand anders heeft deze casus intussen gewijzigd" in html
    page = fields_of(html)
    assert page.values["signalen-reason"] == "Dreiging door ex-partner"
    assert page.values["signalen-high_risk"] == "checked"
    casus.refresh_from_db()
    assert page.values["signalen-version"] == str(casus.version)  # sending it again is a deliberate choice
    assert "politiek gevoelig" in html  # the page shows the case as it now stands
    assert not casus.high_risk

    again = client.post(f"/casussen/{casus.pk}/signalen/", {**body, "version": page.values["signalen-version"]})
    assert again.status_code == 302
    casus.refresh_from_db()
    assert casus.high_risk


@pytest.mark.parametrize(("path", "body"), [
    ("signalen/", {"high_risk": "on", "reason": "Dreiging"}),
    ("regisseur/", {"reason": "Ik neem het over"}),
    ("betrokkenen/", {"role": "Schuldhulpverlener"}),
    ("fase/", {"to": "vraagverheldering"}),
    ("einde/", {}),
])
def test_a_betrokkene_who_may_not_direct_gets_403_not_a_message(case, client, make_staff, staff, actor_of, path,
                                                                 body):
    """A betrokkene sees the case and writes in its journal, but does not direct it: a valid form from them is
    refused with 403 (never a message that hides the refusal), and nothing changes."""
    casus, _ = case
    colleague = make_staff("generalist")
    involvement = case_actions.check_add_case_involvement(actor=actor_of(staff["generalist"]), casus=casus,
                                                          medewerker=colleague, role="Jongerenwerker")
    casus.refresh_from_db()
    body = {**body, "version": casus.version, "medewerker": colleague.pk}
    if path == "einde/":  # their own involvement: ending it is for the director
        path = f"betrokkenen/{involvement.pk}/einde/"
    client.force_login(colleague)
    assert client.get(f"/casussen/{casus.pk}/").status_code == 200

    response = client.post(f"/casussen/{casus.pk}/{path}", body)

    assert response.status_code == 403
    assert Casus.objects.get(pk=casus.pk).version == casus.version


def test_success_still_redirects_with_the_message(case, client_for):
    casus, _ = case
    client = client_for("generalist")
    response = client.post(f"/casussen/{casus.pk}/notitie/", {"text": "Moeder belde terug"})
    assert response.status_code == 302 and response["Location"] == f"/casussen/{casus.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "De notitie is vastgelegd." in page and 'id="foutoverzicht"' not in page
