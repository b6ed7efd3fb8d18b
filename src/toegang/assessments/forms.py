from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from toegang.persons.forms import DateInput

from .models import CLARIFICATION_PARTS
from .safety import SAFETY_CHECKLIST

# Long free text: the project-wide limit (issue 9); shorter fields take their column's max_length.
LONG_TEXT = settings.TOEGANG_MAX_TEXT_CHARS


class MeasurementForm(forms.Form):
    resident = forms.TypedChoiceField(coerce=int, label=_("Persoon (volwassene)"))
    measured_on = forms.DateField(label=_("Gemeten op"), widget=DateInput())
    note = forms.CharField(max_length=1000, required=False, label=_("Toelichting"))

    def __init__(self, *args, instrument, adults, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].choices = [(a.pk, a.full_name) for a in adults]
        choices = [("", _("niet gescoord"))] + [(str(level), f"{level} – {label}") for level, label in
                                              sorted(instrument.levels.items())]
        for code, name in instrument.domains:
            self.fields[f"score_{code}"] = forms.ChoiceField(choices=choices, required=False, label=name)


class SafetyForm(forms.Form):
    assessed_on = forms.DateField(label=_("Beoordeeld op"), widget=DateInput())
    worries = forms.CharField(max_length=LONG_TEXT, label=_("Zorgen: wat gaat er mis of kan misgaan?"),
                              widget=forms.Textarea(attrs={"rows": 2}))
    going_well = forms.CharField(max_length=LONG_TEXT, label=_("Wat gaat goed?"),
                                 widget=forms.Textarea(attrs={"rows": 2}))
    must_happen = forms.CharField(max_length=LONG_TEXT, label=_("Wat moet er gebeuren?"),
                                  widget=forms.Textarea(attrs={"rows": 2}))
    scale = forms.TypedChoiceField(coerce=int, choices=[(i, str(i)) for i in range(11)], label=_(
        "Waar staan we op een schaal van 0 tot 10? (0 = niets van de veilige situatie, 10 = de veilige situatie)"))
    checklist = forms.MultipleChoiceField(choices=SAFETY_CHECKLIST, required=False, label=_("Veiligheidschecklist"),
                                          widget=forms.CheckboxSelectMultiple)


class ClarificationForm(forms.Form):
    held_on = forms.DateField(label=_("Gesprek op"), widget=DateInput())
    participants = forms.CharField(max_length=500, label=_("Deelnemers"))
    summary = forms.CharField(max_length=LONG_TEXT, label=_("De eigenlijke vraag"),
                              widget=forms.Textarea(attrs={"rows": 2}))
    # Wmo 2015 art. 2.3.2 lid 2: a persoonlijk plan the resident handed in is weighed in the investigation
    personal_plan_considered = forms.BooleanField(required=False,
                                                  label=_("Het persoonlijk plan van de inwoner is meegewogen"))

    def __init__(self, *args, instrument, **kwargs):

        super().__init__(*args, **kwargs)
        self.parts = CLARIFICATION_PARTS
        self._domain_keys = []
        for code, name in instrument.domains:
            row = []
            for part, label in CLARIFICATION_PARTS:
                key = f"{code}__{part}"
                self.fields[key] = forms.CharField(max_length=LONG_TEXT, required=False,
                                                   label=f"{name}: {label.lower()}",
                                                   widget=forms.Textarea(attrs={"rows": 1}))
                row.append(key)
            self._domain_keys.append((name, row))

    @property
    def domain_rows(self):
        """(domain name, its bound fields, open) per life domain, for the template: a domain shown again after an
        error is open when something was typed in it or it has an error, so the user sees their text and the reason."""
        rows = []
        for name, keys in self._domain_keys:
            fields = [self[key] for key in keys]
            rows.append((name, fields, any(f.errors or (self.is_bound and (f.value() or "").strip()) for f in fields)))
        return rows
