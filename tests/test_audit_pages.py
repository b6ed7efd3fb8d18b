"""One access-log row per request, and the privacy officer's page: who saw whom, the checkpoint, the last check."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpResponse
from django.test import RequestFactory

from toegang.audit.log import log_access
from toegang.audit.middleware import OneAccessLogPerRequest
from toegang.audit.models import AccessLog, AccessLogSubject
from toegang.core.actor import SYSTEM

from .audit_support import tamper
from .factories import HouseholdFactory, ResidentFactory


@pytest.fixture(autouse=True)
def _checkpoints_in_tmp(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def test_a_request_that_reads_several_times_appends_one_row(db):
    def view(request):
        log_access(actor=SYSTEM, subject_ids=[1, 2], purpose="huishouden bekijken", channel="ui", resource="/h/1/")
        log_access(actor=SYSTEM, subject_ids=[2, 3], purpose="relaties bekijken", channel="ui")
        log_access(actor=SYSTEM, subject_ids=[4], purpose="huishouden bekijken", channel="ui")
        assert not AccessLog.objects.exists()  # buffered until the response is done
        return HttpResponse("ok")

    OneAccessLogPerRequest(view)(RequestFactory().get("/h/1/"))
    row = AccessLog.objects.get()
    assert row.subject_ids == [1, 2, 3, 4]
    assert row.purpose == "huishouden bekijken; relaties bekijken" and row.resource == "/h/1/"
    assert sorted(AccessLogSubject.objects.values_list("resident_id", flat=True)) == [1, 2, 3, 4]


def test_reads_are_logged_even_when_the_view_fails_afterwards(db):
    def view(request):
        log_access(actor=SYSTEM, subject_ids=[7], purpose="bekijken", channel="api")
        raise RuntimeError("kapot")

    with pytest.raises(RuntimeError, match="kapot"):
        OneAccessLogPerRequest(view)(RequestFactory().get("/"))
    assert AccessLog.objects.get().subject_ids == [7]


def test_the_household_page_appends_one_row_with_every_member(client_for, profile):
    household = HouseholdFactory()
    people = [ResidentFactory(household=household) for _ in range(3)]
    assert client_for("balie").get(f"/huishoudens/{household.pk}/").status_code == 200
    row = AccessLog.objects.get()
    assert set(row.subject_ids) == {p.pk for p in people} and row.actor_label


def test_privacy_officer_sees_who_looked_the_checkpoint_and_the_last_check(client_for, profile, staff):
    resident = ResidentFactory()
    client_for("generalist").get(f"/inwoners/{resident.pk}/")
    client = client_for("privacy")
    html = client.get("/privacy/inzagelog/").content.decode()
    assert "Nog nooit gecontroleerd" in html and "Nog geen checkpoint" in html
    call_command("audit", "checkpoint")
    call_command("audit", "verify")
    html = client.get(f"/privacy/inzagelog/?inwoner={resident.pk}").content.decode()
    looked = AccessLog.objects.filter(subject_ids=[resident.pk]).select_related("actor").first()
    # who looked, by name and role name (never the login name or the role code)
    assert f"<td class=\"utrecht-table__cell\" data-label=\"Wie\">{looked.actor.get_full_name()}</td>" in html
    assert "<td class=\"utrecht-table__cell\" data-label=\"Rol\">Generalist / casusregisseur</td>" in html
    assert f"<td class=\"utrecht-table__cell\" data-label=\"Wie\">{looked.actor_label}</td>" not in html
    assert "keten intact" in html and "inzagelog verzegeld t/m regel" in html
    tamper("DELETE FROM audit_accesslogsubject WHERE resident_id = %s", [resident.pk])
    with pytest.raises(CommandError, match="niet intact"):
        call_command("audit", "verify")
    html = client.get("/privacy/inzagelog/").content.decode()
    assert "KETEN GEBROKEN" in html and f"persoonsindex mist inwoner {resident.pk}" in html


def test_a_forged_verification_outcome_is_shown_as_such(client_for, profile):
    call_command("audit", "verify")
    tamper("UPDATE audit_verification SET summary = 'alles goed'")
    html = client_for("privacy").get("/privacy/inzagelog/").content.decode()
    assert "De uitkomst van de laatste controle is gewijzigd" in html
