"""What a scenario is made of: a narrative in Dutch, the seed's staff acting through the real actions, the clock
moved on as the story goes, and expectations that name the seed section they come from.

A scenario is a function `walk(s: Scenario)` in a module of this package, registered in `registry.py`. It acts only
through `check_*`/`do_*` actions and reads through queries, as a person or job would: never by writing rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Gemeente, Medewerker, Team
from toegang.core.actor import Actor
from toegang.profiles.models import Profile


class ExpectationFailed(AssertionError):
    """An expectation of the seed that Toegang did not meet; the message names the seed section."""


@dataclass
class Expectation:
    what: str
    source: str
    ok: bool
    found: str = ""


@dataclass
class Scenario:
    """The state of one walk: the loaded profile, its staff by username, the narrative and the expectations."""

    profile: Profile
    staff: dict[str, Medewerker]
    write: Callable[[str], None]
    strict: bool = True
    expectations: list[Expectation] = field(default_factory=list)
    _travel: time_machine.travel | None = None

    # --- the people -------------------------------------------------------------------------------------------

    def actor(self, username: str) -> Actor:
        """The actor of one of the profile's demo staff (`demo.medewerkers`), as a login would build it."""
        actor = actor_for_user(self.staff[username])
        if actor is None:
            raise ExpectationFailed(f"{username} kan niet inloggen (geen rol in het profiel)")
        return actor

    def user(self, username: str) -> Medewerker:
        return self.staff[username]

    def gemeente(self, cbs: str | None = None) -> Gemeente:
        """A gemeente of the profile by CBS code; without one, the profile's first."""
        gemeenten = Gemeente.objects.filter(profile=self.profile).order_by("pk")
        return gemeenten.get(cbs_code=cbs) if cbs else gemeenten.first()

    def team(self, code: str) -> Team:
        return Team.objects.get(gemeente__profile=self.profile, code=code)

    # --- the story --------------------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        """One sentence of the narrative, in Dutch, as a colleague would tell it."""
        self.write(text)

    def expect(self, ok: bool, what: str, *, source: str, found: object = "") -> None:
        """Check one thing the seed document says should happen. `source` names the seed and section
        ("seed-002 §3.2"); `found` says what Toegang did instead, for the failure message."""
        found_text = "" if ok or found == "" else str(found)
        self.expectations.append(Expectation(what=what, source=source, ok=bool(ok), found=found_text))
        if ok:
            self.write(f"  ✓ {what}")
            return
        message = f"  ✗ {what} — verwacht volgens {source}" + (f"; gevonden: {found_text}" if found_text else "")
        self.write(message)
        if self.strict:
            raise ExpectationFailed(message.strip())

    def expect_equal(self, found: object, expected: object, what: str, *, source: str) -> None:
        self.expect(found == expected, what, source=source, found=found)

    # --- the clock --------------------------------------------------------------------------------------------

    def at(self, moment: dt.datetime | dt.date | str) -> None:
        """Move the clock to a moment in local time (a date means 09:00 that day); later actions happen then."""
        if isinstance(moment, str):
            moment = dt.datetime.fromisoformat(moment)
        if not isinstance(moment, dt.datetime):
            moment = dt.datetime.combine(moment, dt.time(9, 0))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        self.stop_clock()
        self._travel = time_machine.travel(moment, tick=True)
        self._travel.start()

    def later(self, *, days: int = 0, hours: int = 0, minutes: int = 0) -> None:
        """Move the clock on by calendar time from now (the scenario's now)."""
        from_now = dt.datetime.now(tz=ZoneInfo(settings.TIME_ZONE))
        self.at(from_now + dt.timedelta(days=days, hours=hours, minutes=minutes))

    def stop_clock(self) -> None:
        if self._travel is not None:
            self._travel.stop()
            self._travel = None

    # --- the outcome ------------------------------------------------------------------------------------------

    @property
    def failed(self) -> list[Expectation]:
        return [e for e in self.expectations if not e.ok]
