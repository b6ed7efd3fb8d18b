"""Pages for residents and households. Thin: forms for shape, queries for logged reads, actions for writes."""

from dataclasses import fields as dc_fields

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.models import Gemeente
from toegang.assessments.instruments import instrument_for
from toegang.assessments.models import Measurement, SafetyAssessment
from toegang.audit.permissions import can_view_audit
from toegang.cases.models import Casus
from toegang.cases.queries import recent_events, visible_cases
from toegang.core import clock
from toegang.core.errors import Conflict, DomainError, Duplicate, NotAllowed, NotFound, ValidationFailed
from toegang.core.paging import page_number
from toegang.deadlines.models import Clock
from toegang.deadlines.queries import with_status
from toegang.intake.codes import LEVENSGEBIEDEN
from toegang.plans.actions import GOAL_STATUS
from toegang.plans.models import PlanVersion
from toegang.provisions.queries import household_provisions
from toegang.ui.charts import Chart, Series
from toegang.ui.exports import export_request, respond_with_export
from toegang.ui.forms import apply_domain_error, report_outcome
from toegang.ui.posting import post_form
from toegang.ui.templatetags.nlds import moment

from . import actions, permissions, queries
from .codes import INVERSE_RELATIE
from .forms import (
    NEW_HOUSEHOLD,
    OTHER_HOLDER,
    AddMemberForm,
    EditResidentForm,
    EmergencyAccessForm,
    EndRelationForm,
    GezagForm,
    LeaveForm,
    MemberSearchForm,
    MergeForm,
    MoveForm,
    NetworkMemberForm,
    RegisterForm,
    RelationForm,
    SearchForm,
)


def _resident_data(cleaned) -> actions.ResidentData:
    names = [f.name for f in dc_fields(actions.ResidentData)]
    return actions.ResidentData(**{name: cleaned.get(name) or ("0" if name == "geslacht" else None if name in ("bsn", "geboortedatum") else "") for name in names})


def _address_data(cleaned) -> actions.AddressData:
    return actions.AddressData(
        postcode=cleaned.get("postcode") or "", huisnummer=cleaned.get("huisnummer"),
        toevoeging=cleaned.get("toevoeging") or "", straat=cleaned.get("straat") or "",
        woonplaats=cleaned.get("woonplaats") or "",
    )


@login_required
def search(request):
    """Person search by BSN, surname (+ birth date) or postcode + house number; htmx swaps the results only."""
    actor = actor_for_request(request)
    form = SearchForm(request.GET or None)
    rows, has_more, page = [], False, 1
    searched = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        criteria = queries.ResidentSearch(bsn=data["bsn"] or "", name=data["naam"] or "",
                                          geboortedatum=data["geboortedatum"], postcode=data["postcode"] or "",
                                          huisnummer=data["huisnummer"])
        page = page_number(request)
        if not criteria.is_empty():
            searched = True
            try:
                rows, has_more = queries.search_residents_for(
                    actor, criteria, purpose="zoeken naar inwoner", channel="ui", resource=request.get_full_path(),
                    limit=25, offset=(page - 1) * 25,
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
    context = {"form": form, "rows": rows, "has_more": has_more, "page": page, "searched": searched,
               # nothing found that the actor may see: in an emergency, break-the-glass (asks for a BSN and a reason;
               # the search itself never tells whether someone outside the scope exists)
               "emergency_url": _emergency_url(bsn=form.cleaned_data.get("bsn") or "")
               if searched and not rows and permissions.may_break_the_glass(actor) else ""}
    if request.htmx:
        return render(request, "persons/search.html#results", context)
    return render(request, "persons/search.html", context)


def _emergency_url(**params) -> str:
    """The break-the-glass form, with what the user has (a BSN typed, the household or resident of a link)."""
    query = urlencode({name: value for name, value in params.items() if value})
    return reverse("persons:emergency") + (f"?{query}" if query else "")


def _not_found(request, actor, exc: NotFound, **link):
    """'Niet gevonden' — with, for who may break the glass, the way to emergency access. The same page whether the
    household or resident exists, lies outside the scope or in another gemeente: it tells nothing."""
    if not permissions.may_break_the_glass(actor):
        raise exc
    return render(request, "persons/not_found.html", {"message": exc.message, "emergency_url": _emergency_url(**link)},
                  status=404)


@login_required
def resident_detail(request, pk: int):
    actor = actor_for_request(request)
    try:
        resident = queries.access_resident(actor, pk, purpose="inwoner bekijken", channel="ui", resource=request.path)
    except NotFound as exc:
        target = queries.resident_merged_into(actor, pk)
        if target:
            messages.info(request, gettext("Deze registratie is samengevoegd; u ziet de behouden registratie."))
            return redirect("persons:resident", target)
        return _not_found(request, actor, exc, inwoner=pk)
    relations = list(resident.relations.filter(valid_until__isnull=True).select_related("person").order_by("kind"))
    return render(request, "persons/resident.html", {
        "resident": resident, "relations": relations,
        "can_edit": permissions.can_edit_resident(actor, resident),
        "can_view_audit": can_view_audit(actor, resident.gemeente_id),
    })


def _address_households(actor, gemeenten, raw, resource: str) -> list:
    """The households living at the address typed (or given) on the registration page, in a gemeente the actor
    registers in; none until a postcode and house number are there."""
    gemeente_id = str(raw.get("gemeente") or "")
    if not gemeente_id.isdigit() or not gemeenten.filter(pk=int(gemeente_id)).exists():
        return []
    huisnummer = str(raw.get("huisnummer") or "")
    return queries.households_at_address(
        actor, int(gemeente_id), str(raw.get("postcode") or ""), int(huisnummer) if huisnummer.isdigit() else None,
        str(raw.get("toevoeging") or ""), purpose="inwoner registreren: woont er al een huishouden op dit adres?",
        channel="ui", resource=resource)


def _household_choice(found) -> tuple[str, str]:
    if found.members is None:
        return str(found.household.pk), gettext("Ja, bij het huishouden dat al op dit adres staat ingeschreven")
    members = ", ".join(found.members) if found.members else gettext("nog geen leden")
    return str(found.household.pk), gettext("Ja, bij %(household)s (%(members)s)") % {
        "household": found.household.label, "members": members}


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    """Register a resident. At an address where a household lives the page asks whether the resident joins it (that
    household offered first; a new household is a choice of its own); from a household page (?huishouden=) the
    address is filled in and that household offered."""
    actor = actor_for_request(request)
    gemeenten = Gemeente.objects.filter(pk__in=permissions.gemeenten_to_register(actor))
    if not gemeenten.exists():
        raise NotAllowed(gettext("U mag geen inwoners registreren."))
    initial: dict = {}
    target = None
    if request.GET.get("huishouden", "").isdigit():  # from a household page: register into that household
        target = queries.access_household(actor, int(request.GET["huishouden"]), purpose="inwoner registreren in "
                                          "huishouden", channel="ui", resource=request.get_full_path())
        initial = {"gemeente": target.gemeente_id, "postcode": target.postcode, "huisnummer": target.huisnummer,
                   "toevoeging": target.toevoeging, "straat": target.straat, "woonplaats": target.woonplaats,
                   "huishouden": str(target.pk)}
    found = _address_households(actor, gemeenten, request.POST if request.method == "POST" else initial,
                                request.get_full_path())
    if target is not None:
        names = [m.resident.full_name for m in target.memberships.all() if m.valid_until is None]
        found = [queries.AddressHousehold(target, names), *(f for f in found if f.household.pk != target.pk)]
    by_pk = {str(f.household.pk): f.household for f in found}
    form = RegisterForm(request.POST or None, gemeenten=gemeenten, households=[_household_choice(f) for f in found],
                        initial=initial)

    existing = None

    def page(bound):
        if bound.is_bound and "huishouden" in bound.fields and not bound.data.get("huishouden"):
            bound.data = bound.data.copy()  # asked: the household living there is offered first
            bound.data["huishouden"] = str(found[0].household.pk)
        return render(request, "persons/register.html", {"form": bound, "existing": existing})

    if request.method != "POST":
        return page(form)

    joined = False

    def run(data):
        nonlocal existing, joined
        choice = data.get("huishouden") or ""
        joined = choice in by_pk
        try:
            return actions.check_register_resident(
                actor=actor, gemeente=data["gemeente"], data=_resident_data(data), address=_address_data(data),
                household=by_pk.get(choice), new_household=True if choice == NEW_HOUSEHOLD else None,
                confirm_not_duplicate=data["bevestig_ander_persoon"],
            )
        except Duplicate as exc:
            existing = exc.existing_id
            raise
        except actions.PossibleDuplicate as exc:
            existing = exc.existing_ids[0]
            raise

    return post_form(request, form, run=run, rerender=page,
                     ok=lambda resident: (gettext("%(name)s is geregistreerd in %(household)s.") if joined
                                         else gettext("%(name)s is geregistreerd."))
                     % {"name": resident.full_name, "household": resident.household.label},
                     success_url=lambda resident: reverse("persons:household", args=[resident.household_id]))


@login_required
@require_http_methods(["GET", "POST"])
def edit_resident(request, pk: int):
    actor = actor_for_request(request)
    resident = queries.access_resident(actor, pk, purpose="inwoner wijzigen", channel="ui", resource=request.path)
    if not permissions.can_edit_resident(actor, resident):
        raise NotAllowed(gettext("U mag deze inwoner niet wijzigen."))
    initial = {name: getattr(resident, name) for name in actions.RESIDENT_FIELDS}
    form = EditResidentForm(request.POST or None, initial={**initial, "version": resident.version})

    def page(bound):
        return render(request, "persons/edit_resident.html", {"form": bound, "resident": resident})

    if request.method != "POST":
        return page(form)
    return post_form(request, form,
                     run=lambda data: actions.check_update_resident(actor=actor, resident=resident,
                                                                    expected_version=data["version"],
                                                                    data=_resident_data(data)),
                     rerender=page, ok=gettext("De gegevens zijn opgeslagen."),
                     success_url=reverse("persons:resident", args=[resident.pk]),
                     fresh=lambda: {"version": type(resident).objects.get(pk=resident.pk).version})


@login_required
def household_detail(request, pk: int):
    actor = actor_for_request(request)
    # an export of the page's chart is a file with personal data: its access row says so (docs/charts.md)
    exporting = export_request(request) is not None
    try:
        household = queries.access_household(actor, pk, purpose="huishouden exporteren" if exporting
                                             else "huishouden bekijken", channel="export" if exporting else "ui",
                                             resource=request.path)
    except NotFound as exc:
        return _not_found(request, actor, exc, huishouden=pk)
    composition = _Composition(actor, household, request.GET.get("zoek", ""), request.get_full_path())
    return _household_page(request, actor, household, composition)


def _born(resident) -> str:
    return f"{resident.full_name} ({resident.geboortedatum:%d-%m-%Y})" if resident.geboortedatum else resident.full_name


class _Composition:
    """Who the forms on the household page can name: the current members, people related to them from outside the
    household, and the residents found by the page's search (`zoek`, in the actor's scope, logged). No query beyond
    what access_household prefetched, except the search."""

    def __init__(self, actor, household, zoek: str, resource: str):
        self.zoek = zoek.strip()
        self.today = clock.today()
        self.current = [m for m in household.memberships.all() if m.valid_until is None]
        self.members = [m.resident for m in self.current]
        member_ids = {r.pk for r in self.members}
        outside: dict = {}
        for relation in household.outside_relations:
            if relation.valid_until is None:
                outside.setdefault(relation.person_id, relation.person)
        self.outside = list(outside.values())
        self.found, self.search_form = [], MemberSearchForm({"zoek": self.zoek} if self.zoek else None,
                                                            auto_id="zoek-%s")
        if self.zoek and self.search_form.is_valid():
            digits = self.zoek.replace(" ", "").isdigit()
            criteria = queries.ResidentSearch(bsn=self.zoek if digits else "", name="" if digits else self.zoek)
            try:
                rows, _ = queries.search_residents_for(actor, criteria, purpose="inwoner zoeken voor het huishouden",
                                                       channel="ui", resource=resource, limit=10)
            except DomainError as exc:
                apply_domain_error(self.search_form, exc)
                rows = []
            self.found = [r for r in rows if r.pk not in member_ids]
        self.searched = bool(self.zoek)
        self.people = {r.pk: r for r in [*self.members, *self.outside, *self.found]}

    def member_choices(self):
        return [(r.pk, _born(r)) for r in self.members]

    def found_choices(self):
        return [(r.pk, f"{_born(r)}, {r.household.address_line if r.household else gettext('geen huishouden')}")
                for r in self.found]

    def person_choices(self):
        members = {r.pk for r in self.members}
        return [(pk, _born(r) if pk in members else gettext("%(person)s, buiten het huishouden") % {"person": _born(r)})
                for pk, r in self.people.items()]

    def minors(self):
        return [r for r in self.members if r.is_minor_on(self.today)]

    def holder_choices(self):
        members = {r.pk for r in self.members}
        return [(pk, r.full_name if pk in members else gettext("%(name)s (buiten het huishouden)") % {"name": r.full_name})
                for pk, r in self.people.items() if not r.is_minor_on(self.today)]

    def holder(self, choice: str, name: str) -> actions.Holder:
        if choice and choice != OTHER_HOLDER:
            return actions.Holder(resident=self.people[int(choice)])
        return actions.Holder(name=name or "")


def _household_forms(household, composition: _Composition) -> dict:
    """Every form of the household page by its name in the template: blank without arguments, bound with data=."""
    version = {"version": household.version}
    today = composition.today
    return {
        "move_form": lambda **kw: MoveForm(initial=version, auto_id="verhuizing-%s", **kw),
        "network_form": lambda **kw: NetworkMemberForm(auto_id="netwerk-%s", **kw),
        "member_form": lambda **kw: AddMemberForm(found=composition.found_choices(), auto_id="lid-%s",
                                                  initial={**version, "zoek": composition.zoek, "valid_from": today},
                                                  **kw),
        "leave_form": lambda **kw: LeaveForm(members=composition.member_choices(), auto_id="vertrek-%s",
                                             initial={**version, "valid_until": today}, **kw),
        "relation_form": lambda **kw: RelationForm(people=composition.person_choices(),
                                                   members=composition.member_choices(), auto_id="relatie-%s",
                                                   initial={**version, "zoek": composition.zoek}, **kw),
        "end_relation_form": lambda **kw: EndRelationForm(initial=version, auto_id="einde-relatie-%s", **kw),
        "gezag_form": lambda **kw: GezagForm(minors=[(r.pk, _born(r)) for r in composition.minors()],
                                             holders=composition.holder_choices(), auto_id="gezag-%s",
                                             initial={**version, "zoek": composition.zoek, "valid_from": today},
                                             **kw),
    }


def _zrm_chart(measurements, levels: dict) -> Chart:
    """Average self-reliance (ZRM, 1–5) per person over time: a line per person, a label per measurement date."""
    days = sorted({m.measured_on for m in measurements})
    averages: dict = {}
    for m in measurements:  # the last measurement of a day counts (they come in date and id order)
        averages.setdefault(m.resident.full_name, {})[m.measured_on] = m.average
    low, high = min(levels, default=1), max(levels, default=5)
    return Chart(id="zelfredzaamheid", title=gettext("Gemiddelde zelfredzaamheid per persoon door de tijd"),
                 kind="line", labels=[f"{d:%d-%m-%Y}" for d in days],
                 series=[Series(name, [values.get(d) for d in days]) for name, values in averages.items()],
                 scale_min=low, scale_max=high,
                 definition=gettext("Het gemiddelde van de scores op de levensgebieden van een meting; "
                                    "%(low)s = %(low_label)s, %(high)s = %(high_label)s.")
                 % {"low": low, "low_label": levels.get(low, ""), "high": high, "high_label": levels.get(high, "")})


def _household_page(request, actor, household, composition: _Composition, forms: dict | None = None):
    """The household page; `forms` replaces one of its forms by a bound one that came back invalid (names as in
    _household_forms), and the section holding it opens."""
    forms = forms or {}
    memberships = list(household.memberships.all())
    can_edit = permissions.can_edit_household(actor, household)

    # one query: the open case, whether this actor may open its file, and for the summary its latest safety
    # assessment and plan version (small subqueries on the rows of one case, instead of two queries of their own)
    latest_safety = SafetyAssessment.objects.filter(casus=OuterRef("pk")).order_by("-assessed_on", "-id")
    latest_plan = PlanVersion.objects.filter(plan__casus=OuterRef("pk")).order_by("-number")
    open_case = Casus.objects.filter(household=household).exclude(status="afgesloten")\
        .annotate(may_open=Exists(visible_cases(actor).filter(pk=OuterRef("pk"))),
                  safety_on=Subquery(latest_safety.values("assessed_on")[:1]),
                  safety_scale=Subquery(latest_safety.values("scale")[:1]),
                  safety_under_five=Subquery(latest_safety.values("child_under_five")[:1]),
                  plan_number=Subquery(latest_plan.values("number")[:1]),
                  plan_agreed_on=Subquery(latest_plan.values("agreed_on")[:1]),
                  plan_content=Subquery(latest_plan.values("content")[:1]))\
        .select_related("case_director", "team").first()

    # ZRM scores are case content: only from cases this actor may open (one query)
    measurements = list(Measurement.objects.filter(resident__household=household, casus__in=visible_cases(actor))
                        .select_related("resident").order_by("measured_on", "id"))
    zrm = instrument_for(household.gemeente.profile.data)
    names = dict(zrm.domains)
    for m in measurements:
        m.score_labels = [f"{names.get(code, code)} {level}" for code, level in m.scores.items()]
    zrm_chart = _zrm_chart(measurements, zrm.levels)
    if request.method == "GET":
        # the chart is on the page only with measurements this actor may see (a chart without any is not)
        exported = respond_with_export(request, [zrm_chart] if measurements else [], f"huishouden-{household.pk}")
        if exported is not None:
            return exported
    summed_up = open_case if open_case and open_case.may_open else None
    # the open case's indications and those of single questions (issue 11 point 16), in one query
    case_provisions, single_provisions = household_provisions(actor, household, casus=summed_up)
    case_summary = _case_summary(actor, summed_up, case_provisions) if summed_up else None
    # gezag over the minors, with its history (one query, none without minors)
    gezag = queries.gezag_for_household(actor, household, purpose="huishouden bekijken", channel="ui",
                                        resource=request.path, history=True, members=composition.members)
    relations = household.relations + household.outside_relations
    blank = _household_forms(household, composition)
    return render(request, "persons/household.html", {
        "case_summary": case_summary,
        # provisions of single questions, without a case, for whoever sees their melding (issue 11 point 16)
        "single_provisions": single_provisions,
        "measurements": measurements, "zrm_chart": zrm_chart,
        "zrm_domains": zrm.domains,
        "open_case": open_case, "can_see_case": bool(open_case and open_case.may_open),
        "household": household,
        "current": [m for m in memberships if m.valid_until is None],
        "past": [m for m in memberships if m.valid_until is not None],
        "relations": _one_per_pair([r for r in relations if r.valid_until is None]),
        "past_relations": _one_per_pair([r for r in relations if r.valid_until is not None]),
        "gezag": gezag,
        "composition": composition,
        "can_edit": can_edit,
        **({name: forms.get(name) or make() for name, make in blank.items()} if can_edit else {}),
    })


def _one_per_pair(relations: list) -> list:
    """A relation and its mirror (ouder / zoon of dochter, partner / partner) say one thing: show it once, the
    lower code first ("Selin is ouder van Can", not also "Can is zoon/dochter van Selin")."""
    shown, seen = [], set()
    for relation in sorted(relations, key=lambda r: (r.kind, r.resident_id, r.pk)):
        inverse = INVERSE_RELATIE.get(relation.kind)
        if inverse and (relation.person_id, relation.resident_id, inverse) in seen:
            continue
        seen.add((relation.resident_id, relation.person_id, relation.kind))
        shown.append(relation)
    return shown


def _case_summary(actor, casus, provisions: list) -> dict:
    """The case on the household page, for those who may open its file: goals and their status, running clocks,
    the latest safety assessment, the indications and decisions, and the last things that happened (a fixed
    number of queries)."""

    version = {"number": casus.plan_number, "agreed_on": casus.plan_agreed_on,
               "content": casus.plan_content} if casus.plan_number else None
    domains, statuses = dict(LEVENSGEBIEDEN), dict(GOAL_STATUS)
    goals = [{"description": g["description"], "domain": gettext(domains.get(g["domain"], g["domain"])),
              "status": gettext(statuses[g["status"]])} for g in (version["content"].get("goals", []) if version else [])]
    clocks = list(with_status(Clock.objects.filter(subject_type="intake.melding", stopped_on__isnull=True,
                                                   subject_id__in=casus.meldingen.values("pk"))).order_by("due_on"))
    return {"casus": casus, "plan_version": version, "goals": goals, "clocks": clocks, "provisions": provisions,
            "safety": {"assessed_on": casus.safety_on, "scale": casus.safety_scale,
                       "child_under_five": casus.safety_under_five} if casus.safety_on else None,
            # "Laatst gebeurd": from the change log alone (one query, not the case page's whole timeline)
            "timeline": recent_events(actor, casus, limit=5)}


def _household_change(request, pk: int, purpose: str, key: str, run, ok: str):
    """A form on the household page (`key` as in _household_forms): invalid input or a refusal → the household page
    with the form as typed (422, changed meanwhile 409); success → the message and back to the household.
    `run(actor, household, composition, cleaned_data)` calls the action."""
    actor = actor_for_request(request)
    household = queries.access_household(actor, pk, purpose=purpose, channel="ui", resource=request.path)
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed(gettext("U mag dit huishouden niet wijzigen."))
    composition = _Composition(actor, household, request.POST.get("zoek", ""), request.path)
    form = _household_forms(household, composition)[key](data=request.POST)
    return post_form(request, form,
                     run=lambda data: run(actor, household, composition, data),
                     rerender=lambda bound: _household_page(request, actor, household, composition, forms={key: bound}),
                     ok=ok, success_url=reverse("persons:household", args=[pk]),
                     fresh=lambda: {"version": type(household).objects.get(pk=household.pk).version})


@login_required
@require_POST
def move_household(request, pk: int):
    return _household_change(
        request, pk, "huishouden verhuizen", "move_form",
        lambda actor, household, composition, data: actions.check_move_household(
            actor=actor, household=household, expected_version=data["version"], address=_address_data(data),
            valid_from=data["valid_from"]),
        gettext("Het nieuwe adres is vastgelegd."))


@login_required
@require_POST
def add_network_member(request, pk: int):
    return _household_change(
        request, pk, "netwerk vastleggen", "network_form",
        lambda actor, household, composition, data: actions.check_add_network_member(actor=actor, household=household,
                                                                                     **data),
        gettext("Het netwerklid is toegevoegd."))


@login_required
@require_POST
def add_member(request, pk: int):
    return _household_change(
        request, pk, "inwoner toevoegen aan huishouden", "member_form",
        lambda actor, household, composition, data: actions.check_add_member(
            actor=actor, household=household, resident=composition.people[data["resident"]],
            valid_from=data["valid_from"], expected_version=data["version"]),
        gettext("De inwoner is toegevoegd aan het huishouden."))


@login_required
@require_POST
def leave(request, pk: int):
    return _household_change(
        request, pk, "vertrek uit huishouden vastleggen", "leave_form",
        lambda actor, household, composition, data: actions.check_end_membership(
            actor=actor, household=household, resident=composition.people[data["resident"]],
            valid_until=data["valid_until"], reason=data["reason"], expected_version=data["version"]),
        gettext("Het vertrek is vastgelegd; het lid staat nu bij de eerdere leden."))


@login_required
@require_POST
def add_relation(request, pk: int):
    return _household_change(
        request, pk, "relatie vastleggen", "relation_form",
        lambda actor, household, composition, data: actions.check_record_relation(
            actor=actor, household=household, expected_version=data["version"],
            resident=composition.people[data["resident"]], person=composition.people[data["person"]],
            kind=data["kind"], valid_from=data["valid_from"]),
        gettext("De relatie is vastgelegd."))


@login_required
@require_POST
def end_relation(request, pk: int):
    def run(actor, household, composition, data):
        relation = next((r for r in household.relations + household.outside_relations
                         if r.pk == data["relation"] and r.valid_until is None), None)
        if relation is None:
            raise Conflict(gettext("Deze relatie is al beëindigd of bestaat niet meer."))
        actions.check_end_relation(actor=actor, household=household, expected_version=data["version"],
                                   relation=relation)

    return _household_change(request, pk, "relatie beëindigen", "end_relation_form", run,
                             gettext("De relatie is beëindigd."))


@login_required
@require_POST
def record_gezag(request, pk: int):
    return _household_change(
        request, pk, "gezag vastleggen", "gezag_form",
        lambda actor, household, composition, data: actions.check_record_gezag(
            actor=actor, household=household, expected_version=data["version"],
            minor=composition.people[data["minor"]], soort=data["soort"],
            holder=composition.holder(data["holder"], data["holder_name"]),
            second_holder=composition.holder(data["second_holder"], data["second_holder_name"]),
            valid_from=data["valid_from"], bron=data["bron"]),
        gettext("Het gezag is vastgelegd."))


@login_required
@require_http_methods(["GET", "POST"])
def merge(request):
    actor = actor_for_request(request)
    if not permissions.can_merge_anywhere(actor):
        raise NotAllowed(gettext("U mag geen inwoners samenvoegen."))
    form = MergeForm(request.POST or None, initial=request.GET or None)

    def page(bound):
        return render(request, "persons/merge.html", {"form": bound})

    if request.method != "POST":
        return page(form)

    def run(data):
        keep = _merge_party(actor, data["keep"], "keep", request.path)
        remove = _merge_party(actor, data["remove"], "remove", request.path)
        return actions.check_merge_residents(actor=actor, keep=keep, remove=remove, reason=data["reason"])

    return post_form(request, form, run=run, rerender=page, ok=gettext("De registraties zijn samengevoegd."),
                     success_url=lambda keep: reverse("persons:resident", args=[keep.pk]))


def _merge_party(actor, resident_id: int, field: str, resource: str):
    """A resident named on the merge form by number. The number is typed input, so one that is missing or not
    visible is an error at its field (the same words for both), not a 404 page that loses the form."""
    try:
        return queries.access_resident(actor, resident_id, purpose="samenvoegen", channel="ui", resource=resource)
    except NotFound as exc:
        raise ValidationFailed(gettext("Controleer de nummers."),
                               field_errors={field: [gettext("Er is geen inwoner met dit nummer gevonden.")]}) from exc


def _duration(minutes: int) -> str:
    if minutes % 60 == 0:
        return ngettext("%(n)s uur", "%(n)s uur", minutes // 60) % {"n": minutes // 60}
    return ngettext("%(n)s minuut", "%(n)s minuten", minutes) % {"n": minutes}


@login_required
@require_http_methods(["GET", "POST"])
def emergency_access(request):
    """Break-the-glass (noodtoegang): the reason and the BSN (or the household or resident of the link the user
    opened); granted, the household page opens. The page says plainly that the privacy officer sees it."""
    actor = actor_for_request(request)
    if not permissions.may_break_the_glass(actor):
        raise NotAllowed(gettext("U kunt geen noodtoegang krijgen."))
    initial = {name: request.GET[name] for name in ("huishouden", "inwoner") if request.GET.get(name, "").isdigit()}
    if request.GET.get("bsn"):
        initial["bsn"] = request.GET["bsn"][:11]
    form = EmergencyAccessForm(request.POST or None, initial=initial)

    def page(bound):
        linked = bound.data.get("huishouden") or bound.data.get("inwoner") if bound.is_bound \
            else initial.get("huishouden") or initial.get("inwoner")
        return render(request, "persons/emergency.html", {
            "form": bound, "duration": _duration(actions.emergency_minutes()), "from_link": bool(linked)})

    if request.method != "POST":
        return page(form)
    return post_form(
        request, form,
        run=lambda data: actions.check_request_emergency_access(
            actor=actor, reason=data["reden"], bsn=data["bsn"] or "", household_id=data["huishouden"],
            resident_id=data["inwoner"]),
        rerender=page,
        ok=lambda grant: gettext("U heeft noodtoegang tot dit huishouden tot %(until)s. De privacy officer is op de "
                                 "hoogte gebracht.") % {"until": moment(grant.expires_at)},
        success_url=lambda grant: reverse("persons:household", args=[grant.household_id]))


@login_required
@require_POST
def end_emergency_access(request, pk: int):
    """'Noodtoegang beëindigen': the household is out of the user's scope again at once; back to Mijn werk."""
    actor = actor_for_request(request)
    try:
        actions.check_end_emergency_access(actor=actor, grant_id=pk)
    except Conflict as exc:
        report_outcome(request, exc)
    else:
        report_outcome(request, ok=gettext("Uw noodtoegang is beëindigd."))
    return redirect("ui:home")
