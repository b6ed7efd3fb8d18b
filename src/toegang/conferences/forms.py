"""The shape of a conference's input: planning it, recording its minutes (with a few action rows), cancelling it.
Rules live in conferences.actions."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from toegang.core.words import translated
from toegang.persons.forms import DateInput
from toegang.plans.actions import OWNER_TYPES

LONG_TEXT = settings.TOEGANG_MAX_TEXT_CHARS
# Action rows on the minutes form: empty rows are left out (conferences.actions.AgreedAction.is_empty).
ACTION_ROWS = 4


class ConferenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort overleg"))
    reason = forms.CharField(max_length=LONG_TEXT, label=_("Aanleiding"), widget=forms.Textarea(attrs={"rows": 2}))
    starts_at = forms.DateTimeField(label=_("Datum en tijd"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                               format="%Y-%m-%dT%H:%M"))
    place = forms.CharField(max_length=200, label=_("Plaats"))
    agenda = forms.CharField(max_length=LONG_TEXT, required=False, label=_("Agenda"),
                             widget=forms.Textarea(attrs={"rows": 3}))
    staff = forms.TypedMultipleChoiceField(coerce=int, required=False, label=_("Professionals"),
                                           widget=forms.CheckboxSelectMultiple)
    residents = forms.TypedMultipleChoiceField(coerce=int, required=False, label=_("Huishouden"),
                                               widget=forms.CheckboxSelectMultiple)
    network = forms.TypedMultipleChoiceField(coerce=int, required=False, label=_("Netwerk van het huishouden"),
                                             widget=forms.CheckboxSelectMultiple)
    family_absent_reason = forms.CharField(max_length=1000, required=False,
                                           label=_("Reden als het huishouden niet wordt uitgenodigd"),
                                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kinds: dict[str, str], staff=(), roles=None, members=(), network=(), **kwargs):
        super().__init__(*args, **kwargs)
        roles = roles or {}
        self.fields["kind"].choices = [(code, gettext(name)) for code, name in kinds.items()]
        self.fields["staff"].choices = [
            (m.pk, " — ".join(part for part in (str(m), roles.get(m.pk, gettext("procesregie")),
                                                m.organisatie.name if m.organisatie_id else "") if part))
            for m in staff]
        self.fields["residents"].choices = [(m.pk, m.full_name) for m in members]
        self.fields["network"].choices = [(n.pk, f"{n.name} ({gettext(n.get_kind_display())})") for n in network]
        # at least one invitee in all (conferences.actions): no single list is "optional"
        for name in ("staff", "residents"):
            self.fields[name].mark_optional = False


class MinutesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van het overleg"))
    minutes = forms.CharField(max_length=LONG_TEXT, label=_("Verslag"),
                              widget=forms.Textarea(attrs={"rows": 5}))
    decisions = forms.CharField(max_length=LONG_TEXT, label=_("Besluiten (één per regel)"),
                                widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        goal_choices = [("", _("kies een doel…"))] + [(g["id"], g["description"]) for g in goals]
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}_description"] = forms.CharField(
                max_length=500, required=False, label=_("Actie %(n)s") % {"n": n})
            self.fields[f"action_{n}_goal"] = forms.ChoiceField(
                choices=goal_choices, required=False, label=_("Bij doel (actie %(n)s)") % {"n": n})
            self.fields[f"action_{n}_owner_type"] = forms.ChoiceField(
                choices=[("", _("kies…"))] + translated(OWNER_TYPES), required=False,
                label=_("Wie (actie %(n)s)") % {"n": n})
            self.fields[f"action_{n}_owner"] = forms.CharField(
                max_length=200, required=False, label=_("Naam of organisatie (actie %(n)s)") % {"n": n})
            self.fields[f"action_{n}_due_date"] = forms.DateField(
                required=False, label=_("Klaar op (actie %(n)s)") % {"n": n}, widget=DateInput())

    def action_rows(self):
        """Per row its bound fields, for the template."""
        names = ("description", "goal", "owner_type", "owner", "due_date")
        return [(n, [self[f"action_{n}_{name}"] for name in names]) for n in range(1, ACTION_ROWS + 1)]


class CancelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van het overleg"))
    reason = forms.CharField(max_length=1000, label=_("Reden van annuleren"))
