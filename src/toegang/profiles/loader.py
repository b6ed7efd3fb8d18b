"""Reading and checking profile files. Checking writes nothing; loading is in profiles/actions.py."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from jsonschema import Draft202012Validator

from toegang.accounts.capabilities import CAPABILITIES, CASES_WORK
from toegang.core.postcodes import range_bounds
from toegang.escalation.ladders import ladder_problems
from toegang.intake.codes import BRON, KANAAL, LEVENSGEBIEDEN, SETTING, URGENTIE, WETTEN
from toegang.provisions.catalogue import catalogue_problems
from toegang.provisions.consultations import consultation_problems

from .schema import PROFILE_SCHEMA


@dataclass(frozen=True)
class ProfileProblem:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path or '(hele bestand)'}: {self.message}"


class ProfileInvalid(Exception):
    def __init__(self, problems: list[ProfileProblem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class ProfileFile:
    path: Path
    data: dict[str, Any]
    sha256: str


def resolve(name_or_path: str) -> Path:
    """A profile name ('demo') is looked up in TOEGANG_PROFILE_DIR; anything with a slash or .yaml is a path."""
    candidate = Path(name_or_path)
    if candidate.suffix in {".yaml", ".yml"} or "/" in name_or_path:
        return candidate
    return Path(settings.TOEGANG_PROFILE_DIR) / f"{name_or_path}.yaml"


def _json_path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_profile(name_or_path: str) -> ProfileFile:
    """Read and check a profile; raises ProfileInvalid naming the file, the path inside it and the problem."""
    path = resolve(name_or_path)
    label = str(path)
    try:
        raw = path.read_bytes()
    except OSError:
        raise ProfileInvalid([ProfileProblem(label, "", "bestand niet gevonden of niet leesbaar")]) from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
        raise ProfileInvalid([ProfileProblem(label, where, f"geen geldige YAML: {getattr(exc, 'problem', exc)}")]) from None
    if not isinstance(data, dict):
        raise ProfileInvalid([ProfileProblem(label, "", "een profiel is een YAML-mapping met o.a. 'profiel' en 'gemeenten'")])
    problems = data_problems(data, label, path.parent)
    if problems:
        raise ProfileInvalid(problems)
    _anchor_letter_templates(data, path.parent)
    return ProfileFile(path=path, data=data, sha256=hashlib.sha256(raw).hexdigest())


def _anchor_letter_templates(data: dict[str, Any], profile_dir: Path) -> None:
    """A municipality's letter template (`besluiten.brieven.<cbs>.sjabloon`) lies next to its profile file, as the
    check above looks for it. The letter is rendered from TOEGANG_PROFILE_DIR joined with the stored name
    (provisions/letters.py): a profile in that directory keeps its relative name (the database moves with the
    files); a profile loaded from anywhere else stores the absolute path of its own template."""
    if profile_dir.resolve() == Path(settings.TOEGANG_PROFILE_DIR).resolve():
        return
    for letter in ((data.get("besluiten") or {}).get("brieven") or {}).values():
        if letter.get("sjabloon"):
            letter["sjabloon"] = str((profile_dir / letter["sjabloon"]).resolve())


def data_problems(data: dict[str, Any], label: str, base_dir: Path | None) -> list[ProfileProblem]:
    """Schema problems first; only a well-formed profile gets the cross-reference checks."""
    problems = [
        ProfileProblem(label, _json_path(err.absolute_path), _dutch_schema_message(err))
        for err in sorted(Draft202012Validator(PROFILE_SCHEMA).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if not problems:
        problems = [ProfileProblem(label, p, m) for p, m in semantic_problems(data, base_dir=base_dir)]
    return problems


def _dutch_schema_message(err) -> str:
    if err.validator == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return f"verplicht veld '{missing}' ontbreekt"
    if err.validator == "additionalProperties":
        return f"onbekend veld: {err.message.split('(')[-1].rstrip(')')}"
    if err.validator == "pattern":
        return f"waarde {err.instance!r} heeft niet de juiste vorm (verwacht: {err.validator_value})"
    if err.validator == "enum":
        return f"waarde {err.instance!r} is niet toegestaan; kies uit {', '.join(map(str, err.validator_value))}"
    if err.validator == "type" and isinstance(err.instance, dt.date):
        return f"zet de datum {err.instance.isoformat()} tussen aanhalingstekens (\"{err.instance.isoformat()}\")"
    if err.validator == "type":
        return f"verwacht {err.validator_value}, gevonden {type(err.instance).__name__}"
    if err.validator == "minItems":
        return "lijst mag niet leeg zijn"
    if err.validator == "minLength":
        return "mag niet leeg zijn"
    return err.message


def _duplicates(items: list[dict], key: str) -> list[tuple[int, str]]:
    seen: set[str] = set()
    out = []
    for i, item in enumerate(items):
        if item[key] in seen:
            out.append((i, item[key]))
        seen.add(item[key])
    return out


def semantic_problems(data: dict[str, Any], base_dir: Path | None = None) -> list[tuple[str, str]]:
    """Cross-references and rules JSON Schema cannot express."""
    problems: list[tuple[str, str]] = []
    regios = {r["code"] for r in data.get("regios", [])}
    gemeenten = data["gemeenten"]
    wijken_by_gemeente: dict[str, set[str]] = {}
    for i, code in _duplicates(gemeenten, "cbs"):
        problems.append((f"gemeenten[{i}].cbs", f"CBS-code {code} staat er twee keer in"))
    for gi, gemeente in enumerate(gemeenten):
        for regio in gemeente.get("regios", []):
            if regio not in regios:
                problems.append((f"gemeenten[{gi}].regios", f"onbekende regio '{regio}'"))
        for wi, code in _duplicates(gemeente["wijken"], "code"):
            problems.append((f"gemeenten[{gi}].wijken[{wi}].code", f"wijkcode '{code}' staat er twee keer in"))
        wijken_by_gemeente[gemeente["cbs"]] = {w["code"] for w in gemeente["wijken"]}
        ranges: list[tuple[str, str, str]] = []
        for wi, wijk in enumerate(gemeente["wijken"]):
            for pi, spec in enumerate(wijk["postcodes"]):
                start, end = range_bounds(spec)
                where = f"gemeenten[{gi}].wijken[{wi}].postcodes[{pi}]"
                if start > end:
                    problems.append((where, f"postcodebereik '{spec}' loopt achteruit"))
                    continue
                for other_start, other_end, other_where in ranges:
                    if start <= other_end and other_start <= end:
                        problems.append((where, f"postcodebereik '{spec}' overlapt met {other_where}"))
                ranges.append((start, end, where))
    for i, code in _duplicates(data.get("organisaties", []), "code"):
        problems.append((f"organisaties[{i}].code", f"organisatiecode '{code}' staat er twee keer in"))
    for oi, org in enumerate(data.get("organisaties", [])):
        for cbs in org.get("gemeenten", []):
            if cbs not in wijken_by_gemeente:
                problems.append((f"organisaties[{oi}].gemeenten", f"onbekende gemeente '{cbs}'"))
        if org["soort"] == "zorgaanbieder" and "agb" not in org:
            problems.append((f"organisaties[{oi}]", "een zorgaanbieder heeft een AGB-code ('agb')"))
    teams = data.get("teams", [])
    seen_teams: set[tuple[str, str]] = set()
    for ti, team in enumerate(teams):
        key = (team["gemeente"], team["code"])
        if key in seen_teams:
            problems.append((f"teams[{ti}].code", f"teamcode '{team['code']}' staat er twee keer in"))
        seen_teams.add(key)
        if team["gemeente"] not in wijken_by_gemeente:
            problems.append((f"teams[{ti}].gemeente", f"onbekende gemeente '{team['gemeente']}'"))
            continue
        for wi, wijk in enumerate(team.get("wijken", [])):
            if wijk not in wijken_by_gemeente[team["gemeente"]]:
                problems.append((f"teams[{ti}].wijken[{wi}]", f"onbekende wijk '{wijk}' in gemeente {team['gemeente']}"))
    roles = data["rollen"]
    for i, code in _duplicates(roles, "code"):
        problems.append((f"rollen[{i}].code", f"rolcode '{code}' staat er twee keer in"))
    for ri, role in enumerate(roles):
        for ci, cap in enumerate(role["bevoegdheden"]):
            if cap not in CAPABILITIES:
                problems.append((f"rollen[{ri}].bevoegdheden[{ci}]", f"onbekende bevoegdheid '{cap}'"))
    role_codes = {r["code"] for r in roles}
    for ri, role in enumerate(roles):
        for gi, granted in enumerate(role.get("kan_toekennen", [])):
            if granted not in role_codes:
                problems.append((f"rollen[{ri}].kan_toekennen[{gi}]", f"onbekende rol '{granted}'"))
    problems += _front_door_problems(data, role_codes, {t["code"] for t in teams}, set(wijken_by_gemeente))
    problems += _aanvraag_problems(data, set(wijken_by_gemeente))
    problems += catalogue_problems(data, role_codes, set(wijken_by_gemeente), base_dir)
    problems += consultation_problems(data)
    problems += ladder_problems(data, role_codes)
    for cbs in (data.get("verwijsindex", {}).get("per_gemeente") or {}):
        if cbs not in wijken_by_gemeente:
            problems.append(("verwijsindex.per_gemeente", f"onbekende gemeente '{cbs}'"))
    problems += _contact_point_problems(data)
    problems += _identity_problems(data, role_codes, set(wijken_by_gemeente))
    org_codes = {o["code"] for o in data.get("organisaties", [])}
    team_codes = {t["code"] for t in teams}
    for mi, person in enumerate(data.get("demo", {}).get("medewerkers", [])):
        where = f"demo.medewerkers[{mi}]"
        if person["rol"] not in role_codes:
            problems.append((f"{where}.rol", f"onbekende rol '{person['rol']}'"))
        for cbs in person.get("gemeenten", []):
            if cbs not in wijken_by_gemeente:
                problems.append((f"{where}.gemeenten", f"onbekende gemeente '{cbs}'"))
        for team in person.get("teams", []):
            if team not in team_codes:
                problems.append((f"{where}.teams", f"onbekend team '{team}'"))
        if "organisatie" in person and person["organisatie"] not in org_codes:
            problems.append((f"{where}.organisatie", f"onbekende organisatie '{person['organisatie']}'"))
    demo_staff = {p["gebruikersnaam"]: p for p in data.get("demo", {}).get("medewerkers", [])}
    for ci, username in enumerate(data.get("demo", {}).get("casusregisseurs", [])):
        if username not in demo_staff:
            problems.append((f"demo.casusregisseurs[{ci}]", f"onbekende demomedewerker '{username}'"))
        elif not demo_staff[username].get("teams"):
            problems.append((f"demo.casusregisseurs[{ci}]", f"'{username}' werkt in geen team"))
    return problems


def _identity_problems(data: dict[str, Any], role_codes: set[str], gemeenten: set[str]) -> list[tuple[str, str]]:
    """`identiteit.oidc_groepen`: a group maps to a role of this profile, in gemeenten of this profile, once."""
    problems: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for i, mapping in enumerate((data.get("identiteit") or {}).get("oidc_groepen", [])):
        where = f"identiteit.oidc_groepen[{i}]"
        if mapping["rol"] not in role_codes:
            problems.append((f"{where}.rol", f"onbekende rol '{mapping['rol']}'"))
        for cbs in mapping["gemeenten"]:
            if cbs not in gemeenten:
                problems.append((f"{where}.gemeenten", f"onbekende gemeente '{cbs}'"))
        key = (mapping["groep"], mapping["rol"])
        if key in seen:
            problems.append((where, f"groep '{mapping['groep']}' met rol '{mapping['rol']}' staat er twee keer in; "
                                    "zet alle gemeenten in één regel"))
        seen.add(key)
    return problems


def _contact_point_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    """A topic contact point names a kind of process director the profile has (procesregie.soorten)."""
    direction = data.get("procesregie") or {}
    kinds = {k["code"] for k in direction.get("soorten", [])} or {"procesregie"}
    points = direction.get("contactpunten", [])
    problems = [(f"procesregie.contactpunten[{i}].code", f"contactpunt '{code}' staat er twee keer in")
                for i, code in _duplicates(points, "code")]
    for i, point in enumerate(points):
        if point["soort"] not in kinds:
            problems.append((f"procesregie.contactpunten[{i}].soort",
                             f"onbekende soort procesregie '{point['soort']}' (zie procesregie.soorten)"))
    return problems


def _aanvraag_problems(data: dict[str, Any], gemeenten: set[str]) -> list[tuple[str, str]]:
    """`aanvragen`: the role an application goes to becomes involved with the case (so it needs case work) and
    works it under its mandate (so it holds a task of the named kind of provision)."""
    problems: list[tuple[str, str]] = []
    capabilities = {r["code"]: set(r["bevoegdheden"]) for r in data["rollen"]}
    groups = {g["code"]: g["taken"] for g in data.get("mandaten", [])}
    for i, code in _duplicates(data.get("aanvragen", []), "code"):
        problems.append((f"aanvragen[{i}].code", f"regelcode '{code}' staat er twee keer in"))
    for ri, rule in enumerate(data.get("aanvragen", [])):
        where, role, group = f"aanvragen[{ri}]", rule["rol"], rule["mandaatgroep"]
        if role not in capabilities:
            problems.append((f"{where}.rol", f"onbekende rol '{role}'"))
        elif CASES_WORK not in capabilities[role]:
            problems.append((f"{where}.rol", f"de rol '{role}' doet geen casuswerk ({CASES_WORK}) en kan dus niet "
                                             "betrokken worden bij de casus van de aanvraag"))
        if group not in groups:
            problems.append((f"{where}.mandaatgroep", f"onbekende mandaatgroep '{group}'"))
        elif role in capabilities and not any(role in roles for roles in groups[group].values()):
            problems.append((f"{where}.rol", f"de rol '{role}' heeft geen taak in mandaatgroep '{group}'"))
        for cbs in rule.get("gemeenten", []):
            if cbs not in gemeenten:
                problems.append((f"{where}.gemeenten", f"onbekende gemeente '{cbs}'"))
    return problems


def _front_door_problems(data: dict[str, Any], role_codes: set[str], team_codes: set[str],
                         gemeenten: set[str]) -> list[tuple[str, str]]:

    problems: list[tuple[str, str]] = []
    crisis_role = data.get("voordeur", {}).get("crisisrol")
    if crisis_role and crisis_role not in role_codes:
        problems.append(("voordeur.crisisrol", f"onbekende rol '{crisis_role}'"))
    owner = data.get("casus_eigenaar", {})
    if "team" in owner and owner["team"] not in team_codes:
        problems.append(("casus_eigenaar.team", f"onbekend team '{owner['team']}'"))
    for ri, role in enumerate(owner.get("rollen", [])):
        if role not in role_codes:
            problems.append((f"casus_eigenaar.rollen[{ri}]", f"onbekende rol '{role}'"))
    allowed = {"bron": BRON, "kanaal": KANAAL, "setting": SETTING, "wetten": WETTEN, "urgentie": URGENTIE,
               "levensgebieden": LEVENSGEBIEDEN}
    kenmerken = {k["code"] for k in data.get("voordeur", {}).get("kenmerken", [])}
    for i, code in _duplicates(data.get("voordeur", {}).get("kenmerken", []), "code"):
        problems.append((f"voordeur.kenmerken[{i}].code", f"kenmerkcode '{code}' staat er twee keer in"))
    for i, code in _duplicates(data.get("routering", []), "code"):
        problems.append((f"routering[{i}].code", f"regelcode '{code}' staat er twee keer in"))
    for ri, rule in enumerate(data.get("routering", [])):
        where = f"routering[{ri}]"
        for key, choices in allowed.items():
            codes = {c for c, _ in choices}
            for vi, value in enumerate(rule["als"].get(key, [])):
                if value not in codes:
                    problems.append((f"{where}.als.{key}[{vi}]", f"onbekende waarde '{value}'; kies uit {', '.join(sorted(c for c in codes if c))}"))
        for key in ("kenmerken", "niet_kenmerken"):
            for vi, value in enumerate(rule["als"].get(key, [])):
                if value not in kenmerken:
                    problems.append((f"{where}.als.{key}[{vi}]", f"onbekend kenmerk '{value}'; zet het onder "
                                                                  "voordeur.kenmerken"))
        low, high = rule["als"].get("leeftijd_min"), rule["als"].get("leeftijd_max")
        if low is not None and high is not None and low > high:
            problems.append((f"{where}.als", "leeftijd_min is groter dan leeftijd_max"))
        if "team" in rule["dan"] and rule["dan"]["team"] not in team_codes:
            problems.append((f"{where}.dan.team", f"onbekend team '{rule['dan']['team']}'"))
        if "rol" in rule["dan"] and rule["dan"]["rol"] not in role_codes:
            problems.append((f"{where}.dan.rol", f"onbekende rol '{rule['dan']['rol']}'"))
        for cbs in rule.get("gemeenten", []):
            if cbs not in gemeenten:
                problems.append((f"{where}.gemeenten", f"onbekende gemeente '{cbs}'"))
    return problems
