"""Every shipped profile routes a walk-in melding as its documents say, and never by the alphabet: the district's
team when one team serves it, a profile rule when several do (Krimpen: the vraag- en intaketeam first, the police
care form to the KST), else the gemeente's inbox with a warning (issue 11, point 5)."""

import datetime as dt
from pathlib import Path

import pytest

from toegang.accounts.models import Gemeente, PostcodeRange, Team
from toegang.core.actor import SYSTEM
from toegang.intake.routing import Facts, route
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
