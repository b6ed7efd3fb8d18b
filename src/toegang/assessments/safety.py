"""The structured safety checklist (Krimpen, seed 002 §5.3) used beside the Signs of Safety questions."""

SAFETY_CHECKLIST = [
    # unsafe situations for children
    ("bedreiging-opvoeder", "bedreiging door ouder(s) of primaire opvoeder(s)"),
    ("ernstige-mishandeling", "ernstige kindermishandeling"),
    ("onvoldoende-bescherming", "onvoldoende bescherming"),
    ("onvoldoende-basiszorg", "onvoldoende basiszorg"),
    ("opvoeder-niet-beschikbaar", "opvoeder niet beschikbaar"),
    ("bedreiging-jeugdige-gezinslid", "bedreiging door de jeugdige zelf of een ander gezinslid"),
    # forms of harm
    ("fysiek-gevaar", "fysiek gevaar"),
    ("geweld", "lichamelijk of psychisch geweld"),
    ("verwaarlozing", "verwaarlozing"),
    ("seksueel-misbruik", "seksueel misbruik"),
    ("getuige-huiselijk-geweld", "getuige van huiselijk geweld"),
    # risk factors
    ("eerder-mishandeling", "ouder heeft eerder een kind mishandeld"),
    ("ouder-psychiatrie-lvb", "psychiatrische problematiek of verstandelijke beperking bij een ouder"),
    ("ongewenst-kind", "ongewenst kind"),
    ("gedragsproblemen", "gedragsproblemen van de jeugdige"),
]
