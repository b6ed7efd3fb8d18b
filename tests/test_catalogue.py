"""The catalogue and mandates as profile data: the seed profiles load (twice changes nothing), mistakes are named
with file and path, a catalogue file can be imported, and the copied code lists equal the official XSDs."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from toegang.core.actor import SYSTEM
from toegang.profiles.actions import do_load_profile
from toegang.profiles.loader import ProfileInvalid, read_profile
from toegang.provisions import codes
from toegang.provisions.models import Contract, MandateGroup, Product, Voorziening

STANDARDS = Path(__file__).resolve().parents[1].parent / "shared" / "standards"

BASE = """
profiel: mini
titel: Mini
gemeenten:
  - cbs: "0373"
    naam: Bergen
    wijken: [{code: noord, naam: Noord, postcodes: ["1861"]}]
organisaties:
  - {code: welzijn, naam: Welzijn, soort: welzijn}
  - {code: zorg, naam: Zorg, soort: zorgaanbieder, agb: "12345678"}
rollen:
  - {code: generalist, naam: Generalist, bevoegdheden: []}
mandaten:
  - code: wmo
    naam: Wmo-maatwerk
    taken: {indicatie: [generalist], beschikking: [generalist]}
"""


def problems(tmp_path, extra: str):
    path = tmp_path / "mini.yaml"
    path.write_text(BASE + extra)
    with pytest.raises(ProfileInvalid, match=path.name) as info:
        read_profile(str(path))
    return {(p.path, p.message) for p in info.value.problems}


@pytest.mark.parametrize("name", ["demo", "krimpen-2014", "buch-2015"])
def test_seed_profiles_load_and_reload_without_changes(db, name):
    first = do_load_profile(actor=SYSTEM, name_or_path=name)
    assert first.changed and MandateGroup.objects.filter(profile=first.profile).exists()
    assert Voorziening.objects.filter(profile=first.profile, kind="maatwerk").exists()
    assert not do_load_profile(actor=SYSTEM, name_or_path=name).changed


def test_catalogue_mistakes_are_named(tmp_path):
    found = problems(tmp_path, """
catalogus:
  voorzieningen:
    - {code: begeleiding, naam: Begeleiding, wet: wmo, soort: maatwerk}
    - {code: jeugd, naam: Jeugd, wet: jeugdwet, soort: maatwerk, mandaatgroep: wmo, producten: [
        {categorie: "02", code: X1, naam: x, eenheid: "04", frequentie: "2", geldig_van: "2025-01-01",
         tarieven: [{bedrag: 1, van: "2025-01-01"}]}]}
    - {code: buurthuis, naam: Buurthuis, wet: wmo, soort: algemeen, mandaatgroep: wmo}
  contracten:
    - {code: c1, aanbieder: welzijn, producten: [X1, Y9], van: "2025-01-01", plafond: 10}
""")
    paths = {path for path, _ in found}
    assert "catalogus.voorzieningen[0].mandaatgroep" in paths  # maatwerk needs a mandate group
    assert ("catalogus.voorzieningen[1].producten[0].categorie",
            "productcategorie '02' bestaat niet in de codelijst van de jeugdwet (iJw/iWmo 3.2)") in found
    assert "catalogus.voorzieningen[2]" in paths  # a general provision has no mandate
    assert ("catalogus.contracten[0].aanbieder", "'welzijn' is geen zorgaanbieder uit 'organisaties'") in found
    assert ("catalogus.contracten[0].producten[1]", "onbekende productcode 'Y9'") in found


def test_unknown_role_unquoted_date_and_missing_template(tmp_path):
    found = problems(tmp_path, """
besluiten:
  brieven:
    "0373": {afzender: x, adres: y, ondertekening: z, bezwaar_adres: w, sjabloon: brieven/bestaat-niet.html}
""")
    assert ("besluiten.brieven.0373.sjabloon", "sjabloon 'brieven/bestaat-niet.html' niet gevonden") in found
    found = problems(tmp_path, """
budgetten:
  - {gemeente: "0373", jaar: 2026, wet: wmo, bedrag: 10}
catalogus:
  voorzieningen:
    - {code: a, naam: A, wet: wmo, soort: maatwerk, mandaatgroep: wmo, producten: [
        {categorie: "02", code: X1, naam: x, eenheid: "04", frequentie: "2", geldig_van: 2025-01-01,
         tarieven: [{bedrag: 1, van: "2025-01-01"}]}]}
""")
    assert any("tussen aanhalingstekens" in message for _, message in found)
    found = problems(tmp_path, """
catalogus:
  voorzieningen:
    - {code: a, naam: A, wet: wmo, soort: maatwerk, mandaatgroep: wmo, producten: [
        {categorie: "02", code: X1, naam: x, eenheid: "04", frequentie: "2", geldig_van: "2025-01-01",
         tarieven: [{bedrag: 123456789, van: "2025-01-01"}]}]}
""")
    assert [path for path, _ in found] == ["catalogus.voorzieningen[0].producten[0].tarieven[0].bedrag"]
    path = tmp_path / "mini.yaml"
    path.write_text(BASE.replace("indicatie: [generalist]", "indicatie: [procesregisseur]"))
    with pytest.raises(ProfileInvalid, match="mandaten\\[0\\].taken.indicatie\\[0\\]: onbekende rol 'procesregisseur'"):
        read_profile(str(path))


def test_import_a_catalogue_file(profile, tmp_path):
    path = tmp_path / "tarieven-2027.yaml"
    path.write_text("""
profiel: demo
catalogus:
  voorzieningen:
    - {code: wmo-huishouden, naam: Hulp bij het huishouden, wet: wmo, soort: maatwerk, mandaatgroep: wmo-maatwerk,
       producten: [
         {categorie: "01", code: 01A01, naam: Hulp bij het huishouden, eenheid: "04", frequentie: "2", geldig_van: "2025-01-01",
          tarieven: [{bedrag: 34.80, van: "2025-01-01", tot: "2026-12-31"}, {bedrag: 36.10, van: "2027-01-01"}]}]}
  contracten:
    - {code: thuiszorg-demo-2025, aanbieder: thuiszorg-demo, producten: [01A01, 02A01, 07A01], van: "2025-01-01", tot: "2027-12-31", plafond: 450000}
""")
    call_command("catalogus", "import", str(path))
    product = Product.objects.get(code="01A01")
    assert [str(t.amount) for t in product.tariffs.order_by("valid_from")] == ["34.80", "36.10"]
    assert Contract.objects.get(code="thuiszorg-demo-2025").ceiling == 450000
    assert Product.objects.filter(code="45A48").exists()  # what the file does not list is kept
    path.write_text(path.read_text().replace("producten: [01A01,", "producten: [ZZ999,"))
    with pytest.raises(CommandError, match="onbekende productcode 'ZZ999'"):
        call_command("catalogus", "import", str(path))
    assert Contract.objects.get(code="thuiszorg-demo-2025").products.count() == 3  # nothing half-imported


def _enumeration(xsd: Path, name: str) -> list[str]:
    text = xsd.read_text(encoding="utf-8")
    block = re.search(rf'name="{name}">(.*?)</xs:simpleType>', text, re.S).group(1)
    return re.findall(r'<xs:enumeration value="([^"]+)"', block)


@pytest.mark.skipif(not STANDARDS.exists(), reason="../shared/standards is not next to this checkout")
def test_code_lists_equal_the_official_xsds():
    ijw, iwmo = STANDARDS / "ijw-3.2/xsd/basisschema.xsd", STANDARDS / "iwmo-3.2/xsd/basisschema.xsd"
    for xsd in (ijw, iwmo):
        assert _enumeration(xsd, "LDT_Eenheid") == [c for c, _ in codes.EENHEID]
        assert _enumeration(xsd, "LDT_Frequentie") == [c for c, _ in codes.FREQUENTIE]
    assert _enumeration(ijw, "LDT_ProductCategorie") == [c for c, _ in codes.PRODUCTCATEGORIE_JEUGD]
    assert _enumeration(iwmo, "LDT_ProductCategorie") == [c for c, _ in codes.PRODUCTCATEGORIE_WMO]
