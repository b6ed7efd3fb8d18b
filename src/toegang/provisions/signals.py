"""What other parts of Toegang may follow without provisions knowing them (no upward import)."""

from django.dispatch import Signal

# Sent inside the transaction that establishes a decision (actions/decisions.py, do_establish_decision), with
# `actor` and `besluit`. A receiver that writes does so in that transaction: the assignment to the provider
# (messaging/receivers.py) commits with the decision or not at all.
decision_established = Signal()
