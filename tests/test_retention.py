"""Retention and destruction (issue 13, item 7; docs/retention.md): a closed file is due when its term (profile data,
with the legal source) has passed; one person draws up the destruction list, another confirms it, and the file,
and the household and persons no other file needs, are destroyed in one transaction, while the audit rows about
them stay with their personal data taken out — and the audit chain still verifies."""


import datetime as dt
import io

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from toegang.audit.models import AccessLog, ChangeLog, Redaction
from toegang.audit.sealing import seal_all
from toegang.audit.verify import verify_all
from toegang.cases import actions as case_actions
from toegang.cases.models import CaseNote, Casus
from toegang.core.actor import SYSTEM
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.intake.actions import (
    MeldingData,
    check_close_melding,
    check_register_melding,
    check_triage_melding,
)
from toegang.intake.models import Melding, MeldingPerson
from toegang.persons.actions.composition import do_add_member
from toegang.persons.models import Gezag, Household, HouseholdMembership, Relation, Resident
from toegang.plans.models import Plan
from toegang.provisions.models import Besluit, Indicatie
from toegang.retention import actions
from toegang.retention.models import DestructionItem, DestructionList, RetentionHold
from toegang.retention.queries import due_cases, due_meldingen

from .audit_support import tamper
from .factories import HouseholdFactory, ResidentFactory
from .retention_support import close_youth_case, years_later


@pytest.fixture
def closed_youth_case(staff, actor_of):
    return close_youth_case(staff, actor_of)


def test_a_youth_file_is_due_twenty_years_after_it_closed_not_before(closed_youth_case, demodam):
    casus = closed_youth_case["casus"]
    with years_later(19, 360):
        assert not due_cases(demodam, timezone.localdate()).filter(pk=casus.pk).exists()
    with years_later(20, 1):
        assert due_cases(demodam, timezone.localdate()).filter(pk=casus.pk).exists()


def test_four_eyes_destroy_the_file_and_leave_the_audit_trail_without_its_personal_data(
        closed_youth_case, demodam, staff, actor_of):
    casus, mother = closed_youth_case["casus"], closed_youth_case["mother"]
    household_id, resident_ids = casus.household_id, [mother.pk, closed_youth_case["child"].pk]
    goal = "Rust en structuur thuis"  # the plan's goal, as the plan's change-log row names it
    telling = [row.seq for row in ChangeLog.objects.all() if goal in str(row.new)]
    assert telling
    with years_later(20, 2):
        proposed = actions.check_propose_destruction(actor=actor_of(staff["privacy"]), gemeente=demodam)
        item = proposed.items.get(object_id=casus.pk)
        assert item.kind == "casus" and item.term_years == 20 and "Jeugdwet art. 7.3.8" in item.source
        assert item.laws == ["jeugdwet"]
        with pytest.raises(NotAllowed, match="Vier ogen"):  # not who drew it up
            actions.check_confirm_destruction(actor=actor_of(staff["privacy"]), destruction_list=proposed,
                                              expected_version=proposed.version)
        with pytest.raises(NotAllowed, match="Alleen wie de bewaartermijnen beheert"):  # nor one without the right
            actions.check_confirm_destruction(actor=actor_of(staff["generalist"]), destruction_list=proposed,
                                              expected_version=proposed.version)
        done = actions.check_confirm_destruction(actor=actor_of(staff["beheer"]), destruction_list=proposed,
                                                 expected_version=proposed.version)
    assert done.status == DestructionList.Status.UITGEVOERD
    item.refresh_from_db()
    assert item.outcome == DestructionItem.Outcome.VERNIETIGD
    # the file is gone, and so is the household with its persons (no other file holds them)
    assert not Casus.objects.filter(pk=casus.pk).exists()
    assert not Plan.objects.filter(casus_id=casus.pk).exists() and not CaseNote.objects.filter(casus_id=casus.pk).exists()
    assert not Indicatie.objects.filter(pk=closed_youth_case["indicatie"].pk).exists()
    assert not Besluit.objects.filter(indicatie_id=closed_youth_case["indicatie"].pk).exists()
    assert not Melding.objects.filter(casus_id=casus.pk).exists()
    assert not Household.objects.filter(pk=household_id).exists()
    assert not Resident.objects.filter(pk__in=resident_ids).exists()
    assert done.result["huishoudens"] == 1 and done.result["inwoners"] == 2 and done.result["vernietigd"] == 1
    # the audit rows stay, their content taken out, and the chain still verifies
    for row in ChangeLog.objects.filter(seq__in=telling):
        assert row.new == {"vernietigd": True}
    assert not any(goal in str(row.new) for row in ChangeLog.objects.all())
    about_the_file = ChangeLog.objects.filter(object_type__in=["cases.casus", "intake.melding", "plans.planversion",
                                                               "provisions.indicatie", "deadlines.clock"])
    assert about_the_file.count() >= 10 and all(row.new == {"vernietigd": True} for row in about_the_file)
    assert Redaction.objects.filter(log="change", seq__in=telling).count() == len(telling)
    report = verify_all()
    assert report.intact, report.problems
    assert sum(log.redacted for log in report.logs) == Redaction.objects.count()
    # the destruction itself is in the change log, naming no one
    event = ChangeLog.objects.get(event="bewaartermijn.vernietigd")
    assert event.subject_ids == [] and event.new["inwoners"] == 2


def test_a_changed_redacted_row_still_shows_as_tampering(closed_youth_case, demodam, staff, actor_of):
    with years_later(20, 2):
        proposed = actions.check_propose_destruction(actor=actor_of(staff["privacy"]), gemeente=demodam)
        actions.check_confirm_destruction(actor=actor_of(staff["beheer"]), destruction_list=proposed,
                                          expected_version=proposed.version)
    redacted = Redaction.objects.filter(log="change").first()
    tamper(f"UPDATE {ChangeLog._meta.db_table} SET new = %s WHERE seq = %s", ['{"vernietigd": false}', redacted.seq])
    report = verify_all()
    assert any(f"#{redacted.seq}" in problem for problem in report.problems)


def desk_question(household, person, *, close: bool = True):
    """A question answered at the desk: a melding closed without a case."""
    melding, _ = check_register_melding(actor=SYSTEM, gemeente=household.gemeente,
                                        data=MeldingData(question="Waar vind ik de voedselbank?", channel="balie",
                                                         source="zelf"), persons=[person])
    if close:
        melding = check_close_melding(actor=SYSTEM, melding=melding, reason="informatie gegeven")
    return melding


def test_a_file_kept_longer_is_not_destroyed_and_not_due_until_then(closed_youth_case, demodam, staff, actor_of):
    casus = closed_youth_case["casus"]
    with years_later(20, 2):
        today = timezone.localdate()
        proposed = actions.check_propose_destruction(actor=actor_of(staff["privacy"]), gemeente=demodam)
        item = proposed.items.get(object_id=casus.pk)
        with pytest.raises(ValidationFailed) as refused:
            actions.check_hold(actor=actor_of(staff["privacy"]), item=item, until=today, reason="")
        assert set(refused.value.field_errors) == {"until", "reason"}
        actions.check_hold(actor=actor_of(staff["privacy"]), item=item, until=today + relativedelta(years=5),
                           reason="Broertje nog in zorg; het dossier is nodig voor goede hulpverlening.")
        done = actions.check_confirm_destruction(actor=actor_of(staff["beheer"]), destruction_list=proposed,
                                                 expected_version=proposed.version)
        assert done.result["vernietigd"] == 0
        assert Casus.objects.filter(pk=casus.pk).exists()
        assert RetentionHold.objects.get(object_id=casus.pk).until == today + relativedelta(years=5)
        assert not due_cases(demodam, today).filter(pk=casus.pk).exists()
        with pytest.raises(Conflict, match="niets te vernietigen"):  # nothing else is due
            actions.check_propose_destruction(actor=actor_of(staff["privacy"]), gemeente=demodam)
    with years_later(25, 3):
        assert due_cases(demodam, timezone.localdate()).filter(pk=casus.pk).exists()


def test_a_case_reopened_after_the_list_was_drawn_up_stays(closed_youth_case, demodam, staff, actor_of):
    casus = closed_youth_case["casus"]
    with years_later(20, 2):
        proposed = actions.check_propose_destruction(actor=actor_of(staff["privacy"]), gemeente=demodam)
        case_actions.check_reopen_case(actor=actor_of(staff["procesregisseur"]), casus=casus,
                                       reason="Moeder meldt zich opnieuw")
        done = actions.check_confirm_destruction(actor=actor_of(staff["beheer"]), destruction_list=proposed,
                                                 expected_version=proposed.version)
    assert Casus.objects.filter(pk=casus.pk).exists()
    item = done.items.get(object_id=casus.pk)
    assert item.outcome == DestructionItem.Outcome.BEWAARD and "heropend" in item.note
    assert done.result == {**done.result, "vernietigd": 0, "bewaard": 1, "huishoudens": 0}


def test_the_household_stays_while_another_file_holds_it(closed_youth_case, demodam, staff, actor_of):
    casus, mother = closed_youth_case["casus"], closed_youth_case["mother"]
    with years_later(20, 2):
        later = desk_question(casus.household, mother, close=False)  # a new question, still open
        proposed = actions.check_propose_destruction(actor=actor_of(staff["privacy"]), gemeente=demodam)
        done = actions.check_confirm_destruction(actor=actor_of(staff["beheer"]), destruction_list=proposed,
                                                 expected_version=proposed.version)
    assert not Casus.objects.filter(pk=casus.pk).exists()
    assert Melding.objects.filter(pk=later.pk).exists() and Resident.objects.filter(pk=mother.pk).exists()
    assert done.result["huishoudens"] == 0 and done.result["inwoners"] == 0
    # the new melding's change-log rows keep their content; the case's rows lost theirs
    assert ChangeLog.objects.get(event="melding.geregistreerd", object_id=str(later.pk)).new != {"vernietigd": True}
    assert ChangeLog.objects.get(event="casus.afgesloten", object_id=str(casus.pk)).new == {"vernietigd": True}
    assert verify_all().intact


def test_a_question_answered_at_the_desk_goes_after_its_own_term(demodam, staff, actor_of):
    household = HouseholdFactory(gemeente=demodam)
    person = ResidentFactory(household=household)
    melding = desk_question(household, person)
    with years_later(1, 360):
        assert not due_meldingen(demodam, timezone.localdate()).filter(pk=melding.pk).exists()
    with years_later(2, 2):
        assert due_meldingen(demodam, timezone.localdate()).filter(pk=melding.pk).exists()
        proposed = actions.check_propose_destruction(actor=actor_of(staff["beheer"]), gemeente=demodam)
        item = proposed.items.get(kind="melding", object_id=melding.pk)
        assert item.term_years == 2 and item.source.startswith("Selectielijst")
        done = actions.check_confirm_destruction(actor=actor_of(staff["privacy"]), destruction_list=proposed,
                                                 expected_version=proposed.version)
    assert not Melding.objects.filter(pk=melding.pk).exists()
    assert not Household.objects.filter(pk=household.pk).exists() and done.result["inwoners"] == 1
    assert verify_all().intact


def test_a_law_without_a_term_keeps_its_files(closed_youth_case, demodam, monkeypatch):
    """The Jeugdwet term holds even when a profile names none; a kind the profile gives no term is never due."""
    casus = closed_youth_case["casus"]
    data_without = {k: v for k, v in demodam.profile.data.items() if k != "bewaartermijnen"}
    monkeypatch.setattr(demodam.profile, "data", data_without)
    with years_later(20, 2):
        assert due_cases(demodam, timezone.localdate()).filter(pk=casus.pk).exists()  # the law's own term
        assert not due_meldingen(demodam, timezone.localdate()).exists()


def test_a_rejected_list_destroys_nothing(closed_youth_case, demodam, staff, actor_of):
    with years_later(20, 2):
        proposed = actions.check_propose_destruction(actor=actor_of(staff["privacy"]), gemeente=demodam)
        with pytest.raises(ValidationFailed, match="niet afgewezen"):
            actions.check_reject_destruction(actor=actor_of(staff["beheer"]), destruction_list=proposed,
                                             expected_version=proposed.version, reason=" ")
        actions.check_reject_destruction(actor=actor_of(staff["beheer"]), destruction_list=proposed,
                                         expected_version=proposed.version, reason="Eerst de archivaris horen.")
        with pytest.raises(Conflict, match="al afgehandeld"):
            actions.check_confirm_destruction(actor=actor_of(staff["beheer"]), destruction_list=proposed,
                                              expected_version=proposed.version)
    assert Casus.objects.filter(pk=closed_youth_case["casus"].pk).exists()
    assert not Redaction.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the insert-only triggers are PostgreSQL's")
def test_the_database_lets_only_a_redaction_through(closed_youth_case):
    row = ChangeLog.objects.filter(new__isnull=False).first()
    table = ChangeLog._meta.db_table
    for setting, sql in [(None, f"UPDATE {table} SET new = '{{}}' WHERE seq = %s"),
                         ("aan", f"UPDATE {table} SET mac = 'x' WHERE seq = %s"),
                         ("aan", f"DELETE FROM {table} WHERE seq = %s")]:
        with pytest.raises(Exception, match="onveranderlijk"), transaction.atomic(), connection.cursor() as cursor:
            if setting:
                cursor.execute(f"SET LOCAL toegang.audit_redactie = '{setting}'")
            cursor.execute(sql, [row.seq])


def test_the_command_reports_what_is_due(closed_youth_case, demodam):
    out = io.StringIO()
    when = (timezone.localdate() + relativedelta(years=20, days=2)).isoformat()
    call_command("bewaartermijnen", "--gemeente", demodam.cbs_code, "--datum", when, stdout=out)
    report = out.getvalue()
    assert "te vernietigen: 1 casussen" in report and f"casus {closed_youth_case['casus'].pk}:" in report
    assert "Jeugdwet art. 7.3.8" in report and closed_youth_case["mother"].geslachtsnaam not in report
    with pytest.raises(CommandError, match="geen geldige datum"):
        call_command("bewaartermijnen", "--datum", "31-02-2040")


def destroy_due(staff, actor_of, gemeente):
    proposed = actions.check_propose_destruction(actor=actor_of(staff["privacy"]), gemeente=gemeente)
    return actions.check_confirm_destruction(actor=actor_of(staff["beheer"]), destruction_list=proposed,
                                             expected_version=proposed.version)


def test_custody_and_relations_of_a_person_kept_are_never_destroyed(closed_youth_case, demodam, staff, actor_of):
    """The mother's file is due, but her son lives in another household with a live file and names her as his parent
    and custodian: his rows stay, so her household and person stay with them; both households go together once his
    is done too (a family over two households)."""
    mother = closed_youth_case["mother"]
    theirs = HouseholdFactory(gemeente=demodam)
    son = ResidentFactory(household=theirs, geboortedatum=timezone.localdate() - dt.timedelta(days=400))
    relation = Relation.objects.create(resident=son, person=mother, kind="01")
    custody = Gezag.objects.create(minor=son, soort="eenhoofdig-ouder", holder=mother, valid_from=son.geboortedatum,
                                   recorded_at=timezone.now())
    with years_later(19, 0):
        question = desk_question(theirs, son, close=False)
    with years_later(20, 2):
        done = destroy_due(staff, actor_of, demodam)
        assert done.result["vernietigd"] == 1 and done.result["huishoudens"] == 0
        assert Relation.objects.filter(pk=relation.pk).exists() and Gezag.objects.filter(pk=custody.pk).exists()
        assert Resident.objects.filter(pk=mother.pk).exists()
        check_close_melding(actor=SYSTEM, melding=Melding.objects.get(pk=question.pk), reason="beantwoord")
    with years_later(22, 3):
        done = destroy_due(staff, actor_of, demodam)
    assert done.result["huishoudens"] == 2 and not Resident.objects.filter(pk__in=[mother.pk, son.pk]).exists()
    assert verify_all().intact


@pytest.mark.parametrize("steps", [[(25, 0, ["first", "second"])], [(5, 40, ["second"]), (20, 2, ["first"])]])
def test_a_chain_of_reentries_goes_together_or_the_later_first(closed_youth_case, demodam, staff, actor_of, steps):
    """A case re-entered from stays while its later case is there; a later case (no provision: 5 years) may go
    first; both due at once go on one list."""
    first, mother = closed_youth_case["casus"], closed_youth_case["mother"]
    melding, _ = check_register_melding(actor=SYSTEM, gemeente=demodam, persons=[mother],
                                        data=MeldingData(question="Het gaat weer mis", channel="balie", source="zelf"))
    second = check_triage_melding(actor=SYSTEM, melding=melding, outcome="meervoudig", reason="opnieuw").casus
    assert second.reentry_of_id == first.pk
    case_actions.check_assign_case_director(actor=SYSTEM, casus=second, medewerker=staff["generalist"])
    second.refresh_from_db()
    with years_later(0, 30):
        case_actions.check_close_case(actor=actor_of(staff["generalist"]), casus=second, reason="doelen-bereikt",
                                      household_informed_on=timezone.localdate())
    cases = {"first": first.pk, "second": second.pk}
    for years, days, going in steps:
        with years_later(years, days):
            done = destroy_due(staff, actor_of, demodam)
        assert sorted(done.items.values_list("object_id", "outcome")) == sorted(
            (cases[name], "vernietigd") for name in going)
    assert not Casus.objects.filter(pk__in=[first.pk, second.pk]).exists() and done.result["huishoudens"] == 1


def test_a_household_kept_for_another_file_goes_once_that_file_has_gone(closed_youth_case, demodam, staff, actor_of):
    mother, household = closed_youth_case["mother"], closed_youth_case["casus"].household_id
    neighbours = HouseholdFactory(gemeente=demodam)
    with years_later(19, 0):
        worried = desk_question(neighbours, ResidentFactory(household=neighbours), close=False)
        MeldingPerson.objects.create(melding=worried, resident=mother)  # the neighbour's melding names her
    with years_later(20, 2):
        assert destroy_due(staff, actor_of, demodam).result["huishoudens"] == 0
        check_close_melding(actor=SYSTEM, melding=Melding.objects.get(pk=worried.pk), reason="beantwoord")
    with years_later(22, 3):
        done = destroy_due(staff, actor_of, demodam)
    assert not Household.objects.filter(pk__in=[household, neighbours.pk]).exists()
    assert done.result["huishoudens"] == 2


def test_a_person_who_moved_keeps_everything_and_ties_the_old_household(closed_youth_case, demodam, staff, actor_of):
    child, mother = closed_youth_case["child"], closed_youth_case["mother"]
    father_home = HouseholdFactory(gemeente=demodam)
    father = ResidentFactory(household=father_home)
    with years_later(1, 0):
        do_add_member(actor=SYSTEM, household=father_home, resident=Resident.objects.get(pk=child.pk),
                      valid_from=timezone.localdate())
        live = desk_question(father_home, father, close=False)
    with years_later(20, 2):
        seal_all()
        done = destroy_due(staff, actor_of, demodam)
        seal_all()
    assert done.result["vernietigd"] == 1 and Melding.objects.filter(pk=live.pk).exists()
    assert HouseholdMembership.objects.filter(resident=child.pk, household=father_home).exists()
    # the child's own history in the mother's household keeps that household (and her) while the child is kept
    assert Resident.objects.filter(pk=mother.pk).exists()
    assert verify_all().intact


def test_search_terms_in_the_access_log_are_taken_out(closed_youth_case, demodam, staff, actor_of, client_for):
    mother = closed_youth_case["mother"]
    client_for("generalist").get(f"/zoeken/?bsn={mother.bsn}")
    client_for("generalist").get(f"/zoeken/?naam={mother.geslachtsnaam}")
    client_for("privacy").get(f"/privacy/inzagelog/?bsn={mother.bsn}")
    searched = [row.seq for row in AccessLog.objects.all() if mother.bsn in row.resource]
    assert searched
    with years_later(20, 2):
        destroy_due(staff, actor_of, demodam)
    assert not [row for row in AccessLog.objects.all()
                if mother.bsn in row.resource or mother.geslachtsnaam in row.resource]
    assert AccessLog.objects.get(seq=searched[0]).resource.endswith("?[vernietigd]")
    assert verify_all().intact
