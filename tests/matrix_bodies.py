"""The world the access matrix (test_access_matrix.py) walks, and a valid body for every write in it (issue 10).

A write that is refused for a role must be refused by its permission check, not by form validation: so every write
row posts what a user allowed to do it would post, for an object in a state where the write succeeds. The answer
then shows whether the check ran (403/404 without the permission, success with it).

The world, besides the roles' own staff:
- the resident "Noord" (and a duplicate registration of him, for merging) in a household in wijk noord, with a
  melding triaged into a case. Its director is a generalist outside the matrix ("regisseur"), so the role
  generalist is a betrokkene only: he sees the case and writes in its journal, but may not manage it or change its
  plan. That is the role that tells a missing "manage" check from a present one.
- a second melding of Noord, given information and advice at the desk once: the intake writes (triage, pick up,
  contact, close, aanvraag) act on it.
- on the case: a plan goal, a kitchen-table report (so the case may move on to the plan phase), a document, a task
  for the generalist, and provisions in every state a write needs: a proposal (to establish, decide or withdraw),
  an established decision (to send), a decision waiting for the second opinion (four eyes, to approve), and a sent
  decision with an objection (to correct, object against and decide the objection).
- a closed case (to reopen) and a case with a handover proposed to the generalist (to accept), both with the
  generalist involved, in households of their own.

Each matrix call runs in a savepoint that is rolled back, so every call starts from this world.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.utils import timezone

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Gemeente
from toegang.assessments.actions import check_record_clarification
from toegang.cases import actions as case_actions
from toegang.core import clock
from toegang.core.actor import SYSTEM
from toegang.deadlines.models import Clock
from toegang.intake.actions import (
    MeldingData,
    check_register_aanvraag,
    check_register_melding,
    check_triage_melding,
)
from toegang.plans.actions import check_add_goal
from toegang.provisions import actions as provisions
from toegang.provisions.models import Contract, Product

from .document_samples import pdf_bytes
from .factories import HouseholdFactory, ResidentFactory
from .provisions_support import data as indication_data
from .standard_data import make_staff_member


def _case(gemeente, resident, director, generalist, *, received_at):
    """A melding about `resident` triaged into a case directed by `director`, with `generalist` as betrokkene."""
    melding, _ = check_register_melding(actor=SYSTEM, gemeente=gemeente, persons=[resident],
                                        data=MeldingData(question="Hulp nodig", channel="balie", source="zelf",
                                                         laws=["wmo"], received_at=received_at))
    casus = check_triage_melding(actor=SYSTEM, melding=melding, outcome="meervoudig", reason="meerdere vragen").casus
    case_actions.check_assign_case_director(actor=SYSTEM, casus=casus, medewerker=director)
    case_actions.check_add_case_involvement(actor=SYSTEM, casus=casus, medewerker=generalist, role="generalist")
    return melding, casus


def build_world(staff) -> dict[str, Any]:
    """The objects of the matrix by name (see the module docstring), fresh from the database."""
    gemeente = Gemeente.objects.get(cbs_code="9901")
    today, now = clock.today(), clock.now()
    generalist, regie, backoffice = staff["generalist"], staff["procesregisseur"], staff["backoffice"]
    director = make_staff_member("generalist", username="regisseur")
    two_days_ago = now - dt.timedelta(days=2)  # so a contact moment an hour ago lies after the case began

    resident = ResidentFactory(geslachtsnaam="Noord")
    duplicate = ResidentFactory(household=resident.household, geslachtsnaam="Noord", voornamen=resident.voornamen,
                                bsn=None)
    melding, casus = _case(gemeente, resident, director, generalist, received_at=two_days_ago)
    involvement = casus.involvements.get(medewerker=generalist)
    clarification = check_record_clarification(actor=SYSTEM, casus=casus, held_on=today, participants="Noord",
                                               domains={"financien": {"situatie": "Schulden"}}, summary="Rust")
    document = case_actions.check_add_document(actor=SYSTEM, casus=casus, kind="verslag", title="Verslag",
                                               upload=SimpleUploadedFile("v.pdf", pdf_bytes()))
    task = case_actions.check_add_case_task(actor=SYSTEM, casus=casus, title="Bellen", assignee=generalist,
                                            due_on=today + dt.timedelta(days=3))
    goal_id = check_add_goal(actor=SYSTEM, casus=casus, base_version=0, domain="adl", description="Zelf douchen",
                             desired_result="zelfstandig", measure="", target_date=today + dt.timedelta(days=90)
                             ).content["goals"][0]["id"]

    advies, _ = check_register_melding(actor=SYSTEM, gemeente=gemeente, persons=[resident], attach_to_open_case=False,
                                       data=MeldingData(question="Waar vind ik een maaltijdservice?", channel="telefoon",
                                                        source="zelf", laws=["wmo"]))
    check_triage_melding(actor=SYSTEM, melding=advies, outcome="informatie-advies", reason="folder gegeven")

    # provisions: one decision sent with an objection, and one of each state a write acts on
    as_generalist, as_regie = actor_for_user(generalist), actor_for_user(regie)
    aanvraag = check_register_aanvraag(actor=SYSTEM, melding=melding, applicant=resident, law="wmo", requested="hulp")

    def propose(code="02A01", **overrides):
        return provisions.check_prepare_indication(actor=as_generalist, casus=casus, new_aanvraag=True,
                                                   data=indication_data(code, resident, goal_id, **overrides))

    indicatie = provisions.check_prepare_indication(actor=as_generalist, casus=casus, aanvraag=aanvraag,
                                                    data=indication_data("02A01", resident, goal_id))
    besluit = provisions.check_decide(actor=as_regie, indicatie=indicatie, outcome="toegekend", reasons="nodig")
    provisions.check_send_decision(actor=actor_for_user(backoffice), besluit=besluit)
    bezwaar = provisions.check_register_bezwaar(actor=actor_for_user(backoffice), besluit=besluit,
                                                received_on=today, objector="inwoner", grounds="te weinig")
    proposal = propose()
    established = provisions.check_decide(actor=as_regie, indicatie=propose(), outcome="toegekend", reasons="nodig")
    # Jeugdhulp met verblijf has four eyes (profiles/demo.yaml): decided by the procesregisseur, it waits
    four_eyes = provisions.check_decide(actor=as_regie, indicatie=propose("43A01", volume=7), outcome="toegekend",
                                        reasons="veilig verblijf")

    closed_resident = ResidentFactory(household=HouseholdFactory(), geslachtsnaam="Gesloten")
    _, closed_case = _case(gemeente, closed_resident, director, generalist, received_at=two_days_ago)
    case_actions.check_close_case(actor=SYSTEM, casus=closed_case, reason="doelen-bereikt",
                                  household_informed_on=today)
    handover_resident = ResidentFactory(household=HouseholdFactory(), geslachtsnaam="Overdracht")
    _, handover_case = _case(gemeente, handover_resident, director, generalist, received_at=two_days_ago)
    case_actions.check_propose_handover(actor=actor_for_user(director), casus=handover_case, successor=generalist,
                                        note="Gezin wil iemand uit de eigen wijk.")

    product = Product.objects.select_related("voorziening").get(code="02A01")
    world = {
        "gemeente": gemeente, "staff": staff, "director": director, "resident": resident, "duplicate": duplicate,
        "household": resident.household, "melding": melding, "advies": advies,
        "clock": Clock.objects.get(subject_type="intake.melding", subject_id=melding.pk, kind="wmo-onderzoek"),
        "casus": casus, "involvement": involvement, "clarification": clarification, "document": document,
        "task": task, "goal_id": goal_id, "aanvraag": aanvraag, "indicatie": indicatie, "besluit": besluit,
        "bezwaar": bezwaar, "proposal": proposal, "established": established, "four_eyes": four_eyes,
        "closed_case": closed_case, "handover_case": handover_case, "product": product,
        "voorziening": product.voorziening, "contract": Contract.objects.get(code="thuiszorg-demo-2025"),
    }
    for obj in world.values():
        if isinstance(obj, Model):
            obj.refresh_from_db()  # the versions the pages would show now
    return world


def url_kwargs(w) -> dict[str, dict]:
    """The URL arguments of each object a row of the matrix names."""
    casus = w["casus"].pk
    return {
        "resident": {"pk": w["resident"].pk}, "household": {"pk": w["household"].pk},
        "melding": {"pk": w["melding"].pk}, "advies": {"pk": w["advies"].pk},
        "clock": {"pk": w["clock"].pk, "verb": "opschorten"},
        "aanvraag": {"pk": w["aanvraag"].pk},
        "casus": {"pk": casus}, "closed_case": {"pk": w["closed_case"].pk},
        "handover_case": {"pk": w["handover_case"].pk},
        "document": {"pk": casus, "document_id": w["document"].pk}, "task": {"pk": casus, "task_id": w["task"].pk},
        "involvement": {"pk": casus, "involvement_id": w["involvement"].pk},
        "voorziening": {"pk": w["voorziening"].pk}, "product": {"pk": w["product"].pk},
        "contract": {"pk": w["contract"].pk},
        "indicatie": {"pk": w["indicatie"].pk}, "proposal": {"pk": w["proposal"].pk},
        "besluit": {"pk": w["besluit"].pk}, "established": {"pk": w["established"].pk},
        "four_eyes": {"pk": w["four_eyes"].pk}, "bezwaar": {"pk": w["bezwaar"].pk},
    }


def _day(days: int = 0) -> str:
    return (clock.today() + dt.timedelta(days=days)).isoformat()


def _an_hour_ago(fmt: str = "%Y-%m-%dT%H:%M") -> str:
    return timezone.localtime(clock.now() - dt.timedelta(hours=1)).strftime(fmt)


def _resident_fields(resident) -> dict:
    return {"bsn": resident.bsn or "", "voornamen": resident.voornamen, "geslachtsnaam": resident.geslachtsnaam,
            "geboortedatum": resident.geboortedatum.isoformat(), "geslacht": resident.geslacht,
            "telefoon": "0599-765432"}


def _indication(w) -> dict:
    """The proposal form of the case's provisions page, for a new aanvraag."""
    provider = Contract.objects.get(code="thuiszorg-demo-2025").provider
    return {"aanvraag": "nieuw", "client": w["resident"].pk, "product": w["product"].pk, "volume": 2, "frequency": "",
            "start": _day(), "end": _day(90), "form": "zin", "provider": provider.pk, "goals": [w["goal_id"]],
            "motivation": "Zonder begeleiding raakt hij de weg kwijt.", "own_strength": "Doet boodschappen zelf.",
            "network": "Zus komt eens per maand.", "why_not_enough": "De inloop is geprobeerd; te weinig.",
            "idempotency_key": uuid.uuid4().hex}


def _new_tariff_day(product) -> str:
    latest = max(t.valid_from for t in product.tariffs.all())
    return max(latest + dt.timedelta(days=31), clock.today() + dt.timedelta(days=31)).isoformat()


# A valid body per write row (the row's name in EXPECTED), built per call: a file can be read only once.
BODIES: dict[str, Callable[[dict], dict]] = {
    "ui:notifications-read": lambda w: {},
    "persons:register#post": lambda w: {
        "gemeente": w["gemeente"].pk, "voornamen": "Nina", "geslachtsnaam": "Nieuwkomer", "geboortedatum": "1990-03-04",
        "geslacht": "2", "postcode": "9902AB", "huisnummer": 310, "straat": "Berkenlaan", "woonplaats": "Demodam"},
    "persons:edit#post": lambda w: {**_resident_fields(w["resident"]), "version": w["resident"].version},
    "persons:merge#post": lambda w: {"keep": w["resident"].pk, "remove": w["duplicate"].pk,
                                     "reason": "Twee keer ingeschreven."},
    "persons:move": lambda w: {"version": w["household"].version, "postcode": "9902AB", "huisnummer": 300,
                               "straat": "Berkenlaan", "woonplaats": "Demodam", "valid_from": _day()},
    "persons:network": lambda w: {"name": "Els Noord", "kind": "17", "telefoon": "0599-123456",
                                  "mantelzorger": "on"},
    "intake:register#post": lambda w: {
        "inwoner": w["resident"].pk, "gemeente": w["gemeente"].pk, "received_at": _an_hour_ago(),
        "channel": "telefoon", "source": "zelf", "question": "Hij redt het niet meer met de post.",
        "urgency": "regulier", "laws": ["wmo"], "persons": [str(w["resident"].pk)], "attach_to_open_case": "on",
        "idempotency_key": uuid.uuid4().hex},
    "intake:triage": lambda w: {"version": w["advies"].version, "outcome": "enkelvoudig",
                                "reason": "Eén vraag, één generalist."},
    "intake:pick-up": lambda w: {"version": w["advies"].version},
    "intake:contact": lambda w: {"version": w["advies"].version},
    "intake:close": lambda w: {"version": w["advies"].version, "reason": "Vraag beantwoord."},
    "intake:aanvraag": lambda w: {"applicant": w["resident"].pk, "law": "wmo", "requested": "maaltijdservice",
                                  "received_on": _day()},
    "intake:clock": lambda w: {"since": _day(), "reason": "Wacht op informatie van de huisarts."},
    "intake:refer#post": lambda w: {"gemeente": w["gemeente"].pk, "naam": "Sam Verwezen",
                                    "geboortedatum": "2012-02-02", "question": "Zit niet lekker in zijn vel.",
                                    "urgency": "regulier", "idempotency_key": uuid.uuid4().hex},
    "cases:director": lambda w: {"version": w["casus"].version, "medewerker": w["staff"]["generalist"].pk,
                                 "reason": "Kent het gezin al."},
    "cases:involve": lambda w: {"medewerker": w["staff"]["partner"].pk, "role": "jeugdhulpverlener"},
    "cases:uninvolve": lambda w: {},
    "cases:flags": lambda w: {"version": w["casus"].version, "high_risk": "on", "reason": "Dreigende uithuiszetting."},
    "cases:advance": lambda w: {"version": w["casus"].version, "to": "plan"},
    "cases:close": lambda w: {"version": w["casus"].version, "reason": "doelen-bereikt",
                              "household_informed_on": _day()},
    "cases:reopen": lambda w: {"reason": "Nieuwe vraag binnen een jaar."},
    "cases:contact": lambda w: {"at": _an_hour_ago(), "kind": "huisbezoek", "participants": "Noord en zus",
                                "summary": "Samen de post doorgenomen."},
    "cases:note": lambda w: {"text": "Zus wil meedenken."},
    "cases:handover": lambda w: {"successor": w["staff"]["generalist"].pk, "note": "Hij kent de familie al."},
    "cases:handover-decide": lambda w: {"accept": "ja"},
    "cases:document": lambda w: {"kind": "verslag", "title": "Verslag huisbezoek",
                                 "file": SimpleUploadedFile("verslag.pdf", pdf_bytes(), content_type="application/pdf")},
    "cases:task": lambda w: {"title": "Huisarts bellen", "assignee": w["staff"]["generalist"].pk, "due_on": _day(7)},
    "cases:task-done": lambda w: {},
    "assessments:record": lambda w: {"resident": w["resident"].pk, "measured_on": _day(), "score_financien": "3"},
    "assessments:safety": lambda w: {"assessed_on": _day(), "worries": "Post stapelt zich op.",
                                     "going_well": "Zus komt langs.", "must_happen": "Schuldhulp inschakelen.",
                                     "scale": "7"},
    "assessments:clarification": lambda w: {"held_on": _day(), "participants": "Noord en zus",
                                            "summary": "Grip op geld.", "financien__situatie": "Schulden."},
    "plans:goal": lambda w: {"base_version": 1, "domain": "financien", "description": "Schulden in beeld",
                             "desired_result": "Overzicht", "target_date": _day(90)},
    "plans:goal-status": lambda w: {"base_version": 1, "goal": w["goal_id"], "status": "bezig"},
    "plans:action": lambda w: {"base_version": 1, "goal": w["goal_id"], "owner_type": "huishouden",
                               "description": "Douchestoel kopen", "due_date": _day(30)},
    "plans:evaluation": lambda w: {"base_version": 1, "on": _day(60), "note": "Na de zomer"},
    "plans:agree": lambda w: {"base_version": 1, "agreed_on": _day(), "how": "mondeling", "by": "De heer Noord"},
    "provisions:voorziening-edit": lambda w: {"name": w["voorziening"].name, "description": "Begeleiding thuis.",
                                              "audience": "Volwassenen", "location": "Thuis", "contact": "Via de balie",
                                              "active": "on"},
    "provisions:tariff": lambda w: {"amount": "64.40", "valid_from": _new_tariff_day(w["product"]), "kind": "tarief"},
    "provisions:ceiling": lambda w: {"ceiling": "450000.00"},
    "provisions:case#post": _indication,
    "provisions:set-indication": lambda w: {"version": w["proposal"].version},
    "provisions:decide": lambda w: {"version": w["proposal"].version, "outcome": "toegekend",
                                    "reasons": "Begeleiding is nodig om thuis te blijven wonen."},
    "provisions:withdraw": lambda w: {"version": w["proposal"].version, "reason": "De vraag is vervallen."},
    "provisions:second-opinion": lambda w: {"version": w["four_eyes"].version, "approve": "1"},
    "provisions:send": lambda w: {"version": w["established"].version, "sent_on": _day()},
    "provisions:correct": lambda w: {},
    "provisions:objection": lambda w: {"received_on": _day(), "objector": "De heer Noord",
                                       "grounds": "Twee uur is te weinig."},
    "provisions:objection-decide": lambda w: {"outcome": "ongegrond", "reasons": "Twee uur past bij de vraag.",
                                              "new_besluit": ""},
    "logout": lambda w: {},
    "set_language": lambda w: {"language": "en"},
    "api:inwoner-list#post": lambda w: {"gemeente": "9901", "voornamen": "Nina", "geslachtsnaam": "Nieuwkomer",
                                        "geboortedatum": "1990-03-04",
                                        "adres": {"postcode": "9902AB", "huisnummer": 311}},
    "api:huishouden-list#post": lambda w: {"gemeente": "9901", "naam": "Huishouden Nieuwkomer", "postcode": "9902AB",
                                           "huisnummer": 312, "straatnaam": "Berkenlaan", "woonplaats": "Demodam"},
    "api:melding-list#post": lambda w: {"gemeente": "9901", "kanaal": "telefoon", "bron": "zelf",
                                        "inwoners": [w["resident"].pk], "vraag": "Hij redt het niet met de post.",
                                        "wetten": ["wmo"]},
    "api:melding-triage": lambda w: {"uitkomst": "enkelvoudig", "reden": "Eén vraag.", "versie": w["advies"].version},
    "api:aanvraag-list#post": lambda w: {"melding": w["advies"].pk, "aanvrager": w["resident"].pk, "wet": "wmo",
                                         "gevraagd": "maaltijdservice", "ontvangenOp": _day()},
    "api:verwijzing-list#post": lambda w: {"gemeente": "9901", "naam": "Sam Verwezen", "geboortedatum": "2012-02-02",
                                           "vraag": "Zit niet lekker in zijn vel."},
    "api:casus-doelen": lambda w: {"basisversie": 1, "levensgebied": "financien", "omschrijving": "Schulden in beeld",
                                   "gewenstResultaat": "Overzicht", "streefdatum": _day(90)},
    "api:casus-acties": lambda w: {"basisversie": 1, "doel": w["goal_id"], "uitvoerderSoort": "huishouden",
                                   "omschrijving": "Douchestoel kopen", "klaarOp": _day(30)},
    "api:casus-contactmomenten": lambda w: {"moment": _an_hour_ago("%Y-%m-%dT%H:%M:%S%z"), "soort": "telefoon",
                                            "deelnemers": "Noord", "verslag": "Afspraak gemaakt."},
    "api:casus-metingen#post": lambda w: {"inwoner": w["resident"].pk, "gemetenOp": _day(), "scores": {"financien": 3}},
    "api:indicatie-list#post": lambda w: {
        "casus": w["casus"].pk, "nieuweAanvraag": True, "client": w["resident"].pk, "product": w["product"].pk,
        "omvang": 2, "frequentie": w["product"].frequency, "van": _day(), "totEnMet": _day(90), "leveringsvorm": "zin",
        "aanbieder": Contract.objects.get(code="thuiszorg-demo-2025").provider.agb_code, "doelen": [w["goal_id"]],
        "motivering": "Nodig om thuis te blijven wonen.", "eigenKracht": "Boodschappen.", "netwerk": "Zus.",
        "waaromNietVoldoende": "De inloop is geprobeerd."},
    "api:indicatie-besluit": lambda w: {"uitkomst": "toegekend", "motivering": "Nodig.",
                                        "versie": w["proposal"].version},
    "api:besluit-verzenden": lambda w: {"verzondenOp": _day(), "versie": w["established"].version},
    "api:bezwaar-list#post": lambda w: {"besluit": w["besluit"].pk, "ontvangenOp": _day(), "indiener": "De heer Noord",
                                        "gronden": "Twee uur is te weinig."},
    "api:inwoner-detail#put": lambda w: {**_resident_fields(w["resident"]), "versie": w["resident"].version},
    "api:huishouden-verhuizing": lambda w: {"versie": w["household"].version, "datum": _day(), "postcode": "9902AB",
                                            "huisnummer": 320, "straatnaam": "Berkenlaan", "woonplaats": "Demodam"},
}
