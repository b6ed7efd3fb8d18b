"""The shape of input about notifications (the rules are in actions.py)."""

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


class MarkReadForm(forms.Form):
    """'Gelezen' on one notification (`bericht`), or on all of them (no `bericht`); `terug` is the page to return to
    (the inbox with its filters), only a path of this site."""

    bericht = forms.IntegerField(label=_("Bericht"), required=False, min_value=1, max_value=2**63 - 1,
                                 widget=forms.HiddenInput)
    terug = forms.CharField(label=_("Terug naar"), required=False, max_length=500, widget=forms.HiddenInput)

    def clean_terug(self) -> str:
        value = self.cleaned_data["terug"]
        if value and not (value.startswith("/") and url_has_allowed_host_and_scheme(value, allowed_hosts=None)):
            return ""  # not a page of this site: back to Mijn werk instead
        return value
