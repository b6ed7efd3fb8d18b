"""Notifications (issue 12, point 8): the inbox at /berichten/, the unread count in the header, e-mail after the
commit for the kinds that go by mail, and the daily signal that a clock is due soon."""

import datetime as dt
import logging

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils.translation import gettext_noop

from toegang.accounts.models import Gemeente, Medewerker, Team
from toegang.cases.actions import check_assign_case_director
from toegang.core.actor import SYSTEM
from toegang.deadlines import actions as clock_actions
from toegang.deadlines.models import Clock
from toegang.intake.actions import MeldingData, check_register_melding
from toegang.tasks.actions import check_mark_notifications_read, do_signal_due_clocks, notify
from toegang.tasks.models import Notification

from .factories import HouseholdFactory, ResidentFactory
from .provisions_support import case_with_goal

K = Notification.Kind
TEXT = gettext_noop("Bericht %(nr)s voor u.")


def send(user, nr: int, kind=K.OVERIG, url: str = "") -> None:
    notify(recipient_ids=[user.pk], text=TEXT, params={"nr": nr}, kind=kind, url=url)


def with_email(*users) -> None:
    for user in users:
        Medewerker.objects.filter(pk=user.pk).update(email=f"{user.username}@gemeente.example")


def inbox(client, query: str = "") -> str:
    response = client.get("/berichten/" + query)
    assert response.status_code == 200
    return response.content.decode()


# --- the inbox ----------------------------------------------------------------------------------------------------

def test_the_inbox_lists_my_notifications_newest_first_unread_marked_and_no_one_elses(staff, client_for):
    casus, *_ = case_with_goal(staff["generalist"])
    Notification.objects.all().delete()  # the case's own ("U bent casusregisseur …")
    send(staff["generalist"], 1, url=f"/casussen/{casus.pk}/")
    send(staff["generalist"], 2, kind=K.TERMIJN)
    send(staff["teamleider"], 3)
    html = inbox(client_for("generalist"))
    assert html.index("Bericht 2 voor u.") < html.index("Bericht 1 voor u.")  # newest first
    assert f'<a class="utrecht-link" href="/casussen/{casus.pk}/">Bericht 1 voor u.</a>' in html  # with its link
    assert "Bericht 3 voor u." not in html  # another's
    assert html.count(">ongelezen</span>") == 2
    assert "termijn verloopt binnenkort" in html  # the kind, by its label


def test_the_inbox_filters_by_kind_and_by_read_or_unread(staff, client_for, actor_of):
    me = staff["generalist"]
    send(me, 1, kind=K.TOEGEWEZEN)
    send(me, 2, kind=K.TERMIJN)
    send(me, 3, kind=K.TERMIJN)
    first = Notification.objects.get(recipient=me, params__nr="2")
    check_mark_notifications_read(actor=actor_of(me), notification_id=first.pk)
    client = client_for("generalist")
    html = inbox(client, "?soort=termijn")
    assert "Bericht 2" in html and "Bericht 3" in html and "Bericht 1" not in html
    html = inbox(client, "?soort=termijn&status=ongelezen")
    assert "Bericht 3" in html and "Bericht 2" not in html
    html = inbox(client, "?status=gelezen")
    assert "Bericht 2" in html and "Bericht 1" not in html and "Bericht 3" not in html
    assert "Geen berichten met deze keuze." in inbox(client, "?soort=match")
    # an htmx filter answers with the list only
    fragment = client.get("/berichten/?soort=toegewezen", headers={"HX-Request": "true"}).content.decode()
    assert "Bericht 1" in fragment and "<h1" not in fragment
    response = client.get("/berichten/?soort=onzin")
    assert response.status_code == 400 and "Onbekende soort" in response.content.decode()


def test_marking_one_read_returns_to_the_filtered_inbox_and_leaves_the_others(staff, client_for):
    me = staff["generalist"]
    send(me, 1)
    send(me, 2)
    one = Notification.objects.get(recipient=me, params__nr="1")
    client = client_for("generalist")
    response = client.post("/berichten/gelezen/", {"bericht": one.pk, "terug": "/berichten/?status=ongelezen"})
    assert response.status_code == 302 and response["Location"] == "/berichten/?status=ongelezen"
    assert Notification.objects.get(pk=one.pk).read_at is not None
    assert Notification.objects.filter(recipient=me, read_at__isnull=True).count() == 1
    html = inbox(client, "?status=ongelezen")
    assert "Het bericht is gemarkeerd als gelezen." in html and "Bericht 1" not in html and "Bericht 2" in html


def test_marking_all_read_and_nobody_marks_anothers(staff, client_for):
    me, other = staff["generalist"], staff["teamleider"]
    send(me, 1)
    send(me, 2)
    send(other, 3)
    theirs = Notification.objects.get(recipient=other)
    client = client_for("generalist")
    assert client.post("/berichten/gelezen/", {"bericht": theirs.pk}).status_code == 404  # as a missing one
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    # another site as the way back is not followed
    response = client.post("/berichten/gelezen/", {"terug": "//elders.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert "Berichten gemarkeerd als gelezen: 2." in client.get("/").content.decode()


def test_a_malformed_mark_is_refused_with_the_inbox_again(staff, client_for):
    send(staff["generalist"], 1)
    response = client_for("generalist").post("/berichten/gelezen/", {"bericht": "abc"})
    assert response.status_code == 422
    assert "Bericht 1 voor u." in response.content.decode()
    assert Notification.objects.get(recipient=staff["generalist"]).read_at is None


def test_the_inbox_pages_and_its_queries_do_not_grow_with_the_notifications(staff, client_for,
                                                                          django_assert_max_num_queries):
    me = staff["generalist"]
    client = client_for("generalist")
    send(me, 0)
    inbox(client)  # the session's first request decides the second factor once: not the page's own cost
    # session + actor (4), the page of notifications (1), the header's unread count (1), the menu's decision work (1)
    with django_assert_max_num_queries(8):
        inbox(client)
    for nr in range(1, 30):
        send(me, nr)
    with django_assert_max_num_queries(8):
        html = inbox(client)
    assert html.count("<tr class=\"utrecht-table__row\">") == 1 + 25 and "?pagina=2" in html
    second = inbox(client, "?pagina=2")
    assert second.count("<tr class=\"utrecht-table__row\">") == 1 + 5 and "Bericht 0 voor u." in second


def test_the_inbox_shows_the_text_in_the_page_language(staff, client_for):
    notify(recipient_ids=[staff["generalist"].pk], text=gettext_noop("U bent casusregisseur van casus %(casus)s."),
           params={"casus": 7}, kind=K.TOEGEWEZEN)
    client = client_for("generalist")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "You are the case director of case 7." in inbox(client)
    assert Notification.objects.get(recipient=staff["generalist"]).text == "U bent casusregisseur van casus 7."


# --- the header ---------------------------------------------------------------------------------------------------

def test_the_header_counts_unread_notifications_for_everyone_logged_in(staff, client_for):
    me = staff["beleid"]  # a role without Mijn werk sections of its own still sees its messages
    for nr in range(3):
        send(me, nr)
    resolved = Notification.objects.filter(recipient=me).first()
    Notification.objects.filter(pk=resolved.pk).update(resolved_at=resolved.created_at)  # its work is handled
    html = client_for("beleid").get("/").content.decode()
    assert 'href="/berichten/" aria-label="Berichten (2 ongelezen)"' in html
    assert '<span class="utrecht-badge-counter">2</span>' in html
    assert 'href="/berichten/">Alle berichten</a>' in html  # Mijn werk's short list links to the inbox
    nothing = client_for("privacy").get("/").content.decode()
    assert 'aria-label="Berichten (0 ongelezen)"' in nothing and "utrecht-badge-counter" not in nothing
    anonymous = Client().get("/inloggen/").content.decode()
    assert "/berichten/" not in anonymous


# --- e-mail -------------------------------------------------------------------------------------------------------

def test_a_mailed_kind_sends_one_email_per_recipient_after_the_commit(staff, django_capture_on_commit_callbacks):
    generalist, lead, policy = staff["generalist"], staff["teamleider"], staff["beleid"]
    with_email(generalist, lead)  # the policy officer has no address: the inbox only
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient_ids=[generalist.pk, lead.pk, lead.pk, policy.pk], text=TEXT, params={"nr": 5},
               kind=K.UITNODIGING, url="/casussen/12/")
        send(generalist, 6)  # OVERIG: not by mail
        assert mail.outbox == []  # nothing before the commit
    assert sorted(m.to[0] for m in mail.outbox) == ["generalist@gemeente.example", "teamleider@gemeente.example"]
    message = mail.outbox[0]
    assert message.subject == "Toegang: uitnodiging voor een casusoverleg"
    assert "Bericht 5 voor u." in message.body and "http://localhost:8000/casussen/12/" in message.body
    assert "http://localhost:8000/berichten/" in message.body
    assert Notification.objects.filter(kind=K.UITNODIGING).count() == 3


def test_no_email_when_the_transaction_rolls_back(staff, django_capture_on_commit_callbacks):
    with_email(staff["generalist"])
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            send(staff["generalist"], 1, kind=K.GEESCALEERD)
            raise RuntimeError("the action fails after notifying")
    assert mail.outbox == [] and not Notification.objects.exists()


class BrokenMailServer(BaseEmailBackend):
    def open(self):
        raise ConnectionRefusedError("mailserver weg")

    def send_messages(self, messages):
        raise ConnectionRefusedError("mailserver weg")


def test_a_failing_mail_server_never_breaks_the_action(staff, actor_of, settings, caplog,
                                                       django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.test_inbox.BrokenMailServer"
    casus, *_ = case_with_goal(staff["generalist"])
    with_email(staff["teamleider"])
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        check_assign_case_director(actor=actor_of(staff["procesregisseur"]), casus=casus,
                                   medewerker=staff["teamleider"])
    casus.refresh_from_db()
    assert casus.case_director_id == staff["teamleider"].pk
    assert Notification.objects.filter(recipient=staff["teamleider"], kind=K.TOEGEWEZEN).exists()
    assert "Mailserver onbereikbaar" in caplog.text


def test_assigned_to_me_goes_by_email(staff, actor_of, django_capture_on_commit_callbacks):
    casus, *_ = case_with_goal(staff["generalist"])
    with_email(staff["teamleider"])
    with django_capture_on_commit_callbacks(execute=True):
        check_assign_case_director(actor=actor_of(staff["procesregisseur"]), casus=casus,
                                   medewerker=staff["teamleider"])
    [message] = mail.outbox
    assert message.to == ["teamleider@gemeente.example"]
    assert message.subject == "Toegang: er is iets aan u toegewezen"
    assert f"U bent casusregisseur van casus {casus.pk}." in message.body
    assert f"http://localhost:8000/casussen/{casus.pk}/" in message.body


# --- clock due soon -----------------------------------------------------------------------------------------------

def start(kind="wmo-onderzoek", *, owner=None, team=None, subject=None, household=None):
    gemeente = Gemeente.objects.get(cbs_code="9901")
    household = household or HouseholdFactory(gemeente=gemeente)
    return clock_actions.start_clock(actor=SYSTEM, gemeente=gemeente, kind=kind, subject=subject or household,
                                     started_on=dt.date(2026, 3, 2), household_id=household.pk,
                                     team_id=team.pk if team else None, owner_id=owner.pk if owner else None)


def termijn_for(clock) -> list[Notification]:
    return list(Notification.objects.filter(kind=K.TERMIJN, subject_type="deadlines.clock", subject_id=clock.pk))


def test_a_clock_entering_its_warning_window_tells_its_owner_once(staff, django_capture_on_commit_callbacks):
    gemeente = Gemeente.objects.get(cbs_code="9901")
    household = HouseholdFactory(gemeente=gemeente)
    melding, _ = check_register_melding(actor=SYSTEM, gemeente=gemeente, persons=[ResidentFactory(household=household)],
                                        data=MeldingData(question="Hulp bij het huishouden", channel="balie",
                                                         source="zelf"))
    clock = start(owner=staff["generalist"], subject=melding, household=household)
    with_email(staff["generalist"])
    assert do_signal_due_clocks(actor=SYSTEM, today=clock.warn_on - dt.timedelta(days=1)) == 0
    assert termijn_for(clock) == []
    with django_capture_on_commit_callbacks(execute=True):
        do_signal_due_clocks(actor=SYSTEM, today=clock.warn_on)
    [notification] = termijn_for(clock)
    assert notification.recipient_id == staff["generalist"].pk
    assert notification.url == f"/meldingen/{melding.pk}/"
    assert notification.text == (f"Termijn loopt bijna af: Wmo: melding → onderzoek afgerond, uiterlijk "
                                 f"{clock.due_on:%d-%m-%Y}.")
    [message] = mail.outbox
    assert message.subject == "Toegang: een termijn loopt bijna af"
    assert f"http://localhost:8000/meldingen/{melding.pk}/" in message.body
    # again the same day, the next day, through the command: never twice
    assert do_signal_due_clocks(actor=SYSTEM, today=clock.warn_on) == 0
    call_command("termijnsignalen", datum=clock.warn_on + dt.timedelta(days=1), stdout=open("/dev/null", "w"))
    assert len(termijn_for(clock)) == 1
    # the clock stops: the warning is handled
    clock_actions.stop_clock(actor=SYSTEM, clock=clock, stopped_on=clock.warn_on, reason="onderzoek afgerond")
    assert Notification.objects.get(pk=notification.pk).resolved_at is not None


def test_a_clock_without_owner_goes_to_the_team_lead_else_the_team(staff):
    noord = Team.objects.get(code="st-noord-zuid")  # generalist and teamleider; the team lead may assign cases
    balie = Team.objects.get(code="balie-demodam")  # no member may assign: the whole team
    to_lead, to_team = start(team=noord), start(team=balie)
    nobody = start()  # neither owner nor team: nobody to tell (it stays unsignalled)
    Medewerker.objects.filter(pk=staff["generalist"].pk).update(is_active=False)
    gone = start(owner=staff["generalist"], team=noord)  # an owner who left: the team lead
    assert do_signal_due_clocks(actor=SYSTEM, today=to_lead.warn_on) == 3
    assert [n.recipient_id for n in termijn_for(to_lead)] == [staff["teamleider"].pk]
    assert [n.recipient_id for n in termijn_for(gone)] == [staff["teamleider"].pk]
    assert {n.recipient_id for n in termijn_for(to_team)} == set(
        balie.memberships.filter(medewerker__is_active=True).values_list("medewerker_id", flat=True))
    assert termijn_for(nobody) == [] and termijn_for(to_team)[0].url == f"/huishoudens/{to_team.household_id}/"


def test_a_suspended_or_stopped_clock_is_not_signalled(staff):
    suspended, stopped = start(owner=staff["generalist"]), start(owner=staff["generalist"])
    Clock.objects.filter(pk=suspended.pk).update(suspended_since=suspended.started_on)
    clock_actions.stop_clock(actor=SYSTEM, clock=stopped, stopped_on=stopped.started_on, reason="klaar")
    assert do_signal_due_clocks(actor=SYSTEM, today=suspended.warn_on) == 0


def test_the_signal_is_set_based(staff, django_assert_max_num_queries):
    noord = Team.objects.get(code="st-noord-zuid")
    first = start(team=noord)
    # the clocks (1), team members, roles, role holders (3), one insert, savepoint (2) — whatever the number of clocks
    with django_assert_max_num_queries(8):
        assert do_signal_due_clocks(actor=SYSTEM, today=first.warn_on) == 1
    for _ in range(10):
        start(team=noord)
        start(owner=staff["generalist"])
    with django_assert_max_num_queries(8):
        assert do_signal_due_clocks(actor=SYSTEM, today=first.warn_on) == 20


def test_a_clock_first_seen_after_its_due_date_says_it_has_passed(staff):
    late = start(owner=staff["generalist"])
    assert do_signal_due_clocks(actor=SYSTEM, today=late.due_on + dt.timedelta(days=3)) == 1
    [notification] = termijn_for(late)
    assert notification.text.startswith("Termijn verlopen: ") and f"uiterlijk was {late.due_on:%d-%m-%Y}" in \
        notification.text


def test_a_link_to_a_case_the_reader_cannot_open_is_left_off_not_a_dead_end(staff, client_for):
    """The notification stays (its text is the news), but a case the reader does not (or no longer) see is not a
    link on Mijn werk or Berichten: it would end on "niet gevonden"."""
    mine, *_ = case_with_goal(staff["generalist"])
    other, *_ = case_with_goal(staff["procesregisseur"])
    check_assign_case_director(actor=SYSTEM, casus=other, medewerker=staff["procesregisseur"])
    reader = Medewerker.objects.create(username="lezer", first_name="Lea", last_name="Lezer")
    reader.role_assignments.create(gemeente=mine.gemeente, role=staff["generalist"].role_assignments.first().role)
    check_assign_case_director(actor=SYSTEM, casus=mine, medewerker=reader)
    send(reader, 1, url=f"/casussen/{mine.pk}/")
    send(reader, 2, url=f"/casussen/{other.pk}/#escalatie")
    client = Client()
    client.force_login(reader)
    for page in ("/", "/berichten/"):
        html = client.get(page).content.decode()
        assert f'href="/casussen/{mine.pk}/"' in html and "Bericht 1 voor u." in html
        assert "Bericht 2 voor u." in html and f'href="/casussen/{other.pk}/' not in html
