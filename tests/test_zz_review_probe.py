import datetime as dt

import pytest
from lxml import etree

from toegang.audit.models import ChangeLog
from toegang.audit.verify import verify_log
from toegang.core.actor import SYSTEM
from toegang.messaging import actions, build
from toegang.messaging.actions import receive, receive_many
from toegang.messaging.models import Bericht, Toewijzing
from toegang.tasks.models import Notification

from tests.test_messaging import assigned, hub, provider_message  # noqa: F401
from tests.test_messaging_declarations import declaration, month, TARIFF_45A48


def test_answer_fault_after_handler_keeps_handler_work(assigned, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("antwoord kapot")
    monkeypatch.setattr(build, "return_message", boom)
    got, = receive_many(actor=SYSTEM, files=[("start.xml", provider_message("JW305", assigned))])
    assigned.refresh_from_db()
    events = list(ChangeLog.objects.order_by("seq").values_list("event", flat=True))
    print("STATUS", got.message.status, "ASSIGNMENT", assigned.status, "EVENTS", events[-3:],
          "NOTES", Notification.objects.filter(subject_id=assigned.pk).count())
    assert got.message.status == "niet-verwerkt"
    # bug if the handler's work stayed although the message says 'not processed'
    assert assigned.status == "toegewezen", "handler work survived an answer fault"


def test_order_start_then_declaration_same_batch(assigned):
    start = provider_message("JW305", assigned)
    decl = declaration(assigned, [{"period": month(assigned, 0), "volume": 1}])
    got = list(receive_many(actor=SYSTEM, files=[("start.xml", start), ("decl.xml", decl)]))
    print([(r.message.kind, r.message.status, r.problems) for r in got])
    rows = list(ChangeLog.objects.filter(object_type="messaging.toewijzing", object_id=str(assigned.pk))
                .order_by("seq").values_list("seq", "event", "at"))
    print(rows)
    events = [e for _, e, _ in rows]
    assert events.index("toewijzing.gestart") < events.index("toewijzing.geleverd"), events


def test_stop_then_start_reverse_one_batch(assigned):
    begin = assigned.start
    stop = provider_message("JW307", assigned, begin=begin, end=begin + dt.timedelta(days=5),
                            identification="AB0000000002")
    start = provider_message("JW305", assigned, begin=begin)
    s1, s2 = receive_many(actor=SYSTEM, files=[("stop.xml", stop), ("start.xml", start)])
    assigned.refresh_from_db()
    print(s1.message.status, s1.problems, s2.message.status, assigned.status, assigned.version)
    assert s1.message.status == "afgekeurd" and assigned.status == "gestart"


def test_two_starts_then_stop_version(assigned):
    b1 = assigned.start
    b2 = assigned.start + dt.timedelta(days=2)
    f = [("a", provider_message("JW305", assigned, begin=b1, identification="AB0000000011")),
         ("b", provider_message("JW305", assigned, begin=b2, identification="AB0000000012")),
         ("c", provider_message("JW307", assigned, begin=b2, end=b2 + dt.timedelta(days=3), identification="AB0000000013"))]
    got = list(receive_many(actor=SYSTEM, files=f))
    assigned.refresh_from_db()
    print([g.message.status for g in got], assigned.status, assigned.started_on, assigned.version)
    assert assigned.version == 4


def test_fault_in_middle_handler_drops_only_its_rows(assigned, monkeypatch):
    real = actions.HANDLERS["305"]
    calls = []
    def flaky(**kw):
        calls.append(1)
        out = real(**kw)
        if len(calls) == 2:
            raise RuntimeError("tweede faalt na werk")
        return out
    monkeypatch.setitem(actions.HANDLERS, "305", flaky)
    b = assigned.start
    f = [("a", provider_message("JW305", assigned, begin=b, identification="AB0000000021")),
         ("b", provider_message("JW305", assigned, begin=b + dt.timedelta(days=1), identification="AB0000000022")),
         ("c", provider_message("JW307", assigned, begin=b, end=b + dt.timedelta(days=3), identification="AB0000000023"))]
    got = list(receive_many(actor=SYSTEM, files=f))
    assigned.refresh_from_db()
    ev = list(ChangeLog.objects.filter(object_type="messaging.toewijzing", object_id=str(assigned.pk)).order_by("seq").values_list("event", "new"))
    print([g.message.status for g in got], assigned.status, assigned.started_on, assigned.version, ev[-3:])
    assert [g.message.status for g in got] == ["verwerkt", "niet-verwerkt", "verwerkt"]
    assert assigned.started_on == b and assigned.status == "beeindigd"
    assert [e for e, _ in ev].count("toewijzing.gestart") == 1


def test_mixed_unreadable_and_valid(assigned):
    f = [("x", b"<not xml"), ("a", provider_message("JW305", assigned)), ("y", b""), ("z", b"\xff\xfe<a/>"),
         ("a2", provider_message("JW305", assigned))]
    got = list(receive_many(actor=SYSTEM, files=f))
    print([(g.message.status, g.duplicate) for g in got])


def test_credit_total(assigned):
    receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, 0), "volume": 3}]))
    credit = {"period": month(assigned, 0), "volume": 3, "dc": "C", "reference": "RN900", "previous": "RN001"}
    got = receive(actor=SYSTEM, raw=declaration(assigned, [credit, {"period": month(assigned, 1), "volume": 1, "reference": "RN902"}],
                                                number="DN002", identification="DC0000000002"))
    print(got.message.status, got.problems)
    assert not any(p.get("code") == "0001" for p in got.problems)


def test_log_changes_verifies(assigned):
    b = assigned.start
    f = [("a", provider_message("JW305", assigned, begin=b, identification="AB0000000031")),
         ("c", provider_message("JW307", assigned, begin=b, end=b + dt.timedelta(days=3), identification="AB0000000033")),
         ("x", b"rommel")]
    list(receive_many(actor=SYSTEM, files=f))
    report = verify_log(ChangeLog, checkpoint=False)
    print(report)
    assert not getattr(report, "problems", [])
