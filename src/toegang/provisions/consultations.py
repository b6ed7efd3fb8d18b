"""Expert consultation as profile data (section `deskundigen`, docs/profiles.md and docs/expert-consultation.md):
which kinds of provision need a recorded expert advice before an indication is proposed, and the expert teams a
case director or process director can call in. Reading and checking only; the writes are
provisions/actions/consultations.py.

BUCH seed 001 §4.4.1 ("Flexibele backoffice"): the generalist "betrekt in ieder geval experts" for six kinds of
help; Krimpen seed 002 §3.2.1-3.2.2: the expert team ("Consultatie en Diagnoseteam") is asked by the case director
through the process director.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from .models import Voorziening

SECTION = "deskundigen"


def rules(profile_data: dict | None) -> list[dict]:
    """The kinds of help that always need an expert's advice (`deskundigen.verplicht`), in the profile's order."""
    return list(((profile_data or {}).get(SECTION) or {}).get("verplicht") or [])


def rule_for(profile_data: dict | None, voorziening: Voorziening) -> dict | None:
    """The first kind of help whose `voorzieningen` (catalogue codes) or `mandaatgroepen` (codes of the mandate
    matrix) hold this provision; None when it needs no recorded advice."""
    group = voorziening.mandate_group.code if voorziening.mandate_group_id else None
    for rule in rules(profile_data):
        if voorziening.code in rule.get("voorzieningen", []) or (group and group in rule.get("mandaatgroepen", [])):
            return rule
    return None


def rule_voorzieningen_q(rule: dict) -> Q:
    """Q over Voorziening: the provisions a kind of help covers (the caller limits it to the profile)."""
    return Q(code__in=rule.get("voorzieningen", [])) | Q(mandate_group__code__in=rule.get("mandaatgroepen", []))


def expert_teams(profile_data: dict | None, cbs: str | None = None) -> list[dict]:
    """The expert teams (`deskundigen.teams`) serving the gemeente with CBS code `cbs` (a team without `gemeenten`
    serves every gemeente of the profile)."""
    teams = ((profile_data or {}).get(SECTION) or {}).get("teams") or []
    return [t for t in teams if cbs is None or not t.get("gemeenten") or cbs in t["gemeenten"]]


def expert_team(profile_data: dict | None, code: str, cbs: str | None = None) -> dict | None:
    return next((t for t in expert_teams(profile_data, cbs) if t["code"] == code), None)


def consultation_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Cross-references of `deskundigen` (JSON Schema checked the shapes): each code a kind of help names is a
    maatwerkvoorziening of the catalogue or a mandate group; codes and gemeenten are known and unique."""
    section = data.get(SECTION) or {}
    problems: list[tuple[str, str]] = []
    voorzieningen = {v["code"]: v for v in (data.get("catalogus") or {}).get("voorzieningen", [])}
    groups = {g["code"] for g in data.get("mandaten", [])}
    gemeenten = {g["cbs"] for g in data["gemeenten"]}
    seen: set[str] = set()
    for ri, rule in enumerate(section.get("verplicht", [])):
        where = f"{SECTION}.verplicht[{ri}]"
        if rule["code"] in seen:
            problems.append((f"{where}.code", f"soort hulp '{rule['code']}' staat er twee keer in"))
        seen.add(rule["code"])
        for vi, code in enumerate(rule.get("voorzieningen", [])):
            if code not in voorzieningen:
                problems.append((f"{where}.voorzieningen[{vi}]", f"onbekende voorziening '{code}'"))
            elif voorzieningen[code]["soort"] != "maatwerk":
                problems.append((f"{where}.voorzieningen[{vi}]", f"'{code}' is een algemene voorziening: die heeft "
                                                                  "geen indicatie en dus geen verplicht advies"))
        for gi, code in enumerate(rule.get("mandaatgroepen", [])):
            if code not in groups:
                problems.append((f"{where}.mandaatgroepen[{gi}]", f"onbekende mandaatgroep '{code}'"))
    seen = set()
    for ti, team in enumerate(section.get("teams", [])):
        where = f"{SECTION}.teams[{ti}]"
        if team["code"] in seen:
            problems.append((f"{where}.code", f"deskundigenteam '{team['code']}' staat er twee keer in"))
        seen.add(team["code"])
        for cbs in team.get("gemeenten", []):
            if cbs not in gemeenten:
                problems.append((f"{where}.gemeenten", f"onbekende gemeente '{cbs}'"))
    return problems
