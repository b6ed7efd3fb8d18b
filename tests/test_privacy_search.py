"""The privacy officer finds a person by BSN or surname + birth date (never by an internal number), reads the
changes in words and gets the export in the same local time as the page (issue 11, point 6)."""

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.db import transaction

from toegang.audit.events import event_description
from toegang.audit.log import log_change
from toegang.audit.models import AccessLog

from .factories import HouseholdFactory, ResidentFactory, valid_bsn

SRC = Path(__file__).resolve().parents[1] / "src" / "toegang"


@pytest.fixture(autouse=True)
def _checkpoints_in_tmp(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def _text(html: str) -> str:
    """What a reader sees: the page without its tags and attributes."""
    return re.sub(r"<[^>]+>", " ", html)


def _field_error(html: str, field: str) -> str:
    found = re.search(rf'id="id_{field}-fout">(.*?)</div>', html, re.S)
    return found.group(1) if found else ""


def test_a_bsn_finds_the_person_and_shows_who_looked(client_for, staff):
    resident = ResidentFactory(bsn=valid_bsn(4321))
    client_for("generalist").get(f"/inwoners/{resident.pk}/")
    client = client_for("privacy")
    response = client.get("/privacy/inzagelog/", {"bsn": resident.bsn})
    html = response.content.decode()
    assert response.status_code == 200
    assert resident.full_name in html and staff["generalist"].get_full_name() in html
    assert "inwoner bekijken" in html  # the generalist's read, in the log shown at once
    assert "Inwoner-id" not in html
    search = AccessLog.objects.filter(actor=staff["privacy"]).order_by("-seq").first()
    assert search.purpose == "AVG: inzagelog raadplegen" and search.subject_ids == [resident.pk]


def test_surname_and_birth_date_with_two_matches_lists_both_without_an_internal_number(client_for, staff):
    born = dt.date(1975, 3, 9)
    first = ResidentFactory(pk=987_601, geslachtsnaam="Bakker", search_name="bakker", geboortedatum=born,
                            household=HouseholdFactory(straat="Lindelaan", huisnummer=3))
    second = ResidentFactory(pk=987_602, geslachtsnaam="Bakker", search_name="bakker", geboortedatum=born,
                             household=HouseholdFactory(straat="Eikenlaan", huisnummer=8))
    ResidentFactory(geslachtsnaam="Bakker", search_name="bakker", geboortedatum=dt.date(1990, 1, 1))
    html = client_for("privacy").get("/privacy/inzagelog/", {"achternaam": "Bakker",
                                                              "geboortedatum": "1975-03-09"}).content.decode()
    text = _text(html)
    assert "2 inwoners gevonden" in text
    for person, street in ((first, "Lindelaan"), (second, "Eikenlaan")):
        assert person.full_name in text and street in text
        assert f'href="?inwoner={person.pk}"' in html  # the choice is a link ...
        assert str(person.pk) not in text  # ... but the number is never on screen
    assert "09-03-1975" in text and "1975-03-09" not in text
    assert "Wijzigingen" not in text  # no log until one is chosen
    chosen = client_for("privacy").get(f"/privacy/inzagelog/?inwoner={second.pk}").content.decode()
    assert second.full_name in chosen and "Wijzigingen" in chosen


@pytest.mark.parametrize(("query", "field", "message"), [
    ({"bsn": valid_bsn(8765)}, "bsn", "Geen inwoner gevonden met dit BSN."),
    ({"bsn": "123456789"}, "bsn", "BSN voldoet niet aan de elfproef."),
    ({"achternaam": "Nergensvan", "geboortedatum": "1960-02-02"}, "achternaam",
     "Geen inwoner gevonden met deze achternaam en geboortedatum."),
    ({"achternaam": "Bakker"}, "geboortedatum", "Vul ook de geboortedatum in."),
])
def test_nothing_found_or_an_invalid_bsn_is_said_at_the_field(client_for, staff, query, field, message):
    ResidentFactory(bsn=valid_bsn(8764))
    response = client_for("privacy").get("/privacy/inzagelog/", query)
    html = response.content.decode()
    assert response.status_code == 200  # a GET search that found nothing; nothing was refused
    assert message in _field_error(html, field)
    assert "Exporteren voor een AVG-inzageverzoek" not in html
    if "bsn" in query:
        assert f'value="{query["bsn"]}"' in html  # what was typed stays


def test_the_resident_page_links_to_the_log_for_the_privacy_officer_only(client_for, staff):
    resident = ResidentFactory()
    link = f'href="/privacy/inzagelog/?inwoner={resident.pk}"'
    privacy = client_for("privacy").get(f"/inwoners/{resident.pk}/").content.decode()
    assert link in privacy and "Wie heeft deze persoon bekeken?" in privacy
    generalist = client_for("generalist").get(f"/inwoners/{resident.pk}/")
    assert generalist.status_code == 200
    assert link not in generalist.content.decode() and "Wie heeft deze persoon bekeken?" not in generalist.content.decode()


def test_a_change_reads_as_dutch_words_on_the_page_and_in_the_export(client_for, staff, actor_of):
    resident = ResidentFactory()
    with transaction.atomic():
        log_change(actor=actor_of(staff["procesregisseur"]),
                   event="casus.regisseur_gewijzigd", object_type="cases.casus", object_id=1,
                   gemeente_id=resident.gemeente_id, subject_ids=[resident.pk])
    client = client_for("privacy")
    html = client.get(f"/privacy/inzagelog/?inwoner={resident.pk}").content.decode()
    assert 'data-label="Gebeurtenis">Casusregisseur gewijzigd</td>' in html
    assert "casus.regisseur_gewijzigd" not in html
    export = client.get(f"/privacy/inzagelog/{resident.pk}/export.csv").content.decode()
    assert ";Casusregisseur gewijzigd;" in export and "regisseur_gewijzigd" not in export


def test_every_event_in_the_code_reads_as_words():
    found = subprocess.run(["grep", "-rhoE", r'event="[a-z_.-]+"', str(SRC)], capture_output=True, text=True,
                           check=True).stdout
    events = {line.split('"')[1] for line in found.splitlines()}
    assert {"bezwaar.geregistreerd", "casus.regisseur_gewijzigd"} <= events
    for code in events:
        words = event_description(code)
        assert not re.search(r"[._]|beeindigd|geimporteerd|getriëerd", words), (code, words)
        assert words[0].isupper(), (code, words)
    assert event_description("bezwaar.geregistreerd") == "Bezwaar geregistreerd"
    assert event_description("melding.getrieerd") == "Melding getrieerd"  # triëren, getrieerd (Woordenlijst)
    assert event_description("huishouden.verhuisd") == "Huishouden verhuisd"


def test_the_export_has_the_pages_local_time_and_names(client_for, staff):
    resident = ResidentFactory()
    # 10:00:05 UTC on a summer day is 12:00:05 in Amsterdam
    with time_machine.travel(dt.datetime(2026, 7, 1, 10, 0, 5, tzinfo=dt.UTC), tick=False):
        client_for("generalist").get(f"/inwoners/{resident.pk}/")
    client = client_for("privacy")
    html = client.get(f"/privacy/inzagelog/?inwoner={resident.pk}").content.decode()
    assert "01-07-2026 12:00:05" in html
    lines = client.get(f"/privacy/inzagelog/{resident.pk}/export.csv").content.decode().splitlines()
    generalist = staff["generalist"]
    read = next(line for line in lines if line.startswith("inzage;01-07-2026 12:00:05;"))
    assert f";{generalist.get_full_name()};" in read and ";Generalist / casusregisseur;" in read
    assert f";{generalist.username};" not in read and "2026-07-01" not in "\n".join(lines)
