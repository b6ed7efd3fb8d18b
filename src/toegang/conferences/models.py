"""Casusoverleg (issue 12)."""
