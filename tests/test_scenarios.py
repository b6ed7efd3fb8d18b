"""The seed scenarios (issue 17, docs/seeds.md): every registered scenario walks its seed's way of working through the
real actions and meets every expectation; a failed expectation names the seed section; the command lists and runs."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from toegang.audit.models import ChangeLog
from toegang.scenarios.base import ExpectationFailed
from toegang.scenarios.registry import SCENARIOS
from toegang.scenarios.run import walk_profile

pytestmark = pytest.mark.django_db(transaction=True)  # the walk commits, so on_commit side effects happen as they do live


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_seed_scenario_meets_every_expectation(name):
    lines = []
    scenario = walk_profile(name, write=lines.append)
    assert scenario.expectations and not scenario.failed
    assert any("✓" in line for line in lines)
    # it acted through the actions: the change log holds what it did
    assert ChangeLog.objects.exists()


def test_a_failed_expectation_names_the_seed_section(monkeypatch):
    def walk(s):
        s.say("Een verwachting die niet uitkomt.")
        s.expect_equal(1, 2, "één is twee", source="seed-002 §9.9")

    monkeypatch.setitem(SCENARIOS, "krimpen-2014", walk)
    with pytest.raises(ExpectationFailed, match=r"één is twee — verwacht volgens seed-002 §9\.9; gevonden: 1"):
        walk_profile("krimpen-2014", write=lambda line: None)


def test_the_command_lists_the_scenarios_and_refuses_an_unknown_profile():
    out = io.StringIO()
    call_command("scenario", "--list", stdout=out)
    for name in SCENARIOS:
        assert name in out.getvalue()
    with pytest.raises(CommandError, match="Geen scenario voor profiel 'nergens'"):
        call_command("scenario", "run", "nergens")


def test_the_command_walks_in_place_and_prints_the_narrative():
    out = io.StringIO()
    call_command("scenario", "run", "krimpen-2014", "--hier", stdout=out)
    assert "De balie registreert" in out.getvalue()
    assert "verwachtingen uit het seeddocument kwamen uit" in out.getvalue()
