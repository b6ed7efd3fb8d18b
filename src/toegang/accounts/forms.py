"""The shape of input about one's own account: API keys, the second factor (the rules are in actions.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=ApiToken._meta.get_field("name").max_length,
                           help_text=_("Waarvoor de sleutel is, bijvoorbeeld ‘Koppeling zorgaanbieder’."))
    expires_on = forms.DateField(label=_("Geldig tot en met"), widget=DateInput())


class SecondFactorForm(forms.Form):
    code = forms.CharField(label=_("Code uit de authenticator-app"), max_length=12,
                           help_text=_("De zes cijfers die de app nu toont; elke 30 seconden komt er een nieuwe."),
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "spellcheck": "false"}))
