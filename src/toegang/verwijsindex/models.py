"""Verwijsindex (issue 12)."""
