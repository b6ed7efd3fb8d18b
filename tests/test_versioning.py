"""The one optimistic-lock helper: a stale writer gets a Conflict and nothing is written."""

import pytest

from toegang.core.errors import Conflict
from toegang.core.versioning import bump, require_version
from toegang.persons.models import Household

from .factories import HouseholdFactory


def test_bump_writes_and_increments_only_from_the_version_read(profile):
    household = HouseholdFactory()
    stale = Household.objects.get(pk=household.pk)
    bump(household, household.version, straat="Nieuwe straat")
    assert household.version == stale.version + 1
    assert Household.objects.get(pk=household.pk).straat == "Nieuwe straat"
    with pytest.raises(Conflict, match="niets overschreven"):
        bump(stale, None, straat="Oude straat")
    assert Household.objects.get(pk=household.pk).straat == "Nieuwe straat"
    with pytest.raises(Conflict, match="eerder gezien"):
        require_version(household, household.version - 1, message="Dit huishouden is eerder gezien.")
    require_version(household, household.version)  # the current version passes
