"""The filters of the indicator pages: a period, a gemeente, a team and a district (shape only; the view narrows the
choices to what the reader may see)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from toegang.persons.forms import DateInput

MAX_YEARS = 5  # the dashboard's reach: five years of a municipality (issue 15)


class IndicatorFilterForm(forms.Form):
    van = forms.DateField(label=_("Van"), widget=DateInput())
    tot = forms.DateField(label=_("Tot en met"), widget=DateInput())
    gemeente = forms.TypedChoiceField(label=_("Gemeente"), coerce=int, required=False, empty_value=None)
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, required=False, empty_value=None)
    wijk = forms.TypedChoiceField(label=_("Wijk"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, gemeenten, teams, wijken, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", gettext("alle"))]
        self.fields["gemeente"].choices = everything + list(gemeenten)
        self.fields["team"].choices = everything + list(teams)
        self.fields["wijk"].choices = everything + list(wijken)
        if len(gemeenten) < 2:
            del self.fields["gemeente"]

    def clean(self):
        data = super().clean()
        start, end = data.get("van"), data.get("tot")
        if start and end:
            if end < start:
                self.add_error("tot", gettext("De einddatum ligt vóór de begindatum."))
            elif end - start > dt.timedelta(days=366 * MAX_YEARS):
                self.add_error("tot", gettext("Kies een periode van hoogstens %(n)s jaar.") % {"n": MAX_YEARS})
        return data
