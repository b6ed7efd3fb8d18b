from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.core.words import translated
from toegang.intake.codes import LEVENSGEBIEDEN
from toegang.persons.forms import DateInput

from .actions import AGREEMENT_HOW, COORDINATION, GOAL_STATUS, OWNER_TYPES


class GoalForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van het plan"))
    domain = forms.ChoiceField(choices=LEVENSGEBIEDEN, label=_("Levensgebied"))
    person = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label=_("Voor wie"))
    description = forms.CharField(max_length=500, label=_("Doel"))
    desired_result = forms.CharField(max_length=500, label=_("Gewenst resultaat"))
    measure = forms.CharField(max_length=500, required=False, label=_("Hoe meten we het?"))
    target_date = forms.DateField(required=False, label=_("Streefdatum"), widget=DateInput())

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("het hele huishouden"))] + [(m.pk, m.full_name) for m in members]


class GoalStatusForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van het plan"))
    goal = forms.CharField(widget=forms.HiddenInput, label=_("Doel"))
    status = forms.ChoiceField(choices=translated(GOAL_STATUS), label=_("Status"))


class ActionForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van het plan"))
    goal = forms.ChoiceField(label=_("Bij doel"))
    owner_type = forms.ChoiceField(choices=translated(OWNER_TYPES), label=_("Wie"))
    owner = forms.CharField(max_length=200, required=False, label=_("Naam of organisatie"))
    description = forms.CharField(max_length=500, label=_("Actie"))
    due_date = forms.DateField(required=False, label=_("Klaar op"), widget=DateInput())

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [(g["id"], g["description"]) for g in goals]


class EvaluationForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van het plan"))
    on = forms.DateField(label=_("Evaluatie op"), widget=DateInput())
    note = forms.CharField(max_length=300, required=False, label=_("Toelichting"))


class AgreeForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van het plan"))
    agreed_on = forms.DateField(label=_("Akkoord op"), widget=DateInput())
    how = forms.ChoiceField(choices=translated(AGREEMENT_HOW), label=_("Hoe"))
    by = forms.CharField(max_length=300, label=_("Akkoord gegeven door"))


class CoordinationForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van het plan"))
    by = forms.ChoiceField(choices=translated(COORDINATION), label=_("Wie coördineert de zorg"))
    name = forms.CharField(max_length=200, required=False, label=_("Naam"),
                           help_text=_("Bij een professional verplicht; bij het huishouden bijvoorbeeld welke ouder."))
    reason = forms.CharField(max_length=300, required=False, label=_("Wie koos dit en waarom"),
                             help_text=_("Het uitgangspunt is dat de ouders de zorg coördineren."))
