"""Indication → decision → letter → objection, with mandates, four eyes, budget commitments and the bad input the
issue lists. Runs on the demo profile (its mandate matrix follows Krimpen's Figure 5)."""

import datetime as dt
from decimal import Decimal

import pytest

from toegang.audit.models import ChangeLog
from toegang.cases import actions as case_actions
from toegang.core.actor import SYSTEM
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.deadlines.calendar import Term, due_date
from toegang.deadlines.models import Clock
from toegang.intake.models import Aanvraag
from toegang.provisions import actions, queries
from toegang.provisions.models import Besluit, Brief, Contract, Indicatie, Verplichting, Voorziening
from toegang.tasks.models import Task

from .provisions_support import TODAY, case_with_goal, data, pdf_text


@pytest.fixture
def setup(profile, staff, actor_of):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    return {"casus": casus, "mother": mother, "child": child, "goal": goal,
            "generalist": actor_of(staff["generalist"]), "regie": actor_of(staff["procesregisseur"]),
            "backoffice": actor_of(staff["backoffice"]), "teamleider": actor_of(staff["teamleider"]),
            "balie": actor_of(staff["balie"])}


def prepare(s, code="45A48", **overrides):
    return actions.check_prepare_indication(actor=s["generalist"], casus=s["casus"], new_aanvraag=True,
                                            data=data(code, s["child"], s["goal"], **overrides))


def test_from_plan_to_sent_letter(setup):
    s = setup
    indicatie = prepare(s)
    aanvraag = indicatie.aanvraag
    decision_clock = Clock.objects.get(subject_type="intake.aanvraag", subject_id=aanvraag.pk)
    assert decision_clock.kind == "jeugdwet-beschikking" and decision_clock.stopped_on is None
    assert indicatie.status == "voorstel" and indicatie.goals == ["Rust en structuur thuis"]
    assert indicatie.tariff == Decimal("87.40") and indicatie.contract.code == "jeugdhulp-demo-2025"

    besluit = actions.check_decide(actor=s["regie"], indicatie=indicatie, outcome="toegekend",
                                   reasons="De begeleiding helpt moeder om weer rust te brengen.")
    indicatie.refresh_from_db()
    decision_clock.refresh_from_db()
    assert besluit.status == "vastgesteld" and besluit.established_on == TODAY
    assert indicatie.status == "besloten" and indicatie.indicated_by_id == s["regie"].user_id
    assert decision_clock.stopped_on == TODAY and Aanvraag.objects.get(pk=aanvraag.pk).status == "besloten"
    text = pdf_text(bytes(besluit.brief.pdf))
    for phrase in ["Gemeente Demodam", "U krijgt jeugdhulp ambulant", "Ambulante jeugdhulp individueel",
                   "3 uur per week", "Jeugdhulp Demoregio", "zes weken", "6:7", "bezwaar@demodam.example",
                   "De begeleiding helpt moeder", "artikel 2.3 van de Jeugdwet"]:
        assert phrase in text, phrase
    # 3 hours a week × €87.40 × 182 days / 7
    assert sum(c.amount for c in besluit.commitments.all()) == Decimal("6817.20")

    sha = besluit.brief.sha256
    actions.check_send_decision(actor=s["backoffice"], besluit=besluit)
    besluit.refresh_from_db()
    assert besluit.status == "verzonden" and Brief.objects.get(besluit=besluit).sha256 == sha
    term = Clock.objects.get(subject_type="provisions.besluit", subject_id=besluit.pk, kind="bezwaar")
    assert term.due_on == due_date(TODAY, Term(6, "w"))  # Awb 6:7, counted from the day after sending (6:8)
    events = list(ChangeLog.objects.filter(object_type__startswith="provisions.").order_by("seq")
                  .values_list("event", flat=True))
    assert events == ["indicatie.voorgesteld", "indicatie.vastgesteld", "besluit.genomen", "besluit.vastgesteld",
                      "besluit.verzonden"]


def test_general_provisions_first_is_required(setup):
    with pytest.raises(ValidationFailed, match="Het voorstel is niet volledig of niet juist") as info:
        prepare(setup, own_strength="", network=" ", why_not_enough="")
    assert set(info.value.field_errors) == {"own_strength", "network", "why_not_enough"}
    assert "algemene voorzieningen eerst" in info.value.field_errors["why_not_enough"][0]
    assert not Indicatie.objects.exists() and not Aanvraag.objects.exists()  # nothing half-written


@pytest.mark.parametrize("code, overrides, field, words", [
    ("45A48", {"volume": 200}, "volume", "200 uur per week past niet"),
    ("54001", {"volume": 50000}, "volume", "50000 minuut per maand past niet"),
    ("43A01", {"volume": 8}, "volume", "8 etmaal per week past niet"),
    ("45A48", {"volume": 0}, "volume", "minstens 1"),
    ("45A48", {"end": TODAY - dt.timedelta(days=1)}, "end", "einddatum ligt voor de ingangsdatum"),
    ("45A99", {}, "product", "is niet geldig op"),
    ("45A48", {"form": "pgb", "provider": None}, "pgb", "PGB-voorwaarden"),
    ("45A48", {"goal_ids": []}, "goals", "plandoelen"),
])
def test_bad_input_is_refused_with_a_dutch_reason(setup, code, overrides, field, words):
    with pytest.raises(ValidationFailed, match="Het voorstel is niet volledig of niet juist") as info:
        prepare(setup, code, **overrides)
    assert words in " ".join(info.value.field_errors[field])
    assert not Indicatie.objects.exists()


def test_provider_without_contract_and_general_provision_are_refused(setup):
    from toegang.accounts.models import Organisatie

    with pytest.raises(ValidationFailed, match="niet volledig") as info:
        prepare(setup, provider=Organisatie.objects.get(code="thuiszorg-demo"))
    assert "geen contract" in info.value.field_errors["provider"][0]
    general = Voorziening.objects.get(code="opvoedspreekuur")
    with pytest.raises(ValidationFailed, match="Het voorstel is niet juist") as info:
        prepare(setup, voorziening=general)
    assert "vrij toegankelijk" in info.value.field_errors["voorziening"][0]


def test_pgb_with_its_conditions_needs_no_provider(setup):
    indicatie = prepare(setup, form="pgb", provider=None,
                        pgb_conditions={"bekwaam": True, "motivering": "eigen hulpverlener", "kwaliteit": True})
    assert indicatie.provider is None and indicatie.contract is None and indicatie.pgb_conditions["bekwaam"]


def test_mandate_refusal_names_the_mandate_and_is_audited(setup):
    s = setup
    indicatie = prepare(s)
    with pytest.raises(NotAllowed, match="geen mandaat voor 'beschikking' en 'indicatie'") as info:
        actions.check_decide(actor=s["generalist"], indicatie=indicatie, outcome="toegekend", reasons="x")
    assert "'beschikking'" in info.value.message and "Specialistische jeugdhulp" in info.value.message
    assert "ligt bij: Procesregisseur." in info.value.message  # the role by its name, not its code
    refusal = ChangeLog.objects.get(event="mandaat.geweigerd")
    assert refusal.actor_id == s["generalist"].user_id and refusal.new["taken"] == ["beschikking", "indicatie"]
    with pytest.raises(NotAllowed, match="inventarisatie en diagnose"):
        actions.check_prepare_indication(actor=s["balie"], casus=s["casus"], new_aanvraag=True,
                                         data=data("45A48", s["child"], s["goal"]))
    with pytest.raises(NotAllowed, match="administratieve verwerking"):
        actions.check_send_decision(actor=s["regie"], besluit=actions.check_decide(
            actor=s["regie"], indicatie=indicatie, outcome="toegekend", reasons="nodig"))


def test_decision_on_a_closed_case_is_refused(setup):
    s = setup
    indicatie = prepare(s)
    case_actions.check_close_case(actor=s["regie"], casus=s["casus"], reason="afgeschaald", note="",
                                  household_informed_on=TODAY)
    indicatie.casus.refresh_from_db()
    with pytest.raises(ValidationFailed, match="De casus is afgesloten"):
        actions.check_decide(actor=s["regie"], indicatie=indicatie, outcome="toegekend", reasons="x")
    with pytest.raises(ValidationFailed, match="De casus is afgesloten"):
        prepare(s)
    assert not Besluit.objects.exists()


def test_double_submit_and_stale_form(setup):
    s = setup
    first = actions.check_prepare_indication(actor=s["generalist"], casus=s["casus"], new_aanvraag=True,
                                             idempotency_key="abc", data=data("45A48", s["child"], s["goal"]))
    again = actions.check_prepare_indication(actor=s["generalist"], casus=s["casus"], new_aanvraag=True,
                                             idempotency_key="abc", data=data("45A48", s["child"], s["goal"]))
    assert again.pk == first.pk and not again.created and Aanvraag.objects.count() == 1
    actions.check_decide(actor=s["regie"], indicatie=first, outcome="toegekend", reasons="nodig", expected_version=1)
    with pytest.raises(Conflict, match="al besloten"):
        actions.check_decide(actor=s["regie"], indicatie=first, outcome="toegekend", reasons="nodig")
    assert Besluit.objects.count() == 1 and Brief.objects.count() == 1


def test_partial_grant_and_refusal(setup):
    s = setup
    partial = actions.check_decide(actor=s["regie"], indicatie=prepare(s, volume=4), outcome="deels", granted_volume=2,
                                   reasons="Twee uur is genoeg naast het netwerk.")
    assert "2 uur per week" in pdf_text(bytes(partial.brief.pdf)) and "u vroeg 4 uur per week" in pdf_text(
        bytes(partial.brief.pdf))
    refusal = actions.check_decide(actor=s["regie"], indicatie=prepare(s, "54001", volume=100), outcome="afgewezen",
                                   reasons="Het netwerk en het opvoedspreekuur volstaan.")
    assert "Wij wijzen uw aanvraag af" in pdf_text(bytes(refusal.brief.pdf)) and not refusal.commitments.exists()
    with pytest.raises(ValidationFailed, match="Het besluit is niet volledig"):
        actions.check_decide(actor=s["regie"], indicatie=prepare(s), outcome="deels", granted_volume=3, reasons="x")


def test_four_eyes(setup):
    s = setup
    indicatie = prepare(s, "43A01", volume=7)
    besluit = actions.check_decide(actor=s["regie"], indicatie=indicatie, outcome="toegekend", reasons="veilig verblijf")
    assert besluit.status == "tweede-beoordeling" and not Brief.objects.exists() and not besluit.commitments.exists()
    with pytest.raises(NotAllowed, match="iemand anders"):
        actions.check_second_opinion(actor=s["regie"], besluit=besluit, approve=True)
    with pytest.raises(NotAllowed, match="beschikking"):
        actions.check_second_opinion(actor=s["backoffice"], besluit=besluit, approve=True)
    actions.check_second_opinion(actor=s["teamleider"], besluit=besluit, approve=True)
    besluit.refresh_from_db()
    assert besluit.status == "vastgesteld" and besluit.second_by_id == s["teamleider"].user_id and besluit.brief


def test_four_eyes_send_back(setup):
    s = setup
    besluit = actions.check_decide(actor=s["regie"], indicatie=prepare(s, "43A01", volume=7), outcome="toegekend",
                                   reasons="verblijf")
    with pytest.raises(ValidationFailed, match="Geef aan waarom u het besluit terugstuurt"):
        actions.check_second_opinion(actor=s["teamleider"], besluit=besluit, approve=False, reason="")
    actions.check_second_opinion(actor=s["teamleider"], besluit=besluit, approve=False, reason="eerst ambulant")
    assert not Besluit.objects.exists() and Indicatie.objects.get().status == "vastgesteld"


def test_letters_never_change(setup):
    s = setup
    besluit = actions.check_decide(actor=s["regie"], indicatie=prepare(s), outcome="toegekend", reasons="nodig")
    brief = besluit.brief
    brief.template = "anders"
    with pytest.raises(PermissionError, match="verzonden besluitbrief verandert nooit"):
        brief.save()
    with pytest.raises(PermissionError, match="verzonden besluitbrief verandert nooit"):
        Brief.objects.filter(pk=brief.pk).update(pdf=b"x")
    with pytest.raises(PermissionError, match="besluitbrief wordt niet verwijderd"):
        brief.delete()


def test_correction_is_a_new_decision_that_replaces_the_old(setup):
    s = setup
    old = actions.check_decide(actor=s["regie"], indicatie=prepare(s), outcome="toegekend", reasons="nodig")
    actions.check_send_decision(actor=s["backoffice"], besluit=old)
    new_ind = actions.check_start_correction(actor=s["generalist"], besluit=old)
    with pytest.raises(Conflict, match="al een correctie van dit besluit"):
        actions.check_start_correction(actor=s["generalist"], besluit=old)
    new = actions.check_decide(actor=s["regie"], indicatie=new_ind, outcome="toegekend", reasons="nu vier uur")
    old.refresh_from_db()
    assert old.status == "vervangen" and all(c.released_on == TODAY for c in old.commitments.all())
    assert f"vervangt ons besluit {old.pk}" in pdf_text(bytes(new.brief.pdf))
    assert Verplichting.objects.filter(released_on__isnull=True).count() == new.commitments.count()


def test_objection_clocks_and_outcome(setup):
    s = setup
    besluit = actions.check_decide(actor=s["regie"], indicatie=prepare(s), outcome="deels", granted_volume=1,
                                   reasons="een uur")
    with pytest.raises(ValidationFailed, match="nog niet is verzonden"):
        actions.check_register_bezwaar(actor=s["backoffice"], besluit=besluit, received_on=TODAY, objector="moeder",
                                       grounds="te weinig")
    actions.check_send_decision(actor=s["backoffice"], besluit=besluit)
    with pytest.raises(ValidationFailed, match="Het bezwaar is niet volledig") as info:
        actions.check_register_bezwaar(actor=s["backoffice"], besluit=besluit, received_on=TODAY + dt.timedelta(1),
                                       objector="", grounds="")
    assert set(info.value.field_errors) == {"received_on", "objector", "grounds"}
    bezwaar = actions.check_register_bezwaar(actor=s["backoffice"], besluit=besluit, received_on=TODAY,
                                             objector="moeder", grounds="Een uur is te weinig.")
    term = Clock.objects.get(subject_type="provisions.besluit", subject_id=besluit.pk)
    bob = Clock.objects.get(subject_type="provisions.bezwaar", subject_id=bezwaar.pk)
    assert not bezwaar.late and term.stopped_on == TODAY
    assert bob.kind == "beslissing-op-bezwaar" and bob.started_on == term.due_on  # Awb 7:10: after the term ends
    with pytest.raises(NotAllowed, match="geen mandaat voor 'beschikking'"):
        actions.check_decide_bezwaar(actor=s["backoffice"], bezwaar=bezwaar, outcome="gegrond", reasons="x")
    correction = actions.check_decide(actor=s["regie"], indicatie=actions.check_start_correction(
        actor=s["regie"], besluit=besluit), outcome="toegekend", reasons="na bezwaar: drie uur")
    with pytest.raises(ValidationFailed, match="niet volledig"):
        actions.check_decide_bezwaar(actor=s["regie"], bezwaar=bezwaar, outcome="ongegrond", reasons="x",
                                     new_besluit=correction)
    actions.check_decide_bezwaar(actor=s["regie"], bezwaar=bezwaar, outcome="gegrond", reasons="terecht",
                                 new_besluit=correction)
    bob.refresh_from_db()
    bezwaar.refresh_from_db()
    assert bezwaar.outcome == "gegrond" and bezwaar.new_besluit == correction and bob.stopped_on == TODAY
    with pytest.raises(Conflict, match="Op dit bezwaar is al beslist"):
        actions.check_decide_bezwaar(actor=s["regie"], bezwaar=bezwaar, outcome="ongegrond", reasons="x")


def test_late_objection_is_kept_and_marked(setup, settings):
    s = setup
    besluit = actions.check_decide(actor=s["regie"], indicatie=prepare(s), outcome="afgewezen", reasons="niet nodig")
    actions.check_send_decision(actor=s["backoffice"], besluit=besluit)
    Besluit.objects.filter(pk=besluit.pk).update(sent_on=TODAY - dt.timedelta(days=70))
    Clock.objects.filter(subject_type="provisions.besluit").update(started_on=TODAY - dt.timedelta(days=70),
                                                                  due_on=TODAY - dt.timedelta(days=28))
    besluit.refresh_from_db()
    bezwaar = actions.check_register_bezwaar(actor=s["backoffice"], besluit=besluit, received_on=TODAY,
                                             objector="moeder", grounds="oneens")
    assert bezwaar.late


def test_commitments_split_per_year_and_count_against_budget_and_ceiling(setup):
    s = setup
    start = dt.date(TODAY.year, 11, 1)
    besluit = actions.check_decide(actor=s["regie"], indicatie=prepare(s, volume=10, start=start,
                                                                       end=dt.date(TODAY.year + 1, 4, 30)),
                                   outcome="toegekend", reasons="nodig")
    rows = list(besluit.commitments.order_by("year"))
    total = actions.commitment_amount(10, "2", Decimal("87.40"), start, dt.date(TODAY.year + 1, 4, 30))
    assert [r.year for r in rows] == [TODAY.year, TODAY.year + 1] and sum(r.amount for r in rows) == total
    assert rows[0].amount == (total * 61 / 181).quantize(Decimal("0.01"))
    budget = {(b.law, b.category): b for b in queries.budgets([s["casus"].gemeente_id], TODAY.year)}
    if ("jeugdwet", "") in budget:
        assert budget[("jeugdwet", "")].committed == rows[0].amount
        assert budget[("jeugdwet", "43")].committed == 0  # another category
    contract = next(c for c in queries.contracts([s["casus"].gemeente_id]) if c.code == "jeugdhulp-demo-2025")
    assert contract.committed == total and not contract.warn


def test_seventy_percent_of_the_ceiling_warns(setup):
    s = setup
    Contract.objects.filter(code="jeugdhulp-demo-2025").update(ceiling=Decimal("10000"))
    indicatie = prepare(s)  # 6817.20 of 10000 = 68%
    contract = Contract.objects.get(code="jeugdhulp-demo-2025")
    assert queries.contract_share_after(contract, Decimal("6817.20")) == (Decimal("0.68172"), False)
    actions.check_decide(actor=s["regie"], indicatie=indicatie, outcome="toegekend", reasons="nodig")
    assert queries.contract_share_after(contract, Decimal("183")) == (Decimal("0.70002"), True)
    def warns(ceiling):
        Contract.objects.filter(pk=contract.pk).update(ceiling=Decimal(ceiling))
        return next(c for c in queries.contracts([s["casus"].gemeente_id]) if c.pk == contract.pk).warn

    assert not warns("9738.86") and warns("9738.85")  # 6817.20 is just under / just over 70% of these


def test_expiring_decisions_raise_one_reassessment_task(setup):
    s = setup
    ending = TODAY + dt.timedelta(days=40)
    later = TODAY + dt.timedelta(days=200)
    soon = actions.check_decide(actor=s["regie"], indicatie=prepare(s, end=ending), outcome="toegekend", reasons="a")
    actions.check_decide(actor=s["regie"], indicatie=prepare(s, end=later), outcome="toegekend", reasons="b")
    actions.check_decide(actor=s["regie"], indicatie=prepare(s, end=ending), outcome="afgewezen", reasons="c")
    assert actions.do_raise_reassessment_tasks(actor=SYSTEM) == 1
    assert actions.do_raise_reassessment_tasks(actor=SYSTEM) == 0  # idempotent
    task = Task.objects.get(kind="herbeoordeling")
    soon.refresh_from_db()
    assert soon.reassessment_task == task and task.assignee_id == s["casus"].case_director_id
    assert task.due_on == ending and task.casus_id == s["casus"].pk


def test_an_amount_no_commitment_can_hold_is_refused(setup):
    from toegang.provisions.models import Product, Tarief

    stuks = Product.objects.create(voorziening=Voorziening.objects.get(code="wmo-woonvoorziening"), category="13",
                                   code="13X01", name="Traplift", unit="82", frequency="2", valid_from=dt.date(2025, 1, 1))
    Tarief.objects.create(product=stuks, amount=Decimal("5000.00"), valid_from=dt.date(2025, 1, 1))
    with pytest.raises(ValidationFailed, match="Het voorstel is niet volledig of niet juist") as info:
        prepare(setup, "13X01", volume=99_999_999, form="pgb", provider=None,
                pgb_conditions={"bekwaam": True, "motivering": "x", "kwaliteit": True})
    assert "meer dan 999.999.999.999 euro" in info.value.field_errors["volume"][0]
