"""Staff administration (issue 13, item 3): functional administration creates staff, changes their details,
deactivates and reactivates accounts, grants and revokes roles per gemeente and puts staff in teams; every change is
in the change log; nobody grants a role the profile's `kan_toekennen` does not let them grant, nobody changes their
own roles or deactivates themselves; a deactivated account loses its sessions and API keys at once."""

import re
import textwrap

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from toegang.accounts import actions
from toegang.accounts.models import ApiToken, Gemeente, Medewerker, Organisatie, Role, RoleAssignment, Team
from toegang.audit.models import ChangeLog
from toegang.core.actor import SYSTEM
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.profiles.loader import ProfileInvalid, read_profile

from .factories import api_key
from .standard_data import make_staff_member

DEMO_GRANTS = ["backoffice", "balie", "beleid", "generalist", "partner", "procesregisseur", "teamleider"]


def role(code: str) -> Role:
    return Role.objects.get(profile__name="demo", code=code)


def org(code: str) -> Organisatie:
    return Organisatie.objects.get(code=code)


def events(medewerker, event: str) -> list[ChangeLog]:
    return list(ChangeLog.objects.filter(event=event, object_type="accounts.medewerker",
                                         object_id=str(medewerker.pk)).order_by("seq"))


def roles_of(medewerker) -> set[tuple[str, str]]:
    return set(RoleAssignment.objects.filter(medewerker=medewerker).values_list("gemeente__cbs_code", "role__code"))


def created(actor, username="nieuw", **overrides) -> Medewerker:
    values = {"username": username, "full_name": "Nina de Nieuwe", "password": None,
              "organisatie": org("gemeente-demodam"), "function_title": "Consulent", "email": "nina@demodam.example"}
    return actions.check_create_medewerker(actor=actor, **{**values, **overrides})


@pytest.fixture
def admin(staff, actor_of):
    """The demo's functional administrator (beheer in Demodam) as actor."""
    return actor_of(staff["beheer"])


# --- who may grant which role: the profile's kan_toekennen ------------------------------------------------------


def test_the_profile_says_which_roles_functional_administration_grants(profile):
    """profiles/demo.yaml: beheer grants the working roles, not the privacy officer (audit.view) nor beheer itself
    (config.manage); a role without kan_toekennen grants nothing."""
    assert sorted(role("beheer").grantable) == DEMO_GRANTS
    assert role("generalist").grantable == [] and role("privacy").grantable == []


MINIMAL = """
profiel: mini
titel: Mini
gemeenten:
  - cbs: "0373"
    naam: Bergen
    wijken: [{code: noord, naam: Noord, postcodes: ["1861-1862"]}]
rollen:
  - {code: generalist, naam: Generalist, bevoegdheden: [persons.view_team]}
  - {code: beheer, naam: Beheer, bevoegdheden: [config.manage], kan_toekennen: [generalist, balie]}
"""


def test_an_unknown_role_in_kan_toekennen_is_refused(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(textwrap.dedent(MINIMAL))
    with pytest.raises(ProfileInvalid) as refused:
        read_profile(str(path))
    assert [(p.path, p.message) for p in refused.value.problems] == [
        ("rollen[1].kan_toekennen[1]", "onbekende rol 'balie'")]


def test_the_seed_profiles_let_functional_administration_grant_no_audit_or_config_role():
    """krimpen-2014 and buch-2015: beheer grants working roles; a role with config.manage or audit.view only on the
    command line (docs/profiles.md)."""
    for name in ("demo", "krimpen-2014", "buch-2015"):
        roles = {r["code"]: r for r in read_profile(name).data["rollen"]}
        granted = set(roles["beheer"]["kan_toekennen"])
        assert granted, name
        powerful = {code for code, r in roles.items() if {"config.manage", "audit.view"} & set(r["bevoegdheden"])}
        assert not granted & powerful, (name, granted & powerful)


def test_functional_administration_grants_a_role_the_profile_lets_it_grant(staff, admin, demodam):
    generalist = staff["generalist"]
    actions.check_grant_role(actor=admin, medewerker=generalist, gemeente=demodam, role=role("balie"))
    assert ("9901", "balie") in roles_of(generalist)
    (row,) = events(generalist, "medewerker.rol_toegekend")
    assert row.actor_id == staff["beheer"].pk and row.gemeente_id == demodam.pk
    assert row.new == {"rol": "balie", "gemeente": "9901"}


@pytest.mark.parametrize("code", ["privacy", "beheer"])
def test_a_role_outside_kan_toekennen_is_refused_and_the_command_line_may(staff, admin, demodam, code):
    generalist = staff["generalist"]
    with pytest.raises(NotAllowed, match="niet toekennen"):
        actions.check_grant_role(actor=admin, medewerker=generalist, gemeente=demodam, role=role(code))
    assert ("9901", code) not in roles_of(generalist)
    assert not events(generalist, "medewerker.rol_toegekend")
    actions.check_grant_role(actor=SYSTEM, medewerker=generalist, gemeente=demodam, role=role(code))
    assert ("9901", code) in roles_of(generalist)


def test_the_profile_decides_a_profile_that_lets_beheer_grant_the_privacy_role(staff, admin, demodam):
    Role.objects.filter(pk=role("beheer").pk).update(grantable=[*DEMO_GRANTS, "privacy"])
    actions.check_grant_role(actor=admin, medewerker=staff["generalist"], gemeente=demodam, role=role("privacy"))
    assert ("9901", "privacy") in roles_of(staff["generalist"])


def test_kan_toekennen_without_config_manage_grants_nothing(staff, actor_of, demodam):
    """The team lead's role may not grant, even if its profile lists roles: config.manage is needed too."""
    Role.objects.filter(pk=role("teamleider").pk).update(grantable=["generalist", "balie"])
    with pytest.raises(NotAllowed):
        actions.check_grant_role(actor=actor_of(staff["teamleider"]), medewerker=staff["balie"], gemeente=demodam,
                                 role=role("generalist"))


def test_a_role_in_a_gemeente_the_actor_does_not_administer_is_refused(staff, admin, voorbeeldorp):
    """The standard beheer administers Demodam only: not Voorbeeldorp, its roles or teams."""
    generalist = staff["generalist"]
    with pytest.raises(NotAllowed, match="geen functioneel beheerder in deze gemeente"):
        actions.check_grant_role(actor=admin, medewerker=generalist, gemeente=voorbeeldorp, role=role("balie"))
    with pytest.raises(NotAllowed):
        actions.check_add_team_member(actor=admin, medewerker=generalist,
                                      team=Team.objects.get(code="st-voorbeeldorp"))
    elsewhere = make_staff_member("generalist", gemeenten=["9902"], teams=["st-voorbeeldorp"])
    with pytest.raises(NotAllowed, match="niet in een gemeente"):
        actions.check_deactivate_medewerker(actor=admin, medewerker=elsewhere, expected_version=None,
                                            reason="uit dienst")


def test_nobody_changes_their_own_roles_or_deactivates_themselves(staff, actor_of, demodam):
    """Even where the profile lets beheer grant beheer (two functional administrators may then administer each
    other), nobody acts on their own account."""
    Role.objects.filter(pk=role("beheer").pk).update(grantable=[*DEMO_GRANTS, "beheer"])
    me = staff["beheer"]
    actor = actor_of(me)
    own = RoleAssignment.objects.get(medewerker=me)
    with pytest.raises(NotAllowed, match="eigen"):
        actions.check_grant_role(actor=actor, medewerker=me, gemeente=demodam, role=role("balie"))
    with pytest.raises(NotAllowed, match="eigen"):
        actions.check_revoke_role(actor=actor, assignment=own)
    with pytest.raises(NotAllowed, match="eigen"):
        actions.check_add_team_member(actor=actor, medewerker=me, team=Team.objects.get(code="st-centrum"))
    with pytest.raises(NotAllowed, match="eigen"):
        actions.check_deactivate_medewerker(actor=actor, medewerker=me, expected_version=None, reason="weg")
    with pytest.raises(NotAllowed, match="eigen"):
        actions.check_update_medewerker(actor=actor, medewerker=me, expected_version=None, full_name="Ik Zelf",
                                        email="", function_title="", organisatie=None)
    assert RoleAssignment.objects.filter(pk=own.pk).exists() and Medewerker.objects.get(pk=me.pk).is_active
    # another functional administrator may, where the profile lets beheer grant beheer
    colleague = make_staff_member("beheer")
    actions.check_deactivate_medewerker(actor=actor_of(colleague), medewerker=me, expected_version=None,
                                        reason="uit dienst")
    assert not Medewerker.objects.get(pk=me.pk).is_active


def test_an_account_with_a_role_the_actor_cannot_grant_is_not_theirs_to_administer(staff, admin, demodam):
    """The privacy officer (AVG art. 38 lid 3) and another functional administrator: no deactivating, details,
    second factor, roles or teams — only the command line, or whoever may grant their role."""
    for code in ("privacy", "beheer"):
        other = staff[code] if code == "privacy" else make_staff_member("beheer")
        with pytest.raises(NotAllowed, match="mag u niet toekennen"):
            actions.check_deactivate_medewerker(actor=admin, medewerker=other, expected_version=None, reason="x")
        with pytest.raises(NotAllowed):
            actions.check_update_medewerker(actor=admin, medewerker=other, expected_version=None,
                                            full_name="Ander", email="", function_title="",
                                            organisatie=org("gemeente-demodam"))
        with pytest.raises(NotAllowed):
            actions.check_reset_second_factor(actor=admin, medewerker=other, reason="telefoon kwijt")
        with pytest.raises(NotAllowed):
            actions.check_grant_role(actor=admin, medewerker=other, gemeente=demodam, role=role("balie"))
        assert Medewerker.objects.get(pk=other.pk).is_active
    actions.check_deactivate_medewerker(actor=SYSTEM, medewerker=staff["privacy"], expected_version=None,
                                        reason="uit dienst")


def test_revoking_a_role_and_teams_are_audited(staff, admin):
    generalist = staff["generalist"]
    assignment = RoleAssignment.objects.get(medewerker=generalist)
    assert actions.check_revoke_role(actor=admin, assignment=assignment) is True
    assert roles_of(generalist) == set()
    assert events(generalist, "medewerker.rol_ingetrokken")[0].old == {"rol": "generalist", "gemeente": "9901"}
    assert actions.check_revoke_role(actor=admin, assignment=assignment) is False  # gone already: no second row
    assert len(events(generalist, "medewerker.rol_ingetrokken")) == 1

    centrum = Team.objects.get(code="st-centrum")
    membership = actions.check_add_team_member(actor=admin, medewerker=generalist, team=centrum)
    assert events(generalist, "medewerker.team_toegevoegd")[0].new == {"team": "st-centrum"}
    assert actions.check_remove_team_member(actor=admin, membership=membership) is True
    assert events(generalist, "medewerker.team_verwijderd")[0].old == {"team": "st-centrum"}
    assert not generalist.team_memberships.filter(team=centrum).exists()


# --- creating and changing -----------------------------------------------------------------------------------


def test_creating_a_staff_member_is_audited_without_the_password(staff, admin):
    member = created(admin, password="Kastanje-Fiets-Regen-27")
    assert member.check_password("Kastanje-Fiets-Regen-27") and member.get_full_name() == "Nina de Nieuwe"
    assert (member.first_name, member.last_name) == ("Nina", "de Nieuwe")
    (row,) = events(member, "medewerker.aangemaakt")
    assert row.new["gebruikersnaam"] == "nieuw" and row.new["wachtwoord"] == "ingesteld"
    assert "Kastanje" not in str(row.new) and row.actor_id == staff["beheer"].pk
    without = created(admin, username="zonder")
    assert not without.has_usable_password()  # logs in through the municipality's identity provider


@pytest.mark.parametrize(("overrides", "field", "says"), [
    ({"username": "Balie"}, "username", "bestaat al"),  # whatever its capitals
    ({"username": "met spatie"}, "username", "alleen letters"),
    ({"full_name": "  "}, "full_name", "naam in"),
    ({"email": "geen-adres"}, "email", "geen geldig e-mailadres"),
    ({"organisatie": None}, "organisatie", "Kies de organisatie"),
    ({"password": "839201746352"}, "password", "alleen cijfers"),
])
def test_creating_refuses_bad_input_at_its_field(staff, admin, overrides, field, says):
    with pytest.raises(ValidationFailed) as refused:
        created(admin, **overrides)
    assert any(says in reason for reason in refused.value.field_errors[field]), refused.value.field_errors
    assert not Medewerker.objects.filter(username__in=["nieuw", "met spatie"]).exists()


def test_only_organisations_of_administered_gemeenten_and_only_functional_administration(staff, admin, actor_of):
    elsewhere = Organisatie.objects.create(profile=org("gemeente-demodam").profile, code="ergens", name="Ergens",
                                           kind="anders")
    elsewhere.gemeenten.set([Gemeente.objects.get(cbs_code="9902")])
    with pytest.raises(ValidationFailed) as refused:
        created(admin, organisatie=elsewhere)
    assert "organisatie" in refused.value.field_errors
    with pytest.raises(NotAllowed):
        created(actor_of(staff["teamleider"]))


def test_changing_details_records_old_and_new_and_refuses_a_stale_form(staff, admin):
    generalist = staff["generalist"]
    version = generalist.version
    actions.check_update_medewerker(actor=admin, medewerker=generalist, expected_version=version,
                                    full_name="Gijs van Generalist", email="gijs@demodam.example",
                                    function_title="Generalist", organisatie=org("welzijn-demo"))
    fresh = Medewerker.objects.get(pk=generalist.pk)
    assert (fresh.first_name, fresh.last_name, fresh.version) == ("Gijs", "van Generalist", version + 1)
    (row,) = events(generalist, "medewerker.gewijzigd")
    assert row.old["voornaam"] == "Test" and row.new == {
        "voornaam": "Gijs", "achternaam": "van Generalist", "email": "gijs@demodam.example", "functie": "Generalist",
        "organisatie": org("welzijn-demo").pk}
    with pytest.raises(Conflict):
        actions.check_update_medewerker(actor=admin, medewerker=Medewerker.objects.get(pk=generalist.pk),
                                        expected_version=version, full_name="Iemand Anders", email="",
                                        function_title="", organisatie=org("welzijn-demo"))
    assert Medewerker.objects.get(pk=generalist.pk).last_name == "van Generalist"
    # the same again: nothing changed, nothing recorded
    actions.check_update_medewerker(actor=admin, medewerker=fresh, expected_version=fresh.version,
                                    full_name="Gijs van Generalist", email="gijs@demodam.example",
                                    function_title="Generalist", organisatie=org("welzijn-demo"))
    assert len(events(generalist, "medewerker.gewijzigd")) == 1


# --- deactivating ends every session and API key at once --------------------------------------------------------


def logged_in(username: str) -> Client:
    """A real login with the password (ModelBackend), as a browser does."""
    client = Client()
    response = client.post("/inloggen/", {"username": username, "password": "geheim-wachtwoord"})
    assert response.status_code == 302, response.content
    return client


def test_deactivating_ends_the_session_at_once(staff, admin, django_capture_on_commit_callbacks):
    browser = logged_in("generalist")
    assert browser.get("/").status_code == 200
    assert browser.get("/api/v1/huishoudens").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_deactivate_medewerker(actor=admin, medewerker=staff["generalist"],
                                            expected_version=staff["generalist"].version, reason="uit dienst")
    # the very next request: no user (ModelBackend.get_user refuses an inactive account)
    page = browser.get("/")
    assert page.status_code == 302 and page["Location"].startswith("/inloggen/")
    assert browser.get("/api/v1/huishoudens").status_code == 401
    # and the session is gone from the store (accounts.actions.staff.end_sessions_of)
    assert not any(s.get_decoded().get("_auth_user_id") == str(staff["generalist"].pk)
                   for s in Session.objects.all())
    assert Client().post("/inloggen/", {"username": "generalist", "password": "geheim-wachtwoord"}).status_code == 200
    (row,) = events(staff["generalist"], "medewerker.gedeactiveerd")
    assert row.new["reden"] == "uit dienst" and row.new["actief"] is False



def test_with_a_shared_cache_a_page_reads_its_session_there_and_deactivating_removes_it(
        staff, admin, settings, django_capture_on_commit_callbacks):
    """With TOEGANG_REDIS_URL the session engine is cached_db (settings; issue 16): a page reads the session from
    the shared cache, not the table, and ending a deactivated member's sessions removes the cached copy as well
    (a locmem cache stands in for Redis here; tests/test_scale_out.py runs two servers on one Redis)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    browser = logged_in("generalist")
    with CaptureQueriesContext(connection) as ctx:
        assert browser.get("/").status_code == 200
    assert not [q for q in ctx.captured_queries if "django_session" in q["sql"]]
    key = "django.contrib.sessions.cached_db" + browser.cookies["sessionid"].value
    assert cache.get(key) is not None
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_deactivate_medewerker(actor=admin, medewerker=staff["generalist"],
                                            expected_version=staff["generalist"].version, reason="uit dienst")
    assert cache.get(key) is None
    assert browser.get("/")["Location"].startswith("/inloggen/")

def bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_deactivating_revokes_the_api_keys_at_once(staff, admin):
    key = api_key(staff["generalist"])
    assert bearer(key).get("/api/v1/huishoudens").status_code == 200
    actions.check_deactivate_medewerker(actor=admin, medewerker=staff["generalist"], expected_version=None,
                                        reason="uit dienst")
    refused = bearer(key).get("/api/v1/huishoudens")
    assert refused.status_code == 401 and refused.json()["code"] == "api-sleutel-ingetrokken"
    token = ApiToken.objects.get(medewerker=staff["generalist"])
    assert token.revoked_by_id == staff["beheer"].pk
    assert events(staff["generalist"], "medewerker.gedeactiveerd")[0].new["sleutelsIngetrokken"] == [token.pk]


def test_a_key_of_an_inactive_account_is_refused_even_unrevoked(staff):
    """The API-key authentication asks is_active itself (api/authentication.py), whatever made the account
    inactive."""
    key = api_key(staff["balie"])
    Medewerker.objects.filter(pk=staff["balie"].pk).update(is_active=False)
    refused = bearer(key).get("/api/v1/huishoudens")
    assert refused.status_code == 401 and refused.json()["code"] == "account-niet-actief"


def test_reactivating_gives_back_roles_and_teams_but_no_old_key(staff, admin):
    generalist = staff["generalist"]
    key = api_key(generalist)
    with pytest.raises(ValidationFailed) as refused:
        actions.check_deactivate_medewerker(actor=admin, medewerker=generalist, expected_version=None, reason=" ")
    assert "reason" in refused.value.field_errors
    actions.check_deactivate_medewerker(actor=admin, medewerker=generalist, expected_version=None, reason="weg")
    with pytest.raises(Conflict, match="al gedeactiveerd"):
        actions.check_deactivate_medewerker(actor=admin, medewerker=generalist, expected_version=None, reason="weg")
    actions.check_reactivate_medewerker(actor=admin, medewerker=generalist, expected_version=None,
                                        reason="terug in dienst")
    assert Medewerker.objects.get(pk=generalist.pk).is_active
    assert roles_of(generalist) == {("9901", "generalist")}
    assert logged_in("generalist").get("/").status_code == 200
    assert bearer(key).get("/api/v1/huishoudens").status_code == 401  # its keys stay revoked
    assert events(generalist, "medewerker.geactiveerd")[0].new == {"actief": True, "reden": "terug in dienst"}
    with pytest.raises(Conflict, match="al actief"):
        actions.check_reactivate_medewerker(actor=admin, medewerker=generalist, expected_version=None, reason="x")


# --- the pages -------------------------------------------------------------------------------------------------


def test_the_list_shows_names_finds_by_name_login_organisation_and_team_in_bounded_queries(
        staff, client_for, django_assert_max_num_queries):
    for i in range(30):
        make_staff_member("generalist", username=f"extra{i}", organisatie="welzijn-demo")
    client = client_for("beheer")
    with django_assert_max_num_queries(10):
        page = client.get("/medewerkers/")
    html = page.content.decode()
    assert page.status_code == 200 and html.count('href="/medewerkers/') >= 25
    assert 'href="?pagina=2"' in html or "pagina=2" in html
    with django_assert_max_num_queries(10):
        second = client.get("/medewerkers/?pagina=2")
    assert second.status_code == 200

    def found(query: str) -> set[str]:
        text = client.get(f"/medewerkers/?{query}").content.decode()
        return set(re.findall(r'href="/medewerkers/(\d+)/"', text))

    generalist = str(staff["generalist"].pk)
    Medewerker.objects.filter(pk=staff["generalist"].pk).update(first_name="Gijs", last_name="Bakkerszoon")
    assert found("zoek=gijs+bakkers") == {generalist}  # every word, in any part of the name
    assert found("zoek=extra7") == {str(Medewerker.objects.get(username="extra7").pk)}  # the login name
    assert len(found("zoek=Welzijn&pagina=1")) == 25  # the organisation
    assert generalist in found("zoek=Noord-Zuid")  # a team
    actions.check_deactivate_medewerker(actor=SYSTEM, medewerker=staff["generalist"], expected_version=None,
                                        reason="weg")
    assert generalist not in found("zoek=Noord-Zuid")
    assert generalist in found("zoek=Noord-Zuid&status=niet-actief")
    assert generalist in found("zoek=Noord-Zuid&status=alle")


def test_only_functional_administration_gets_the_pages_and_the_menu_item(staff, client_for):
    assert client_for("teamleider").get("/medewerkers/").status_code == 403
    assert client_for("privacy").get(f"/medewerkers/{staff['generalist'].pk}/").status_code == 403
    assert 'href="/medewerkers/"' in client_for("beheer").get("/").content.decode()
    assert 'href="/medewerkers/"' not in client_for("teamleider").get("/").content.decode()


def test_a_staff_member_outside_my_gemeenten_is_not_found(staff, client_for):
    elsewhere = make_staff_member("generalist", gemeenten=["9902"], teams=["st-voorbeeldorp"])
    assert client_for("beheer").get(f"/medewerkers/{elsewhere.pk}/").status_code == 404


def test_the_role_form_offers_only_roles_the_actor_may_grant(staff, client_for):
    html = client_for("beheer").get(f"/medewerkers/{staff['generalist'].pk}/").content.decode()
    select = re.search(r'<select name="role".*?</select>', html, re.S).group(0)
    offered = set(re.findall(r">([^<]+)</option>", select)) - {"Kies een rol"}
    names = dict(Role.objects.filter(profile__name="demo").values_list("code", "name"))
    assert offered == {names[c] for c in DEMO_GRANTS} - {names["generalist"]}  # held already
    assert names["privacy"] not in select and names["beheer"] not in select


def test_a_staff_member_i_may_not_administer_is_shown_without_forms_and_with_the_reason(staff, client_for):
    html = client_for("beheer").get(f"/medewerkers/{staff['privacy'].pk}/").content.decode()
    assert "die rol mag u niet toekennen" in html
    assert "/deactiveren/" not in html and "/rollen/" not in html and "/gegevens/" not in html
    refused = client_for("beheer").post(f"/medewerkers/{staff['privacy'].pk}/deactiveren/",
                                        {"version": staff["privacy"].version, "reason": "weg"})
    assert refused.status_code == 403 and Medewerker.objects.get(pk=staff["privacy"].pk).is_active


def test_a_refused_new_staff_member_keeps_what_was_typed_but_never_the_password(staff, client_for):
    body = {"username": "nina", "full_name": "Nina de Nieuwe", "email": "geen-adres", "function_title": "Consulent",
            "organisatie": org("gemeente-demodam").pk, "password": "Kastanje-Fiets-Regen-27"}
    page = client_for("beheer").post("/medewerkers/nieuw/", body)
    assert page.status_code == 422
    html = page.content.decode()
    for value in ("nina", "Nina de Nieuwe", "geen-adres", "Consulent"):
        assert f'value="{value}"' in html
    assert "Kastanje" not in html and "Typ het wachtwoord opnieuw" in html
    assert 'id="nieuw-email-fout"' in html and not Medewerker.objects.filter(username="nina").exists()
    done = client_for("beheer").post("/medewerkers/nieuw/", {**body, "email": "nina@demodam.example"})
    member = Medewerker.objects.get(username="nina")
    assert done.status_code == 302 and done["Location"] == f"/medewerkers/{member.pk}/"


def test_the_staff_page_grants_revokes_adds_a_team_and_deactivates(staff, client_for, demodam):
    generalist = staff["generalist"]
    client = client_for("beheer")
    url = f"/medewerkers/{generalist.pk}/"
    granted = client.post(f"{url}rollen/", {"role": f"{demodam.pk}-{role('balie').pk}"})
    assert granted.status_code == 302 and granted["Location"] == f"{url}#rollen"
    assert ("9901", "balie") in roles_of(generalist)
    refused = client.post(f"{url}rollen/", {"role": f"{demodam.pk}-{role('privacy').pk}"})
    assert refused.status_code == 422 and ("9901", "privacy") not in roles_of(generalist)
    assignment = RoleAssignment.objects.get(medewerker=generalist, role__code="balie")
    assert client.post(f"{url}rollen/{assignment.pk}/intrekken/").status_code == 302
    assert ("9901", "balie") not in roles_of(generalist)
    again = client.post(f"{url}rollen/{assignment.pk}/intrekken/", follow=True)
    assert "al ingetrokken" in again.content.decode()
    team = Team.objects.get(code="st-centrum")
    assert client.post(f"{url}teams/", {"team": team.pk}).status_code == 302
    assert generalist.team_memberships.filter(team=team).exists()
    # the account: a reason is needed (422, what was typed kept), a stale form is 409
    empty = client.post(f"{url}deactiveren/", {"version": generalist.version, "reason": ""})
    assert empty.status_code == 422
    stale = client.post(f"{url}deactiveren/", {"version": generalist.version - 1, "reason": "uit dienst"})
    assert stale.status_code == 409 and 'value="uit dienst"' in stale.content.decode()
    assert Medewerker.objects.get(pk=generalist.pk).is_active
    done = client.post(f"{url}deactiveren/", {"version": generalist.version, "reason": "uit dienst"}, follow=True)
    assert "is gedeactiveerd" in done.content.decode()
    assert not Medewerker.objects.get(pk=generalist.pk).is_active
    assert "Account weer activeren" in done.content.decode()


def test_the_details_form_answers_409_on_a_stale_version_and_keeps_the_input(staff, client_for):
    generalist = staff["generalist"]
    body = {"version": generalist.version, "full_name": "Gijs Generalist", "email": "gijs@demodam.example",
            "function_title": "Generalist", "organisatie": org("welzijn-demo").pk}
    client = client_for("beheer")
    assert client.post(f"/medewerkers/{generalist.pk}/gegevens/", body).status_code == 302
    stale = client.post(f"/medewerkers/{generalist.pk}/gegevens/", {**body, "function_title": "Teamcoach"})
    html = stale.content.decode()
    assert stale.status_code == 409 and 'value="Teamcoach"' in html
    assert f'name="version" value="{generalist.version + 1}"' in html  # sending again saves
    assert Medewerker.objects.get(pk=generalist.pk).function_title == "Generalist"


def test_resetting_the_second_factor_from_the_staff_page(staff, client_for):
    generalist = staff["generalist"]
    generalist.totpdevice_set.create(name="Authenticator-app", confirmed=True)
    client = client_for("beheer")
    html = client.get(f"/medewerkers/{generalist.pk}/").content.decode()
    assert "Tweestapsverificatie terugzetten" in html
    assert client.post(f"/medewerkers/{generalist.pk}/tweestapsverificatie/", {"reason": ""}).status_code == 422
    done = client.post(f"/medewerkers/{generalist.pk}/tweestapsverificatie/", {"reason": "telefoon kwijt"})
    assert done.status_code == 302 and not generalist.totpdevice_set.exists()
    assert events(generalist, "medewerker.tweede_factor_hersteld")[0].new["reden"] == "telefoon kwijt"


def test_revoking_a_staff_members_api_key_from_their_page(staff, client_for):
    key = api_key(staff["generalist"])
    token = ApiToken.objects.get(medewerker=staff["generalist"])
    client = client_for("beheer")
    assert token.name in client.get(f"/medewerkers/{staff['generalist'].pk}/").content.decode()
    done = client.post(f"/medewerkers/{staff['generalist'].pk}/api-sleutels/{token.pk}/intrekken/")
    assert done.status_code == 302 and done["Location"].endswith("#api-sleutels")
    assert bearer(key).get("/api/v1/huishoudens").status_code == 401
    other = api_key(staff["balie"])
    other_token = ApiToken.objects.get(medewerker=staff["balie"])
    assert client.post(f"/medewerkers/{staff['generalist'].pk}/api-sleutels/{other_token.pk}/intrekken/")\
        .status_code == 404  # another staff member's key is not this page's
    assert bearer(other).get("/api/v1/huishoudens").status_code == 200


# --- the command line: the SYSTEM, for what functional administration may not do itself ---------------------------


def test_the_command_line_grants_what_the_pages_do_not(staff, monkeypatch, capsys):
    monkeypatch.setattr("toegang.accounts.management.commands.medewerker.getpass",
                        lambda prompt: "Kastanje-Fiets-Regen-27")
    call_command("medewerker", "aanmaken", "frank", "--naam", "Frank de Beheerder", "--organisatie",
                 "gemeente-demodam", "--wachtwoord")
    frank = Medewerker.objects.get(username="frank")
    assert frank.check_password("Kastanje-Fiets-Regen-27") and frank.organisatie.code == "gemeente-demodam"
    call_command("medewerker", "rol-toekennen", "frank", "--gemeente", "9901", "--rol", "beheer")
    assert roles_of(frank) == {("9901", "beheer")}
    assert events(frank, "medewerker.rol_toegekend")[0].actor_label == "systeem"
    call_command("medewerker", "team-toevoegen", "frank", "--gemeente", "9901", "--team", "st-centrum")
    call_command("medewerker", "deactiveren", "frank", "--reden", "uit dienst")
    assert not Medewerker.objects.get(pk=frank.pk).is_active
    with pytest.raises(CommandError, match="al gedeactiveerd"):
        call_command("medewerker", "deactiveren", "frank", "--reden", "uit dienst")
    with pytest.raises(CommandError, match="reden"):
        call_command("medewerker", "activeren", "frank")
    call_command("medewerker", "activeren", "frank", "--reden", "terug")
    call_command("medewerker", "rol-intrekken", "frank", "--gemeente", "9901", "--rol", "beheer")
    assert roles_of(frank) == set()
    assert "ingetrokken" in capsys.readouterr().out
