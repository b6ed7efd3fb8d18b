"""The profile format (JSON Schema over the YAML) — see docs/profiles.md.

Later issues add sections (rules, terms, mandates) to the same format; unknown top-level keys are refused
so that a typo never silently drops configuration.
"""

CODE = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "maxLength": 40}
POSTCODE_RANGE = {
    "type": "string",
    # "1234", "1234-1236", "1234AA-1234ZZ", "1234AB"
    "pattern": r"^[1-9][0-9]{3}([A-Z]{2})?(-[1-9][0-9]{3}([A-Z]{2})?)?$",
}

PROFILE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["profiel", "titel", "gemeenten", "rollen"],
    "properties": {
        "profiel": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "maxLength": 60},
        "titel": {"type": "string", "minLength": 1},
        "bron": {"type": "string"},
        "regios": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "naam"],
                "properties": {"code": CODE, "naam": {"type": "string"}, "soort": {"type": "string"}},
            },
        },
        "gemeenten": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["cbs", "naam", "wijken"],
                "properties": {
                    "cbs": {"type": "string", "pattern": "^[0-9]{4}$"},
                    "naam": {"type": "string", "minLength": 1},
                    "regios": {"type": "array", "items": CODE},
                    "wijken": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["code", "naam", "postcodes"],
                            "properties": {
                                "code": CODE,
                                "naam": {"type": "string", "minLength": 1},
                                "soort": {"enum": ["wijk", "kern"]},
                                "postcodes": {"type": "array", "minItems": 1, "items": POSTCODE_RANGE},
                                "straten": {"type": "array", "items": {"type": "string"}},
                                "woonplaats": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
        "organisaties": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "naam", "soort"],
                "properties": {
                    "code": CODE,
                    "naam": {"type": "string", "minLength": 1},
                    "soort": {
                        "enum": [
                            "gemeente", "cjg-partner", "zorgaanbieder", "school", "huisarts", "politie",
                            "gecertificeerde-instelling", "veilig-thuis", "welzijn", "anders",
                        ]
                    },
                    "agb": {"type": "string", "pattern": "^[0-9]{8}$"},
                    "kvk": {"type": "string", "pattern": "^[0-9]{8}$"},
                    "gemeenten": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{4}$"}},
                },
            },
        },
        "teams": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "naam", "gemeente"],
                "properties": {
                    "code": CODE,
                    "naam": {"type": "string", "minLength": 1},
                    "gemeente": {"type": "string", "pattern": "^[0-9]{4}$"},
                    "soort": {"type": "string"},
                    "wijken": {"type": "array", "items": CODE},
                },
            },
        },
        "rollen": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "naam", "bevoegdheden"],
                "properties": {
                    "code": CODE,
                    "naam": {"type": "string", "minLength": 1},
                    "omschrijving": {"type": "string"},
                    "bevoegdheden": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "demo": {
            "type": "object",
            "description": "only for demo profiles: the staff that `toegang demo` creates, one per role",
            "additionalProperties": False,
            "properties": {
                "medewerkers": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["gebruikersnaam", "naam", "rol"],
                        "properties": {
                            "gebruikersnaam": {"type": "string", "pattern": "^[a-z0-9.-]+$"},
                            "naam": {"type": "string"},
                            "rol": CODE,
                            "gemeenten": {"type": "array", "items": {"type": "string"}},
                            "teams": {"type": "array", "items": CODE},
                            "organisatie": CODE,
                            "functie": {"type": "string"},
                        },
                    },
                }
            },
        },
    },
}
