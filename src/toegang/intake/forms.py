"""Shape-only forms of the front door; rules live in intake.actions."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toegang.core.words import translated
from toegang.persons.forms import DateInput, RegisterForm

from .actions import kenmerk_codes
from .codes import BRON, KANAAL, LEVENSGEBIEDEN, SETTING, TRIAGE, URGENTIE, WETTEN
from .models import ClientSupport

# Long free text: the project-wide limit (issue 9); shorter fields take their column's max_length.
LONG_TEXT = settings.TOEGANG_MAX_TEXT_CHARS


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeldingForm(forms.Form):
    gemeente = forms.ModelChoiceField(queryset=None, label=_("Gemeente"), empty_label=None)
    received_at = forms.DateTimeField(label=_("Ontvangen op"), widget=DateTimeInput(),
                                      input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    channel = forms.ChoiceField(choices=translated(KANAAL), label=_("Kanaal"))
    source = forms.ChoiceField(choices=translated(BRON), label=_("Bron"))
    referrer = forms.CharField(max_length=200, required=False, label=_("Naam melder (als dat niet de inwoner is)"))
    question = forms.CharField(max_length=LONG_TEXT, label=_("Vraag in de eigen woorden van de inwoner"),
                               widget=forms.Textarea(attrs={"rows": 4}))
    life_domains = forms.MultipleChoiceField(choices=LEVENSGEBIEDEN, required=False, label=_("Levensgebieden"),
                                             widget=forms.CheckboxSelectMultiple)
    laws = forms.MultipleChoiceField(choices=WETTEN, required=False, label=_("Wetten"), widget=forms.CheckboxSelectMultiple)
    urgency = forms.ChoiceField(choices=translated(URGENTIE), initial="regulier", label=_("Urgentie"))
    setting = forms.ChoiceField(choices=translated(SETTING), required=False, label=_("Setting"))
    kenmerken = forms.MultipleChoiceField(required=False, label=_("Kenmerken"), widget=forms.CheckboxSelectMultiple)
    anonymous = forms.BooleanField(required=False, label=_("Anoniem advies (geen inwoner bekend)"))
    persons = forms.MultipleChoiceField(required=False, label=_("Betrokken inwoners"), widget=forms.CheckboxSelectMultiple)
    attach_to_open_case = forms.BooleanField(required=False, initial=True,
                                             label=_("Koppelen aan de open casus van het huishouden"))
    idempotency_key = forms.CharField(max_length=80, widget=forms.HiddenInput, required=False,
                                      label=_("Kenmerk van het formulier"))

    def __init__(self, *args, gemeenten, person_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        self.fields["persons"].choices = person_choices
        # the characteristics the profile routes on (voordeur.kenmerken, G7 Den Haag R1–R9); none: no field
        choices = dict(code_name for profile_data in {g.profile_id: g.profile.data
                                                      for g in gemeenten.select_related("profile")}.values()
                       for code_name in kenmerk_codes(profile_data))
        if choices:
            self.fields["kenmerken"].choices = list(choices.items())
        else:
            del self.fields["kenmerken"]
        self.fields["received_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class TriageForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van de melding"))
    outcome = forms.ChoiceField(choices=[("", _("kies…"))] + translated(TRIAGE), label=_("Uitkomst"))
    reason = forms.CharField(max_length=1000, label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))
    team = forms.ModelChoiceField(queryset=None, required=False, label=_("Team (anders dan voorgesteld)"),
                                  empty_label=_("zoals gerouteerd"))
    override_reason = forms.CharField(max_length=500, required=False, label=_("Reden voor ander team"))
    referred_to = forms.CharField(max_length=200, required=False, label=_("Doorverwijzen naar (organisatie)"))
    advice_about = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Bij informatie en advies: over welke maatwerkvoorziening(en)?"),
        help_text=_("Informatie en advies over een maatwerkvoorziening vraagt het mandaat daarvoor."))

    def __init__(self, *args, teams, provisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["advice_about"].queryset = provisions


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van de melding"))
    reason = forms.CharField(max_length=500, label=_("Reden van afsluiten"))


class AanvraagForm(forms.Form):
    applicant = forms.TypedChoiceField(coerce=int, label=_("Aanvrager"))
    law = forms.ChoiceField(choices=[("wmo", "Wmo 2015"), ("jeugdwet", "Jeugdwet"), ("participatiewet", "Participatiewet")],
                            label=_("Wet"))
    requested = forms.CharField(max_length=500, label=_("Gevraagde voorziening"))
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DateInput())

    def __init__(self, *args, applicants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].choices = applicants


class SuspendForm(forms.Form):
    since = forms.DateField(label=_("Opgeschort op"), widget=DateInput())
    reason = forms.CharField(max_length=500, label=_("Reden"))


class ResumeForm(forms.Form):
    on = forms.DateField(label=_("Hervat op"), widget=DateInput())


class ExtendForm(forms.Form):
    reason = forms.CharField(max_length=500, label=_("Reden van verlenging"))
    notified_on = forms.DateField(label=_("Inwoner bericht op"), widget=DateInput(), required=False)


class ReferralForm(forms.Form):
    gemeente = forms.ModelChoiceField(queryset=None, label=_("Gemeente"), empty_label=None)
    naam = forms.CharField(max_length=200, label=_("Naam van de inwoner"))
    geboortedatum = forms.DateField(label=_("Geboortedatum"), required=False, widget=DateInput())
    bsn = forms.CharField(max_length=11, required=False, label=_("BSN"))
    postcode = forms.CharField(max_length=7, required=False, label=_("Postcode"))
    huisnummer = forms.IntegerField(required=False, min_value=1, max_value=99999, label=_("Huisnummer"))
    question = forms.CharField(max_length=LONG_TEXT, label=_("Waarom verwijst u de inwoner?"),
                               widget=forms.Textarea(attrs={"rows": 4}))
    urgency = forms.ChoiceField(choices=translated(URGENTIE), initial="regulier", label=_("Urgentie"))
    setting = forms.ChoiceField(choices=translated(SETTING), required=False, label=_("Setting"))
    idempotency_key = forms.CharField(max_length=80, widget=forms.HiddenInput, required=False,
                                      label=_("Kenmerk van het formulier"))

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten


# --- the duties around the investigation (intake/duties.py) -------------------------------------------------------


class ReceiptForm(forms.Form):
    """Who gets the ontvangstbevestiging (or the written report of the investigation)."""

    recipient = forms.TypedChoiceField(coerce=int, label=_("Aan"))

    def __init__(self, *args, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = recipients


class PersonalPlanForm(forms.Form):
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DateInput())
    summary = forms.CharField(max_length=LONG_TEXT, label=_("Samenvatting: wat schrijft de inwoner?"),
                              widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(required=False, label=_("Het plan zelf (optioneel; PDF, PNG, JPEG of Word)"))


class ClientSupportForm(forms.Form):
    pointed_out_on = forms.DateField(label=_("Gewezen op gratis cliëntondersteuning op"), widget=DateInput())
    how = forms.CharField(max_length=200, label=_("Hoe (brief, gesprek, telefoon)"))
    used = forms.ChoiceField(label=_("Heeft de inwoner een cliëntondersteuner?"), choices=ClientSupport.Use.choices)
    provider = forms.CharField(max_length=200, required=False, label=_("Cliëntondersteuner (organisatie)"))


# --- taking up a referral: linking or registering the person it is about (issue 11, point 3) ----------------------


class LinkForm(forms.Form):
    """"Koppel aan deze melding" for one resident found by the search on the melding page. The search that found them
    is sent along (the SearchForm's fields, prefix "bekend"), so a refused link shows the same list again."""

    version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van de melding"))
    inwoner = forms.IntegerField(widget=forms.HiddenInput, min_value=1, label=_("Inwoner"))


class ReferralResidentForm(RegisterForm):
    """Registering the resident a referral is about: the persons registration form, filled in from what the referrer
    gave, with the version of the melding it is linked to."""

    version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van de melding"))
