"""The rules of the meldcode as pure functions (no database): the order of the steps and the afwegingskader.

Sources: Wet verplichte meldcode huiselijk geweld en kindermishandeling (Stb. 2013, 142) and the Besluit verplichte
meldcode huiselijk geweld en kindermishandeling (Stb. 2013, 211), art. 2 lid 1: a meldcode holds the five steps
and, since 1 January 2019 (Stb. 2017, 357), in step 4 an afwegingskader. The framework's five questions below are
its standard wording (Rijksoverheid, "Meldcode huiselijk geweld en kindermishandeling", 2018).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop

QUESTIONS = [
    ("vraag1", gettext_noop("Vraag 1: heb ik op basis van de stappen 1 tot en met 3 een vermoeden van huiselijk geweld "
                            "of kindermishandeling?")),
    ("vraag2", gettext_noop("Vraag 2: schat ik op basis van de stappen 1 tot en met 3 in dat er sprake is van acute "
                            "en/of structurele onveiligheid?")),
    ("vraag3", gettext_noop("Vraag 3: ben ik in staat effectieve hulp te bieden of te organiseren?")),
    ("vraag4", gettext_noop("Vraag 4: aanvaarden de betrokkenen de hulp?")),
    ("vraag5", gettext_noop("Vraag 5: leidt de hulp binnen de gewenste termijn tot duurzame veiligheid?")),
]
ANSWERS = ("ja", "nee")

# What each outcome of the weighing requires at step 5.
GEEN_VERMOEDEN = "geen-vermoeden"  # vraag 1 nee: no suspicion, nothing to report; the trajectory may end
MELDEN = "melden"                  # a report to Veilig Thuis is required
HULP = "hulp"                      # help is offered or organised; reporting is allowed (meldrecht), not required

OUTCOME_LABELS = {
    GEEN_VERMOEDEN: gettext_noop("geen vermoeden: niet melden, het traject kan worden afgesloten"),
    MELDEN: gettext_noop("melden bij Veilig Thuis is verplicht"),
    HULP: gettext_noop("hulp bieden of organiseren en de effecten volgen; melden mag, maar hoeft niet"),
}

# The rule of the afwegingskader, written once (step 5 refuses a decision that contradicts it):
# - vraag 1 nee → geen vermoeden;
# - vraag 2 ja (acute en/of structurele onveiligheid) → melden;
# - vraag 3 nee (no effective help possible), vraag 4 nee (help not accepted), vraag 5 nee (no lasting safety in
#   time) → melden;
# - vraag 5 ja → hulp.
# Besluit verplichte meldcode, art. 2 lid 1 onder b (afwegingskader), in force since 1 January 2019.
RULE_SOURCE = "Besluit verplichte meldcode huiselijk geweld en kindermishandeling, art. 2 (afwegingskader, 2019)"


@dataclass(frozen=True)
class Weighing:
    outcome: str | None  # None while a question the rule needs is unanswered
    needed: tuple[str, ...]  # the questions the rule needs, in order, given the answers so far
    missing: tuple[str, ...]  # of those, the ones still unanswered


def weigh(answers: dict) -> Weighing:
    """The outcome of the afwegingskader for the answers ({"vraag1": "ja", ...}); questions after the deciding one
    need no answer."""
    needed: list[str] = []
    outcome = None
    for code, _ in QUESTIONS:
        needed.append(code)
        answer = answers.get(code)
        if answer not in ANSWERS:
            break
        if code == "vraag1" and answer == "nee":
            outcome = GEEN_VERMOEDEN
        elif code == "vraag2" and answer == "ja":
            outcome = MELDEN
        elif code in {"vraag3", "vraag4", "vraag5"} and answer == "nee":
            outcome = MELDEN
        elif code == "vraag5":
            outcome = HULP
        if outcome:
            break
    missing = tuple(code for code in needed if answers.get(code) not in ANSWERS)
    return Weighing(outcome=None if missing else outcome, needed=tuple(needed), missing=missing)


def allowed_steps(current_step: int) -> list[int]:
    """Steps in order: the next step, or back to any earlier step (a new record; the history stays). Skipping is
    not allowed. `current_step` is the step of the latest record (0 before the first)."""
    return list(range(1, min(current_step + 1, 5) + 1))
