"""Code lists from the iJw 3.2 / iWmo 3.2 basisschema (shared/standards/*/xsd/basisschema.xsd) and the mandate
tasks of the access process. A test compares the copied lists with the official XSDs."""

LAWS = [("wmo", "Wmo 2015"), ("jeugdwet", "Jeugdwet"), ("participatiewet", "Participatiewet")]
LAW_NAMES = dict(LAWS)

# LDT_Eenheid (iJw and iWmo 3.2 are identical)
EENHEID = [("01", "minuut"), ("04", "uur"), ("14", "etmaal"), ("16", "dagdeel (4 uur)"), ("82", "stuks (output)"),
           ("83", "euro's"), ("84", "stuks (inspanning)")]
# LDT_Frequentie
FREQUENTIE = [("1", "per dag"), ("2", "per week"), ("4", "per maand"), ("6", "totaal binnen de geldigheidsduur")]
EENHEID_NAMES, FREQUENTIE_NAMES = dict(EENHEID), dict(FREQUENTIE)

# The most of a time unit that fits in one day; stuks and euro's have no natural ceiling.
PER_DAY_MAX = {"01": 24 * 60, "04": 24, "14": 1, "16": 6}
# Days in one frequency period, for the ceiling above and for the budget commitment (a month is 365/12 days).
PERIOD_DAYS = {"1": 1, "2": 7, "4": 365 / 12}

# LDT_ProductCategorie, iJw 3.2 (Jeugdwet)
PRODUCTCATEGORIE_JEUGD = [
    ("31", "(2015) Zonder verblijf: uitgevoerd door wijk- of buurtteam"),
    ("32", "(2015) Zonder verblijf: ambulante jeugdhulp op locatie van de aanbieder"),
    ("33", "(2015) Zonder verblijf: daghulp op locatie van de aanbieder"),
    ("34", "(2015) Zonder verblijf: jeugdhulp in het netwerk van de jeugdige"),
    ("35", "(2015) Met verblijf: pleegzorg"),
    ("36", "(2015) Met verblijf: gezinsgericht"),
    ("37", "(2015) Met verblijf: gesloten plaatsing"),
    ("38", "(2015) Met verblijf: overig residentieel"),
    ("40", "Persoonlijke verzorging"),
    ("41", "Dagbehandeling"),
    ("42", "Vervoerdiensten"),
    ("43", "Jeugdhulp verblijf (incl. behandeling)"),
    ("44", "Jeugdhulp verblijf (excl. behandeling)"),
    ("45", "Jeugdhulp ambulant"),
    ("46", "Jeugdhulp crisis"),
    ("47", "Jeugdreclassering"),
    ("48", "Jeugdbescherming"),
    ("49", "Activiteiten in het preventief justitieel kader"),
    ("50", "Maatwerkarrangementen jeugd"),
    ("51", "Generalistische basis-ggz"),
    ("52", "Specialistische ggz"),
    ("53", "Kindergeneeskunde"),
    ("54", "Jeugd-ggz"),
    ("55", "Landelijk ingekochte zorg"),
]
# LDT_ProductCategorie, iWmo 3.2 (Wmo 2015)
PRODUCTCATEGORIE_WMO = [
    ("01", "Hulp bij het huishouden"),
    ("02", "Begeleiding"),
    ("03", "Persoonlijke verzorging"),
    ("04", "Kortdurend verblijf"),
    ("05", "Woondiensten"),
    ("06", "Overige ondersteuning gericht op het individu of huishouden/gezin"),
    ("07", "Dagbesteding"),
    ("08", "Vervoerdiensten"),
    ("09", "Overige groepsgerichte ondersteuning"),
    ("10", "Overige maatwerk arrangementen"),
    ("11", "Rolstoelen"),
    ("12", "Vervoervoorzieningen"),
    ("13", "Woonvoorzieningen"),
    ("14", "Overige hulpmiddelen"),
    ("15", "Beschermd wonen"),
    ("16", "Opvang"),
    ("17", "Spoedopvang"),
    ("18", "Overige beschermd wonen en opvang"),
]
# The Participatiewet has no iStandaard; its products use the municipality's own categories (free codes).
PRODUCTCATEGORIE = {"jeugdwet": dict(PRODUCTCATEGORIE_JEUGD), "wmo": dict(PRODUCTCATEGORIE_WMO)}

# The tasks of the mandate matrix (Krimpen, Notitie Toegang 2014, Figuur 5), in process order.
TAKEN = [
    ("informatie-advies", "informatie en advies"),
    ("inventarisatie-diagnose", "inventarisatie en diagnose"),
    ("indicatie", "indicatie"),
    ("beschikking", "beschikking"),
    ("administratieve-verwerking", "administratieve verwerking"),
]
TAAK_NAMES = dict(TAKEN)

# The legal ground printed in a decision, per law (the municipality's verordening is named in the letter template).
GRONDSLAG = {
    "wmo": "artikel 2.3.5 van de Wet maatschappelijke ondersteuning 2015",
    "jeugdwet": "artikel 2.3 van de Jeugdwet",
    "participatiewet": "de Participatiewet",
}
