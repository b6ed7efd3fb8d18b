"""The scenarios by profile name. A seed scenario module defines `walk(s: Scenario)`; add it here."""

from collections.abc import Callable

from toegang.scenarios import krimpen_2014

SCENARIOS: dict[str, Callable] = {
    "krimpen-2014": krimpen_2014.walk,
}
