from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.persons.forms import DateInput


class ProposeForm(forms.Form):
    gemeente = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class HoldForm(forms.Form):
    until = forms.DateField(label=_("Bewaren tot"), widget=DateInput(),
                            help_text=_("Het dossier komt na deze datum weer op de lijst van wat te vernietigen is."))
    reason = forms.CharField(label=_("Reden"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Bijvoorbeeld: nodig voor goede hulpverlening aan een broer of zus "
                                         "(Jeugdwet art. 7.3.8), een lopend bezwaar of een rechtszaak."))


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    checked = forms.BooleanField(label=_("Ik heb de lijst gecontroleerd: vernietig wat er nog op staat"),
                                 error_messages={"required": _("Bevestig dat u de lijst hebt gecontroleerd.")})


class RejectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reden van afwijzen"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
