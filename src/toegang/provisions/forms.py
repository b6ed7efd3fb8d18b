from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from toegang.core.words import translated
from toegang.persons.forms import DateInput
from toegang.ui.forms import VersionForm

from .actions import PGB_CONDITIONS
from .codes import FREQUENTIE, LAWS
from .models import Besluit, Bezwaar, Indicatie, Raadpleging, Tarief

# Long free text: the project-wide limit (issue 9); shorter fields take their column's max_length.
LONG_TEXT = settings.TOEGANG_MAX_TEXT_CHARS

NEW_AANVRAAG = "nieuw"


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return (f"{obj.voorziening.name} — {obj.code} {obj.name} "
                f"({obj.get_unit_display()} {obj.get_frequency_display()})")


class IndicationForm(forms.Form):
    """The proposal a case director prepares from the plan; for a single question without a case (aanvragen and
    goals None) the proposal on one aanvraag, with its own goal instead of plan goals."""

    use_required_attribute = False

    aanvraag = forms.ChoiceField(label=_("Aanvraag"))
    client = forms.ModelChoiceField(queryset=None, label=_("Voor wie"))
    product = ProductChoiceField(queryset=None, label=_("Voorziening en product"))
    volume = forms.IntegerField(label=_("Omvang"), min_value=1, max_value=99999999,
                                help_text=_("een heel getal in de eenheid van het product"))
    frequency = forms.ChoiceField(choices=[("", _("zoals bij het product"))] + FREQUENTIE, label=_("Frequentie"),
                                  required=False)
    start = forms.DateField(label=_("Ingangsdatum"), widget=DateInput())
    end = forms.DateField(label=_("Einddatum"), widget=DateInput())
    form = forms.ChoiceField(choices=Indicatie.Form.choices, label=_("Leveringsvorm"), widget=forms.RadioSelect)
    provider = forms.ModelChoiceField(queryset=None, required=False, label=_("Aanbieder (bij zorg in natura)"))
    # The texts and goals are checked by the action, which says why in domain terms (general provisions first).
    mark_optional = False
    goals = forms.MultipleChoiceField(label=_("Plandoelen waar dit aan bijdraagt"), widget=forms.CheckboxSelectMultiple,
                                      required=False)
    goal = forms.CharField(label=_("Doel: wat moet deze voorziening voor de inwoner bereiken?"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}), required=False)
    motivation = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                                 required=False)
    considered = forms.ModelMultipleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
                                                label=_("Overwogen algemene voorzieningen (sociale kaart)"))
    own_strength = forms.CharField(label=_("Wat kan de cliënt zelf?"), widget=forms.Textarea(attrs={"rows": 2}),
                                   max_length=4000, required=False)
    network = forms.CharField(label=_("Wat kan het netwerk?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000,
                              required=False)
    why_not_enough = forms.CharField(label=_("Waarom volstaan algemene voorzieningen, eigen kracht en netwerk niet?"),
                                     widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False)
    pgb_bekwaam = forms.BooleanField(required=False, label=format_lazy("{}{}", _("PGB: "), _(PGB_CONDITIONS[0][1])))
    pgb_motivering = forms.CharField(required=False, max_length=2000, label=format_lazy("{}{}", _("PGB: "), _(PGB_CONDITIONS[1][1])),
                                     widget=forms.Textarea(attrs={"rows": 2}))
    pgb_kwaliteit = forms.BooleanField(required=False, label=format_lazy("{}{}", _("PGB: "), _(PGB_CONDITIONS[2][1])))

    def __init__(self, *args, aanvragen, members, products, providers, general, goals, **kwargs):
        super().__init__(*args, **kwargs)
        if aanvragen is None:  # a single question: the aanvraag is the page's
            del self.fields["aanvraag"]
        else:
            self.fields["aanvraag"].choices = [
                (str(a.pk), _("aanvraag %(nr)s van %(when)s: %(what)s (%(law)s)") % {
                    "nr": a.pk, "when": f"{a.received_on:%d-%m-%Y}", "what": a.requested, "law": a.get_law_display()})
                for a in aanvragen] + [(NEW_AANVRAAG, _("nieuwe aanvraag: de inwoner vraagt dit vandaag aan"))]
        if goals is None:  # a single question has no plan: its goal is stated here
            del self.fields["goals"]
        else:
            del self.fields["goal"]
            self.fields["goals"].choices = [(g["id"], g["description"]) for g in goals]
        self.fields["client"].queryset = members
        self.fields["product"].queryset = products
        self.fields["provider"].queryset = providers
        self.fields["considered"].queryset = general

    def pgb_conditions(self) -> dict:
        d = self.cleaned_data
        return {"bekwaam": d["pgb_bekwaam"], "motivering": d["pgb_motivering"].strip(), "kwaliteit": d["pgb_kwaliteit"]}


class DecisionForm(VersionForm):
    use_required_attribute = False  # the server says what is missing; Utrecht marks untouched required radios red
    outcome = forms.ChoiceField(choices=translated(Besluit.Outcome.choices), label=_("Besluit"), widget=forms.RadioSelect)
    granted_volume = forms.IntegerField(required=False, min_value=1, label=_("Toegekende omvang (bij deels toekennen)"))
    reasons = forms.CharField(label=_("Motivering (komt in de brief)"), widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=4000)
    legal_ground = forms.CharField(required=False, max_length=500, label=_("Wettelijke grondslag"),
                                   help_text=_("leeg: de grondslag van de wet van deze voorziening"))


class SecondOpinionForm(VersionForm):
    use_required_attribute = False
    approve = forms.TypedChoiceField(choices=[("1", _("akkoord: besluit vaststellen")), ("0", _("terugsturen"))],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect, label=_("Tweede beoordeling"))
    reason = forms.CharField(required=False, max_length=1000, label=_("Toelichting"))


class SendForm(VersionForm):
    sent_on = forms.DateField(label=_("Verzonden op"), widget=DateInput())


class WithdrawForm(VersionForm):
    reason = forms.CharField(max_length=1000, label=_("Reden van intrekken"))


class DisagreementForm(forms.Form):
    reason = forms.CharField(label=_("Waarom bent u het niet eens met de indicatie?"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DateInput())
    objector = forms.CharField(max_length=200, label=_("Indiener"))
    grounds = forms.CharField(label=_("Gronden van het bezwaar"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=4000)


class ObjectionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=translated(Bezwaar.Outcome.choices), label=_("Beslissing op bezwaar"))
    reasons = forms.CharField(required=False, label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=4000)
    new_besluit = forms.TypedChoiceField(required=False, coerce=int, empty_value=None,
                                         label=_("Nieuw besluit (bij gegrond)"))

    def __init__(self, *args, corrections: list, **kwargs):
        """`corrections`: the decisions that correct the contested one (a list, read once for every form)."""
        super().__init__(*args, **kwargs)
        self.fields["new_besluit"].choices = [("", _("geen"))] + [(b.pk, _("besluit %(nr)s van %(when)s") % {"nr": b.pk, "when": f"{b.established_on:%d-%m-%Y}"}
                                                               if b.established_on else _("besluit %(nr)s") % {"nr": b.pk})
                                                              for b in corrections]


class SocialMapSearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, label=_("Zoek op wat, voor wie of waar"))
    wet = forms.ChoiceField(required=False, choices=[("", _("alle"))] + LAWS, label=_("Wet"))
    gemeente = forms.ChoiceField(required=False, label=_("Gemeente"))

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", _("alle"))] + [(str(g.pk), g.name) for g in gemeenten]


class VoorzieningForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Naam"))
    description = forms.CharField(max_length=LONG_TEXT, required=False, label=_("Wat"),
                                  widget=forms.Textarea(attrs={"rows": 2}))
    audience = forms.CharField(required=False, max_length=500, label=_("Voor wie"))
    location = forms.CharField(required=False, max_length=500, label=_("Waar"))
    contact = forms.CharField(required=False, max_length=500, label=_("Hoe te bereiken"))
    active = forms.BooleanField(required=False, label=_("Actief (zichtbaar en te kiezen)"))


class TariffForm(forms.Form):
    amount = forms.DecimalField(max_digits=10, decimal_places=2, label=_("Bedrag per eenheid (€)"))
    valid_from = forms.DateField(label=_("Geldig vanaf"), widget=DateInput())
    kind = forms.ChoiceField(choices=Tarief.Kind.choices, label=_("Soort"))


class CeilingForm(forms.Form):
    ceiling = forms.DecimalField(max_digits=14, decimal_places=2, min_value=0, label=_("Nieuw plafond (€)"),
                                 widget=forms.TextInput(attrs={"inputmode": "decimal"}))


class ConsultationForm(forms.Form):
    """An expert consultation on a case or a single question's melding; the advice may come with it or later."""

    use_required_attribute = False
    kind = forms.ChoiceField(label=_("Wie is gevraagd"), widget=forms.RadioSelect)
    expert = forms.CharField(required=False, max_length=200, label=_("Deskundige (naam en organisatie of functie)"),
                             help_text=_("bij het deskundigenteam: het lid dat adviseert, als dat bekend is"))
    team_code = forms.ChoiceField(required=False, label=_("Deskundigenteam"))
    voorziening = forms.ModelChoiceField(queryset=None, required=False, label=_("Over welke voorziening"),
                                         help_text=_("het advies telt voor het voorstel van deze voorziening"))
    question = forms.CharField(label=_("Vraag aan de deskundige"), widget=forms.Textarea(attrs={"rows": 3}),
                               max_length=LONG_TEXT, required=False)
    asked_on = forms.DateField(label=_("Gevraagd op"), widget=DateInput(), required=False)
    advice = forms.CharField(required=False, label=_("Advies (als het er al is)"),
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT)
    outcome = forms.ChoiceField(required=False, label=_("Strekking van het advies"))
    advised_on = forms.DateField(required=False, label=_("Advies gegeven op"), widget=DateInput())

    def __init__(self, *args, kinds, teams, voorzieningen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, label) for k, label in translated(Raadpleging.Kind.choices) if k in kinds]
        if teams:
            self.fields["team_code"].choices = [("", _("kies een team"))] + [(t["code"], t["naam"]) for t in teams]
        else:
            del self.fields["team_code"]
        self.fields["voorziening"].queryset = voorzieningen
        self.fields["outcome"].choices = [("", _("nog geen advies"))] + translated(Raadpleging.Outcome.choices)


class AdviceForm(VersionForm):
    """The advice on a consultation asked earlier (the expert team's, as a rule)."""

    use_required_attribute = False
    expert = forms.CharField(required=False, max_length=200, label=_("Wie gaf het advies"))
    advice = forms.CharField(label=_("Advies"), widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT,
                             required=False)
    outcome = forms.ChoiceField(required=False, label=_("Strekking van het advies"))
    advised_on = forms.DateField(required=False, label=_("Advies gegeven op"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", _("kies"))] + translated(Raadpleging.Outcome.choices)
