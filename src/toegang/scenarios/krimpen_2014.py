"""Krimpen aan den IJssel 2014: de voordeur, het vraag- en intaketeam en het Krimpens Sociaal Team (seed-002)."""

import datetime as dt

from toegang.intake.actions import MeldingData, check_register_melding
from toegang.persons.actions.data import AddressData, ResidentData
from toegang.persons.actions.residents import check_register_resident
from toegang.scenarios.base import Scenario


def walk(s: Scenario) -> None:
    """Krimpen aan den IJssel 2014: de voordeur, het vraag- en intaketeam en het Krimpens Sociaal Team (seed-002)."""
    s.at("2026-03-02T09:00")  # a Monday
    balie = s.actor("balie")
    gemeente = s.gemeente("0542")

    s.say("Mevrouw Jansen komt aan de balie WZOI: zij redt het thuis niet meer sinds haar man is overleden.")
    resident = check_register_resident(
        actor=balie, gemeente=gemeente,
        data=ResidentData(voornamen="Geertruida", geslachtsnaam="Jansen", bsn="111222333",
                          geboortedatum=dt.date(1948, 5, 12)),
        address=AddressData(postcode="2922 AB", huisnummer=14, straat="Oosterstraat",
                            woonplaats="Krimpen aan den IJssel"))
    melding, _ = check_register_melding(
        actor=balie, gemeente=gemeente, persons=[resident],
        data=MeldingData(question="Redt het thuis niet meer sinds het overlijden van haar man.", channel="balie",
                         source="zelf", laws=["wmo"]))
    s.say("De balie registreert de melding; Toegang routeert haar volgens het profiel.")
    s.expect_equal(melding.team.code if melding.team else None, "vit",
                   "de melding komt bij het vraag- en intaketeam", source="seed-002 §3.1.1")
