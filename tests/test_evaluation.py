"""The evaluation reports for the seed questions (issue 15 item 6; docs/evaluation.md): who opens them, a
hand-computed answer per report checked on the page, the lines Toegang cannot answer, and a bounded query count."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from toegang.cases.models import Casus
from toegang.insight import evaluation
from toegang.insight.indicators import Filters
from toegang.intake.models import Melding

from .provisions_support import case_with_goal
from .test_indicators import at, melding

pytestmark = pytest.mark.django_db
H1 = {"jaar": "2026", "deel": "h1"}


def url(slug: str) -> str:
    return reverse("insight:evaluation-report", args=[slug])


def section(html: str, item_id: str) -> str:
    """The markup of one table (its export links name its id) up to the next table: enough to find a number in."""
    start = html.index(f"export={item_id}") if f"export={item_id}" in html else -1
    assert start >= 0, item_id
    table_start = html.rfind("<table", 0, start)
    return re.sub(r"\s+", " ", html[table_start:start])


@pytest.mark.parametrize("slug", ["", "krimpen", "g7", "stadskanaal"])
@pytest.mark.parametrize("role", ["beleid", "procesregisseur", "teamleider"])
def test_policy_control_and_process_direction_open_the_reports(client_for, demodam, role, slug):
    target = reverse("insight:evaluation") if not slug else url(slug)
    assert client_for(role).get(target).status_code == 200


@pytest.mark.parametrize("slug", ["", "krimpen", "g7", "stadskanaal"])
@pytest.mark.parametrize("role", ["balie", "generalist", "privacy", "partner"])
def test_others_are_refused_in_dutch(client_for, demodam, role, slug):
    target = reverse("insight:evaluation") if not slug else url(slug)
    response = client_for(role).get(target)
    assert response.status_code == 403
    assert "De evaluatierapporten zijn er voor beleid, control en procesregie." in response.content.decode()


def test_the_menu_offers_evaluatie_only_to_who_may_open_it(client_for, demodam):
    link = f'href="{reverse("insight:evaluation")}"'
    assert link in client_for("beleid").get(reverse("ui:home")).content.decode()
    assert link not in client_for("balie").get(reverse("ui:home")).content.decode()


def test_an_unknown_report_is_not_found(client_for, demodam):
    assert client_for("beleid").get(url("bestaat-niet")).status_code == 404


def test_krimpen_d_desk_contacts_hand_computed(client_for, demodam):
    """Three information-and-advice questions with 1, 2 and 3 desk contacts: two of three (66,7%) within two."""
    for contacts, day in ((1, dt.date(2026, 2, 2)), (2, dt.date(2026, 3, 2)), (3, dt.date(2026, 4, 1))):
        m = melding(demodam, received=day, outcome="informatie-advies")
        Melding.objects.filter(pk=m.pk).update(contacts=contacts)
    melding(demodam, received=dt.date(2025, 12, 1), outcome="informatie-advies")  # before the period
    html = client_for("beleid").get(url("krimpen"), H1).content.decode()
    table = section(html, "klantcontacten")
    assert re.search(r"binnen twee klantcontacten</\w+>.*?>2<.*?>66,7%<", table), table
    assert re.search(r"3 klantcontact\(en\)</\w+>.*?>1<.*?>33,3%<", table), table
    assert "Periode 01-01-2026 tot en met 30-06-2026" in html


def test_g7_ambition_1_cases_with_one_director_hand_computed(client_for, staff, demodam):
    """Two open cases with a director, one without: 2 of 3 (66,7%) have one."""
    one, *_ = case_with_goal(staff["generalist"])
    two, *_ = case_with_goal(staff["generalist"])
    three, *_ = case_with_goal(staff["generalist"])
    Casus.objects.filter(pk__in=[one.pk, two.pk, three.pk]).update(opened_at=at(dt.date(2026, 2, 1)))
    Casus.objects.filter(pk=three.pk).update(case_director=None)  # waits for someone of its team
    html = client_for("beleid").get(url("g7"), H1).content.decode()
    table = section(html, "een-regisseur")
    assert re.search(r"met een casusregisseur</\w+>.*?>2<.*?>66,7%<", table), table


def test_stadskanaal_goals_reached_hand_computed(client_for, staff, demodam):
    """One case closed in March with 4 plan goals, 3 reached (75%), and two people measured whose ZRM rose 1,5 and
    0,5 (mean 1)."""
    casus, *_ = case_with_goal(staff["generalist"])
    Casus.objects.filter(pk=casus.pk).update(
        opened_at=at(dt.date(2026, 1, 10)), status="afgesloten", closed_at=at(dt.date(2026, 3, 1)),
        close_reason="doelen-bereikt", outcome={"doelen": 4, "doelen_bereikt": 3, "zelfredzaamheid": {
            "1": {"eerste": 2.0, "laatste": 3.5, "verschil": 1.5}, "2": {"eerste": 3.0, "laatste": 3.5, "verschil": 0.5}}})
    html = client_for("beleid").get(url("stadskanaal"), H1).content.decode()
    assert re.search(r"waarvan bereikt</\w+>.*?>3<.*?>75%<", section(html, "doelen")), section(html, "doelen")
    assert re.search(r"Gemiddelde verandering \(ZRM-niveau, 1–5\)</\w+>.*?>1<", section(html, "zelfredzaamheid"))
    assert "doelen bereikt" in html and "doelen-bereikt" not in html  # the close reason's label, not its code


def test_the_questions_toegang_cannot_answer_say_why(client_for, demodam):
    client = client_for("beleid")
    for slug, report in evaluation.REPORTS.items():
        html = client.get(url(slug), H1).content.decode()
        for question in report.questions:
            assert question.answer or question.unanswerable, (slug, question.code)
            for reason in question.unanswerable:
                assert reason.startswith("niet uit Toegang te beantwoorden: ")
                assert reason.replace("‘", "&lsquo;") in html or reason in html.replace("&#x27;", "'"), reason


def test_every_report_keeps_the_seed_words(client_for, demodam):
    html = client_for("beleid").get(url("g7"), H1).content.decode()
    assert "Versnellen van de doorlooptijd van signalering tot indicatiestelling" in html
    html = client_for("beleid").get(url("stadskanaal"), H1).content.decode()
    assert "De mate waarin cliënten zonder hulp verder kunnen" in html


@pytest.mark.parametrize("slug", ["krimpen", "g7", "stadskanaal"])
def test_query_count_is_bounded(client_for, staff, demodam, slug, django_assert_max_num_queries):
    for _ in range(3):
        casus, *_ = case_with_goal(staff["generalist"])
        Casus.objects.filter(pk=casus.pk).update(opened_at=at(dt.date(2026, 2, 1)))
    client = client_for("beleid")
    with django_assert_max_num_queries(30):
        assert client.get(url(slug), H1).status_code == 200


def test_default_period_is_the_last_full_calendar_year(client_for, demodam):
    year = timezone.localdate().year - 1
    html = client_for("beleid").get(url("krimpen")).content.decode()
    assert f"Periode 01-01-{year} tot en met 31-12-{year}" in html


def test_a_table_exports_as_csv(client_for, demodam):
    response = client_for("beleid").get(url("krimpen"), {**H1, "export": "klantcontacten", "formaat": "csv"})
    assert response.status_code == 200 and "text/csv" in response["Content-Type"]


def test_a_gemeente_outside_ones_work_is_not_found(client_for, demodam, voorbeeldorp):
    assert client_for("beleid").get(url("krimpen"), {"gemeente": voorbeeldorp.pk}).status_code == 404


def test_professionals_per_case_bands(staff, demodam):
    casus, *_ = case_with_goal(staff["generalist"])
    Casus.objects.filter(pk=casus.pk).update(opened_at=at(dt.date(2026, 2, 1)))
    bands = dict(evaluation.professionals_per_case(Filters(dt.date(2026, 1, 1), dt.date(2026, 6, 30), [demodam.pk])))
    assert sum(bands.values()) == 1 and list(bands) == ["0", "1", "2", "3", "4+"]
