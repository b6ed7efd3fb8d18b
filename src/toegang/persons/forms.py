"""Forms check shape only (types, required, real dates); domain rules live in persons.actions."""

from django import forms

from .codes import COMMUNICATIEVORM, GESLACHT, SOORT_RELATIE, VERTEGENWOORDIGING


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SearchForm(forms.Form):
    mark_optional = False  # every search field is optional; saying so on each is noise
    bsn = forms.CharField(label="BSN", required=False, max_length=11)
    naam = forms.CharField(label="Achternaam (begin)", required=False, max_length=100)
    geboortedatum = forms.DateField(label="Geboortedatum", required=False, widget=DateInput())
    postcode = forms.CharField(label="Postcode", required=False, max_length=7)
    huisnummer = forms.IntegerField(label="Huisnummer", required=False, min_value=1, max_value=99999)

    def clean(self):
        data = super().clean()
        if self.is_valid() or not self.errors:
            if not (data.get("bsn") or data.get("naam") or data.get("postcode")):
                if any(data.values()):
                    raise forms.ValidationError("Zoek op BSN, op achternaam (eventueel met geboortedatum) of op "
                                                "postcode met huisnummer.")
        return data


class ResidentForm(forms.Form):
    bsn = forms.CharField(label="BSN", required=False, max_length=11, help_text="Negen cijfers; wordt gecontroleerd met de elfproef.")
    voornamen = forms.CharField(max_length=200, label="Voornamen")
    voorvoegsel = forms.CharField(max_length=20, required=False, label="Voorvoegsel")
    geslachtsnaam = forms.CharField(max_length=200, label="Geslachtsnaam")
    geboortedatum = forms.DateField(label="Geboortedatum", required=False, widget=DateInput())
    geslacht = forms.ChoiceField(choices=GESLACHT, initial="0", label="Geslacht")
    telefoon = forms.CharField(max_length=30, required=False, label="Telefoon")
    email = forms.EmailField(required=False, label="E-mail")
    communicatievorm = forms.ChoiceField(choices=[("", "geen bijzondere vorm")] + COMMUNICATIEVORM, required=False,
                                         label="Communicatievorm")
    taal = forms.CharField(max_length=60, required=False, label="Voorkeurstaal")
    communicatie_toelichting = forms.CharField(max_length=500, required=False, label="Communicatiebehoeften",
                                               widget=forms.Textarea(attrs={"rows": 2}))
    vertegenwoordiging = forms.ChoiceField(choices=VERTEGENWOORDIGING, required=False, label="Wettelijke vertegenwoordiging")
    vertegenwoordiger = forms.CharField(max_length=200, required=False, label="Naam vertegenwoordiger")


class AddressForm(forms.Form):
    postcode = forms.CharField(max_length=7, required=False, label="Postcode",
                               help_text="Leeg laten als de inwoner geen vast adres heeft.")
    huisnummer = forms.IntegerField(required=False, min_value=1, max_value=99999, label="Huisnummer")
    toevoeging = forms.CharField(max_length=8, required=False, label="Toevoeging")
    straat = forms.CharField(max_length=200, required=False, label="Straat")
    woonplaats = forms.CharField(max_length=200, required=False, label="Woonplaats")


class RegisterForm(ResidentForm, AddressForm):
    gemeente = forms.ModelChoiceField(queryset=None, label="Gemeente", empty_label=None)
    bevestig_ander_persoon = forms.BooleanField(
        required=False, label="Ik heb gecontroleerd: dit is een andere persoon dan de gevonden inwoner",
    )

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        order = ["gemeente"] + list(ResidentForm.base_fields) + list(AddressForm.base_fields) + ["bevestig_ander_persoon"]
        self.order_fields(order)


class EditResidentForm(ResidentForm):
    version = forms.IntegerField(widget=forms.HiddenInput, label="Versie van de gegevens")


class MoveForm(AddressForm):
    version = forms.IntegerField(widget=forms.HiddenInput, label="Versie van het huishouden")
    valid_from = forms.DateField(label="Verhuisdatum", widget=DateInput())


class NetworkMemberForm(forms.Form):
    name = forms.CharField(max_length=200, label="Naam")
    kind = forms.ChoiceField(choices=SOORT_RELATIE, label="Relatie tot het huishouden", initial="17")
    telefoon = forms.CharField(max_length=30, required=False, label="Telefoon")
    mantelzorger = forms.BooleanField(required=False, label="Mantelzorger")


class MergeForm(forms.Form):
    keep = forms.IntegerField(label="Behouden registratie (inwoner-id)", min_value=1)
    remove = forms.IntegerField(label="Samen te voegen registratie (inwoner-id)", min_value=1)
    reason = forms.CharField(max_length=500, label="Reden", widget=forms.Textarea(attrs={"rows": 2}))
