"""Code lists from the iJw/iWmo 3.2 basisschema (shared/standards/ijw-3.2/xsd/basisschema.xsd), and Toegang's own
lists (representation, leaving a household, gezag), whose labels are in the catalogue (core/words.py)."""

from django.utils.translation import gettext_noop

# LDT_Geslacht
GESLACHT = [("0", "Onbekend"), ("1", "Mannelijk"), ("2", "Vrouwelijk")]

# LDT_SoortRelatie: the relation a person has towards the client
SOORT_RELATIE = [
    ("03", "Curator (juridisch)"), ("04", "Financieel (gemachtigd)"), ("05", "Financieel (toetsing)"),
    ("06", "Leefeenheid"), ("07", "Hulpverlener"), ("08", "Specialist"), ("09", "Anders"), ("10", "Ouder"),
    ("11", "Voogd"), ("12", "Partner/echtgeno(o)t(e)"), ("13", "Pleegouder"), ("14", "Bewindvoerder"),
    ("15", "Mentor"), ("16", "Zoon/dochter"), ("17", "Familielid"), ("18", "Gezinslid"), ("19", "Buur"),
    ("20", "Vriend(in)/kennis"), ("21", "Clientondersteuner"), ("22", "Huisarts"), ("23", "Erven van"),
    ("24", "Werkgever"), ("25", "Wijkcoach"),
]

# LDT_Communicatievorm
COMMUNICATIEVORM = [("1", "Tolk taal"), ("2", "Doventolk"), ("3", "Doofblindentolk")]

# Legal representation (kind of representative); the representative's name is recorded alongside.
VERTEGENWOORDIGING = [
    ("", gettext_noop("geen")), ("gezag-ouders", gettext_noop("ouderlijk gezag")), ("voogd", gettext_noop("voogd")), ("curator", gettext_noop("curator")),
    ("bewindvoerder", gettext_noop("bewindvoerder")), ("mentor", gettext_noop("mentor")), ("gemachtigde", gettext_noop("schriftelijk gemachtigde")),
]

# Relations that are each other's mirror when registered between two residents.
INVERSE_RELATIE = {"10": "16", "16": "10", "12": "12", "17": "17", "18": "18", "19": "19", "20": "20"}

# Why a member left a household (the membership ends; its history stays).
EINDE_LIDMAATSCHAP = [
    ("verhuisd", gettext_noop("verhuisd")), ("ander-huishouden", gettext_noop("naar een ander huishouden")), ("overleden", gettext_noop("overleden")),
    ("anders", gettext_noop("anders")),
]

# Parental authority (gezag) over a minor: Burgerlijk Wetboek Boek 1, titel 14.
# BW 1:245: a minor is under gezag — ouderlijk gezag (the parents together or one parent) or voogdij (someone other
# than a parent); BW 1:253t: joint gezag of a parent and a non-parent; BW 1:282: joint voogdij of two persons;
# BW 1:302: a gecertificeerde instelling appointed as voogd. Hence one or two holders (a GI alone).
GEZAG_SOORT = [
    ("ouderlijk", gettext_noop("Ouderlijk gezag")),
    ("gezamenlijk", gettext_noop("Gezag ouder en niet-ouder")),
    ("voogdij", gettext_noop("Voogdij")),
    ("voogdij-gi", gettext_noop("Voogdij door instelling (GI)")),
]
# How many holders each kind has (min, max).
GEZAG_HOUDERS = {"ouderlijk": (1, 2), "gezamenlijk": (2, 2), "voogdij": (1, 2), "voogdij-gi": (1, 1)}

# The relations a professional records most, first (the rest of LDT_SoortRelatie follows in code order).
RELATIE_VOLGORDE = ["10", "16", "12", "13", "11", "17", "18", "06"]
