from django import forms
from django.conf import settings

from toegang.persons.forms import DateInput

from .models import CLOSE_REASONS, CONTACT_KINDS, DOCUMENT_TYPES

# Long free text: the project-wide limit (issue 9); shorter fields take their column's max_length.
LONG_TEXT = settings.TOEGANG_MAX_TEXT_CHARS


class CaseWorkerChoice(forms.ModelChoiceField):
    """A staff member by name and organisation (two people of one name at different organisations stay apart)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=None, empty_label="Kies een medewerker", **kwargs)

    def label_from_instance(self, obj) -> str:
        name = str(obj)
        return f"{name} — {obj.organisatie.name}" if obj.organisatie_id else name


class DirectorForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, label="Versie van de casus")
    medewerker = CaseWorkerChoice(label="Casusregisseur")
    reason = forms.CharField(max_length=500, required=False, label="Toelichting")

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medewerker"].queryset = staff


class InvolvementForm(forms.Form):
    medewerker = CaseWorkerChoice(label="Professional")
    role = forms.CharField(max_length=200, label="Rol bij de casus")

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medewerker"].queryset = staff


class FlagsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    high_risk = forms.BooleanField(required=False, label="Hoog risico")
    politically_sensitive = forms.BooleanField(required=False, label="Politiek gevoelig")
    care_avoider = forms.BooleanField(required=False, label="Zorgmijder")
    reason = forms.CharField(max_length=500, required=False, label="Reden van de wijziging")


class CloseCaseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(choices=[("", "kies…")] + CLOSE_REASONS, label="Reden van afsluiten")
    household_informed_on = forms.DateField(label="Huishouden geïnformeerd op", widget=DateInput(), required=False)
    note = forms.CharField(max_length=1000, required=False, label="Toelichting",
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Reden van heropenen")


class ContactMomentForm(forms.Form):
    at = forms.DateTimeField(label="Moment", input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                             widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    kind = forms.ChoiceField(choices=CONTACT_KINDS, label="Soort")
    participants = forms.CharField(max_length=500, label="Deelnemers")
    summary = forms.CharField(max_length=LONG_TEXT, label="Verslag", widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    text = forms.CharField(max_length=LONG_TEXT, label="Notitie", widget=forms.Textarea(attrs={"rows": 3}))
    confidential = forms.BooleanField(required=False, label="Vertrouwelijk (alleen casusregisseur en procesregie)")


class HandoverForm(forms.Form):
    successor = CaseWorkerChoice(label="Opvolger")
    to_team = forms.ModelChoiceField(queryset=None, required=False, label="Naar team", empty_label="zelfde team")
    note = forms.CharField(max_length=LONG_TEXT,
                           label="Toelichting voor de opvolger (wat speelt er, wat loopt er)",
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, staff, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = staff
        self.fields["to_team"].queryset = teams


class HandoverDecisionForm(forms.Form):
    accept = forms.TypedChoiceField(coerce=lambda v: v == "ja", choices=[("ja", "aanvaarden"), ("nee", "afwijzen")],
                                    label="Besluit")
    reason = forms.CharField(max_length=1000, required=False, label="Reden (verplicht bij afwijzen)")


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(choices=DOCUMENT_TYPES, label="Soort")
    title = forms.CharField(max_length=200, label="Titel")
    file = forms.FileField(label="Bestand (PDF, PNG, JPEG of Word; maximaal 10 MB)")


class TaskForm(forms.Form):
    title = forms.CharField(max_length=200, label="Taak")
    assignee = forms.ModelChoiceField(queryset=None, label="Voor")
    due_on = forms.DateField(label="Uiterlijk", widget=DateInput())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people
