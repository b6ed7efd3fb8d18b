"""The scheduled pickup of the hub's inbox (issue 14 item 10) until the project has a job runner:
`toegang berichten ophalen --elke N` picks up new files every N seconds and stops cleanly on SIGTERM (or Ctrl-C)
after the round in progress; docs/operations.md gives the cron and systemd-timer alternative."""

import io
import os
import signal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from toegang.core.actor import SYSTEM
from toegang.core.locks import exclusive, lock_number
from toegang.messaging import actions
from toegang.messaging.management.commands import berichten
from toegang.messaging.models import Bericht, Toewijzing
from toegang.messaging.transport import FolderMailbox

from . import test_messaging
from .test_messaging import hub, provider_message  # noqa: F401 (the hub fixture)

assigned = test_messaging.assigned  # the fixture


@pytest.fixture
def inbox(settings):
    folder = Path(settings.TOEGANG_BERICHTEN_IN)  # the hub fixture's temporary mailbox
    folder.mkdir(parents=True)
    return folder


@pytest.fixture(autouse=True)
def same_connection(monkeypatch):
    """The test runs inside one transaction: the loop's refresh of stale connections would end it."""
    monkeypatch.setattr(berichten, "close_old_connections", lambda: None)


def rounds_that(monkeypatch, after_round):
    """Let `after_round(number)` act after each round of the loop (a file arriving, a signal)."""
    calls = []

    def receive_then(**kwargs):
        done = list(actions.receive_from_mailbox(**kwargs))
        calls.append(len(done))
        after_round(len(calls))
        return done

    monkeypatch.setattr(berichten, "receive_from_mailbox", receive_then)
    return calls


def test_the_loop_picks_up_a_file_that_arrives_between_rounds(assigned, inbox, monkeypatch):
    (inbox / "rommel.xml").write_bytes(b"geen xml")

    def a_start_arrives(number):
        if number == 1:
            (inbox / "start.xml").write_bytes(provider_message("JW305", assigned))

    calls = rounds_that(monkeypatch, a_start_arrives)
    out = io.StringIO()
    call_command("berichten", "ophalen", "--elke", "0", "--rondes", "3", stdout=out)
    assert calls == [1, 1, 0]  # the waiting file, then the one that arrived, then nothing new
    report = out.getvalue()
    assert "rommel.xml: ? onleesbaar" in report and "start.xml: JW305 ontvangen en verwerkt" in report
    assert "Gestopt na 3 rondes." in report
    assert sorted(p.name for p in (inbox / "verwerkt").iterdir()) == ["rommel.xml", "start.xml"]
    assert not [p for p in inbox.iterdir() if p.is_file()]
    assert Toewijzing.objects.get(pk=assigned.pk).status == "gestart"


def test_sigterm_ends_the_loop_after_the_round_in_progress(assigned, inbox, monkeypatch):
    (inbox / "start.xml").write_bytes(provider_message("JW305", assigned))
    before = signal.getsignal(signal.SIGTERM)
    calls = rounds_that(monkeypatch, lambda number: os.kill(os.getpid(), signal.SIGTERM))
    out = io.StringIO()
    # an hour between rounds: only the signal can end this test in time
    call_command("berichten", "ophalen", "--elke", "3600", stdout=out)
    assert calls == [1] and "Gestopt na 1 ronde." in out.getvalue()
    assert Bericht.objects.filter(file_name="start.xml", status="verwerkt").exists()  # the round was finished
    assert signal.getsignal(signal.SIGTERM) == before  # the process's own handling is back


def test_ctrl_c_ends_the_loop_cleanly(db, monkeypatch):
    def interrupted(number):
        raise KeyboardInterrupt

    rounds_that(monkeypatch, interrupted)
    out = io.StringIO()
    call_command("berichten", "ophalen", "--elke", "3600", stdout=out)
    assert "Gestopt na 0 rondes." in out.getvalue()


def test_every_belongs_to_pickup_and_is_a_number_of_seconds(db):
    with pytest.raises(CommandError, match="ophalen"):
        call_command("berichten", "import", ".", "--elke", "5")
    with pytest.raises(CommandError, match="seconden"):
        call_command("berichten", "ophalen", "--elke", "-1")


def test_a_pickup_that_starts_while_another_runs_leaves_the_inbox_to_it(assigned, inbox):
    """Two workers, or beat beside a cron job: the second pickup reads nothing while the first holds the inbox, and
    every file is stored once; a file moved aside meanwhile (another server) does not fail the first."""
    (inbox / "start.xml").write_bytes(provider_message("JW305", assigned))
    first = actions.receive_from_mailbox(actor=SYSTEM)
    with exclusive("berichten-ophalen") as mine:
        assert mine  # nobody holds it yet: the generator has not started
    received = next(first)  # the first pickup holds the inbox from here until it is done
    (inbox / "later.xml").write_bytes(b"geen xml")  # arrives meanwhile: left to the running pickup
    if connection.vendor == "postgresql":
        # the lock is per database session (a worker's connection): a second session is refused
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_number("berichten-ophalen")])
                assert cursor.fetchone()[0] is False
        finally:
            other.close()
    else:
        assert list(actions.receive_from_mailbox(actor=SYSTEM)) == []
    assert list(first) == []  # the running pickup read the inbox as it was when it started
    assert (inbox / "later.xml").exists()
    assert received.message.file_name == "start.xml"
    assert Bericht.objects.filter(file_name="start.xml").count() == 1
    assert (inbox / "verwerkt" / "start.xml").exists()
    # once it is done, the next pickup runs again and takes what arrived meanwhile
    assert [r.message.file_name for r in actions.receive_from_mailbox(actor=SYSTEM)] == ["later.xml"]


def test_a_file_already_moved_aside_is_no_failure(settings, inbox):
    box = FolderMailbox()
    box.done("al-weg.xml")  # nothing to move: stored either way
    assert not (inbox / "verwerkt" / "al-weg.xml").exists()
