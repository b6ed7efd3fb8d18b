from django import forms

from toegang.intake.codes import LEVENSGEBIEDEN
from toegang.persons.forms import DateInput

from .actions import AGREEMENT_HOW, GOAL_STATUS, OWNER_TYPES


class GoalForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, label="Versie van het plan")
    domain = forms.ChoiceField(choices=LEVENSGEBIEDEN, label="Levensgebied")
    person = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Voor wie")
    description = forms.CharField(max_length=500, label="Doel")
    desired_result = forms.CharField(max_length=500, label="Gewenst resultaat")
    measure = forms.CharField(max_length=500, required=False, label="Hoe meten we het?")
    target_date = forms.DateField(required=False, label="Streefdatum", widget=DateInput())

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "het hele huishouden")] + [(m.pk, m.full_name) for m in members]


class GoalStatusForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, label="Versie van het plan")
    goal = forms.CharField(widget=forms.HiddenInput, label="Doel")
    status = forms.ChoiceField(choices=GOAL_STATUS, label="Status")


class ActionForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, label="Versie van het plan")
    goal = forms.ChoiceField(label="Bij doel")
    owner_type = forms.ChoiceField(choices=OWNER_TYPES, label="Wie")
    owner = forms.CharField(max_length=200, required=False, label="Naam of organisatie")
    description = forms.CharField(max_length=500, label="Actie")
    due_date = forms.DateField(required=False, label="Klaar op", widget=DateInput())

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [(g["id"], g["description"]) for g in goals]


class EvaluationForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, label="Versie van het plan")
    on = forms.DateField(label="Evaluatie op", widget=DateInput())
    note = forms.CharField(max_length=300, required=False, label="Toelichting")


class AgreeForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, label="Versie van het plan")
    agreed_on = forms.DateField(label="Akkoord op", widget=DateInput())
    how = forms.ChoiceField(choices=AGREEMENT_HOW, label="Hoe")
    by = forms.CharField(max_length=300, label="Akkoord gegeven door")
