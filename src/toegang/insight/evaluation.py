"""Evaluation reports for the seed questions (issue 15 item 6; docs/evaluation.md): Krimpen's evaluation points A–E
(seed 002 ch. 4), the six G7 ambitions (seed 003 §6.A, ch. 1) and Stadskanaal's outcome indicators (seed 004 §7.2,
§3.3 of the plan) as data. Each question keeps the seed's own Dutch words and section; under it the indicators of
indicators.py (and the one below, in the same set-based style) that answer it, each a Table or Chart, or a line
saying why Toegang cannot answer it. A number that Toegang does not hold is never made up.

Every report is offered to every gemeente: they are questions a reader may ask of any registration, not rules of one
profile (a profile key would only hide a question; the definitions say what each number counts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_noop

from toegang.cases.models import CLOSE_REASONS
from toegang.feedback.models import ComplaintHandling, SatisfactionAnswer
from toegang.intake.codes import KANAAL, TRIAGE
from toegang.persons.models import Involvement
from toegang.provisions.codes import LAWS
from toegang.provisions.models import Besluit, Bezwaar
from toegang.ui.charts import Chart, Series, Table

from . import indicators
from .indicators import Filters

Item = Chart | Table


class Ask:
    """Each indicator computed once per page, however many questions use it (a report asks outcomes() three times)."""

    def __init__(self, filters: Filters):
        self.filters = filters
        self._done: dict = {}

    def __call__(self, function: Callable, *args):
        key = (function, args)
        if key not in self._done:
            self._done[key] = function(self.filters, *args)
        return self._done[key]


@dataclass(frozen=True)
class Question:
    """One question of a report: its code (A, A1, …), the seed's words, the section, and how Toegang answers it."""
    code: str
    title: str  # the seed's heading, Dutch
    text: str  # the question in the seed's own words
    source: str  # the seed and section
    answer: Callable[[Ask], list[Item]] | None = None
    how: str = ""  # which indicators answer it, in words
    unanswerable: list[str] = field(default_factory=list)  # "niet uit Toegang te beantwoorden: …" reasons


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    source: str
    intro: str
    questions: list[Question]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _label(pairs, code: str) -> str:
    label = dict(pairs).get(code)
    return gettext(label) if label else (code or gettext("onbekend"))


# --- one indicator that indicators.py does not have (G7 ambition 1) --------------------------------------------------

CONTACT_BANDS = ("0", "1", "2", "3", "4+")


def professionals_per_case(filters: Filters) -> list[tuple[str, int]]:
    """Cases open at the end of the period per number of distinct professionals involved (betrokkenen) at that end:
    0, 1, 2, 3, 4 or more. One query: a correlated distinct count per case, grouped by that count."""
    involved = (Involvement.objects.filter(casus_id=OuterRef("pk"), valid_from__lte=filters.end)
                .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=filters.end))
                .values("casus_id").annotate(c=Count("medewerker_id", distinct=True)).values("c"))
    rows = (indicators.open_cases_at_end(filters)
            .annotate(people=Coalesce(Subquery(involved, output_field=IntegerField()), Value(0)))
            .values("people").annotate(n=Count("id")).order_by("people"))
    bands = dict.fromkeys(CONTACT_BANDS, 0)
    for row in rows:
        bands["4+" if row["people"] >= 4 else str(row["people"])] += row["n"]
    return list(bands.items())


def complaints(filters: Filters) -> list[tuple[str, str, int]]:
    """Complaint stages begun in the period (the gemeente's own handling, the ombudsman …) per stage and outcome
    ('' = still running): (stage name, outcome, number). One grouped query (feedback/, seed 002 §3.4.3)."""
    qs = ComplaintHandling.objects.filter(complaint__gemeente_id__in=filters.gemeente_ids,
                                          started_on__gte=filters.start, started_on__lte=filters.end)
    if filters.team_id:
        qs = qs.filter(complaint__casus__team_id=filters.team_id)
    if filters.wijk_id:
        qs = qs.filter(complaint__household__wijk_id=filters.wijk_id)
    rows = qs.values("stage", "stage_name", "outcome").annotate(n=Count("id")).order_by("stage", "stage_name",
                                                                                        "outcome")
    return [(r["stage_name"], r["outcome"], r["n"]) for r in rows]


def satisfaction(filters: Filters) -> tuple[int, float | None, int]:
    """Satisfaction answers given in the period at the closure of a case: (answers, mean score on a scale of 10,
    answers of 6 or more out of 10). One aggregate query (feedback/, seed 002 ch. 5 item 13)."""
    qs = SatisfactionAnswer.objects.filter(gemeente_id__in=filters.gemeente_ids, answered_on__gte=filters.start,
                                           answered_on__lte=filters.end)
    if filters.team_id:
        qs = qs.filter(casus__team_id=filters.team_id)
    if filters.wijk_id:
        qs = qs.filter(household__wijk_id=filters.wijk_id)
    on_ten = ExpressionWrapper(F("score") * Value(10.0) / F("scale"), output_field=FloatField())
    found = qs.aggregate(n=Count("id"), mean=Avg(on_ten),
                         enough=Count("id", filter=Q(score__gte=F("scale") * Value(0.6))))
    mean = round(found["mean"], 1) if found["mean"] is not None else None
    return found["n"], mean, found["enough"]


EVALUATION_DEFINITIONS = {
    "betrokkenen": gettext_noop("Casussen die aan het eind van de periode open waren, naar het aantal verschillende "
                                "professionals dat op die dag als betrokkene bij de casus geregistreerd stond."),
    "klachten": gettext_noop("Klachten over de behandeling in een casus, per stap van de klachtenroute van het "
                             "profiel (eerst de gemeente zelf, daarna bijvoorbeeld de ombudsman) die in de periode "
                             "begon, naar uitkomst; zonder uitkomst: nog in behandeling."),
    "tevredenheid": gettext_noop("Antwoorden op de tevredenheidsvraag van het profiel, gegeven bij het afsluiten van "
                                 "een casus in de periode; het cijfer omgerekend naar een schaal van 10, voldoende is "
                                 "6 of hoger."),
}


# --- the answers: each a function of Ask returning tables and charts -------------------------------------------------

def cases_in_period(ask: Ask) -> list[Item]:
    opened, again = ask(indicators.reentries)
    result = ask(indicators.outcomes)
    load = ask(indicators.caseload)
    open_end = sum(n for _team, n, _unowned in load["team"])
    rows = [[gettext("Geopend in de periode"), opened], [gettext("waarvan heraanmelding binnen 12 maanden"), again],
            [gettext("Afgesloten in de periode"), result.closed], [gettext("Open aan het eind van de periode"), open_end]]
    return [Table(id="casussen", title=gettext("Casussen in de periode"), columns=[gettext("Casussen"),
                  gettext("Aantal")], rows=rows, units=["tekst", "aantal"],
                  definition=" ".join([gettext(indicators.DEFINITIONS["heraanmelding"]),
                                       gettext(indicators.DEFINITIONS["caseload"])]))]


def closure_outcomes(ask: Ask) -> list[Item]:
    result = ask(indicators.outcomes)
    rows = [[gettext("Casussen afgesloten"), result.closed, None],
            [gettext("Plandoelen bij afsluiting"), result.goals, None],
            [gettext("waarvan bereikt"), result.goals_reached, result.goal_share],
            [gettext("Personen met een eerste en laatste ZRM-meting"), result.measured_people, None],
            [gettext("Gemiddelde verandering zelfredzaamheid (ZRM-niveau)"), result.mean_change, None]]
    return [Table(id="afsluiting", title=gettext("Uitkomst bij afsluiting"),
                  columns=[gettext("Uitkomst"), gettext("Aantal"), gettext("Deel")], rows=rows,
                  units=["tekst", "aantal", "procent"], definition=gettext(indicators.DEFINITIONS["afsluiting"]))]


def close_reasons(ask: Ask) -> list[Item]:
    result = ask(indicators.outcomes)
    labels = [_label(CLOSE_REASONS, code) for code, _n in result.by_reason]
    chart = Chart(id="redenen", title=gettext("Afgesloten casussen naar reden van afsluiten"), kind="hbar",
                  labels=labels, series=[Series(gettext("Casussen"), [n for _c, n in result.by_reason])],
                  definition=gettext("Casussen afgesloten in de periode naar de reden die de casusregisseur bij het "
                                     "afsluiten koos."))
    return [chart]


def no_new_start(ask: Ask) -> list[Item]:
    opened, again = ask(indicators.reentries)
    rows = [[gettext("Casussen geopend in de periode"), opened, None],
            [gettext("waarvan een heraanmelding binnen 12 maanden na afsluiting"), again, _share(again, opened)],
            [gettext("waarvan een nieuwe start"), opened - again, _share(opened - again, opened)]]
    return [Table(id="heraanmelding", title=gettext("Heraanmelding binnen 12 maanden"),
                  columns=[gettext("Casussen"), gettext("Aantal"), gettext("Deel")], rows=rows,
                  units=["tekst", "aantal", "procent"], definition=gettext(indicators.DEFINITIONS["heraanmelding"]))]


def decisions_table(ask: Ask) -> list[Item]:
    found = ask(indicators.decisions)
    rows = [[_label(LAWS, law), _label(Besluit.Outcome.choices, outcome), n] for law, outcome, n in found["besluiten"]]
    objections = [[_label(Bezwaar.Outcome.choices, outcome) if outcome else gettext("nog in behandeling"), n]
                  for outcome, n in found["bezwaren"]]
    return [Table(id="besluiten", title=gettext("Besluiten naar wet en uitkomst"),
                  columns=[gettext("Wet"), gettext("Uitkomst"), gettext("Besluiten")], rows=rows,
                  units=["tekst", "tekst", "aantal"], definition=gettext(indicators.DEFINITIONS["besluiten"])),
            Table(id="bezwaren", title=gettext("Bezwaren naar uitkomst"),
                  columns=[gettext("Uitkomst"), gettext("Bezwaren")], rows=objections, units=["tekst", "aantal"])]


def lead_times_table(ask: Ask, steps: tuple[str, ...] | None = None, *, item_id: str = "doorlooptijden") -> list[Item]:
    labels = dict(indicators.STEPS)
    rows = [[gettext(labels[p.step]), p.n, p.median, p.p90] for p in ask(indicators.lead_times)
            if steps is None or p.step in steps]
    return [Table(id=item_id, title=gettext("Doorlooptijden in dagen"),
                  columns=[gettext("Stap"), gettext("Meldingen"), gettext("Mediaan"), gettext("90e percentiel")],
                  rows=rows, units=["tekst", "aantal", "dagen", "dagen"],
                  definition=gettext(indicators.DEFINITIONS["doorlooptijden"]))]


def first_contact(ask: Ask) -> list[Item]:
    return lead_times_table(ask, ("melding-contact",), item_id="eerste-contact")


def terms_table(ask: Ask) -> list[Item]:
    rows = [[t.label, t.stopped, t.within, t.share, t.open_overdue] for t in ask(indicators.term_shares)]
    return [Table(id="termijnen", title=gettext("Binnen de termijn"),
                  columns=[gettext("Termijn"), gettext("Gestopt"), gettext("Op tijd"), gettext("Deel op tijd"),
                           gettext("Lopend en verlopen")], rows=rows,
                  units=["tekst", "aantal", "aantal", "procent", "aantal"],
                  definition=gettext(indicators.DEFINITIONS["termijnen"]))]


def escalations_table(ask: Ask) -> list[Item]:
    rows = ask(indicators.escalations)
    return [Chart(id="escalaties", title=gettext("Escalaties naar bereikt niveau"), kind="stacked",
                  labels=[name for name, _closed, _open in rows],
                  series=[Series(gettext("afgeschaald"), [closed for _n, closed, _o in rows]),
                          Series(gettext("nog open"), [still for _n, _c, still in rows])],
                  definition=gettext(indicators.DEFINITIONS["escalaties"]))]


def director_caseload(ask: Ask) -> list[Item]:
    load = ask(indicators.caseload)
    teams = [[team or gettext("zonder team"), n, unowned] for team, n, unowned in load["team"]]
    return [Table(id="caseload-team", title=gettext("Open casussen per team"),
                  columns=[gettext("Team"), gettext("Open casussen"), gettext("Zonder casusregisseur")], rows=teams,
                  units=["tekst", "aantal", "aantal"], definition=gettext(indicators.DEFINITIONS["caseload"]))]


def complaints_table(ask: Ask) -> list[Item]:
    rows = [[stage, _label(ComplaintHandling.Outcome.choices, outcome) if outcome else gettext("nog in behandeling"),
             n] for stage, outcome, n in ask(complaints)]
    return [Table(id="klachten", title=gettext("Klachten naar stap en uitkomst"),
                  columns=[gettext("Stap"), gettext("Uitkomst"), gettext("Klachten")], rows=rows,
                  units=["tekst", "tekst", "aantal"], definition=gettext(EVALUATION_DEFINITIONS["klachten"]))]


def satisfaction_table(ask: Ask) -> list[Item]:
    n, mean, enough = ask(satisfaction)
    return [Table(id="tevredenheid", title=gettext("Tevredenheid bij het afsluiten"),
                  columns=[gettext("Tevredenheid"), gettext("Waarde"), gettext("Deel")],
                  rows=[[gettext("Antwoorden"), n, None],
                        [gettext("Gemiddeld cijfer (op 10)"), mean, None],
                        [gettext("voldoende (6 of hoger)"), enough, _share(enough, n)]],
                  units=["tekst", "aantal", "procent"], definition=gettext(EVALUATION_DEFINITIONS["tevredenheid"]))]


def routing(ask: Ask) -> list[Item]:
    by_outcome = ask(indicators.meldingen_by, "triage_outcome")
    by_channel = ask(indicators.meldingen_by, "channel")
    definition = gettext(indicators.DEFINITIONS["meldingen"])
    return [Chart(id="triage", title=gettext("Meldingen naar uitkomst van de triage"), kind="hbar",
                  labels=[_label(TRIAGE, code) if code else gettext("nog niet getrieerd") for code, _n in by_outcome],
                  series=[Series(gettext("Meldingen"), [n for _c, n in by_outcome])], definition=definition),
            Table(id="kanaal", title=gettext("Meldingen naar kanaal"), columns=[gettext("Kanaal"), gettext("Meldingen")],
                  rows=[[_label(KANAAL, code), n] for code, n in by_channel], units=["tekst", "aantal"],
                  definition=definition)]


def desk_contacts(ask: Ask) -> list[Item]:
    rows = ask(indicators.desk_contacts)
    total = sum(n for _c, n in rows)
    within = sum(n for contacts, n in rows if contacts <= 2)
    table_rows = [[gettext("%(n)s klantcontact(en)") % {"n": contacts}, n, _share(n, total)] for contacts, n in rows]
    table_rows.append([gettext("binnen twee klantcontacten"), within, _share(within, total)])
    return [Table(id="klantcontacten", title=gettext("Informatie en advies: klantcontacten per vraag"),
                  columns=[gettext("Klantcontacten"), gettext("Meldingen"), gettext("Deel")], rows=table_rows,
                  units=["tekst", "aantal", "procent"], definition=gettext(indicators.DEFINITIONS["contacten"]))]


def contact_persons(ask: Ask) -> list[Item]:
    rows = ask(professionals_per_case)
    load = ask(indicators.caseload)
    open_end = sum(n for _team, n, _unowned in load["team"])
    unowned = sum(u for _team, _n, u in load["team"])
    return [Chart(id="betrokkenen", title=gettext("Open casussen naar aantal betrokken professionals"), kind="bar",
                  labels=list(CONTACT_BANDS), series=[Series(gettext("Casussen"), [n for _b, n in rows])],
                  definition=gettext(EVALUATION_DEFINITIONS["betrokkenen"])),
            Table(id="een-regisseur", title=gettext("Open casussen met één casusregisseur"),
                  columns=[gettext("Casussen"), gettext("Aantal"), gettext("Deel")],
                  rows=[[gettext("Open aan het eind van de periode"), open_end, None],
                        [gettext("met een casusregisseur"), open_end - unowned, _share(open_end - unowned, open_end)]],
                  units=["tekst", "aantal", "procent"], definition=gettext(indicators.DEFINITIONS["caseload"]))]


def care_use(ask: Ask) -> list[Item]:
    return routing(ask)[:1] + decisions_table(ask)[:1]


def verwijsindex(ask: Ask) -> list[Item]:
    n, coordinated = ask(indicators.verwijsindex_matches)
    return [Table(id="verwijsindex", title=gettext("Matches in de Verwijsindex"),
                  columns=[gettext("Matches"), gettext("Aantal"), gettext("Deel")],
                  rows=[[gettext("Ontstaan in de periode"), n, None],
                        [gettext("met een coördinator"), coordinated, _share(coordinated, n)]],
                  units=["tekst", "aantal", "procent"], definition=gettext(indicators.DEFINITIONS["verwijsindex"]))]


def goals_reached(ask: Ask) -> list[Item]:
    result = ask(indicators.outcomes)
    return [Table(id="doelen", title=gettext("Overeengekomen doelen gerealiseerd"),
                  columns=[gettext("Plandoelen"), gettext("Aantal"), gettext("Deel")],
                  rows=[[gettext("Doelen in de plannen van afgesloten casussen"), result.goals, None],
                        [gettext("waarvan bereikt"), result.goals_reached, result.goal_share]],
                  units=["tekst", "aantal", "procent"], definition=gettext(indicators.DEFINITIONS["afsluiting"]))]


def self_reliance(ask: Ask) -> list[Item]:
    result = ask(indicators.outcomes)
    return [Table(id="zelfredzaamheid", title=gettext("Verandering van de zelfredzaamheid"),
                  columns=[gettext("Zelfredzaamheid (ZRM)"), gettext("Waarde")],
                  rows=[[gettext("Gemeten personen in afgesloten casussen"), result.measured_people],
                        [gettext("Gemiddelde verandering (ZRM-niveau, 1–5)"), result.mean_change]],
                  units=["tekst", "aantal"], definition=gettext(indicators.DEFINITIONS["afsluiting"]))]


# --- the reports ------------------------------------------------------------------------------------------------------

NO_EXPERIENCE = gettext_noop("niet uit Toegang te beantwoorden: Toegang houdt alleen het tevredenheidscijfer bij het "
                             "afsluiten bij; een breder onderzoek naar de ervaring van inwoners gebeurt buiten "
                             "Toegang.")
NO_COSTS = gettext_noop("niet uit Toegang te beantwoorden: uren, kosten per medewerker en kosten per besluit worden "
                        "niet in Toegang geregistreerd (de begroting en de formatieberekening staan op hun eigen "
                        "pagina's).")

KRIMPEN = Report(
    slug="krimpen", title=gettext_noop("Evaluatie toegang sociaal domein (Krimpen aan den IJssel)"),
    source="seed 002, hoofdstuk 4 Evaluatie",
    intro=gettext_noop("Onderstaande elementen zullen dan ook onderdeel uit moeten maken van een evaluatie."),
    questions=[
        Question(
            "A", gettext_noop("Krimpens Sociaal Team"),
            gettext_noop("Wat zijn de resultaten van de inzet van het Krimpens Sociaal Team? Is de werkbegeleiding en "
                         "de eventueel noodzakelijke inzet van specialistische- c.q. maatwerkvoorzieningen voldoende "
                         "geborgd?"),
            "seed 002 hfst. 4 A; §3.2.1",
            lambda ask: (cases_in_period(ask) + closure_outcomes(ask) + first_contact(ask)
                         + decisions_table(ask)[:1]),
            gettext_noop("Casussen geopend, afgesloten en open; heraanmeldingen; doelen bereikt en verandering van de "
                         "zelfredzaamheid bij afsluiting; dagen van melding tot eerste contact (Krimpen: binnen 2 "
                         "dagen); besluiten over specialistische zorg en maatwerkvoorzieningen."),
            [gettext_noop("niet uit Toegang te beantwoorden: werkbegeleiding en intervisie van de casusregisseurs "
                          "worden niet in Toegang geregistreerd.")]),
        Question(
            "B", gettext_noop("Procesregie"),
            gettext_noop("Is het werkgeverschap van de procesregisseurs goed belegd en wordt de specifieke "
                         "deskundigheid voldoende geborgd?"),
            "seed 002 hfst. 4 B; §3.2.2",
            lambda ask: escalations_table(ask) + director_caseload(ask) + lead_times_table(ask, ("plan-besluit",),
                                                                                          item_id="mandaat"),
            gettext_noop("Escalaties naar niveau en uitkomst; open casussen per team en zonder casusregisseur; dagen "
                         "van plan akkoord tot besluit (het mandaat van de procesregisseur)."),
            [gettext_noop("niet uit Toegang te beantwoorden: bij welke organisatie de procesregisseurs in dienst zijn "
                          "en hoe hun deskundigheid geborgd is, is een organisatievraag; Toegang registreert het "
                          "niet.")]),
        Question(
            "C", gettext_noop("Organisatievorm receptie en ‘vraag- en intake team’"),
            gettext_noop("Het in deze notitie beschreven ‘vraag- en intake team’ valt onder coördinatie van "
                         "ContourdeTwern. Hierbij worden vanuit diverse organisaties medewerkers geleverd. In de "
                         "evaluatie dient beoordeeld te worden of dit de meest efficiënte werkwijze is."),
            "seed 002 hfst. 4 C; §3.1",
            lambda ask: routing(ask) + satisfaction_table(ask),
            gettext_noop("Meldingen naar uitkomst van de triage (waar de vraag heen ging) en naar kanaal; de "
                         "tevredenheid van inwoners bij het afsluiten van hun casus (hoofdstuk 5 punt 13)."),
            [NO_COSTS, NO_EXPERIENCE]),
        Question(
            "D", gettext_noop("Reikwijdte ‘vraag- en intake team’"),
            gettext_noop("In eerste instantie gaan we uit van een beperkte dienstverlening binnen het ‘vraag- en "
                         "intake team’ waarbij er maximaal twee klantcontacten plaatsvinden. Na verloop van tijd "
                         "willen we evalueren tot hoever we de dienstverlening van de balie verder willen uitbouwen."),
            "seed 002 hfst. 4 D; §5.4",
            lambda ask: desk_contacts(ask) + decisions_table(ask)[1:],
            gettext_noop("Vragen voor informatie en advies naar het aantal klantcontacten, en het deel dat binnen "
                         "twee contacten bleef; bezwaren tegen besluiten (de kwaliteit van indicaties)."),
            [gettext_noop("niet uit Toegang te beantwoorden: of kortdurende hulpverlening in de balie wenselijk is "
                          "en of alle consulenten een indicatiemandaat moeten krijgen, zijn beleidskeuzes; Toegang "
                          "laat alleen zien hoe het nu loopt.")]),
        Question(
            "E", gettext_noop("Administratief proces en gemeentelijke organisatie"),
            gettext_noop("Zijn het administratieve proces en de overige functies die zijn belegd binnen de "
                         "gemeentelijke organisatie voldoende efficiënt en effectief ingericht en voldoen we hiermee "
                         "aan de uitgangspunten, zoals verwoord in hoofdstuk 1?"),
            "seed 002 hfst. 4 E; §3.3.1",
            lambda ask: lead_times_table(ask, ("plan-besluit", "besluit-zorg", "melding-zorg"),
                                         item_id="administratie") + terms_table(ask) + complaints_table(ask),
            gettext_noop("Dagen van plan via besluit tot start van de zorg; het deel van de wettelijke termijnen dat "
                         "gehaald is (ook de klachtbehandeling, Awb 9:11); klachten naar stap van de klachtenroute "
                         "(de gemeente, de sociale ombudsman) en uitkomst (§3.4.3)."),
            [NO_COSTS, gettext_noop("niet uit Toegang te beantwoorden: of de werkwijze aan de acht uitgangspunten "
                                    "van hoofdstuk 1 voldoet, is een oordeel; Toegang levert er cijfers bij, geen "
                                    "oordeel.")]),
    ])

G7 = Report(
    slug="g7", title=gettext_noop("Ambities CJG en Bureau Jeugdzorg (G7)"),
    source="seed 003, hoofdstuk 1 (§6.A)",
    intro=gettext_noop("De zes ambities van de zeven grote steden voor de aansluiting van het CJG op Bureau "
                       "Jeugdzorg, met wat Toegang erover laat zien."),
    questions=[
        Question(
            "1", gettext_noop("Minder contactpersonen"),
            gettext_noop("Verminderen van het aantal contactpersonen voor ouders en jeugdigen"),
            "seed 003 hfst. 1, ambitie 1",
            contact_persons,
            gettext_noop("Open casussen naar het aantal betrokken professionals, en het deel met een "
                         "casusregisseur (één gezin, één plan, één regisseur).")),
        Question(
            "2", gettext_noop("Minder belasting bij het verstrekken van informatie"),
            gettext_noop("Verminderen van de belasting van jeugdigen en ouders bij het verstrekken van informatie"),
            "seed 003 hfst. 1, ambitie 2", None, "",
            [gettext_noop("niet uit Toegang te beantwoorden: Toegang telt niet hoe vaak een gezin dezelfde gegevens "
                          "opnieuw moet geven; het laat bij een melding wel zien of het huishouden al bekend is.")]),
        Question(
            "3", gettext_noop("Kortere doorlooptijd"),
            gettext_noop("Versnellen van de doorlooptijd van signalering tot indicatiestelling"),
            "seed 003 hfst. 1, ambitie 3",
            lambda ask: lead_times_table(ask),
            gettext_noop("Mediaan en 90e percentiel van de dagen per stap, van melding tot start van de zorg.")),
        Question(
            "4", gettext_noop("Minder onjuiste doorverwijzingen"),
            gettext_noop("Afname van het aantal onjuiste doorverwijzingen naar Bureau Jeugdzorg"),
            "seed 003 hfst. 1, ambitie 4",
            lambda ask: decisions_table(ask)[:1],
            gettext_noop("Besluiten naar wet en uitkomst: het aantal afwijzingen."),
            [gettext_noop("niet uit Toegang te beantwoorden: een verwijzing naar Bureau Jeugdzorg en de "
                          "terugverwijzing naar het CJG worden niet als zodanig geregistreerd; sinds de Jeugdwet "
                          "(2015) besluit de gemeente zelf.")]),
        Question(
            "5", gettext_noop("Minder geïndiceerde jeugdzorg, meer lokale preventie"),
            gettext_noop("Verminderen van het beroep op geïndiceerde jeugdzorg en versterken van lokaal preventieve "
                         "interventies (lange termijn doelstelling)"),
            "seed 003 hfst. 1, ambitie 5",
            care_use,
            gettext_noop("Meldingen naar uitkomst van de triage (informatie en advies, enkelvoudig, casus) tegenover "
                         "de besluiten over individuele voorzieningen."),
            [gettext_noop("niet uit Toegang te beantwoorden: het deel van alle jeugdigen in de gemeente (de "
                          "zorgpiramide) vraagt het aantal jeugdigen per gemeente, dat Toegang niet heeft.")]),
        Question(
            "6", gettext_noop("Consultatie en deskundigheidsbevordering"),
            gettext_noop("Verbeteren van het bereik en de toegankelijkheid van consultatie en "
                         "deskundigheidsbevordering voor professionals."),
            "seed 003 hfst. 1, ambitie 6",
            verwijsindex,
            gettext_noop("Matches in de Verwijsindex en het deel met een coördinator (professionals die elkaar "
                         "vinden)."),
            [gettext_noop("niet uit Toegang te beantwoorden: consultaties bij Bureau Jeugdzorg en deelname aan "
                          "scholing worden niet in Toegang geregistreerd.")]),
    ])

STADSKANAAL = Report(
    slug="stadskanaal", title=gettext_noop("Outcome-indicatoren jeugdhulp (Stadskanaal)"),
    source="seed 004 §7.2 (beleidsplan §3.3)",
    intro=gettext_noop("Deze indicatoren richten zich niet op productie, maar meer op het resultaat van de hulp: "
                       "de doelrealisatie van de hulp. Toegang splitst ze niet naar wet: ze gelden voor alle "
                       "afgesloten casussen."),
    questions=[
        Question(
            "1", gettext_noop("Zonder hulp verder"),
            gettext_noop("De mate waarin cliënten zonder hulp verder kunnen"),
            "seed 004 §7.2, 1", close_reasons,
            gettext_noop("Afgesloten casussen naar reden van afsluiten: doelen bereikt of afgeschaald naar algemene "
                         "voorzieningen tegenover overgedragen of hulp geweigerd.")),
        Question(
            "2", gettext_noop("Geen nieuwe start"),
            gettext_noop("De mate waarin er na beëindiging geen nieuwe start jeugdhulp plaatsvindt"),
            "seed 004 §7.2, 2", no_new_start,
            gettext_noop("Casussen geopend in de periode, en welk deel een heraanmelding is binnen twaalf maanden na "
                         "een afgesloten casus.")),
        Question(
            "3", gettext_noop("Minder problemen, meer zelfredzaamheid"),
            gettext_noop("De mate waarin problemen verminderd zijn en/of zelfredzaamheid/participatie is verhoogd"),
            "seed 004 §7.2, 3", self_reliance,
            gettext_noop("De gemiddelde verandering van de zelfredzaamheidsmatrix (ZRM) tussen de eerste en de "
                         "laatste meting.")),
        Question(
            "4", gettext_noop("Doelen gerealiseerd"),
            gettext_noop("De mate waarin overeengekomen doelen gerealiseerd zijn."),
            "seed 004 §7.2, 4", goals_reached,
            gettext_noop("Het deel van de plandoelen van afgesloten casussen dat bij afsluiting bereikt was.")),
        Question(
            "5", gettext_noop("Cliëntervaring"),
            gettext_noop("Het meten van de cliëntervaring (= breder dan cliënttevredenheid) is een taak vanuit de "
                         "jeugdwet."),
            "seed 004 §7.3", satisfaction_table,
            gettext_noop("Het tevredenheidscijfer dat inwoners gaven bij het afsluiten van hun casus."),
            [NO_EXPERIENCE]),
    ])

REPORTS = {report.slug: report for report in (KRIMPEN, G7, STADSKANAAL)}


@dataclass
class Answered:
    question: Question
    items: list[Item]

    @property
    def shown(self) -> list[tuple[str, Item]]:
        """("chart" | "table", item) for the template, which cannot tell the two apart itself."""
        return [("chart" if isinstance(item, Chart) else "table", item) for item in self.items]


def answer(report: Report, filters: Filters) -> list[Answered]:
    """Every question of the report answered over the same filters; each indicator computed once."""
    ask = Ask(filters)
    return [Answered(q, q.answer(ask) if q.answer else []) for q in report.questions]
