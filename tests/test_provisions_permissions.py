"""Who may edit the catalogue (provisions.permissions): functional administration (config.manage) in a gemeente
that uses the catalogue's profile. The right in a gemeente with another profile does not reach it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from toegang.accounts.models import Gemeente
from toegang.audit.models import ChangeLog
from toegang.core.actor import SYSTEM
from toegang.core.errors import NotAllowed
from toegang.profiles.models import Profile
from toegang.provisions import actions
from toegang.provisions.models import Contract, Product, Voorziening
from toegang.provisions.permissions import can_edit_catalogue


@pytest.fixture
def elsewhere(profile):
    """A gemeente with a profile of its own."""
    other = Profile.objects.create(name="elders", title="Elders", sha256="0" * 64, loaded_at=timezone.now())
    return Gemeente.objects.create(profile=other, cbs_code="9998", name="Elders")


def test_functional_administration_edits_the_catalogue_of_its_own_profile_only(profile, elsewhere, make_staff,
                                                                               actor_of):
    own = actor_of(make_staff("beheer", gemeenten=["9901"]))
    other = actor_of(make_staff("beheer", gemeenten=[elsewhere.cbs_code]))
    generalist = actor_of(make_staff("generalist"))
    assert can_edit_catalogue(own, profile) and can_edit_catalogue(SYSTEM, profile)
    assert not can_edit_catalogue(other, profile) and not can_edit_catalogue(generalist, profile)
    assert can_edit_catalogue(other, elsewhere.profile) and not can_edit_catalogue(own, elsewhere.profile)

    product = Product.objects.get(code="45A48", voorziening__profile=profile)
    contract = Contract.objects.get(code="jeugdhulp-demo-2025")
    voorziening = product.voorziening
    tariffs = list(product.tariffs.values_list("amount", "valid_from", "valid_until"))
    ceiling, name = contract.ceiling, voorziening.name
    next_year = dt.date(dt.date.today().year + 1, 1, 1)
    for actor in (other, generalist):
        with pytest.raises(NotAllowed, match="Alleen functioneel beheer mag de catalogus wijzigen"):
            actions.check_add_tariff(actor=actor, product=product, amount=Decimal("99.00"), valid_from=next_year)
        with pytest.raises(NotAllowed, match="Alleen functioneel beheer mag de catalogus wijzigen"):
            actions.check_set_contract_ceiling(actor=actor, contract=contract, ceiling=Decimal("1"))
        with pytest.raises(NotAllowed, match="Alleen functioneel beheer mag de catalogus wijzigen"):
            actions.check_update_voorziening(actor=actor, voorziening=voorziening, values={"name": "Anders"})
    assert list(product.tariffs.values_list("amount", "valid_from", "valid_until")) == tariffs
    assert Contract.objects.get(pk=contract.pk).ceiling == ceiling
    assert Voorziening.objects.get(pk=voorziening.pk).name == name
    assert not ChangeLog.objects.filter(event__in=["tarief.toegevoegd", "contract.plafond",
                                                   "voorziening.gewijzigd"]).exists()

    tariff = actions.check_add_tariff(actor=own, product=product, amount=Decimal("99.00"), valid_from=next_year)
    assert tariff.amount == Decimal("99.00")
    assert ChangeLog.objects.filter(event="tarief.toegevoegd", actor_id=own.user_id).count() == 1
