"""Issue 12 points 3 and 12: escalation ladders as profile data, escalating and de-escalating with a reason, the
response clock of each level (hours and working days), and the binding decision (doorzettingsmacht).

The seed ladders: Almere (zorgpiramide, G7 §3.5: procescoördinator within 5 working days, brandpuntfunctionaris
within 48 hours), Amsterdam (MPG: gezinsmanager → procesmanager → directie en wethouders), Rotterdam (escalatieladder
up to the wethouder jeugd) — test profiles in tests/profiles/ — and Krimpen (profiles/krimpen-2014.yaml, §3.2.2)."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Gemeente, Organisatie, Role, RoleAssignment, TeamMembership
from toegang.audit.models import ChangeLog
from toegang.cases import actions as case_actions
from toegang.cases.models import Casus
from toegang.core.actor import SYSTEM
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.deadlines.kinds import kinds_for
from toegang.deadlines.models import Clock
from toegang.escalation import actions
from toegang.escalation.ladders import ladders_for
from toegang.escalation.models import BindingDecision, Escalation, EscalationStep
from toegang.profiles.actions import do_load_profile
from toegang.profiles.loader import ProfileInvalid, read_profile
from toegang.tasks.models import Notification

from .factories import MedewerkerFactory
from .provisions_support import case_with_goal

PROFILES = Path(__file__).resolve().parent / "profiles"
AMS = ZoneInfo("Europe/Amsterdam")
# Friday 24 April 2026, 10:00: King's Day falls on Monday 27 April, Liberation Day (5 May) on a Tuesday.
NOW = dt.datetime(2026, 4, 24, 10, 0, tzinfo=AMS)

# Per seed ladder: the profile, its gemeente and a postcode there, the role that acts at each level (bottom first),
# and the response clock each level gets when a case is escalated to it: None, a due date (days, working days) or a
# due moment (hours).
SEED_LADDERS = {
    "almere": ("g7-almere", "0034", "1315AB", "oke-punt",
               ["professional", "jgz-zorgcoordinator", "procescoordinator", "brandpuntfunctionaris", "wethouder"],
               # level 2: no term in the source; level 3: "desgewenst binnen 5 werkdagen" — Friday + 5 working days
               # skipping King's Day; level 4: "indien nodig binnen 48 uur" — Sunday 10:00, weekend and all
               [None, dt.date(2026, 5, 4), dt.datetime(2026, 4, 26, 10, 0, tzinfo=AMS), None]),
    "amsterdam": ("g7-amsterdam", "0363", "1093AB", "okc-oost",
                  ["gezinsmanager", "procesmanager", "directie"],
                  [dt.date(2026, 5, 4), dt.date(2026, 4, 29)]),  # 5wd; 2wd (Tue 28, Wed 29: King's Day skipped)
    "rotterdam": ("g7-rotterdam", "0599", "3032AB", "cjg-noord",
                  ["cjg-zorgcoordinator", "dosa-voorzitter", "wethouder-jeugd"],
                  [dt.date(2026, 4, 30), dt.datetime(2026, 4, 25, 10, 0, tzinfo=AMS)]),  # 3wd; 24u
    "krimpen": ("krimpen-2014", "0542", "2923AB", "kst",
                ["kst-casusregisseur", "kst-procesregisseur", "kst-procesregisseur"],
                # 2d: Sunday 26 → the Atw moves it past Sunday and King's Day to Tuesday 28; then 48u
                [dt.date(2026, 4, 28), dt.datetime(2026, 4, 26, 10, 0, tzinfo=AMS)]),
}


def load(name: str) -> None:
    path = PROFILES / f"{name}.yaml"
    do_load_profile(actor=SYSTEM, name_or_path=str(path) if path.exists() else name)


def member(profile_name: str, role: str, cbs: str, teams=()):
    user = MedewerkerFactory()
    gemeente = Gemeente.objects.get(cbs_code=cbs)
    RoleAssignment.objects.create(medewerker=user, gemeente=gemeente,
                                  role=Role.objects.get(profile=gemeente.profile, code=role))
    for code in teams:
        TeamMembership.objects.create(medewerker=user, team=gemeente.teams.get(code=code))
    return user


def fresh(casus):
    return Casus.objects.select_related("gemeente", "gemeente__profile").get(pk=casus.pk)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def seed_case(key):
    name, cbs, postcode, team, roles, _ = SEED_LADDERS[key]
    load(name)
    people = [member(name, role, cbs, teams=[team] if i == 0 else []) for i, role in enumerate(roles)]
    casus, *_ = case_with_goal(people[0], gemeente_cbs=cbs, postcode=postcode)
    return fresh(casus), people


def counts():
    return (Escalation.objects.count(), EscalationStep.objects.count(), Clock.objects.count(),
            BindingDecision.objects.count(), ChangeLog.objects.count(), Notification.objects.count())


def test_the_shipped_and_test_profiles_carry_their_ladders():
    krimpen = ladders_for(read_profile("krimpen-2014").data)["kst"]
    assert [level.roles for level in krimpen.levels] == [("kst-casusregisseur",), ("kst-procesregisseur",),
                                                          ("kst-procesregisseur",)]
    almere = ladders_for(read_profile(str(PROFILES / "g7-almere.yaml")).data)["zorgpiramide"]
    assert [str(level.term) if level.term else None for level in almere.levels] == [None, None, "5wd", "48u", None]
    assert almere.level(4).binding
    demo = ladders_for(read_profile("demo").data)["demo"]
    assert demo.top == 3
    # every level with a term is a clock kind of the profile, in hours or working days as written
    kinds = kinds_for(read_profile(str(PROFILES / "g7-almere.yaml")).data)
    assert str(kinds["escalatie-zorgpiramide-procescoord"].term) == "5wd"
    assert kinds["escalatie-zorgpiramide-brandpunt"].term.in_hours
    assert "escalatie-zorgpiramide-zorgcoord" not in kinds  # no term, no clock


def test_a_ladder_naming_an_unknown_role_or_a_term_at_the_bottom_is_refused(tmp_path):
    text = (PROFILES / "g7-almere.yaml").read_text()
    bad = text.replace("rollen: [procescoordinator]", "rollen: [procescoordinatr]").replace(
        "aanleiding: \"dagelijkse routine", "termijn: 2d\n        aanleiding: \"dagelijkse routine")
    path = tmp_path / "bad.yaml"
    path.write_text(bad)
    with pytest.raises(ProfileInvalid) as info:
        read_profile(str(path))
    messages = {(p.path, p.message.split(" (")[0]) for p in info.value.problems}
    assert ("escalatieladders[0].niveaus[2].rollen[0]", "onbekende rol 'procescoordinatr'") in messages
    assert any(p.path == "escalatieladders[0].niveaus[0].termijn" for p in info.value.problems)
    long_code = text.replace("code: zorgpiramide", "code: zorgpiramide-van-almere")
    path.write_text(long_code)
    with pytest.raises(ProfileInvalid, match="escalatieladders"):
        read_profile(str(path))


@pytest.mark.parametrize("key", list(SEED_LADDERS))
def test_each_seed_ladder_escalates_through_every_level_with_its_clocks_and_back(db, frozen, key):
    casus, people = seed_case(key)
    name, cbs, *_rest, expected = SEED_LADDERS[key]
    ladder = next(iter(ladders_for(casus.gemeente.profile.data).values()))
    assert ladder.top == len(people)
    for position in range(1, ladder.top):
        # the case director takes the case from the first level; above it, whoever acts at the current level
        escalation = actions.check_escalate_case(actor=actor_for_user(people[position - 1]), casus=casus,
                                                 reason=f"stagnatie op niveau {position}")
        assert (escalation.level, escalation.level_code) == (position + 1, ladder.level(position + 1).code)
        step = escalation.steps.order_by("-id").first()
        assert (step.kind, step.from_level, step.to_level) == ("opgeschaald", position, position + 1)
        want = expected[position - 1]
        if want is None:
            assert step.clock is None
        else:
            clock = step.clock
            assert clock.kind == f"escalatie-{ladder.code}-{ladder.level(position + 1).code}"
            assert clock.stopped_on is None
            if isinstance(want, dt.datetime):
                assert clock.due_at == want and clock.due_on == want.date()
            else:
                assert clock.due_at is None and clock.due_on == want
        # the level below stopped its clock when the case moved up
        assert Clock.objects.filter(subject_type="escalation.escalation", subject_id=escalation.pk,
                                    stopped_on__isnull=True).count() == (0 if want is None else 1)
        # the holders of the new level's role are told, with kind GEESCALEERD
        assert Notification.objects.filter(recipient=people[position], kind=Notification.Kind.GEESCALEERD,
                                           subject_id=escalation.pk).exists() or people[position] == people[position - 1]
        log = ChangeLog.objects.filter(event="escalatie.opgeschaald", object_id=str(escalation.pk)).order_by("-seq")[0]
        assert log.new["niveau"] == position + 1 and log.new["reden"] == f"stagnatie op niveau {position}"

    # beyond the top: refused, nothing written
    before = counts()
    with pytest.raises(ValidationFailed, match="hoogste niveau"):
        actions.check_escalate_case(actor=actor_for_user(people[-1]), casus=casus, reason="nog hoger")
    assert counts() == before

    # the top level takes the case up: its clock (if any) stops on time
    actions.check_pick_up_escalation(actor=actor_for_user(people[-1]), casus=casus, note="wij pakken het op")
    assert not Clock.objects.filter(subject_type="escalation.escalation", subject_id=escalation.pk,
                                    stopped_on__isnull=True).exists()
    if isinstance(expected[-1], dt.date):
        top_clock = escalation.steps.filter(kind="opgeschaald").order_by("-id").first().clock
        assert top_clock.stop_reason == "opgepakt" and (top_clock.stopped_at <= top_clock.due_at
                                                        if top_clock.due_at else top_clock.stopped_on <= top_clock.due_on)

    # de-escalate step by step, back to the first level: the escalation closes
    for position in range(ladder.top, 1, -1):
        escalation = actions.check_deescalate_case(actor=actor_for_user(people[position - 1]), casus=casus,
                                                   reason=f"afgeschaald van {position}")
        assert escalation.level == position - 1
    assert escalation.closed_at is not None
    assert not Clock.objects.filter(subject_type="escalation.escalation", stopped_on__isnull=True).exists()
    assert list(escalation.steps.values_list("kind", flat=True).order_by("id")) == (
        ["opgeschaald"] * (ladder.top - 1) + ["opgepakt"] + ["afgeschaald"] * (ladder.top - 1))

    # a closed case: escalating is refused with a clear message, nothing half-written
    case_actions.check_close_case(actor=SYSTEM, casus=casus, reason="doelen-bereikt",
                                  household_informed_on=NOW.date())
    casus = fresh(casus)
    before = counts()
    with pytest.raises(Conflict, match="afgesloten"):
        actions.check_escalate_case(actor=actor_for_user(people[0]), casus=casus, reason="toch opschalen")
    assert counts() == before


def test_a_deescalation_stops_the_running_clock(db, frozen):
    casus, people = seed_case("almere")
    for position in (1, 2, 3):
        actions.check_escalate_case(actor=actor_for_user(people[position - 1]), casus=casus, reason="vast")
    escalation = actions.check_deescalate_case(actor=actor_for_user(people[3]), casus=casus, reason="opgelost")
    clock = Clock.objects.get(kind="escalatie-zorgpiramide-brandpunt")
    assert clock.stopped_on == NOW.date() and clock.stop_reason.startswith("afgeschaald")
    assert escalation.level == 3
    # de-escalating is not a step back onto a running clock: level 3's clock stopped when the case went up
    assert not Clock.objects.filter(subject_type="escalation.escalation", stopped_on__isnull=True).exists()


def test_who_may_escalate_and_pick_up(db, frozen):
    casus, people = seed_case("almere")
    professional, jgz, proces, brandpunt, wethouder = people
    # someone who acts at no level of the case's current position and holds no process direction: refused
    with pytest.raises(NotAllowed):
        actions.check_escalate_case(actor=actor_for_user(wethouder), casus=casus, reason="x")
    # the case director may not skip: on level 2 only the level-2 role (or process direction) goes on
    actions.check_escalate_case(actor=actor_for_user(professional), casus=casus, reason="drie professionals")
    with pytest.raises(NotAllowed):
        actions.check_escalate_case(actor=actor_for_user(professional), casus=casus, reason="nog hoger")
    # process direction (cases.direct) may escalate at any level
    actions.check_escalate_case(actor=actor_for_user(brandpunt), casus=casus, reason="vier professionals")
    # only the acting role of the current level records that it took the case up
    with pytest.raises(NotAllowed):
        actions.check_pick_up_escalation(actor=actor_for_user(jgz), casus=casus, note="ik")
    with pytest.raises(ValidationFailed):
        actions.check_pick_up_escalation(actor=actor_for_user(proces), casus=casus, note=" ")
    actions.check_pick_up_escalation(actor=actor_for_user(proces), casus=casus, note="overleg binnen 5 werkdagen")
    with pytest.raises(Conflict):
        actions.check_pick_up_escalation(actor=actor_for_user(proces), casus=casus, note="nog eens")
    # a reason is needed
    with pytest.raises(ValidationFailed) as info:
        actions.check_escalate_case(actor=actor_for_user(proces), casus=casus, reason="  ")
    assert "reason" in info.value.field_errors


def test_a_binding_decision_needs_the_power_to_impose_and_may_take_the_case_over(db, frozen):
    casus, people = seed_case("almere")
    professional, jgz, proces, brandpunt, wethouder = people
    case_actions.check_add_case_involvement(actor=SYSTEM, casus=casus, medewerker=jgz, role="JGZ")
    orgs = list(Organisatie.objects.filter(code__in=["bjz-flevoland", "politie-flevoland"]).values_list("pk", flat=True))
    good = {"decision": "BJZ zet binnen een week IPT in; de politie meldt elk incident aan de procescoördinator.",
            "decided_on": NOW.date(), "organisation_ids": orgs, "heard": "moeder, school",
            "heard_professional_ids": [jgz.pk]}
    before = counts()
    with pytest.raises(NotAllowed, match="doorzettingsmacht"):
        actions.check_record_binding_decision(actor=actor_for_user(proces), casus=casus, **good, takes_over=True)
    assert counts() == before
    # bad input: nothing written, each reason at its field
    with pytest.raises(ValidationFailed) as info:
        actions.check_record_binding_decision(actor=actor_for_user(brandpunt), casus=casus, decision=" ",
                                              decided_on=NOW.date() + dt.timedelta(days=3), organisation_ids=[],
                                              heard="", heard_professional_ids=[wethouder.pk])
    assert set(info.value.field_errors) == {"decision", "decided_on", "organisations", "heard_professionals"}
    other_profile_org = Organisatie.objects.filter(profile__name="demo").first()
    if other_profile_org:
        with pytest.raises(ValidationFailed) as info:
            actions.check_record_binding_decision(actor=actor_for_user(brandpunt), casus=casus,
                                                  **{**good, "organisation_ids": [other_profile_org.pk]})
        assert set(info.value.field_errors) == {"organisations"}
    assert counts() == before

    record = actions.check_record_binding_decision(actor=actor_for_user(brandpunt), casus=casus, **good,
                                                   takes_over=True)
    casus = fresh(casus)
    assert casus.case_director_id == brandpunt.pk
    assert {o.code for o in record.organisations.all()} == {"bjz-flevoland", "politie-flevoland"}
    assert list(record.heard_professionals.all()) == [jgz]
    log = ChangeLog.objects.get(event="escalatie.bindend_besluit", object_id=str(record.pk))
    assert log.new["neemt_over"] is True and log.new["organisaties"] == ["bjz-flevoland", "politie-flevoland"]
    assert ChangeLog.objects.filter(event="casus.regisseur_gewijzigd", object_id=str(casus.pk),
                                    new__casusregisseur=brandpunt.pk).exists()


# --- pages -------------------------------------------------------------------------------------------------------


def demo_case(staff):
    casus, *_ = case_with_goal(staff["generalist"])
    return fresh(casus)


def test_the_case_page_shows_the_ladder_and_the_director_escalates_from_it(profile, staff, client_for):
    casus = demo_case(staff)
    page = client_for("generalist").get(f"/casussen/{casus.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="escalatie"' in html and "Escalatieladder Demoregio" in html
    assert f'action="/casussen/{casus.pk}/escalatie/opschalen/"' in html
    # no reason: the escalation page again, 422, the error at the field and what was typed kept
    response = client_for("generalist").post(f"/casussen/{casus.pk}/escalatie/opschalen/",
                                             {"ladder": "demo", "reason": "  ", "version": ""})
    assert response.status_code == 422
    assert 'id="opschalen-reason-fout"' in response.content.decode()
    assert not Escalation.objects.filter(casus=casus).exists()
    response = client_for("generalist").post(f"/casussen/{casus.pk}/escalatie/opschalen/",
                                             {"ladder": "demo", "reason": "afspraken worden niet nagekomen"})
    assert response.status_code == 302 and response["Location"].endswith(f"/casussen/{casus.pk}/#escalatie")
    escalation = Escalation.objects.get(casus=casus)
    assert escalation.level == 2
    # the team lead is told, and sees the escalation in the list of open escalations
    assert Notification.objects.filter(recipient=staff["teamleider"], kind=Notification.Kind.GEESCALEERD).exists()
    listing = client_for("teamleider").get("/escalaties/")
    assert listing.status_code == 200 and f"/casussen/{casus.pk}/#escalatie" in listing.content.decode()
    # the team lead takes it up from the case page; the clock stops
    response = client_for("teamleider").post(f"/casussen/{casus.pk}/escalatie/opgepakt/", {"note": "ik bel morgen"})
    assert response.status_code == 302
    assert Clock.objects.get(kind="escalatie-demo-teamleiding").stop_reason == "opgepakt"


def test_the_list_of_open_escalations_is_for_who_acts_and_bounded(profile, staff, client_for,
                                                                  django_assert_max_num_queries):
    for _ in range(3):
        actions.check_escalate_case(actor=actor_for_user(staff["generalist"]), casus=demo_case(staff), reason="vast")
    assert client_for("generalist").get("/escalaties/").status_code == 403  # acts only on the first level
    assert client_for("balie").get("/escalaties/").status_code == 403
    client = client_for("procesregisseur")
    client.get("/escalaties/")
    with django_assert_max_num_queries(16):
        response = client.get("/escalaties/")
    assert response.content.decode().count("#escalatie") == 3


def test_a_binding_decision_by_someone_without_the_power_is_403_and_writes_nothing(profile, staff, client_for):
    casus = demo_case(staff)
    org = Organisatie.objects.get(code="jeugdhulp-demo")
    body = {"decision": "De aanbieder start deze week.", "decided_on": dt.date.today().isoformat(),
            "organisations": [org.pk], "heard": "moeder"}
    before = counts()
    assert client_for("teamleider").post(f"/casussen/{casus.pk}/escalatie/bindend-besluit/", body).status_code == 403
    assert counts() == before
    response = client_for("procesregisseur").post(f"/casussen/{casus.pk}/escalatie/bindend-besluit/", body)
    assert response.status_code == 302
    assert BindingDecision.objects.get(casus=casus).organisations.get() == org


def test_nobody_outside_the_case_sees_its_escalation(profile, staff, client_for, make_staff):
    casus = demo_case(staff)
    actions.check_escalate_case(actor=actor_for_user(staff["generalist"]), casus=casus, reason="vast")
    stranger = make_staff("generalist", teams=["st-centrum"])
    from django.test import Client
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/casussen/{casus.pk}/escalatie/").status_code == 404
    assert client.post(f"/casussen/{casus.pk}/escalatie/afschalen/", {"reason": "x"}).status_code == 404
    assert Escalation.objects.get(casus=casus).level == 2


def test_the_case_page_with_an_escalation_keeps_a_bounded_number_of_queries(profile, staff, client_for,
                                                                              django_assert_max_num_queries):
    casus = demo_case(staff)
    client = client_for("procesregisseur")
    client.get(f"/casussen/{casus.pk}/")
    with django_assert_max_num_queries(200) as plain:
        client.get(f"/casussen/{casus.pk}/")
    for reason in ("vast", "nog steeds vast"):
        actions.check_escalate_case(actor=actor_for_user(staff["procesregisseur"]), casus=casus, reason=reason)
    actions.check_deescalate_case(actor=actor_for_user(staff["procesregisseur"]), casus=casus, reason="beter")
    with django_assert_max_num_queries(len(plain.captured_queries) + 2):
        response = client.get(f"/casussen/{casus.pk}/")
    assert "nog steeds vast" in response.content.decode()


def test_a_ladder_serves_only_its_own_gemeenten_in_a_profile_of_several():
    """The G7 profile: each city its own ladder (seed-003 §3.5); a ladder without `gemeenten` serves them all."""
    data = read_profile("g7-2010").data
    assert list(ladders_for(data, "0034")) == ["almere"]
    assert list(ladders_for(data, "0363")) == ["mpg"]
    assert ladders_for(data, "0855") == {}  # Tilburg: the source describes no ladder
    assert len(ladders_for(data)) == 6
    assert list(ladders_for(read_profile("krimpen-2014").data, "0542")) == ["kst"]


def test_a_ladder_for_an_unknown_gemeente_is_refused(tmp_path):
    text = (PROFILES.parent.parent / "profiles" / "g7-2010.yaml").read_text()
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace('gemeenten: ["0363"]\n    niveaus:', 'gemeenten: ["9999"]\n    niveaus:'))
    with pytest.raises(ProfileInvalid) as info:
        read_profile(str(path))
    assert any(p.path == "escalatieladders[1].gemeenten[0]" for p in info.value.problems)


def test_who_is_told_but_sees_no_files_gets_no_link_that_would_end_on_not_found(db, frozen):
    """G7 Almere (seed-003 App. 1.6): the top of the pyramid is the alderman (`bestuurder`, no access to files).
    The escalation reaches them as a notification without a link; the levels below, who see the case, get one."""
    load("g7-2010")
    director = member("g7-2010", "cjg-medewerker", "0034", teams=["alm-okepunt"])
    brandpunt = member("g7-2010", "brandpunt", "0034")
    coordinator = member("g7-2010", "procescoordinator", "0034")
    alderman = member("g7-2010", "bestuurder", "0034")
    casus, *_ = case_with_goal(director, gemeente_cbs="0034", postcode="1315AB")
    casus = fresh(casus)
    ladder = ladders_for(casus.gemeente.profile.data, "0034")["almere"]
    for _ in range(1, ladder.top):
        escalation = actions.check_escalate_case(actor=actor_for_user(brandpunt), casus=casus, reason="vast")
    assert escalation.level_code == "wethouder"
    told = Notification.objects.get(recipient=alderman, kind=Notification.Kind.GEESCALEERD)
    assert told.url == "" and "opgeschaald naar Bestuurlijk" in told.text
    seen = Notification.objects.get(recipient=coordinator, kind=Notification.Kind.GEESCALEERD)
    assert seen.url == f"/casussen/{casus.pk}/#escalatie"
