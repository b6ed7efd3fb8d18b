"""Query parameters of the API lists: a value we cannot use is refused with 400 naming the parameter (issue 9),
never silently ignored, and never handed to the database out of its range."""

from __future__ import annotations

from toegang.core.errors import ValidationFailed

# The largest id or page number we look up: PostgreSQL's integer; beyond it no row exists.
MAX_INT = 2**31 - 1


def refuse(name: str, reason: str):
    raise ValidationFailed("Controleer de zoekparameters.", field_errors={name: [reason]})


def int_param(params, name: str, *, minimum: int = 1, maximum: int = MAX_INT) -> int | None:
    """The whole number in `?name=`, or None when it is absent or empty."""
    value = params.get(name, "")
    if value == "":
        return None
    if not value.isascii() or not value.isdigit():
        refuse(name, f"'{value[:40]}' is geen geheel getal.")
    number = int(value)
    if not minimum <= number <= maximum:
        refuse(name, f"Kies een getal van {minimum} tot en met {maximum}.")
    return number


def choice_param(params, name: str, choices) -> str:
    """The value of `?name=` if it is one of `choices` (codes, or (code, label) pairs); '' when absent."""
    value = params.get(name, "")
    codes = [c[0] if isinstance(c, tuple | list) else c for c in choices]
    if value and value not in codes:
        refuse(name, f"Onbekende waarde '{value[:40]}'; kies uit: {', '.join(codes)}.")
    return value
