"""The scheduled pickup of the hub's inbox (issue 14 item 10) until the project has a job runner:
`toegang berichten ophalen --elke N` picks up new files every N seconds and stops cleanly on SIGTERM (or Ctrl-C)
after the round in progress; docs/operations.md gives the cron and systemd-timer alternative."""

import io
import os
import signal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from toegang.messaging import actions
from toegang.messaging.management.commands import berichten
from toegang.messaging.models import Bericht, Toewijzing

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
