"""Veiligheid: meldcode en veiligheidsplan (issue 12)."""
