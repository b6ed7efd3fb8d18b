"""The only code that writes messaging (STYLE.md), one module per direction, as cases split its actions:

    assign.py   out: the assignment of an established decision in natura (JW301/WMO301), and its change or end
    receive.py  in: a provider's messages, a batch at a time — stored raw, checked, handled, answered

A provider's requests (requests.py) and declarations (declarations.py) are handlers of receive.HANDLERS. Every name
callers used from the single module stays importable from here: `actions.receive(...)`.
"""

from .assign import do_assign_decision, send_assignment
from .receive import (
           BATCH,
           FAULT,
           HANDLERS,
           Batch,
           Outcome,
           Received,
           receive,
           receive_from_mailbox,
           receive_many,
)

__all__ = ["BATCH", "FAULT", "HANDLERS", "Batch", "Outcome", "Received", "do_assign_decision", "receive",
           "receive_from_mailbox", "receive_many", "send_assignment"]
