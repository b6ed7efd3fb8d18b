"""Code lists from the iJw/iWmo 3.2 basisschema (shared/standards/ijw-3.2/xsd/basisschema.xsd)."""

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
    ("", "geen"), ("gezag-ouders", "ouderlijk gezag"), ("voogd", "voogd"), ("curator", "curator"),
    ("bewindvoerder", "bewindvoerder"), ("mentor", "mentor"), ("gemachtigde", "schriftelijk gemachtigde"),
]

# Relations that are each other's mirror when registered between two residents.
INVERSE_RELATIE = {"10": "16", "16": "10", "12": "12", "17": "17", "18": "18", "19": "19", "20": "20"}
