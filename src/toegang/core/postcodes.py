"""Dutch postcodes: validation (python-stdnum) and the normalised form used for district ranges."""

from django.utils.translation import gettext
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import postcode as nl_postcode


def normalise_postcode(value: str) -> str:
    """'1234 ab' -> '1234AB'; raises ValueError with a Dutch message when it is not a Dutch postcode."""
    try:
        return nl_postcode.validate(value).replace(" ", "").upper()
    except StdnumError as exc:
        raise ValueError(gettext("Geen geldige Nederlandse postcode (vier cijfers en twee letters, zoals 1234 AB).")) from exc


def range_bounds(spec: str) -> tuple[str, str]:
    """A profile range ('1234', '1234-1236', '1234AA-1234ZZ', '1234AB') as inclusive 6-character bounds."""
    start, _, end = spec.partition("-")
    end = end or start
    start = start if len(start) == 6 else start + "AA"
    end = end if len(end) == 6 else end + "ZZ"
    return start, end
