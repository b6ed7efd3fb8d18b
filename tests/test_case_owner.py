"""Every case has an owner from the start (issue 11, point 2).

Before: triage 'meervoudig' by the balie opened a case without a director; nobody was told; the district generalist
who picked up the melding got "Casus niet gevonden" on "Hoort bij casus"; no list showed cases without a director.
Now the profile's `casus_eigenaar` says who owns a new case (its team, the team lead, or a rota over the team's case
workers), whoever becomes director is told, the team's werkbak and the team lead's Mijn werk list the cases that wait
(with their age), and a case worker of the team can take one ('Neem casus op mij').
"""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Gemeente, PostcodeRange, Role, RoleAssignment, Team, TeamMembership
from toegang.audit.models import AccessLog
from toegang.cases import actions as case_actions
from toegang.cases import queries as case_queries
from toegang.cases.models import Casus
from toegang.core.actor import SYSTEM
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.deadlines.models import Clock
from toegang.intake.actions import (
    MeldingData,
    check_pick_up_melding,
    check_register_melding,
    check_triage_melding,
)
from toegang.profiles.actions import do_load_profile
from toegang.profiles.loader import data_problems
from toegang.tasks.models import Notification

from .factories import HouseholdFactory, MedewerkerFactory, ResidentFactory

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


def melding_for(gemeente, household=None, *, actor=SYSTEM):
    household = household or HouseholdFactory(gemeente=gemeente)
    resident = ResidentFactory(household=household)
    melding, _ = check_register_melding(actor=actor, gemeente=gemeente, persons=[resident],
                                        data=MeldingData(question="schulden en zorgen om de kinderen",
                                                         channel="balie", source="zelf"))
    return melding


def triage(melding, actor=SYSTEM, **kw):
    return check_triage_melding(actor=actor, melding=melding, outcome="meervoudig", reason="meerdere vragen", **kw)


def set_rule(gemeente, **rule):
    profile = gemeente.profile
    profile.data = {**profile.data, "casus_eigenaar": rule}
    profile.save()


def unread(user):
    """The user's open notifications, oldest first (as written)."""
    return list(Notification.objects.open_for(user.pk).order_by("created_at", "pk").values_list("text", "url"))


@pytest.fixture
def demodam(staff):
    return Gemeente.objects.get(cbs_code="9901")


@pytest.fixture
def waiting(demodam, staff):
    """The reported dead end: the balie triages 'meervoudig' in Noord (team Noord-Zuid), the generalist of that
    district picks the melding up."""
    balie = actor_for_user(staff["balie"])
    melding = melding_for(demodam, actor=balie)
    result = triage(melding, actor=balie)
    melding.refresh_from_db()
    check_pick_up_melding(actor=actor_for_user(staff["generalist"]), melding=melding)
    melding.refresh_from_db()
    return result, melding


def test_triage_by_the_balie_gives_the_case_its_district_team_and_tells_the_team_lead(waiting, staff):
    result, melding = waiting
    casus = result.casus
    assert casus.team.code == "st-noord-zuid" and casus.case_director_id is None  # demo rule: the team
    assert "werkbak van Sociaal team Noord-Zuid" in result.message
    # the team lead (member of the team who may assign) is told, with a link to the director section
    assert unread(staff["teamleider"]) == [(f"Casus {casus.pk} (Sociaal team Noord-Zuid) wacht op een "
                                            "casusregisseur: wijs er een toe.", f"/casussen/{casus.pk}/#casusregie")]
    assert unread(staff["generalist"]) == [] and unread(staff["procesregisseur"]) == []


def test_the_generalist_who_picks_up_the_melding_sees_the_case_and_takes_it(waiting, staff, client_for):
    result, melding = waiting
    casus = result.casus
    client = client_for("generalist")
    page = client.get(f"/meldingen/{melding.pk}/").content.decode()
    assert f'href="/casussen/{casus.pk}/"' in page and "nog geen casusregisseur" in page
    assert f'action="/casussen/{casus.pk}/op-mij-nemen/"' in page
    case_page = client.get(f"/casussen/{casus.pk}/")
    html = case_page.content.decode()
    assert case_page.status_code == 200 and "Casus niet gevonden" not in html
    # the warning and the action sit at the top, before the household and the professionals
    assert html.index("Geen casusregisseur") < html.index("Betrokken professionals")
    assert "Deze casus is vandaag geopend en wacht bij Sociaal team Noord-Zuid op een casusregisseur." in html
    assert "Neem casus op mij" in html and f'action="/casussen/{casus.pk}/regisseur/"' not in html

    response = client.post(f"/casussen/{casus.pk}/op-mij-nemen/", {"version": casus.version}, follow=True)
    casus.refresh_from_db()
    assert casus.case_director_id == staff["generalist"].pk and casus.status == Casus.Status.VRAAGVERHELDERING
    assert "U bent nu casusregisseur van deze casus." in response.content.decode()
    assert "Geen casusregisseur" not in response.content.decode()
    # the lead's notification is resolved; taking a case yourself tells nobody
    assert unread(staff["teamleider"]) == [] and unread(staff["generalist"]) == []
    assert casus.directors.get().reason == "zelf opgepakt uit het team"


def test_a_colleague_who_comes_second_hears_who_was_first_not_case_not_found(waiting, staff, make_staff, client_for):
    result, _ = waiting
    casus = result.casus
    colleague = make_staff("generalist", teams=["st-noord-zuid"])
    case_actions.check_take_case(actor=actor_for_user(staff["generalist"]), casus=casus)
    with pytest.raises(Conflict, match="heeft intussen een casusregisseur"):
        case_actions.check_take_case(actor=actor_for_user(colleague), casus=Casus.objects.get(pk=casus.pk))
    client = client_for("generalist")
    client.force_login(colleague)
    response = client.post(f"/casussen/{casus.pk}/op-mij-nemen/", {"version": 1}, follow=True)
    assert response.redirect_chain[-1][0] == "/werkbak/" and response.status_code == 200
    assert "Deze casus heeft intussen een casusregisseur" in response.content.decode()
    # once directed, the case is closed to the team's other case workers again
    assert client.get(f"/casussen/{casus.pk}/").status_code == 404


def test_nobody_outside_the_owning_team_sees_or_takes_a_waiting_case(waiting, staff, make_staff, client_for):
    result, melding = waiting
    casus = result.casus
    other_district = make_staff("generalist", teams=["st-centrum"])
    voorbeeldorp = make_staff("generalist", gemeenten=["9902"], teams=["st-noord-zuid"])  # no case work in Demodam
    for user in (other_district, voorbeeldorp, staff["balie"], staff["partner"], staff["beleid"], staff["privacy"],
                 staff["backoffice"], staff["beheer"]):
        actor = actor_for_user(user)
        assert not case_queries.can_see_case(actor, casus), user.username
        client = client_for("balie")
        client.force_login(user)
        assert client.get(f"/casussen/{casus.pk}/").status_code == 404, user.username
        assert client.post(f"/casussen/{casus.pk}/op-mij-nemen/", {"version": casus.version}).status_code == 404
        assert f"/casussen/{casus.pk}/" not in client.get("/werkbak/").content.decode()
        assert f"/casussen/{casus.pk}/" not in client.get("/").content.decode()
    with pytest.raises(NotAllowed):
        case_actions.check_take_case(actor=actor_for_user(other_district), casus=casus)
    # the balie who triaged reads which case it is, without a link that would lead nowhere
    page = client_for("balie").get(f"/meldingen/{melding.pk}/").content.decode()
    assert f"Hoort bij casus {casus.pk} (Sociaal team Noord-Zuid), nog geen casusregisseur" in page
    assert f'href="/casussen/{casus.pk}/"' not in page
    # the API answers as the pages do
    assert client_for("balie").get(f"/api/v1/casussen/{casus.pk}").status_code == 404
    assert client_for("generalist").get(f"/api/v1/casussen/{casus.pk}").status_code == 200


def test_team_lead_sees_waiting_cases_with_their_age_and_assigns_from_mijn_werk(waiting, staff, client_for):
    result, _ = waiting
    casus = result.casus
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=True):
        assert "1 dag</td>" in client_for("teamleider").get("/").content.decode()
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=True):
        client = client_for("teamleider")  # a session of its own day
        html = client.get("/").content.decode()
        assert "Casussen zonder casusregisseur" in html and f'href="/casussen/{casus.pk}/"' in html
        assert "3 dagen</td>" in html and casus.household.label in html
        # the team's case workers to choose from, the assign action of the case page
        assert f'action="/casussen/{casus.pk}/regisseur/"' in html
        assert re.search(rf'<option value="{staff["generalist"].pk}">{staff["generalist"]}', html)
        assert AccessLog.objects.filter(purpose="casussen zonder casusregisseur", actor=staff["teamleider"]).exists()
        case_page = client.get(f"/casussen/{casus.pk}/").content.decode()
        assert "Deze casus wacht al 3 dagen bij Sociaal team Noord-Zuid op een casusregisseur." in case_page
        # the lead assigns at the top of the case page too (the form moved up from the bottom)
        assert case_page.index(f'action="/casussen/{casus.pk}/regisseur/"') < case_page.index("Betrokken professionals")
        assert case_page.count(f'action="/casussen/{casus.pk}/regisseur/"') == 1
        response = client.post(f"/casussen/{casus.pk}/regisseur/",
                               {"medewerker": staff["generalist"].pk, "version": casus.version})
    assert response.status_code == 302
    casus.refresh_from_db()
    assert casus.case_director_id == staff["generalist"].pk
    # the new director is told; the lead's own notification about the waiting case resolved itself
    assert unread(staff["generalist"]) == [(f"U bent casusregisseur van casus {casus.pk}.", f"/casussen/{casus.pk}/")]
    assert unread(staff["teamleider"]) == []
    assert f'href="/casussen/{casus.pk}/"' not in client.get("/").content.decode().split("zonder casusregisseur")[1]\
        .split("</section>")[0]


def test_reassigning_tells_the_new_director_and_resolves_the_old_directors_message(demodam, staff, actor_of):
    casus = triage(melding_for(demodam)).casus
    lead = actor_of(staff["teamleider"])
    case_actions.check_assign_case_director(actor=lead, casus=casus, medewerker=staff["generalist"])
    case_actions.check_assign_case_director(actor=lead, casus=Casus.objects.get(pk=casus.pk),
                                            medewerker=staff["procesregisseur"])
    assert unread(staff["generalist"]) == []
    assert unread(staff["procesregisseur"]) == [(f"U bent casusregisseur van casus {casus.pk}.",
                                                 f"/casussen/{casus.pk}/")]


def test_the_werkbak_of_the_team_lists_waiting_cases_with_the_take_button(waiting, staff, client_for):
    result, _ = waiting
    casus = result.casus
    html = client_for("generalist").get("/werkbak/").content.decode()
    section = html.split("Casussen zonder casusregisseur")[1]
    assert f'href="/casussen/{casus.pk}/"' in section and "sinds vandaag" in section
    assert f'action="/casussen/{casus.pk}/op-mij-nemen/"' in section
    assert f'action="/casussen/{casus.pk}/regisseur/"' not in section  # a generalist does not assign
    # the front desk is in a team too, but does no case work: no such section
    assert "Casussen zonder casusregisseur" not in client_for("balie").get("/werkbak/").content.decode()


def test_waiting_case_lists_are_bounded(demodam, staff, client_for):
    lead, generalist = client_for("teamleider"), client_for("generalist")

    def count(client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    triage(melding_for(demodam))
    one = count(lead, "/"), count(generalist, "/werkbak/")
    for _ in range(4):
        triage(melding_for(demodam))
    centrum = HouseholdFactory(gemeente=demodam, wijk=demodam.wijken.get(code="centrum"), postcode="9901AA")
    triage(melding_for(demodam, centrum))
    assert Casus.objects.filter(case_director__isnull=True).count() == 6
    assert (count(lead, "/"), count(generalist, "/werkbak/")) == one
    assert lead.get("/").content.decode().count("/op-mij-nemen/") == 6  # the lead does case work in both teams


def test_the_waiting_lists_have_their_partial_indexes(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Casus._meta.db_table)
    assert constraints["casus_unowned_team_idx"]["columns"] == ["team_id", "opened_at"]
    assert constraints["casus_unowned_gemeente_idx"]["columns"] == ["gemeente_id", "opened_at"]


def test_rota_gives_the_team_case_worker_with_the_fewest_open_cases_and_tells_them(demodam, staff, make_staff):
    set_rule(demodam, regel="rota", rollen=["generalist"])
    second = make_staff("generalist", teams=["st-noord-zuid"])
    first = staff["generalist"]  # the lower id
    make_staff("generalist", teams=["st-centrum"])  # another team: never chosen
    results = [triage(melding_for(demodam)) for _ in range(3)]
    directors = [r.casus.case_director_id for r in results]
    assert directors == [first.pk, second.pk, first.pk]
    assert "met casusregisseur" in results[0].message
    assert [t for t, _ in unread(first)] == [f"U bent casusregisseur van casus {results[0].casus.pk}.",
                                             f"U bent casusregisseur van casus {results[2].casus.pk}."]
    assert results[0].casus.directors.get().reason == "toegewezen volgens de rota van het team (profiel)"
    # the first-contact clock is the director's from the start
    clock = Clock.objects.get(kind="eerste-contact", subject_id=results[1].melding.pk)
    assert clock.owner_id == second.pk and clock.team_id == results[1].casus.team_id
    assert unread(staff["teamleider"]) == []  # nothing waits


def test_teamleider_rule_gives_the_team_lead(demodam, staff):
    set_rule(demodam, regel="teamleider")
    casus = triage(melding_for(demodam)).casus
    assert casus.case_director_id == staff["teamleider"].pk
    assert unread(staff["teamleider"]) == [(f"U bent casusregisseur van casus {casus.pk}.", f"/casussen/{casus.pk}/")]


def test_a_rule_that_finds_nobody_leaves_the_case_with_its_team_and_process_direction_is_told(demodam, staff):
    set_rule(demodam, regel="rota", rollen=["partner"])
    casus = triage(melding_for(demodam)).casus
    assert casus.case_director_id is None and casus.team.code == "st-noord-zuid"
    assert len(unread(staff["teamleider"])) == 1
    # a team without anyone who assigns: process direction hears of it
    set_rule(demodam, regel="team")
    centrum = HouseholdFactory(gemeente=demodam, wijk=demodam.wijken.get(code="centrum"), postcode="9901AA")
    TeamMembership.objects.filter(medewerker=staff["teamleider"], team__code="st-centrum").delete()
    other = triage(melding_for(demodam, centrum)).casus
    assert other.team.code == "st-centrum"
    assert unread(staff["procesregisseur"]) == [(f"Casus {other.pk} (Sociaal team Centrum) wacht op een "
                                                 "casusregisseur: wijs er een toe.", f"/casussen/{other.pk}/#casusregie")]


def test_the_profile_team_owns_every_case_and_triage_without_any_team_is_refused(demodam, staff):
    set_rule(demodam, regel="team", team="st-centrum")
    casus = triage(melding_for(demodam)).casus  # routed to Noord-Zuid
    assert casus.team.code == "st-centrum"
    set_rule(demodam, regel="team")
    nowhere = HouseholdFactory(gemeente=demodam, wijk=None, postcode="9999ZZ")
    melding = melding_for(demodam, nowhere)
    assert melding.team_id is None
    with pytest.raises(ValidationFailed) as info:
        triage(melding)
    assert info.value.field_errors["team"] == ["Een casus hoort bij een team: kies het team dat de casus krijgt."]
    assert not Casus.objects.filter(household=nowhere).exists()
    chosen = triage(melding, team=Team.objects.get(code="st-centrum"), override_reason="woont in het centrum").casus
    assert chosen.team.code == "st-centrum"


def test_an_unknown_team_or_role_in_the_owner_rule_is_refused(profile):
    data = {**profile.data, "casus_eigenaar": {"regel": "rota", "team": "bestaat-niet", "rollen": ["niemand"]}}
    problems = {(p.path, p.message) for p in data_problems(data, "demo", None)}
    assert ("casus_eigenaar.team", "onbekend team 'bestaat-niet'") in problems
    assert ("casus_eigenaar.rollen[0]", "onbekende rol 'niemand'") in problems
    wrong = {**profile.data, "casus_eigenaar": {"regel": "loting"}}
    assert any(p.path == "casus_eigenaar.regel" for p in data_problems(wrong, "demo", None))


def _staff_of(profile, role: str, team: Team, gemeente: Gemeente):
    user = MedewerkerFactory()
    RoleAssignment.objects.create(medewerker=user, gemeente=gemeente, role=Role.objects.get(profile=profile, code=role))
    TeamMembership.objects.create(medewerker=user, team=team)
    return user


def _household_in(gemeente: Gemeente):
    postcode_range = PostcodeRange.objects.filter(wijk__gemeente=gemeente).select_related("wijk").first()
    return HouseholdFactory(gemeente=gemeente, wijk=postcode_range.wijk, postcode=postcode_range.start)


def test_each_shipped_profile_gives_the_owner_its_documents_say(db):
    # demo: the district's social team; the team lead distributes
    demo = do_load_profile(actor=SYSTEM, name_or_path="demo").profile
    demodam = Gemeente.objects.get(cbs_code="9901")
    noord_zuid = Team.objects.get(gemeente=demodam, code="st-noord-zuid")
    lead = _staff_of(demo, "teamleider", noord_zuid, demodam)
    casus = triage(melding_for(demodam, HouseholdFactory(gemeente=demodam))).casus
    assert (casus.team, casus.case_director) == (noord_zuid, None) and len(unread(lead)) == 1

    # BUCH: the generalist where the question arrives is the vaste contactpersoon (seed 001 §4.2): a rota over the
    # district team's generalists gives each case a director at once
    buch = do_load_profile(actor=SYSTEM, name_or_path="buch-2015").profile
    bergen = Gemeente.objects.get(cbs_code="0373")
    household = _household_in(bergen)
    team = Team.objects.get(gemeente=bergen, wijken=household.wijk)
    partner_generalist = _staff_of(buch, "generalist-partner", team, bergen)
    generalist = _staff_of(buch, "generalist", team, bergen)
    _staff_of(buch, "kcc", team, bergen)  # the front desk does no case work
    first = triage(melding_for(bergen, household)).casus
    second = triage(melding_for(bergen, _household_in(bergen))).casus
    assert first.team == team and {first.case_director_id, second.case_director_id} == {partner_generalist.pk,
                                                                                      generalist.pk}
    assert len(unread(partner_generalist)) == 1 and len(unread(generalist)) == 1

    # Krimpen: a case belongs to the KST whichever team triaged (§3.1.3); the procesregisseurs are told (§3.2.2)
    krimpen_profile = do_load_profile(actor=SYSTEM, name_or_path="krimpen-2014").profile
    krimpen = Gemeente.objects.get(cbs_code="0542")
    kst, vit = Team.objects.get(gemeente=krimpen, code="kst"), Team.objects.get(gemeente=krimpen, code="vit")
    director = _staff_of(krimpen_profile, "kst-procesregisseur", kst, krimpen)
    consultant = _staff_of(krimpen_profile, "vit-consulent", vit, krimpen)
    melding = melding_for(krimpen, _household_in(krimpen))
    casus = triage(melding, actor=actor_for_user(consultant)).casus
    assert casus.team == kst and casus.case_director is None
    assert len(unread(director)) == 1 and unread(consultant) == []
    # the consultant of the intake team reads which case it is; the KST's case workers see and take it
    assert not case_queries.can_see_case(actor_for_user(consultant), casus)
    kst_worker = _staff_of(krimpen_profile, "kst-casusregisseur", kst, krimpen)
    case_actions.check_take_case(actor=actor_for_user(kst_worker), casus=casus)
    assert Casus.objects.get(pk=casus.pk).case_director == kst_worker and unread(director) == []


def test_a_case_opened_in_the_old_way_still_has_no_owner_problem(profile, staff, actor_of):
    """do_open_case without a team (imports, tests) stays possible; such a case has no team to take it from, and
    only process direction sees and assigns it."""
    household = HouseholdFactory()
    ResidentFactory(household=household)
    with transaction.atomic():
        casus = case_actions.do_open_case(actor=SYSTEM, household=household, team_id=None)
    assert not case_queries.can_see_case(actor_of(staff["generalist"]), casus)
    rows, _ = case_queries.unowned_cases(actor_of(staff["procesregisseur"]), assigning=True)
    assert [c.pk for c in rows] == [casus.pk] and rows[0].waiting == 0
    assert timezone.localdate(casus.opened_at) == timezone.localdate()
