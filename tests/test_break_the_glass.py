"""Break-the-glass (noodtoegang, issue 13 item 6): a staff member opens a household outside their scope in an
emergency, with a reason, for a limited time; every read under it is logged as such; the privacy officer is told and
sees every grant. docs/security.md "Break-the-glass (noodtoegang)"."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import ApiToken, Gemeente, RoleAssignment, Wijk
from toegang.audit.log import emergency_marker
from toegang.audit.models import AccessLog, ChangeLog
from toegang.audit.queries import emergency_accesses_for, reads_under
from toegang.cases.queries import visible_cases
from toegang.core import clock
from toegang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from toegang.intake.actions import MeldingData, check_register_melding
from toegang.persons import actions, permissions, queries
from toegang.persons.models import EMERGENCY_ACCESS_MAX_MINUTES, EmergencyAccess
from toegang.tasks.models import Notification

from .factories import HouseholdFactory, ResidentFactory, api_key

REASON = "Politie belt: kind alleen thuis aangetroffen, moeder opgenomen"


@pytest.fixture
def centrum(profile):
    """A household in Demodam-Centrum: outside the generalist's team (Noord-Zuid), inside the team lead's."""
    demodam = Gemeente.objects.get(cbs_code="9901")
    household = HouseholdFactory(wijk=Wijk.objects.get(gemeente=demodam, code="centrum"), postcode="9901AB",
                                 label="Huishouden Centrum")
    mother = ResidentFactory(household=household, geslachtsnaam="Centrum", voornamen="Anna")
    child = ResidentFactory(household=household, geslachtsnaam="Centrum", voornamen="Bram",
                            geboortedatum=dt.date(2018, 3, 1))
    return {"household": household, "mother": mother, "child": child}


@pytest.fixture
def generalist(staff, actor_of):
    return actor_of(staff["generalist"])


def grant_for(actor, centrum, reason=REASON) -> EmergencyAccess:
    return actions.check_break_the_glass(actor=actor, household=centrum["household"], reason=reason)


def visible_ids(actor) -> set[int]:
    return set(queries.visible_households(actor).values_list("pk", flat=True))


# --- who may, and the reason ----------------------------------------------------------------------------------------


def test_outside_the_scope_it_is_not_found_before_the_grant(generalist, centrum):
    assert centrum["household"].pk not in visible_ids(generalist)
    with pytest.raises(NotFound):
        queries.access_household(generalist, centrum["household"].pk, purpose="test", channel="ui")


@pytest.mark.parametrize("reason", ["", "   ", "even kijken"])
def test_refused_without_a_real_reason(generalist, centrum, reason):
    with pytest.raises(ValidationFailed) as refused:
        grant_for(generalist, centrum, reason=reason)
    assert "reden" in refused.value.field_errors
    assert not EmergencyAccess.objects.exists() and not ChangeLog.objects.filter(
        event="huishouden.noodtoegang").exists()


def test_a_reason_longer_than_the_maximum_is_refused(generalist, centrum):
    with pytest.raises(ValidationFailed):
        grant_for(generalist, centrum, reason="x" * 501)


@pytest.mark.parametrize("role", ["partner", "beleid", "beheer"])
def test_refused_for_roles_that_do_not_see_persons_by_team(staff, actor_of, centrum, role):
    """A partner organisation's staff (involvement only), policy and functional management never break the glass."""
    actor = actor_of(staff[role])
    assert not permissions.may_break_the_glass(actor)
    with pytest.raises(NotAllowed):
        grant_for(actor, centrum)
    with pytest.raises(NotAllowed):
        actions.check_request_emergency_access(actor=actor, reason=REASON, bsn=centrum["mother"].bsn)


@pytest.mark.parametrize("role", ["balie", "procesregisseur", "backoffice", "privacy"])
def test_who_sees_the_whole_gemeente_needs_none_and_gets_none(staff, actor_of, centrum, role):
    """persons.view_all sees every household of the gemeente: there is no glass to break."""
    with pytest.raises(NotAllowed):
        grant_for(actor_of(staff[role]), centrum)


def test_the_team_lead_already_sees_the_household(staff, actor_of, centrum):
    with pytest.raises(ValidationFailed) as refused:
        grant_for(actor_of(staff["teamleider"]), centrum)
    assert "bsn" in refused.value.field_errors


def test_only_in_a_gemeente_where_the_actor_holds_a_role(generalist, profile):
    elders = ResidentFactory(household=HouseholdFactory(gemeente=Gemeente.objects.get(cbs_code="9902"),
                                                        postcode="9911AB"))
    with pytest.raises(NotAllowed):
        actions.check_break_the_glass(actor=generalist, household=elders.household, reason=REASON)
    # by BSN the household of another gemeente is simply not found: the form tells nothing about it
    with pytest.raises(ValidationFailed) as refused:
        actions.check_request_emergency_access(actor=generalist, reason=REASON, bsn=elders.bsn)
    assert "bsn" in refused.value.field_errors


def test_an_api_key_never_breaks_the_glass(staff, centrum):
    api_key(staff["generalist"])
    with_key = actor_for_user(staff["generalist"], api_token_id=ApiToken.objects.get().pk)
    assert not permissions.may_break_the_glass(with_key)


def test_the_bsn_is_checked_and_the_reason_comes_first(generalist, centrum):
    with pytest.raises(ValidationFailed) as refused:
        actions.check_request_emergency_access(actor=generalist, reason=REASON, bsn="123456789")
    assert refused.value.field_errors == {"bsn": ["BSN voldoet niet aan de elfproef."]}
    with pytest.raises(ValidationFailed) as refused:  # no lookup at all without a reason
        actions.check_request_emergency_access(actor=generalist, reason="", bsn=centrum["mother"].bsn)
    assert set(refused.value.field_errors) == {"reden"}


# --- the grant ------------------------------------------------------------------------------------------------------


def test_a_grant_opens_the_household_read_only_and_every_read_is_marked(generalist, centrum, staff, actor_of):
    grant = actions.check_request_emergency_access(actor=generalist, reason=REASON, bsn=centrum["mother"].bsn)
    assert grant.household_id == centrum["household"].pk and grant.reason == REASON
    assert grant.expires_at - grant.started_at == dt.timedelta(hours=4)
    assert centrum["household"].pk in visible_ids(generalist)

    household = queries.access_household(generalist, centrum["household"].pk, purpose="huishouden bekijken",
                                         channel="ui")
    assert household.emergency == grant
    resident = queries.access_resident(generalist, centrum["child"].pk, purpose="inwoner bekijken", channel="ui")
    assert resident.emergency == grant
    rows, _ = queries.search_residents_for(generalist, queries.ResidentSearch(name="centrum"), purpose="zoeken",
                                           channel="ui")
    assert {r.pk for r in rows} == {centrum["mother"].pk, centrum["child"].pk}

    reads = list(AccessLog.objects.filter(actor=staff["generalist"]).order_by("seq"))
    assert len(reads) == 3
    for read in reads:
        assert read.purpose.startswith(f"{emergency_marker(grant.pk)} Politie belt: kind alleen thuis")
    assert reads[0].purpose.endswith("; huishouden bekijken")
    assert set(reads[0].subject_ids) == {centrum["mother"].pk, centrum["child"].pk}

    # read-only: the permissions refuse every change to what was reached through the grant
    assert not permissions.can_edit_household(generalist, household)
    assert not permissions.can_edit_resident(generalist, resident)
    with pytest.raises(NotAllowed):
        actions.check_add_network_member(actor=generalist, household=household, name="Buurvrouw", kind="buur")

    # the case file stays with those who work it: the grant widens the persons scope only
    assert not visible_cases(generalist).filter(household=centrum["household"]).exists()


def test_the_grant_is_in_the_change_log_in_its_transaction(generalist, centrum, staff):
    grant = grant_for(generalist, centrum)
    row = ChangeLog.objects.get(event="huishouden.noodtoegang")
    assert row.actor == staff["generalist"] and row.object_id == str(grant.pk)
    assert row.new["reden"] == REASON and row.new["huishouden"] == centrum["household"].pk
    assert set(row.subject_ids) == {centrum["mother"].pk, centrum["child"].pk}
    assert row.gemeente_id == centrum["household"].gemeente_id


def test_a_regular_read_of_another_household_is_not_marked(generalist, centrum, staff):
    grant_for(generalist, centrum)
    noord = ResidentFactory(geslachtsnaam="Noord")
    queries.access_household(generalist, noord.household_id, purpose="huishouden bekijken", channel="ui")
    assert AccessLog.objects.filter(actor=staff["generalist"]).get().purpose == "huishouden bekijken"


def test_one_grant_in_force_per_household(generalist, centrum):
    grant_for(generalist, centrum)
    with pytest.raises(Conflict):
        grant_for(generalist, centrum)
    assert EmergencyAccess.objects.count() == 1


def test_after_expiry_the_household_is_gone_again(generalist, centrum, staff):
    start = clock.now()
    grant = grant_for(generalist, centrum)
    with time_machine.travel(start + dt.timedelta(hours=3, minutes=59)):
        assert centrum["household"].pk in visible_ids(generalist)
    with time_machine.travel(start + dt.timedelta(hours=4, seconds=1)):
        assert centrum["household"].pk not in visible_ids(generalist)
        with pytest.raises(NotFound):
            queries.access_household(generalist, centrum["household"].pk, purpose="test", channel="ui")
        with pytest.raises(NotFound):
            queries.access_resident(generalist, centrum["mother"].pk, purpose="test", channel="ui")
        with pytest.raises(Conflict):  # too late to end it
            actions.check_end_emergency_access(actor=generalist, grant_id=grant.pk)
        # a new emergency: a new grant (and the old one is closed at its expiry)
        again = grant_for(generalist, centrum, reason="Weer politie aan de deur, kind opnieuw alleen thuis")
        grant.refresh_from_db()
        assert grant.ended_at == grant.expires_at and not grant.ended_early
        assert again.pk != grant.pk and centrum["household"].pk in visible_ids(generalist)


def test_the_duration_is_a_setting_never_longer_than_the_maximum(generalist, centrum, settings):
    settings.EMERGENCY_ACCESS_MINUTES = 24 * 60
    grant = grant_for(generalist, centrum)
    assert grant.expires_at - grant.started_at == dt.timedelta(minutes=EMERGENCY_ACCESS_MAX_MINUTES)
    settings.EMERGENCY_ACCESS_MINUTES = 30
    assert actions.emergency_minutes() == 30


def test_ending_early(generalist, centrum, staff, actor_of):
    grant = grant_for(generalist, centrum)
    with pytest.raises(NotFound):  # only the holder ends it
        actions.check_end_emergency_access(actor=actor_of(staff["teamleider"]), grant_id=grant.pk)
    actions.check_end_emergency_access(actor=generalist, grant_id=grant.pk)
    grant.refresh_from_db()
    assert grant.ended_early
    assert centrum["household"].pk not in visible_ids(generalist)
    row = ChangeLog.objects.get(event="huishouden.noodtoegang_beeindigd")
    assert row.object_id == str(grant.pk) and row.actor == staff["generalist"]
    with pytest.raises(Conflict):
        actions.check_end_emergency_access(actor=generalist, grant_id=grant.pk)


def test_a_role_taken_away_ends_the_access_at_once(generalist, centrum, staff, actor_of):
    grant_for(generalist, centrum)
    RoleAssignment.objects.filter(medewerker=staff["generalist"]).delete()
    assert centrum["household"].pk not in visible_ids(actor_of(staff["generalist"]))


# --- the privacy officer --------------------------------------------------------------------------------------------


def test_the_privacy_officer_is_notified_with_the_reason(generalist, centrum, staff):
    grant = grant_for(generalist, centrum)
    note = Notification.objects.get(recipient=staff["privacy"])
    assert note.kind == Notification.Kind.NOODTOEGANG
    assert "Politie belt" in note.shown and "Demodam" in note.shown
    assert note.url == reverse("audit:emergency-access", args=[grant.pk])
    # nobody else is told, and the notification is not mailed (it carries the reason)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [staff["privacy"].pk]
    assert mail.outbox == []


def test_the_privacy_officer_sees_every_grant_with_its_reads(generalist, centrum, staff, actor_of):
    grant = grant_for(generalist, centrum)
    for _ in range(2):
        queries.access_household(generalist, centrum["household"].pk, purpose="huishouden bekijken", channel="ui")
    privacy = actor_of(staff["privacy"])
    [row] = emergency_accesses_for(privacy)
    assert row == grant and row.reads == 2
    assert len(reads_under(row)) == 2


@pytest.mark.parametrize("role", ["generalist", "teamleider", "balie", "procesregisseur", "beleid", "partner"])
def test_other_staff_never_see_the_grants(generalist, centrum, staff, actor_of, client_for, role):
    grant = grant_for(generalist, centrum)
    with pytest.raises(NotAllowed):
        emergency_accesses_for(actor_of(staff[role]))
    client = client_for(role)
    assert client.get(reverse("audit:emergency-accesses")).status_code == 403
    assert client.get(reverse("audit:emergency-access", args=[grant.pk])).status_code == 403


def test_a_privacy_officer_of_another_gemeente_sees_nothing(generalist, centrum, make_staff, actor_of):
    grant_for(generalist, centrum)
    elsewhere = actor_of(make_staff("privacy", gemeenten=["9902"]))
    assert list(emergency_accesses_for(elsewhere)) == []
    assert not Notification.objects.filter(recipient_id=elsewhere.user_id).exists()


def test_the_list_page_has_a_bounded_number_of_queries(generalist, staff, client_for, profile,
                                                        django_assert_max_num_queries):
    demodam = Gemeente.objects.get(cbs_code="9901")
    centrum_wijk = Wijk.objects.get(gemeente=demodam, code="centrum")
    client = client_for("privacy")

    def make(n):
        for _ in range(n):
            household = HouseholdFactory(wijk=centrum_wijk, postcode="9901AB")
            ResidentFactory(household=household)
            actions.check_break_the_glass(actor=generalist, household=household, reason=REASON)
            queries.access_household(generalist, household.pk, purpose="huishouden bekijken", channel="ui")

    make(2)
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse("audit:emergency-accesses")).status_code == 200
    make(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("audit:emergency-accesses")).content.decode()
    assert page.count(REASON) == 22 and "Van – tot" in page


# --- the pages ------------------------------------------------------------------------------------------------------


def test_not_found_offers_break_the_glass_to_who_may(centrum, client_for):
    url = reverse("persons:household", args=[centrum["household"].pk])
    page = client_for("generalist").get(url)
    assert page.status_code == 404
    assert f'href="/noodtoegang/?huishouden={centrum["household"].pk}"' in page.content.decode()
    missing = client_for("generalist").get(reverse("persons:household", args=[999999]))
    assert missing.status_code == 404 and "noodtoegang" in missing.content.decode()  # the same answer
    partner = client_for("partner").get(url)
    assert partner.status_code == 404 and "/noodtoegang/" not in partner.content.decode()


def test_search_finds_nothing_outside_the_scope_and_offers_break_the_glass(centrum, client_for):
    page = client_for("generalist").get(reverse("persons:search"), {"bsn": centrum["mother"].bsn}).content.decode()
    assert "Centrum" not in page and "Anna" not in page  # nothing of the household leaks
    assert f'/noodtoegang/?bsn={centrum["mother"].bsn}' in page


def test_the_form_grants_and_opens_the_household(centrum, client_for, staff):
    client = client_for("generalist")
    form = client.get(reverse("persons:emergency"), {"huishouden": centrum["household"].pk}).content.decode()
    assert "privacy officer" in form and "4 uur" in form
    empty = client.post(reverse("persons:emergency"), {"huishouden": centrum["household"].pk, "reden": "kijken"})
    assert empty.status_code == 422 and "kijken" in empty.content.decode()  # typed input kept
    response = client.post(reverse("persons:emergency"), {"huishouden": centrum["household"].pk, "reden": REASON})
    assert response.status_code == 302
    assert response["Location"] == reverse("persons:household", args=[centrum["household"].pk])
    page = client.get(response["Location"]).content.decode()
    assert "Noodtoegang tot" in page and "Anna" in page and "Noodtoegang beëindigen" in page
    read = AccessLog.objects.filter(actor=staff["generalist"]).latest("seq")
    assert read.purpose.startswith("noodtoegang #") and REASON[:40] in read.purpose
    assert "Verhuizing vastleggen" not in page  # read-only: none of the household's forms
    noord = ResidentFactory(geslachtsnaam="Noord")
    assert "Verhuizing vastleggen" in client.get(reverse("persons:household", args=[noord.household_id])).content.decode()
    # a change is refused even when posted by hand
    grant = EmergencyAccess.objects.get()
    refused = client.post(reverse("persons:network", args=[centrum["household"].pk]),
                          {"name": "Buurvrouw", "kind": "buur"})
    assert refused.status_code == 403
    assert client.post(reverse("persons:emergency-end", args=[grant.pk])).status_code == 302
    assert client.get(reverse("persons:household", args=[centrum["household"].pk])).status_code == 404


def test_the_form_is_not_offered_to_who_may_not(client_for):
    for role in ("partner", "beleid", "balie", "privacy"):
        assert client_for(role).get(reverse("persons:emergency")).status_code == 403, role


def test_the_privacy_officer_pages(generalist, centrum, client_for):
    grant = grant_for(generalist, centrum)
    client = client_for("privacy")
    listing = client.get(reverse("audit:emergency-accesses")).content.decode()
    assert REASON in listing and "Huishouden Centrum" in listing and "loopt nog" in listing
    assert reverse("audit:emergency-access", args=[grant.pk]) in listing
    detail = client.get(reverse("audit:emergency-access", args=[grant.pk]))
    assert detail.status_code == 200 and REASON in detail.content.decode()
    home = client.get("/").content.decode()
    assert 'href="/privacy/noodtoegang/"' in home
    assert client.get(reverse("audit:emergency-access", args=[grant.pk + 1000])).status_code == 404


def test_the_privacy_officers_review_is_itself_logged(generalist, centrum, client_for, staff):
    grant_for(generalist, centrum)
    client_for("privacy").get(reverse("audit:emergency-accesses"))
    row = AccessLog.objects.filter(actor=staff["privacy"]).get()
    assert row.purpose == "AVG: noodtoegang controleren"
    assert set(row.subject_ids) == {centrum["mother"].pk, centrum["child"].pk}


def test_an_anonymous_visitor_is_sent_to_the_login(db):
    for url in ("/noodtoegang/", "/privacy/noodtoegang/"):
        response = Client().get(url)
        assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_nobody_is_registered_into_a_household_seen_through_a_grant(generalist, centrum):
    grant_for(generalist, centrum)
    household = queries.access_household(generalist, centrum["household"].pk, purpose="test", channel="ui")
    data = actions.ResidentData(voornamen="Nina", geslachtsnaam="Centrum", geboortedatum=dt.date(2015, 1, 1))
    with pytest.raises(NotAllowed):
        actions.check_register_resident(actor=generalist, gemeente=household.gemeente, data=data,
                                        household=household)


def test_a_melding_may_be_registered_about_a_resident_seen_through_a_grant(generalist, centrum):
    """So the household's own team hears of the emergency (docs/security.md)."""
    grant_for(generalist, centrum)
    resident = queries.access_resident(generalist, centrum["child"].pk, purpose="melding registreren", channel="ui")
    melding, _ = check_register_melding(actor=generalist, gemeente=resident.gemeente, persons=[resident],
                                        attach_to_open_case=False,
                                        data=MeldingData(question="Kind alleen thuis aangetroffen", channel="telefoon",
                                                         source="politie-zorgformulier", laws=["jeugdwet"]))
    assert [s.resident_id for s in melding.subjects.all()] == [resident.pk]
