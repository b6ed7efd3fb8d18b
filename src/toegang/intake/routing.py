"""Routing a melding: first to the team serving the resident's district (postcode ranges from the profile), then
the profile's ordered rules (`routering:`); the first rule that matches decides. Pure apart from two lookups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from toegang.accounts.models import Gemeente, PostcodeRange, Team


@dataclass(frozen=True)
class Facts:
    """What routing looks at."""

    source: str
    channel: str
    urgency: str
    laws: tuple[str, ...]
    life_domains: tuple[str, ...]
    setting: str
    birth_dates: tuple[dt.date, ...]
    postcode: str
    on: dt.date
    kenmerken: tuple[str, ...] = ()


@dataclass(frozen=True)
class Route:
    wijk_id: int | None
    team_id: int | None
    rule: str = ""
    forum: str = ""
    role: str = ""  # assign to a member of the team holding this role
    warning: str = ""


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def rule_matches(condition: dict, facts: Facts) -> bool:
    if "bron" in condition and facts.source not in condition["bron"]:
        return False
    if "kanaal" in condition and facts.channel not in condition["kanaal"]:
        return False
    if "urgentie" in condition and facts.urgency not in condition["urgentie"]:
        return False
    if "setting" in condition and facts.setting not in condition["setting"]:
        return False
    if "wetten" in condition and not set(condition["wetten"]) & set(facts.laws):
        return False
    if "levensgebieden" in condition and not set(condition["levensgebieden"]) & set(facts.life_domains):
        return False
    if len(facts.life_domains) < condition.get("levensgebieden_min", 0):
        return False
    # the profile's own characteristics (voordeur.kenmerken): any of `kenmerken`, none of `niet_kenmerken` (Den Haag
    # R3 "zorgleerling", R6 "not causing nuisance"; seed-003 §3.3)
    if "kenmerken" in condition and not set(condition["kenmerken"]) & set(facts.kenmerken):
        return False
    if set(condition.get("niet_kenmerken", ())) & set(facts.kenmerken):
        return False
    low, high = condition.get("leeftijd_min"), condition.get("leeftijd_max")
    if low is not None or high is not None:
        # The rule is about a person concerned in that age range (e.g. a child up to 12).
        ages = [age_on(b, facts.on) for b in facts.birth_dates]
        if not any((low is None or a >= low) and (high is None or a <= high) for a in ages):
            return False
    return True


def route(gemeente: Gemeente, facts: Facts) -> Route:
    wijk_id = None
    if facts.postcode:
        wijk_id = (PostcodeRange.objects.filter(wijk__gemeente=gemeente, start__lte=facts.postcode, end__gte=facts.postcode)
                   .values_list("wijk_id", flat=True).first())
    # The district's team only when exactly one team serves the district: with two (Krimpen's intake team and social
    # team serve the same districts) the profile's rules decide, never the alphabet (issue 11, point 5).
    serving = list(Team.objects.filter(gemeente=gemeente, wijken=wijk_id).values_list("pk", flat=True)[:2]) \
        if wijk_id else []
    team_id = serving[0] if len(serving) == 1 else None
    for rule in gemeente.profile.data.get("routering", []):
        if rule.get("gemeenten") and gemeente.cbs_code not in rule["gemeenten"]:
            continue
        if rule_matches(rule["als"], facts):
            then = rule["dan"]
            if "team" in then:
                team_id = Team.objects.filter(gemeente=gemeente, code=then["team"]).values_list("pk", flat=True).first()
            return Route(wijk_id=wijk_id, team_id=team_id, rule=rule["code"], forum=then.get("forum", ""),
                         role=then.get("rol", ""), warning="" if team_id else _no_team())
    return Route(wijk_id=wijk_id, team_id=team_id, rule="wijk" if team_id else "",
                 warning="" if team_id else _no_team(several=len(serving) > 1))


def _no_team(several: bool = False) -> str:
    if several:
        return ("Meerdere teams werken in deze wijk en geen regel van het profiel kiest er een: de melding staat in de "
                "werkbak van de gemeente. Routeer handmatig.")
    return "Geen team gevonden voor deze melding: ze staat in de werkbak van de gemeente. Routeer handmatig."
