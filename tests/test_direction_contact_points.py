"""Topic contact points (issue 12 point 10; Krimpen seed 002 §3.8 step 13): a case director who wants to bring in a
regional provision tells the process director of that topic; the profile maps topics to kinds of process director."""


import pytest

from toegang.audit.models import ChangeLog
from toegang.cases import queries as case_queries
from toegang.core.actor import SYSTEM
from toegang.core.errors import NotAllowed, ValidationFailed
from toegang.direction import actions
from toegang.profiles.loader import ProfileInvalid, read_profile
from toegang.tasks.models import Notification

from .provisions_support import case_with_goal


@pytest.fixture
def family(staff):
    casus, *_ = case_with_goal(staff["generalist"])
    return casus


def test_the_case_director_informs_the_process_director_of_the_topic(family, staff, actor_of, make_staff):
    director = actor_of(staff["generalist"])
    other_pd = make_staff("procesregisseur")
    # nobody acts as process director of the kind yet: everyone with process direction is told
    told = actions.check_inform_contact_point(actor=director, casus=family, topic="veiligheid",
                                              message="Ik wil Veilig Thuis om advies vragen.")
    assert set(told) == {staff["procesregisseur"].pk, other_pd.pk}
    note = Notification.objects.get(recipient=other_pd)
    assert "Veiligheid (Veilig Thuis, jeugdbescherming)" in note.text and "Veilig Thuis om advies" in note.text
    assert note.url.endswith(f"/casussen/{family.pk}/#procesregie")
    log = ChangeLog.objects.get(event="casus.procesregie_geinformeerd")
    assert log.new["contactpunt"] == "veiligheid" and log.subject_ids
    titles = [i["title"] for i in case_queries.timeline(director, family) if i["kind"] == "gebeurtenis"]
    assert "procesregie op de hoogte gesteld" in titles

    # once someone acts as process director of that kind, only they are told
    second, *_ = case_with_goal(staff["generalist"])
    actions.check_assign_process_director(actor=SYSTEM, casus=second, medewerker=other_pd, kind="procesregie",
                                          reason="stagnatie")
    Notification.objects.all().delete()
    told = actions.check_inform_contact_point(actor=director, casus=family, topic="justitieel-kader",
                                              message="Jeugdreclassering lijkt nodig.")
    assert told == [other_pd.pk]
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [other_pd.pk]


def test_bad_input_and_strangers_are_refused_and_nothing_is_written(family, staff, actor_of):
    director = actor_of(staff["generalist"])
    with pytest.raises(ValidationFailed) as info:
        actions.check_inform_contact_point(actor=director, casus=family, topic="onbekend", message="  ")
    assert set(info.value.field_errors) == {"topic", "message"}
    with pytest.raises(ValidationFailed, match="niet op de hoogte") as info:
        actions.check_inform_contact_point(actor=director, casus=family, topic="veiligheid", message="x" * 201)
    assert "ten hoogste 200 tekens" in info.value.field_errors["message"][0]
    with pytest.raises(NotAllowed):
        actions.check_inform_contact_point(actor=actor_of(staff["balie"]), casus=family, topic="veiligheid",
                                           message="Zorgen")
    assert not ChangeLog.objects.filter(event="casus.procesregie_geinformeerd").exists()
    assert not Notification.objects.filter(text__startswith="Contactpunt").exists()


def test_the_page_keeps_what_was_typed_and_the_case_links_to_it(family, client_for, staff):
    client = client_for("generalist")
    case_page = client.get(f"/casussen/{family.pk}/").content.decode()
    assert f"/procesregie/casussen/{family.pk}/contactpunt/" in case_page
    page = client.get(f"/procesregie/casussen/{family.pk}/contactpunt/").content.decode()
    assert "Justitieel kader (jeugdreclassering, veiligheidshuis)" in page
    url = f"/procesregie/casussen/{family.pk}/contactpunt/"
    response = client.post(url, {"topic": "", "message": "Vader is aangehouden"})
    body = response.content.decode()
    assert response.status_code == 422 and "Vader is aangehouden" in body and 'id="contactpunt-topic"' in body
    response = client.post(url, {"topic": "justitieel-kader", "message": "Vader is aangehouden"})
    assert response.status_code == 302 and response["Location"].endswith(f"/casussen/{family.pk}/#procesregie")
    assert Notification.objects.filter(recipient=staff["procesregisseur"], text__contains="aangehouden").exists()
    # the front desk does not write in the case: no link, and the page answers 403
    assert client_for("balie").get(url).status_code in (403, 404)


def test_krimpen_maps_its_three_topics_to_its_three_process_directors():
    data = read_profile("krimpen-2014").data["procesregie"]
    assert {p["code"]: p["soort"] for p in data["contactpunten"]} == {
        "jeugd": "jeugd", "justitieel-kader": "doorzettingsmacht-burgemeester", "huiselijk-geweld": "volwassenen"}


def test_a_contact_point_of_an_unknown_kind_is_named_in_the_profile(tmp_path):
    text = tmp_path / "k.yaml"
    source = read_profile("krimpen-2014").path.read_text(encoding="utf-8")
    text.write_text(source.replace("soort: volwassenen\n", "soort: volwasenen\n"), encoding="utf-8")
    with pytest.raises(ProfileInvalid) as info:
        read_profile(str(text))
    assert any(p.path == "procesregie.contactpunten[2].soort" and "volwasenen" in p.message
               for p in info.value.problems)
