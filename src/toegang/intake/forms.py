"""Shape-only forms of the front door; rules live in intake.actions."""

from django import forms
from django.conf import settings
from django.utils import timezone

from toegang.persons.forms import DateInput

from .codes import BRON, KANAAL, LEVENSGEBIEDEN, SETTING, TRIAGE, URGENTIE, WETTEN

# Long free text: the project-wide limit (issue 9); shorter fields take their column's max_length.
LONG_TEXT = settings.TOEGANG_MAX_TEXT_CHARS


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeldingForm(forms.Form):
    gemeente = forms.ModelChoiceField(queryset=None, label="Gemeente", empty_label=None)
    received_at = forms.DateTimeField(label="Ontvangen op", widget=DateTimeInput(),
                                      input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    channel = forms.ChoiceField(choices=KANAAL, label="Kanaal")
    source = forms.ChoiceField(choices=BRON, label="Bron")
    referrer = forms.CharField(max_length=200, required=False, label="Naam melder (als dat niet de inwoner is)")
    question = forms.CharField(max_length=LONG_TEXT, label="Vraag in de eigen woorden van de inwoner",
                               widget=forms.Textarea(attrs={"rows": 4}))
    life_domains = forms.MultipleChoiceField(choices=LEVENSGEBIEDEN, required=False, label="Levensgebieden",
                                             widget=forms.CheckboxSelectMultiple)
    laws = forms.MultipleChoiceField(choices=WETTEN, required=False, label="Wetten", widget=forms.CheckboxSelectMultiple)
    urgency = forms.ChoiceField(choices=URGENTIE, initial="regulier", label="Urgentie")
    setting = forms.ChoiceField(choices=SETTING, required=False, label="Setting")
    anonymous = forms.BooleanField(required=False, label="Anoniem advies (geen inwoner bekend)")
    persons = forms.MultipleChoiceField(required=False, label="Betrokken inwoners", widget=forms.CheckboxSelectMultiple)
    attach_to_open_case = forms.BooleanField(required=False, initial=True,
                                             label="Koppelen aan de open casus van het huishouden")
    idempotency_key = forms.CharField(max_length=80, widget=forms.HiddenInput, required=False,
                                      label="Kenmerk van het formulier")

    def __init__(self, *args, gemeenten, person_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        self.fields["persons"].choices = person_choices
        self.fields["received_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class TriageForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, label="Versie van de melding")
    outcome = forms.ChoiceField(choices=[("", "kies…")] + TRIAGE, label="Uitkomst")
    reason = forms.CharField(max_length=1000, label="Reden", widget=forms.Textarea(attrs={"rows": 2}))
    team = forms.ModelChoiceField(queryset=None, required=False, label="Team (anders dan voorgesteld)",
                                  empty_label="zoals gerouteerd")
    override_reason = forms.CharField(max_length=500, required=False, label="Reden voor ander team")
    referred_to = forms.CharField(max_length=200, required=False, label="Doorverwijzen naar (organisatie)")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, label="Versie van de melding")
    reason = forms.CharField(max_length=500, label="Reden van afsluiten")


class AanvraagForm(forms.Form):
    applicant = forms.TypedChoiceField(coerce=int, label="Aanvrager")
    law = forms.ChoiceField(choices=[("wmo", "Wmo 2015"), ("jeugdwet", "Jeugdwet"), ("participatiewet", "Participatiewet")],
                            label="Wet")
    requested = forms.CharField(max_length=500, label="Gevraagde voorziening")
    received_on = forms.DateField(label="Ontvangen op", widget=DateInput())

    def __init__(self, *args, applicants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].choices = applicants


class SuspendForm(forms.Form):
    since = forms.DateField(label="Opgeschort op", widget=DateInput())
    reason = forms.CharField(max_length=500, label="Reden")


class ResumeForm(forms.Form):
    on = forms.DateField(label="Hervat op", widget=DateInput())


class ExtendForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Reden van verlenging")
    notified_on = forms.DateField(label="Inwoner bericht op", widget=DateInput(), required=False)


class ReferralForm(forms.Form):
    gemeente = forms.ModelChoiceField(queryset=None, label="Gemeente", empty_label=None)
    naam = forms.CharField(max_length=200, label="Naam van de inwoner")
    geboortedatum = forms.DateField(label="Geboortedatum", required=False, widget=DateInput())
    bsn = forms.CharField(max_length=11, required=False, label="BSN")
    postcode = forms.CharField(max_length=7, required=False, label="Postcode")
    huisnummer = forms.IntegerField(required=False, min_value=1, max_value=99999, label="Huisnummer")
    question = forms.CharField(max_length=LONG_TEXT, label="Waarom meldt u aan?",
                               widget=forms.Textarea(attrs={"rows": 4}))
    urgency = forms.ChoiceField(choices=URGENTIE, initial="regulier", label="Urgentie")
    setting = forms.ChoiceField(choices=SETTING, required=False, label="Setting")
    idempotency_key = forms.CharField(max_length=80, widget=forms.HiddenInput, required=False,
                                      label="Kenmerk van het formulier")

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
