"""Shared fixtures: the demo profile loaded, staff per role, actors."""

import pytest
from django.test import Client

from toegang.accounts.models import Gemeente, Organisatie, Role, RoleAssignment, Team, TeamMembership
from toegang.core.actor import SYSTEM, actor_for_user
from toegang.profiles.actions import do_load_profile

from .factories import MedewerkerFactory

ROLES = ["balie", "generalist", "procesregisseur", "backoffice", "teamleider", "beleid", "privacy", "beheer", "partner"]
# The teams each demo role works in (as in profiles/demo.yaml).
ROLE_TEAMS = {"generalist": ["st-noord-zuid"], "teamleider": ["st-centrum", "st-noord-zuid"], "balie": ["balie-demodam"]}


@pytest.fixture
def profile(db):
    return do_load_profile(actor=SYSTEM, name_or_path="demo").profile


@pytest.fixture
def demodam(profile):
    return Gemeente.objects.get(cbs_code="9901")


@pytest.fixture
def voorbeeldorp(profile):
    return Gemeente.objects.get(cbs_code="9902")


@pytest.fixture
def make_staff(profile):
    """make_staff('generalist', gemeenten=['9901'], teams=['st-noord-zuid'], organisatie='welzijn-demo')."""

    def make(role: str, *, gemeenten=("9901",), teams=None, organisatie=None, username=None):
        user = MedewerkerFactory(**({"username": username} if username else {}))
        if organisatie:
            user.organisatie = Organisatie.objects.get(code=organisatie)
            user.save()
        role_obj = Role.objects.get(profile=profile, code=role)
        for cbs in gemeenten:
            RoleAssignment.objects.create(medewerker=user, gemeente=Gemeente.objects.get(cbs_code=cbs), role=role_obj)
        for code in ROLE_TEAMS.get(role, []) if teams is None else teams:
            TeamMembership.objects.create(medewerker=user, team=Team.objects.get(code=code))
        return user

    return make


@pytest.fixture
def staff(make_staff):
    """One user per demo role, in Demodam, with the demo teams."""
    return {role: make_staff(role, username=role, organisatie="jeugdhulp-demo" if role == "partner" else None)
            for role in ROLES}


@pytest.fixture
def actor_of():
    return actor_for_user


@pytest.fixture
def client_for(staff):
    def make(role: str) -> Client:
        client = Client()
        client.force_login(staff[role])
        return client

    return make
