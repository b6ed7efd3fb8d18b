"""The scenarios by profile name. A seed scenario module defines `walk(s: Scenario)`; add it here."""

from collections.abc import Callable

from toegang.scenarios import bergen_cjg_2014, buch_2015, g7_2010, krimpen_2014, stadskanaal_2018

SCENARIOS: dict[str, Callable] = {
    "bergen-cjg-2014": bergen_cjg_2014.walk,
    "buch-2015": buch_2015.walk,
    "krimpen-2014": krimpen_2014.walk,
    "g7-2010": g7_2010.walk,
    "stadskanaal-2018": stadskanaal_2018.walk,
}
