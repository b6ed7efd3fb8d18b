"""Every shipped profile routes a walk-in melding as its documents say, and never by the alphabet: the district's
team when one team serves it, a profile rule when several do (Krimpen: the vraag- en intaketeam first, the police
care form to the KST), else the gemeente's inbox with a warning (issue 11, point 5)."""

import datetime as dt
from pathlib import Path

import pytest

from toegang.accounts.models import Gemeente, PostcodeRange, Team
from toegang.core.actor import SYSTEM
from toegang.intake.routing import Facts, route, rule_matches
from toegang.profiles.actions import do_load_profile

PROFILES = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "profiles").glob("*.yaml"))


def walk_in(postcode: str, source: str = "zelf") -> Facts:
    return Facts(source=source, channel="balie", urgency="regulier", laws=("wmo",), life_domains=("financien",),
                 setting="", birth_dates=(dt.date(1980, 1, 1),), postcode=postcode, on=dt.date.today())


@pytest.mark.parametrize("name", PROFILES)
def test_every_district_of_every_profile_routes_to_one_team_or_by_a_rule_never_alphabetically(db, name):
    profile = do_load_profile(actor=SYSTEM, name_or_path=name).profile
    checked = 0
    for gemeente in Gemeente.objects.filter(profile=profile):
        for postcode_range in PostcodeRange.objects.filter(wijk__gemeente=gemeente).select_related("wijk"):
            serving = list(Team.objects.filter(gemeente=gemeente, wijken=postcode_range.wijk))
            result = route(gemeente, walk_in(postcode_range.start))
            if len(serving) == 1:
                assert (result.team_id, result.rule) in {(serving[0].pk, "wijk")} or result.rule != "wijk"
            elif len(serving) > 1:
                assert result.rule != "wijk", f"{name} {postcode_range.wijk}: several teams, chosen without a rule"
                assert result.team_id is not None or "Meerdere teams" in result.warning
            checked += 1
    assert checked, f"{name}: no district to route"


def test_krimpen_front_door_goes_to_the_intake_team_and_the_police_form_to_the_social_team(db):
    do_load_profile(actor=SYSTEM, name_or_path="krimpen-2014")
    krimpen = Gemeente.objects.get(cbs_code="0542")
    postcode = PostcodeRange.objects.filter(wijk__gemeente=krimpen).first().start
    walk = route(krimpen, walk_in(postcode))
    assert Team.objects.get(pk=walk.team_id).code == "vit" and walk.rule == "voordeur-vraag-en-intaketeam"
    police = route(krimpen, walk_in(postcode, source="politie-zorgformulier"))
    assert Team.objects.get(pk=police.team_id).code == "kst" and police.forum == "werkbegeleider KST"


def test_a_rule_asks_for_the_profiles_own_characteristics():
    """`kenmerken`: any of them; `niet_kenmerken`: none of them (seed-003 §3.3, Den Haag R3 and R6)."""
    facts = Facts(source="school", channel="telefoon", urgency="regulier", laws=("jeugdwet",), life_domains=(),
                  setting="geen-school", birth_dates=(dt.date(2007, 1, 1),), postcode="", on=dt.date(2026, 3, 2),
                  kenmerken=("overlast",))
    assert rule_matches({"kenmerken": ["overlast", "huiselijk-geweld"]}, facts)
    assert not rule_matches({"kenmerken": ["zorgleerling"]}, facts)
    assert not rule_matches({"setting": ["geen-school"], "niet_kenmerken": ["overlast"]}, facts)
    assert rule_matches({"setting": ["geen-school"], "niet_kenmerken": ["zorgleerling"]}, facts)


DEN_HAAG = [  # (age, setting, kenmerken, rule): Den Haag App. 2.2.5, R1–R9
    (8, "basisschool", (), "dh-r1-interne-zorgcommissie"), (3, "thuis", (), "dh-r2-cjg"),
    (14, "voortgezet-onderwijs", ("zorgleerling",), "dh-r3-zat-vo"),
    (14, "voortgezet-onderwijs", (), None),
    (17, "mbo", ("zorgleerling",), "dh-r4-zat-roc"), (15, "straat", ("overlast",), "dh-r5-overlast"),
    (19, "geen-school", (), "dh-r6-buitenschools"), (16, "straat", ("overlast-escalatie",), "dh-r7-veiligheidshuis"),
    (6, "thuis", ("huiselijk-geweld",), "dh-r8-huiselijk-geweld"), (9, "thuis", ("ouder-in-ggz",), "dh-r9-ouder-in-ggz"),
]


@pytest.mark.parametrize(("age", "setting", "kenmerken", "rule"), DEN_HAAG)
def test_den_haag_routes_r1_to_r9(db, age, setting, kenmerken, rule):
    do_load_profile(actor=SYSTEM, name_or_path="g7-2010")
    den_haag = Gemeente.objects.get(cbs_code="0518")
    facts = Facts(source="school", channel="telefoon", urgency="regulier", laws=("jeugdwet",), life_domains=(),
                  setting=setting, birth_dates=(dt.date(2026 - age, 1, 1),), postcode="2525AB", on=dt.date(2026, 3, 2),
                  kenmerken=kenmerken)
    result = route(den_haag, facts)
    if rule is None:  # a 14-year-old at school who is no zorgleerling: no forum rule, the district's CJG
        assert result.rule == "wijk" and Team.objects.get(pk=result.team_id).code == "dh-cjg"
    else:
        assert result.rule == rule and result.forum
