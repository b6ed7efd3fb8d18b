"""Running a scenario: load the profile, create its staff, walk, report.

`walk_profile` runs in the database Django is connected to (the test database in the suite, the demo database with
`toegang scenario run --hier`); `fresh_database` gives the command an empty, migrated database of the same engine
for the walk and throws it away afterwards, so a scenario's numbers are its own."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from django.db import connection

from toegang.core.actor import SYSTEM
from toegang.profiles.actions import do_load_profile
from toegang.profiles.staff import create_profile_staff
from toegang.scenarios.base import Scenario
from toegang.scenarios.registry import SCENARIOS


class UnknownScenario(LookupError):
    pass


def walk_profile(name: str, *, write: Callable[[str], None], strict: bool = True, source: str | None = None
                 ) -> Scenario:
    """Load profile `name` (from `source`, a path, when the demo loaded it from one), create its demo staff and walk
    its scenario. With `strict` the first unmet expectation raises ExpectationFailed (naming the seed section);
    without, every outcome is only recorded and printed."""
    if name not in SCENARIOS:
        raise UnknownScenario(name)
    walk = SCENARIOS[name]
    result = do_load_profile(actor=SYSTEM, name_or_path=source or name)
    scenario = Scenario(profile=result.profile, staff=create_profile_staff(result.profile), write=write,
                        strict=strict)
    write(f"Scenario {name}: {result.profile.title}")
    try:
        walk(scenario)
    finally:
        scenario.stop_clock()
    return scenario


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """An empty database of the configured engine, migrated, for the length of the block (the test runner's own
    mechanism: SQLite in memory, PostgreSQL a `test_…` database beside the configured one); destroyed afterwards."""
    old_name = connection.settings_dict["NAME"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def scenario_titles() -> list[tuple[str, str]]:
    """(profile, first line of the scenario's docstring) for `toegang scenario --list`."""
    return [(name, (walk.__doc__ or "").strip().splitlines()[0] if walk.__doc__ else "")
            for name, walk in SCENARIOS.items()]
