from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.ui.forms import VersionForm

from .models import Bericht
from .standards import known_kinds


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Bericht (XML)"), help_text=_("Een bestand van een aanbieder, zoals het uit het "
                                                                 "berichtenverkeer (VECOZO/GGK) komt."))


class FilterForm(forms.Form):
    mark_optional = False
    direction = forms.ChoiceField(label=_("Richting"), required=False,
                                  choices=[("", _("alle")), *Bericht.Direction.choices])
    status = forms.ChoiceField(label=_("Stand"), required=False, choices=[("", _("alle")), *Bericht.Status.choices])
    kind = forms.ChoiceField(label=_("Soort"), required=False,
                             choices=lambda: [("", _("alle")), *((kind, kind) for kind in known_kinds())])


class RequestAnswerForm(VersionForm):
    """Accepting a provider's request, or taking it into investigation: a button, on the version of the request the
    page showed."""


class RequestRefuseForm(RequestAnswerForm):
    """Refusing a provider's request with the standard's reason (LDT_RedenAfwijzingVerzoek), each with its own
    explanation from the standard."""

    reason = forms.ChoiceField(label=_("Reden van de afwijzing"), help_text=_("De reden uit de iStandaard; de "
                                                                             "aanbieder ontvangt haar code."))

    def __init__(self, *args, reasons: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", _("kies een reden")), *((code, f"{text} ({code})")
                                                                      for code, text in reasons.items())]
