"""The menu and Mijn werk offer what the role can use, and notifications go away when their work is done (issue 11,
point 10)."""

import re

import pytest

from toegang.provisions import actions
from toegang.provisions import queries as provision_queries
from toegang.provisions.models import Besluit
from toegang.tasks.models import Notification

from .conftest import ROLES
from .provisions_support import case_with_goal, data

NAV = re.compile(r'<nav class="toegang-nav"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"[^>]*>([^<]+)</a>')


def menu(client) -> dict[str, str]:
    """The main menu on Mijn werk: label -> address."""
    html = client.get("/").content.decode()
    return {label: href for href, label in LINK.findall(NAV.search(html).group(1))}


def offered(client_for, label: str) -> set[str]:
    return {role for role in ROLES if label in menu(client_for(role))}


def test_search_is_offered_only_to_roles_that_can_find_someone(client_for):
    """The policy officer and functional management see no residents, so no 'Zoeken'."""
    offered = {role for role in ROLES if 'href="/zoeken/"' in client_for(role).get("/").content.decode()}
    assert offered == {"balie", "generalist", "procesregisseur", "backoffice", "teamleider", "privacy", "partner"}


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_item_opens_for_its_role(client_for, role):
    """No dead end from the menu: every item answers 200 and none says the role holds no mandate."""
    client = client_for(role)
    items = menu(client)
    assert "Mijn werk" in items and "Sociale kaart" in items
    for label, href in items.items():
        response = client.get(href)
        assert response.status_code == 200, (role, label, href, response.status_code)
        assert "geen mandaat" not in response.content.decode(), (role, label)


def test_decisions_are_offered_only_to_who_holds_a_task_of_the_decision_worklist(client_for):
    """'Besluiten' for the roles with indicatie, beschikking or administratieve verwerking in the demo's matrix;
    not the balie, policy, privacy or functional management (nor the generalist, who prepares on the case page)."""
    assert offered(client_for, "Besluiten") == {"procesregisseur", "backoffice", "teamleider"}


def test_the_api_documentation_is_offered_to_who_uses_the_api(client_for):
    """Functional management (integrations) and partners (their systems refer through the API)."""
    assert offered(client_for, "API") == {"beheer", "partner"}
    assert client_for("balie").get("/api/v1/docs/").status_code == 200  # still there for whoever needs it


def test_the_inbox_is_for_those_who_work_on_meldingen(client_for):
    assert offered(client_for, "Werkbak") == {"balie", "generalist", "procesregisseur", "backoffice", "teamleider"}
    assert offered(client_for, "Catalogus") == {"beheer"}


def test_staff_administration_is_offered_to_functional_administration_only(client_for):
    """'Medewerkers' (issue 13 item 3): for config.manage, the demo's beheer."""
    assert offered(client_for, "Medewerkers") == {"beheer"}


def test_mijn_werk_shows_the_sections_of_the_role(client_for):
    """The policy officer has no meldingen, clocks or households: Mijn werk points to their own work instead."""
    policy = client_for("beleid").get("/").content.decode()
    for section in ("Mijn meldingen", "Mijn termijnen", "Huishoudens waarbij ik betrokken ben"):
        assert section not in policy
    assert "Uw werk in Toegang" in policy and 'href="/budget/"' in policy
    privacy = client_for("privacy").get("/").content.decode()
    assert "Mijn meldingen" not in privacy and 'href="/privacy/inzagelog/"' in privacy
    generalist = client_for("generalist").get("/").content.decode()
    for section in ("Mijn meldingen", "Mijn termijnen", "Huishoudens waarbij ik betrokken ben"):
        assert section in generalist
    assert "Uw werk in Toegang" not in generalist


def open_notifications(client, text: str) -> int:
    return client.get("/").content.decode().count(text)


def test_notifications_of_handled_work_resolve_themselves(profile, staff, actor_of, client_for):
    """Two proposals wait: two notifications and two rows on the worklist. Deciding one and withdrawing the other
    leaves none; the decision to send goes from the back office's Mijn werk when it is sent."""
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    generalist, regie, backoffice = (actor_of(staff[r]) for r in ("generalist", "procesregisseur", "backoffice"))
    first, second = (actions.check_prepare_indication(actor=generalist, casus=casus, new_aanvraag=True,
                                                      data=data("45A48", child, goal)) for _ in range(2))
    director = client_for("procesregisseur")

    def waiting() -> tuple[int, int]:
        return (open_notifications(director, "Voorstel ter beslissing:"),
                len(provision_queries.worklist(regie)["to_decide"]))

    assert waiting() == (2, 2)
    besluit = actions.check_decide(actor=regie, indicatie=first, outcome="toegekend", reasons="nodig")
    assert waiting() == (1, 1)
    actions.check_withdraw_indication(actor=generalist, indicatie=second, reason="dubbel voorgesteld")
    assert waiting() == (0, 0)
    assert 'id="berichten-kop"' not in director.get("/").content.decode()  # no section; the header links the inbox

    office = client_for("backoffice")
    assert open_notifications(office, "kan worden verzonden") == 1
    actions.check_send_decision(actor=backoffice, besluit=besluit)
    assert open_notifications(office, "kan worden verzonden") == 0
    assert provision_queries.worklist(backoffice)["to_send"] == []
    assert not Notification.objects.filter(resolved_at__isnull=True, subject_type__startswith="provisions.").exists()


def test_a_second_opinion_resolves_the_request_for_it(profile, staff, actor_of, client_for):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    indicatie = actions.check_prepare_indication(actor=actor_of(staff["generalist"]), casus=casus, new_aanvraag=True,
                                                 data=data("43A01", child, goal, volume=7))
    besluit = actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                   outcome="toegekend", reasons="veilig verblijf")
    lead = client_for("teamleider")
    assert open_notifications(lead, "Tweede beoordeling gevraagd") == 1
    actions.check_second_opinion(actor=actor_of(staff["teamleider"]), besluit=besluit, approve=False,
                                 reason="eerst ambulant")
    assert open_notifications(lead, "Tweede beoordeling gevraagd") == 0
    # sent back: the decider is told, until the indication is decided again
    director = client_for("procesregisseur")
    assert open_notifications(director, "Besluit teruggestuurd") == 1
    indicatie.refresh_from_db()
    actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie, outcome="afgewezen",
                         reasons="eerst ambulante hulp")
    assert open_notifications(director, "Besluit teruggestuurd") == 0
    assert Besluit.objects.get().status == "tweede-beoordeling"
