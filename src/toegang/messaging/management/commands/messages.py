"""`toegang messages import PATH…` and `toegang messages ophalen`: `toegang berichten` under the name issue 14 and
the English README use — one command, two names (docs/messaging.md, "Reading many files")."""

from .berichten import Command  # noqa: F401
