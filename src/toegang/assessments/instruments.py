"""Scored instruments, configured in the profile (`instrumenten:`); the ZRM ships as the default.

ZRM (Zelfredzaamheid-Matrix): 13 life domains, levels 1 (acute problems) … 5 (fully self-reliant). Only the focus
domains need a score (seed 004 §5.2: the ZRM is not 'done' only when every domain is sufficient); self-reliance may
include informal and professional help.
"""

from __future__ import annotations

from dataclasses import dataclass

from toegang.intake.codes import LEVENSGEBIEDEN

ZRM_LEVELS = {
    1: "acute problematiek",
    2: "niet zelfredzaam",
    3: "beperkt zelfredzaam",
    4: "voldoende zelfredzaam",
    5: "volledig zelfredzaam",
}


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    levels: dict[int, str]
    domains: tuple[tuple[str, str], ...]
    adults_only: bool = True


ZRM = Instrument("zrm", "Zelfredzaamheid-Matrix", ZRM_LEVELS, tuple(LEVENSGEBIEDEN))


def instrument_for(profile_data: dict | None, code: str = "zrm") -> Instrument:
    spec = ((profile_data or {}).get("instrumenten") or {}).get(code)
    if spec is None:
        if code == "zrm":
            return ZRM
        raise KeyError(code)
    return Instrument(code=code, name=spec["naam"],
                      levels={int(k): v for k, v in spec["niveaus"].items()},
                      domains=tuple((d["code"], d["naam"]) for d in spec["domeinen"]),
                      adults_only=spec.get("alleen_volwassenen", True))
