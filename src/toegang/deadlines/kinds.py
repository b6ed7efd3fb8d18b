"""Clock kinds and their terms: defaults from the law (PRODUCT.md), overridable per profile (`termijnen:`).

A kind is started by an event. The built-in kinds have theirs fixed in the code (below, or the action that starts
them: an aanvraag, the sending of a decision, an objection); a kind a profile adds names its event in `start:`, one
of START_EVENTS, and deadlines.actions.start_clocks_for starts every kind whose event happens.
"""

from __future__ import annotations

from dataclasses import dataclass

from .calendar import Term

# The events that start clocks, each emitted by one action of the front door (intake/actions.py). A profile's own
# kind names one of these (profiles/schema.py refuses any other). Anonymous advice emits none: nobody to contact.
START_EVENTS: dict[str, str] = {
    "melding-geregistreerd": "een melding over een inwoner of huishouden is geregistreerd",
    "melding-wmo": "een melding waarbij de Wmo een rol speelt is geregistreerd",
    "melding-spoed": "een melding met urgentie spoed is geregistreerd",
    "melding-crisis": "een melding met urgentie crisis is geregistreerd, of de triage vindt er een crisis in",
    "triage-meervoudig": "de triage 'meervoudig' heeft een casus geopend voor het huishouden",
    # emitted by the kitchen-table report (assessments/actions.py through intake/duties.py), on the report
    "vraagverheldering-wmo": "het verslag van het keukentafelgesprek is vastgelegd in een casus met een Wmo-melding",
}


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
    start: str = ""  # the START_EVENTS event that starts it; "" = started by its own action (aanvraag, besluit, bezwaar)


DEFAULT_KINDS: dict[str, ClockKind] = {
    k.code: k
    for k in [
        # Wmo 2015 art. 2.3.2 lid 1: the investigation after a melding is finished within six weeks.
        ClockKind("wmo-onderzoek", "Wmo: melding → onderzoek afgerond", Term(6, "w"), "Wmo 2015 art. 2.3.2",
                  start="melding-wmo"),
        # Wmo 2015 art. 2.3.2 lid 8: the resident gets a written report of the investigation's outcome. The law sets
        # no term of its own (lid 1: the investigation, lid 8 included, within six weeks); verordeningen do, so the
        # term is profile data (`termijnen: wmo-weergave:`). Default: ten working days after the conversation.
        # It runs from the conversation and stops when the report is sent (intake/duties.py).
        ClockKind("wmo-weergave", "Wmo: schriftelijke weergave van het onderzoek naar de inwoner", Term(10, "wd"),
                  "Wmo 2015 art. 2.3.2 lid 8; termijn uit de verordening", warn_days=3, start="vraagverheldering-wmo"),
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
        ClockKind("eerste-contact", "Eerste contact met het huishouden", Term(5, "wd"), "profiel", warn_days=1,
                  start="triage-meervoudig"),
        # A crisis is handled at once (PRODUCT.md, the flow: triage "a crisis (immediate)"; the crisis service is
        # reachable 24 hours a day, seed 001 BUCH §4.5.3): contact within 24 hours of the melding, day and night.
        # Profiles set their own term in hours (`termijn: 4u`). It stops when the melding is triaged to another
        # route than crisis, or closed (intake/actions.py).
        ClockKind("crisis-contact", "Crisis: contact met de inwoner of het huishouden", Term(24, "u"),
                  "crisis direct (PRODUCT.md; crisisdienst 24 uur per dag, BUCH §4.5.3)", atw=False, warn_days=0,
                  start="melding-crisis"),
        # A safety plan in crisis is reviewed on a short clock (Signs of Safety; issue 12 point 6): started with the
        # plan, restarted at each review, stopped when the plan ends (safety/actions.py). Profiles set their own.
        ClockKind("veiligheidsplan-evaluatie", "Veiligheidsplan: evaluatie", Term(1, "w"),
                  "werkafspraak veiligheidsplan (Signs of Safety)", warn_days=2),
        # Awb 9:11 lid 1: the gemeente handles a complaint within six weeks (ten with a complaints committee, 9:14);
        # lid 2: postponed once by at most four weeks, with notice. Started by a complaint (feedback/actions.py).
        ClockKind("klachtbehandeling", "Klacht: afhandeling door de gemeente", Term(6, "w"), "Awb 9:11",
                  max_extensions=1, extension=Term(4, "w")),
        # iStandaarden 3.2: answer a message within 3 working days, a provider's request within 5.
        ClockKind("istandaard-antwoord", "iJw/iWmo: antwoord op bericht", Term(3, "wd"), "iStandaarden 3.2", warn_days=1),
    ]
}


ESCALATION_PREFIX = "escalatie-"


def escalation_kind_code(ladder: str, level: str) -> str:
    """The clock kind of one level of an escalation ladder (`escalatieladders:`, escalation/ladders.py)."""
    return f"{ESCALATION_PREFIX}{ladder}-{level}"


def escalation_kinds(profile_data: dict | None) -> dict[str, ClockKind]:
    """Every level of the profile's escalation ladders with a `termijn` is a clock kind, started by the escalation
    to that level (escalation/actions.py) and stopped when the level acts or the case is de-escalated. The terms
    are work agreements of the profile (G7 seed §3.5: Almere "desgewenst binnen 5 werkdagen", "indien nodig binnen
    48 uur"). They count as the profile's other day terms do (`eerste-contact`): a term in days ends as the Atw says
    (not on a weekend or holiday), `wd` counts working days, `u` runs day and night to a moment."""
    kinds: dict[str, ClockKind] = {}
    for ladder in (profile_data or {}).get("escalatieladders") or []:
        for level in ladder.get("niveaus") or []:
            if not level.get("termijn"):
                continue
            code = escalation_kind_code(ladder["code"], level["code"])
            term = Term.parse(level["termijn"])
            kinds[code] = ClockKind(code=code, name=f"Escalatie {ladder['naam']}: {level['naam']}", term=term,
                                    source=(level.get("bron") or ladder.get("bron") or "profiel")[:100],
                                    atw=not term.in_hours,
                                    warn_days=0 if term.in_hours else 1)
    return kinds


def kinds_for(profile_data: dict | None) -> dict[str, ClockKind]:
    """Default kinds, overridden and extended by the profile's `termijnen:` section, and the clock kinds of its
    escalation ladders (escalation_kinds)."""
    kinds = dict(DEFAULT_KINDS)
    kinds.update(escalation_kinds(profile_data))
    for code, spec in ((profile_data or {}).get("termijnen") or {}).items():
        base = kinds.get(code)
        extension = spec.get("verlenging")
        term = Term.parse(spec["termijn"]) if "termijn" in spec else base.term
        kinds[code] = ClockKind(
            code=code,
            name=spec.get("naam", base.name if base else code),
            term=term,
            source=spec.get("bron", base.source if base else "profiel"),
            # the Atw counts days, never hours
            atw=spec.get("atw", base.atw if base else True) and not term.in_hours,
            max_extensions=spec.get("max_verlengingen", base.max_extensions if base else 0),
            extension=Term.parse(extension) if extension else (base.extension if base else None),
            warn_days=spec.get("waarschuwing_dagen", base.warn_days if base else 5),
            start=base.start if base else spec.get("start", ""),  # a built-in kind keeps its event (schema)
        )
    return kinds
