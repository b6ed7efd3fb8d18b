"""Procesregie: wat stokt (issue 12)."""
