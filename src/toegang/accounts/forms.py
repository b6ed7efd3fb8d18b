"""The shape of input about accounts: one's own API keys and second factor, and staff administration (the rules are in
actions/)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Organisatie


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


# --- staff administration (issue 13, item 3): the shapes only; who may and the rules are in actions/staff.py ------

STAFF_FILTER = [("actief", _("actieve medewerkers")), ("niet-actief", _("gedeactiveerde medewerkers")),
                ("alle", _("alle medewerkers"))]


class StaffSearchForm(forms.Form):
    zoek = forms.CharField(label=_("Zoeken"), required=False, max_length=100,
                           help_text=_("Op naam, gebruikersnaam, functie, organisatie of team."))
    status = forms.ChoiceField(label=_("Tonen"), choices=STAFF_FILTER, required=False)
    mark_optional = False


class StaffFieldsForm(forms.Form):
    """What functional administration changes of a staff member (the login name stays: the audit trail knows them
    by it)."""

    full_name = forms.CharField(label=_("Naam"), max_length=301,
                                help_text=_("Voornaam en achternaam, zoals collega's de medewerker kennen."))
    email = forms.EmailField(label=_("E-mailadres"), required=False, max_length=254)
    function_title = forms.CharField(label=_("Functie"), required=False, max_length=200)
    organisatie = forms.ModelChoiceField(label=_("Organisatie"), queryset=Organisatie.objects.none(),
                                         empty_label=_("Kies de organisatie"))

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisatie"].queryset = organisations


class StaffDetailsForm(StaffFieldsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class NewStaffForm(StaffFieldsForm):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150,
                               help_text=_("Waarmee de medewerker inlogt: letters, cijfers en . @ + - _."),
                               widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                             "autocapitalize": "none"}))
    password = forms.CharField(
        label=_("Wachtwoord"), required=False, strip=False,
        help_text=_("Alleen als de medewerker met een wachtwoord van Toegang inlogt: minstens 12 tekens, niet alleen "
                    "cijfers en niet te algemeen. Leeg laten als de medewerker inlogt via de inlogdienst van de "
                    "gemeente."),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}))

    field_order = ["username", "full_name", "email", "function_title", "organisatie", "password"]


class StaffActivationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reden"), max_length=300)


class GrantRoleForm(forms.Form):
    """One list of the roles the actor may grant, grouped by gemeente (the value: gemeente id and role id)."""

    role = forms.ChoiceField(label=_("Rol"))

    def __init__(self, *args, offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Kies een rol"))] + [
            (gemeente.name, [(f"{gemeente.pk}-{role.pk}", role.name) for role in roles]) for gemeente, roles in offered]

    def clean_role(self) -> tuple[int, int]:
        gemeente_id, role_id = self.cleaned_data["role"].split("-")
        return int(gemeente_id), int(role_id)


class AddTeamForm(forms.Form):
    team = forms.ChoiceField(label=_("Team"))

    def __init__(self, *args, offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("Kies een team"))] + [
            (gemeente.name, [(str(team.pk), team.name) for team in teams]) for gemeente, teams in offered]

    def clean_team(self) -> int:
        return int(self.cleaned_data["team"])


class ResetSecondFactorForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), max_length=300,
                             help_text=_("Bijvoorbeeld: telefoon kwijt, nieuwe telefoon."))
