"""Clock kinds and their terms: defaults from the law (PRODUCT.md), overridable per profile (`termijnen:`)."""

from __future__ import annotations

from dataclasses import dataclass

from .calendar import Term


@dataclass(frozen=True)
class ClockKind:
    code: str
    name: str
    term: Term
    source: str
    atw: bool = True  # count as the Algemene termijnenwet says (art. 1 and 2)
    max_extensions: int = 0
    extension: Term | None = None  # default length of one extension
    warn_days: int = 5  # 'due soon' this many days before the due date


DEFAULT_KINDS: dict[str, ClockKind] = {
    k.code: k
    for k in [
        # Wmo 2015 art. 2.3.2 lid 1: the investigation after a melding is finished within six weeks.
        ClockKind("wmo-onderzoek", "Wmo: melding → onderzoek afgerond", Term(6, "w"), "Wmo 2015 art. 2.3.2"),
        # Wmo 2015 art. 2.3.5 lid 1: decision on an application within two weeks.
        ClockKind("wmo-beschikking", "Wmo: aanvraag → beschikking", Term(2, "w"), "Wmo 2015 art. 2.3.5", warn_days=3),
        # Awb 4:13 lid 2 (reasonable term, at most 8 weeks) and 4:14 (one extension with notice).
        ClockKind("jeugdwet-beschikking", "Jeugdwet: aanvraag → beschikking", Term(8, "w"), "Awb 4:13, 4:14",
                  max_extensions=1, extension=Term(8, "w")),
        # Awb 4:13: other applications (Participatiewet) within a reasonable term, at most eight weeks; 4:14 extension.
        ClockKind("awb-beschikking", "Awb: aanvraag → beschikking", Term(8, "w"), "Awb 4:13, 4:14",
                  max_extensions=1, extension=Term(8, "w")),
        # Awb 6:7: the objection term is six weeks.
        ClockKind("bezwaar", "Bezwaartermijn", Term(6, "w"), "Awb 6:7"),
        # Awb 7:10 lid 1: decision on an objection within 6 weeks (12 with an advisory committee), extendable by 6.
        ClockKind("beslissing-op-bezwaar", "Beslissing op bezwaar", Term(6, "w"), "Awb 7:10", max_extensions=1,
                  extension=Term(6, "w")),
        # First contact with the household after triage; profiles set their own (Krimpen KST: 2 days).
        ClockKind("eerste-contact", "Eerste contact met het huishouden", Term(5, "wd"), "profiel", warn_days=1),
        # iStandaarden 3.2: answer a message within 3 working days, a provider's request within 5.
        ClockKind("istandaard-antwoord", "iJw/iWmo: antwoord op bericht", Term(3, "wd"), "iStandaarden 3.2", warn_days=1),
    ]
}


def kinds_for(profile_data: dict | None) -> dict[str, ClockKind]:
    """Default kinds, overridden and extended by the profile's `termijnen:` section."""
    kinds = dict(DEFAULT_KINDS)
    for code, spec in ((profile_data or {}).get("termijnen") or {}).items():
        base = kinds.get(code)
        extension = spec.get("verlenging")
        kinds[code] = ClockKind(
            code=code,
            name=spec.get("naam", base.name if base else code),
            term=Term.parse(spec["termijn"]) if "termijn" in spec else base.term,
            source=spec.get("bron", base.source if base else "profiel"),
            atw=spec.get("atw", base.atw if base else True),
            max_extensions=spec.get("max_verlengingen", base.max_extensions if base else 0),
            extension=Term.parse(extension) if extension else (base.extension if base else None),
            warn_days=spec.get("waarschuwing_dagen", base.warn_days if base else 5),
        )
    return kinds
