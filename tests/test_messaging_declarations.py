"""Declarations (issue 14 item 5; docs/messaging.md "Declaraties (JW323/JW325)"): a provider's JW323/WMO323 is
checked line by line against its assignment and answered with a JW325/WMO325, valid against the official schema,
that approves or rejects each line with the standard's return code; approved amounts are realised spend on the
budget page, and the message page shows every line with its verdict."""

import copy
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from toegang.audit.models import ChangeLog
from toegang.core.actor import SYSTEM
from toegang.messaging.actions import receive
from toegang.messaging.models import Bericht, Declaratie, DeclaratieRegel, Toewijzing
from toegang.provisions import actions as provision_actions

from . import test_messaging
from .provisions_support import case_with_goal, data
from .test_messaging import STANDARDS, assert_valid

hub = test_messaging.hub  # the fixtures of the first part's tests: the hub's folders, a decision and its assignment
assigned = test_messaging.assigned

TARIFF_45A48 = 8740  # € 87,40 an hour, the demo profile's tariff of 45A48


def month_end(day: dt.date) -> dt.date:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


def month(toewijzing: Toewijzing, n: int) -> tuple[dt.date, dt.date]:
    """The n-th calendar month of the assignment as a provider declares it (iJw 3.2: whole months, from the
    assignment's start in its first month and to its end in its last)."""
    first = toewijzing.start.replace(day=1)
    for _ in range(n):
        first = month_end(first) + dt.timedelta(days=1)
    last = month_end(first)
    return max(first, toewijzing.start), min(last, toewijzing.end) if toewijzing.end >= first else last


def declaration(toewijzing: Toewijzing, lines: list[dict], *, number="DN001", identification="DC0000000001",
                bsn=None) -> bytes:
    """The official JW323 (or WMO323) sample, sent by the assignment's provider to its gemeente, with one client and
    `lines`: each {period, volume, and optionally number, code, category, unit, tariff, amount, reference, dc}."""
    kind = "WMO323" if toewijzing.law == "wmo" else "JW323"
    folder = "iwmo-3.2" if kind.startswith("WMO") else "ijw-3.2"
    document = etree.fromstring((STANDARDS / folder / "examples" / f"{kind}.xml").read_bytes())
    ns = etree.QName(document).namespace
    basis = ns.replace(kind.lower(), "basisschema")

    def own(*names):
        return "/".join(f"{{{ns}}}{n}" for n in names)

    def base(name):
        return f"{{{basis}}}{name}"

    today = timezone.localdate()
    document.find(own("Header", "Afzender")).text = toewijzing.provider.agb_code
    document.find(own("Header", "Ontvanger")).text = toewijzing.gemeente.cbs_code
    document.find(own("Header", "BerichtIdentificatie")).find(base("Identificatie")).text = identification
    document.find(own("Header", "BerichtIdentificatie")).find(base("Dagtekening")).text = today.isoformat()
    source = document.find(own("Declaratie"))
    source.find(own("DeclaratieNummer")).text = number
    source.find(own("DeclaratieDagtekening")).text = today.isoformat()
    source.find(own("DeclaratiePeriode")).find(base("Begindatum")).text = min(x["period"][0] for x in lines).isoformat()
    source.find(own("DeclaratiePeriode")).find(base("Einddatum")).text = max(x["period"][1] for x in lines).isoformat()
    clients = source.find(own("Clienten"))
    client = clients[0]
    for other in clients[1:]:
        clients.remove(other)
    client.find(own("Bsn")).text = bsn or toewijzing.indicatie.client.bsn
    prestaties = client.find(own("Prestaties"))
    template = copy.deepcopy(prestaties[0])
    for old in list(prestaties):
        prestaties.remove(old)
    total = 0
    for i, line in enumerate(lines):
        p = copy.deepcopy(template)
        tariff = line.get("tariff", TARIFF_45A48 if toewijzing.product_code == "45A48" else 3480)
        amount = line.get("amount", line["volume"] * tariff)
        p.find(own("ProductReferentie")).find(base("ReferentieNummer")).text = line.get("reference", f"RN{i + 1:03}")
        if line.get("previous"):
            etree.SubElement(p.find(own("ProductReferentie")), base("VorigReferentieNummer")).text = line["previous"]
        p.find(own("ToewijzingNummer")).text = str(line.get("number", toewijzing.number))
        p.find(own("ProductCategorie")).text = line.get("category", toewijzing.product_category)
        p.find(own("ProductCode")).text = line.get("code", toewijzing.product_code)
        p.find(own("ProductPeriode")).find(base("Begindatum")).text = line["period"][0].isoformat()
        p.find(own("ProductPeriode")).find(base("Einddatum")).text = line["period"][1].isoformat()
        p.find(own("GeleverdVolume")).text = str(line["volume"])
        p.find(own("Eenheid")).text = line.get("unit", toewijzing.unit)
        p.find(own("ProductTarief")).text = str(tariff)
        p.find(own("IngediendBedrag")).find(base("Bedrag")).text = str(amount)
        p.find(own("IngediendBedrag")).find(base("DebetCredit")).text = line.get("dc", "D")
        prestaties.append(p)
        total += -amount if line.get("dc") == "C" else amount
    source.find(own("TotaalIngediendBedrag")).find(base("TotaalBedrag")).text = str(abs(total))
    source.find(own("TotaalIngediendBedrag")).find(base("DebetCredit")).text = "C" if total < 0 else "D"
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8")


def line_codes(answer: etree._Element) -> list[list[str]]:
    return [[c.text for c in p.find("{*}RetourCodes")] for p in answer.iter("{*}Prestatie")]


def approved_total(answer: etree._Element) -> int:
    return int(answer.findtext("{*}DeclaratieAntwoord/{*}TotaalToegekendBedrag/{*}TotaalBedrag"))


def test_a_correct_declaration_is_approved_line_by_line_with_a_valid_jw325(assigned):
    raw = declaration(assigned, [{"period": month(assigned, 0), "volume": 3}, {"period": month(assigned, 1), "volume": 2}])
    assert_valid("JW323", raw)  # the adapted sample is itself a valid declaration
    got = receive(actor=SYSTEM, raw=raw, file_name="declaratie.xml")
    assert got.message.status == "verwerkt" and got.answer.kind == "JW325" and got.answer.status == "verstuurd"
    answer = assert_valid("JW325", bytes(got.answer.raw))
    assert answer.findtext("{*}Header/{*}Afzender") == assigned.gemeente.cbs_code  # the gemeente answers
    assert answer.findtext("{*}Header/{*}Ontvanger") == assigned.provider.agb_code
    assert answer.findtext("{*}Header/{*}DeclaratieIdentificatie/{*}Identificatie") == "DC0000000001"
    assert line_codes(answer) == [["0200"], ["0200"]]
    assert [c.text for c in answer.find("{*}DeclaratieAntwoord/{*}RetourCodes")] == ["8001"]  # fully approved
    assert approved_total(answer) == 5 * TARIFF_45A48
    declaratie = Declaratie.objects.get(bericht=got.message)
    assert declaratie.approved_cents == 5 * TARIFF_45A48 and declaratie.regels.filter(status="goedgekeurd").count() == 2
    assert ChangeLog.objects.filter(event="declaratie.beoordeeld", object_id=str(declaratie.pk)).exists()


def test_one_line_over_the_assigned_volume_is_rejected_and_only_that_line(assigned):
    # 3 hours a week are assigned (at most 15 in a month of five begun weeks): month 1 claims 3, month 2 claims 20
    got = receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, 0), "volume": 3},
                                                           {"period": month(assigned, 1), "volume": 20}]))
    answer = assert_valid("JW325", bytes(got.answer.raw))
    assert line_codes(answer) == [["0200"], ["9321"]]
    assert approved_total(answer) == 3 * TARIFF_45A48
    assert got.message.status == "verwerkt"  # the declaration was processed; one of its lines was not paid
    assert {"code": "9321", "uitleg": "Prestatie RN002: Het ingediende volume overschrijdt het toegewezen volume."} \
        in got.problems
    assert list(DeclaratieRegel.objects.order_by("position").values_list("status", flat=True)) == [
        "goedgekeurd", "afgekeurd"]


def test_a_double_claim_is_rejected(assigned):
    first = receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, 0), "volume": 3}]))
    assert line_codes(etree.fromstring(bytes(first.answer.raw))) == [["0200"]]
    # the same month again, under a new number and reference; and the old reference again for the next month
    again = receive(actor=SYSTEM, raw=declaration(
        assigned, [{"period": month(assigned, 0), "volume": 2, "reference": "RN777"},
                   {"period": month(assigned, 1), "volume": 2, "reference": "RN001"}],
        number="DN002", identification="DC0000000002"))
    answer = assert_valid("JW325", bytes(again.answer.raw))
    assert line_codes(answer) == [["9361"], ["8021"]]
    assert again.message.status == "afgekeurd" and approved_total(answer) == 0
    # the same declaration number once more rejects the declaration as a whole
    repeat = receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, 3), "volume": 1}],
                                                   identification="DC0000000003"))
    answer = assert_valid("JW325", bytes(repeat.answer.raw))
    assert [c.text for c in answer.find("{*}DeclaratieAntwoord/{*}RetourCodes")] == ["9333"]
    assert line_codes(answer) == [["0233"]]


def test_a_line_for_an_unknown_assignment_is_rejected(assigned):
    got = receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, 0), "volume": 1,
                                                            "number": 99999999}]))
    answer = assert_valid("JW325", bytes(got.answer.raw))
    assert line_codes(answer) == [["9338"]] and got.message.status == "afgekeurd"
    assert DeclaratieRegel.objects.get().toewijzing is None


@pytest.mark.parametrize("change, code", [
    ({"code": "45A03"}, "9340"), ({"unit": "01"}, "9341"), ({"amount": 1}, "9346"),
    ({"tariff": 9000, "amount": 9000}, "0611"), ({"before": True}, "9307")])
def test_each_rule_has_its_return_code(assigned, change, code):
    period = month(assigned, 0)
    if change.pop("before", False):  # the assignment starts on the 15th; the line claims the whole month
        Toewijzing.objects.filter(pk=assigned.pk).update(start=assigned.start.replace(day=15))
        period = (assigned.start.replace(day=1), month_end(assigned.start))
    got = receive(actor=SYSTEM, raw=declaration(assigned, [{"period": period, "volume": 1, **change}]))
    answer = assert_valid("JW325", bytes(got.answer.raw))
    assert line_codes(answer) == [[code]]


@pytest.mark.parametrize("cut, code", [("begin", "9387"), ("end", "9388")])
def test_a_line_covers_whole_calendar_months_unless_the_assignment_begins_or_ends_inside(assigned, cut, code):
    first, last = month(assigned, 1)  # a month wholly inside the assignment
    period = (first + dt.timedelta(days=9), last) if cut == "begin" else (first, last - dt.timedelta(days=10))
    got = receive(actor=SYSTEM, raw=declaration(assigned, [{"period": period, "volume": 1}]))
    assert line_codes(assert_valid("JW325", bytes(got.answer.raw))) == [[code]]
    # the first month may begin when the assignment does, the last end when it does
    Toewijzing.objects.filter(pk=assigned.pk).update(**{"start": period[0]} if cut == "begin" else {"end": period[1]})
    assigned.refresh_from_db()
    got = receive(actor=SYSTEM, raw=declaration(assigned, [{"period": period, "volume": 1, "reference": "RN002"}],
                                                number="DN002", identification="DC0000000002"))
    assert line_codes(assert_valid("JW325", bytes(got.answer.raw))) == [["0200"]]


def test_a_declaration_whose_total_is_not_the_sum_of_its_lines_is_refused_whole(assigned):
    raw = declaration(assigned, [{"period": month(assigned, 0), "volume": 3}, {"period": month(assigned, 1), "volume": 2}])
    document = etree.fromstring(raw)
    next(document.iter("{*}TotaalBedrag")).text = str(4 * TARIFF_45A48)  # the lines add up to 5 hours
    got = receive(actor=SYSTEM, raw=etree.tostring(document, xml_declaration=True, encoding="UTF-8"))
    answer = assert_valid("JW325", bytes(got.answer.raw))
    assert [c.text for c in answer.find("{*}DeclaratieAntwoord/{*}RetourCodes")] == ["0001"]
    assert line_codes(answer) == [["0233"], ["0233"]] and approved_total(answer) == 0
    assert got.message.status == "afgekeurd"
    assert any("is niet de som van de prestaties (€ 437,00)" in p["uitleg"] for p in got.problems)
    assert Declaratie.objects.get(bericht=got.message).approved_cents == 0


@pytest.mark.parametrize("unit, tariff, code", [("04", TARIFF_45A48, "9322"), ("83", 100, "9369")])
def test_the_sum_of_the_lines_stays_within_an_assignment_for_its_whole_period(assigned, unit, tariff, code):
    # 10 hours (or € 10 of budget) for the whole assignment (LDT_Frequentie 6): 6 + 5 is over, in any months
    Toewijzing.objects.filter(pk=assigned.pk).update(volume=10, frequency="6", unit=unit)
    assigned.refresh_from_db()
    got = receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, 0), "volume": 6, "tariff": tariff},
                                                           {"period": month(assigned, 5), "volume": 5, "tariff": tariff}]))
    assert line_codes(assert_valid("JW325", bytes(got.answer.raw))) == [["0200"], [code]]


def test_another_clients_bsn_is_rejected(assigned):
    got = receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, 0), "volume": 1}],
                                                bsn="999900006"))
    assert line_codes(assert_valid("JW325", bytes(got.answer.raw))) == [["8187"]]


def test_a_credit_reverses_an_approved_line_once(assigned):
    receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, 0), "volume": 3}]))
    credit = {"period": month(assigned, 0), "volume": 3, "dc": "C", "reference": "RN900", "previous": "RN001"}
    got = receive(actor=SYSTEM, raw=declaration(assigned, [credit, {**credit, "reference": "RN901"}],
                                                number="DN002", identification="DC0000000002"))
    answer = assert_valid("JW325", bytes(got.answer.raw))
    assert line_codes(answer) == [["0200"], ["9390"]]
    assert answer.findtext("{*}DeclaratieAntwoord/{*}TotaalToegekendBedrag/{*}DebetCredit") == "C"
    # the month is free again: declared anew, it is approved
    anew = receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, 0), "volume": 3,
                                                             "reference": "RN950"}],
                                                 number="DN003", identification="DC0000000003"))
    assert line_codes(etree.fromstring(bytes(anew.answer.raw))) == [["0200"]]


def test_a_declaration_for_an_unknown_gemeente_is_answered_at_header_level(db):
    got = receive(actor=SYSTEM, raw=(STANDARDS / "ijw-3.2" / "examples" / "JW323.xml").read_bytes())
    answer = assert_valid("JW325", bytes(got.answer.raw))
    assert [c.text for c in answer.iter("{*}RetourCode")] == ["0001"] and got.message.status == "afgekeurd"
    assert not Declaratie.objects.exists()


def test_approved_amounts_are_realised_spend_on_the_budget_page(assigned, client_for,
                                                                django_assert_max_num_queries):
    receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, 0), "volume": 3},
                                                     {"period": month(assigned, 1), "volume": 20}]))
    year = assigned.start.year
    client = client_for("beleid")
    client.get("/budget/", {"jaar": year})  # the session's first request loads its roles
    with django_assert_max_num_queries(9):  # the bound of the budget page before (test_provisions_pages)
        page = client.get("/budget/", {"jaar": year}).content.decode()
    # more declarations, more lines: not one query more (the realised spend is a subquery of each list's query)
    receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, n), "volume": 1} for n in (3, 4, 5)],
                                          number="DN002", identification="DC0000000002"))
    with django_assert_max_num_queries(9):
        client.get("/budget/", {"jaar": year})
    assert "Gerealiseerd (goedgekeurde declaraties)" in page
    # 3 hours × € 87,40 approved; the rejected 20 hours are not spent
    rows = page.split("<tr")
    jeugd = [r for r in rows if ">Jeugdwet<" in r and assigned.gemeente.name in r]
    assert [("€ 262,20" in r, ">alle<" in r) for r in jeugd] == [(True, True), (False, False)]  # not category 43
    wmo = next(r for r in rows if ">Wmo 2015<" in r and assigned.gemeente.name in r)
    assert "€ 262,20" not in wmo
    contract = next(r for r in rows if assigned.provider.name in r and "AGB" in r)
    assert "€ 262,20" in contract


def test_the_message_page_shows_each_line_with_its_verdict(assigned, client_for):
    got = receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, 0), "volume": 3},
                                                           {"period": month(assigned, 1), "volume": 20}]))
    client = client_for("backoffice")
    client.get("/berichtenverkeer/")  # the session's first request loads its roles
    with CaptureQueriesContext(connection) as two_lines:
        page = client.get(f"/berichtenverkeer/{got.message.pk}/").content.decode()
    assert "Declaratie DN001" in page and "goedgekeurd" in page and "afgekeurd" in page
    assert "9321" in page and "Het ingediende volume overschrijdt het toegewezen volume." in page
    assert month(assigned, 1)[0].strftime("%d-%m-%Y") in page and month(assigned, 1)[0].isoformat() not in \
        page.split("<pre")[0]
    assert "€ 262,20" in page
    # a long declaration: the lines come 50 a page, in the same number of queries
    many = receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, n), "volume": 1}
                                                            for n in range(2, 25)] * 3,
                                                 number="DN002", identification="DC0000000002"))
    with CaptureQueriesContext(connection) as many_lines:
        page = client.get(f"/berichtenverkeer/{many.message.pk}/").content.decode()
    assert len(many_lines) == len(two_lines) and page.count('data-label="Oordeel"') == 50
    assert "pagina=2" in page


@pytest.fixture
def wmo_assigned(staff, actor_of):
    """A granted Wmo decision in natura (hulp bij het huishouden): its assignment and WMO301."""
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    indicatie = provision_actions.check_prepare_indication(actor=actor_of(staff["procesregisseur"]), casus=casus,
                                                           new_aanvraag=True, data=data("01A01", mother, goal))
    provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                   outcome="toegekend", reasons="Het huishouden loopt vast.")
    return Toewijzing.objects.get(indicatie=indicatie)


def test_a_wmo_declaration_is_answered_with_a_wmo325(wmo_assigned):
    raw = declaration(wmo_assigned, [{"period": month(wmo_assigned, 0), "volume": 3},
                                     {"period": month(wmo_assigned, 1), "volume": 90}])
    assert_valid("WMO323", raw)
    got = receive(actor=SYSTEM, raw=raw)
    assert got.answer.kind == "WMO325" and got.answer.status == "verstuurd", got.answer.problems
    text = bytes(got.answer.raw).decode()
    assert "<wmo325:BerichtCode>485</wmo325:BerichtCode>" in text
    # no published WMO325 schema: the official JW325 schema with the namespaces and code swapped, on the official
    # iWmo basisschema (so the Wmo's product categories apply)
    xsd = ((STANDARDS / "ijw-3.2" / "xsd" / "JW325.xsd").read_text().replace("ijw/3_2/jw325", "iwmo/3_2/wmo325")
           .replace("ijw/3_2/basisschema", "iwmo/3_2/basisschema").replace('value="491"', 'value="485"'))
    schema = etree.XMLSchema(etree.fromstring(xsd.encode(),
                                              base_url=str(STANDARDS / "iwmo-3.2" / "xsd" / "WMO325.xsd")))
    answer = etree.fromstring(bytes(got.answer.raw))
    assert schema.validate(answer), schema.error_log
    assert line_codes(answer) == [["0200"], ["9321"]]
    assert Bericht.objects.filter(kind="WMO325", answer_to=got.message).exists()
