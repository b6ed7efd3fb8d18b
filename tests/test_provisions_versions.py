"""Stale forms on indications and decisions (core.versioning): a page that read an older version gets a Conflict,
and nothing is written — no status change, no decision, no letter, no event, no clock."""

import pytest

from toegang.audit.models import ChangeLog
from toegang.core.errors import Conflict
from toegang.deadlines.models import Clock
from toegang.provisions import actions
from toegang.provisions.models import Besluit, Brief, Indicatie

from .provisions_support import TODAY, case_with_goal, data

STALE = "Iemand anders heeft dit intussen gewijzigd"


@pytest.fixture
def setup(profile, staff, actor_of):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    return {"casus": casus, "child": child, "goal": goal, "generalist": actor_of(staff["generalist"]),
            "regie": actor_of(staff["procesregisseur"]), "backoffice": actor_of(staff["backoffice"]),
            "teamleider": actor_of(staff["teamleider"])}


def prepare(s, code="45A48", **overrides):
    return actions.check_prepare_indication(actor=s["generalist"], casus=s["casus"], new_aanvraag=True,
                                            data=data(code, s["child"], s["goal"], **overrides))


def test_a_stale_page_cannot_withdraw_or_decide_an_indication(setup):
    s = setup
    indicatie = prepare(s)
    read = indicatie.version
    actions.check_set_indication(actor=s["regie"], indicatie=indicatie, expected_version=read)
    assert Indicatie.objects.get().version == read + 1
    with pytest.raises(Conflict, match=STALE):
        actions.check_withdraw_indication(actor=s["generalist"], indicatie=indicatie, reason="toch niet",
                                          expected_version=read)
    with pytest.raises(Conflict, match=STALE):
        actions.check_decide(actor=s["regie"], indicatie=indicatie, outcome="toegekend", reasons="nodig",
                             expected_version=read)
    stored = Indicatie.objects.get()
    assert stored.status == "vastgesteld" and stored.version == read + 1
    assert not Besluit.objects.exists() and not Brief.objects.exists()
    assert not ChangeLog.objects.filter(event__in=["indicatie.ingetrokken", "besluit.genomen"]).exists()
    besluit = actions.check_decide(actor=s["regie"], indicatie=indicatie, outcome="toegekend", reasons="nodig",
                                   expected_version=read + 1)
    assert besluit.status == "vastgesteld" and Indicatie.objects.get().version == read + 2


def test_deciding_a_proposal_moves_its_version_so_a_page_of_the_proposal_is_stale(setup):
    s = setup
    indicatie = prepare(s)
    read = indicatie.version
    actions.check_decide(actor=s["regie"], indicatie=indicatie, outcome="toegekend", reasons="nodig",
                         expected_version=read)
    assert Indicatie.objects.get().version > read
    with pytest.raises(Conflict, match=STALE):
        actions.check_withdraw_indication(actor=s["generalist"], indicatie=indicatie, reason="x", expected_version=read)
    assert Indicatie.objects.get().status == "besloten"


def test_a_stale_page_cannot_send_a_decision(setup):
    s = setup
    besluit = actions.check_decide(actor=s["regie"], indicatie=prepare(s), outcome="toegekend", reasons="nodig")
    with pytest.raises(Conflict, match=STALE):
        actions.check_send_decision(actor=s["backoffice"], besluit=besluit, sent_on=TODAY,
                                    expected_version=besluit.version - 1)
    stored = Besluit.objects.get()
    assert stored.status == "vastgesteld" and stored.sent_on is None and stored.version == besluit.version
    assert not Clock.objects.filter(subject_type="provisions.besluit", kind="bezwaar").exists()
    sent = actions.check_send_decision(actor=s["backoffice"], besluit=besluit, sent_on=TODAY,
                                       expected_version=besluit.version)
    assert sent.status == "verzonden" and Besluit.objects.get().version == besluit.version + 1
    assert Besluit.objects.get().sent_by_id == s["backoffice"].user_id


def test_a_stale_second_opinion_is_refused_and_a_fresh_one_establishes_the_decision(setup):
    s = setup
    besluit = actions.check_decide(actor=s["regie"], indicatie=prepare(s, "43A01", volume=7), outcome="toegekend",
                                   reasons="veilig verblijf")
    assert besluit.status == "tweede-beoordeling"
    with pytest.raises(Conflict, match=STALE):
        actions.check_second_opinion(actor=s["teamleider"], besluit=besluit, approve=True,
                                     expected_version=besluit.version + 1)
    stored = Besluit.objects.get()
    assert stored.status == "tweede-beoordeling" and stored.second_by_id is None and not Brief.objects.exists()
    assert not ChangeLog.objects.filter(event="besluit.tweede-beoordeling").exists()
    actions.check_second_opinion(actor=s["teamleider"], besluit=besluit, approve=True,
                                 expected_version=besluit.version)
    stored = Besluit.objects.get()
    assert stored.status == "vastgesteld" and stored.second_by_id == s["teamleider"].user_id
    assert stored.established_on == TODAY and stored.version == besluit.version + 1 and stored.brief


def test_a_correction_replaces_the_old_decision_and_moves_its_version(setup):
    s = setup
    old = actions.check_decide(actor=s["regie"], indicatie=prepare(s), outcome="toegekend", reasons="nodig")
    correction = actions.check_start_correction(actor=s["generalist"], besluit=old)
    new = actions.check_decide(actor=s["regie"], indicatie=correction, outcome="toegekend", reasons="gecorrigeerd")
    replaced = Besluit.objects.get(pk=old.pk)
    assert new.status == "vastgesteld" and replaced.status == "vervangen" and replaced.version == old.version + 1
    assert ChangeLog.objects.filter(event="besluit.vervangen", object_id=str(old.pk)).count() == 1
