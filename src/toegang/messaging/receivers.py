"""A granted decision in natura (ZIN) assigns care to its provider (issue 14 item 1)."""

from django.dispatch import receiver

from toegang.provisions.signals import decision_established

from .actions import do_assign_decision


@receiver(decision_established, dispatch_uid="messaging.assign_on_decision")
def assign_on_decision(sender, *, actor, besluit, **kwargs):
    do_assign_decision(actor=actor, besluit=besluit)
