"""The retention terms of a gemeente: the profile's `bewaartermijnen`, with the one the law fixes as the default.

A term counts in years from the day the file closed: a case's file takes its youngest record at its closing at the
latest, so for the Jeugdwet ("twintig jaar, te rekenen vanaf het tijdstip van vervaardiging", art. 7.3.8) the whole
file is kept until its youngest record is twenty years old — the older records longer, which the article allows
("of zoveel langer als redelijkerwijs ... voortvloeit"). A kind the profile gives no term is never due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

LAWS = ("jeugdwet", "wmo", "participatiewet")
WITHOUT_PROVISION = "zonder_voorziening"
MELDING = "melding"
# Jeugdwet art. 7.3.8 lid 1: the file of youth care is kept twenty years from its making.
JEUGDWET = {"jaren": 20, "bron": "Jeugdwet art. 7.3.8: twintig jaar vanaf het tijdstip van vervaardiging"}


@dataclass(frozen=True)
class Term:
    key: str
    years: int
    source: str

    def due_on(self, closed_on: dt.date) -> dt.date:
        return closed_on + relativedelta(years=self.years)

    def closed_before(self, today: dt.date) -> dt.date:
        """A file closed on or before this day is due today."""
        return today - relativedelta(years=self.years)


def terms_for(profile_data: dict | None) -> dict[str, Term]:
    configured = (profile_data or {}).get("bewaartermijnen") or {}
    merged = {"jeugdwet": JEUGDWET, **configured}
    return {key: Term(key, int(value["jaren"]), value["bron"]) for key, value in merged.items()}
