import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from toegang.audit.log import log_access, log_change, log_changes, verify_chain
from toegang.audit.models import AccessLog, AccessLogSubject, ChangeLog, Seal
from toegang.audit.rows import row_mac
from toegang.audit.sealing import GENESIS, seal_pending
from toegang.core.actor import SYSTEM

from .audit_support import tamper


@pytest.fixture(autouse=True)
def _checkpoints_in_tmp(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def _changes(n):
    for i in range(n):
        with transaction.atomic():
            log_change(actor=SYSTEM, event="test.gebeurtenis", object_type="test", object_id=i, new={"i": i})


def test_change_log_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError, match="transactie"):
        log_change(actor=SYSTEM, event="x", object_type="t", object_id=1)
    with pytest.raises(RuntimeError, match="transactie"):
        log_changes(actor=SYSTEM, entries=[{"event": "x", "object_type": "t", "object_id": 1}])


def test_rows_carry_a_keyed_mac_and_seals_chain_to_each_other(db):
    _changes(3)
    rows = list(ChangeLog.objects.order_by("seq"))
    assert len(rows) == 3 and rows[0].seq < rows[1].seq < rows[2].seq
    assert all(len(r.mac) == 64 for r in rows) and len({r.mac for r in rows}) == 3
    assert seal_pending(ChangeLog) == 3
    _changes(2)
    assert seal_pending(ChangeLog) == 2
    first, second = Seal.objects.filter(log="change").order_by("number")
    assert (first.number, first.count, first.prev_mac) == (1, 3, GENESIS)
    assert (second.number, second.count, second.prev_mac) == (2, 2, first.mac)
    assert second.first_seq == first.last_seq + 1
    assert verify_chain(ChangeLog) == (5, None)


def test_a_batch_of_changes_is_appended_at_once_as_rows_that_verify_like_single_ones(db, django_assert_max_num_queries):
    _changes(1)
    with transaction.atomic(), django_assert_max_num_queries(6):  # numbers, rows, subject index: not per row
        numbers = log_changes(actor=SYSTEM, entries=[
            {"event": "test.reeks", "object_type": "test", "object_id": i, "subject_ids": [7, i], "new": {"i": i}}
            for i in range(1, 51)])
    _changes(1)
    rows = list(ChangeLog.objects.order_by("seq"))
    assert len(rows) == 52 and [r.seq for r in rows[1:51]] == numbers == sorted(numbers)
    assert rows[-1].seq > numbers[-1] and rows[5].new == {"i": 5} and rows[5].subject_ids == [5, 7]
    assert ChangeLog.objects.filter(subjects__resident_id=7).count() == 50
    assert seal_pending(ChangeLog) == 52
    assert verify_chain(ChangeLog) == (52, None)


def test_audit_rows_cannot_be_changed_or_deleted_through_the_orm(db):
    _changes(1)
    row = ChangeLog.objects.get()
    row.event = "anders"
    with pytest.raises(PermissionError, match="onveranderlijk"):
        row.save()
    with pytest.raises(PermissionError, match="onveranderlijk"):
        row.delete()
    with pytest.raises(PermissionError, match="onveranderlijk"):
        ChangeLog.objects.update(event="anders")
    with pytest.raises(PermissionError, match="onveranderlijk"):
        ChangeLog.objects.all().delete()
    with pytest.raises(PermissionError, match="onveranderlijk"):
        AccessLogSubject.objects.all().delete()


def test_editing_one_row_in_the_database_breaks_it_and_verify_says_where(db, capsys):
    _changes(4)
    third = ChangeLog.objects.order_by("seq")[2].seq
    tamper("UPDATE audit_changelog SET new = %s WHERE seq = %s", ['{"i": 99}', third])
    checked, problem = verify_chain(ChangeLog)
    assert checked == 4
    assert f"regel #{third} is vervalst of ingevoegd" in problem and "MAC klopt niet" in problem
    with pytest.raises(CommandError, match="niet intact"):
        call_command("audit", "verify", "--no-seal")
    assert "KETEN GEBROKEN" in capsys.readouterr().err


def test_deleting_a_sealed_row_breaks_its_seal(db):
    _changes(3)
    seal_pending(ChangeLog)
    second = ChangeLog.objects.order_by("seq")[1].seq
    tamper("DELETE FROM audit_changelog WHERE seq = %s", [second])
    checked, problem = verify_chain(ChangeLog)
    assert checked == 2 and f"regels #{second} ontbreken (verwijderd na verzegeling in zegel 1)" in problem


def test_access_log_indexes_each_subject(db):
    log_access(actor=SYSTEM, subject_ids=[5, 3, 5], purpose="test", channel="ui")
    row = AccessLog.objects.get()
    assert row.subject_ids == [3, 5]
    assert sorted(AccessLogSubject.objects.values_list("resident_id", flat=True)) == [3, 5]
    assert list(AccessLog.objects.filter(subjects__resident_id=5)) == [row]
    assert verify_chain(AccessLog) == (1, None)


def test_the_mac_covers_the_subject_ids(db):
    log_access(actor=SYSTEM, subject_ids=[3, 5], purpose="test", channel="ui")
    row = AccessLog.objects.values().get()
    assert row_mac(AccessLog, row) == row["mac"]
    assert row_mac(AccessLog, {**row, "subject_ids": [3]}) != row["mac"]


def test_no_subjects_no_row(db):
    assert log_access(actor=SYSTEM, subject_ids=[], purpose="test", channel="ui") is None
    assert not AccessLog.objects.exists()


def test_verify_command_seals_and_reports_intact_chains(db, capsys):
    _changes(2)
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "wijzigingslog: 2 regels (2 verzegeld in 1 zegels, 0 nog niet verzegeld), keten intact" in out
    assert "inzagelog: 0 regels (0 verzegeld in 0 zegels, 0 nog niet verzegeld), keten intact" in out
    assert "geen geldig checkpoint gevonden" in out


def test_appends_offer_to_seal_every_n_and_a_failing_sealer_never_fails_the_read(transactional_db, settings,
                                                                                  monkeypatch):
    from django.db import DatabaseError

    from toegang.audit import sealing

    settings.AUDIT_SEAL_EVERY = 3
    monkeypatch.setattr(sealing, "_appends_since_seal", 0)
    for _ in range(3):
        log_access(actor=SYSTEM, subject_ids=[1], purpose="test", channel="ui")
    assert Seal.objects.get(log="access").count == 3

    def broken():
        raise DatabaseError("database weg")

    monkeypatch.setattr(sealing, "seal_all", broken)
    for _ in range(3):
        log_access(actor=SYSTEM, subject_ids=[1], purpose="test", channel="ui")
    assert AccessLog.objects.count() == 6


def test_a_busy_writer_takes_numbers_in_blocks_and_unused_numbers_stay_accounted_for(db, settings, monkeypatch):
    """PostgreSQL: reads take their numbers in growing blocks (one round trip per block, not per read); the numbers
    a stale block leaves unused are holes the sealer waits for and then records, so verify stays intact."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from toegang.audit import log

    if connection.vendor != "postgresql":
        pytest.skip("number blocks come from the PostgreSQL sequence; SQLite numbers each row under its write lock")
    settings.AUDIT_SEAL_EVERY = 0
    settings.AUDIT_SEQ_BLOCK = 32
    monkeypatch.setattr(log, "_NUMBERS", {})
    with CaptureQueriesContext(connection) as queries:
        for n in range(40):
            log_access(actor=SYSTEM, subject_ids=[n + 1], purpose="test", channel="api")
    number_queries = [q for q in queries.captured_queries if "nextval" in q["sql"]]
    assert len(number_queries) <= 6  # blocks of 1, 2, 4, 8, 16, 32
    seqs = list(AccessLog.objects.order_by("seq").values_list("seq", flat=True))
    assert len(seqs) == len(set(seqs)) == 40

    numbers = next(iter(log._NUMBERS.values()))
    unused = list(numbers.free)
    assert unused, "the last block has numbers left"
    numbers.taken_at -= settings.AUDIT_SEQ_BLOCK_SECONDS + 1  # the block goes stale
    log_access(actor=SYSTEM, subject_ids=[99], purpose="test", channel="api")
    newest = AccessLog.objects.order_by("-seq").first()
    assert newest.seq > max(unused)  # a stale block's numbers are never used

    seal_pending(AccessLog)
    seal = Seal.objects.filter(log="access").order_by("-number").first()
    assert set(unused) <= {seq for seq, _ in seal.open_holes}  # (numbers of rolled-back tests are holes too)
    assert verify_chain(AccessLog) == (41, None)

    settings.AUDIT_SEAL_GRACE_SECONDS = 0  # past the grace period the holes are recorded as abandoned
    log_access(actor=SYSTEM, subject_ids=[100], purpose="test", channel="api")
    seal_pending(AccessLog)
    seal = Seal.objects.filter(log="access").order_by("-number").first()
    assert set(unused) <= set(seal.abandoned) and not seal.open_holes
    assert verify_chain(AccessLog) == (42, None)
