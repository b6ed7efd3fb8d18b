"""Escalation ladders as profile data (`escalatieladders:`, docs/escalation.md): reading them and checking their
cross-references. Pure: no database.

A ladder is an ordered list of levels; the first level is where every case starts (the case director and the
professionals among themselves: Almere's "motorkapoverleg", Krimpen's casusregisseur, Amsterdam's gezinsmanager).
Each level above it names the role(s) that act there and the term within which they must act once a case is
escalated to it: a clock of kind `escalatie-<ladder>-<level>` (deadlines/kinds.py builds those kinds from the same
section, so the clock and the ladder never disagree).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from toegang.deadlines.calendar import Term
from toegang.deadlines.kinds import escalation_kind_code


@dataclass(frozen=True)
class Level:
    position: int  # 1 = the bottom of the ladder
    code: str
    name: str
    roles: tuple[str, ...]
    trigger: str
    signals: tuple[str, ...]
    term: Term | None
    source: str
    binding: bool  # the level holds doorzettingsmacht (descriptive; the power itself is cases.impose)
    clock_kind: str


@dataclass(frozen=True)
class Ladder:
    code: str
    name: str
    source: str
    levels: tuple[Level, ...]

    def level(self, position: int) -> Level | None:
        return self.levels[position - 1] if 1 <= position <= len(self.levels) else None

    @property
    def top(self) -> int:
        return len(self.levels)


def ladders_for(profile_data: dict[str, Any] | None, cbs: str | None = None) -> dict[str, Ladder]:
    """The profile's ladders by code, in the profile's order; with `cbs`, only those of that gemeente (a ladder
    without `gemeenten` serves every gemeente of the profile: the G7 profile gives each city its own, seed-003
    §3.5)."""
    out: dict[str, Ladder] = {}
    for spec in (profile_data or {}).get("escalatieladders") or []:
        if cbs is not None and spec.get("gemeenten") and cbs not in spec["gemeenten"]:
            continue
        levels = tuple(
            Level(position=i, code=lv["code"], name=lv["naam"], roles=tuple(lv.get("rollen") or ()),
                  trigger=lv.get("aanleiding", ""), signals=tuple(lv.get("signalen") or ()),
                  term=Term.parse(lv["termijn"]) if lv.get("termijn") else None,
                  source=lv.get("bron") or spec.get("bron", ""), binding=bool(lv.get("doorzettingsmacht")),
                  clock_kind=escalation_kind_code(spec["code"], lv["code"]))
            for i, lv in enumerate(spec["niveaus"], start=1))
        out[spec["code"]] = Ladder(code=spec["code"], name=spec["naam"], source=spec.get("bron", ""), levels=levels)
    return out


def ladder_problems(data: dict[str, Any], role_codes: set[str]) -> list[tuple[str, str]]:
    """Cross-references the schema cannot express: unique codes, known roles, every level above the first has
    someone who acts (a role)."""
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    gemeenten = {g["cbs"] for g in data.get("gemeenten") or []}
    for li, ladder in enumerate(data.get("escalatieladders") or []):
        where = f"escalatieladders[{li}]"
        for gi, cbs in enumerate(ladder.get("gemeenten") or []):
            if cbs not in gemeenten:
                problems.append((f"{where}.gemeenten[{gi}]", f"onbekende gemeente '{cbs}'"))
        if ladder["code"] in seen:
            problems.append((f"{where}.code", f"laddercode '{ladder['code']}' staat er twee keer in"))
        seen.add(ladder["code"])
        level_codes: set[str] = set()
        for vi, level in enumerate(ladder["niveaus"]):
            at = f"{where}.niveaus[{vi}]"
            if level["code"] in level_codes:
                problems.append((f"{at}.code", f"niveaucode '{level['code']}' staat er twee keer in"))
            level_codes.add(level["code"])
            for ri, role in enumerate(level.get("rollen") or []):
                if role not in role_codes:
                    problems.append((f"{at}.rollen[{ri}]", f"onbekende rol '{role}'"))
            if vi > 0 and not level.get("rollen"):
                problems.append((f"{at}.rollen", "een niveau boven het eerste noemt de rol(len) die er optreden"))
            if vi == 0 and level.get("termijn"):
                problems.append((f"{at}.termijn", "het eerste niveau is waar een casus begint: het heeft geen "
                                                  "reactietermijn (zet de termijn bij het niveau dat moet reageren)"))
    return problems
