"""Change-log event codes in words a privacy officer reads ("bezwaar.geregistreerd" → "Bezwaar geregistreerd").

The text is built from the code: the noun before the dot, then the rest with underscores and hyphens as spaces,
capitalised. Overrides only where that reads wrong; a new event reads acceptably without touching this module.
"""

from __future__ import annotations

# Codes are written without diacritics; the words as a reader spells them. ("getrieerd" is spelled right already:
# triëren, trieerde, getrieerd, as variëren, gevarieerd.)
SPELLING = {
    "beeindigd": "beëindigd",
    "geimporteerd": "geïmporteerd",
}

OVERRIDES = {
    "avg.correctieverzoek_besloten": "Op AVG-correctieverzoek besloten",
    "avg.correctieverzoek_ontvangen": "AVG-correctieverzoek vastgelegd",
    "avg.inzageverzoek_beantwoord": "AVG-inzageverzoek beantwoord (export verstrekt)",
    "aanvraag.ontvangst_bevestigd": "Ontvangst van de aanvraag bevestigd (brief)",
    "bewaartermijn.langer_bewaren": "Dossier langer bewaard dan de bewaartermijn (met reden)",
    "bewaartermijn.lijst_afgewezen": "Vernietigingslijst afgewezen",
    "bewaartermijn.lijst_opgesteld": "Vernietigingslijst opgesteld",
    "bewaartermijn.vernietigd": "Vernietigingslijst bevestigd: dossiers vernietigd",
    "besluit.tweede-beoordeling": "Besluit tweede keer beoordeeld (vier ogen)",
    "bezwaar.beslist": "Op bezwaar beslist",
    "bezwaar.ontvangst_bevestigd": "Ontvangst van het bezwaar bevestigd (brief)",
    "casus.betrokkene_beeindigd": "Betrokkenheid bij casus beëindigd",
    "casus.betrokkene_toegevoegd": "Betrokkene toegevoegd aan casus",
    "casus.contactmoment": "Contactmoment vastgelegd",
    "casus.document": "Document toegevoegd aan casus",
    "casus.fase_gewijzigd": "Fase van de casus gewijzigd",
    "casus.notitie": "Notitie vastgelegd in casus",
    "casus.overdracht_aanvaard": "Overdracht van de casus aanvaard",
    "casus.overdracht_voorgesteld": "Overdracht van de casus voorgesteld",
    "casus.regisseur_gewijzigd": "Casusregisseur gewijzigd",
    "casus.signalen_gewijzigd": "Signalen bij de casus gewijzigd",
    "contract.plafond": "Plafond van het contract gewijzigd",
    "huishouden.betrokkene_beeindigd": "Betrokkenheid bij huishouden beëindigd",
    "huishouden.betrokkene_toegevoegd": "Betrokkene toegevoegd aan huishouden",
    "huishouden.lid_beeindigd": "Lidmaatschap van het huishouden beëindigd",
    "huishouden.lid_toegevoegd": "Lid toegevoegd aan huishouden",
    "huishouden.netwerklid_toegevoegd": "Netwerklid toegevoegd aan huishouden",
    "huishouden.noodtoegang": "Noodtoegang tot huishouden genomen (break-the-glass)",
    "huishouden.noodtoegang_beeindigd": "Noodtoegang tot huishouden eerder beëindigd",
    "inwoner.gezag_vastgelegd": "Gezag over een minderjarige vastgelegd",
    "inwoner.relatie_beeindigd": "Relatie beëindigd",
    "inwoner.relatie_toegevoegd": "Relatie vastgelegd",
    "inwoner.samengevoegd": "Registraties van inwoner samengevoegd",
    "mandaat.geweigerd": "Handeling geweigerd: geen mandaat",
    "medewerker.rol_ingetrokken": "Rol van medewerker ingetrokken",
    "medewerker.rol_toegekend": "Rol toegekend aan medewerker",
    "medewerker.team_toegevoegd": "Medewerker aan team toegevoegd",
    "medewerker.token_aangemaakt": "API-sleutel gemaakt voor medewerker",
    "medewerker.token_ingetrokken": "API-sleutel van medewerker ingetrokken",
    "melding.advies_gegeven": "Informatie en advies gegeven bij melding",
    "melding.clientondersteuning": "Cliëntondersteuning bij melding vastgelegd",
    "melding.contact": "Contact over melding vastgelegd",
    "melding.inwoner_gekoppeld": "Inwoner gekoppeld aan melding",
    "melding.ontvangst_bevestigd": "Ontvangst van de melding bevestigd (brief)",
    "melding.persoonlijk_plan": "Persoonlijk plan van de inwoner ontvangen",
    "onderzoek.weergave_verzonden": "Verslag van het onderzoek verzonden (schriftelijke weergave)",
    "plan.versie": "Nieuwe versie van het plan vastgelegd",
}


def event_description(code: str) -> str:
    """The event in Dutch words: an override, else built from the code. Never empty for a non-empty code."""
    if code in OVERRIDES:
        return OVERRIDES[code]
    words = code.replace(".", " ").replace("_", " ").replace("-", " ").split()
    if not words:
        return code
    text = " ".join(SPELLING.get(word, word) for word in words)
    return text[:1].upper() + text[1:]
