"""A provider's requests (issue 14 item 4; docs/messaging.md "Aanvragen (JW315/JW317)"): a JW315 after a GP's
referral waits in the back office's worklist with its answer date (5 working days); the mandated role accepts it
(a decision, the assignment and a JW301 carrying the provider's reference, all valid against the official schemas)
or refuses it with the standard's reason (JW319); a JW317 for a known assignment changes it (JW301 with
RedenWijziging), one for an unknown assignment is rejected with its return code."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from toegang.accounts.models import Gemeente, Organisatie
from toegang.audit.models import AccessLog, ChangeLog
from toegang.core.actor import SYSTEM
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.deadlines.calendar import add_working_days
from toegang.messaging import requests
from toegang.messaging.actions import receive
from toegang.messaging.models import Bericht, Toewijzing, Verzoek
from toegang.provisions.actions import check_second_opinion
from toegang.provisions.models import Besluit

from .factories import HouseholdFactory, ResidentFactory
from .test_messaging import STANDARDS, assert_valid, assigned, hub  # noqa: F401 (fixtures)

TODAY = dt.date.today()
IJW = {"j": "http://www.istandaarden.nl/ijw/3_2/jw301/schema",
       "b": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"}


def _set(document, path: str, value: str) -> None:
    for element in document.iter(f"{{*}}{path}"):
        element.text = value


def request_message(kind: str, *, client, provider, gemeente, product="45A48", category="45", start=None, end=None,
                    reference="REF-1", identification="VZ0000000001", volume=3, unit="04") -> bytes:
    """The official sample of a 315 (JW or WMO), addressed from `provider` to `gemeente` for `client`, with one
    requested product."""
    folder = "iwmo-3.2" if kind.startswith("WMO") else "ijw-3.2"
    document = etree.fromstring((STANDARDS / folder / "examples" / f"{kind}.xml").read_bytes())
    ns = etree.QName(document).namespace
    products = document.find(f"{{{ns}}}Client/{{{ns}}}AangevraagdeProducten")
    products.remove(products[1])
    _set(document, "Afzender", provider.agb_code)
    _set(document, "Ontvanger", gemeente.cbs_code)
    _set(document, "Identificatie", identification)
    _set(document, "Dagtekening", timezone.localdate().isoformat())
    _set(document, "Bsn", client.bsn)
    _set(document, "Datum", client.geboortedatum.isoformat())
    _set(document, "ReferentieAanbieder", reference)
    _set(document, "Categorie", category)
    _set(document, "Code", product)
    _set(document, "ToewijzingIngangsdatum", (start or TODAY).isoformat())
    _set(document, "BeschikkingIngangsdatum", (start or TODAY).isoformat())
    _set(document, "ToewijzingEinddatum", (end or TODAY + dt.timedelta(days=181)).isoformat())
    _set(document, "Volume", str(volume))
    _set(document, "Eenheid", unit)
    _set(document, "Frequentie", "2")
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8")


def change_message(toewijzing, *, number=None, end=None, volume=5, reference="VOW-1",
                   identification="VW0000000001", start=None) -> bytes:
    """A JW317 asking to change `toewijzing` (or the assignment `number`): a new end date and volume."""
    document = etree.fromstring((STANDARDS / "ijw-3.2" / "examples" / "JW317.xml").read_bytes())
    ns = etree.QName(document).namespace
    request = document.find(f"{{{ns}}}Client/{{{ns}}}Verzoek")
    for child in list(request):
        if etree.QName(child).localname in {"OngewijzigdeProducten", "NieuweProducten"}:
            request.remove(child)
    changed = etree.SubElement(request, f"{{{ns}}}TeWijzigenProducten")
    product = etree.SubElement(changed, f"{{{ns}}}TeWijzigenProduct")
    etree.SubElement(product, f"{{{ns}}}ToewijzingNummer").text = str(number or toewijzing.number)
    etree.SubElement(product, f"{{{ns}}}GewensteIngangsdatum").text = (start or toewijzing.start).isoformat()
    etree.SubElement(product, f"{{{ns}}}Einddatum").text = (end or toewijzing.end).isoformat()
    omvang = etree.SubElement(product, f"{{{ns}}}Omvang")
    basis = IJW["b"]
    for name, value in (("Volume", str(volume)), ("Eenheid", toewijzing.unit), ("Frequentie", toewijzing.frequency)):
        etree.SubElement(omvang, f"{{{basis}}}{name}").text = value
    _set(document, "Afzender", toewijzing.provider.agb_code)
    _set(document, "Ontvanger", toewijzing.gemeente.cbs_code)
    _set(document, "Identificatie", identification)
    _set(document, "Dagtekening", timezone.localdate().isoformat())
    _set(document, "Bsn", toewijzing.indicatie.client.bsn)
    _set(document, "ReferentieAanbieder", reference)
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def youth(staff):
    """A child in Demodam (no case), the youth care provider and the gemeente."""
    gemeente = Gemeente.objects.get(cbs_code="9901")
    household = HouseholdFactory(gemeente=gemeente)
    ResidentFactory(household=household, geboortedatum=dt.date(1985, 3, 3))
    child = ResidentFactory(household=household, geboortedatum=dt.date(2014, 9, 9))
    provider = Organisatie.objects.get(contracts__code="jeugdhulp-demo-2025")
    return gemeente, provider, child


@pytest.fixture
def received(youth):
    gemeente, provider, child = youth
    got = receive(actor=SYSTEM, raw=request_message("JW315", client=child, provider=provider, gemeente=gemeente),
                  file_name="verzoek.xml")
    return got


def test_a_request_is_stored_with_its_answer_date_and_answered_with_jw316(received, youth):
    gemeente, provider, child = youth
    assert received.message.status == "verwerkt"
    answer = assert_valid("JW316", bytes(received.answer.raw))
    assert [c.text for c in answer.iter("{*}RetourCode")] == ["0200"]
    verzoek = Verzoek.objects.get(bericht=received.message)
    assert verzoek.status == "open" and verzoek.client == child and verzoek.provider == provider
    assert verzoek.product.code == "45A48" and verzoek.volume == 3 and verzoek.referrer_type == "01"
    assert verzoek.due == add_working_days(timezone.localdate(), 5)  # iStandaarden: 5 working days
    assert ChangeLog.objects.filter(event="verzoek.ontvangen", object_id=str(verzoek.pk)).exists()


def test_accepting_a_request_decides_and_assigns_with_a_valid_jw301(received, staff, actor_of, youth, hub,  # noqa: F811
                                                                      django_capture_on_commit_callbacks):
    gemeente, provider, child = youth
    verzoek = Verzoek.objects.get(bericht=received.message)
    with django_capture_on_commit_callbacks(execute=True):
        requests.check_accept_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek)
    verzoek.refresh_from_db()
    assert verzoek.status == "toegekend" and verzoek.decided_by == staff["procesregisseur"]
    besluit = Besluit.objects.get(indicatie=verzoek.indicatie)
    assert besluit.outcome == "toegekend" and besluit.indicatie.provider == provider
    toewijzing = Toewijzing.objects.get(indicatie=verzoek.indicatie)
    assert toewijzing.product_code == "45A48" and toewijzing.volume == 3
    sent = Bericht.objects.get(toewijzing=toewijzing, kind="JW301")
    document = assert_valid("JW301", bytes(sent.raw))
    product = "j:Client/j:ToegewezenProducten/j:ToegewezenProduct/"
    assert document.findtext(product + "j:ReferentieAanbieder", namespaces=IJW) == "REF-1"
    assert document.findtext("j:Client/j:Bsn", namespaces=IJW) == child.bsn
    assert (hub / "uit" / sent.file_name).exists()
    assert ChangeLog.objects.filter(event="verzoek.toegekend", object_id=str(verzoek.pk)).exists()
    # a second accept (a double submit, or a form opened before) changes nothing
    with pytest.raises(Conflict, match="al geantwoord"):
        requests.check_accept_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek)
    assert Toewijzing.objects.filter(indicatie__client=child).count() == 1


def test_refusing_a_request_sends_jw319_with_the_reason(received, staff, actor_of, hub,  # noqa: F811
                                                       django_capture_on_commit_callbacks):
    verzoek = Verzoek.objects.get(bericht=received.message)
    with django_capture_on_commit_callbacks(execute=True):
        requests.check_refuse_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek, reason="7")
    verzoek.refresh_from_db()
    assert verzoek.status == "afgewezen" and verzoek.refusal_reason == "7"
    assert verzoek.answer.answer_to == received.message and verzoek.answer.kind == "JW319"
    document = assert_valid("JW319", bytes(verzoek.answer.raw))
    assert document.findtext("{*}Antwoord/{*}VerzoekAntwoord") == "1"
    assert document.findtext("{*}Antwoord/{*}RedenAfwijzingVerzoek") == "7"
    assert document.findtext("{*}Antwoord/{*}ReferentieAanbieder") == "REF-1"
    assert (hub / "uit" / verzoek.answer.file_name).read_bytes() == bytes(verzoek.answer.raw)
    assert not Toewijzing.objects.exists()
    assert ChangeLog.objects.filter(event="verzoek.afgewezen", object_id=str(verzoek.pk)).exists()
    with pytest.raises(Conflict):
        requests.check_refuse_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek, reason="7")
    assert Bericht.objects.filter(kind="JW319").count() == 1


@pytest.mark.parametrize("role", ["backoffice", "generalist", "teamleider"])
def test_a_role_without_the_mandate_cannot_accept(received, staff, actor_of, role):
    verzoek = Verzoek.objects.get(bericht=received.message)
    with pytest.raises(NotAllowed, match="geen mandaat"):
        requests.check_accept_request(actor=actor_of(staff[role]), verzoek=verzoek)
    with pytest.raises(NotAllowed):
        requests.check_refuse_request(actor=actor_of(staff[role]), verzoek=verzoek, reason="3")
    verzoek.refresh_from_db()
    assert verzoek.status == "open" and not Toewijzing.objects.exists()


def test_a_request_for_an_unknown_client_stays_open_and_can_be_refused(youth, staff, actor_of):
    gemeente, provider, child = youth
    stranger = ResidentFactory.build(geboortedatum=dt.date(2012, 1, 1), bsn="999990068")
    got = receive(actor=SYSTEM, raw=request_message("JW315", client=stranger, provider=provider, gemeente=gemeente))
    verzoek = Verzoek.objects.get(bericht=got.message)
    assert verzoek.client is None and verzoek.status == "open"
    with pytest.raises(Exception, match="niet bekend"):
        requests.check_accept_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek)
    requests.check_refuse_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek, reason="5")
    verzoek.refresh_from_db()
    assert verzoek.status == "afgewezen"


def test_a_request_for_a_product_not_in_the_catalogue_can_only_be_refused(youth, staff, actor_of, client_for):
    gemeente, provider, child = youth
    got = receive(actor=SYSTEM, raw=request_message("JW315", client=child, provider=provider, gemeente=gemeente,
                                                    product="45Z99"))
    verzoek = Verzoek.objects.get(bericht=got.message)
    assert verzoek.product is None and verzoek.status == "open"
    page = client_for("procesregisseur").get(reverse("messaging:request", args=[verzoek.pk])).content.decode()
    assert "kan alleen worden afgewezen" in page and "Afwijzen" in page
    with pytest.raises(ValidationFailed, match="niet in de catalogus"):
        requests.check_accept_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek)
    with pytest.raises(NotAllowed):
        requests.check_refuse_request(actor=actor_of(staff["backoffice"]), verzoek=verzoek, reason="3")
    requests.check_refuse_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek, reason="3")
    verzoek.refresh_from_db()
    assert verzoek.status == "afgewezen" and verzoek.refusal_reason == "3"


def test_a_request_whose_period_ends_before_it_starts_is_rejected(youth):
    gemeente, provider, child = youth
    got = receive(actor=SYSTEM, raw=request_message("JW315", client=child, provider=provider, gemeente=gemeente,
                                                    start=TODAY + dt.timedelta(days=30), end=TODAY))
    assert got.message.status == "afgekeurd" and not Verzoek.objects.exists()
    assert_valid("JW316", bytes(got.answer.raw))
    assert any("ligt voor de ingangsdatum" in p["uitleg"] for p in got.problems)


def test_the_same_reference_twice_is_pending(received, youth):
    gemeente, provider, child = youth
    again = receive(actor=SYSTEM, raw=request_message("JW315", client=child, provider=provider, gemeente=gemeente,
                                                      identification="VZ0000000002"))
    assert again.message.status == "afgekeurd" and again.problems[0]["code"] == "9374"
    assert Verzoek.objects.count() == 1


def test_a_change_of_a_known_assignment_is_accepted_with_a_jw301_with_reason(assigned, staff, actor_of,  # noqa: F811
                                                                             django_capture_on_commit_callbacks):
    new_end = assigned.end - dt.timedelta(days=30)
    got = receive(actor=SYSTEM, raw=change_message(assigned, end=new_end, volume=5))
    assert got.message.status == "verwerkt"
    assert_valid("JW318", bytes(got.answer.raw))
    verzoek = Verzoek.objects.get(bericht=got.message)
    assert verzoek.toewijzing == assigned and verzoek.kind == "wijziging"
    with django_capture_on_commit_callbacks(execute=True):
        requests.check_accept_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek)
    assigned.refresh_from_db()
    assert assigned.end == new_end and assigned.volume == 5
    changed = Bericht.objects.filter(toewijzing=assigned, kind="JW301").order_by("-pk").first()
    document = assert_valid("JW301", bytes(changed.raw))
    product = "j:Client/j:ToegewezenProducten/j:ToegewezenProduct/"
    assert document.findtext(product + "j:RedenWijziging", namespaces=IJW) == "12"
    assert document.findtext(product + "j:Einddatum", namespaces=IJW) == new_end.isoformat()
    assert document.findtext(product + "j:ReferentieAanbieder", namespaces=IJW) == "VOW-1"
    assert ChangeLog.objects.filter(event="toewijzing.gewijzigd", object_id=str(assigned.pk)).exists()


def test_a_change_from_a_later_date_ends_the_assignment_and_assigns_anew_from_that_date(
        assigned, staff, actor_of, django_capture_on_commit_callbacks):  # noqa: F811
    from_day = assigned.start + dt.timedelta(days=30)
    got = receive(actor=SYSTEM, raw=change_message(assigned, start=from_day, volume=6))
    verzoek = Verzoek.objects.get(bericht=got.message)
    with django_capture_on_commit_callbacks(execute=True):
        requests.check_accept_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek)
    old_end, old_volume = assigned.end, assigned.volume
    assigned.refresh_from_db()
    assert assigned.end == from_day - dt.timedelta(days=1) and assigned.volume == old_volume  # as it was, until then
    follow = Toewijzing.objects.exclude(pk=assigned.pk).get(indicatie=assigned.indicatie)
    assert (follow.start, follow.end, follow.volume, follow.provider) == (from_day, old_end, 6, assigned.provider)
    ended = assert_valid("JW301", bytes(Bericht.objects.filter(toewijzing=assigned, kind="JW301").latest("pk").raw))
    product = "j:Client/j:ToegewezenProducten/j:ToegewezenProduct/"
    assert ended.findtext(product + "j:RedenWijziging", namespaces=IJW) == "12"
    assert ended.findtext(product + "j:Einddatum", namespaces=IJW) == (from_day - dt.timedelta(days=1)).isoformat()
    new = assert_valid("JW301", bytes(Bericht.objects.get(toewijzing=follow, kind="JW301").raw))
    assert new.findtext(product + "j:Ingangsdatum", namespaces=IJW) == from_day.isoformat()
    assert new.findtext(product + "j:ReferentieAanbieder", namespaces=IJW) == "VOW-1"
    assert new.findtext(product + "j:Omvang/b:Volume", namespaces=IJW) == "6"
    assert ChangeLog.objects.filter(event="toewijzing.aangemaakt", object_id=str(follow.pk)).exists()


def test_a_change_dated_in_the_past_that_is_not_the_assignments_start_is_rejected(assigned):  # noqa: F811
    got = receive(actor=SYSTEM, raw=change_message(assigned, start=assigned.start - dt.timedelta(days=3)))
    assert got.message.status == "afgekeurd" and not Verzoek.objects.exists()
    assert "9357" in [c.text for c in assert_valid("JW318", bytes(got.answer.raw)).iter("{*}RetourCode")]


def test_a_change_of_an_unknown_assignment_is_rejected_with_its_code(assigned):  # noqa: F811
    got = receive(actor=SYSTEM, raw=change_message(assigned, number=99999999))
    assert got.message.status == "afgekeurd" and not Verzoek.objects.exists()
    answer = assert_valid("JW318", bytes(got.answer.raw))
    codes = [c.text for c in answer.iter("{*}RetourCode")]
    assert "9351" in codes and "9349" in codes  # not a current assignment; the current one is not named
    assert got.problems[0] == {"code": "9351", "uitleg": "TeWijzigenProduct is niet gerelateerd aan een actuele "
                                                         "toewijzing op basis van ToewijzingNummer."}


def test_a_wmo_request_is_accepted_into_a_valid_wmo301(staff, actor_of, django_capture_on_commit_callbacks):
    gemeente = Gemeente.objects.get(cbs_code="9901")
    household = HouseholdFactory(gemeente=gemeente)
    client = ResidentFactory(household=household, geboortedatum=dt.date(1950, 2, 2))
    provider = Organisatie.objects.get(contracts__code="thuiszorg-demo-2025")
    got = receive(actor=SYSTEM, raw=request_message("WMO315", client=client, provider=provider, gemeente=gemeente,
                                                    product="02A01", category="02"))
    assert got.message.status == "verwerkt" and got.answer.kind == "WMO316" and got.answer.status == "verstuurd"
    verzoek = Verzoek.objects.get(bericht=got.message)
    assert verzoek.law == "wmo" and verzoek.product.code == "02A01"
    with django_capture_on_commit_callbacks(execute=True):
        requests.check_accept_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek)
    sent = Bericht.objects.get(toewijzing__indicatie__client=client, kind="WMO301")
    assert_valid("WMO301", bytes(sent.raw))


# --- the worklist ----------------------------------------------------------------------------------------------------

def test_the_worklist_shows_open_requests_with_their_answer_date(received, client_for, youth):
    verzoek = Verzoek.objects.get(bericht=received.message)
    page = client_for("backoffice").get(reverse("messaging:requests"))
    assert page.status_code == 200
    text = page.content.decode()
    assert verzoek.due.strftime("%d-%m-%Y") in text and verzoek.client.full_name in text
    assert verzoek.due.isoformat() not in text
    assert AccessLog.objects.filter(resource=reverse("messaging:requests")).exists()


def test_an_overdue_request_is_marked(received, client_for, time_machine):
    time_machine.move_to(timezone.now() + dt.timedelta(days=14))
    page = client_for("backoffice").get(reverse("messaging:requests"))
    assert "verlopen" in page.content.decode()


def test_accepting_and_refusing_through_the_pages(received, client_for, django_capture_on_commit_callbacks):
    verzoek = Verzoek.objects.get(bericht=received.message)
    url = reverse("messaging:request", args=[verzoek.pk])
    backoffice = client_for("backoffice")
    page = backoffice.get(url)
    assert page.status_code == 200 and "Toekennen" not in page.content.decode()  # no mandate: no buttons
    assert backoffice.post(reverse("messaging:request-accept", args=[verzoek.pk]),
                           {"version": verzoek.version}).status_code == 403
    director = client_for("procesregisseur")
    page = director.get(url)
    assert "Toekennen" in page.content.decode() and "Zorginhoudelijke afkeur" in page.content.decode()
    refused = director.post(reverse("messaging:request-refuse", args=[verzoek.pk]), {"reason": "",
                                                                                    "version": verzoek.version})
    assert refused.status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        done = director.post(reverse("messaging:request-accept", args=[verzoek.pk]), {"version": verzoek.version})
    assert done.status_code == 302
    again = director.post(reverse("messaging:request-accept", args=[verzoek.pk]), {"version": verzoek.version})
    assert again.status_code == 409 and "al geantwoord" in again.content.decode()
    assert Toewijzing.objects.count() == 1


def test_the_worklist_is_bounded_in_queries(youth, client_for, django_assert_max_num_queries):
    gemeente, provider, child = youth
    for n in range(30):
        receive(actor=SYSTEM, raw=request_message("JW315", client=child, provider=provider, gemeente=gemeente,
                                                  reference=f"REF-{n}", identification=f"VZ{n:010d}"))
    backoffice = client_for("backoffice")
    with django_assert_max_num_queries(14):
        page = backoffice.get(reverse("messaging:requests"))
    assert page.status_code == 200 and page.content.decode().count('data-label="Aanbieder"') == 25


def test_with_four_eyes_the_assignment_follows_the_second_opinion(youth, staff, actor_of,
                                                                 django_capture_on_commit_callbacks):
    """Residential youth care needs four eyes (profiles/demo.yaml): accepting takes the decision, the JW301 (with
    the provider's reference) goes out once the second person approves it."""
    gemeente, provider, child = youth
    got = receive(actor=SYSTEM, raw=request_message("JW315", client=child, provider=provider, gemeente=gemeente,
                                                    product="43A01", category="43", reference="VERBLIJF-1", unit="14"))
    verzoek = Verzoek.objects.get(bericht=got.message)
    requests.check_accept_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek)
    besluit = Besluit.objects.get(indicatie__client=child)
    assert besluit.status == "tweede-beoordeling" and not Toewijzing.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        check_second_opinion(actor=actor_of(staff["teamleider"]), besluit=besluit, approve=True)
    sent = Bericht.objects.get(toewijzing__indicatie__client=child, kind="JW301")
    document = assert_valid("JW301", bytes(sent.raw))
    assert document.findtext("j:Client/j:ToegewezenProducten/j:ToegewezenProduct/j:ReferentieAanbieder",
                             namespaces=IJW) == "VERBLIJF-1"


def test_a_second_change_while_one_is_pending_is_refused(assigned):  # noqa: F811
    first = receive(actor=SYSTEM, raw=change_message(assigned))
    assert first.message.status == "verwerkt"
    second = receive(actor=SYSTEM, raw=change_message(assigned, reference="VOW-2", identification="VW0000000002"))
    assert second.message.status == "afgekeurd" and second.problems[0]["code"] == "9374"
    assert Verzoek.objects.count() == 1


def test_a_request_that_needs_longer_is_answered_in_onderzoek_and_decided_later(received, staff, actor_of, hub,  # noqa: F811
                                                                              django_capture_on_commit_callbacks):
    verzoek = Verzoek.objects.get(bericht=received.message)
    director = actor_of(staff["procesregisseur"])
    with django_capture_on_commit_callbacks(execute=True):
        requests.check_investigate_request(actor=director, verzoek=verzoek, expected_version=verzoek.version)
    verzoek.refresh_from_db()
    assert verzoek.status == "open" and verzoek.investigating_since is not None
    # the Jeugdwet's decision term (Awb 4:13: eight weeks from receipt) replaces the five working days
    assert verzoek.due == timezone.localdate(received.message.at) + dt.timedelta(weeks=8)
    answer = Bericht.objects.get(kind="JW319", answer_to=received.message)
    document = assert_valid("JW319", bytes(answer.raw))
    assert document.findtext("{*}Antwoord/{*}VerzoekAntwoord") == "2"  # aanvraag in onderzoek
    assert document.find("{*}Antwoord/{*}RedenAfwijzingVerzoek") is None
    assert (hub / "uit" / answer.file_name).exists()
    assert ChangeLog.objects.filter(event="verzoek.in_onderzoek", object_id=str(verzoek.pk)).exists()
    with pytest.raises(Conflict, match="al dat dit verzoek in onderzoek is"):
        requests.check_investigate_request(actor=director, verzoek=verzoek)
    with pytest.raises(Conflict, match="intussen gewijzigd"):  # a form opened before the answer went out
        requests.check_accept_request(actor=director, verzoek=verzoek, expected_version=verzoek.version - 1)
    with pytest.raises(NotAllowed):
        requests.check_investigate_request(actor=actor_of(staff["backoffice"]), verzoek=verzoek)
    with django_capture_on_commit_callbacks(execute=True):
        requests.check_accept_request(actor=director, verzoek=verzoek, expected_version=verzoek.version)
    assert Toewijzing.objects.filter(indicatie__client=verzoek.client).count() == 1
    assert Bericht.objects.filter(kind="JW319").count() == 1


def test_in_onderzoek_through_the_pages(received, client_for, django_capture_on_commit_callbacks):
    verzoek = Verzoek.objects.get(bericht=received.message)
    director = client_for("procesregisseur")
    page = director.get(reverse("messaging:request", args=[verzoek.pk])).content.decode()
    assert "In onderzoek nemen" in page
    with django_capture_on_commit_callbacks(execute=True):
        done = director.post(reverse("messaging:request-investigate", args=[verzoek.pk]), {"version": verzoek.version})
    assert done.status_code == 302
    page = director.get(reverse("messaging:request", args=[verzoek.pk])).content.decode()
    assert "In onderzoek sinds" in page and "Besluit uiterlijk" in page and "In onderzoek nemen" not in page
    assert "in onderzoek" in director.get(reverse("messaging:requests")).content.decode()
    again = director.post(reverse("messaging:request-investigate", args=[verzoek.pk]), {"version": verzoek.version})
    assert again.status_code == 409 and "al dat dit verzoek in onderzoek is" in again.content.decode()  # double submit


def test_a_request_for_a_budget_without_a_product_waits_and_can_only_be_refused(youth, staff, actor_of):
    """docs/messaging.md "Budgets": Toegang assigns products; a request for an aspecific budget cannot be granted."""
    gemeente, provider, child = youth
    document = etree.fromstring(request_message("JW315", client=child, provider=provider, gemeente=gemeente))
    requested = next(document.iter("{*}AangevraagdProduct"))
    requested.remove(requested.find("{*}Product"))
    omvang = requested.find("{*}Omvang")
    budget = etree.Element(omvang.tag.replace("Omvang", "Budget"))
    budget.text = "250000"  # 2,500 euro, in cents
    omvang.addnext(budget)
    requested.remove(omvang)
    got = receive(actor=SYSTEM, raw=etree.tostring(document, xml_declaration=True, encoding="UTF-8"))
    assert got.message.status == "verwerkt"
    verzoek = Verzoek.objects.get(bericht=got.message)
    assert verzoek.product is None and verzoek.status == "open"
    with pytest.raises(ValidationFailed, match="niet in de catalogus"):
        requests.check_accept_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek)
    requests.check_refuse_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek, reason="7")


def test_a_change_from_after_the_assignments_end_is_rejected_and_a_passed_date_cannot_be_accepted(
        assigned, staff, actor_of, time_machine):  # noqa: F811
    got = receive(actor=SYSTEM, raw=change_message(assigned, start=assigned.end + dt.timedelta(days=30),
                                                   end=assigned.end + dt.timedelta(days=90)))
    assert got.message.status == "afgekeurd" and not Verzoek.objects.exists()
    assert any("ligt na de einddatum van toewijzing" in p["uitleg"] for p in got.problems)
    # a change asked from a later date whose date passes while the request waits (in onderzoek): not retroactively
    from_day = assigned.start + dt.timedelta(days=20)
    got = receive(actor=SYSTEM, raw=change_message(assigned, start=from_day, identification="VW0000000002",
                                                   reference="VOW-2"))
    verzoek = Verzoek.objects.get(bericht=got.message)
    time_machine.move_to(timezone.now() + dt.timedelta(days=25))
    with pytest.raises(ValidationFailed, match="is verstreken"):
        requests.check_accept_request(actor=actor_of(staff["procesregisseur"]), verzoek=verzoek)
    assert Toewijzing.objects.filter(indicatie=assigned.indicatie).count() == 1
