"""Many messages at once (issue 14 items 2 and 10; docs/messaging.md "Reading many files"): the import command and the
hub's inbox read files a batch per transaction, each in its own savepoint — a repeat under another file name is moved
aside as itself, and a message that trips over a fault of Toegang's own is still kept, raw, while the rest of its batch
is processed."""

import io

from django.core.management import call_command

from toegang.audit.models import ChangeLog
from toegang.core.actor import SYSTEM
from toegang.messaging import actions
from toegang.messaging.actions import FAULT, receive_many
from toegang.messaging.models import Bericht

from .test_messaging import assigned, hub, provider_message  # noqa: F401 (fixtures)


def test_a_repeat_in_the_inbox_is_moved_aside_under_its_own_name(assigned, hub):  # noqa: F811
    inbox = hub / "in"
    inbox.mkdir()
    start = provider_message("JW305", assigned)
    (inbox / "a-start.xml").write_bytes(start)
    (inbox / "b-nogmaals.xml").write_bytes(start)  # the provider sent the same message twice
    out = io.StringIO()
    call_command("berichten", "ophalen", stdout=out)
    assert sorted(p.name for p in (inbox / "verwerkt").iterdir()) == ["a-start.xml", "b-nogmaals.xml"]
    assert not any(p.is_file() for p in inbox.iterdir())
    assert Bericht.objects.filter(direction="in", kind="JW305").count() == 1
    assert "1 al ontvangen" in out.getvalue() and "2 berichten" in out.getvalue()


def test_a_fault_of_toegang_keeps_the_message_and_the_batch_goes_on(assigned, monkeypatch):  # noqa: F811
    def broken(**kwargs):
        raise ZeroDivisionError("een fout in Toegang")

    monkeypatch.setitem(actions.HANDLERS, "307", broken)
    stop = provider_message("JW307", assigned, identification="AB0000000002")
    start = provider_message("JW305", assigned)
    got = list(receive_many(actor=SYSTEM, files=[("stop.xml", stop), ("start.xml", start)], batch=10))
    kept, started = got
    assert kept.message.status == "niet-verwerkt" and kept.problems == [{"uitleg": FAULT}]
    assert bytes(Bericht.objects.get(pk=kept.message.pk).raw) == stop  # raw, as it came
    assert ChangeLog.objects.filter(event="bericht.niet_verwerkt", object_id=str(kept.message.pk)).exists()
    assigned.refresh_from_db()
    assert started.message.status == "verwerkt" and assigned.status == "gestart"
    # nothing of the broken message's own work stayed behind (its savepoint was rolled back)
    assert not Bericht.objects.filter(answer_to=kept.message).exists()


def test_every_file_of_every_batch_is_stored_and_done_once_in_order(assigned, monkeypatch):  # noqa: F811
    moved: list[str] = []
    files = [(f"rommel-{i}.xml", b"geen xml %d" % i) for i in range(5)]
    for result in receive_many(actor=SYSTEM, files=files, batch=2, done=moved.append):
        assert result.message.pk  # stored
    assert moved == [name for name, _ in files]
    assert Bericht.objects.filter(status="onleesbaar").count() == 5
