from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Bericht


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Bericht (XML)"), help_text=_("Een bestand van een aanbieder, zoals het uit het "
                                                                 "berichtenverkeer (VECOZO/GGK) komt."))


class FilterForm(forms.Form):
    mark_optional = False
    direction = forms.ChoiceField(label=_("Richting"), required=False,
                                  choices=[("", _("alle")), *Bericht.Direction.choices])
    status = forms.ChoiceField(label=_("Stand"), required=False, choices=[("", _("alle")), *Bericht.Status.choices])
