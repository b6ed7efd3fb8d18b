from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from toegang.core.words import translated
from toegang.persons.forms import DateInput

from .models import CLOSE_REASONS, CONTACT_KINDS, DOCUMENT_TYPES

# Long free text: the project-wide limit (issue 9); shorter fields take their column's max_length.
LONG_TEXT = settings.TOEGANG_MAX_TEXT_CHARS


class SharedChoices(forms.models.ModelChoiceIterator):
    """The choices from the field's own queryset object, not a fresh copy: its rows are fetched once and cached, so
    the forms of one page that pick from the same staff (director, betrokkene, successor) share one query (issue 16)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class CaseWorkerChoice(forms.ModelChoiceField):
    """A staff member by name and organisation (two people of one name at different organisations stay apart).
    The queryset given is kept as it is (SharedChoices); validation still asks the database (queryset.get)."""

    iterator = SharedChoices

    def __init__(self, **kwargs):
        super().__init__(queryset=None, empty_label=_("Kies een medewerker"), **kwargs)

    def _set_queryset(self, queryset):
        self._queryset = queryset
        self.widget.choices = self.choices

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj) -> str:
        name = str(obj)
        return f"{name} — {obj.organisatie.name}" if obj.organisatie_id else name


class DirectorForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van de casus"))
    medewerker = CaseWorkerChoice(label=_("Casusregisseur"))
    reason = forms.CharField(max_length=500, required=False, label=_("Toelichting"))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medewerker"].queryset = staff


class InvolvementForm(forms.Form):
    medewerker = CaseWorkerChoice(label=_("Professional"))
    role = forms.CharField(max_length=200, label=_("Rol bij de casus"))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medewerker"].queryset = staff


class FlagsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    high_risk = forms.BooleanField(required=False, label=_("Hoog risico"))
    politically_sensitive = forms.BooleanField(required=False, label=_("Politiek gevoelig"))
    care_avoider = forms.BooleanField(required=False, label=_("Zorgmijder"))
    reason = forms.CharField(max_length=500, required=False, label=_("Reden van de wijziging"))


class CloseCaseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(choices=[("", _("kies…"))] + translated(CLOSE_REASONS), label=_("Reden van afsluiten"))
    household_informed_on = forms.DateField(label=_("Huishouden geïnformeerd op"), widget=DateInput(), required=False)
    note = forms.CharField(max_length=1000, required=False, label=_("Toelichting"),
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(forms.Form):
    reason = forms.CharField(max_length=500, label=_("Reden van heropenen"))


class ContactMomentForm(forms.Form):
    at = forms.DateTimeField(label=_("Moment"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                             widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    kind = forms.ChoiceField(choices=translated(CONTACT_KINDS), label=_("Soort"))
    participants = forms.CharField(max_length=500, label=_("Deelnemers"))
    summary = forms.CharField(max_length=LONG_TEXT, label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    text = forms.CharField(max_length=LONG_TEXT, label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}))
    confidential = forms.BooleanField(required=False, label=_("Vertrouwelijk (alleen casusregisseur en procesregisseur van deze casus)"))


class HandoverForm(forms.Form):
    successor = CaseWorkerChoice(label=_("Opvolger"))
    to_team = forms.ModelChoiceField(queryset=None, required=False, label=_("Naar team"), empty_label=_("zelfde team"))
    note = forms.CharField(max_length=LONG_TEXT,
                           label=_("Toelichting voor de opvolger (wat speelt er, wat loopt er)"),
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, staff, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = staff
        self.fields["to_team"].queryset = teams


class HandoverDecisionForm(forms.Form):
    accept = forms.TypedChoiceField(coerce=lambda v: v == "ja", choices=[("ja", _("aanvaarden")), ("nee", _("afwijzen"))],
                                    label=_("Besluit"))
    reason = forms.CharField(max_length=1000, required=False, label=_("Reden (verplicht bij afwijzen)"))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(choices=translated(DOCUMENT_TYPES), label=_("Soort"))
    title = forms.CharField(max_length=200, label=_("Titel"))
    file = forms.FileField(label=_("Bestand (PDF, PNG, JPEG of Word; maximaal 10 MB)"))


class TaskForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Taak"))
    assignee = forms.ModelChoiceField(queryset=None, label=_("Voor"))
    due_on = forms.DateField(label=_("Uiterlijk"), widget=DateInput())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people
