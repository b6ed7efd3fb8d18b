"""Crisis on a clock (issue 11, point 4): terms in hours, the crisis clock from the profile, clock kinds a profile adds
started by the event it names, crisis at the top of the worklists and red when missed, never 'op tijd' on a six-week
clock, and terms in words."""

import copy
import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from toegang.accounts.models import Gemeente
from toegang.audit.models import ChangeLog
from toegang.core.actor import SYSTEM
from toegang.core.errors import Conflict
from toegang.deadlines import actions as clock_actions
from toegang.deadlines.calendar import Term, due_date, due_moment
from toegang.deadlines.kinds import kinds_for
from toegang.deadlines.models import Clock
from toegang.deadlines.queries import status_of, with_status
from toegang.intake import actions
from toegang.intake.actions import MeldingData
from toegang.intake.models import Melding
from toegang.profiles.loader import data_problems, read_profile

from .factories import ResidentFactory

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)  # Monday 11:00 in the Netherlands
AMS = timezone.get_default_timezone()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def desk(staff, actor_of):
    return actor_of(staff["balie"])


def register(actor=SYSTEM, laws=("jeugdwet",), urgency="crisis", **kw):
    melding, _ = actions.check_register_melding(
        actor=actor, gemeente=Gemeente.objects.get(cbs_code="9901"),
        data=MeldingData(question=kw.pop("question", "Moeder belt: haar zoon dreigt zichzelf iets aan te doen"),
                         channel="telefoon", source="zelf", laws=list(laws), urgency=urgency, **kw),
        persons=[ResidentFactory()])
    return melding


def row_of(html: str, melding) -> str:
    """The text of the worklist row of one melding, tags stripped."""
    row = html.split(f'/meldingen/{melding.pk}/"')[1].split("</tr>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))


def set_termijnen(gemeente, **kinds):
    """Give the gemeente's loaded profile more clock kinds (rolled back with the test)."""
    profile = gemeente.profile
    profile.data = {**profile.data, "termijnen": {**profile.data.get("termijnen", {}), **kinds}}
    profile.save(update_fields=["data"])


# --- terms in hours -------------------------------------------------------------------------------------------------


def test_a_term_in_hours_parses_and_reads_in_words():
    assert Term.parse("48u") == Term(48, "u") == Term.parse("48 u") and Term(48, "u").in_hours
    assert str(Term.parse("48u")) == "48u"
    assert [Term.parse(code).describe() for code in ("48u", "1u", "2wd", "2d", "1w", "6w")] == \
        ["48 uur", "1 uur", "2 werkdagen", "2 dagen", "1 week", "6 weken"]
    with pytest.raises(ValueError, match="48u"):
        Term.parse("48h")


def test_a_term_in_hours_ends_at_a_moment_day_and_night_without_the_atw():
    friday_evening = dt.datetime(2026, 12, 24, 22, 30, tzinfo=AMS)  # before Christmas and a weekend
    assert due_moment(friday_evening, Term(48, "u")) == dt.datetime(2026, 12, 26, 22, 30, tzinfo=AMS)
    assert due_moment(friday_evening, Term(4, "u")) == dt.datetime(2026, 12, 25, 2, 30, tzinfo=AMS)
    # counted from a day without a moment (a task's due date): the day the hours end, from the end of that day
    assert due_date(dt.date(2026, 12, 24), Term(48, "u")) == dt.date(2026, 12, 26)
    assert due_date(dt.date(2026, 12, 24), Term(4, "u")) == dt.date(2026, 12, 25)
    with pytest.raises(ValueError):
        due_moment(friday_evening, Term(2, "d"))


def test_the_default_crisis_term_is_24_hours_and_profiles_set_their_own(profile):
    assert kinds_for(None)["crisis-contact"].term == Term(24, "u")
    assert kinds_for(read_profile("krimpen-2014").data)["crisis-contact"].term == Term(24, "u")  # the Notitie sets none
    assert kinds_for(profile.data)["crisis-contact"].term == Term(4, "u")  # the demo profile: within 4 hours


# --- the crisis clock -----------------------------------------------------------------------------------------------


def test_a_crisis_melding_starts_its_crisis_clock_at_the_moment_of_receipt(profile):
    received = NOW - dt.timedelta(minutes=30)
    melding = register(received_at=received)  # Jeugdwet: no Wmo clock, before this it had no clock at all
    clock = Clock.objects.get(subject_type="intake.melding", subject_id=melding.pk)
    assert clock.kind == "crisis-contact" and clock.term == "4u" and not clock.atw
    assert clock.started_at == received and clock.due_at == received + dt.timedelta(hours=4)
    assert clock.due_on == dt.date(2026, 11, 23)
    melding.refresh_from_db()
    assert (melding.next_due_on, melding.next_due_at) == (clock.due_on, clock.due_at)
    row = ChangeLog.objects.get(event="termijn.gestart")
    assert row.new["soort"] == "crisis-contact" and row.new["uiterste_moment"]


def test_the_crisis_clock_is_overdue_the_moment_it_is_missed(profile):
    melding = register()
    clock = Clock.objects.get(subject_id=melding.pk)
    due = clock.due_at
    assert status_of(clock) == "bijna" and with_status(Clock.objects.filter(pk=clock.pk)).get().status == "bijna"
    with time_machine.travel(due - dt.timedelta(minutes=1), tick=False):
        assert status_of(clock) == "bijna"
    with time_machine.travel(due + dt.timedelta(minutes=1), tick=False):
        assert status_of(clock) == "verlopen"  # the same day: a day clock would still be on time
        assert with_status(Clock.objects.filter(pk=clock.pk)).get().status == "verlopen"


def test_a_crisis_melding_never_shows_the_six_week_clock(client_for, profile):
    crisis = register(laws=["wmo"])  # also starts the Wmo investigation clock: 6 weeks, 04-01-2027
    assert set(Clock.objects.filter(subject_id=crisis.pk).values_list("kind", flat=True)) == \
        {"wmo-onderzoek", "crisis-contact"}
    client = client_for("generalist")
    row = row_of(client.get("/werkbak/").content.decode(), crisis)
    assert "vandaag 15:00" in row and "loopt bijna af" in row
    assert "04-01-2027" not in row and "op tijd" not in row
    page = client.get(f"/meldingen/{crisis.pk}/").content.decode()
    lead = page.split('utrecht-paragraph--lead">')[1].split("</p>")[0]
    assert "vandaag 15:00" in lead and "04-01-2027" not in lead and "op tijd" not in lead
    with time_machine.travel(NOW + dt.timedelta(hours=5), tick=False):
        html = client.get("/werkbak/").content.decode()
    assert "vandaag 15:00" in row_of(html, crisis) and "verlopen" in row_of(html, crisis)
    assert "utrecht-status-badge--danger" in html.split(f'/meldingen/{crisis.pk}/"')[1].split("</tr>")[0]  # red


def test_crisis_meldingen_sort_at_the_top_of_the_inbox_and_of_mijn_werk(client_for, staff, actor_of, profile):
    with time_machine.travel(NOW - dt.timedelta(days=50), tick=False):
        late = register(laws=["wmo"], urgency="regulier", question="al lang open")  # its six weeks are over
    regular = register(laws=["wmo"], urgency="regulier", question="gewoon")
    later_crisis = register(question="tweede crisis", received_at=NOW - dt.timedelta(minutes=5))
    first_crisis = register(question="eerste crisis", received_at=NOW - dt.timedelta(hours=2))
    html = client_for("generalist").get("/werkbak/").content.decode()
    ids = [int(x) for x in re.findall(r'/meldingen/(\d+)/"', html)]
    assert ids[:4] == [first_crisis.pk, later_crisis.pk, late.pk, regular.pk]
    # the crisis role takes both crises; on its Mijn werk they come first, with their moments, and so do their clocks
    director = actor_of(staff["procesregisseur"])
    actions.check_pick_up_melding(actor=director, melding=late)
    for melding in (later_crisis, first_crisis):
        actions.check_triage_melding(actor=actor_of(staff["balie"]), melding=Melding.objects.get(pk=melding.pk),
                                     outcome="crisis", reason="acuut gevaar")
    home = client_for("procesregisseur").get("/").content.decode()
    mine = home.split('id="mijn-meldingen"')[1].split("</table>")[0]
    ids = [int(x) for x in re.findall(r'/meldingen/(\d+)/"', mine)]
    assert ids[:3] == [first_crisis.pk, later_crisis.pk, late.pk]
    clocks = home.split('id="termijnen-kop"')[1]
    assert clocks.index("Crisis: contact") < clocks.index("Wmo: melding") and "vandaag 13:00" in clocks


def test_times_are_dutch_never_iso(client_for, profile):
    with time_machine.travel(NOW - dt.timedelta(days=3), tick=False):
        melding = register()
    html = client_for("generalist").get(f"/meldingen/{melding.pk}/").content.decode()
    assert "20-11-2026 11:00" in html and "20-11-2026 15:00" in html and "verlopen" in html
    text = re.sub(r"<[^>]+>", " ", html.split("<main")[1])  # what a person reads (a date input's value is ISO)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_the_clocks_table_shows_terms_in_words(client_for, staff, actor_of, profile):
    melding = register(laws=["wmo"])
    actions.check_triage_melding(actor=actor_of(staff["balie"]), melding=melding, outcome="meervoudig",
                                 reason="meerdere levensgebieden")
    html = client_for("generalist").get(f"/meldingen/{melding.pk}/").content.decode()
    assert "(6 weken)" in html and "(4 uur)" in html and "(2 dagen)" in html
    assert not re.search(r"\((\d+)(d|w|wd|u)\)", html)


# --- stopping -------------------------------------------------------------------------------------------------------


def test_triage_crisis_hands_the_clock_to_the_crisis_role_and_triage_onward_stops_it(staff, actor_of, profile):
    melding = register(laws=["wmo"])
    desk = actor_of(staff["balie"])
    actions.check_triage_melding(actor=desk, melding=melding, outcome="crisis", reason="acuut gevaar")
    crisis = Clock.objects.get(subject_id=melding.pk, kind="crisis-contact")
    assert crisis.stopped_on is None and crisis.owner == staff["procesregisseur"]  # it runs on, now theirs
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        director = actor_of(staff["procesregisseur"])
        actions.check_triage_melding(actor=director, melding=Melding.objects.get(pk=melding.pk),
                                     outcome="meervoudig", reason="crisis bezworen, gezin heeft een casus nodig")
    crisis.refresh_from_db()
    assert crisis.stopped_at == NOW + dt.timedelta(hours=2) and status_of(crisis) == "op-tijd-afgerond"
    assert crisis.stop_reason == "getrieerd: meervoudige vraag (casus)"
    assert Clock.objects.filter(subject_id=melding.pk, kind="eerste-contact", stopped_on__isnull=True).exists()


def test_triage_to_another_route_stops_the_crisis_clock_late_when_missed(desk, profile):
    melding = register()
    with time_machine.travel(NOW + dt.timedelta(hours=6), tick=False):
        actions.check_triage_melding(actor=desk, melding=melding, outcome="enkelvoudig", reason="geen crisis")
        clock = Clock.objects.get(subject_id=melding.pk)
        assert status_of(clock) == "te-laat-afgerond"
        assert with_status(Clock.objects.filter(pk=clock.pk)).get().status == "te-laat-afgerond"
    assert Melding.objects.get(pk=melding.pk).next_due_at is None


def test_a_clock_in_hours_cannot_be_suspended(desk, profile):
    clock = Clock.objects.get(subject_id=register().pk)
    with pytest.raises(Conflict, match="in uren"):
        clock_actions.check_suspend_clock(actor=desk, clock=clock, since=dt.date(2026, 11, 23), reason="wacht")


# --- clock kinds a profile adds ---------------------------------------------------------------------------------------


def test_a_kind_the_profile_adds_is_started_by_the_event_it_names(desk, demodam, profile):
    spoed = register(laws=["jeugdwet"], urgency="spoed")  # the demo profile's own kind, started by melding-spoed
    clock = Clock.objects.get(subject_id=spoed.pk)
    assert clock.kind == "spoed-contact" and clock.due_on == dt.date(2026, 11, 25)  # 2 working days
    set_termijnen(demodam,
                  **{"huisbezoek": {"naam": "Huisbezoek na elke melding", "termijn": "48u",
                                    "start": "melding-geregistreerd", "bron": "G7: binnen 48 uur"},
                     "plan-van-aanpak": {"naam": "Plan van aanpak", "termijn": "10wd", "start": "triage-meervoudig"}})
    melding = register(laws=["jeugdwet"], urgency="regulier")
    added = Clock.objects.get(subject_id=melding.pk)
    assert added.kind == "huisbezoek" and added.due_at == NOW + dt.timedelta(hours=48) and added.source == "G7: binnen 48 uur"
    actions.check_triage_melding(actor=desk, melding=Melding.objects.get(pk=melding.pk), outcome="meervoudig",
                                 reason="meerdere levensgebieden")
    assert set(Clock.objects.filter(subject_id=melding.pk).values_list("kind", flat=True)) == \
        {"huisbezoek", "eerste-contact", "plan-van-aanpak"}
    # anonymous advice emits no event: nobody to contact
    assert actions.registration_events(MeldingData(question="?", channel="balie", source="anoniem", anonymous=True,
                                                   urgency="spoed")) == []


def test_the_schema_refuses_an_unknown_event_a_missing_start_and_a_start_on_a_built_in_kind():
    base = read_profile("demo").data

    def problems(**kinds):
        data = copy.deepcopy(base)
        data["termijnen"] = kinds
        return [f"{p.path}: {p.message}" for p in data_problems(data, "demo", None)]

    assert problems(huisbezoek={"naam": "Huisbezoek", "termijn": "48u", "start": "melding-crisis"}) == []
    unknown = problems(huisbezoek={"naam": "Huisbezoek", "termijn": "48u", "start": "casus-gesloten"})
    assert len(unknown) == 1 and unknown[0].startswith("termijnen.huisbezoek.start: waarde 'casus-gesloten' is niet")
    assert "melding-crisis" in unknown[0]
    assert problems(huisbezoek={"naam": "Huisbezoek", "termijn": "48u"}) == \
        ["termijnen.huisbezoek: verplicht veld 'start' ontbreekt"]
    assert problems(**{"wmo-onderzoek": {"start": "melding-geregistreerd"}}) == \
        ["termijnen.wmo-onderzoek: onbekend veld: 'start' was unexpected"]
    assert problems(**{"crisis-contact": {"termijn": "2 uur"}})[0].startswith("termijnen.crisis-contact.termijn")


def test_triage_crisis_on_a_melding_registered_as_regular_starts_the_crisis_clock(staff, actor_of, profile):
    melding = register(laws=["wmo"], urgency="regulier")
    assert not Clock.objects.filter(subject_id=melding.pk, kind="crisis-contact").exists()
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        actions.check_triage_melding(actor=actor_of(staff["balie"]), melding=melding, outcome="crisis",
                                     reason="bij doorvragen acuut")
    crisis = Clock.objects.get(subject_id=melding.pk, kind="crisis-contact")
    assert crisis.started_at == NOW + dt.timedelta(hours=1) and crisis.owner == staff["procesregisseur"]
    melding.refresh_from_db()
    assert melding.next_due_at == NOW + dt.timedelta(hours=5)  # it, not the six weeks, is the melding's deadline
    # and it is a crisis in every worklist from now on: it sorts above the regular meldingen
    assert (melding.urgency, melding.urgency_rank) == ("crisis", 0)
