"""The front door: registering, double submits, routing, every triage outcome, desk contacts, partners, aanvragen."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from toegang.accounts.models import Team, Wijk
from toegang.audit.models import ChangeLog
from toegang.cases.models import Casus
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.deadlines import actions as clock_actions
from toegang.deadlines.models import Clock
from toegang.deadlines.queries import status_of
from toegang.intake import actions
from toegang.intake.actions import MeldingData, ReferredPerson
from toegang.intake.models import Aanvraag, Melding
from toegang.tasks.models import Notification, Task

from .factories import HouseholdFactory, ResidentFactory

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def desk(staff, actor_of):
    return actor_of(staff["balie"])


@pytest.fixture
def resident(profile):
    return ResidentFactory(geslachtsnaam="Vos")  # lives in Demodam-Noord: Sociaal team Noord-Zuid


def data(**kw):
    return MeldingData(**{"question": "Ik red het niet meer met de zorg voor mijn moeder", "channel": "balie",
                          "source": "zelf", "laws": ["wmo"], "life_domains": ["adl", "sociaal-netwerk"], **kw})


def register(actor, gemeente, **kw):
    persons = kw.pop("persons", None)
    melding, created = actions.check_register_melding(actor=actor, gemeente=gemeente, data=data(**kw),
                                                       persons=persons or [], household=kw.pop("household", None))
    return melding


def test_register_routes_to_the_district_team_and_starts_the_wmo_clock(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    assert melding.team == Team.objects.get(code="st-noord-zuid") and melding.routing_rule == "wijk"
    assert melding.household == resident.household
    clock = Clock.objects.get(subject_id=melding.pk)
    assert clock.kind == "wmo-onderzoek" and clock.due_on == dt.date(2027, 1, 4)  # 4 Jan 2027: 6 weeks, Monday
    row = ChangeLog.objects.get(event="melding.geregistreerd")
    assert row.subject_ids == [resident.pk] and row.new["team"] == melding.team_id


def test_no_subject_and_not_anonymous_is_refused(desk, demodam):
    with pytest.raises(ValidationFailed, match="De melding is niet volledig of niet juist") as info:
        register(desk, demodam)
    assert "persons" in info.value.field_errors
    assert not Melding.objects.exists()


def test_anonymous_advice_is_allowed_without_a_person_but_not_with_one(desk, demodam, resident):
    melding = register(desk, demodam, anonymous=True, source="anoniem", laws=[])
    assert melding.anonymous and melding.laws == ["onbekend"] and not Clock.objects.exists()
    with pytest.raises(ValidationFailed, match="De melding is niet volledig of niet juist"):
        register(desk, demodam, anonymous=True, persons=[resident])


def test_received_at_in_the_future_is_refused(desk, demodam, resident):
    # the form is complete: the message says what is wrong, never "niet volledig" (issue 11, point 12)
    with pytest.raises(ValidationFailed, match="^Het ontvangstmoment ligt in de toekomst.$") as info:
        register(desk, demodam, persons=[resident], received_at=NOW + dt.timedelta(hours=2))
    assert info.value.field_errors["received_at"] == ["Het ontvangstmoment ligt in de toekomst."]


def test_double_submit_by_key_or_identical_content_gives_one_melding(desk, demodam, resident):
    first, created = actions.check_register_melding(actor=desk, gemeente=demodam, data=data(), persons=[resident],
                                                    idempotency_key="abc")
    again, created_again = actions.check_register_melding(actor=desk, gemeente=demodam, data=data(question="anders"),
                                                          persons=[resident], idempotency_key="abc")
    assert created and not created_again and again == first
    same, created_same = actions.check_register_melding(actor=desk, gemeente=demodam, data=data(), persons=[resident])
    assert not created_same and same == first
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        later, created_later = actions.check_register_melding(actor=desk, gemeente=demodam, data=data(),
                                                              persons=[resident])
    assert created_later and later != first
    assert Melding.objects.count() == 2


def test_no_team_matches_keeps_it_in_the_gemeente_inbox_with_a_warning(desk, demodam):
    outside = ResidentFactory(household=HouseholdFactory(postcode="1011AB", wijk=None))
    melding = register(desk, demodam, persons=[outside])
    assert melding.team is None and "werkbak van de gemeente" in melding.routing_warning


def test_profile_rule_police_form_goes_to_the_process_director(desk, demodam, resident, staff):
    melding = register(desk, demodam, persons=[resident], source="politie-zorgformulier", channel="verwijzing")
    assert melding.routing_rule == "politie-zorgformulier"
    assert melding.assigned_to == staff["procesregisseur"] and melding.routing_forum == "werkbegeleider sociaal team"


@pytest.mark.parametrize(
    ("age", "setting", "rule"),
    [(8, "basisschool", "basisschool-tot-13"), (12, "basisschool", "basisschool-tot-13"),
     (13, "basisschool", "wijk"), (15, "straat", "overlast-jongeren"), (8, "straat", "wijk")],
)
def test_age_and_setting_rules(desk, demodam, age, setting, rule):
    child = ResidentFactory(geboortedatum=dt.date(2026 - age, 1, 1))
    melding = register(desk, demodam, persons=[child], setting=setting, laws=["jeugdwet"])
    assert melding.routing_rule == rule


def test_known_open_case_gets_the_new_melding(desk, demodam, resident, staff, actor_of):
    first = register(desk, demodam, persons=[resident])
    actions.check_triage_melding(actor=desk, melding=first, outcome="meervoudig", reason="schulden en zorg")
    second = register(desk, demodam, persons=[resident], question="Nieuwe vraag over schulden", laws=["participatiewet"])
    assert second.casus == Casus.objects.get()


def triage(actor, melding, outcome, **kw):
    return actions.check_triage_melding(actor=actor, melding=melding, outcome=outcome, reason="omdat", **kw)


def test_triage_meervoudig_opens_a_case_with_first_contact_clock(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    result = triage(desk, melding, "meervoudig")
    case = Casus.objects.get()
    assert result.casus == case and case.household == resident.household and case.team == melding.team
    first_contact = Clock.objects.get(kind="eerste-contact")
    # Monday 23 Nov + 2 days (profile: Krimpen-like KST norm) = Wednesday 25 Nov
    assert first_contact.due_on == dt.date(2026, 11, 25) and first_contact.team == melding.team
    assert ChangeLog.objects.filter(event="casus.geopend").exists()
    melding.refresh_from_db()
    assert melding.status == "getrieerd" and melding.triage_outcome == "meervoudig"


def test_triage_records_outcome_and_reason_and_needs_a_reason(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    with pytest.raises(ValidationFailed, match="De triage is niet volledig") as info:
        actions.check_triage_melding(actor=desk, melding=melding, outcome="enkelvoudig", reason=" ")
    assert "reason" in info.value.field_errors
    triage(desk, melding, "enkelvoudig")
    row = ChangeLog.objects.get(event="melding.getrieerd")
    assert row.new["uitkomst"] == "enkelvoudig" and row.new["reden"] == "omdat"


def test_informatie_advies_counts_contacts_up_to_the_maximum(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    result = triage(desk, melding, "informatie-advies")
    assert melding.contacts == 1 and "contact" not in result.message.split(".")[1]
    actions.check_record_contact(actor=desk, melding=melding)
    assert melding.contacts == 2
    with pytest.raises(Conflict, match="maximum van 2"):
        actions.check_record_contact(actor=desk, melding=melding)
    triage(desk, melding, "enkelvoudig")  # routed on
    assert melding.triage_outcome == "enkelvoudig"


def test_crisis_assigns_the_crisis_role_and_notifies(desk, demodam, resident, staff, client_for):
    melding = register(desk, demodam, persons=[resident], urgency="crisis")
    triage(desk, melding, "crisis")
    assert melding.assigned_to == staff["procesregisseur"]
    assert Notification.objects.filter(recipient=staff["procesregisseur"], text__startswith="Crisis").exists()
    client = client_for("procesregisseur")
    assert f"Crisis: melding {melding.pk}" in client.get("/").content.decode()
    client.post("/berichten/gelezen/")
    assert f"Crisis: melding {melding.pk}" not in client.get("/").content.decode()


def test_veiligheid_and_zorgmijder_create_team_tasks(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    triage(desk, melding, "veiligheid")
    other = register(desk, demodam, persons=[ResidentFactory()], question="Buren melden vervuiling")
    triage(desk, other, "zorgmijder")
    kinds = dict(Task.objects.values_list("kind", "due_on"))
    assert kinds == {"veiligheid": dt.date(2026, 11, 23), "outreach": dt.date(2026, 11, 25)}
    assert set(Task.objects.values_list("team__code", flat=True)) == {"st-noord-zuid"}


def test_doorverwijzing_closes_and_stops_clocks(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    with pytest.raises(ValidationFailed, match="De triage is niet volledig"):
        triage(desk, melding, "doorverwijzing")
    triage(desk, melding, "doorverwijzing", referred_to="Schuldhulpverlening Demoregio")
    assert melding.status == "afgesloten"
    clock = Clock.objects.get()
    assert clock.stopped_on == dt.date(2026, 11, 23) and status_of(clock) == "op-tijd-afgerond"


def test_manual_team_override_needs_a_reason(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    centrum = Team.objects.get(code="st-centrum")
    with pytest.raises(ValidationFailed, match="De triage is niet volledig") as info:
        triage(desk, melding, "enkelvoudig", team=centrum)
    assert "override_reason" in info.value.field_errors
    triage(desk, melding, "enkelvoudig", team=centrum, override_reason="casusregisseur werkt al in Centrum")
    assert melding.team == centrum and melding.routing_rule == "handmatig"


def test_anonymous_meldingen_get_advice_or_referral_only(desk, demodam):
    melding = register(desk, demodam, anonymous=True, source="anoniem")
    with pytest.raises(ValidationFailed, match="alleen informatie en advies of een doorverwijzing"):
        triage(desk, melding, "enkelvoudig")
    triage(desk, melding, "informatie-advies")


def test_stale_triage_is_a_conflict(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    stale = Melding.objects.get(pk=melding.pk)
    triage(desk, melding, "enkelvoudig")
    with pytest.raises(Conflict, match="intussen behandeld"):
        triage(desk, stale, "meervoudig", expected_version=stale.version)
    assert not Casus.objects.exists()


def test_roles_without_triage_capability_cannot_triage(staff, actor_of, desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    with pytest.raises(NotAllowed, match="melding niet triëren"):
        triage(actor_of(staff["backoffice"]), melding, "enkelvoudig")


def test_pick_up_gives_the_clocks_an_owner(desk, demodam, resident, staff, actor_of):
    melding = register(desk, demodam, persons=[resident])
    generalist = actor_of(staff["generalist"])
    actions.check_pick_up_melding(actor=generalist, melding=melding)
    assert melding.assigned_to == staff["generalist"]
    assert Clock.objects.get().owner == staff["generalist"]


def test_partner_referral_links_a_known_resident_silently(staff, actor_of, demodam, resident):
    partner = actor_of(staff["partner"])
    melding, created = actions.check_refer(
        actor=partner, gemeente=demodam, person=ReferredPerson(naam="Els Vos", bsn=resident.bsn),
        question="Moeder lijkt het overzicht kwijt", laws=["jeugdwet"])
    assert created and melding.household == resident.household and melding.channel == "verwijzing"
    assert melding.source == "aanbieder" and melding.referred_by == staff["partner"].organisatie
    assert melding.feedback_status == "ontvangen"
    with pytest.raises(ValidationFailed, match="De verwijzing is niet volledig of niet juist") as info:
        actions.check_refer(actor=partner, gemeente=demodam, person=ReferredPerson(naam="X", bsn="123456789"),
                            question="?")
    assert info.value.field_errors["bsn"] == ["BSN voldoet niet aan de elfproef."]
    with pytest.raises(NotAllowed, match="niet verwijzen"):
        actions.check_refer(actor=actor_of(staff["balie"]), gemeente=demodam, person=ReferredPerson(naam="Y"),
                            question="?")


def test_unknown_referred_person_is_kept_as_reported(staff, actor_of, demodam):
    melding, _ = actions.check_refer(actor=actor_of(staff["partner"]), gemeente=demodam,
                                     person=ReferredPerson(naam="Nina Bakker", geboortedatum=dt.date(2014, 3, 3),
                                                           postcode="9901 AB", huisnummer=4),
                                     question="Veel verzuim", setting="basisschool")
    assert melding.household is None and melding.reported_person["postcode"] == "9901AB"
    assert melding.team.code == "st-centrum" and melding.routing_rule == "basisschool-tot-13"


def test_the_reported_birth_date_reads_as_a_dutch_date_on_the_melding_page(staff, actor_of, demodam, client_for):
    melding, _ = actions.check_refer(actor=actor_of(staff["partner"]), gemeente=demodam,
                                     person=ReferredPerson(naam="Nina Bakker", geboortedatum=dt.date(2014, 3, 3)),
                                     question="Veel verzuim", setting="basisschool")
    html = client_for("balie").get(f"/meldingen/{melding.pk}/").content.decode()
    # what a person reads; a date input's value is ISO by HTML's rule (the search "Is deze persoon al bekend?")
    text = html.replace('value="2014-03-03"', "")
    assert "Nina Bakker, 03-03-2014" in text and "2014-03-03" not in text


def test_aanvraag_starts_the_decision_clock_per_law(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    wmo = actions.check_register_aanvraag(actor=desk, melding=melding, applicant=resident, law="wmo",
                                          requested="huishoudelijke ondersteuning")
    jeugd = actions.check_register_aanvraag(actor=desk, melding=melding, applicant=resident, law="jeugdwet",
                                            requested="ambulante jeugdhulp")
    due = {c.kind: c.due_on for c in Clock.objects.filter(subject_type="intake.aanvraag")}
    assert due == {"wmo-beschikking": dt.date(2026, 12, 7), "jeugdwet-beschikking": dt.date(2027, 1, 18)}
    assert Aanvraag.objects.filter(pk__in=[wmo.pk, jeugd.pk]).count() == 2
    with pytest.raises(ValidationFailed, match="^De ontvangstdatum ligt in de toekomst"):
        actions.check_register_aanvraag(actor=desk, melding=melding, applicant=resident, law="wmo", requested="x",
                                        received_on=dt.date(2026, 12, 1))


def test_clock_suspend_resume_extend_rules(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident], laws=["wmo"])
    aanvraag = actions.check_register_aanvraag(actor=desk, melding=melding, applicant=resident, law="jeugdwet",
                                               requested="jeugdhulp")
    clock = Clock.objects.get(subject_type="intake.aanvraag", subject_id=aanvraag.pk)
    assert clock.due_on == dt.date(2027, 1, 18)
    with pytest.raises(Conflict, match="niet opgeschort"):
        clock_actions.check_resume_clock(actor=desk, clock=clock, on=dt.date(2026, 12, 1))
    clock_actions.check_suspend_clock(actor=desk, clock=clock, since=dt.date(2026, 12, 1), reason="wacht op rapport")
    assert status_of(clock) == "opgeschort"
    with pytest.raises(Conflict, match="al opgeschort"):
        clock_actions.check_suspend_clock(actor=desk, clock=clock, since=dt.date(2026, 12, 2), reason="nog eens")
    # suspended 1 Dec – 15 Dec (14 days, over no holiday): 18 Jan + 14 = 1 Feb 2027
    clock_actions.check_resume_clock(actor=desk, clock=clock, on=dt.date(2026, 12, 15))
    assert clock.due_on == dt.date(2027, 2, 1)
    clock_actions.check_extend_clock(actor=desk, clock=clock, reason="advies nodig", notified_on=dt.date(2026, 12, 16))
    assert clock.due_on == dt.date(2027, 3, 30)  # + 8 weeks (Awb 4:14) = Easter Monday 29 March -> 30 March
    with pytest.raises(Conflict, match="niet \\(nog eens\\)"):
        clock_actions.check_extend_clock(actor=desk, clock=clock, reason="nog eens")
    events = list(ChangeLog.objects.filter(object_type="deadlines.clock", object_id=str(clock.pk))
                  .order_by("seq").values_list("event", flat=True))
    assert events == ["termijn.gestart", "termijn.opgeschort", "termijn.hervat", "termijn.verlengd"]


def test_suspension_across_christmas_counts_calendar_days(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    clock = Clock.objects.get(subject_id=melding.pk)  # due Monday 4 January 2027
    clock_actions.check_suspend_clock(actor=desk, clock=clock, since=dt.date(2026, 12, 21), reason="vakantie inwoner")
    clock_actions.check_resume_clock(actor=desk, clock=clock, on=dt.date(2026, 12, 28))
    # 7 days paused: 4 Jan + 7 = 11 Jan 2027 (Monday)
    assert clock.due_on == dt.date(2027, 1, 11)
    wmo_wmo = Clock.objects.get(pk=clock.pk)
    assert wmo_wmo.due_on == dt.date(2027, 1, 11)


def test_status_is_computed_from_dates(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    clock = Clock.objects.get(subject_id=melding.pk)
    assert status_of(clock, dt.date(2026, 12, 1)) == "ok"
    assert status_of(clock, dt.date(2026, 12, 30)) == "bijna"
    assert status_of(clock, dt.date(2027, 1, 5)) == "verlopen"
    clock.stopped_on = dt.date(2027, 1, 6)
    assert status_of(clock) == "te-laat-afgerond"


def test_wmo_clock_of_a_melding_received_earlier_starts_then(desk, demodam, resident):
    received = timezone.make_aware(dt.datetime(2026, 11, 2, 9, 0))
    register(desk, demodam, persons=[resident], received_at=received)
    assert Clock.objects.get().due_on == dt.date(2026, 12, 14)


def test_wijk_stored_for_scoping(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    assert melding.wijk == Wijk.objects.get(code="noord")


def test_clock_starts_on_the_dutch_date_of_receipt(desk, demodam, resident):
    # 23:30 UTC on 22 November is already 23 November in the Netherlands
    register(desk, demodam, persons=[resident], received_at=dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC))
    assert Clock.objects.get().started_on == dt.date(2026, 11, 23)


def test_melding_keeps_the_dates_of_its_earliest_open_clock(desk, demodam, resident):
    melding = register(desk, demodam, persons=[resident])
    clock = Clock.objects.get()

    def summary():
        m = Melding.objects.get(pk=melding.pk)
        return m.next_due_on, m.next_warn_on, m.next_suspended_since

    assert summary() == (dt.date(2027, 1, 4), dt.date(2026, 12, 30), None)
    clock_actions.check_suspend_clock(actor=desk, clock=clock, since=dt.date(2026, 12, 1), reason="wacht op arts")
    assert summary()[2] == dt.date(2026, 12, 1)
    clock_actions.check_resume_clock(actor=desk, clock=clock, on=dt.date(2026, 12, 8))
    assert summary() == (dt.date(2027, 1, 11), dt.date(2027, 1, 6), None)
    actions.check_close_melding(actor=desk, melding=Melding.objects.get(pk=melding.pk), reason="klaar")
    assert summary() == (None, None, None)
    assert Melding.objects.get(pk=melding.pk).urgency_rank == 2


def test_a_characteristic_the_profile_does_not_list_is_refused(desk, demodam, resident):
    """voordeur.kenmerken (G7 Den Haag R1–R9): the demo profile lists none, so a melding can carry none."""
    with pytest.raises(ValidationFailed) as info:
        register(desk, demodam, persons=[resident], kenmerken=["overlast"])
    assert "kenmerken" in info.value.field_errors
    assert register(desk, demodam, persons=[resident]).kenmerken == []
