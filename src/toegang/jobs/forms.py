"""The page Achtergrondtaken: which jobs to show, and the button that runs a failed one again (no fields: the job's
own arguments are run again, unchanged)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

SHOWN = [("", _("alle taken")), ("mislukt", _("alleen mislukte taken"))]


class JobFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Tonen"), choices=SHOWN, required=False)
    mark_optional = False


class RerunForm(forms.Form):
    pass
