"""The shape of escalation input (types, required); the rules are the actions'."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from toegang.persons.forms import DateInput

LONG_TEXT = settings.TOEGANG_MAX_TEXT_CHARS


class EscalateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ladder = forms.ChoiceField(label=_("Escalatieladder"), required=False)
    reason = forms.CharField(label=_("Reden van opschalen"), max_length=LONG_TEXT,
                             widget=forms.Textarea(attrs={"rows": 3}))
    signals = forms.MultipleChoiceField(label=_("Signalen"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, ladders=(), signals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ladder"].choices = [(code, name) for code, name in ladders]
        self.fields["signals"].choices = list(signals)


class DeescalateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("Reden van afschalen"), max_length=LONG_TEXT,
                             widget=forms.Textarea(attrs={"rows": 3}))


class PickUpForm(forms.Form):
    note = forms.CharField(label=_("Wat gaat u doen?"), max_length=LONG_TEXT,
                           widget=forms.Textarea(attrs={"rows": 2}))


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        name = str(obj)
        return f"{name} — {obj.organisatie.name}" if obj.organisatie_id else name


class BindingDecisionForm(forms.Form):
    decision = forms.CharField(label=_("Besluit: wat is bindend?"), max_length=LONG_TEXT,
                               widget=forms.Textarea(attrs={"rows": 4}))
    decided_on = forms.DateField(label=_("Besloten op"), widget=DateInput())
    organisations = forms.ModelMultipleChoiceField(label=_("Bindend voor"), queryset=None,
                                                   widget=forms.CheckboxSelectMultiple)
    heard_professionals = PeopleChoice(label=_("Gehoorde betrokken professionals"), queryset=None, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    heard = forms.CharField(label=_("Verder gehoord"), max_length=LONG_TEXT, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    takes_over = forms.BooleanField(label=_("Ik neem de casus over als casusregisseur"), required=False)

    def __init__(self, *args, organisations, professionals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations
        self.fields["heard_professionals"].queryset = professionals
