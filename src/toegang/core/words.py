"""The labels of Toegang's own code lists in the language of the page (issue 11, point 12).

A code list keeps its Dutch labels, each marked with `gettext_noop` so `make messages` puts it in the English
catalogue: whatever is stored or logged from a list (a clock's stop reason, a change-log text, a letter) stays
Dutch. A page translates a label where it shows it: `translated()` for a form field's choices, the `label_of` filter or
`{% translate obj.get_x_display %}` in a template.

The national code lists (iJw/iWmo: relation kinds, product categories, units, frequencies), the laws and the ZRM's
life domains are the standard's Dutch names and are not translated, like statutory terms (docs/decisions.md).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy


def translated(pairs) -> list[tuple]:
    """(code, label) pairs for a form field, each label in the page's language when the form is shown."""
    return [(code, gettext_lazy(label) if label else label) for code, label in pairs]
