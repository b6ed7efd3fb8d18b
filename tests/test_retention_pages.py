"""The retention pages (docs/retention.md): the report of what is due with its terms and sources, drawing up a list,
keeping a file longer, and the second person confirming — as the privacy officer and functional administration
use them; nobody else reaches them, and the pages show no names."""

import re

import pytest

from toegang.cases.models import Casus
from toegang.retention.models import DestructionItem, DestructionList

from .retention_support import close_youth_case, years_later


@pytest.fixture
def closed_youth_case(staff, actor_of):
    return close_youth_case(staff, actor_of)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize("role", ["balie", "generalist", "procesregisseur", "teamleider", "beleid", "partner"])
def test_only_who_keeps_the_terms_reaches_the_pages(role, client_for):
    client = client_for(role)
    assert client.get("/privacy/bewaartermijnen/").status_code == 403
    assert 'href="/privacy/bewaartermijnen/"' not in client.get("/").content.decode()


def test_the_privacy_officer_draws_up_and_functional_administration_confirms(closed_youth_case, client_for):
    casus = closed_youth_case["casus"]
    assert 'href="/privacy/bewaartermijnen/"' in client_for("privacy").get("/").content.decode()
    with years_later(20, 2):  # logged in twenty years on: a session does not last that long
        privacy, beheer = client_for("privacy"), client_for("beheer")
        report = privacy.get("/privacy/bewaartermijnen/")
        shown = text(report)
        assert report.status_code == 200 and "no-store" in report["Cache-Control"]
        assert f"Casus {casus.pk}" in shown and "Jeugdwet art. 7.3.8" in shown and "20 jaar" in shown
        assert closed_youth_case["mother"].geslachtsnaam not in shown  # numbers and dates, no names
        made = privacy.post("/privacy/bewaartermijnen/lijst-opstellen/",
                            {"gemeente": casus.gemeente_id})
        destruction = DestructionList.objects.get()
        assert made.status_code == 302 and made["Location"] == f"/privacy/vernietigingslijsten/{destruction.pk}/"
        own = text(privacy.get(made["Location"]))
        assert "Bevestigen en vernietigen" not in own and "vier ogen" in own
        # the confirmation must be ticked; the page comes back with the error at its field
        unticked = beheer.post(f"/privacy/vernietigingslijsten/{destruction.pk}/bevestigen/",
                               {"version": destruction.version})
        assert unticked.status_code == 422 and "Bevestig dat u de lijst hebt gecontroleerd." in text(unticked)
        confirmed = beheer.post(f"/privacy/vernietigingslijsten/{destruction.pk}/bevestigen/",
                                {"version": destruction.version, "checked": "on"})
        assert confirmed.status_code == 302
        statement = text(beheer.get(f"/privacy/vernietigingslijsten/{destruction.pk}/"))
    assert not Casus.objects.filter(pk=casus.pk).exists()
    assert "Verklaring van vernietiging" in statement and "1 dossier vernietigd" in statement
    assert "1 huishouden en 2 inwoners" in statement


def test_keeping_a_file_longer_keeps_what_was_typed_on_an_error(closed_youth_case, client_for):
    with years_later(20, 2):
        privacy = client_for("privacy")
        privacy.post("/privacy/bewaartermijnen/lijst-opstellen/", {"gemeente": closed_youth_case["casus"].gemeente_id})
        item = DestructionItem.objects.get()
        url = f"/privacy/vernietigingslijsten/{item.destruction_list_id}/dossiers/{item.pk}/langer-bewaren/"
        reason = "Nodig voor de hulp aan het broertje."
        refused = privacy.post(url, {"until": "31-02-2050", "reason": reason})
        assert refused.status_code == 422 and reason in refused.content.decode()
        kept = privacy.post(url, {"until": "01-03-2050", "reason": reason})
        assert kept.status_code == 302
    item.refresh_from_db()
    assert item.outcome == "uitgezonderd" and item.note == reason


def test_a_stale_confirmation_is_refused_and_destroys_nothing(closed_youth_case, client_for):
    with years_later(20, 2):
        client_for("privacy").post("/privacy/bewaartermijnen/lijst-opstellen/",
                                   {"gemeente": closed_youth_case["casus"].gemeente_id})
        destruction = DestructionList.objects.get()
        stale = destruction.version
        client_for("beheer").post(f"/privacy/vernietigingslijsten/{destruction.pk}/afwijzen/",
                                  {"version": stale, "reason": "Eerst de archivaris horen."})
        again = client_for("beheer").post(f"/privacy/vernietigingslijsten/{destruction.pk}/bevestigen/",
                                          {"version": stale, "checked": "on"})
    assert again.status_code == 409 and Casus.objects.filter(pk=closed_youth_case["casus"].pk).exists()


def test_the_report_has_a_bounded_number_of_queries(closed_youth_case, client_for, django_assert_max_num_queries):
    with years_later(20, 2):
        privacy = client_for("privacy")
        privacy.get("/privacy/bewaartermijnen/")
        with django_assert_max_num_queries(20) as counted:
            privacy.get("/privacy/bewaartermijnen/")
    baseline = len(counted.captured_queries)
    assert baseline <= 20


def test_a_wrong_gemeente_is_refused_and_a_dealt_with_list_offers_no_form(closed_youth_case, client_for):
    with years_later(20, 2):
        privacy = client_for("privacy")
        assert privacy.get("/privacy/bewaartermijnen/?gemeente=abc").status_code == 400
        privacy.post("/privacy/bewaartermijnen/lijst-opstellen/", {"gemeente": closed_youth_case["casus"].gemeente_id})
        item = DestructionItem.objects.get()
        client_for("beheer").post(f"/privacy/vernietigingslijsten/{item.destruction_list_id}/afwijzen/",
                                  {"version": item.destruction_list.version, "reason": "Nog niet."})
        page = privacy.get(f"/privacy/vernietigingslijsten/{item.destruction_list_id}/dossiers/{item.pk}/"
                           "langer-bewaren/")
    assert page.status_code == 200 and "niet meer open" in text(page) and 'name="reason"' not in page.content.decode()
