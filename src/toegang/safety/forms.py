"""The shape of the meldcode and safety-plan forms; the rules are in safety/actions.py."""

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from toegang.core.words import translated
from toegang.persons.forms import DateInput

from .meldcode import QUESTIONS
from .models import VEILIG_THUIS_KINDS

LONG_TEXT = settings.TOEGANG_MAX_TEXT_CHARS


def _area(label, required=True, rows=2):
    return forms.CharField(max_length=LONG_TEXT, label=label, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}))


class StartMeldcodeForm(forms.Form):
    persons = forms.TypedMultipleChoiceField(coerce=int, label=_("Om wie gaat het?"),
                                             widget=forms.CheckboxSelectMultiple)
    melding = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                     label=_("Melding naar de veiligheidsroute (meldcode)"))

    def __init__(self, *args, members, meldingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].choices = [(m.pk, m.full_name) for m in members]
        self.fields["melding"].choices = [("", _("geen"))] + [
            (m.pk, _("Melding %(nr)s van %(when)s") % {"nr": m.pk, "when": m.received_at.strftime("%d-%m-%Y")})
            for m in meldingen]


ANSWER_CHOICES = [("", _("nog niet beantwoord")), ("ja", _("ja")), ("nee", _("nee"))]


class StepForm(forms.Form):
    """One step's form: the fields of that step (their names are the answers' keys, safety.actions)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    step = forms.IntegerField(widget=forms.HiddenInput)
    held_on = forms.DateField(label=_("Datum"), widget=DateInput())

    def __init__(self, *args, step: int, assessments=(), **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        if step == 1:
            f["signalen"] = _area(_("Welke signalen zijn er? Wat is gezien en gehoord, door wie?"), rows=4)
            f["veiligheidsbeoordeling"] = forms.TypedChoiceField(
                coerce=int, required=False, empty_value=None, label=_("Veiligheidsbeoordeling van de casus"),
                choices=[("", _("geen"))] + [(a.pk, _("beoordeeld op %(when)s, schaal %(scale)s")
                                              % {"when": a.assessed_on.strftime("%d-%m-%Y"), "scale": a.scale})
                                             for a in assessments])
        elif step == 2:
            f["collega"] = forms.CharField(max_length=200, label=_("Met wie is collegiaal overlegd?"))
            f["veilig_thuis_geraadpleegd"] = forms.BooleanField(required=False, label=_("Veilig Thuis geraadpleegd"))
            f["advies"] = _area(_("Advies en uitkomst van de consultatie"))
        elif step == 3:
            f["gevoerd"] = forms.BooleanField(required=False, label=_("Het gesprek is gevoerd"))
            f["gesprek_met"] = forms.CharField(max_length=200, required=False, label=_("Met wie?"))
            f["reden_niet_gevoerd"] = _area(_("Zo niet: waarom niet (veiligheid)?"), required=False)
        elif step == 4:
            for code, question in QUESTIONS:
                f[code] = forms.ChoiceField(choices=ANSWER_CHOICES, required=False, label=_(question))
                f[f"{code}_toelichting"] = _area(_("Toelichting"), required=False)
        elif step == 5:
            f["melden"] = forms.BooleanField(required=False, label=_("Melden bij Veilig Thuis"))
            f["hulp"] = forms.BooleanField(required=False, label=_("Hulp bieden of organiseren"))
        f["notes"] = _area(_("Toelichting") if step != 5 else _("Toelichting op het besluit"), required=False)

    def answers(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"version", "step", "held_on", "notes"}}


class KindCheckForm(forms.Form):
    done = forms.BooleanField(required=False, label=_("De kindcheck is uitgevoerd"))
    done_on = forms.DateField(label=_("Datum"), widget=DateInput())
    children = forms.TypedMultipleChoiceField(coerce=int, required=False, label=_("Welke kinderen?"),
                                              widget=forms.CheckboxSelectMultiple)
    outcome = _area(_("Uitkomst"))

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = [(c.pk, c.full_name) for c in children]


class VeiligThuisForm(forms.Form):
    kind = forms.ChoiceField(choices=translated(VEILIG_THUIS_KINDS), label=_("Soort"))
    on = forms.DateField(label=_("Datum"), widget=DateInput())
    reference = forms.CharField(max_length=100, label=_("Kenmerk van Veilig Thuis"))
    note = _area(_("Toelichting"), required=False)


class AgreementsField(forms.CharField):
    """One SMART agreement per line: 'wie | wat | wanneer' (a date dd-mm-jjjj)."""

    def to_python(self, value):
        rows = []
        for line in (super().to_python(value) or "").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")] + ["", "", ""]
            when = parts[2]
            try:
                when = dt.datetime.strptime(when, "%d-%m-%Y").date().isoformat()
            except ValueError:
                pass  # the action names the line whose date is wrong
            rows.append({"wie": parts[0], "wat": parts[1], "wanneer": when})
        return rows


def agreements_text(agreements: list) -> str:
    return "\n".join(f"{a['wie']} | {a['wat']} | {dt.date.fromisoformat(a['wanneer']).strftime('%d-%m-%Y')}"
                     for a in agreements)


class SafetyPlanForm(forms.Form):
    started_on = forms.DateField(label=_("Start van het plan"), widget=DateInput())
    danger = _area(_("Zorgen en gevaarsuitspraken: wat is er gebeurd, wat kan er gebeuren als niets verandert?"))
    goal = _area(_("Veiligheidsdoel: wat moet er zijn om de kinderen en volwassenen veilig te weten?"))
    agreements = AgreementsField(max_length=LONG_TEXT, label=_("Afspraken: één per regel, wie | wat | wanneer "
                                                              "(dd-mm-jjjj)"),
                                 widget=forms.Textarea(attrs={"rows": 4}))
    bottom_lines = _area(_("Ondergrenzen: wat mag in geen geval gebeuren?"))
    network = _area(_("Netwerk: wie doet mee en weet van het plan?"))


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    held_on = forms.DateField(label=_("Geëvalueerd op"), widget=DateInput())
    scale = forms.TypedChoiceField(coerce=int, choices=[(i, str(i)) for i in range(11)], label=_(
        "Hoe veilig is het nu, op een schaal van 0 tot 10?"))
    findings = _area(_("Bevindingen: worden de afspraken nagekomen, zijn de ondergrenzen bewaakt?"))


class EndPlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(max_length=500, label=_("Reden van beëindigen"))
