"""factory-boy factories for setting up tests. Behaviour under test goes through actions."""

import datetime as dt

import factory
from django.utils import timezone

from toegang.accounts.actions import check_create_api_token
from toegang.accounts.models import Gemeente, Medewerker
from toegang.core.actor import SYSTEM
from toegang.persons.models import Household, HouseholdAddress, HouseholdMembership, Resident


def _all_fictional_bsns() -> list[str]:
    out = []
    for middle in range(10_000):
        digits = [9, 9, 9, 9, *map(int, f"{middle:04d}")]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            out.append("".join(map(str, digits)) + str(check))
    return out


FICTIONAL_BSNS = _all_fictional_bsns()


def valid_bsn(n: int) -> str:
    """The n-th fictional BSN 9999xxxxc passing the elfproef: distinct for distinct n (up to ~9,000)."""
    return FICTIONAL_BSNS[n % len(FICTIONAL_BSNS)]


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    gemeente = factory.LazyFunction(lambda: Gemeente.objects.get(cbs_code="9901"))
    wijk = factory.LazyAttribute(lambda o: o.gemeente.wijken.get(code="noord") if o.gemeente.cbs_code == "9901"
                                 else o.gemeente.wijken.first())
    label = factory.Sequence(lambda n: f"Huishouden Test{n}")
    postcode = "9902AB"
    huisnummer = factory.Sequence(lambda n: n + 1)
    straat = "Berkenlaan"
    woonplaats = "Demodam"
    created_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def address(obj, create, extracted, **kwargs):
        if create:
            HouseholdAddress.objects.create(household=obj, postcode=obj.postcode, huisnummer=obj.huisnummer,
                                            straat=obj.straat, woonplaats=obj.woonplaats, valid_from=dt.date(2020, 1, 1))


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident
        skip_postgeneration_save = True

    household = factory.SubFactory(HouseholdFactory)
    gemeente = factory.LazyAttribute(lambda o: o.household.gemeente)
    bsn = factory.Sequence(lambda n: valid_bsn(n))
    voornamen = factory.Faker("first_name", locale="nl_NL")
    geslachtsnaam = factory.Sequence(lambda n: f"Jansen{n}")
    search_name = factory.LazyAttribute(lambda o: o.geslachtsnaam.lower())
    geboortedatum = dt.date(1980, 5, 17)
    geslacht = "2"
    created_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create and obj.household_id:
            HouseholdMembership.objects.create(household=obj.household, resident=obj, valid_from=dt.date(2020, 1, 1))


class MedewerkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Medewerker
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Medewerker{n}")
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def api_key(user: Medewerker, name: str = "Testkoppeling") -> str:
    """A fresh API key of `user` (made by the SYSTEM, valid for the default term): the key to send as
    `Authorization: Bearer <key>`."""
    return check_create_api_token(actor=SYSTEM, medewerker=user, name=name).key
