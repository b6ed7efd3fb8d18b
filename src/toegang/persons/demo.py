"""Synthetic households for demos and benchmarks: Faker nl_NL names, addresses in the profile's postcodes,
realistic compositions and ages, fictional BSNs (prefix 9999) that pass the elfproef. Deterministic per seed.

Pure generation: nothing here touches the database; persons.actions.do_import_households writes.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from faker import Faker

from toegang.core.postcodes import range_bounds

VOORVOEGSELS = sorted(
    ["van", "de", "van de", "van der", "van den", "den", "der", "ter", "te", "ten", "in 't", "op den", "van 't", "'t", "op de"],
    key=len, reverse=True,
)


def split_surname(full: str) -> tuple[str, str]:
    lowered = full.lower()
    for prefix in VOORVOEGSELS:
        if lowered.startswith(prefix + " "):
            return full[: len(prefix)].lower(), full[len(prefix) + 1 :]
    return "", full


def bsn_pool(rng: random.Random) -> list[str]:
    """All fictional BSNs 9999xxxxc that pass the elfproef, shuffled (about 9,100 of them)."""
    pool = []
    for middle in range(10_000):
        digits = [9, 9, 9, 9, *map(int, f"{middle:04d}")]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10 and not (middle == 0 and check == 0):
            pool.append("".join(map(str, digits)) + str(check))
    rng.shuffle(pool)
    return pool


@dataclass
class DemoPerson:
    voornamen: str
    voorvoegsel: str
    geslachtsnaam: str
    geboortedatum: dt.date
    geslacht: str
    role: str  # "ouder", "partner", "kind", "alleen"
    bsn: str | None = None
    telefoon: str = ""
    email: str = ""


@dataclass
class DemoHousehold:
    wijk_code: str
    postcode: str
    huisnummer: int
    toevoeging: str
    straat: str
    woonplaats: str
    since: dt.date
    members: list[DemoPerson] = field(default_factory=list)
    network: list[tuple[str, str, bool]] = field(default_factory=list)  # (name, soort relatie, mantelzorger)


COMPOSITIONS = [  # (weight, adults, children range, elderly)
    (36, 1, (0, 0), False),
    (24, 2, (0, 0), False),
    (22, 2, (1, 3), False),
    (8, 1, (1, 3), False),
    (10, 2, (0, 0), True),
]


def _postcode_in(spec: str, rng: random.Random) -> str:
    start, end = range_bounds(spec)
    digits = rng.randint(int(start[:4]), int(end[:4]))
    letters = "ABCDEGHJKLMNPRSTVWXZ"  # letters used in Dutch postcodes (no F, I, O, Q, U, Y)
    while True:
        code = f"{digits}{rng.choice(letters)}{rng.choice(letters)}"
        if start <= code <= end:
            return code


# Street names found in many Dutch towns, for a wijk whose profile lists none (`straten`).
COMMON_STREETS = [
    "Kerkstraat", "Schoolstraat", "Molenstraat", "Dorpsstraat", "Julianastraat", "Wilhelminastraat", "Beatrixstraat",
    "Nieuwstraat", "Stationsweg", "Kastanjelaan", "Eikenlaan", "Lindelaan", "Beukenlaan", "Berkenlaan",
    "Vondellaan", "Rembrandtlaan", "Tulpstraat", "Rozenstraat", "Merelstraat", "Lijsterstraat", "Emmastraat",
    "Oranjestraat", "Prins Bernhardlaan", "Sportlaan", "Marktplein", "Havenstraat", "Dijkstraat",
    "Parkweg", "Zonnebloemstraat", "Esdoornlaan",
]


def _street_names(seed: str, count: int = 6) -> list[str]:
    """`count` of COMMON_STREETS, the same for the same seed."""
    return random.Random(seed).sample(COMMON_STREETS, count)


def generate_households(profile_data: dict, gemeente_cbs: str, count: int, seed: int, today: dt.date):
    """Yield `count` DemoHousehold for one gemeente of the profile, deterministic for (seed, gemeente, today)."""
    rng = random.Random(f"{seed}-{gemeente_cbs}")
    fake = Faker("nl_NL")
    fake.seed_instance(rng.randint(0, 2**31))
    gemeente = next(g for g in profile_data["gemeenten"] if g["cbs"] == gemeente_cbs)
    wijken = gemeente["wijken"]
    pool = bsn_pool(rng)
    weights = [c[0] for c in COMPOSITIONS]

    def birth(min_age: int, max_age: int) -> dt.date:
        return today - dt.timedelta(days=rng.randint(min_age * 365, max_age * 365 + 364))

    def person(surname: tuple[str, str], min_age: int, max_age: int, role: str, sex: str | None = None) -> DemoPerson:
        sex = sex or rng.choice("12")
        first = fake.first_name_male() if sex == "1" else fake.first_name_female()
        extra = (" " + (fake.first_name_male() if sex == "1" else fake.first_name_female())) if rng.random() < 0.3 else ""
        p = DemoPerson(voornamen=first + extra, voorvoegsel=surname[0], geslachtsnaam=surname[1],
                       geboortedatum=birth(min_age, max_age), geslacht=sex, role=role)
        if pool:
            p.bsn = pool.pop()
        if min_age >= 18:
            p.telefoon = "06" + "".join(str(rng.randint(0, 9)) for _ in range(8))
            if rng.random() < 0.6:
                p.email = f"{first.lower()}.{surname[1].lower().replace(' ', '')}@example.nl"
        return p

    streets = {w["code"]: w.get("straten") or _street_names(f"{seed}-{gemeente_cbs}-{w['code']}") for w in wijken}
    for _ in range(count):
        wijk = rng.choice(wijken)
        straten = streets[wijk["code"]]
        _, adults, (kmin, kmax), elderly = rng.choices(COMPOSITIONS, weights)[0]
        surname = split_surname(fake.last_name())
        household = DemoHousehold(
            wijk_code=wijk["code"], postcode=_postcode_in(rng.choice(wijk["postcodes"]), rng),
            huisnummer=rng.randint(1, 180), toevoeging=rng.choice(["", "", "", "", "A", "B", "1", "2"]),
            straat=rng.choice(straten), woonplaats=wijk.get("woonplaats", gemeente["naam"]),
            since=today - dt.timedelta(days=rng.randint(30, 25 * 365)),
        )
        if elderly:
            household.members.append(person(surname, 67, 95, "ouder" if adults == 1 else "partner", "1"))
            household.members.append(person(surname, 65, 93, "partner", "2"))
        else:
            lo, hi = (25, 55) if kmax else (19, 85)
            first = person(surname, lo, hi, "ouder" if kmax else ("partner" if adults == 2 else "alleen"))
            household.members.append(first)
            if adults == 2:
                partner_name = surname if rng.random() < 0.5 else split_surname(fake.last_name())
                household.members.append(person(partner_name, lo, hi, "ouder" if kmax else "partner",
                                                "2" if first.geslacht == "1" else "1"))
            youngest_parent_age = min((today - m.geboortedatum).days // 365 for m in household.members)
            for _ in range(rng.randint(kmin, kmax) if kmax else 0):
                household.members.append(person(surname, 0, max(0, min(17, youngest_parent_age - 19)), "kind"))
        if rng.random() < 0.35:
            household.network.append((fake.name(), rng.choice(["17", "19", "20"]), rng.random() < 0.5))
        yield household
