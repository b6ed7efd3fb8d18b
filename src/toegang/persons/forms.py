"""Forms check shape only (types, required, real dates); domain rules live in persons.actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.core.words import translated

from .codes import (
    COMMUNICATIEVORM,
    EINDE_LIDMAATSCHAP,
    GESLACHT,
    GEZAG_SOORT,
    RELATIE_VOLGORDE,
    SOORT_RELATIE,
    VERTEGENWOORDIGING,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SearchForm(forms.Form):
    mark_optional = False  # every search field is optional; saying so on each is noise
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=11)
    naam = forms.CharField(label=_("Achternaam (begin)"), required=False, max_length=100)
    geboortedatum = forms.DateField(label=_("Geboortedatum"), required=False, widget=DateInput())
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    huisnummer = forms.IntegerField(label=_("Huisnummer"), required=False, min_value=1, max_value=99999)

    def clean(self):
        data = super().clean()
        if self.is_valid() or not self.errors:
            if not (data.get("bsn") or data.get("naam") or data.get("postcode")):
                if any(data.values()):
                    raise forms.ValidationError(_("Zoek op BSN, op achternaam (eventueel met geboortedatum) of op "
                                                  "postcode met huisnummer."))
        return data


class ResidentForm(forms.Form):
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=11, help_text=_("Negen cijfers; wordt gecontroleerd met de elfproef."))
    voornamen = forms.CharField(max_length=200, label=_("Voornamen"))
    voorvoegsel = forms.CharField(max_length=20, required=False, label=_("Voorvoegsel"))
    geslachtsnaam = forms.CharField(max_length=200, label=_("Geslachtsnaam"))
    geboortedatum = forms.DateField(label=_("Geboortedatum"), required=False, widget=DateInput())
    geslacht = forms.ChoiceField(choices=GESLACHT, initial="0", label=_("Geslacht"))
    telefoon = forms.CharField(max_length=30, required=False, label=_("Telefoon"))
    email = forms.EmailField(required=False, label=_("E-mail"))
    communicatievorm = forms.ChoiceField(choices=[("", _("geen bijzondere vorm"))] + COMMUNICATIEVORM, required=False,
                                         label=_("Communicatievorm"))
    taal = forms.CharField(max_length=60, required=False, label=_("Voorkeurstaal"))
    communicatie_toelichting = forms.CharField(max_length=500, required=False, label=_("Communicatiebehoeften"),
                                               widget=forms.Textarea(attrs={"rows": 2}))
    vertegenwoordiging = forms.ChoiceField(choices=translated(VERTEGENWOORDIGING), required=False, label=_("Wettelijke vertegenwoordiging"))
    vertegenwoordiger = forms.CharField(max_length=200, required=False, label=_("Naam vertegenwoordiger"))


class AddressForm(forms.Form):
    postcode = forms.CharField(max_length=7, required=False, label=_("Postcode"),
                               help_text=_("Leeg laten als de inwoner geen vast adres heeft."))
    huisnummer = forms.IntegerField(required=False, min_value=1, max_value=99999, label=_("Huisnummer"))
    toevoeging = forms.CharField(max_length=8, required=False, label=_("Toevoeging"))
    straat = forms.CharField(max_length=200, required=False, label=_("Straat"))
    woonplaats = forms.CharField(max_length=200, required=False, label=_("Woonplaats"))


NEW_HOUSEHOLD = "nieuw"


class AskedChoiceField(forms.ChoiceField):
    """A choice the user has to make (shown as required), but left empty it is not refused here: the action asks it
    (persons.actions.HouseholdAtAddress), after the checks that come first (a BSN already registered, a possible
    duplicate), so a known person is reported before any question about their household."""

    def validate(self, value):
        if value not in self.empty_values:
            super().validate(value)


class RegisterForm(ResidentForm, AddressForm):
    gemeente = forms.ModelChoiceField(queryset=None, label=_("Gemeente"), empty_label=None)
    bevestig_ander_persoon = forms.BooleanField(
        required=False, label=_("Ik heb gecontroleerd: dit is een andere persoon dan de gevonden inwoner"),
    )
    huishouden = AskedChoiceField(
        required=False, widget=forms.RadioSelect, label=_("Huishouden op dit adres"),
    )

    def __init__(self, *args, gemeenten, households=(), **kwargs):
        """`households`: (value, label) of the households living at the address; without them there is no choice
        to make (a new household) and the field is left out."""
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        if households:  # a choice to make, and to make explicitly
            self.fields["huishouden"].choices = [
                *households, (NEW_HOUSEHOLD, _("Nee, de inwoner begint een nieuw huishouden op dit adres")),
            ]
            self.fields["huishouden"].required = True
        else:
            del self.fields["huishouden"]
        order = ["gemeente"] + list(ResidentForm.base_fields) + list(AddressForm.base_fields) + [
            "huishouden", "bevestig_ander_persoon"]
        self.order_fields(order)


class EditResidentForm(ResidentForm):
    version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van de gegevens"))


class MoveForm(AddressForm):
    version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van het huishouden"))
    valid_from = forms.DateField(label=_("Verhuisdatum"), widget=DateInput())


class NetworkMemberForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Naam"))
    kind = forms.ChoiceField(choices=SOORT_RELATIE, label=_("Relatie tot het huishouden"), initial="17")
    telefoon = forms.CharField(max_length=30, required=False, label=_("Telefoon"))
    mantelzorger = forms.BooleanField(required=False, label=_("Mantelzorger"))


class MergeForm(forms.Form):
    keep = forms.IntegerField(label=_("Behouden registratie (inwoner-id)"), min_value=1)
    remove = forms.IntegerField(label=_("Samen te voegen registratie (inwoner-id)"), min_value=1)
    reason = forms.CharField(max_length=500, label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))


# --- the household page: who makes up the household, relations, gezag -------------------------------------------


def relation_choices() -> list[tuple[str, str]]:
    """iJw SoortRelatie by its Dutch name, the relations recorded most first."""
    names = dict(SOORT_RELATIE)
    rest = [code for code, _ in SOORT_RELATIE if code not in RELATIE_VOLGORDE]
    return [(code, names[code]) for code in RELATIE_VOLGORDE + rest]


class HouseholdVersionForm(forms.Form):
    """A form that changes the household's composition: it carries the version of the household it was read with."""

    version = forms.IntegerField(widget=forms.HiddenInput, label=_("Versie van het huishouden"))


class MemberSearchForm(forms.Form):
    mark_optional = False
    zoek = forms.CharField(label=_("Zoek een inwoner op BSN of achternaam"), required=False, max_length=100)


class AddMemberForm(HouseholdVersionForm):
    zoek = forms.CharField(widget=forms.HiddenInput, required=False)
    resident = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, label=_("Inwoner"))
    valid_from = forms.DateField(label=_("Lid vanaf"), widget=DateInput())

    def __init__(self, *args, found=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].choices = list(found)


class LeaveForm(HouseholdVersionForm):
    resident = forms.TypedChoiceField(coerce=int, label=_("Wie vertrekt"))
    valid_until = forms.DateField(label=_("Laatste dag in het huishouden"), widget=DateInput())
    reason = forms.ChoiceField(choices=[("", _("kies een reden"))] + translated(EINDE_LIDMAATSCHAP), label=_("Reden"))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].choices = list(members)


class RelationForm(HouseholdVersionForm):
    zoek = forms.CharField(widget=forms.HiddenInput, required=False)
    person = forms.TypedChoiceField(coerce=int, label=_("Wie"))
    kind = forms.ChoiceField(label=_("Is (soort relatie)"))
    resident = forms.TypedChoiceField(coerce=int, label=_("Van (lid van het huishouden)"))
    valid_from = forms.DateField(label=_("Sinds"), required=False, widget=DateInput())

    def __init__(self, *args, people=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("kies een persoon")), *people]
        self.fields["kind"].choices = [("", _("kies een soort relatie")), *relation_choices()]
        self.fields["resident"].choices = [("", _("kies een lid")), *members]


class EndRelationForm(HouseholdVersionForm):
    relation = forms.IntegerField(widget=forms.HiddenInput, label=_("Relatie"))


OTHER_HOLDER = "anders"


class GezagForm(HouseholdVersionForm):
    zoek = forms.CharField(widget=forms.HiddenInput, required=False)
    minor = forms.TypedChoiceField(coerce=int, label=_("Minderjarige"))
    soort = forms.ChoiceField(choices=[("", _("kies de soort gezag"))] + translated(GEZAG_SOORT), label=_("Soort gezag"))
    holder = forms.ChoiceField(label=_("Gezagsdrager"))
    holder_name = forms.CharField(max_length=200, required=False, label=_("Naam gezagsdrager"),
                                  help_text=_("Alleen als de gezagsdrager niet in de lijst staat, bijvoorbeeld een "
                                            "gecertificeerde instelling of een ouder die elders woont."))
    second_holder = forms.ChoiceField(required=False, label=_("Tweede gezagsdrager"))
    second_holder_name = forms.CharField(max_length=200, required=False, label=_("Naam tweede gezagsdrager"))
    valid_from = forms.DateField(label=_("Geldt vanaf"), widget=DateInput())
    bron = forms.CharField(max_length=300, required=False, label=_("Bron"),
                           help_text=_("Bijvoorbeeld: gezagsregister, beschikking van de rechtbank, verklaring van de "
                                     "ouders."))

    def __init__(self, *args, minors=(), holders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minor"].choices = list(minors)
        people = [(str(value), label) for value, label in holders]
        self.fields["holder"].choices = [("", _("kies de gezagsdrager")), *people,
                                         (OTHER_HOLDER, _("Iemand anders: vul de naam in"))]
        self.fields["second_holder"].choices = [("", _("geen tweede gezagsdrager")), *people,
                                                (OTHER_HOLDER, _("Iemand anders: vul de naam in"))]

    def clean(self):
        data = super().clean()
        for choice, name in (("holder", "holder_name"), ("second_holder", "second_holder_name")):
            picked, typed = data.get(choice), (data.get(name) or "").strip()
            if picked == OTHER_HOLDER and not typed:
                self.add_error(name, _("Vul de naam in."))
            elif picked and picked != OTHER_HOLDER and typed:
                self.add_error(name, _("Laat de naam leeg als u iemand uit de lijst kiest."))
        return data


class EmergencyAccessForm(forms.Form):
    """Break-the-glass: the reason, and the BSN of a resident of the household (from the melding, the referral or the
    call the staff member has), or the household or resident of a link they opened (hidden, from that link)."""

    mark_optional = False  # the BSN is needed unless the page came from a link; the action says so at the field
    bsn = forms.CharField(label=_("BSN van een inwoner van het huishouden"), required=False, max_length=11,
                          help_text=_("Uit de melding, verwijzing of het telefoontje dat u heeft. Negen cijfers; wordt "
                                      "gecontroleerd met de elfproef."))
    reden = forms.CharField(label=_("Reden: welke noodsituatie?"), max_length=500,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("Wat er aan de hand is en waarom het niet kan wachten tot het eigen team van "
                                        "het huishouden er is. De privacy officer leest dit."))
    huishouden = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    inwoner = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
