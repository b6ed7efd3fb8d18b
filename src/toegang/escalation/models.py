"""Escalatie en doorzettingsmacht (issue 12)."""
