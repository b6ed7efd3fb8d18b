"""What a resident and an address are made of, and the domain rules every writer applies to them (no writes).

The UI and the API both pass their input through clean_resident_data / clean_address, so they give the same answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.utils.translation import gettext
from stdnum.nl import bsn as nl_bsn

from toegang.core import clock, dates
from toegang.core.errors import DateProblem, ValidationFailed
from toegang.core.postcodes import normalise_postcode

from ..codes import COMMUNICATIEVORM, GESLACHT, VERTEGENWOORDIGING

RESIDENT_FIELDS = [
    "bsn", "voornamen", "voorvoegsel", "geslachtsnaam", "geboortedatum", "geslacht", "telefoon", "email",
    "communicatievorm", "taal", "communicatie_toelichting", "vertegenwoordiging", "vertegenwoordiger",
]
ADDRESS_FIELDS = ["postcode", "huisnummer", "toevoeging", "straat", "woonplaats"]


@dataclass
class ResidentData:
    voornamen: str
    geslachtsnaam: str
    voorvoegsel: str = ""
    bsn: str | None = None
    geboortedatum: dt.date | None = None
    geslacht: str = "0"
    telefoon: str = ""
    email: str = ""
    communicatievorm: str = ""
    taal: str = ""
    communicatie_toelichting: str = ""
    vertegenwoordiging: str = ""
    vertegenwoordiger: str = ""


@dataclass
class AddressData:
    postcode: str = ""
    huisnummer: int | None = None
    toevoeging: str = ""
    straat: str = ""
    woonplaats: str = ""


def known_codes(choices) -> set[str]:
    """The codes of a code list (persons.codes): what an input field may hold."""
    return {code for code, _ in choices}


def clean_resident_data(data: ResidentData) -> ResidentData:
    """Domain validation shared by UI and API; raises ValidationFailed with field errors in the page's language."""
    errors: dict[str, list[str]] = {}
    bsn = (data.bsn or "").strip()
    if bsn:
        compact = nl_bsn.compact(bsn)
        if not (compact.isdigit() and len(compact) == 9 and nl_bsn.is_valid(compact)):
            errors["bsn"] = [gettext("BSN voldoet niet aan de elfproef.")]
        bsn = compact
    if not data.voornamen.strip():
        errors["voornamen"] = [gettext("Vul de voornamen in.")]
    if not data.geslachtsnaam.strip():
        errors["geslachtsnaam"] = [gettext("Vul de geslachtsnaam in.")]
    if data.geboortedatum is not None:
        if data.geboortedatum > clock.today():
            errors["geboortedatum"] = [DateProblem(gettext("Geboortedatum ligt in de toekomst."))]
        elif data.geboortedatum.year < 1890:
            errors["geboortedatum"] = [gettext("Geboortedatum ligt voor 1890: controleer het jaar.")]
    if data.geslacht not in known_codes(GESLACHT):
        errors["geslacht"] = [gettext("Onbekende code voor geslacht (0 onbekend, 1 mannelijk, 2 vrouwelijk).")]
    if data.communicatievorm and data.communicatievorm not in known_codes(COMMUNICATIEVORM):
        errors["communicatievorm"] = [gettext("Onbekende communicatievorm.")]
    if data.vertegenwoordiging not in known_codes(VERTEGENWOORDIGING):
        errors["vertegenwoordiging"] = [gettext("Onbekende soort vertegenwoordiging.")]
    if data.vertegenwoordiging and not data.vertegenwoordiger.strip():
        errors["vertegenwoordiger"] = [gettext("Vul de naam van de vertegenwoordiger in.")]
    if errors:
        raise ValidationFailed(gettext("De gegevens van de inwoner zijn niet volledig of niet juist."), field_errors=errors)
    return ResidentData(**{**asdict(data), "bsn": bsn or None, "voornamen": data.voornamen.strip(),
                           "geslachtsnaam": data.geslachtsnaam.strip(), "voorvoegsel": data.voorvoegsel.strip()})


def clean_address(address: AddressData) -> AddressData:
    """An empty postcode means no fixed address (allowed); otherwise postcode and house number are required."""
    if not address.postcode.strip():
        if address.huisnummer:
            raise ValidationFailed(gettext("Vul ook de postcode in."), field_errors={"postcode": [gettext("Vul de postcode in.")]})
        return AddressData()
    errors: dict[str, list[str]] = {}
    postcode = ""
    try:
        postcode = normalise_postcode(address.postcode)
    except ValueError as exc:
        errors["postcode"] = [str(exc)]
    if not address.huisnummer or address.huisnummer < 1 or address.huisnummer > 99999:
        errors["huisnummer"] = [gettext("Vul een huisnummer tussen 1 en 99999 in.")]
    if len(address.toevoeging) > 8:
        errors["toevoeging"] = [gettext("Een toevoeging heeft hoogstens 8 tekens.")]
    if errors:
        raise ValidationFailed(gettext("Het adres is niet juist."), field_errors=errors)
    return AddressData(postcode=postcode, huisnummer=address.huisnummer, toevoeging=address.toevoeging.strip().upper(),
                       straat=address.straat.strip(), woonplaats=address.woonplaats.strip())


# No date in a person's life lies before this (the same floor as a birth date above).
EARLIEST_LIFE_YEAR = 1890


def life_date_problem(value: dt.date, *, label: str,
                      not_before: tuple[tuple[dt.date | None, str], ...] = ()) -> str:
    """'' or one sentence for the field (the page's language): a date in someone's life that has happened (joining or leaving a
    household, a relation, gezag) lies not in the future and not before what it follows (a birth, an earlier
    membership). core.dates words it; the go-live window does not apply (a child's gezag began at birth)."""
    if value.year < EARLIEST_LIFE_YEAR:
        return DateProblem(gettext("%(label)s %(day)s ligt voor %(year)s: controleer het jaar.")
                           % {"label": label, "day": dates.fmt(value), "year": EARLIEST_LIFE_YEAR})
    return dates.date_problem(value, label=label, earliest_day=dt.date.min, not_future=True, not_before=not_before)
