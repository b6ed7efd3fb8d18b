"""The shape of complaint and satisfaction input (types, required); the rules are the actions'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.persons.forms import DateInput
from toegang.ui.forms import VersionForm

from .models import ComplaintHandling

TEXT = 1000  # the models' fields: Complaint.about, ComplaintHandling.explanation, SatisfactionAnswer.remark


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ComplaintForm(forms.Form):
    about = forms.CharField(label=_("Waarover gaat de klacht?"), max_length=TEXT,
                            widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DateInput())
    against = OrganisationChoice(label=_("Over de organisatie"), queryset=None, required=False,
                                 empty_label=_("de gemeente zelf (geen andere organisatie)"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["against"].queryset = organisations


class ConcludeStageForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Uitkomst"), widget=forms.RadioSelect,
                                choices=[(value, _(label)) for value, label in ComplaintHandling.Outcome.choices])
    explanation = forms.CharField(label=_("Toelichting"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    concluded_on = forms.DateField(label=_("Afgehandeld op"), widget=DateInput())


class ForwardForm(VersionForm):
    reason = forms.CharField(label=_("Waarom gaat de inwoner verder met de klacht?"), max_length=TEXT,
                             widget=forms.Textarea(attrs={"rows": 3}))
    forwarded_on = forms.DateField(label=_("Doorgezet op"), widget=DateInput())


class SatisfactionForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Cijfer"), coerce=int, widget=forms.RadioSelect)
    answered_on = forms.DateField(label=_("Beantwoord op"), widget=DateInput())
    remark = forms.CharField(label=_("Wat zei het huishouden erbij?"), max_length=TEXT, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, scale: int, question: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [(n, str(n)) for n in range(1, scale + 1)]
        self.fields["score"].label = question
