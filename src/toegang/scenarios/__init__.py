"""Seed scenarios: each seed system's way of working walked through the real actions, with the expectations its
document states (issue 17, docs/seeds.md). `toegang scenario run PROFILE` runs one; tests/test_scenarios.py runs all."""
