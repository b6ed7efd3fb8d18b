"""The capabilities the code checks, as named constants. Roles (profile data) grant them; the code never checks a
role name. Every check in actions, views, templates and the API names one of these constants: a capability string
literal anywhere else in src/ fails tests/test_capabilities.py."""

PERSONS_VIEW_ALL = "persons.view_all"
PERSONS_VIEW_TEAM = "persons.view_team"
PERSONS_REGISTER = "persons.register"
PERSONS_MERGE = "persons.merge"
INTAKE_REGISTER = "intake.register"
INTAKE_TRIAGE = "intake.triage"
INTAKE_REFER = "intake.refer"
CASES_VIEW_ALL = "cases.view_all"
CASES_VIEW_TEAM = "cases.view_team"
CASES_ASSIGN = "cases.assign"
CASES_WORK = "cases.work"
AUDIT_VIEW = "audit.view"
FINANCE_VIEW = "finance.view"
CONFIG_MANAGE = "config.manage"
CASES_DIRECT = "cases.direct"
CASES_IMPOSE = "cases.impose"
VERWIJSINDEX_SIGNAL = "verwijsindex.signal"
VERWIJSINDEX_COORDINATE = "verwijsindex.coordinate"
RETENTION_DESTROY = "retention.destroy"
MESSAGES_MANAGE = "messages.manage"

CAPABILITIES: dict[str, str] = {
    PERSONS_VIEW_ALL: "alle inwoners en huishoudens van de gemeente inzien",
    PERSONS_VIEW_TEAM: "inwoners en huishoudens in de wijken van de eigen teams inzien",
    PERSONS_REGISTER: "inwoners en huishoudens registreren en wijzigen",
    PERSONS_MERGE: "dubbele inwonerregistraties samenvoegen",
    INTAKE_REGISTER: "meldingen en aanvragen registreren",
    INTAKE_TRIAGE: "meldingen triëren, routeren, oppakken en afsluiten; termijnen opschorten en verlengen",
    INTAKE_REFER: "als partnerorganisatie een inwoner verwijzen en de terugkoppeling zien (geen dossier)",
    CASES_VIEW_ALL: "alle casussen van de gemeente inzien, ook vertrouwelijke notities (procesregie)",
    CASES_VIEW_TEAM: "casussen van de eigen teams inzien (teamleiding)",
    CASES_ASSIGN: "casusregisseurs toewijzen en wisselen, betrokkenen toevoegen, casussen afsluiten en heropenen",
    CASES_WORK: "casuswerk doen: casusregisseur of betrokkene van een casus of huishouden kunnen zijn",
    AUDIT_VIEW: "inzagelog en wijzigingslog raadplegen en exporteren (privacy officer)",
    FINANCE_VIEW: "budgetten, verplichtingen en contractplafonds inzien (geen persoonsgegevens)",
    CONFIG_MANAGE: "configuratie beheren (functioneel beheer)",
    CASES_DIRECT: "procesregie voeren: de aandachtslijst van casussen die stokken, escaleren en de-escaleren, "
                  "casusoverleggen beleggen, procesregisseur van een casus zijn",
    CASES_IMPOSE: "doorzettingsmacht: een bindend besluit nemen in een vastgelopen casus en de casus overnemen",
    VERWIJSINDEX_SIGNAL: "signalen afgeven in de Verwijsindex (alleen BSN, organisatie, contactpersoon en datum) "
                         "en matches op de eigen signalen zien",
    MESSAGES_MANAGE: "het berichtenverkeer met aanbieders (iJw/iWmo): berichten inzien, inlezen en downloaden",
    RETENTION_DESTROY: "bewaartermijnen bewaken, dossiers langer bewaren en vernietigingslijsten opstellen en "
                       "bevestigen (vier ogen: wie de lijst opstelt, bevestigt haar niet)",
    VERWIJSINDEX_COORDINATE: "matches in de Verwijsindex coördineren en de historie van verlopen signalen raadplegen",
}
