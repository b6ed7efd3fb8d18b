"""The profile format (JSON Schema over the YAML) — see docs/profiles.md.

Later issues add sections (rules, terms, mandates) to the same format; unknown top-level keys are refused
so that a typo never silently drops configuration.
"""

from toegang.deadlines.kinds import DEFAULT_KINDS, START_EVENTS

CODE = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "maxLength": 40}
POSTCODE_RANGE = {
    "type": "string",
    # "1234", "1234-1236", "1234AA-1234ZZ", "1234AB"
    "pattern": r"^[1-9][0-9]{3}([A-Z]{2})?(-[1-9][0-9]{3}([A-Z]{2})?)?$",
}

DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
# What the columns hold: a tariff per unit up to 99,999,999.99; ceilings and budgets up to 999,999,999,999.99.
TARIFF = {"type": "number", "minimum": 0, "maximum": 99_999_999.99}
MONEY = {"type": "number", "minimum": 0, "maximum": 999_999_999_999.99}
TASK_CODES = ["informatie-advies", "inventarisatie-diagnose", "indicatie", "beschikking", "administratieve-verwerking"]
LAW = {"enum": ["wmo", "jeugdwet", "participatiewet"]}
ORG_KINDS = ["gemeente", "cjg-partner", "zorgaanbieder", "school", "huisarts", "politie", "gecertificeerde-instelling",
             "veilig-thuis", "welzijn", "anders"]

PRODUCT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["categorie", "code", "naam", "eenheid", "frequentie", "geldig_van", "tarieven"],
    "properties": {
        "categorie": {"type": "string", "pattern": "^[0-9A-Z]{2}$"},
        "code": {"type": "string", "pattern": "^[0-9A-Z]{1,5}$"},
        "naam": {"type": "string", "minLength": 1},
        "eenheid": {"enum": ["01", "04", "14", "16", "82", "83", "84"]},
        "frequentie": {"enum": ["1", "2", "4", "6"]},
        "geldig_van": DATE,
        "geldig_tot": DATE,
        "tarieven": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False, "required": ["bedrag", "van"],
            "properties": {"bedrag": TARIFF, "soort": {"enum": ["tarief", "maximum"]}, "van": DATE, "tot": DATE}}},
    },
}

CATALOGUE = {
    "type": "object",
    "description": "voorzieningen with their products and tariffs, and provider contracts (provisions/catalogue.py)",
    "additionalProperties": False,
    "properties": {
        "voorzieningen": {"type": "array", "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code", "naam", "wet", "soort"],
            "properties": {
                "code": CODE,
                "naam": {"type": "string", "minLength": 1},
                "wet": LAW,
                "soort": {"enum": ["algemeen", "maatwerk"]},
                "mandaatgroep": CODE,
                "wat": {"type": "string"},
                "voor_wie": {"type": "string"},
                "waar": {"type": "string"},
                "hoe": {"type": "string"},
                "organisatie": CODE,
                "gemeenten": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{4}$"}},
                "actief": {"type": "boolean"},
                "producten": {"type": "array", "items": PRODUCT},
            },
        }},
        "contracten": {"type": "array", "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code", "aanbieder", "producten", "van", "plafond"],
            "properties": {
                "code": CODE,
                "aanbieder": CODE,
                "producten": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                "van": DATE,
                "tot": DATE,
                "plafond": MONEY,
            },
        }},
    },
}

BUDGETS = {
    "type": "array",
    "description": "budget per gemeente, year, law and (optionally) product category",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["gemeente", "jaar", "wet", "bedrag"],
        "properties": {
            "gemeente": {"type": "string", "pattern": "^[0-9]{4}$"},
            "jaar": {"type": "integer", "minimum": 2015, "maximum": 2100},
            "wet": LAW,
            "productcategorie": {"type": "string", "pattern": "^[0-9A-Z]{2}$"},
            "bedrag": MONEY,
            "verdeling": {
                "type": "array",
                "description": "a guideline split of the budget into parts, each with its share and the product "
                               "categories whose commitments and spend count against it (docs/profiles.md)",
                "minItems": 2,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["naam", "aandeel", "categorieen"],
                    "properties": {
                        "naam": {"type": "string", "minLength": 1, "maxLength": 100},
                        "aandeel": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "multipleOf": 0.0001},
                        "categorieen": {"type": "array", "minItems": 1, "uniqueItems": True,
                                        "items": {"type": "string", "pattern": "^[0-9A-Z]{2}$"}},
                    },
                },
            },
        },
    },
}

LETTER = {
    "type": "object",
    "additionalProperties": False,
    "required": ["afzender", "adres", "ondertekening", "bezwaar_adres"],
    "properties": {
        "afzender": {"type": "string"},
        "adres": {"type": "string"},
        "telefoon": {"type": "string"},
        "website": {"type": "string"},
        "ondertekening": {"type": "string"},
        "bezwaar_adres": {"type": "string"},
        "verordening": {"type": "string"},
        "clientondersteuning": {"type": "string", "description": "who gives free cliëntondersteuning and how to reach "
                                                                 "them (Wmo 2015 art. 2.3.2 lid 3), in the letters"},
        "sjabloon": {"type": "string", "description": "HTML template file, relative to the profile's directory"},
    },
}

# A term: d calendar days, w weeks, wd working days, u hours ("48u": a crisis, the G7 seed's "binnen 48 uur").
TERM = {"type": "string", "pattern": "^[0-9]+ ?(d|w|wd|u)$"}
CLOCK_KIND = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "naam": {"type": "string"},
        "termijn": TERM,
        "bron": {"type": "string"},
        "atw": {"type": "boolean"},
        "max_verlengingen": {"type": "integer", "minimum": 0, "maximum": 5},
        "verlenging": TERM,
        "waarschuwing_dagen": {"type": "integer", "minimum": 0, "maximum": 60},
    },
}
# A kind the profile adds names the event that starts it (deadlines.kinds.START_EVENTS), so it is really started; a
# built-in kind keeps the event the code gives it (its `start` cannot be set).
ADDED_CLOCK_KIND = {
    **CLOCK_KIND,
    "required": ["naam", "termijn", "start"],
    "properties": {**CLOCK_KIND["properties"], "start": {"enum": list(START_EVENTS)}},
}
CLOCK_KINDS = {
    "type": "object",
    "description": "clock kinds: override the legal defaults or add kinds (deadlines/kinds.py)",
    "propertyNames": CODE,
    "properties": {code: CLOCK_KIND for code in DEFAULT_KINDS},
    "additionalProperties": ADDED_CLOCK_KIND,
}

# Escalation ladders (issue 12 points 3 and 12; escalation/ladders.py, docs/escalation.md). The codes are short so
# that a level's clock kind `escalatie-<ladder>-<level>` fits the clock's 40 characters.
ESCALATION_LADDERS = {
    "type": "array",
    "description": "escalation ladders: ordered levels, who acts at each (roles), what triggers it and the term within "
                   "which the level must act once a case is escalated to it (a clock; escalation/ladders.py)",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["code", "naam", "niveaus"],
        "properties": {
            "code": {**CODE, "maxLength": 15},
            "naam": {"type": "string", "minLength": 1},
            "bron": {"type": "string"},
            "gemeenten": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[0-9]{4}$"},
                          "description": "only these gemeenten use the ladder (default: every gemeente)"},
            "niveaus": {
                "type": "array",
                "minItems": 2,
                "description": "bottom first: the first level is where every case starts",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["code", "naam"],
                    "properties": {
                        "code": {**CODE, "maxLength": 14},
                        "naam": {"type": "string", "minLength": 1},
                        "rollen": {"type": "array", "items": CODE,
                                   "description": "the role(s) of the profile that act at this level"},
                        "aanleiding": {"type": "string", "description": "when a case goes to this level"},
                        "signalen": {"type": "array", "items": CODE,
                                     "description": "signal codes of process direction that point to this level"},
                        "termijn": {**TERM, "description": "the level acts within this term once a case is "
                                                           "escalated to it (48u, 5wd, 2d)"},
                        "doorzettingsmacht": {"type": "boolean",
                                              "description": "this level may take a binding decision (cases.impose)"},
                        "bron": {"type": "string"},
                    },
                },
            },
        },
    },
}

IDENTITY = {
    "type": "object",
    "description": "logging in through the municipality's identity provider (OpenID Connect; accounts/oidc.py, "
                   "docs/security.md): which group at the IdP gives which role in which gemeenten",
    "additionalProperties": False,
    "properties": {
        # a login through the IdP of someone without an account makes one, when one of their groups is mapped here
        "accounts_aanmaken": {"type": "boolean"},
        "oidc_groepen": {"type": "array", "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["groep", "rol", "gemeenten"],
            "properties": {
                "groep": {"type": "string", "minLength": 1, "maxLength": 255,
                          "description": "the group's value in the groups claim (TOEGANG_OIDC_GROUPS_CLAIM)"},
                "rol": CODE,
                "gemeenten": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[0-9]{4}$"}},
            },
        }},
    },
}

def _retention_term(minimum: int = 1) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["jaren", "bron"],
        "properties": {
            "jaren": {"type": "integer", "minimum": minimum, "maximum": 120,
                      "description": "years after the file was closed (its youngest record made)"},
            "bron": {"type": "string", "minLength": 1,
                     "description": "the legal source: the article, or the category of the gemeente's selection list"},
        },
    }


RETENTION = {
    "type": "object",
    "description": "retention terms per kind of record (retention/, docs/retention.md): when a closed file is due for "
                   "destruction. A kind without a term is never due. A closed case takes the longest term of the laws "
                   "it holds a provision under; without any, `zonder_voorziening`.",
    "additionalProperties": False,
    "properties": {
        # Jeugdwet art. 7.3.8: twenty years from making, or longer where good care reasonably requires it
        "jeugdwet": _retention_term(minimum=20),
        "wmo": _retention_term(),
        "participatiewet": _retention_term(),
        "zonder_voorziening": _retention_term(),
        "melding": _retention_term(),
    },
}

# The staffing model (formatieberekening, insight/staffing.py, docs/staffing.md): parameters with the seed's values
# as defaults, per gemeente the inputs, and the tables as published to compare against.
SHARE = {"type": "number", "minimum": 0, "maximum": 1}
FTE = {"type": "number", "minimum": 0, "maximum": 100_000}
COUNT = {"type": "integer", "minimum": 0}
PUBLISHED_TABLE = {"type": "object", "additionalProperties": {
    "type": "object", "additionalProperties": {"type": "number"}}}
STAFFING = {
    "type": "object",
    "description": "formatieberekening: varianten, zorgmix, VNG-methode, tarieven, per gemeente de invoer",
    "additionalProperties": False,
    "required": ["gemeenten"],
    "properties": {
        "bron": {"type": "string"},
        "varianten": {"type": "array", "minItems": 1, "uniqueItems": True,
                      "items": {"type": "integer", "minimum": 1, "maximum": 10_000}},
        "variant": {"type": "integer", "minimum": 1, "maximum": 10_000},
        "zorgmix": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["code", "naam", "aandeel"],
            "properties": {"code": CODE, "naam": {"type": "string", "minLength": 1}, "aandeel": SHARE}}},
        "uren_per_client": {"type": "number", "exclusiveMinimum": 0, "maximum": 1000},
        "productieve_uren": {"type": "number", "exclusiveMinimum": 0, "maximum": 8784},
        "aandeel_front": SHARE,
        "tarieven": {"type": "object", "additionalProperties": False, "properties": {
            "generalist": MONEY, "jg_coach": MONEY, "kwartiermaker": MONEY}},
        "uitvoeringsbudget": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["code", "naam", "wet"],
            "properties": {"code": CODE, "naam": {"type": "string", "minLength": 1}, "wet": LAW}}},
        "gemeenten": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["cbs", "naam", "kernen"],
            "properties": {
                "cbs": {"type": "string", "pattern": "^[0-9]{4}$"},
                "naam": {"type": "string", "minLength": 1},
                "huishoudens_in_zorg": COUNT,
                "sociale_teams": {"type": "integer", "minimum": 1},
                "clienten": {"type": "object", "additionalProperties": False,
                             "properties": {"jeugd": COUNT, "awbz": COUNT}},
                "huidige_formatie_front": FTE,
                "huidige_formatie": FTE,
                "jg_coaches": FTE,
                "verdeelsleutel": SHARE,
                "uitvoeringsbudget": {"type": "object", "additionalProperties": MONEY},
                "uitvoeringsbudget_totaal": MONEY,
                "kernen": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "additionalProperties": False, "required": ["naam", "huishoudens"],
                    "properties": {"naam": {"type": "string", "minLength": 1}, "inwoners": COUNT,
                                   "huishoudens": COUNT, "huishoudens_in_zorg": COUNT}}},
            },
        }},
        "gepubliceerd": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "uren_per_huishouden": {"type": "number", "minimum": 0},
                "tabel_1": PUBLISHED_TABLE, "tabel_2": PUBLISHED_TABLE, "tabel_4": PUBLISHED_TABLE,
                "tabel_4a": {"type": "object", "properties": {"variant": {"type": "integer"}},
                             "additionalProperties": {"type": "object", "additionalProperties": {"type": "number"}}},
                "tabel_5": PUBLISHED_TABLE, "tabel_6": PUBLISHED_TABLE, "bijlage_1": PUBLISHED_TABLE,
            },
        },
    },
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
                    "soort": {"enum": ORG_KINDS},
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
                    "kan_toekennen": {"type": "array", "items": CODE, "uniqueItems": True,
                                      "description": "the roles (codes of this profile) that a holder of this role "
                                                     "may grant and revoke, in a gemeente where they also hold "
                                                     "config.manage (staff administration, docs/profiles.md); "
                                                     "none by default"},
                },
            },
        },
        "termijnen": CLOCK_KINDS,
        "identiteit": IDENTITY,
        "bewaartermijnen": RETENTION,
        "voordeur": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "max_contacten_informatie_advies": {"type": "integer", "minimum": 1, "maximum": 20},
                "crisisrol": CODE,
                # characteristics of the situation a melding can carry, for routing rules (`als.kenmerken`): Den
                # Haag's zorgleerling, overlast, huiselijk geweld, ouder in GGZ-zorg (seed-003 §3.3, R1–R9)
                "kenmerken": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False, "required": ["code", "naam"],
                    "properties": {"code": CODE, "naam": {"type": "string", "minLength": 1},
                                   "bron": {"type": "string"}}}},
            },
        },
        "veiligheid": {
            "type": "object",
            "description": "the safety route (safety/, docs/safety.md): with veilig_thuis_altijd_informeren the "
                           "meldcode's decision (step 5) waits until Veilig Thuis has been informed (an advice "
                           "request or a report recorded on the trajectory), whatever the weighing says (BUCH seed "
                           "001 §4.5.2: the team always informs the AMHK but may handle it itself)",
            "additionalProperties": False,
            "properties": {"veilig_thuis_altijd_informeren": {"type": "boolean"}, "bron": {"type": "string"}},
        },
        "verwijsindex": {
            "type": "object",
            "description": "the Verwijsindex risicojongeren (Jeugdwet hoofdstuk 7.1; verwijsindex/, docs/verwijsindex.md): "
                           "what makes a match and who coordinates it (seed-003 §3.2–3.4)",
            "additionalProperties": False,
            "properties": {
                # bsn: the law's match (two organisations, same youth); adres / ouder: also youths of the same
                # household or with the same parent, found through the resident register (default [bsn])
                "match_op": {"type": "array", "minItems": 1, "uniqueItems": True,
                             "items": {"enum": ["bsn", "adres", "ouder"]}},
                "coordinatie": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["regel"],
                    "properties": {
                        # automatisch: Zorg voor Jeugd (Tilburg/Eindhoven, seed-003 §3.2.3) — the first organisation
                        # kind in `volgorde`, then the first to signal; handmatig: a party takes it (Utrecht)
                        "regel": {"enum": ["automatisch", "handmatig"]},
                        "volgorde": {"type": "array", "uniqueItems": True,
                                     "items": {"enum": ["gemeente", "cjg-partner", "zorgaanbieder", "school",
                                                        "huisarts", "politie", "gecertificeerde-instelling",
                                                        "veilig-thuis", "welzijn", "anders"]},
                                     "description": "organisation kinds in the order they coordinate (automatisch)"},
                        # Utrecht's Jeugdadviesteam as the human backstop (seed-003 §3.2.4): a match without a
                        # coordinator after this many days is marked for the coordinators (verwijsindex.coordinate)
                        "achterwacht_dagen": {"type": "integer", "minimum": 1, "maximum": 90},
                        "achterwacht": {"type": "string", "description": "who the backstop is, as shown"},
                    },
                },
                # a gemeente's own coordination rule over the profile's (the G7 cities each their own system,
                # seed-003 Tabel C): only the keys given replace the profile's
                "per_gemeente": {
                    "type": "object",
                    "propertyNames": {"pattern": "^[0-9]{4}$"},
                    "additionalProperties": {
                        "type": "object", "additionalProperties": False, "required": ["coordinatie"],
                        "properties": {"coordinatie": {
                            "type": "object", "additionalProperties": False,
                            "properties": {
                                "regel": {"enum": ["automatisch", "handmatig"]},
                                "volgorde": {"type": "array", "uniqueItems": True, "items": {"enum": ORG_KINDS}},
                                "achterwacht_dagen": {"type": "integer", "minimum": 1, "maximum": 90},
                                "achterwacht": {"type": "string"},
                                "systeem": {"type": "string", "description": "the local index's name (SISA, ESAR)"},
                            }}},
                    },
                },
                "bron": {"type": "string"},
            },
        },
        "casus_eigenaar": {
            "type": "object",
            "description": "who owns a case that triage opens (cases/actions/owner.py; docs/profiles.md)",
            "additionalProperties": False,
            "required": ["regel"],
            "properties": {
                # team: the case waits in the team's inbox until someone takes it or the team lead assigns it;
                # teamleider: the team's lead directs it at once; rota: the team's case worker with the fewest open
                # cases directs it at once
                "regel": {"enum": ["team", "teamleider", "rota"]},
                "team": {**CODE, "description": "the team that owns every new case (default: the melding's team)"},
                "rollen": {"type": "array", "items": CODE,
                           "description": "teamleider and rota: only staff holding one of these roles"},
                "bron": {"type": "string"},
            },
        },
        "routering": {
            "type": "array",
            "description": "ordered rules; the first that matches decides (intake/routing.py)",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "naam", "als", "dan"],
                "properties": {
                    "code": CODE,
                    "naam": {"type": "string"},
                    "bron_document": {"type": "string"},
                    "gemeenten": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{4}$"}},
                    "als": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "leeftijd_min": {"type": "integer", "minimum": 0, "maximum": 120},
                            "leeftijd_max": {"type": "integer", "minimum": 0, "maximum": 120},
                            "bron": {"type": "array", "items": {"type": "string"}},
                            "kanaal": {"type": "array", "items": {"type": "string"}},
                            "setting": {"type": "array", "items": {"type": "string"}},
                            "wetten": {"type": "array", "items": {"type": "string"}},
                            "urgentie": {"type": "array", "items": {"type": "string"}},
                            "levensgebieden": {"type": "array", "items": {"type": "string"}},
                            "levensgebieden_min": {"type": "integer", "minimum": 0, "maximum": 13},
                            # codes of voordeur.kenmerken: any of these / none of these
                            "kenmerken": {"type": "array", "minItems": 1, "items": CODE},
                            "niet_kenmerken": {"type": "array", "minItems": 1, "items": CODE},
                        },
                    },
                    "dan": {
                        "type": "object",
                        "additionalProperties": False,
                        "minProperties": 1,
                        "properties": {"team": CODE, "rol": CODE, "forum": {"type": "string"}},
                    },
                },
            },
        },
        "instrumenten": {
            "type": "object",
            "description": "scored instruments (assessments/instruments.py); `zrm` replaces the default ZRM",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["naam", "niveaus", "domeinen"],
                "properties": {
                    "naam": {"type": "string"},
                    "alleen_volwassenen": {"type": "boolean"},
                    "niveaus": {"type": "object", "minProperties": 2,
                                "propertyNames": {"pattern": "^[0-9]$"}, "additionalProperties": {"type": "string"}},
                    "domeinen": {"type": "array", "minItems": 1, "items": {
                        "type": "object", "additionalProperties": False, "required": ["code", "naam"],
                        "properties": {"code": CODE, "naam": {"type": "string"}}}},
                },
            },
        },
        "mandaten": {
            "type": "array",
            "description": "the mandate matrix: per kind of individual provision, the roles per task (provisions)",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "naam", "taken"],
                "properties": {
                    "code": CODE,
                    "naam": {"type": "string", "minLength": 1},
                    "vier_ogen": {"type": "boolean"},
                    # whoever decides without holding 'indicatie' only formalises (grants as indicated); a
                    # disagreement goes with a reason to these roles (BUCH seed 001 §4.4.1; docs/decisions.md)
                    "formaliseren": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["bedenking_naar"],
                        "properties": {"bedenking_naar": {"type": "array", "minItems": 1, "items": CODE},
                                       "bron": {"type": "string"}},
                    },
                    "taken": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {task: {"type": "array", "items": CODE} for task in TASK_CODES},
                    },
                },
            },
        },
        "aanvragen": {
            "type": "array",
            "description": "who handles a formal application (intake/actions.py check_register_aanvraag): the first "
                           "rule for its law names the role; the member holding it with the fewest running clocks "
                           "(or the one registering it) gets it, is involved with the case and is notified",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "naam", "wet", "mandaatgroep", "rol"],
                "properties": {
                    "code": CODE,
                    "naam": {"type": "string"},
                    "bron_document": {"type": "string"},
                    "gemeenten": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{4}$"}},
                    "wet": LAW,
                    "mandaatgroep": CODE,
                    "rol": CODE,
                },
            },
        },
        "escalatieladders": ESCALATION_LADDERS,
        "catalogus": CATALOGUE,
        "budgetten": BUDGETS,
        "formatie": STAFFING,
        "eigen_bijdrage": {
            "type": "object",
            "description": "the eigen bijdrage a Wmo maatwerkvoorziening's decision letter states (provisions/letters.py)",
            "additionalProperties": False,
            "properties": {
                # Wmo 2015 art. 2.1.4a lid 4: at most the abonnementstarief per month for the household (CAK); the
                # profile holds it per year and is updated when the amount is indexed
                "wmo_abonnementstarief_per_jaar": {"type": "number", "minimum": 0, "maximum": 100_000},
                "bron": {"type": "string"},
                "vrijgesteld": {
                    "type": "object",
                    "description": "what the verordening exempts: kinds of provision (catalogue codes), minors",
                    "additionalProperties": False,
                    "properties": {"voorzieningen": {"type": "array", "items": CODE},
                                   "minderjarigen": {"type": "boolean"}},
                },
            },
        },
        "deskundigen": {
            "type": "object",
            "description": "expert consultation (provisions/consultations.py, docs/expert-consultation.md): the kinds "
                           "of help that need a recorded expert advice before an indication is proposed (BUCH seed "
                           "001 §4.4.1), and the expert teams a case or process director calls in (Krimpen seed 002 "
                           "§3.2.1-3.2.2)",
            "additionalProperties": False,
            "properties": {
                "bron": {"type": "string"},
                "verplicht": {"type": "array", "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["code", "naam"],
                    "properties": {
                        "code": CODE,
                        "naam": {"type": "string", "minLength": 1},
                        "bron": {"type": "string"},
                        # catalogue codes of maatwerkvoorzieningen, and/or mandate groups (every provision in it)
                        "voorzieningen": {"type": "array", "items": CODE},
                        "mandaatgroepen": {"type": "array", "items": CODE},
                    },
                }},
                "teams": {"type": "array", "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["code", "naam"],
                    "properties": {
                        "code": CODE,
                        "naam": {"type": "string", "minLength": 1},
                        "bron": {"type": "string"},
                        "wat": {"type": "string", "description": "what the team gives (consultation, diagnosis)"},
                        "bereikbaar": {"type": "string", "description": "how to reach it"},
                        "gemeenten": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{4}$"}},
                        "leden": {"type": "array", "items": {
                            "type": "object", "additionalProperties": False, "required": ["discipline"],
                            "properties": {"naam": {"type": "string"}, "discipline": {"type": "string"},
                                           "organisatie": {"type": "string"}}}},
                    },
                }},
            },
        },
        "procesregie": {
            "type": "object",
            "description": "process direction (direction/, docs/direction.md): the thresholds of the signals that a "
                           "case stalls (computed when read, never stored) and the kinds of process director",
            "additionalProperties": False,
            "properties": {
                "bron": {"type": "string"},
                "buiten_gezin": {
                    "type": "boolean",
                    "description": "the process director stays outside the family and gets information through the "
                                   "case director (Stadskanaal seed 004 §5.6, Begrippenlijst): the case's own case "
                                   "director cannot also be its process director (default false)",
                },
                "signalen": {
                    "type": "object",
                    "description": "thresholds in days (or professionals); an absent one takes the default in "
                                   "direction/thresholds.py",
                    "additionalProperties": False,
                    "properties": {
                        "geen_contact_dagen": {"type": "integer", "minimum": 1, "maximum": 730},
                        "plan_akkoord_dagen": {"type": "integer", "minimum": 1, "maximum": 730},
                        "besluit_afloop_dagen": {"type": "integer", "minimum": 1, "maximum": 730},
                        "startbericht_dagen": {"type": "integer", "minimum": 1, "maximum": 730},
                        "coordinator_vanaf": {"type": "integer", "minimum": 2, "maximum": 50},
                        "procesregisseur_vanaf": {"type": "integer", "minimum": 2, "maximum": 50},
                        "bron": {"type": "string"},
                    },
                },
                "soorten": {
                    "type": "array",
                    "description": "the kinds of process director of a case (Krimpen seed 002 §3.2.2: jeugd, "
                                   "volwassenen, doorzettingsmacht burgemeester)",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["code", "naam"],
                        "properties": {"code": CODE, "naam": {"type": "string", "minLength": 1},
                                       "omschrijving": {"type": "string"}, "bron": {"type": "string"}},
                    },
                },
                "contactpunten": {
                    "type": "array",
                    "description": "topic contact points: for these topics the case director informs the process "
                                   "director of this kind (Krimpen seed 002 §3.8 step 13: jeugd → PR Jeugd, "
                                   "justitieel kader → PR Doorzettingsmacht, huiselijk geweld → PR Volwassenen)",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["code", "onderwerp", "soort"],
                        "properties": {"code": CODE, "onderwerp": {"type": "string", "minLength": 1},
                                       "soort": CODE, "omschrijving": {"type": "string"},
                                       "bron": {"type": "string"}},
                    },
                },
            },
        },
        "datums": {
            "type": "object",
            "description": "plausible dates (core/dates.py): how long before the go-live (TOEGANG_GO_LIVE) a received "
                           "date or event may lie, for files migrated from an earlier system (default 12 months)",
            "additionalProperties": False,
            "properties": {"marge_voor_ingebruikname_maanden": {"type": "integer", "minimum": 0, "maximum": 600}},
        },
        "besluiten": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "herbeoordeling": {"type": "string", "pattern": "^[0-9]+ ?(d|w)$",
                                   "description": "re-assessment task this long before a decision ends"},
                "max_looptijd_maanden": {
                    "type": "object",
                    "description": "the longest period of an indication per law, in months (default 60)",
                    "additionalProperties": False,
                    "properties": {law: {"type": "integer", "minimum": 1, "maximum": 120} for law in LAW["enum"]},
                },
                "brieven": {
                    "type": "object",
                    "description": "letter settings per gemeente (CBS code)",
                    "propertyNames": {"pattern": "^[0-9]{4}$"},
                    "additionalProperties": LETTER,
                },
            },
        },
        "klachten": {
            "type": "object",
            "description": "the complaint route (feedback/, docs/feedback.md): the stages a complaint passes, the "
                         "first the gemeente's own handling (clock klachtbehandeling, Awb 9:11), later ones external "
                         "(the ombudsman, Awb 9:18; Krimpen seed 002 §3.4.3: sociale ombudsman); default intern → "
                         "Nationale ombudsman",
            "additionalProperties": False,
            "properties": {
                "bron": {"type": "string"},
                "route": {"type": "array", "minItems": 1, "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["code", "naam"],
                    "properties": {"code": CODE, "naam": {"type": "string", "minLength": 1},
                                   "bron": {"type": "string"}},
                }},
            },
        },
        "tevredenheid": {
            "type": "object",
            "description": "the satisfaction question asked when a case closes (feedback/, docs/feedback.md; Krimpen "
                           "seed 002 ch. 5 item 13): its wording and the highest score (default 10)",
            "additionalProperties": False,
            "properties": {
                "bron": {"type": "string"},
                "vraag": {"type": "string", "minLength": 1},
                "schaal_max": {"type": "integer", "minimum": 2, "maximum": 10},
            },
        },
        "plan": {
            "type": "object",
            "description": "the household's plan (plans/actions.py; docs/profiles.md `plan`): who coordinates the "
                           "care when a plan is started — the household itself (Bergen seed 000 B3: 'het uitgangspunt "
                           "is dat dit de ouders zijn') or the case director; without it nothing is recorded",
            "additionalProperties": False,
            "properties": {
                "zorgcoordinatie": {"type": "string", "enum": ["huishouden", "casusregisseur"]},
                "bron": {"type": "string"},
            },
        },
        "casusoverleg": {
            "type": "object",
            "description": "case conferences (conferences/kinds.py; docs/conferences.md): the kinds a conference can "
                           "be; without this section the defaults (casusoverleg, MDO, 1G1P-gezinsoverleg, "
                           "netwerkberaad, stedelijk casusoverleg)",
            "additionalProperties": False,
            "properties": {
                "soorten": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["code", "naam"],
                        "properties": {"code": CODE, "naam": {"type": "string", "minLength": 1},
                                       "bron": {"type": "string"}},
                    },
                },
            },
        },
        "demo": {
            "type": "object",
            "description": "only for demo profiles: the staff that `toegang demo` creates, one per role",
            "additionalProperties": False,
            "properties": {
                "casusregisseurs": {"type": "array", "items": {"type": "string"},
                                    "description": "usernames of demo staff who direct the demo's cases of their team"},
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
