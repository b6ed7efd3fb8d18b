"""Demo data (`toegang demo`): the daily 'clock due soon' signal run once over the demo's clocks, so `make run`
shows notifications of kind 'termijn verloopt binnenkort' in Berichten (/berichten/) and the header's count."""

from __future__ import annotations

from toegang.core.actor import SYSTEM

from .actions import do_signal_due_clocks


def generate_due_soon() -> int:
    """What `toegang termijnsignalen` does each day. Returns the number of clocks signalled."""
    return do_signal_due_clocks(actor=SYSTEM)
