"""The kinds of case conference: profile data (`casusoverleg.soorten`), with these defaults when a profile names none.

Sources: Bergen (seed 000 §3.1 and its data model "Overleg": 1G1P-bijeenkomst, multidisciplinair overleg,
netwerkberaad), BUCH (seed 001 §4.4: the procesregisseur can organise multidisciplinaire overleggen), Krimpen (seed
002 §3.2.1: MDO "zo nodig", organised by the casusregisseur; casuïstiekbespreking), Eindhoven (seed 003 App. 1.9:
the stedelijk casusoverleg for risk youth).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

# code -> Dutch name (stored Dutch, shown in the page's language where the catalogue has it)
DEFAULT_KINDS: dict[str, str] = {
    "casusoverleg": gettext_noop("Casusoverleg"),
    "mdo": gettext_noop("Multidisciplinair overleg (MDO)"),
    "1g1p": gettext_noop("1 Gezin 1 Plan-gezinsoverleg"),
    "netwerkberaad": gettext_noop("Netwerkberaad"),
    "stedelijk": gettext_noop("Stedelijk casusoverleg"),
}


def conference_kinds(profile_data: dict | None) -> dict[str, str]:
    """The profile's kinds of conference (code -> name, in the profile's order), or the defaults."""
    listed = ((profile_data or {}).get("casusoverleg") or {}).get("soorten") or []
    return {kind["code"]: kind["naam"] for kind in listed} or dict(DEFAULT_KINDS)
