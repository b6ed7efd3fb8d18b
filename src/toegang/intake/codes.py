"""Code lists of the front door. The life domains are those of the Zelfredzaamheid-Matrix (ZRM, 13 domains)."""

KANAAL = [
    ("balie", "balie"), ("telefoon", "telefoon"), ("e-mail", "e-mail"), ("webformulier", "webformulier"),
    ("huisbezoek", "huisbezoek / outreach"), ("verwijzing", "verwijzing door partner"),
]
BRON = [
    ("zelf", "inwoner zelf"), ("netwerk", "netwerk"), ("huisarts", "huisarts"), ("jeugdarts", "jeugdarts"),
    ("medisch-specialist", "medisch specialist"), ("school", "school"), ("politie-zorgformulier", "politie (zorgformulier)"),
    ("gi-rechter", "gecertificeerde instelling / rechter"), ("veilig-thuis", "Veilig Thuis"), ("aanbieder", "aanbieder"),
    ("anoniem", "anoniem"), ("andere-organisatie", "andere organisatie"),
]
URGENTIE = [("regulier", "regulier"), ("spoed", "spoed"), ("crisis", "crisis")]
URGENTIE_ORDER = {"crisis": 0, "spoed": 1, "regulier": 2}
WETTEN = [("wmo", "Wmo 2015"), ("jeugdwet", "Jeugdwet"), ("participatiewet", "Participatiewet"), ("onbekend", "onbekend")]
SETTING = [
    ("", "niet van toepassing"), ("thuis", "thuis"), ("kinderopvang", "kinderopvang / peuterspeelzaal"),
    ("basisschool", "basisschool"), ("voortgezet-onderwijs", "voortgezet onderwijs"), ("mbo", "mbo / ROC"),
    ("geen-school", "jongere zonder school"), ("straat", "straat / openbare ruimte"), ("zorg", "zorginstelling"),
]
LEVENSGEBIEDEN = [
    ("financien", "financiën"), ("werk-opleiding", "werk en opleiding"), ("tijdsbesteding", "tijdsbesteding"),
    ("huisvesting", "huisvesting"), ("huiselijke-relaties", "huiselijke relaties"),
    ("geestelijke-gezondheid", "geestelijke gezondheid"), ("lichamelijke-gezondheid", "lichamelijke gezondheid"),
    ("middelengebruik", "middelengebruik"), ("adl", "basale ADL"), ("iadl", "instrumentele ADL"),
    ("sociaal-netwerk", "sociaal netwerk"), ("participatie", "maatschappelijke participatie"), ("justitie", "justitie"),
]
TRIAGE = [
    ("informatie-advies", "informatie en advies"), ("enkelvoudig", "enkelvoudige vraag"),
    ("meervoudig", "meervoudige vraag (casus)"), ("crisis", "crisis"), ("veiligheid", "veiligheid (meldcode-route)"),
    ("doorverwijzing", "doorverwijzing"), ("zorgmijder", "zorgmijder: er op af"),
]
# A partner organisation's kind decides the source of its referral.
BRON_VAN_ORGANISATIE = {
    "huisarts": "huisarts", "school": "school", "politie": "politie-zorgformulier", "veilig-thuis": "veilig-thuis",
    "gecertificeerde-instelling": "gi-rechter", "zorgaanbieder": "aanbieder",
}
