"""The mandate matrix as profile data. Krimpen's Figure 5 is run cell by cell (the expectation is written out here
from PRODUCT.md, independent of the profile file); BUCH differs (the generalist indicates, the back office decides)."""

import datetime as dt

import pytest

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Gemeente, Role, RoleAssignment, Team, TeamMembership
from toegang.audit.models import ChangeLog
from toegang.cases.actions import check_add_case_involvement
from toegang.core.actor import SYSTEM
from toegang.core.errors import NotAllowed
from toegang.profiles.actions import do_load_profile
from toegang.provisions import actions, mandates
from toegang.provisions.models import MandateGroup

from .factories import MedewerkerFactory
from .provisions_support import case_with_goal, data, pdf_text

COLUMNS = ["vit-consulent", "kst-casusregisseur", "kst-procesregisseur", "consulent-sociaal-domein",
           "administratief-medewerker"]
TASKS = ["informatie-advies", "inventarisatie-diagnose", "indicatie", "beschikking", "administratieve-verwerking"]
# PRODUCT.md "Who may decide what" (seed 002, Figure 5): one string of X/. per task, in COLUMNS order.
FIGURE_5 = {
    "jeugd-specialistisch": [".X...", ".XX..", "..X..", "..X..", "....X"],
    "wmo-maatwerk": ["XX.X.", "XXXX.", "..XX.", "..XX.", "....X"],
}
CELLS = [(group, task, role, FIGURE_5[group][t][c] == "X")
         for group in FIGURE_5 for t, task in enumerate(TASKS) for c, role in enumerate(COLUMNS)]


def staff_member(profile_name: str, role: str, cbs: str, teams=()):
    user = MedewerkerFactory()
    RoleAssignment.objects.create(medewerker=user, gemeente=Gemeente.objects.get(cbs_code=cbs),
                                  role=Role.objects.get(profile__name=profile_name, code=role))
    for code in teams:
        TeamMembership.objects.create(medewerker=user, team=Team.objects.get(gemeente__cbs_code=cbs, code=code))
    return user


@pytest.fixture
def krimpen(db):
    do_load_profile(actor=SYSTEM, name_or_path="krimpen-2014")
    return Gemeente.objects.get(cbs_code="0542")


@pytest.mark.parametrize("group, task, role, allowed", CELLS,
                         ids=[f"{g}-{t}-{r}-{'ja' if a else 'nee'}" for g, t, r, a in CELLS])
def test_krimpen_figure_5_cell_by_cell(krimpen, group, task, role, allowed):
    actor = actor_for_user(staff_member("krimpen-2014", role, "0542"))
    assert mandates.holds(actor, krimpen.pk, MandateGroup.objects.get(code=group, profile__name="krimpen-2014"),
                          task) is allowed


@pytest.fixture
def kst(krimpen):
    director = staff_member("krimpen-2014", "kst-casusregisseur", "0542", teams=["kst"])
    casus, mother, child, goal = case_with_goal(director, gemeente_cbs="0542", postcode="2923AB")
    users = {role: staff_member("krimpen-2014", role, "0542") for role in COLUMNS}
    # Who investigates works in the case (issue 9: the mandate says what one may do, the case what one sees).
    for role in ("vit-consulent", "consulent-sociaal-domein"):
        check_add_case_involvement(actor=SYSTEM, casus=casus, medewerker=users[role], role="consulent")
    people = {role: actor_for_user(user) for role, user in users.items()}
    people["kst-casusregisseur"] = actor_for_user(director)
    return casus, mother, child, goal, people


def test_only_a_kst_process_director_decides_specialist_youth_care(kst):
    casus, mother, child, goal, people = kst
    indicatie = actions.check_prepare_indication(actor=people["kst-casusregisseur"], casus=casus, new_aanvraag=True,
                                                 data=data("45A48", child, goal))
    for role in ["kst-casusregisseur", "consulent-sociaal-domein", "administratief-medewerker", "vit-consulent"]:
        with pytest.raises(NotAllowed, match="Specialistische voorziening"):
            actions.check_decide(actor=people[role], indicatie=indicatie, outcome="toegekend", reasons="nodig")
    assert ChangeLog.objects.filter(event="mandaat.geweigerd").count() == 4
    besluit = actions.check_decide(actor=people["kst-procesregisseur"], indicatie=indicatie, outcome="toegekend",
                                   reasons="nodig")
    assert besluit.status == "vastgesteld"
    text = pdf_text(bytes(besluit.brief.pdf))  # the municipality's own template (profiles/brieven/)
    assert "Gemeente Krimpen aan den IJssel" in text and "Balie Welzijn, Zorg, Opvoeding en Inkomen" in text
    assert besluit.brief.template == "brieven/krimpen-besluit.html" and "zes weken" in text


def test_a_social_domain_consultant_decides_a_wmo_custom_provision(kst):
    casus, mother, child, goal, people = kst
    csd = people["consulent-sociaal-domein"]
    # the balie route: the consultant investigates, indicates and decides on Wmo maatwerk
    indicatie = actions.check_prepare_indication(actor=csd, casus=casus, new_aanvraag=True,
                                                 data=data("02A01", mother, goal))
    besluit = actions.check_decide(actor=csd, indicatie=indicatie, outcome="toegekend", reasons="begeleiding nodig")
    assert besluit.status == "vastgesteld"
    # the question-and-intake consultant investigates but may not indicate (Ch. 4 D: not at first)
    proposal = actions.check_prepare_indication(actor=people["vit-consulent"], casus=casus, new_aanvraag=True,
                                                data=data("02A01", mother, goal))
    with pytest.raises(NotAllowed, match="'indicatie'"):
        actions.check_set_indication(actor=people["vit-consulent"], indicatie=proposal)


def test_administrative_staff_only_process(kst):
    casus, mother, child, goal, people = kst
    admin = people["administratief-medewerker"]
    with pytest.raises(NotAllowed, match="inventarisatie en diagnose"):
        actions.check_prepare_indication(actor=admin, casus=casus, new_aanvraag=True, data=data("02A01", mother, goal))
    indicatie = actions.check_prepare_indication(actor=people["vit-consulent"], casus=casus, new_aanvraag=True,
                                                 data=data("02A01", mother, goal))
    for attempt in (lambda: actions.check_set_indication(actor=admin, indicatie=indicatie),
                    lambda: actions.check_decide(actor=admin, indicatie=indicatie, outcome="toegekend", reasons="x")):
        with pytest.raises(NotAllowed, match="U heeft geen mandaat voor"):
            attempt()
    besluit = actions.check_decide(actor=people["kst-procesregisseur"], indicatie=indicatie, outcome="toegekend",
                                   reasons="nodig")
    with pytest.raises(NotAllowed, match="administratieve verwerking"):
        actions.check_send_decision(actor=people["kst-procesregisseur"], besluit=besluit)
    actions.check_send_decision(actor=admin, besluit=besluit)
    besluit.refresh_from_db()
    assert besluit.status == "verzonden" and besluit.sent_by_id == admin.user_id


def test_buch_generalist_prepares_the_decision_and_the_back_office_formalises_it(db):
    do_load_profile(actor=SYSTEM, name_or_path="buch-2015")
    generalist = staff_member("buch-2015", "generalist", "0383", teams=["st-castricum"])
    partner = actor_for_user(staff_member("buch-2015", "generalist-partner", "0383", teams=["st-castricum"]))
    backoffice = actor_for_user(staff_member("buch-2015", "backoffice", "0383"))
    casus, mother, child, goal = case_with_goal(generalist, gemeente_cbs="0383", postcode="1901AB")
    gen = actor_for_user(generalist)
    indicatie = actions.check_prepare_indication(actor=gen, casus=casus, new_aanvraag=True,
                                                 data=data("02A01", mother, goal, start=dt.date.today()))
    with pytest.raises(NotAllowed, match="beschikking"):
        actions.check_decide(actor=gen, indicatie=indicatie, outcome="toegekend", reasons="x")
    with pytest.raises(NotAllowed, match="'indicatie'"):  # partner generalists have no mandate at first (§3.1)
        actions.check_set_indication(actor=partner, indicatie=indicatie)
    actions.check_set_indication(actor=gen, indicatie=indicatie)
    besluit = actions.check_decide(actor=backoffice, indicatie=indicatie, outcome="toegekend", reasons="plan")
    actions.check_send_decision(actor=backoffice, besluit=besluit)
    besluit.refresh_from_db()
    assert besluit.status == "verzonden" and besluit.indicatie.indicated_by_id == gen.user_id
    assert besluit.decided_by_id == backoffice.user_id
