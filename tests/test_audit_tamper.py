"""Someone with SQL access tampers with the audit trail in each way issue 9 names; verify reports each one."""

import hashlib
import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from toegang.audit.log import log_access, log_change, verify_chain
from toegang.audit.models import AccessLog, AccessLogSubject, ChangeLog, Seal, Verification
from toegang.audit.sealing import seal_all, seal_pending, write_checkpoint
from toegang.core.actor import SYSTEM

from .audit_support import tamper


@pytest.fixture(autouse=True)
def _checkpoints_in_tmp(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def _reads(n, subjects=(11, 12)):
    for _ in range(n):
        log_access(actor=SYSTEM, subject_ids=subjects, purpose="test", channel="ui")


def _changes(n):
    for i in range(n):
        with transaction.atomic():
            log_change(actor=SYSTEM, event="test.gebeurtenis", object_type="test", object_id=i, new={"i": i},
                       subject_ids=[21])


def _seqs(model):
    return list(model.objects.order_by("seq").values_list("seq", flat=True))


def _verify_fails(capsys) -> str:
    with pytest.raises(CommandError, match="niet intact"):
        call_command("audit", "verify")
    return capsys.readouterr().err


@pytest.mark.parametrize(("model", "table", "label", "write"), [
    (AccessLog, "audit_accesslog", "inzagelog", _reads), (ChangeLog, "audit_changelog", "wijzigingslog", _changes)])
def test_deleting_the_last_rows_of_either_log_is_reported(db, capsys, model, table, label, write):
    write(5)
    write_checkpoint()
    last_two = _seqs(model)[-2:]
    subject_table = f"{table}subject"
    tamper(f"DELETE FROM {subject_table} WHERE log_id >= %s", [last_two[0]])  # noqa: S608
    tamper(f"DELETE FROM {table} WHERE seq >= %s", [last_two[0]])  # noqa: S608
    err = _verify_fails(capsys)
    assert f"{label}: regels #{last_two[0]}, #{last_two[1]} ontbreken (verwijderd na verzegeling in zegel 1)" in err


def test_deleting_the_last_rows_and_their_seals_ends_before_the_checkpoint(db, capsys):
    _reads(3)
    write_checkpoint()
    tamper("DELETE FROM audit_accesslogsubject")
    tamper("DELETE FROM audit_accesslog")
    tamper("DELETE FROM audit_seal WHERE log = 'access'")
    err = _verify_fails(capsys)
    assert "inzagelog: de keten eindigt vóór het laatste checkpoint" in err
    assert "zegel 1 t/m regel" in err and "database: zegel 0" in err


def test_restoring_an_old_dump_is_reported_against_the_last_checkpoint(db, capsys):
    """An old dump is internally consistent (valid MACs and seals); only the checkpoint outside the database shows
    that the chain once went further."""
    _reads(2)
    seal_all()
    old_seal = Seal.objects.filter(log="access").get()
    _reads(3)
    write_checkpoint()
    # "restore" the dump taken after the first seal: everything later is gone
    tamper("DELETE FROM audit_accesslogsubject WHERE log_id > %s", [old_seal.last_seq])
    tamper("DELETE FROM audit_accesslog WHERE seq > %s", [old_seal.last_seq])
    tamper("DELETE FROM audit_seal WHERE log = 'access' AND number > 1")
    assert verify_chain(AccessLog)[1].startswith("inzagelog: de keten eindigt vóór het laatste checkpoint")
    err = _verify_fails(capsys)
    assert "teruggezette oude dump" in err and "database: zegel 1" in err


def test_deleting_a_subject_index_row_is_reported(db, capsys):
    _reads(2, subjects=(11, 12))
    seq = _seqs(AccessLog)[0]
    tamper("DELETE FROM audit_accesslogsubject WHERE log_id = %s AND resident_id = 12", [seq])
    assert f"persoonsindex mist inwoner 12 bij regel #{seq} (verwijderd)" in _verify_fails(capsys)


def test_deleting_every_subject_row_of_a_person_is_reported(db, capsys):
    """The privacy officer's view of a person went from 1,666 rows to 0 (issue 9)."""
    _reads(3, subjects=(11,))
    tamper("DELETE FROM audit_accesslogsubject WHERE resident_id = 11")
    err = _verify_fails(capsys)
    assert all(f"persoonsindex mist inwoner 11 bij regel #{seq}" in err for seq in _seqs(AccessLog))


def test_repointing_a_subject_index_row_is_reported(db, capsys):
    _reads(1, subjects=(11,))
    seq = _seqs(AccessLog)[0]
    tamper("UPDATE audit_accesslogsubject SET resident_id = 99 WHERE log_id = %s", [seq])
    err = _verify_fails(capsys)
    assert f"persoonsindex van regel #{seq} is omgelegd: inwoner 11 vervangen door 99" in err


def test_a_subject_row_pointing_to_no_log_row_is_reported(db, capsys):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite checks the foreign key at the end of the test")
    tamper("INSERT INTO audit_changelogsubject (resident_id, log_id) VALUES (5, 424242)")
    assert "persoonsindex verwijst naar regel #424242 die niet bestaat (inwoner 5)" in _verify_fails(capsys)


def test_editing_a_row_and_recomputing_its_hash_without_the_key_is_reported(db, capsys):
    _changes(3)
    seal_all()
    row = ChangeLog.objects.order_by("seq").values()[1]
    forged_new = {"i": 99}
    recomputed = hashlib.sha256(json.dumps([row["seq"], forged_new]).encode()).hexdigest()
    tamper("UPDATE audit_changelog SET new = %s, mac = %s WHERE seq = %s",
           [json.dumps(forged_new), recomputed, row["seq"]])
    err = _verify_fails(capsys)
    assert f"regel #{row['seq']} is gewijzigd na het vastleggen (MAC klopt niet met de auditsleutel)" in err
    assert "de verzegelde regels van zegel 1 zijn vervangen" in err


def test_an_appended_forged_row_is_reported(db, capsys):
    _reads(2)
    seal_all()
    tamper("INSERT INTO audit_accesslog (seq, at, actor_label, role, subject_ids, purpose, channel, resource, mac) "
           "VALUES (900, %s, 'Indringer', '', '[11]', 'vals', 'ui', '', %s)",
           ["2026-11-30T12:00:00+00:00", "ab" * 32])
    _reads(1)  # a forged row never blocks the sealing of genuine rows after it
    genuine = _seqs(AccessLog)[-1]
    err = _verify_fails(capsys)
    assert "inzagelog: regel #900 is vervalst of ingevoegd (afgewezen bij zegel 2" in err
    last = Seal.objects.filter(log="access").order_by("-number").first()
    assert last.rejected == [900] and last.last_seq == max(900, genuine) and genuine not in last.open_holes


def test_a_forged_seal_and_a_forged_checkpoint_are_reported(db, capsys):
    _reads(2)
    checkpoint = write_checkpoint()
    body = json.loads(checkpoint.path.read_text())
    body["ketens"]["inzagelog"]["zegel"] = 7
    forged = checkpoint.path.with_name("checkpoint-29990101T000000000000Z.json")
    forged.write_text(json.dumps(body))
    tamper("UPDATE audit_seal SET count = 1 WHERE log = 'access'")
    err = _verify_fails(capsys)
    assert f"checkpoint {forged.name} is gewijzigd of vervalst" in err
    assert "zegel 1 is gewijzigd of vervalst (handtekening klopt niet)" in err


def test_a_row_that_commits_after_a_later_row_was_sealed_is_sealed_later_not_skipped(db):
    """Concurrent inserts commit out of number order. Simulated on both databases: the middle row is absent (its
    transaction has not committed) while the sealer runs, then appears. The sealer keeps its number open."""
    _reads(3)
    middle = AccessLog.objects.order_by("seq").values()[1]
    tamper("DELETE FROM audit_accesslogsubject WHERE log_id = %s", [middle["seq"]])
    tamper("DELETE FROM audit_accesslog WHERE seq = %s", [middle["seq"]])
    assert seal_pending(AccessLog) == 2
    first = Seal.objects.get(log="access")
    assert middle["seq"] in [seq for seq, _ in first.open_holes] and first.count == 2
    AccessLog.objects.bulk_create([AccessLog(**middle)])  # the late transaction commits its row as written
    AccessLogSubject.objects.bulk_create([AccessLogSubject(log_id=middle["seq"], resident_id=r) for r in (11, 12)])
    assert verify_chain(AccessLog) == (3, None)  # pending, not an error
    assert seal_pending(AccessLog) == 1
    second = Seal.objects.get(log="access", number=2)
    assert second.count == 1 and middle["seq"] not in [seq for seq, _ in second.open_holes]
    assert second.prev_mac == first.mac and second.last_seq == first.last_seq  # only the late row, nothing new
    assert verify_chain(AccessLog) == (3, None)


@pytest.mark.django_db(transaction=True)
def test_postgresql_concurrent_late_commit_is_sealed(settings):
    """The same on PostgreSQL with two real connections: a slow transaction holds an earlier number."""
    if connection.vendor != "postgresql":
        pytest.skip("needs two concurrent connections (PostgreSQL)")
    settings.AUDIT_SEAL_EVERY = 0
    started, release = threading.Event(), threading.Event()

    def slow_reader():
        try:
            with transaction.atomic():
                log_access(actor=SYSTEM, subject_ids=[7], purpose="traag", channel="ui")
                started.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_reader)
    thread.start()
    started.wait(10)
    _reads(2)
    assert seal_pending(AccessLog) == 2  # the slow row is not visible yet: its number stays open
    release.set()
    thread.join()
    assert seal_pending(AccessLog) == 1
    assert AccessLog.objects.count() == 3 and verify_chain(AccessLog) == (3, None)
    assert sum(Seal.objects.filter(log="access").values_list("count", flat=True)) == 3


def test_postgresql_refuses_update_and_delete_from_the_application(db):
    if connection.vendor != "postgresql":
        pytest.skip("triggers exist on PostgreSQL only")
    _reads(1)
    _changes(1)
    seal_all()
    call_command("audit", "verify")
    statements = ["UPDATE audit_accesslog SET purpose = 'x'", "DELETE FROM audit_accesslog",
                  "UPDATE audit_changelog SET event = 'x'", "DELETE FROM audit_changelog",
                  "DELETE FROM audit_accesslogsubject", "UPDATE audit_changelogsubject SET resident_id = 1",
                  "DELETE FROM audit_seal", "UPDATE audit_verification SET intact = true"]
    from django.db import DatabaseError

    for sql in statements:
        with pytest.raises(DatabaseError, match="Auditregels zijn onveranderlijk"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql)
    assert AccessLog.objects.count() == 1 and Verification.objects.count() == 1


def test_verify_records_its_outcome_for_the_privacy_officer(db, capsys):
    _reads(1)
    call_command("audit", "verify")
    assert Verification.objects.get().intact is True
    tamper("DELETE FROM audit_accesslogsubject")
    _verify_fails(capsys)
    latest = Verification.objects.order_by("-at", "-id").first()
    assert latest.intact is False and "persoonsindex mist inwoner" in latest.summary
