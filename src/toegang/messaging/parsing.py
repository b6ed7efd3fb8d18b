"""Reading a received message without trusting it (issue 14, "Bad input"; OWASP XXE prevention).

- A size limit before anything is parsed (settings.TOEGANG_BERICHT_MAX_BYTES).
- lxml with entity resolution, DTD loading and network access off, and no huge trees: an external entity reads no
  file and reaches no host, an entity bomb expands nothing.
- Any document type declaration is refused outright: the iStandaarden use none, so a DTD is an attack or a mistake.
- Then the kind of message by its root namespace, and its header (sender, receiver, identification, date).
Every refusal is a ValueError-like Unreadable with one Dutch sentence; the caller keeps the raw bytes regardless.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from lxml import etree

from .standards import kinds_by_namespace, standard_of


class Unreadable(Exception):
    """Not a message Toegang can read: not XML, too large, a DTD, or no iJw/iWmo message."""


@dataclass
class Header:
    kind: str
    code: str
    sender: str
    receiver: str
    identification: str
    dated: dt.date | None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_pis=True)


def parse(raw: bytes) -> etree._Element:
    limit = settings.TOEGANG_BERICHT_MAX_BYTES
    if len(raw) > limit:
        raise Unreadable(f"Het bestand is {len(raw) // 1024} kB; een bericht mag ten hoogste {limit // 1024} kB zijn.")
    if not raw.strip():
        raise Unreadable("Het bestand is leeg.")
    try:
        root = etree.fromstring(raw, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise Unreadable(f"Het bestand is geen geldige XML (regel {exc.lineno}): {exc.msg}.") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise Unreadable("Het bericht bevat een documenttypedefinitie (DTD); de iStandaarden gebruiken die niet. "
                         "Het is niet gelezen.")
    return root


def kind_of(root: etree._Element) -> str:
    namespace = etree.QName(root).namespace or ""
    kind = kinds_by_namespace().get(namespace)
    if kind is None or etree.QName(root).localname != "Bericht":
        raise Unreadable("Dit is geen bericht van iJw 3.2 of iWmo 3.2 (onbekende naamruimte of geen 'Bericht').")
    return kind


def header(root: etree._Element) -> Header:
    """The header, read leniently (also of a message that fails its schema: to answer it and to find its sender)."""
    kind = kind_of(root)
    ns = etree.QName(root).namespace
    basis = standard_of(kind).basis

    def text(*path: str) -> str:
        found = root.find("/".join(path))
        return (found.text or "").strip() if found is not None else ""

    h = f"{{{ns}}}Header"
    dated_text = text(h, f"{{{ns}}}BerichtIdentificatie", f"{{{basis}}}Dagtekening")
    try:
        dated = dt.date.fromisoformat(dated_text) if dated_text else None
    except ValueError:
        dated = None
    return Header(kind=kind, code=text(h, f"{{{ns}}}BerichtCode"), sender=text(h, f"{{{ns}}}Afzender")[:8],
                  receiver=text(h, f"{{{ns}}}Ontvanger")[:8],
                  identification=text(h, f"{{{ns}}}BerichtIdentificatie", f"{{{basis}}}Identificatie")[:12],
                  dated=dated)
