"""iJw/iWmo messages (issue 14, first part; docs/messaging.md): a granted decision in natura becomes a JW301 valid
against the official schema and lands in the hub's outbox; the provider's start (JW305) and stop (JW307) update the
assignment and are answered (JW306/JW308, valid) with the right return codes; every received file is kept raw,
however bad — not XML, a DTD, an external entity, an entity bomb, too large, the wrong message, a repeat."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from lxml import etree

from toegang.audit.models import ChangeLog
from toegang.core.actor import SYSTEM
from toegang.messaging.actions import receive
from toegang.messaging.models import Bericht, Toewijzing
from toegang.provisions import actions as provision_actions

from .provisions_support import case_with_goal, data

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
if not STANDARDS.exists():  # a worktree or clone beside ../shared
    STANDARDS = Path(__file__).resolve().parents[1].parent / "shared" / "standards"
CORPUS = Path(__file__).resolve().parent / "messages"


def official(kind: str) -> etree.XMLSchema:
    folder = "iwmo-3.2" if kind.startswith("WMO") else "ijw-3.2"
    return etree.XMLSchema(etree.parse(str(STANDARDS / folder / "xsd" / f"{kind}.xsd")))


def assert_valid(kind: str, raw: bytes) -> etree._Element:
    document = etree.fromstring(raw)
    schema = official(kind)
    assert schema.validate(document), schema.error_log
    return document


@pytest.fixture(autouse=True)
def hub(settings, tmp_path):
    settings.TOEGANG_BERICHTEN_IN = tmp_path / "in"
    settings.TOEGANG_BERICHTEN_UIT = tmp_path / "uit"
    return tmp_path


@pytest.fixture
def assigned(staff, actor_of, django_capture_on_commit_callbacks):
    """A granted Jeugdwet decision in natura: its assignment and JW301."""
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    indicatie = provision_actions.check_prepare_indication(actor=actor_of(staff["generalist"]), casus=casus,
                                                           new_aanvraag=True, data=data("45A48", child, goal))
    with django_capture_on_commit_callbacks(execute=True):
        provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                       outcome="toegekend", reasons="Dit helpt het gezin.")
    return Toewijzing.objects.get(indicatie=indicatie)


def provider_message(kind: str, toewijzing: Toewijzing, *, number=None, begin=None, end=None,
                     identification="AB0000000001") -> bytes:
    """The official sample of `kind`, addressed as the demo's provider would send it about `toewijzing`."""
    sample = (STANDARDS / "ijw-3.2" / "examples" / f"{kind}.xml").read_text()
    client = toewijzing.indicatie.client
    begin = begin or toewijzing.start
    text = (sample.replace("65656055", toewijzing.provider.agb_code).replace("0363", toewijzing.gemeente.cbs_code)
            .replace("999900006", client.bsn).replace("2010-02-14", client.geboortedatum.isoformat())
            .replace("123456789012", identification).replace("2026-04-15", timezone.localdate().isoformat())
            .replace("2026-04-01", toewijzing.start.isoformat()).replace("55A11", toewijzing.product_code)
            .replace(">55<", f">{toewijzing.product_category}<").replace("300201", str(number or toewijzing.number))
            .replace("2026-04-03", begin.isoformat()).replace("2026-07-17", (end or begin).isoformat()))
    # one product only: drop the sample's second
    document = etree.fromstring(text.encode())
    ns = etree.QName(document).namespace
    products = document.find(f"{{{ns}}}Client/{{{ns}}}{'StartProducten' if kind == 'JW305' else 'StopProducten'}")
    products.remove(products[1])
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8")


def test_a_granted_decision_in_natura_is_assigned_with_a_valid_jw301(assigned, hub):
    sent = Bericht.objects.get(toewijzing=assigned, kind="JW301")
    assert sent.status == "verstuurd" and sent.direction == "uit"
    document = assert_valid("JW301", bytes(sent.raw))
    ns = {"j": "http://www.istandaarden.nl/ijw/3_2/jw301/schema", "b": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"}
    assert document.findtext("j:Header/j:Afzender", namespaces=ns) == assigned.gemeente.cbs_code
    assert document.findtext("j:Header/j:Ontvanger", namespaces=ns) == assigned.provider.agb_code
    assert document.findtext("j:Client/j:Bsn", namespaces=ns) == assigned.indicatie.client.bsn
    product = "j:Client/j:ToegewezenProducten/j:ToegewezenProduct/"
    assert document.findtext(product + "j:ToewijzingNummer", namespaces=ns) == str(assigned.number)
    assert document.findtext(product + "j:Product/b:Code", namespaces=ns) == "45A48"
    assert (hub / "uit" / sent.file_name).read_bytes() == bytes(sent.raw)  # in the hub's outbox
    assert ChangeLog.objects.filter(event="bericht.verstuurd", object_id=str(sent.pk)).exists()


def test_start_and_stop_update_the_assignment_and_are_answered(assigned):
    begin = assigned.start + dt.timedelta(days=2)
    started = receive(actor=SYSTEM, raw=provider_message("JW305", assigned, begin=begin), file_name="start.xml")
    assigned.refresh_from_db()
    assert started.message.status == "verwerkt" and assigned.status == "gestart" and assigned.started_on == begin
    answer = assert_valid("JW306", bytes(started.answer.raw))
    assert [c.text for c in answer.iter("{*}RetourCode")] == ["0200", "0200"]  # the product, the client
    stopped = receive(actor=SYSTEM, raw=provider_message("JW307", assigned, begin=begin, end=begin + dt.timedelta(days=30),
                                                         identification="AB0000000002"))
    assigned.refresh_from_db()
    assert stopped.message.status == "verwerkt" and assigned.status == "beeindigd"
    assert assigned.ended_on == begin + dt.timedelta(days=30) and assigned.end_reason == "31"
    assert_valid("JW308", bytes(stopped.answer.raw))


def test_a_start_for_an_unknown_assignment_is_rejected_with_its_code(assigned):
    got = receive(actor=SYSTEM, raw=provider_message("JW305", assigned, number=99999999))
    assert got.message.status == "afgekeurd" and bytes(got.message.raw)
    answer = assert_valid("JW306", bytes(got.answer.raw))
    product_codes = [c.text for p in answer.iter("{*}StartProduct") for c in p.iter("{*}RetourCode")]
    assert product_codes == ["9019"]
    assert got.problems == [{"code": "9019", "uitleg": "Het regie bericht kan niet gekoppeld worden aan een toewijzing."}]
    assigned.refresh_from_db()
    assert assigned.status == "toegewezen"


def test_a_stop_before_any_start_is_rejected(assigned):
    got = receive(actor=SYSTEM, raw=provider_message("JW307", assigned))
    assert got.message.status == "afgekeurd" and got.problems[0]["code"] == "9069"


def test_a_repeat_is_the_same_message(assigned):
    raw = provider_message("JW305", assigned)
    first = receive(actor=SYSTEM, raw=raw)
    again = receive(actor=SYSTEM, raw=raw)
    assert again.duplicate and again.message.pk == first.message.pk and again.answer.pk == first.answer.pk
    assert Bericht.objects.filter(direction="in").count() == 1


@pytest.mark.parametrize("kind", ["JW301", "JW302", "JW305", "JW306", "JW307", "JW308", "JW315", "JW316", "JW317",
                                  "JW319", "JW320", "JW323", "JW325", "WMO301", "WMO305", "WMO307", "WMO315",
                                  "WMO317", "WMO319", "WMO323"])
def test_every_official_sample_is_kept_and_read(kind, db):
    folder = "iwmo-3.2" if kind.startswith("WMO") else "ijw-3.2"
    raw = (STANDARDS / folder / "examples" / f"{kind}.xml").read_bytes()
    got = receive(actor=SYSTEM, raw=raw, file_name=f"{kind}.xml")
    assert got.message.kind == kind and bytes(got.message.raw) == raw
    assert not any(p["uitleg"].startswith("regel ") for p in got.problems)  # valid against its schema
    assert got.message.status in {"afgekeurd", "niet-verwerkt"}  # addressed to a gemeente and provider not here


@pytest.mark.parametrize("name, kind, answer", [("invalid-JW315-impossible-date.xml", "JW315", "JW316"),
                                                ("invalid-JW318-misplaced-retourcode.xml", "JW318", None)])
def test_the_invalid_samples_are_kept_and_rejected_readably(name, kind, answer, db):
    raw = (STANDARDS / "ijw-3.2" / "examples" / name).read_bytes()
    got = receive(actor=SYSTEM, raw=raw, file_name=name)
    assert got.message.status == "afgekeurd" and bytes(got.message.raw) == raw and got.message.kind == kind
    assert got.problems[0] == {"code": "0001", "uitleg": "Bericht is afgekeurd om technische redenen."}
    assert any(p["uitleg"].startswith("regel ") for p in got.problems[1:])  # where and what, from the schema
    if answer:
        document = assert_valid(answer, bytes(got.answer.raw))
        assert [c.text for c in document.iter("{*}RetourCode")] == ["0001"]
    else:
        assert got.answer is None


@pytest.mark.parametrize("name, says", [
    ("not-xml.xml", "geen geldige XML"), ("empty.xml", "leeg"), ("xxe-file.xml", "documenttypedefinitie"),
    ("xxe-network.xml", "documenttypedefinitie"), ("billion-laughs.xml", "geen geldige XML"),
    ("dtd-only.xml", "documenttypedefinitie"), ("wrong-type.xml", "geen bericht van iJw 3.2 of iWmo 3.2")])
def test_bad_files_are_kept_never_resolved_never_crash(name, says, db):
    raw = (CORPUS / name).read_bytes()
    got = receive(actor=SYSTEM, raw=raw, file_name=name)
    assert got.message.status == "onleesbaar" and bytes(got.message.raw) == raw and got.answer is None
    assert says in got.problems[0]["uitleg"]
    assert "root:" not in str(got.problems)  # /etc/passwd was never read


def test_a_file_over_the_limit_is_kept_unparsed(db, settings):
    settings.TOEGANG_BERICHT_MAX_BYTES = 1024
    got = receive(actor=SYSTEM, raw=b"<a>" + b"x" * 2000 + b"</a>", file_name="groot.xml")
    assert got.message.status == "onleesbaar" and "ten hoogste 1 kB" in got.problems[0]["uitleg"]


def test_the_import_command_reads_a_folder_and_the_mailbox(assigned, hub, tmp_path):
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "start.xml").write_bytes(provider_message("JW305", assigned))
    (folder / "rommel.xml").write_bytes(b"geen xml")
    out = io.StringIO()
    call_command("messages", "import", str(folder), stdout=out)  # the English name of `toegang berichten`
    report = out.getvalue()
    assert "start.xml: JW305 ontvangen en verwerkt, beantwoord met JW306" in report
    assert "rommel.xml: ? onleesbaar" in report and "2 berichten" in report
    (hub / "in").mkdir()
    (hub / "in" / "stop.xml").write_bytes(provider_message("JW307", assigned, identification="AB0000000009",
                                                           begin=assigned.start, end=assigned.start))
    call_command("berichten", "ophalen", stdout=io.StringIO())
    assert (hub / "in" / "verwerkt" / "stop.xml").exists() and not (hub / "in" / "stop.xml").exists()
    assert Bericht.objects.filter(file_name="stop.xml", status="verwerkt").exists()
