import textwrap

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from toegang.accounts.models import Gemeente, PostcodeRange, Role, Team, Wijk
from toegang.audit.models import ChangeLog
from toegang.core.actor import SYSTEM
from toegang.profiles.actions import do_load_profile
from toegang.profiles.loader import ProfileInvalid, read_profile
from toegang.profiles.models import Profile

MINIMAL = """
profiel: mini
titel: Mini
gemeenten:
  - cbs: "0373"
    naam: Bergen
    wijken:
      - {code: noord, naam: Noord, postcodes: ["1861-1862"]}
      - {code: zuid, naam: Zuid, postcodes: ["1863AA-1863ZZ"]}
teams:
  - {code: st-noord, naam: Sociaal team Noord, gemeente: "0373", wijken: [noord]}
rollen:
  - {code: generalist, naam: Generalist, bevoegdheden: [persons.view_team]}
"""


def write(tmp_path, text, name="mini.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def problems_of(path):
    with pytest.raises(ProfileInvalid, match=path.name) as info:
        read_profile(str(path))
    return info.value.problems


def test_demo_profile_is_valid():
    pf = read_profile("demo")
    assert pf.data["profiel"] == "demo"


def test_typo_in_a_key_names_file_path_and_problem(tmp_path):
    path = write(tmp_path, MINIMAL.replace("postcodes: [\"1861-1862\"]", "postcode: [\"1861-1862\"]"))
    problems = problems_of(path)
    messages = [str(p) for p in problems]
    assert any(str(path) in m and "gemeenten[0].wijken[0]" in m and "onbekend veld" in m for m in messages), messages


def test_unknown_wijk_in_team_is_named(tmp_path):
    path = write(tmp_path, MINIMAL.replace("wijken: [noord]", "wijken: [nord]"))
    (problem,) = problems_of(path)
    assert problem.path == "teams[0].wijken[0]"
    assert "onbekende wijk 'nord'" in problem.message


def test_unknown_capability_and_bad_cbs_code(tmp_path):
    text = MINIMAL.replace("persons.view_team", "persons.view_everything")
    assert "onbekende bevoegdheid" in problems_of(write(tmp_path, text))[0].message
    text = MINIMAL.replace('cbs: "0373"', 'cbs: "373"')
    assert any(p.path == "gemeenten[0].cbs" for p in problems_of(write(tmp_path, text)))


def test_identity_provider_groups_name_roles_and_gemeenten_of_the_profile(tmp_path):
    """`identiteit.oidc_groepen` (logging in through the IdP, docs/profiles.md): a known role, known gemeenten, each
    group-role pair once, the gemeenten given."""
    good = MINIMAL + textwrap.dedent("""
        identiteit:
          accounts_aanmaken: true
          oidc_groepen:
            - {groep: sd-generalisten, rol: generalist, gemeenten: ["0373"]}
        """)
    assert read_profile(str(write(tmp_path, good))).data["identiteit"]["oidc_groepen"][0]["rol"] == "generalist"
    wrong = good + '    - {groep: sd-generalisten, rol: beheer, gemeenten: ["0373", "0999"]}\n' \
        + '    - {groep: sd-generalisten, rol: generalist, gemeenten: ["0373"]}\n'
    problems = {(p.path, p.message) for p in problems_of(write(tmp_path, wrong))}
    assert problems == {
        ("identiteit.oidc_groepen[1].rol", "onbekende rol 'beheer'"),
        ("identiteit.oidc_groepen[1].gemeenten", "onbekende gemeente '0999'"),
        ("identiteit.oidc_groepen[2]", "groep 'sd-generalisten' met rol 'generalist' staat er twee keer in; zet alle "
                                       "gemeenten in één regel"),
    }
    missing = good.replace(', gemeenten: ["0373"]', "")
    assert [p.message for p in problems_of(write(tmp_path, missing))] == ["verplicht veld 'gemeenten' ontbreekt"]


def test_overlapping_postcode_ranges_are_refused(tmp_path):
    path = write(tmp_path, MINIMAL.replace('["1863AA-1863ZZ"]', '["1862AA-1863ZZ"]'))
    (problem,) = problems_of(path)
    assert "overlapt" in problem.message and problem.path == "gemeenten[0].wijken[1].postcodes[0]"


def test_broken_yaml_names_the_line(tmp_path):
    path = write(tmp_path, "profiel: x\ngemeenten: [\n")
    (problem,) = problems_of(path)
    assert "geen geldige YAML" in problem.message and problem.path.startswith("regel")


def test_load_creates_everything_and_loading_twice_changes_nothing(db, tmp_path):
    path = write(tmp_path, MINIMAL)
    first = do_load_profile(actor=SYSTEM, name_or_path=str(path))
    assert first.changed
    assert Gemeente.objects.get(cbs_code="0373").name == "Bergen"
    assert set(Wijk.objects.values_list("code", flat=True)) == {"noord", "zuid"}
    assert list(PostcodeRange.objects.filter(wijk__code="noord").values_list("start", "end")) == [("1861AA", "1862ZZ")]
    assert list(Team.objects.get(code="st-noord").wijken.values_list("code", flat=True)) == ["noord"]
    assert Role.objects.get(code="generalist").capabilities == ["persons.view_team"]
    log_rows = ChangeLog.objects.filter(event="profiel.geladen").count()
    assert log_rows == 1

    second = do_load_profile(actor=SYSTEM, name_or_path=str(path))
    assert not second.changed
    assert ChangeLog.objects.filter(event="profiel.geladen").count() == 1


def test_changed_profile_updates_in_place(db, tmp_path):
    do_load_profile(actor=SYSTEM, name_or_path=str(write(tmp_path, MINIMAL)))
    wijk_id = Wijk.objects.get(code="noord").pk
    result = do_load_profile(actor=SYSTEM, name_or_path=str(write(tmp_path, MINIMAL.replace("naam: Noord", "naam: Bergen-Noord"))))
    assert Wijk.objects.get(code="noord").pk == wijk_id
    assert Wijk.objects.get(code="noord").name == "Bergen-Noord"
    assert any("wijk 0373/noord (name)" in c for c in result.changes)


def test_invalid_profile_loads_nothing(db, tmp_path):
    path = write(tmp_path, MINIMAL.replace("wijken: [noord]", "wijken: [nord]"))
    with pytest.raises(ProfileInvalid, match="onbekende wijk 'nord'"):
        do_load_profile(actor=SYSTEM, name_or_path=str(path))
    assert not Profile.objects.exists() and not Gemeente.objects.exists()


def test_profile_commands(db, tmp_path, capsys):
    call_command("profile", "check", "demo")
    assert "in orde" in capsys.readouterr().out
    bad = write(tmp_path, MINIMAL.replace("wijken: [noord]", "wijken: [nord]"))
    with pytest.raises(CommandError, match="niets geladen"):
        call_command("profile", "load", str(bad))
    assert "teams[0].wijken[0]: onbekende wijk 'nord'" in capsys.readouterr().err
    call_command("profile", "load", "demo")
    call_command("profile", "load", "demo")
    assert "was al actueel" in capsys.readouterr().out
