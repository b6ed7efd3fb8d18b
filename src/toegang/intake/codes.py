"""Code lists of the front door. The life domains are those of the Zelfredzaamheid-Matrix (ZRM, 13 domains).

Toegang's own lists mark their labels with gettext_noop: stored Dutch, shown in the page's language
(core/words.py); the laws and the ZRM's life domains keep their Dutch names."""

from django.utils.translation import gettext_noop

KANAAL = [
    ("balie", gettext_noop("balie")), ("telefoon", gettext_noop("telefoon")),
    ("e-mail", gettext_noop("e-mail")), ("webformulier", gettext_noop("webformulier")),
    ("huisbezoek", gettext_noop("huisbezoek / outreach")),
    ("verwijzing", gettext_noop("verwijzing door partner")),
]
BRON = [
    ("zelf", gettext_noop("inwoner zelf")), ("netwerk", gettext_noop("netwerk")),
    ("huisarts", gettext_noop("huisarts")), ("jeugdarts", gettext_noop("jeugdarts")),
    ("medisch-specialist", gettext_noop("medisch specialist")), ("school", gettext_noop("school")),
    ("politie-zorgformulier", gettext_noop("politie (zorgformulier)")),
    ("gi-rechter", gettext_noop("gecertificeerde instelling / rechter")),
    ("veilig-thuis", gettext_noop("Veilig Thuis")), ("aanbieder", gettext_noop("aanbieder")),
    ("anoniem", gettext_noop("anoniem")), ("andere-organisatie", gettext_noop("andere organisatie")),
]
URGENTIE = [("regulier", gettext_noop("regulier")), ("spoed", gettext_noop("spoed")),
            ("crisis", gettext_noop("crisis"))]
URGENTIE_ORDER = {"crisis": 0, "spoed": 1, "regulier": 2}
WETTEN = [("wmo", "Wmo 2015"), ("jeugdwet", "Jeugdwet"), ("participatiewet", "Participatiewet"), ("onbekend", "onbekend")]
SETTING = [
    ("", gettext_noop("niet van toepassing")), ("thuis", gettext_noop("thuis")),
    ("kinderopvang", gettext_noop("kinderopvang / peuterspeelzaal")),
    ("basisschool", gettext_noop("basisschool")),
    ("voortgezet-onderwijs", gettext_noop("voortgezet onderwijs")), ("mbo", gettext_noop("mbo / ROC")),
    ("geen-school", gettext_noop("jongere zonder school")),
    ("straat", gettext_noop("straat / openbare ruimte")), ("zorg", gettext_noop("zorginstelling")),
]
LEVENSGEBIEDEN = [
    ("financien", "financiën"), ("werk-opleiding", "werk en opleiding"), ("tijdsbesteding", "tijdsbesteding"),
    ("huisvesting", "huisvesting"), ("huiselijke-relaties", "huiselijke relaties"),
    ("geestelijke-gezondheid", "geestelijke gezondheid"), ("lichamelijke-gezondheid", "lichamelijke gezondheid"),
    ("middelengebruik", "middelengebruik"), ("adl", "basale ADL"), ("iadl", "instrumentele ADL"),
    ("sociaal-netwerk", "sociaal netwerk"), ("participatie", "maatschappelijke participatie"), ("justitie", "justitie"),
]
TRIAGE = [
    ("informatie-advies", gettext_noop("informatie en advies")),
    ("enkelvoudig", gettext_noop("enkelvoudige vraag")),
    ("meervoudig", gettext_noop("meervoudige vraag (casus)")), ("crisis", gettext_noop("crisis")),
    ("veiligheid", gettext_noop("veiligheid (meldcode-route)")),
    ("doorverwijzing", gettext_noop("doorverwijzing")), ("zorgmijder", gettext_noop("zorgmijder: er op af")),
]
# A partner organisation's kind decides the source of its referral.
BRON_VAN_ORGANISATIE = {
    "huisarts": "huisarts", "school": "school", "politie": "politie-zorgformulier", "veilig-thuis": "veilig-thuis",
    "gecertificeerde-instelling": "gi-rechter", "zorgaanbieder": "aanbieder",
}
