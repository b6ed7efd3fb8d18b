"""A catalogue import file (`toegang catalogus import FILE`) read against the loaded profile and checked as a whole
profile. Here, in the profiles app, because checking it needs the whole profile's rules (loader); the catalogue
section's own checks and loading are provisions.catalogue."""

from __future__ import annotations

from pathlib import Path

import yaml

from .loader import ProfileInvalid, ProfileProblem, data_problems
from .models import Profile


def _by(items: list[dict], key) -> dict:
    return {key(item): item for item in items}


def _merge(profile_data: dict, data: dict) -> dict:
    """The profile as loaded, with the file's entries added or replacing those with the same code (key)."""
    catalogue = profile_data.get("catalogus", {})
    extra = data.get("catalogus", {})
    code = lambda item: item["code"]  # noqa: E731
    budget_key = lambda b: (b["gemeente"], b["jaar"], b["wet"], b.get("productcategorie", ""))  # noqa: E731
    return {
        **profile_data,
        "mandaten": list({**_by(profile_data.get("mandaten", []), code), **_by(data.get("mandaten", []), code)}.values()),
        "catalogus": {
            "voorzieningen": list({**_by(catalogue.get("voorzieningen", []), code),
                                   **_by(extra.get("voorzieningen", []), code)}.values()),
            "contracten": list({**_by(catalogue.get("contracten", []), code),
                                **_by(extra.get("contracten", []), code)}.values()),
        },
        "budgetten": list({**_by(profile_data.get("budgetten", []), budget_key),
                           **_by(data.get("budgetten", []), budget_key)}.values()),
    }


def read_catalogue_file(path: Path):
    """(profile, merged data) for `toegang catalogus import FILE`: a YAML file with `profiel`, `catalogus` and
    optionally `mandaten` and `budgetten`. Entries add to or replace (by code) those of the loaded profile; the result
    is checked as a whole profile. Raises ProfileInvalid naming file, path and problem. Writes nothing."""
    label = str(path)
    try:
        data = yaml.safe_load(path.read_bytes())
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileInvalid([ProfileProblem(label, "", f"niet leesbaar: {exc}")]) from None
    if not isinstance(data, dict) or "profiel" not in data:
        raise ProfileInvalid([ProfileProblem(label, "profiel", "verplicht veld 'profiel' ontbreekt")])
    unknown = sorted(set(data) - {"profiel", "catalogus", "mandaten", "budgetten"})
    if unknown:
        raise ProfileInvalid([ProfileProblem(label, k, "onbekend veld in een catalogusbestand") for k in unknown])
    profile = Profile.objects.filter(name=data["profiel"]).first()
    if profile is None:
        raise ProfileInvalid([ProfileProblem(label, "profiel", f"profiel '{data['profiel']}' is niet geladen")])
    merged = _merge(profile.data, data)
    problems = data_problems(merged, label, path.parent)
    if problems:
        raise ProfileInvalid(problems)
    return profile, merged
