"""The profile's complaint route and satisfaction survey (`klachten:`, `tevredenheid:`; docs/feedback.md), read from
profile data. Krimpen seed 002 §3.4.3: residents "die niet tevreden zijn over de behandeling van hun klacht door een
van de partijen" go to a sociale ombudsman; ch. 5 items 12 (klachtenprocedure) and 13 (klanttevredenheidsonderzoek).

The first stage of the route is the gemeente's own handling (Awb 9:1-9:12, with the clock `klachtbehandeling`,
Awb 9:11: six weeks); every later stage is an external complaint body (Awb 9:18 ff., the ombudsman) whose outcome the
gemeente records when it hears it. Without the section the route is the Awb's: internal handling, then the
Nationale ombudsman."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_ROUTE = [
    {"code": "intern", "naam": "Klachtbehandeling door de gemeente", "bron": "Awb art. 9:1-9:12"},
    {"code": "ombudsman", "naam": "Nationale ombudsman", "bron": "Awb art. 9:18; Wet Nationale ombudsman"},
]
DEFAULT_SCALE = 10


@dataclass(frozen=True)
class Stage:
    position: int  # 1 = the gemeente's own handling
    code: str
    name: str
    source: str


def complaint_route(profile_data: dict | None) -> list[Stage]:
    """The stages a complaint passes, in order (the profile's `klachten.route`, or the Awb default)."""
    stages = ((profile_data or {}).get("klachten") or {}).get("route") or DEFAULT_ROUTE
    return [Stage(position=i, code=s["code"], name=s["naam"], source=s.get("bron", ""))
            for i, s in enumerate(stages, start=1)]


def satisfaction_scale(profile_data: dict | None) -> int:
    """The highest score of the satisfaction question (1 to this; default 10)."""
    return int(((profile_data or {}).get("tevredenheid") or {}).get("schaal_max") or DEFAULT_SCALE)


def satisfaction_question(profile_data: dict | None) -> str:
    return ((profile_data or {}).get("tevredenheid") or {}).get("vraag") or \
        "Hoe tevreden bent u over de hulp die u heeft gekregen?"
