import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from toegang.audit.log import log_access, log_change, verify_chain
from toegang.audit.models import AccessLog, AccessLogSubject, ChangeLog
from toegang.core.actor import SYSTEM


def _changes(n):
    for i in range(n):
        with transaction.atomic():
            log_change(actor=SYSTEM, event="test.gebeurtenis", object_type="test", object_id=i, new={"i": i})


def test_change_log_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError, match="transactie"):
        log_change(actor=SYSTEM, event="x", object_type="t", object_id=1)


def test_rows_chain_to_each_other(db):
    _changes(3)
    rows = list(ChangeLog.objects.order_by("seq"))
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == "0" * 64
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
    assert verify_chain(ChangeLog) == (3, None)


def test_audit_rows_cannot_be_changed_or_deleted_through_the_orm(db):
    _changes(1)
    row = ChangeLog.objects.get()
    row.event = "anders"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        ChangeLog.objects.update(event="anders")
    with pytest.raises(PermissionError):
        ChangeLog.objects.all().delete()


def test_editing_one_row_in_the_database_breaks_the_chain_and_verify_says_where(db, capsys):
    _changes(4)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_changelog SET new = %s WHERE seq = 3", ['{"i": 99}'])
    checked, problem = verify_chain(ChangeLog)
    assert checked == 2
    assert "#3" in problem and "inhoud gewijzigd" in problem
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert "KETEN GEBROKEN" in capsys.readouterr().err


def test_deleting_a_row_breaks_the_chain(db):
    _changes(3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_changelog WHERE seq = 2")
    checked, problem = verify_chain(ChangeLog)
    assert checked == 1 and "volgnummer 2 ontbreekt" in problem


def test_access_log_indexes_each_subject(db):
    log_access(actor=SYSTEM, subject_ids=[5, 3, 5], purpose="test", channel="ui")
    row = AccessLog.objects.get()
    assert row.subject_ids == [3, 5]
    assert sorted(AccessLogSubject.objects.values_list("resident_id", flat=True)) == [3, 5]
    assert verify_chain(AccessLog) == (1, None)


def test_no_subjects_no_row(db):
    assert log_access(actor=SYSTEM, subject_ids=[], purpose="test", channel="ui") is None
    assert not AccessLog.objects.exists()


def test_verify_command_reports_intact_chains(db, capsys):
    _changes(2)
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "wijzigingslog: 2 regels, keten intact" in out
    assert "inzagelog: 0 regels, keten intact" in out
