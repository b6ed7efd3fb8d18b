"""The menu offers what the role can use (issue 11, point 10)."""

from .conftest import ROLES


def test_search_is_offered_only_to_roles_that_can_find_someone(client_for):
    """The policy officer and functional management see no residents, so no 'Zoeken'."""
    offered = {role for role in ROLES if 'href="/zoeken/"' in client_for(role).get("/").content.decode()}
    assert offered == {"balie", "generalist", "procesregisseur", "backoffice", "teamleider", "privacy", "partner"}
