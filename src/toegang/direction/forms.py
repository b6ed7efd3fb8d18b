"""The shape of process direction's input; the rules are in actions.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.cases.forms import CaseWorkerChoice


class ProcessDirectorForm(forms.Form):
    current = forms.IntegerField(widget=forms.HiddenInput, min_value=0, label=_("Huidige procesregisseur"))
    medewerker = CaseWorkerChoice(label=_("Procesregisseur"))
    kind = forms.ChoiceField(label=_("Soort procesregie"))
    reason = forms.CharField(max_length=500, label=_("Reden"))

    def __init__(self, *args, staff, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medewerker"].queryset = staff
        self.fields["kind"].choices = [("", _("Kies een soort")), *kinds]


class EndProcessDirectorForm(forms.Form):
    current = forms.IntegerField(widget=forms.HiddenInput, min_value=0, label=_("Huidige procesregisseur"))
    reason = forms.CharField(max_length=500, label=_("Reden van beëindigen"))


class ContactPointForm(forms.Form):
    topic = forms.ChoiceField(label=_("Onderwerp"))
    message = forms.CharField(max_length=200, widget=forms.Textarea(attrs={"rows": 3}), label=_("Bericht"),
                              help_text=_("Kort: wat de procesregisseur moet weten, en wie u wilt inschakelen."))

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("Kies een onderwerp")), *topics]
