"""CBS Beleidsinformatie Jeugd (issue 15 item 5; docs/cbs.md): the half-yearly delivery file, against hand-computed
fixtures — the rows and codes of the Informatieprotocol versie 7, the refused rows with their reasons, the period,
the command's output and file, and the access log of the export."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from toegang.accounts.models import Organisatie
from toegang.audit.models import AccessLog
from toegang.core.actor import SYSTEM
from toegang.insight.cbs import COLUMNS, PeriodError, parse_period, write_delivery
from toegang.intake.models import Melding
from toegang.messaging.actions import receive
from toegang.messaging.models import Toewijzing
from toegang.persons.models import Household, Resident
from toegang.provisions import actions as provision_actions
from toegang.provisions.models import Indicatie

from .provisions_support import case_with_goal, data
from .test_messaging import hub, provider_message  # noqa: F401 - hub: the message folders, autouse there

pytestmark = pytest.mark.django_db
H1 = parse_period("2026H1")


@pytest.fixture
def trajectory(staff, actor_of, django_capture_on_commit_callbacks):
    """trajectory(code, provider=None, **assignment fields): a granted Jeugdwet decision in natura for a new child
    (born 2014-09-09, girl, postcode 9902AB, melding by the resident herself), its assignment set to the fields."""
    def make(code="45A48", *, provider=None, **fields):
        casus, mother, child, goal = case_with_goal(staff["generalist"])
        indicatie = provision_actions.check_prepare_indication(
            actor=actor_of(staff["generalist"]), casus=casus, new_aanvraag=True,
            data=data(code, child, goal))
        with django_capture_on_commit_callbacks(execute=True):
            provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                           outcome="toegekend", reasons="Dit helpt het gezin.")
        toewijzing = Toewijzing.objects.get(indicatie=indicatie)
        if provider is not None:
            fields["provider"] = provider
        if fields:
            Toewijzing.objects.filter(pk=toewijzing.pk).update(**fields)
        return indicatie, toewijzing
    return make


def delivered(period=H1):
    out = io.StringIO()
    summary = write_delivery(out, period)
    lines = out.getvalue().split("\r\n")
    assert lines[0] == ";".join(COLUMNS) and lines[-1] == ""
    return lines[1:-1], summary


def test_the_period_is_a_half_year_and_a_bad_one_is_refused_in_dutch():
    assert (H1.first, H1.last) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert (parse_period("2026h2").first, parse_period("2026H2").last) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    for bad in ("2026H3", "26H1", "2026", "2026-1", ""):
        with pytest.raises(PeriodError, match="Ongeldige verslagperiode"):
            parse_period(bad)


def test_started_running_ended_and_outside_the_period(trajectory):
    _, running = trajectory(started_on=dt.date(2026, 2, 3))
    _, overlapping = trajectory(started_on=dt.date(2025, 11, 17), ended_on=dt.date(2026, 3, 31), end_reason="32")
    _, later = trajectory(started_on=dt.date(2026, 5, 4), ended_on=dt.date(2026, 8, 31), end_reason="31")
    trajectory(started_on=dt.date(2025, 3, 1), ended_on=dt.date(2025, 12, 31), end_reason="31")  # before H1
    trajectory(started_on=dt.date(2026, 7, 1))  # after H1
    trajectory()  # assigned, never started (JW305): a waiting list is no start (protocol 3.5)
    agb = running.provider.agb_code
    rows, summary = delivered()
    bsn = {t.pk: t.indicatie.client.bsn for t in (running, overlapping, later)}
    assert rows == [
        f"9901;2026H1;{bsn[running.pk]};20140909;V;9902AB;01;02;02;20260203;;;{agb}",
        f"9901;2026H1;{bsn[overlapping.pk]};20140909;V;9902AB;01;02;02;20251117;20260331;03;{agb}",
        f"9901;2026H1;{bsn[later.pk]};20140909;V;9902AB;01;02;02;20260504;;;{agb}",  # ends after H1: still running
    ]
    assert summary.delivered == 3 and summary.refusals == []


def test_referrer_crisis_gender_and_missing_postcode_or_bsn(trajectory):
    _, toewijzing = trajectory("54001", started_on=dt.date(2026, 1, 5))
    indicatie = toewijzing.indicatie
    Melding.objects.filter(pk=indicatie.aanvraag.melding_id).update(source="huisarts", triage_outcome="crisis")
    Resident.objects.filter(pk=indicatie.client_id).update(bsn=None, geslacht="1")
    Household.objects.filter(pk=indicatie.client.household_id).update(postcode="")
    rows, _ = delivered()
    # no BSN: 999999999 (2.2); no postcode: the gemeente's CBS code (2.5); huisarts 02 (3.2); 54 jeugd-ggz -> 02
    # (3.3); crisis Ja 01 (3.4)
    assert rows == [f"9901;2026H1;999999999;20140909;M;9901;02;02;01;20260105;;;{toewijzing.provider.agb_code}"]


def test_rows_that_cannot_be_delivered_are_refused_with_their_reason(trajectory):
    _, bad_bsn = trajectory(started_on=dt.date(2026, 2, 1))
    Resident.objects.filter(pk=bad_bsn.indicatie.client_id).update(bsn="123456788")
    _, bad_postcode = trajectory(started_on=dt.date(2026, 2, 1))
    Household.objects.filter(pk=bad_postcode.indicatie.client.household_id).update(postcode="0123AB")
    _, no_reason = trajectory(started_on=dt.date(2026, 2, 1), ended_on=dt.date(2026, 4, 1), end_reason="")
    _, paused = trajectory(started_on=dt.date(2026, 2, 1), ended_on=dt.date(2026, 4, 1), end_reason="20")
    _, backwards = trajectory(started_on=dt.date(2026, 4, 1), ended_on=dt.date(2026, 3, 1), end_reason="31")
    _, adult = trajectory(started_on=dt.date(2026, 2, 1))
    Resident.objects.filter(pk=adult.indicatie.client_id).update(geboortedatum=dt.date(2005, 1, 1))
    rows, summary = delivered()
    assert rows == []
    assert [(r.source, r.reason) for r in summary.refusals] == [
        (f"toewijzing {bad_bsn.pk}", "BSN 123456788 voldoet niet aan de elfproef (protocol 2.2)"),
        (f"toewijzing {bad_postcode.pk}", "postcode '0123AB' is geen geldige Nederlandse postcode (protocol 2.5)"),
        (f"toewijzing {no_reason.pk}", "beëindigd zonder reden beëindiging (protocol 3.7)"),
        (f"toewijzing {paused.pk}", "reden beëindiging 20 heeft geen code in het protocol (protocol 3.7)"),
        (f"toewijzing {backwards.pk}", "datum einde ligt vóór datum aanvang (protocol 3.5, 3.6)"),
        (f"toewijzing {adult.pk}", "21 jaar bij aanvang en niet vóór het 18e jaar besloten dat jeugdhulp nodig is "
                                   "(protocol 2.1, onderdeel 3°)"),
    ]


def test_a_category_without_hulpvorm_is_refused(trajectory):
    _, crisis_product = trajectory(started_on=dt.date(2026, 2, 1))
    Toewijzing.objects.filter(pk=crisis_product.pk).update(product_category="46")
    rows, summary = delivered()
    assert rows == [] and [r.reason for r in summary.refusals] == [
        "productcategorie 46 heeft geen hulpvorm in het protocol: geen jeugdhulp of de vorm is niet af te leiden "
        "(protocol 3.3)"]


def test_the_start_and_stop_messages_make_the_row(trajectory):
    _, toewijzing = trajectory()
    begin = toewijzing.start + dt.timedelta(days=2)
    end = begin + dt.timedelta(days=30)
    receive(actor=SYSTEM, raw=provider_message("JW305", toewijzing, begin=begin), file_name="start.xml")
    receive(actor=SYSTEM, raw=provider_message("JW307", toewijzing, begin=begin, end=end,
                                               identification="AB0000000002"))
    period = parse_period(f"{end.year}H{1 if end.month <= 6 else 2}")
    rows, _ = delivered(period)
    client = toewijzing.indicatie.client
    # LDT_RedenBeeindiging 31 "volgens plan beëindigd" -> 01 (protocol 3.7)
    assert rows == [f"9901;{period.label};{client.bsn};20140909;V;9902AB;01;02;02;{begin:%Y%m%d};{end:%Y%m%d};01;"
                    f"{toewijzing.provider.agb_code}"]


def test_pgb_is_not_delivered(trajectory):
    indicatie, toewijzing = trajectory()
    Indicatie.objects.filter(pk=indicatie.pk).update(form="pgb")
    Toewijzing.objects.filter(pk=toewijzing.pk).update(started_on=dt.date(2026, 2, 1))
    rows, summary = delivered()
    assert rows == [] and summary.refusals == []  # PGB: the SVB delivers it (protocol 1.3, 3.1)


def test_the_command_writes_the_file_prints_a_dutch_summary_and_logs_the_read(trajectory, tmp_path):
    _, good = trajectory(started_on=dt.date(2026, 2, 3))
    _, bad = trajectory(started_on=dt.date(2026, 2, 3))
    Resident.objects.filter(pk=bad.indicatie.client_id).update(bsn="123456788")
    target = tmp_path / "levering.csv"
    out = io.StringIO()
    call_command("cbs-export", "--period", "2026H1", "--gemeente", "9901", "--output", str(target), stdout=out)
    text = out.getvalue()
    assert "CBS Beleidsinformatie Jeugd 2026H1 (01-01-2026 t/m 30-06-2026)" in text
    assert "Geleverd: 1 rijen." in text and "Niet geleverd: 1 rijen." in text
    assert "  1 × BSN voldoet niet aan de elfproef (protocol 2.2)" in text
    assert f"  toewijzing {bad.pk} (inwoner {bad.indicatie.client_id}): BSN 123456788 voldoet niet" in text
    assert f"Bestand: {target.resolve()}" in text
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ";".join(COLUMNS) and len(lines) == 2 and lines[1].startswith(f"9901;2026H1;{good.indicatie.client.bsn};")
    log = AccessLog.objects.filter(channel="export", purpose="CBS beleidsinformatie jeugd 2026H1").get()
    assert sorted(log.subject_ids) == sorted([good.indicatie.client_id, bad.indicatie.client_id])


@pytest.mark.parametrize("period", ["2026H3", "26H1"])
def test_the_command_refuses_a_bad_period(period, tmp_path):
    with pytest.raises(CommandError, match="Ongeldige verslagperiode"):
        call_command("cbs-export", "--period", period, "--output", str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.csv").exists()


def test_the_teams_own_help_is_wijkteam_without_referrer(trajectory):
    own = Organisatie.objects.get(code="gemeente-demodam")
    _, toewijzing = trajectory(provider=own, started_on=dt.date(2026, 3, 2), ended_on=dt.date(2026, 5, 29),
                               end_reason="31")
    Melding.objects.filter(pk=toewijzing.indicatie.aanvraag.melding_id).update(source="huisarts",
                                                                                triage_outcome="crisis")
    rows, _ = delivered()
    # hulpvorm 01 wijkteam (3.3) and verwijzer 06 geen (3.2 toelichting 06) whatever the melding's source; crisis 01
    assert rows == [f"9901;2026H1;{toewijzing.indicatie.client.bsn};20140909;V;9902AB;06;01;01;20260302;20260529;01;"
                    f"{own.agb_code}"]
