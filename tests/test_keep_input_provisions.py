"""Issue 10, point 6, for the provisions pages: a form that is refused comes back on its own page with everything
typed still there, the error at its field and in the summary at the top (422); a stale form answers 409 with the
input kept; a missing mandate is a 403, never a message after a redirect."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from toegang.provisions import actions
from toegang.provisions.models import Besluit, Bezwaar, Contract, Indicatie, Product, Tarief, Voorziening

from .provisions_support import TODAY, case_with_goal, data


@pytest.fixture
def world(profile, staff, actor_of):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    generalist, regie, backoffice = (actor_of(staff[role]) for role in ("generalist", "procesregisseur", "backoffice"))

    def proposal(code="45A48", **overrides):
        return actions.check_prepare_indication(actor=generalist, casus=casus, new_aanvraag=True,
                                                data=data(code, child, goal, **overrides))

    def decided():
        return actions.check_decide(actor=regie, indicatie=proposal(), outcome="toegekend", reasons="nodig")

    def sent():
        return actions.check_send_decision(actor=backoffice, besluit=decided())

    def objection():
        return actions.check_register_bezwaar(actor=backoffice, besluit=sent(), received_on=TODAY,
                                              objector="moeder", grounds="te weinig")

    def four_eyes():  # residential youth care: a second mandated person establishes the decision
        return actions.check_decide(actor=regie, indicatie=proposal("43A01", volume=7), outcome="toegekend",
                                    reasons="veilig verblijf")

    return SimpleNamespace(casus=casus, child=child, goal=goal, proposal=proposal, decided=decided, sent=sent,
                           objection=objection, four_eyes=four_eyes)


def proposal_body(w, **overrides):
    product = Product.objects.get(code="45A48")
    body = {"aanvraag": "nieuw", "client": w.child.pk, "product": product.pk, "volume": 3, "frequency": "2",
            "start": TODAY.isoformat(), "end": (TODAY + dt.timedelta(days=181)).isoformat(), "form": "zin",
            "provider": product.contracts.first().provider_id, "goals": [w.goal], "motivation": "Vastgelopen opvoeding",
            "considered": [Voorziening.objects.get(code="opvoedspreekuur").pk], "own_strength": "wil graag",
            "network": "oma helpt", "why_not_enough": "te zwaar voor licht advies", "idempotency_key": "k1"}
    return {**body, **overrides}


def _proposal(w):
    return ("generalist", f"/casussen/{w.casus.pk}/voorzieningen/", proposal_body(w, volume=""), "ind-volume",
            "Vastgelopen opvoeding", False)


def _decision(w):
    ind = w.proposal()
    return ("procesregisseur", f"/indicaties/{ind.pk}/besluiten/",
            {"version": ind.version, "outcome": "deels", "granted_volume": "2", "reasons": "",
             "legal_ground": "Jeugdwet artikel 2.3"}, "besluit-reasons", "Jeugdwet artikel 2.3", False)


def _decision_refused_by_the_action(w):
    ind = w.proposal()  # volume 3: granting 30 of it in part cannot be
    return ("procesregisseur", f"/indicaties/{ind.pk}/besluiten/",
            {"version": ind.version, "outcome": "deels", "granted_volume": "30", "reasons": "Twee uur is genoeg"},
            "besluit-granted_volume", "Twee uur is genoeg", False)


def _withdrawal(w):
    ind = w.proposal()
    return ("generalist", f"/indicaties/{ind.pk}/intrekken/", {"version": ind.version, "reason": "Dubbel voorstel " * 70},
            "intrekken-reason", "Dubbel voorstel Dubbel voorstel", True)


def _second_opinion(w):
    item = w.four_eyes()
    return ("teamleider", f"/besluiten/{item.pk}/tweede-beoordeling/",
            {"version": item.version, "approve": "0", "reason": ""}, "tweede-reason",
            re.compile(r'value="0"[^>]*checked'), False)


def _sending(w):
    item = w.decided()
    return ("backoffice", f"/besluiten/{item.pk}/verzenden/", {"version": item.version, "sent_on": "2026-02-30"},
            "verzenden-sent_on", 'value="2026-02-30"', False)


def _objection(w):
    item = w.sent()
    return ("backoffice", f"/besluiten/{item.pk}/bezwaar/",
            {"received_on": TODAY.isoformat(), "objector": "", "grounds": "Een uur is te weinig"},
            "bezwaar-objector", "Een uur is te weinig", True)


def _objection_decision(w):
    bezwaar = w.objection()
    return ("procesregisseur", f"/bezwaren/{bezwaar.pk}/beslissen/",
            {"outcome": "ongegrond", "reasons": "Het besluit klopt", "new_besluit": "999999"},
            f"bob{bezwaar.pk}-new_besluit", "Het besluit klopt", True)


def _voorziening(w):
    item = Voorziening.objects.get(code="maaltijdservice")
    return ("beheer", f"/catalogus/{item.pk}/wijzigen/",
            {"name": "", "description": "Nu ook op zaterdag", "audience": item.audience, "location": item.location,
             "contact": item.contact, "active": "on"}, "vz-name", "Nu ook op zaterdag", False)


def _tariff(w):
    product = Product.objects.get(code="02A01")
    return ("beheer", f"/catalogus/producten/{product.pk}/tarief/",
            {"amount": "65.00", "valid_from": "2027-02-30", "kind": "tarief"}, f"tarief{product.pk}-valid_from",
            'value="65.00"', True)


def _ceiling(w):
    contract = Contract.objects.get(code="jeugdhulp-demo-2025")
    return ("beheer", f"/catalogus/contracten/{contract.pk}/plafond/", {"ceiling": "-5"}, f"plafond{contract.pk}-ceiling",
            'value="-5"', True)


FORMS = {"voorstel": _proposal, "besluit": _decision, "besluit-door-de-actie-geweigerd": _decision_refused_by_the_action,
         "intrekken": _withdrawal, "tweede-beoordeling": _second_opinion, "verzenden": _sending,
         "bezwaar-registreren": _objection, "beslissen-op-bezwaar": _objection_decision,
         "voorziening-wijzigen": _voorziening, "tarief": _tariff, "plafond": _ceiling}


def _state():
    """What a refused form must not have changed."""
    return (list(Indicatie.objects.order_by("pk").values_list("status", "version")),
            list(Besluit.objects.order_by("pk").values_list("status", "version")),
            Bezwaar.objects.filter(outcome="").count(), Tarief.objects.count(),
            list(Contract.objects.order_by("pk").values_list("ceiling", flat=True)),
            Voorziening.objects.get(code="maaltijdservice").name)


@pytest.mark.parametrize("name", FORMS)
def test_invalid_input_comes_back_on_its_page_with_everything_typed(world, client_for, name):
    role, url, body, field_id, typed, in_details = FORMS[name](world)
    before = _state()
    response = client_for(role).post(url, body)
    html = response.content.decode()
    assert response.status_code == 422, html[:2000]
    assert re.search(typed if isinstance(typed, re.Pattern) else re.escape(typed), html)  # still typed
    assert f'id="{field_id}-fout"' in html and re.search(rf'id="{field_id}"[^>]*aria-invalid="true"|'
                                                         rf'aria-invalid="true"[^>]*id="{field_id}"', html)
    assert 'id="foutoverzicht"' in html and f'href="#{field_id}"' in html  # the summary links to the field
    if in_details:
        assert "<details open>" in html  # the folded form opens, so the error is seen
    assert _state() == before


def test_a_stale_decision_answers_409_and_keeps_the_motivation(world, client_for):
    ind = world.proposal()
    stale = ind.version
    Indicatie.objects.filter(pk=ind.pk).update(version=stale + 1)  # someone else changed it meanwhile
    response = client_for("procesregisseur").post(f"/indicaties/{ind.pk}/besluiten/", {
        "version": stale, "outcome": "toegekend", "reasons": "Dit helpt het gezin echt"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Dit helpt het gezin echt" in html and "Iemand anders heeft dit intussen gewijzigd" in html
    assert 'id="foutoverzicht"' in html
    # sending it again acts on the state the page now shows
    assert f'name="version" value="{stale + 1}"' in html
    assert not Besluit.objects.exists()


def test_a_button_on_a_stale_page_answers_409_with_the_reason_at_the_top(world, client_for):
    item = world.decided()
    client = client_for("procesregisseur")
    assert client.post(f"/besluiten/{item.pk}/corrigeren/").status_code == 302
    again = client.post(f"/besluiten/{item.pk}/corrigeren/")
    assert again.status_code == 409
    assert "Er is al een correctie van dit besluit" in again.content.decode()
    assert Indicatie.objects.filter(replaces=item).count() == 1


def test_a_missing_mandate_is_403_and_not_a_message(world, client_for):
    ind = world.proposal()
    response = client_for("generalist").post(f"/indicaties/{ind.pk}/besluiten/", {
        "version": ind.version, "outcome": "toegekend", "reasons": "Dit helpt"})
    assert response.status_code == 403 and "U heeft geen mandaat voor" in response.content.decode()
    assert not Besluit.objects.exists()


def test_a_form_without_its_version_asks_to_reload_instead_of_naming_a_hidden_field(world, client_for):
    ind = world.proposal()
    response = client_for("procesregisseur").post(f"/indicaties/{ind.pk}/vaststellen/", {})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Laad de pagina opnieuw" in html and "Version" not in html
    assert Indicatie.objects.get().status == "voorstel"
