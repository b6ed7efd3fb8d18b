"""Issue 12, point 4: case conferences. Planned by the case director or process direction with the household invited
by default, held with minutes, decisions and actions that land in the plan, invitations and minutes reaching the
staff invitees; seen only by those who see the case and by the invitees."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from toegang.audit.models import ChangeLog
from toegang.cases import actions as case_actions
from toegang.cases.models import Casus
from toegang.conferences import actions, queries
from toegang.conferences.actions import AgreedAction
from toegang.conferences.models import Conference, ConferenceAction, Invitee
from toegang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from toegang.persons.models import NetworkMember
from toegang.plans.models import PlanVersion
from toegang.plans.queries import current_version
from toegang.tasks.models import Notification

from .openapi_contract import api_contract  # noqa: F401 (every answer is checked against openapi.yaml)
from .provisions_support import case_with_goal

TODAY = dt.date.today()


@pytest.fixture
def world(staff, actor_of):
    """A case directed by the generalist, with a plan goal, a partner (youth coach) involved and an aunt in the
    household's network."""
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    # the case began two days ago, so a conference held an hour ago lies after it at any time of day
    Casus.objects.filter(pk=casus.pk).update(opened_at=timezone.now() - dt.timedelta(days=2))
    casus.refresh_from_db()
    director = actor_of(staff["generalist"])
    case_actions.check_add_case_involvement(actor=director, casus=casus, medewerker=staff["partner"],
                                            role="jeugd- en gezinscoach")
    aunt = NetworkMember.objects.create(household=casus.household, name="Tante Ria", kind="17")
    return {"casus": casus, "mother": mother, "child": child, "goal": goal, "director": director, "aunt": aunt}


def later(days=0, hour=10):
    return timezone.make_aware(dt.datetime.combine(TODAY + dt.timedelta(days=days), dt.time(hour, 0)))


def plan(world, staff, **overrides):
    values = {"kind": "mdo", "reason": "Zorgen stapelen zich op", "starts_at": later(7), "place": "Wijkcentrum Noord",
              "agenda": "1. Stand van zaken\n2. Afspraken", "staff_ids": [staff["generalist"].pk, staff["partner"].pk],
              "resident_ids": [world["mother"].pk], "network_ids": [world["aunt"].pk]}
    values.update(overrides)
    return actions.check_plan_conference(actor=world["director"], casus=world["casus"], **values)


def test_plan_invite_hold_and_the_actions_land_in_the_plan(world, staff, actor_of):
    conference = plan(world, staff)
    invitees = {(i.kind, i.name) for i in conference.invitees.all()}
    assert (Invitee.Kind.HUISHOUDEN, world["mother"].full_name) in invitees
    assert (Invitee.Kind.NETWERK, "Tante Ria") in invitees
    assert {i.role for i in conference.invitees.filter(kind="professional")} == {"casusregisseur",
                                                                                 "jeugd- en gezinscoach"}
    # the invitation reaches the partner (not the director who convened it)
    invitation = Notification.objects.get(recipient=staff["partner"], kind=Notification.Kind.UITNODIGING)
    assert "Multidisciplinair overleg (MDO)" in invitation.text and invitation.url == f"/casusoverleggen/{conference.pk}/"
    assert not Notification.objects.filter(recipient=staff["generalist"], kind=Notification.Kind.UITNODIGING).exists()
    before = current_version(world["casus"]).number

    # held today (planned earlier today, recorded now)
    conference = plan(world, staff, starts_at=timezone.now() - dt.timedelta(hours=1))
    Notification.objects.filter(kind=Notification.Kind.UITNODIGING).update(resolved_at=None)
    conference = queries.access_conference(world["director"], conference.pk, purpose="t", channel="ui")
    actions.check_record_minutes(
        actor=world["director"], conference=conference, minutes="Moeder vertelde over de schulden.",
        decisions=["Schuldhulp inschakelen", "", "Over zes weken opnieuw"], expected_version=1,
        actions=[AgreedAction(goal_id=world["goal"], owner_type="professional", owner="Jeugdcoach Sanne",
                              description="Huisbezoek met moeder", due_date=TODAY + dt.timedelta(days=14)),
                 AgreedAction(goal_id="", owner_type="", owner="", description="", due_date=None),
                 AgreedAction(goal_id=world["goal"], owner_type="netwerk", owner="Tante Ria",
                              description="Twee middagen oppassen", due_date=TODAY + dt.timedelta(days=30))])
    conference.refresh_from_db()
    assert conference.status == "gehouden" and conference.decisions == ["Schuldhulp inschakelen",
                                                                         "Over zes weken opnieuw"]
    # each action a new plan version, the last one holding both, with owners and due dates
    latest = current_version(world["casus"])
    assert latest.number == before + 2 == conference.plan_version
    landed = {(a["description"], a["owner_type"], a["owner"], a["due_date"], a["goal"])
              for a in latest.content["actions"]}
    assert ("Huisbezoek met moeder", "professional", "Jeugdcoach Sanne",
            (TODAY + dt.timedelta(days=14)).isoformat(), world["goal"]) in landed
    assert ("Twee middagen oppassen", "netwerk", "Tante Ria", (TODAY + dt.timedelta(days=30)).isoformat(),
            world["goal"]) in landed
    assert set(ConferenceAction.objects.filter(conference=conference).values_list("plan_action_id", flat=True)) == {
        a["id"] for a in latest.content["actions"]}
    # the minutes reach the partner; the invitation leaves Mijn werk
    assert Notification.objects.filter(recipient=staff["partner"], text__contains="verslag").exists()
    assert not Notification.objects.open_for(staff["partner"].pk).filter(
        kind=Notification.Kind.UITNODIGING, subject_id=conference.pk).exists()
    # the change log: one row per event, in the same transaction as the change
    assert ChangeLog.objects.filter(event="overleg.gehouden", object_id=str(conference.pk)).count() == 1
    assert ChangeLog.objects.filter(event="plan.versie", new__casus=world["casus"].pk).count() == before + 2


def test_the_family_is_invited_unless_there_is_a_reason(world, staff):
    with pytest.raises(ValidationFailed) as refused:
        plan(world, staff, resident_ids=[])
    assert "family_absent_reason" in refused.value.field_errors
    conference = plan(world, staff, resident_ids=[], family_absent_reason="Moeder wil eerst zelf met de coach praten")
    assert conference.family_absent_reason.startswith("Moeder wil")
    assert not conference.invitees.filter(kind="huishouden").exists()


def test_bad_input_is_refused_with_nothing_written(world, staff):
    count = Conference.objects.count()
    with pytest.raises(ValidationFailed) as nobody:
        plan(world, staff, staff_ids=[], resident_ids=[], network_ids=[], family_absent_reason="geen")
    assert "Nodig ten minste één deelnemer uit." in nobody.value.field_errors["staff"]
    before_case = world["casus"].opened_at - dt.timedelta(days=3)
    with pytest.raises(ValidationFailed, match="begin van de casus"):
        plan(world, staff, starts_at=before_case)
    with pytest.raises(ValidationFailed, match="meer dan een jaar vooruit"):
        plan(world, staff, starts_at=later(400))
    with pytest.raises(ValidationFailed) as wrong:
        plan(world, staff, kind="koffie", reason=" ", place="", staff_ids=[staff["balie"].pk])
    assert set(wrong.value.field_errors) == {"kind", "reason", "place", "staff"}
    assert Conference.objects.count() == count
    assert not Notification.objects.filter(kind=Notification.Kind.UITNODIGING).exists()

    # minutes: not before the day of the conference; an action needs a goal, an owner and a date not before it
    future = plan(world, staff)
    with pytest.raises(ValidationFailed, match="nog niet gehouden"):
        actions.check_record_minutes(actor=world["director"], conference=future, minutes="x", decisions=["y"])
    held = plan(world, staff, starts_at=timezone.now() - dt.timedelta(hours=2))
    versions = PlanVersion.objects.count()
    with pytest.raises(ValidationFailed) as bad:
        actions.check_record_minutes(
            actor=world["director"], conference=held, minutes="Verslag", decisions=[],
            actions=[AgreedAction(goal_id="onbekend", owner_type="professional", owner="", description="Bellen",
                                  due_date=TODAY - dt.timedelta(days=3))])
    assert set(bad.value.field_errors) == {"decisions", "action_1_goal", "action_1_owner", "action_1_due_date"}
    held.refresh_from_db()
    assert held.status == "gepland" and PlanVersion.objects.count() == versions
    assert not ChangeLog.objects.filter(event="overleg.gehouden").exists()


def test_a_stale_form_is_a_conflict_and_cancelling_needs_a_reason(world, staff):
    conference = plan(world, staff)
    with pytest.raises(ValidationFailed, match="reden van annuleren"):
        actions.check_cancel_conference(actor=world["director"], conference=conference, reason=" ")
    actions.check_cancel_conference(actor=world["director"], conference=conference, reason="Moeder is ziek",
                                    expected_version=1)
    assert Conference.objects.get(pk=conference.pk).status == "geannuleerd"
    assert Notification.objects.filter(recipient=staff["partner"], text__contains="gaat niet door").exists()
    stale = Conference.objects.get(pk=conference.pk)
    stale.status, stale.version = "gepland", 1
    with pytest.raises(Conflict, match="intussen gewijzigd"):
        actions.check_cancel_conference(actor=world["director"], conference=stale, reason="x", expected_version=1)
    with pytest.raises(Conflict, match="al geannuleerd"):
        actions.check_cancel_conference(actor=world["director"], conference=Conference.objects.get(pk=conference.pk),
                                        reason="x")


def test_who_may_convene_and_who_may_see(world, staff, actor_of, make_staff, client_for):
    # the youth coach (betrokkene) sees the case but does not convene; process direction (cases.direct) does
    with pytest.raises(NotAllowed):
        actions.check_plan_conference(actor=actor_of(staff["partner"]), casus=world["casus"], kind="mdo", reason="x",
                                      starts_at=later(3), place="x", resident_ids=[world["mother"].pk])
    by_regie = actions.check_plan_conference(actor=actor_of(staff["procesregisseur"]), casus=world["casus"],
                                             kind="1g1p", reason="Stagnatie", starts_at=later(3), place="Stadhuis",
                                             resident_ids=[world["mother"].pk])
    conference = plan(world, staff)
    # a staff member who does not see the case gets 404, on the page and in the API
    outsider = make_staff("generalist", teams=[])
    with pytest.raises(NotFound):
        queries.access_conference(actor_of(outsider), conference.pk, purpose="t", channel="ui")
    assert client_for("balie").get(f"/casusoverleggen/{conference.pk}/").status_code == 404
    assert client_for("balie").get(f"/api/v1/casusoverleggen/{conference.pk}").status_code == 404
    assert client_for("teamleider").get(f"/casussen/{world['casus'].pk}/casusoverleg/nieuw/").status_code in {403, 404}
    # an invitee who does not otherwise see the case sees the conference (and only that)
    specialist = make_staff("procesregisseur", teams=[])
    invited = actions.check_plan_conference(actor=actor_of(staff["procesregisseur"]), casus=world["casus"],
                                            kind="mdo", reason="x", starts_at=later(3), place="x",
                                            staff_ids=[specialist.pk], resident_ids=[world["mother"].pk])
    assert queries.access_conference(actor_of(specialist), invited.pk, purpose="t", channel="ui") == invited
    assert by_regie.convened_by_id == staff["procesregisseur"].pk


def test_pages_plan_and_record_a_conference(world, staff, client_for, django_assert_max_num_queries):
    client = client_for("generalist")
    casus = world["casus"]
    # the case page's count is shared with the other sections (tests/test_cases.py); this section adds one query
    # whatever the number of conferences (test_the_case_section_does_not_grow_with_conferences)
    # the section is fetched as its <details> opens on the case page (issue 16)
    case_page = client.get(f"/casussen/{casus.pk}/").content.decode()
    assert f'hx-get="/casussen/{casus.pk}/onderdeel/overleg/"' in case_page and "Nog geen casusoverleg." not in case_page
    section = client.get(f"/casussen/{casus.pk}/onderdeel/overleg/").content.decode()
    assert "Casusoverleg beleggen" in section and "Nog geen casusoverleg." in section
    assert client_for("balie").get(f"/casussen/{casus.pk}/onderdeel/overleg/").status_code == 404
    form = client.get(f"/casussen/{casus.pk}/casusoverleg/nieuw/").content.decode()
    for label in ("Soort overleg", "Aanleiding", "Datum en tijd", "Plaats", "Agenda", "Professionals", "Huishouden"):
        assert f">{label}" in form, label
    # the family left out without a reason: 422, everything typed kept, the error at its field
    body = {"kind": "mdo", "reason": "Zorgen over school", "starts_at": later(2).strftime("%Y-%m-%dT%H:%M"),
            "place": "School", "staff": [staff["partner"].pk]}
    refused = client.post(f"/casussen/{casus.pk}/casusoverleg/nieuw/", body)
    assert refused.status_code == 422 and "Zorgen over school" in refused.content.decode()
    assert 'id="overleg-family_absent_reason-fout"' in refused.content.decode()
    done = client.post(f"/casussen/{casus.pk}/casusoverleg/nieuw/", {**body, "residents": [world["mother"].pk]})
    conference = Conference.objects.get(casus=casus)
    assert done.status_code == 302 and done["Location"] == f"/casusoverleggen/{conference.pk}/"
    assert "Zorgen over school" in client_for("partner").get(done["Location"]).content.decode()
    # the partner's Mijn werk shows the invitation
    assert f"/casusoverleggen/{conference.pk}/" in client_for("partner").get("/").content.decode()

    Conference.objects.filter(pk=conference.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    with django_assert_max_num_queries(20):
        page = client.get(f"/casusoverleggen/{conference.pk}/").content.decode()
    assert "Verslag vastleggen" in page and 'for="verslag-action_1_goal"' in page
    minutes = {"version": 1, "minutes": "Afspraken gemaakt", "decisions": "Coach gaat op huisbezoek",
               "action_1_description": "Huisbezoek", "action_1_goal": world["goal"],
               "action_1_owner_type": "professional", "action_1_owner": "Coach",
               "action_1_due_date": (TODAY + dt.timedelta(days=7)).isoformat()}
    stale = client.post(f"/casusoverleggen/{conference.pk}/verslag/", {**minutes, "version": 0})
    assert stale.status_code == 409 and "Afspraken gemaakt" in stale.content.decode()
    ok = client.post(f"/casusoverleggen/{conference.pk}/verslag/", minutes)
    assert ok.status_code == 302
    plan_page = client.get(f"/casussen/{casus.pk}/plan/").content.decode()
    assert "Huisbezoek" in plan_page and "Coach" in plan_page


def test_the_case_section_does_not_grow_with_conferences(world, staff, client_for, django_assert_num_queries):
    client = client_for("generalist")
    plan(world, staff)
    url = f"/casussen/{world['casus'].pk}/onderdeel/overleg/"  # fetched as it opens on the case page (issue 16)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        plan(world, staff)
    with CaptureQueriesContext(connection) as five:
        html = client.get(url).content.decode()
    assert len(five) == len(one) and html.count("/casusoverleggen/") == 5


def test_api_lists_plans_reads_and_records(world, staff, client_for):
    client = client_for("generalist")
    casus = world["casus"]
    body = {"casus": casus.pk, "soort": "mdo", "aanleiding": "Zorgen", "moment": later(-0, 8).isoformat(),
            "plaats": "Wijkcentrum", "agenda": "", "professionals": [staff["partner"].pk], "huishouden": [],
            "netwerk": []}
    refused = client.post("/api/v1/casusoverleggen", json.dumps(body), content_type="application/json")
    assert refused.status_code == 400
    assert "redenHuishoudenNietUitgenodigd" in {p["name"] for p in refused.json()["invalidParams"]}
    created = client.post("/api/v1/casusoverleggen", json.dumps({**body, "huishouden": [world["mother"].pk]}),
                          content_type="application/json")
    assert created.status_code == 201, created.content
    conference = created.json()
    assert created["Location"].endswith(f"/api/v1/casusoverleggen/{conference['id']}")
    assert conference["status"] == "gepland" and len(conference["genodigden"]) == 2
    listed = client.get("/api/v1/casusoverleggen").json()
    assert conference["id"] in {c["id"] for c in listed["results"]}
    assert client_for("partner").get(f"/api/v1/casusoverleggen/{conference['id']}").status_code == 200
    verslag = {"versie": conference["versie"], "verslag": "Gehouden", "besluiten": ["Schuldhulp"],
               "acties": [{"doel": world["goal"], "uitvoerderSoort": "huishouden", "uitvoerder": "Moeder",
                           "omschrijving": "Formulier invullen", "klaarOp": (TODAY + dt.timedelta(days=5)).isoformat()}]}
    bad = client.post(f"/api/v1/casusoverleggen/{conference['id']}/verslag",
                      json.dumps({**verslag, "acties": [{**verslag["acties"][0], "uitvoerder": ""}]}),
                      content_type="application/json")
    assert bad.status_code == 400 and {p["name"] for p in bad.json()["invalidParams"]} == {"acties.0.uitvoerder"}
    held = client.post(f"/api/v1/casusoverleggen/{conference['id']}/verslag", json.dumps(verslag),
                       content_type="application/json")
    assert held.status_code == 200, held.content
    assert held.json()["status"] == "gehouden" and held.json()["acties"][0]["omschrijving"] == "Formulier invullen"
    assert "Formulier invullen" in {a["description"] for a in current_version(casus).content["actions"]}
