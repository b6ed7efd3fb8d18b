"""Writing messages: the assignment (JW301/WMO301) and the return messages (JW302/306/308/316/318/320, WMO idem).

Built with lxml in the order the schema prescribes; validated against the schema by the caller before it is stored
as sent (actions/assign.py). Values come from Toegang's records as they are; what the standard cannot carry (a resident
without BSN) is refused before anything is built.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone
from lxml import etree

from .standards import BY_LAW, Standard, message_code, standard_of

VERSION = "3"
SUBVERSION = "2"
XSD_VERSION = "1.0.0"  # BasisschemaXsdVersie and BerichtXsdVersie, as the published samples carry them
# the return message of each received kind (iStandaarden: every message is answered)
RETURN_OF = {"301": "302", "305": "306", "307": "308", "315": "316", "317": "318", "319": "320"}


def new_identification() -> str:
    """12 characters, unique per kind for the sender in practice (the database refuses a repeat)."""
    return secrets.token_hex(6)


class Writer:
    def __init__(self, standard: Standard, kind: str):
        self.standard, self.kind = standard, kind
        self.ns, self.basis = standard.namespace(kind), standard.basis
        self.nsmap = {kind.lower(): self.ns, standard.key: self.basis}

    def root(self) -> etree._Element:
        return etree.Element(f"{{{self.ns}}}Bericht", nsmap=self.nsmap)

    def el(self, parent, name: str, text=None, *, basis: bool = False) -> etree._Element:
        element = etree.SubElement(parent, f"{{{self.basis if basis else self.ns}}}{name}")
        if text is not None:
            element.text = str(text)
        return element

    def header(self, root, *, sender: str, receiver: str, identification: str, dated: dt.date) -> etree._Element:
        header = self.el(root, "Header")
        self.el(header, "BerichtCode", message_code(self.kind))
        self.el(header, "BerichtVersie", VERSION)
        self.el(header, "BerichtSubversie", SUBVERSION)
        self.el(header, "Afzender", sender)
        self.el(header, "Ontvanger", receiver)
        ident = self.el(header, "BerichtIdentificatie")
        self.el(ident, "Identificatie", identification, basis=True)
        self.el(ident, "Dagtekening", dated.isoformat(), basis=True)
        self.xsd_version(header, "XsdVersie")
        return header

    def xsd_version(self, parent, name: str) -> None:
        versions = self.el(parent, name)
        self.el(versions, "BasisschemaXsdVersie", XSD_VERSION, basis=True)
        self.el(versions, "BerichtXsdVersie", XSD_VERSION, basis=True)


def write_name(w: Writer, parent, resident, tag: str = "Naam") -> None:
    naam = w.el(parent, tag)
    surname = w.el(naam, "Geslachtsnaam", basis=True)
    w.el(surname, "Achternaam", resident.geslachtsnaam[:200], basis=True)
    if resident.voorvoegsel:
        w.el(surname, "Voorvoegsel", resident.voorvoegsel[:10], basis=True)
    if resident.voornamen:
        w.el(naam, "Voornamen", resident.voornamen[:200], basis=True)
        w.el(naam, "Voorletters", "".join(p[0] for p in resident.voornamen.split())[:6].upper(), basis=True)
    w.el(naam, "NaamGebruik", "1", basis=True)


def assignment(toewijzing, *, resident, address, identification: str, now: dt.datetime | None = None,
               change_reason: str = "", reference: str = "") -> bytes:
    """JW301/WMO301 for one assigned product (Jeugdwet or Wmo by the law of the assignment); `reference` is the
    provider's ReferentieAanbieder when the assignment answers its request (JW315/JW317)."""
    standard = BY_LAW[toewijzing.law]
    kind = f"{standard.prefix}301"
    w = Writer(standard, kind)
    now = timezone.localtime(now or timezone.now())
    root = w.root()
    w.header(root, sender=toewijzing.gemeente.cbs_code, receiver=toewijzing.provider.agb_code,
             identification=identification, dated=now.date())
    client = w.el(root, "Client")
    w.el(client, "Bsn", resident.bsn)
    birth = w.el(client, "Geboortedatum")
    w.el(birth, "Datum", resident.geboortedatum.isoformat(), basis=True)
    w.el(client, "Geslacht", resident.geslacht if resident.geslacht in {"0", "1", "2"} else "0")
    write_name(w, client, resident)
    contacts = w.el(client, "Contactgegevens")
    contact = w.el(contacts, "Contact")
    w.el(contact, "Soort", "01")  # BRP-adres
    if address is not None:
        adres = w.el(contact, "Adres")
        if address.huisnummer:
            huis = w.el(adres, "Huis", basis=True)
            w.el(huis, "Huisnummer", address.huisnummer, basis=True)
        if address.postcode:
            w.el(adres, "Postcode", address.postcode.replace(" ", "").upper(), basis=True)
        if address.straat:
            w.el(adres, "Straatnaam", address.straat[:24], basis=True)
        if address.woonplaats:
            w.el(adres, "Plaatsnaam", address.woonplaats[:80], basis=True)
        w.el(adres, "LandCode", "NL", basis=True)
    products = w.el(client, "ToegewezenProducten")
    product = w.el(products, "ToegewezenProduct")
    w.el(product, "ToewijzingNummer", toewijzing.number)
    if reference:
        w.el(product, "ReferentieAanbieder", reference[:20])
    code = w.el(product, "Product")
    w.el(code, "Categorie", toewijzing.product_category, basis=True)
    w.el(code, "Code", toewijzing.product_code, basis=True)
    assigned = timezone.localtime(toewijzing.assigned_at)
    w.el(product, "Toewijzingsdatum", assigned.date().isoformat())
    w.el(product, "Toewijzingstijd", assigned.strftime("%H:%M:%S"))
    w.el(product, "Ingangsdatum", toewijzing.start.isoformat())
    w.el(product, "Einddatum", toewijzing.end.isoformat())
    if change_reason:
        w.el(product, "RedenWijziging", change_reason)
    omvang = w.el(product, "Omvang")
    w.el(omvang, "Volume", toewijzing.volume, basis=True)
    w.el(omvang, "Eenheid", toewijzing.unit, basis=True)
    w.el(omvang, "Frequentie", toewijzing.frequency, basis=True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def return_message(received_kind: str, received: etree._Element | None, header, *, identification: str,
                   header_codes: list[str], client_codes: list[str] | None = None,
                   product_codes: list[list[str]] | None = None, now: dt.date | None = None) -> bytes | None:
    """The answer to a received message: its header mirrored with the return codes; for a start or stop message
    (305/307) the client and each product again with their codes. None for a kind that has no return message."""
    number = received_kind[-3:]
    if number == "323":  # a declaration is answered by a JW325/WMO325, which is no mirror of it (below)
        return declaration_answer(None, header, identification=identification, header_codes=header_codes, now=now)
    if number not in RETURN_OF:
        return None
    standard = standard_of(received_kind)
    kind = f"{standard.prefix}{RETURN_OF[number]}"
    w = Writer(standard, kind)
    root = w.root()
    # the return message carries the original's sender and receiver (iStandaarden: the header is mirrored)
    w.header(root, sender=header.sender, receiver=header.receiver, identification=identification,
             dated=now or timezone.localdate())
    head = root.find(f"{{{w.ns}}}Header")
    w.el(head, "IdentificatieRetour", header.identification or "onbekend")
    w.el(head, "DagtekeningRetour", (header.dated or now or timezone.localdate()).isoformat())
    w.xsd_version(head, "XsdVersieRetour")
    if header_codes:
        codes = w.el(head, "RetourCodes")
        for code in header_codes:
            w.el(codes, "RetourCode", code)
    if received is not None and client_codes is not None and number in {"305", "307"}:
        _mirror_client(w, root, received, received_kind, client_codes, product_codes or [])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _mirror_client(w: Writer, root, received, received_kind: str, client_codes, product_codes) -> None:
    """Copy the client and its products from the received message into the return message, each followed by its
    return codes (JW306/JW308: the same elements, in the answer's namespace)."""
    src_ns = etree.QName(received).namespace
    source_client = received.find(f"{{{src_ns}}}Client")
    client = w.el(root, "Client")
    products_tag = "StartProducten" if received_kind.endswith("305") else "StopProducten"
    for child in source_client:
        local = etree.QName(child).localname
        if local == products_tag:
            products = w.el(client, products_tag)
            for i, source_product in enumerate(child):
                product = w.el(products, etree.QName(source_product).localname)
                for field in source_product:
                    _copy(w, product, field, src_ns)
                codes = w.el(product, "RetourCodes")
                for code in (product_codes[i] if i < len(product_codes) else ["0200"]):
                    w.el(codes, "RetourCode", code)
        else:
            _copy(w, client, child, src_ns)
    codes = w.el(client, "RetourCodes")
    for code in client_codes:
        w.el(codes, "RetourCode", code)


def _copy(w: Writer, parent, source, src_ns: str) -> None:
    """A copy of `source` under `parent`, its own-namespace elements moved to the answer's namespace."""
    qname = etree.QName(source)
    target = w.ns if qname.namespace == src_ns else qname.namespace
    element = etree.SubElement(parent, f"{{{target}}}{qname.localname}")
    element.text = source.text
    for child in source:
        _copy(w, element, child, src_ns)


def declaration_answer(received: etree._Element | None, header, *, identification: str, header_codes: list[str],
                       line_codes: list[list[str]] | None = None, approved_cents: int = 0,
                       declaration_codes: list[str] | None = None, now: dt.date | None = None) -> bytes:
    """JW325/WMO325, the answer to a declaration (JW323/WMO323). Not a mirror of the declaration (JW325.xsd): the
    gemeente is the sender and the provider the receiver, the declaration is named by its identification, and when
    its content was assessed (`line_codes`, one list per Prestatie in document order) the DeclaratieAntwoord returns
    every Prestatie with its return codes and the total approved (TotaalToegekendBedrag)."""
    standard = standard_of(header.kind)
    w = Writer(standard, f"{standard.prefix}325")
    today = now or timezone.localdate()
    root = w.root()
    head = w.header(root, sender=header.receiver, receiver=header.sender, identification=identification, dated=today)
    declared = w.el(head, "DeclaratieIdentificatie")
    w.el(declared, "Identificatie", header.identification or "onbekend", basis=True)
    w.el(declared, "Dagtekening", (header.dated or today).isoformat(), basis=True)
    src_ns = etree.QName(received).namespace if received is not None else ""
    their_versions = received.find(f"{{{src_ns}}}Header/{{{src_ns}}}XsdVersie") if received is not None else None
    if their_versions is not None:
        versions = w.el(head, "XsdVersieDeclaratie")
        for child in their_versions:
            _copy(w, versions, child, src_ns)
    else:
        w.xsd_version(head, "XsdVersieDeclaratie")
    codes = w.el(head, "RetourCodes")
    for code in header_codes or ["0200"]:
        w.el(codes, "RetourCode", code)
    if received is not None and line_codes is not None:
        _declaration_content(w, root, received.find(f"{{{src_ns}}}Declaratie"), src_ns, line_codes, approved_cents,
                             declaration_codes or ["0200"])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _declaration_content(w: Writer, root, source, src_ns: str, line_codes, approved_cents: int,
                         declaration_codes) -> None:
    def own(name: str) -> str:
        return f"{{{src_ns}}}{name}"

    answer = w.el(root, "DeclaratieAntwoord")
    w.el(answer, "DeclaratieNummer", source.findtext(own("DeclaratieNummer")))
    _copy(w, answer, source.find(own("TotaalIngediendBedrag")), src_ns)
    approved = w.el(answer, "TotaalToegekendBedrag")
    w.el(approved, "TotaalBedrag", abs(approved_cents), basis=True)
    w.el(approved, "DebetCredit", "C" if approved_cents < 0 else "D", basis=True)
    clients = w.el(answer, "Clienten")
    position = 0
    for source_client in source.find(own("Clienten")):
        client = w.el(clients, "Client")
        w.el(client, "Bsn", source_client.findtext(own("Bsn")))
        lines = w.el(client, "Prestaties")
        for source_line in source_client.find(own("Prestaties")):
            line = w.el(lines, "Prestatie")
            for field in source_line:
                _copy(w, line, field, src_ns)
            codes = w.el(line, "RetourCodes")
            for code in line_codes[position] if position < len(line_codes) else ["0233"]:
                w.el(codes, "RetourCode", code)
            position += 1
        codes = w.el(client, "RetourCodes")
        w.el(codes, "RetourCode", "0200")
    codes = w.el(answer, "RetourCodes")
    for code in declaration_codes:
        w.el(codes, "RetourCode", code)


def request_answer(*, law: str, sender: str, receiver: str, identification: str, reference: str,
                   refusal_reason: str, now: dt.date | None = None) -> bytes:
    """JW319/WMO319: the gemeente's answer to a provider's request (JW315/JW317), per ReferentieAanbieder. The
    standard's VerzoekAntwoord knows 1 (verzoek afgewezen, with RedenAfwijzingVerzoek) and 2 (aanvraag in
    onderzoek); an accepted request is answered with the assignment itself (JW301 with the reference)."""
    standard = BY_LAW[law]
    kind = f"{standard.prefix}319"
    w = Writer(standard, kind)
    root = w.root()
    w.header(root, sender=sender, receiver=receiver, identification=identification,
             dated=now or timezone.localdate())
    answer = w.el(root, "Antwoord")
    w.el(answer, "ReferentieAanbieder", reference[:20])
    w.el(answer, "VerzoekAntwoord", "1" if refusal_reason else "2")
    if refusal_reason:
        w.el(answer, "RedenAfwijzingVerzoek", refusal_reason)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
