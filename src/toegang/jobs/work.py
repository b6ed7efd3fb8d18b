"""The scheduled work as jobs: each function runs what its management command runs, as the SYSTEM actor, through the
same action (no logic of its own). The commands stay, for cron and for an operator by hand."""

from __future__ import annotations

from toegang.audit.sealing import write_checkpoint
from toegang.core.actor import SYSTEM
from toegang.messaging.actions import receive_from_mailbox
from toegang.provisions.actions import do_raise_reassessment_tasks
from toegang.tasks.actions import do_signal_due_clocks
from toegang.verwijsindex.actions import do_expire_signals


def raise_reassessment_tasks() -> None:
    """`toegang herbeoordelingen`."""
    do_raise_reassessment_tasks(actor=SYSTEM)


def signal_due_clocks() -> None:
    """`toegang termijnsignalen`."""
    do_signal_due_clocks(actor=SYSTEM)


def pick_up_messages() -> None:
    """`toegang berichten ophalen`: the inbox, each message stored, checked and answered (its return message)."""
    for _received in receive_from_mailbox(actor=SYSTEM):
        pass


def audit_checkpoint() -> None:
    """`toegang audit checkpoint`."""
    write_checkpoint()


def expire_verwijsindex_signals() -> None:
    """`toegang verwijsindex verlopen`."""
    do_expire_signals(actor=SYSTEM)
