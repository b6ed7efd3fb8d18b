"""Many messages at once (issue 14 items 2 and 10; docs/messaging.md "Reading many files"): the import command and the
hub's inbox read files a batch per transaction, each in its own savepoint — a repeat under another file name is moved
aside as itself, and a message that trips over a fault of Toegang's own is still kept, raw, while the rest of its batch
is processed."""

import datetime as dt
import io

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from toegang.audit.models import ChangeLog
from toegang.core.actor import SYSTEM
from toegang.messaging import actions
from toegang.messaging.actions import FAULT, receive_many
from toegang.messaging.models import Bericht, Toewijzing
from toegang.tasks.models import Notification

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


def test_a_start_and_its_stop_in_one_batch_are_both_applied_and_reported_to_the_case_director(assigned):  # noqa: F811
    begin = assigned.start + dt.timedelta(days=1)
    start = provider_message("JW305", assigned, begin=begin)
    stop = provider_message("JW307", assigned, begin=begin, end=begin + dt.timedelta(days=20),
                            identification="AB0000000002")
    started, stopped = receive_many(actor=SYSTEM, files=[("start.xml", start), ("stop.xml", stop)])
    assert (started.message.status, stopped.message.status) == ("verwerkt", "verwerkt")
    assigned.refresh_from_db()
    assert assigned.status == "beeindigd" and assigned.started_on == begin and assigned.version == 3
    events = list(ChangeLog.objects.filter(object_type="messaging.toewijzing", object_id=str(assigned.pk))
                  .order_by("seq").values_list("event", flat=True))
    assert events[-2:] == ["toewijzing.gestart", "toewijzing.beeindigd"]
    director = assigned.indicatie.casus.case_director
    texts = list(Notification.objects.filter(recipient=director, subject_id=assigned.pk).values_list("text", flat=True))
    assert any("gestart" in t for t in texts) and any("beëindigd" in t for t in texts)


def test_the_same_message_twice_in_one_batch_is_stored_once(assigned):  # noqa: F811
    start = provider_message("JW305", assigned)
    first, again = receive_many(actor=SYSTEM, files=[("a.xml", start), ("b.xml", start)])
    assert again.duplicate and again.message.pk == first.message.pk and again.answer.pk == first.answer.pk
    assert Bericht.objects.filter(direction="in", kind="JW305").count() == 1


def test_a_batch_is_looked_up_stored_and_logged_set_based(assigned):  # noqa: F811
    """Repeats, gemeenten, providers, assignments: one query each per batch; messages, answers and change-log rows:
    one insert each. What grows with the batch is only each handler's savepoint (SAVEPOINT and RELEASE)."""
    def queries(count: int, offset: int) -> int:
        files = [(f"{i}.xml", provider_message("JW305", assigned, number=99999999, identification=f"Q{offset + i:011d}"))
                 for i in range(count)]
        with CaptureQueriesContext(connection) as captured:
            assert all(r.message.status == "afgekeurd" for r in receive_many(actor=SYSTEM, files=files))
        return len(captured)

    queries(2, 0)  # warm up what is looked up once per process
    assert queries(25, 100) - queries(5, 200) == 2 * 20


def test_what_a_failing_handler_recorded_is_dropped_with_its_savepoint(assigned, monkeypatch):  # noqa: F811
    def half_done(*, batch, message, **kwargs):
        batch.log(event="test.half", obj=message)
        batch.notify(recipient_ids=[assigned.indicatie.casus.case_director_id], text="half", params={})
        raise RuntimeError("een fout in Toegang")

    monkeypatch.setitem(actions.HANDLERS, "307", half_done)
    got, = receive_many(actor=SYSTEM, files=[("stop.xml", provider_message("JW307", assigned))])
    assert got.message.status == "niet-verwerkt"
    assert not ChangeLog.objects.filter(event="test.half").exists()
    assert not Notification.objects.filter(text="half").exists()


def test_a_batch_of_everything_ends_as_each_file_read_alone(assigned):  # noqa: F811
    """The official samples, the invalid ones, the bad-input corpus, a right start and a repeat, read as one batch,
    end exactly as each does through `receive` alone: same status, same findings, same kind of answer."""
    from .test_messaging import CORPUS, STANDARDS

    files = [(p.name, p.read_bytes()) for folder in ("ijw-3.2", "iwmo-3.2")
             for p in sorted((STANDARDS / folder / "examples").glob("*.xml"))]
    files += [(p.name, p.read_bytes()) for p in sorted(CORPUS.glob("*.xml"))]
    start = provider_message("JW305", assigned)
    files += [("start.xml", start), ("nogmaals.xml", start)]
    together = [(r.message.status, r.problems, r.answer.kind if r.answer else None, r.duplicate)
                for r in receive_many(actor=SYSTEM, files=files)]
    Bericht.objects.filter(answer_to__isnull=False).delete()
    Bericht.objects.filter(direction="in").delete()
    assigned.refresh_from_db()
    Toewijzing.objects.filter(pk=assigned.pk).update(status="toegewezen", started_on=None)
    alone = [(r.message.status, r.problems, r.answer.kind if r.answer else None, r.duplicate)
             for r in (actions.receive(actor=SYSTEM, raw=raw, file_name=name) for name, raw in files)]
    assert together == alone
    assert ("verwerkt", [], "JW306", False) in together and together[-1][3]  # the start applied; its repeat known


def test_a_fault_while_answering_rolls_back_the_handlers_work_too(assigned, monkeypatch):  # noqa: F811
    from toegang.messaging import build

    def broken(*args, **kwargs):
        raise ZeroDivisionError("een fout in Toegang")

    monkeypatch.setattr(build, "return_message", broken)
    got, = receive_many(actor=SYSTEM, files=[("start.xml", provider_message("JW305", assigned))])
    assigned.refresh_from_db()
    assert got.message.status == "niet-verwerkt" and got.answer is None
    assert assigned.status == "toegewezen"  # not started: reading the file in again will start it
    assert not ChangeLog.objects.filter(event="toewijzing.gestart").exists()
    assert not Notification.objects.filter(subject_id=assigned.pk, text__contains="gestart").exists()


def test_the_change_log_reads_message_by_message_in_a_batch(assigned):  # noqa: F811
    from .test_messaging_declarations import declaration, month

    list(receive_many(actor=SYSTEM, files=[("start.xml", provider_message("JW305", assigned)),
                                           ("declaratie.xml", declaration(assigned, [{"period": month(assigned, 0),
                                                                                      "volume": 1}]))]))
    events = list(ChangeLog.objects.filter(seq__gt=ChangeLog.objects.filter(event="toewijzing.aangemaakt")
                                           .latest("seq").seq).order_by("seq").values_list("event", flat=True))
    assert events == ["bericht.verstuurd",  # the JW301 of the assignment, sent before
                      "toewijzing.gestart", "bericht.ontvangen", "bericht.verstuurd",
                      "declaratie.beoordeeld", "toewijzing.geleverd", "bericht.ontvangen", "bericht.verstuurd"]
