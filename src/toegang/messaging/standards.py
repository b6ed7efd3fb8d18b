"""The iJw 3.2 and iWmo 3.2 message standards as Toegang ships them (xsd/, copies of the official schemas in
../shared/standards/): which messages exist, their codes and namespaces, their schemas, and the return codes with the
standard's own explanation. Everything is read from the schemas, never typed from memory.

iWmo's return messages (WMO302, 306, 308, …) are not among the published schemas here; they mirror their iJw
counterpart element for element (WMO325 has JW325's structure), so a WMO return message is checked against the iJw
schema of its counterpart with the namespaces and code swapped, compiled against the iWmo basisschema so the Wmo's
own code lists apply (counterpart_schema).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

XSD_DIR = Path(__file__).resolve().parent / "xsd"
XS = "{http://www.w3.org/2001/XMLSchema}"


@dataclass(frozen=True)
class Standard:
    key: str          # "ijw" | "iwmo"
    prefix: str       # "JW" | "WMO"
    law: str          # the law code of provisions.codes.LAWS
    folder: str

    def namespace(self, kind: str) -> str:
        return f"http://www.istandaarden.nl/{self.key}/3_2/{kind.lower()}/schema"

    @property
    def basis(self) -> str:
        return f"http://www.istandaarden.nl/{self.key}/3_2/basisschema/schema"


IJW = Standard("ijw", "JW", "jeugdwet", "ijw-3.2")
IWMO = Standard("iwmo", "WMO", "wmo", "iwmo-3.2")
STANDARDS = {s.key: s for s in (IJW, IWMO)}
BY_LAW = {s.law: s for s in (IJW, IWMO)}
# iWmo codes of the return messages without a published schema: one above the message they answer
# (WMO325, the answer to a declaration: WMO323 is 484 in WMO323.xsd, and JW325 491 is JW323 490 + 1, so 485)
IWMO_RETURN_CODES = {"WMO302": "415", "WMO306": "419", "WMO308": "421", "WMO316": "445", "WMO318": "481",
                     "WMO320": "483", "WMO325": "485"}


def standard_of(kind: str) -> Standard:
    return IWMO if kind.startswith("WMO") else IJW


def number_of(kind: str) -> str:
    return re.sub(r"^\D+", "", kind)


def xsd_path(kind: str) -> Path:
    return XSD_DIR / standard_of(kind).folder / f"{kind}.xsd"


@cache
def schema(kind: str) -> etree.XMLSchema | None:
    """The compiled schema of a message kind, or None when the standard publishes none here."""
    path = xsd_path(kind)
    if not path.exists():
        return None
    return etree.XMLSchema(etree.parse(str(path), parser=etree.XMLParser(resolve_entities=False, no_network=True)))


@cache
def counterpart_schema(kind: str) -> etree.XMLSchema | None:
    """For an iWmo return message without a published schema: its iJw counterpart's schema with the namespaces and
    the message code swapped, compiled against the iWmo basisschema — so the Wmo's own code lists (product
    categories 01…, its return codes) apply, which checking the document against the iJw basisschema would refuse."""
    if kind not in IWMO_RETURN_CODES:
        return None
    counterpart = f"JW{number_of(kind)}"
    text = xsd_path(counterpart).read_text(encoding="utf-8")
    text = (text.replace(IJW.namespace(counterpart), IWMO.namespace(kind)).replace(IJW.basis, IWMO.basis)
            .replace(f'<xs:pattern value="{message_code(counterpart)}"/>',
                     f'<xs:pattern value="{IWMO_RETURN_CODES[kind]}"/>', 1))
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    # base_url in the iWmo folder: its schemaLocation="basisschema.xsd" is the iWmo basisschema
    document = etree.fromstring(text.encode(), parser=parser, base_url=str(XSD_DIR / IWMO.folder / f"{kind}.xsd"))
    return etree.XMLSchema(document)


@cache
def message_code(kind: str) -> str:
    """The BerichtCode of a kind, from the pattern in its schema."""
    if kind in IWMO_RETURN_CODES:
        return IWMO_RETURN_CODES[kind]
    tree = etree.parse(str(xsd_path(kind)))
    for element in tree.iter(f"{XS}element"):
        if element.get("name") == "BerichtCode":
            return element.find(f".//{XS}pattern").get("value")
    raise LookupError(kind)


@cache
def kinds_by_namespace() -> dict[str, str]:
    """Namespace of the root element → message kind, for every schema shipped (and iWmo's return messages)."""
    found = {}
    for standard in STANDARDS.values():
        for path in sorted((XSD_DIR / standard.folder).glob(f"{standard.prefix}*.xsd")):
            found[standard.namespace(path.stem)] = path.stem
    for kind in IWMO_RETURN_CODES:
        found[IWMO.namespace(kind)] = kind
    return found


@cache
def return_codes(standard_key: str = "ijw") -> dict[str, str]:
    """Return code → the standard's explanation (LDT_RetourCode in the basisschema)."""
    tree = etree.parse(str(XSD_DIR / STANDARDS[standard_key].folder / "basisschema.xsd"))
    for simple in tree.iter(f"{XS}simpleType"):
        if simple.get("name") == "LDT_RetourCode":
            return {e.get("value"): " ".join((e.findtext(f".//{XS}documentation") or "").split())
                    for e in simple.iter(f"{XS}enumeration")}
    return {}


def explain(code: str, standard_key: str = "ijw") -> str:
    return return_codes(standard_key).get(code, "")


def structure_check_for(kind: str, root: etree._Element) -> tuple[etree.XMLSchema, etree._Element] | None:
    """(schema, document) to validate `root` of `kind` against: its own schema, or for an iWmo return message its
    iJw counterpart's with the namespaces and the message code swapped (counterpart_schema)."""
    own = schema(kind) or counterpart_schema(kind)
    return (own, root) if own is not None else None


def schema_errors(kind: str, root: etree._Element) -> list[str]:
    """What is wrong with `root` against the schema of `kind` (at most 10, "regel N: …"); [] when valid or when
    Toegang has no schema for the kind."""
    check = structure_check_for(kind, root)
    if check is None:
        return []
    schema, document = check
    if schema.validate(document):
        return []
    return [f"regel {e.line}: {e.message}" for e in list(schema.error_log)[:10]]


@cache
def code_list(simple_type: str, standard_key: str = "ijw") -> dict[str, str]:
    """Code → the standard's explanation for any code list of the basisschema (LDT_RedenAfwijzingVerzoek,
    LDT_RedenWijziging, LDT_TypeVerwijzer, …), read from the schema."""
    tree = etree.parse(str(XSD_DIR / STANDARDS[standard_key].folder / "basisschema.xsd"))
    for simple in tree.iter(f"{XS}simpleType"):
        if simple.get("name") == simple_type:
            return {e.get("value"): " ".join((e.findtext(f".//{XS}documentation") or "").split())
                    for e in simple.iter(f"{XS}enumeration")}
    return {}


def known_kinds() -> list[str]:
    """Every kind of message Toegang can recognise (JW301 … WMO325), in order: the filters of the overview and API."""
    return sorted(set(kinds_by_namespace().values()), key=lambda kind: (not kind.startswith("JW"), kind))
