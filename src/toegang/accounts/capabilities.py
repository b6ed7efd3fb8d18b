"""The capabilities the code checks. Roles (profile data) grant them; the code never checks a role name."""

CAPABILITIES: dict[str, str] = {
    "persons.view_all": "alle inwoners en huishoudens van de gemeente inzien",
    "persons.view_team": "inwoners en huishoudens in de wijken van de eigen teams inzien",
    "persons.register": "inwoners en huishoudens registreren en wijzigen",
    "persons.merge": "dubbele inwonerregistraties samenvoegen",
    "intake.register": "meldingen en aanvragen registreren",
    "intake.triage": "meldingen trieren, routeren, oppakken en afsluiten; termijnen opschorten en verlengen",
    "intake.refer": "als partnerorganisatie een inwoner aanmelden en de terugkoppeling zien (geen dossier)",
    "cases.view_all": "alle casussen van de gemeente inzien, ook vertrouwelijke notities (procesregie)",
    "cases.view_team": "casussen van de eigen teams inzien (teamleiding)",
    "cases.assign": "casusregisseurs toewijzen en wisselen, betrokkenen toevoegen, casussen afsluiten en heropenen",
    "audit.view": "inzagelog en wijzigingslog raadplegen en exporteren (privacy officer)",
    "finance.view": "budgetten, verplichtingen en contractplafonds inzien (geen persoonsgegevens)",
    "config.manage": "configuratie beheren (functioneel beheer)",
}
