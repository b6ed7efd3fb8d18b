"""Shape-only forms of the Verwijsindex; the rules (BSN, age, refresh) live in verwijsindex.actions.

The signal form asks for nothing but the BSN and the birth date (the organisation, contact person and date are the
account's and today's): the index may hold nothing about the problem (Jeugdwet art. 7.1.3.1)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.persons.forms import DateInput


class SignalForm(forms.Form):
    gemeente = forms.ModelChoiceField(queryset=None, label=_("Gemeente"), empty_label=None)
    # not required here: the action says what is missing in its own words (no BSN: the index works only with it)
    bsn = forms.CharField(max_length=11, required=False, label=_("BSN van de jeugdige"),
                          help_text=_("Negen cijfers; wordt gecontroleerd met de elfproef."))
    birth_date = forms.DateField(required=False, label=_("Geboortedatum"), widget=DateInput(),
                                 help_text=_("Het signaal vervalt uiterlijk op de 23e verjaardag."))

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten


class TakeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AssignForm(forms.Form):
    medewerker = forms.TypedChoiceField(coerce=int, label=_("Coördinator"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medewerker"].choices = [("", "—"), *people]


class HistorySearchForm(forms.Form):
    bsn = forms.CharField(max_length=11, required=False, label=_("BSN"))
