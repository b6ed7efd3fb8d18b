"""The provider's side for the demo and the tests (issue 14 item 9; docs/messaging.md): `toegang aanbieder simuleer`
answers Toegang's assignments the way a provider's system would — valid messages, through the hub's inbox and the
same import path as a real provider's files — and sends nothing twice."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from toegang.messaging.models import Bericht, DeclaratieRegel, Verzoek
from toegang.messaging.provider_side import providers_day

from .test_messaging import assert_valid, assigned, hub  # noqa: F401 (fixtures)


def test_the_provider_starts_then_declares_and_ends(assigned, hub):  # noqa: F811
    out = io.StringIO()
    call_command("aanbieder", "simuleer", stdout=out)
    assert "1 start" in out.getvalue()
    assigned.refresh_from_db()
    assert assigned.status == "gestart" and assigned.started_on == assigned.start
    start = Bericht.objects.get(direction="in", kind="JW305")
    assert start.status == "verwerkt" and (hub / "in" / "verwerkt" / start.file_name).exists()
    again = io.StringIO()
    call_command("aanbieder", "simuleer", stdout=again)
    assert "1 start" not in again.getvalue() and Bericht.objects.filter(kind="JW305").count() == 1

    later = assigned.end + dt.timedelta(days=3)
    sent = providers_day(later)
    kinds = sorted({name.split("-", 1)[0] for name, _ in sent.files})
    assert kinds == ["JW307", "JW323"]  # the end of care and a declaration per month
    for name, raw in sent.files:
        assert_valid(name.split("-", 1)[0], raw)
    with time_machine.travel(dt.datetime.combine(later, dt.time(12), tzinfo=timezone.get_current_timezone()),
                             tick=False):
        call_command("aanbieder", "simuleer", stdout=io.StringIO())
    assigned.refresh_from_db()
    assert assigned.status == "beeindigd" and assigned.ended_on == assigned.end
    # the declarations were assessed per line: the one over the assigned volume rejected, the rest approved
    lines = DeclaratieRegel.objects.filter(toewijzing=assigned).order_by("period_start")
    assert [line.status for line in lines][:2] == ["afgekeurd", "goedgekeurd"]
    assert lines[0].return_codes == ["9321"] and all(line.return_codes == ["0200"] for line in lines[1:])
    answers = Bericht.objects.filter(direction="uit", kind="JW325")
    assert answers.count() == lines.count() and all(a.status == "verstuurd" for a in answers)


def test_a_request_for_change_while_care_runs(assigned, hub):  # noqa: F811
    call_command("aanbieder", "simuleer", stdout=io.StringIO())
    request = Bericht.objects.get(direction="in", kind="JW317")
    document = assert_valid("JW317", bytes(request.raw))
    assert document.findtext(".//{*}TeWijzigenProduct/{*}ToewijzingNummer") == str(assigned.number)
    assert document.findtext(".//{*}TeWijzigenProduct/{*}Omvang/{*}Volume") == str(assigned.volume + 2)
    assert not [name for name, _ in providers_day().files if name.startswith("JW317")]  # asked once
    # and Toegang took it in: a request for change, waiting in the worklist for whoever decides
    verzoek = Verzoek.objects.get(bericht=request)
    assert request.status == "verwerkt" and verzoek.status == "open" and verzoek.toewijzing == assigned


def test_a_wrong_or_future_date_is_refused_in_dutch(db):
    with pytest.raises(CommandError, match="geen geldige datum"):
        call_command("aanbieder", "simuleer", "--datum", "31-02-2026")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(CommandError, match="ligt in de toekomst"):
        call_command("aanbieder", "simuleer", "--datum", f"{tomorrow:%d-%m-%Y}")
