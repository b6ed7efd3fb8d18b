from django import forms
from django.conf import settings

from toegang.persons.forms import DateInput

from .actions import PGB_CONDITIONS
from .codes import FREQUENTIE, LAWS
from .models import Besluit, Bezwaar, Indicatie, Tarief

# Long free text: the project-wide limit (issue 9); shorter fields take their column's max_length.
LONG_TEXT = settings.TOEGANG_MAX_TEXT_CHARS

NEW_AANVRAAG = "nieuw"


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return (f"{obj.voorziening.name} — {obj.code} {obj.name} "
                f"({obj.get_unit_display()} {obj.get_frequency_display()})")


class IndicationForm(forms.Form):
    """The proposal a case director prepares from the plan."""

    use_required_attribute = False

    aanvraag = forms.ChoiceField(label="Aanvraag")
    client = forms.ModelChoiceField(queryset=None, label="Voor wie")
    product = ProductChoiceField(queryset=None, label="Voorziening en product")
    volume = forms.IntegerField(label="Omvang", min_value=1, max_value=99999999,
                                help_text="een heel getal in de eenheid van het product")
    frequency = forms.ChoiceField(choices=[("", "zoals bij het product")] + FREQUENTIE, label="Frequentie",
                                  required=False)
    start = forms.DateField(label="Ingangsdatum", widget=DateInput())
    end = forms.DateField(label="Einddatum", widget=DateInput())
    form = forms.ChoiceField(choices=Indicatie.Form.choices, label="Leveringsvorm", widget=forms.RadioSelect)
    provider = forms.ModelChoiceField(queryset=None, required=False, label="Aanbieder (bij zorg in natura)")
    # The texts and goals are checked by the action, which says why in domain terms (general provisions first).
    mark_optional = False
    goals = forms.MultipleChoiceField(label="Plandoelen waar dit aan bijdraagt", widget=forms.CheckboxSelectMultiple,
                                      required=False)
    motivation = forms.CharField(label="Motivering", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                                 required=False)
    considered = forms.ModelMultipleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
                                                label="Overwogen algemene voorzieningen (sociale kaart)")
    own_strength = forms.CharField(label="Wat kan de cliënt zelf?", widget=forms.Textarea(attrs={"rows": 2}),
                                   max_length=4000, required=False)
    network = forms.CharField(label="Wat kan het netwerk?", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000,
                              required=False)
    why_not_enough = forms.CharField(label="Waarom volstaan algemene voorzieningen, eigen kracht en netwerk niet?",
                                     widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False)
    pgb_bekwaam = forms.BooleanField(required=False, label="PGB: " + PGB_CONDITIONS[0][1])
    pgb_motivering = forms.CharField(required=False, max_length=2000, label="PGB: " + PGB_CONDITIONS[1][1],
                                     widget=forms.Textarea(attrs={"rows": 2}))
    pgb_kwaliteit = forms.BooleanField(required=False, label="PGB: " + PGB_CONDITIONS[2][1])

    def __init__(self, *args, aanvragen, members, products, providers, general, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aanvraag"].choices = [(str(a.pk), f"aanvraag {a.pk} van {a.received_on:%d-%m-%Y}: {a.requested} "
                                                       f"({a.get_law_display()})") for a in aanvragen] + [
            (NEW_AANVRAAG, "nieuwe aanvraag: de inwoner vraagt dit vandaag aan")]
        self.fields["client"].queryset = members
        self.fields["product"].queryset = products
        self.fields["provider"].queryset = providers
        self.fields["considered"].queryset = general
        self.fields["goals"].choices = [(g["id"], g["description"]) for g in goals]

    def pgb_conditions(self) -> dict:
        d = self.cleaned_data
        return {"bekwaam": d["pgb_bekwaam"], "motivering": d["pgb_motivering"].strip(), "kwaliteit": d["pgb_kwaliteit"]}


class VersionForm(forms.Form):
    """A form that acts on the version of the object the page shows (a hidden input the page writes)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        # The person cannot see or fix a hidden field: say what to do instead of naming it in the error summary.
        if self._errors.pop("version", None):
            raise forms.ValidationError("Het formulier kwam onvolledig binnen. Laad de pagina opnieuw en probeer "
                                        "het nog eens.")
        return super().clean()


class DecisionForm(VersionForm):
    use_required_attribute = False  # the server says what is missing; Utrecht marks untouched required radios red
    outcome = forms.ChoiceField(choices=Besluit.Outcome.choices, label="Besluit", widget=forms.RadioSelect)
    granted_volume = forms.IntegerField(required=False, min_value=1, label="Toegekende omvang (bij deels toekennen)")
    reasons = forms.CharField(label="Motivering (komt in de brief)", widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=4000)
    legal_ground = forms.CharField(required=False, max_length=500, label="Wettelijke grondslag",
                                   help_text="leeg: de grondslag van de wet van deze voorziening")


class SecondOpinionForm(VersionForm):
    use_required_attribute = False
    approve = forms.TypedChoiceField(choices=[("1", "akkoord: besluit vaststellen"), ("0", "terugsturen")],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect, label="Tweede beoordeling")
    reason = forms.CharField(required=False, max_length=1000, label="Toelichting")


class SendForm(VersionForm):
    sent_on = forms.DateField(label="Verzonden op", widget=DateInput())


class WithdrawForm(VersionForm):
    reason = forms.CharField(max_length=1000, label="Reden van intrekken")


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label="Ontvangen op", widget=DateInput())
    objector = forms.CharField(max_length=200, label="Indiener")
    grounds = forms.CharField(label="Gronden van het bezwaar", widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=4000)


class ObjectionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=Bezwaar.Outcome.choices, label="Beslissing op bezwaar")
    reasons = forms.CharField(required=False, label="Motivering", widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=4000)
    new_besluit = forms.TypedChoiceField(required=False, coerce=int, empty_value=None,
                                         label="Nieuw besluit (bij gegrond)")

    def __init__(self, *args, corrections: list, **kwargs):
        """`corrections`: the decisions that correct the contested one (a list, read once for every form)."""
        super().__init__(*args, **kwargs)
        self.fields["new_besluit"].choices = [("", "geen")] + [(b.pk, f"besluit {b.pk} van {b.established_on:%d-%m-%Y}"
                                                               if b.established_on else f"besluit {b.pk}")
                                                              for b in corrections]


class SocialMapSearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, label="Zoek op wat, voor wie of waar")
    wet = forms.ChoiceField(required=False, choices=[("", "alle")] + LAWS, label="Wet")
    gemeente = forms.ChoiceField(required=False, label="Gemeente")

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", "alle")] + [(str(g.pk), g.name) for g in gemeenten]


class VoorzieningForm(forms.Form):
    name = forms.CharField(max_length=200, label="Naam")
    description = forms.CharField(max_length=LONG_TEXT, required=False, label="Wat",
                                  widget=forms.Textarea(attrs={"rows": 2}))
    audience = forms.CharField(required=False, max_length=500, label="Voor wie")
    location = forms.CharField(required=False, max_length=500, label="Waar")
    contact = forms.CharField(required=False, max_length=500, label="Hoe te bereiken")
    active = forms.BooleanField(required=False, label="Actief (zichtbaar en te kiezen)")


class TariffForm(forms.Form):
    amount = forms.DecimalField(max_digits=10, decimal_places=2, label="Bedrag per eenheid (€)")
    valid_from = forms.DateField(label="Geldig vanaf", widget=DateInput())
    kind = forms.ChoiceField(choices=Tarief.Kind.choices, label="Soort")


class CeilingForm(forms.Form):
    ceiling = forms.DecimalField(max_digits=14, decimal_places=2, min_value=0, label="Nieuw plafond (€)",
                                 widget=forms.TextInput(attrs={"inputmode": "decimal"}))
