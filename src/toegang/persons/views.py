"""Pages for residents and households. Thin: forms for shape, queries for logged reads, actions for writes."""

from dataclasses import fields as dc_fields

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.models import Gemeente
from toegang.assessments.instruments import instrument_for
from toegang.assessments.models import Measurement
from toegang.audit.permissions import can_view_audit
from toegang.cases.models import Casus
from toegang.cases.queries import timeline, visible_cases
from toegang.core.errors import DomainError, Duplicate, NotAllowed, NotFound, ValidationFailed
from toegang.core.paging import page_number
from toegang.deadlines.models import Clock
from toegang.deadlines.queries import with_status
from toegang.intake.codes import LEVENSGEBIEDEN
from toegang.plans.actions import GOAL_STATUS
from toegang.plans.queries import current_version
from toegang.provisions.models import Indicatie
from toegang.ui.forms import apply_domain_error
from toegang.ui.posting import post_form

from . import actions, permissions, queries
from .forms import EditResidentForm, MergeForm, MoveForm, NetworkMemberForm, RegisterForm, SearchForm


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
    context = {"form": form, "rows": rows, "has_more": has_more, "page": page, "searched": searched}
    if request.htmx:
        return render(request, "persons/search.html#results", context)
    return render(request, "persons/search.html", context)


@login_required
def resident_detail(request, pk: int):
    actor = actor_for_request(request)
    try:
        resident = queries.access_resident(actor, pk, purpose="inwoner bekijken", channel="ui", resource=request.path)
    except NotFound:
        target = queries.resident_merged_into(actor, pk)
        if target:
            messages.info(request, "Deze registratie is samengevoegd; u ziet de behouden registratie.")
            return redirect("persons:resident", target)
        raise
    relations = list(resident.relations.filter(valid_until__isnull=True).select_related("person").order_by("kind"))
    return render(request, "persons/resident.html", {
        "resident": resident, "relations": relations,
        "can_edit": permissions.can_edit_resident(actor, resident),
        "can_view_audit": can_view_audit(actor, resident.gemeente_id),
    })


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    actor = actor_for_request(request)
    gemeenten = Gemeente.objects.filter(pk__in=permissions.gemeenten_to_register(actor))
    if not gemeenten.exists():
        raise NotAllowed("U mag geen inwoners registreren.")
    form = RegisterForm(request.POST or None, gemeenten=gemeenten)
    if request.method != "POST":
        return render(request, "persons/register.html", {"form": form, "existing": None})
    existing = None

    def run(data):
        nonlocal existing
        try:
            return actions.check_register_resident(
                actor=actor, gemeente=data["gemeente"], data=_resident_data(data), address=_address_data(data),
                confirm_not_duplicate=data["bevestig_ander_persoon"],
            )
        except Duplicate as exc:
            existing = exc.existing_id
            raise
        except actions.PossibleDuplicate as exc:
            existing = exc.existing_ids[0]
            raise

    return post_form(request, form, run=run,
                     rerender=lambda bound: render(request, "persons/register.html", {"form": bound, "existing": existing}),
                     ok=lambda resident: f"{resident.full_name} is geregistreerd.",
                     success_url=lambda resident: reverse("persons:household", args=[resident.household_id]))


@login_required
@require_http_methods(["GET", "POST"])
def edit_resident(request, pk: int):
    actor = actor_for_request(request)
    resident = queries.access_resident(actor, pk, purpose="inwoner wijzigen", channel="ui", resource=request.path)
    if not permissions.can_edit_resident(actor, resident):
        raise NotAllowed("U mag deze inwoner niet wijzigen.")
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
                     rerender=page, ok="De gegevens zijn opgeslagen.",
                     success_url=reverse("persons:resident", args=[resident.pk]),
                     fresh=lambda: {"version": type(resident).objects.get(pk=resident.pk).version})


@login_required
def household_detail(request, pk: int):
    actor = actor_for_request(request)
    household = queries.access_household(actor, pk, purpose="huishouden bekijken", channel="ui", resource=request.path)
    return _household_page(request, actor, household)


def _household_page(request, actor, household, forms: dict | None = None):
    """The household page; `forms` replaces the move or network form ("move_form", "network_form") by a bound one
    that came back invalid, and the section holding it opens."""
    forms = forms or {}
    memberships = list(household.memberships.all())
    can_edit = permissions.can_edit_household(actor, household)


    # one query: the open case, and whether this actor may open its file
    open_case = Casus.objects.filter(household=household).exclude(status="afgesloten")\
        .annotate(may_open=Exists(visible_cases(actor).filter(pk=OuterRef("pk"))))\
        .select_related("case_director", "team").first()

    # ZRM scores are case content: only from cases this actor may open (one query)
    measurements = list(Measurement.objects.filter(resident__household=household, casus__in=visible_cases(actor))
                        .select_related("resident").order_by("measured_on", "id"))
    zrm = instrument_for(household.gemeente.profile.data)
    series: dict = {}
    names = dict(zrm.domains)
    for m in measurements:
        m.score_labels = [f"{names.get(code, code)} {level}" for code, level in m.scores.items()]
        series.setdefault(m.resident.full_name, []).append((m.measured_on, m.average))
    case_summary = _case_summary(actor, open_case) if open_case and open_case.may_open else None
    return render(request, "persons/household.html", {
        "case_summary": case_summary,
        "measurements": measurements, "zrm_series": series, "zrm_levels": zrm.levels,
        "zrm_domains": zrm.domains,
        "open_case": open_case, "can_see_case": bool(open_case and open_case.may_open),
        "household": household,
        "current": [m for m in memberships if m.valid_until is None],
        "past": [m for m in memberships if m.valid_until is not None],
        "can_edit": can_edit,
        "move_form": forms.get("move_form") or (_move_form(household) if can_edit else None),
        "network_form": forms.get("network_form") or (_network_form() if can_edit else None),
    })


def _case_summary(actor, casus) -> dict:
    """The case on the household page, for those who may open its file: goals and their status, running clocks,
    the latest safety assessment, the indications and decisions, and the last things that happened (a fixed
    number of queries)."""

    version = current_version(casus)
    domains, statuses = dict(LEVENSGEBIEDEN), dict(GOAL_STATUS)
    goals = [{"description": g["description"], "domain": domains.get(g["domain"], g["domain"]),
              "status": statuses[g["status"]]} for g in (version.content["goals"] if version else [])]
    clocks = list(with_status(Clock.objects.filter(subject_type="intake.melding", stopped_on__isnull=True,
                                                   subject_id__in=casus.meldingen.values("pk"))).order_by("due_on"))

    provisions = list(Indicatie.objects.filter(casus=casus).exclude(status=Indicatie.Status.INGETROKKEN)
                      .select_related("voorziening", "besluit").order_by("-start", "-id")[:10])
    return {"casus": casus, "plan_version": version, "goals": goals, "clocks": clocks, "provisions": provisions,
            "safety": casus.safety_assessments.order_by("-assessed_on", "-id").first(),
            "timeline": timeline(actor, casus, limit=5)}


def _move_form(household, data=None) -> MoveForm:
    return MoveForm(data, initial={"version": household.version}, auto_id="verhuizing-%s")


def _network_form(data=None) -> NetworkMemberForm:
    return NetworkMemberForm(data, auto_id="netwerk-%s")


def _household_change(request, pk: int, purpose: str, key: str, form_factory, run, ok: str):
    """A form on the household page: invalid input or a refusal → the household page with the form as typed (422,
    changed meanwhile 409); success → the message and back to the household."""
    actor = actor_for_request(request)
    household = queries.access_household(actor, pk, purpose=purpose, channel="ui", resource=request.path)
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed("U mag dit huishouden niet wijzigen.")
    return post_form(request, form_factory(household, request.POST),
                     run=lambda data: run(actor, household, data),
                     rerender=lambda bound: _household_page(request, actor, household, forms={key: bound}),
                     ok=ok, success_url=reverse("persons:household", args=[pk]),
                     fresh=lambda: {"version": type(household).objects.get(pk=household.pk).version})


@login_required
@require_POST
def move_household(request, pk: int):
    return _household_change(
        request, pk, "huishouden verhuizen", "move_form", _move_form,
        lambda actor, household, data: actions.check_move_household(
            actor=actor, household=household, expected_version=data["version"], address=_address_data(data),
            valid_from=data["valid_from"]),
        "Het nieuwe adres is vastgelegd.")


@login_required
@require_POST
def add_network_member(request, pk: int):
    return _household_change(
        request, pk, "netwerk vastleggen", "network_form", lambda household, data: _network_form(data),
        lambda actor, household, data: actions.check_add_network_member(actor=actor, household=household, **data),
        "Het netwerklid is toegevoegd.")


@login_required
@require_http_methods(["GET", "POST"])
def merge(request):
    actor = actor_for_request(request)
    if not permissions.can_merge_anywhere(actor):
        raise NotAllowed("U mag geen inwoners samenvoegen.")
    form = MergeForm(request.POST or None, initial=request.GET or None)

    def page(bound):
        return render(request, "persons/merge.html", {"form": bound})

    if request.method != "POST":
        return page(form)

    def run(data):
        keep = _merge_party(actor, data["keep"], "keep", request.path)
        remove = _merge_party(actor, data["remove"], "remove", request.path)
        return actions.check_merge_residents(actor=actor, keep=keep, remove=remove, reason=data["reason"])

    return post_form(request, form, run=run, rerender=page, ok="De registraties zijn samengevoegd.",
                     success_url=lambda keep: reverse("persons:resident", args=[keep.pk]))


def _merge_party(actor, resident_id: int, field: str, resource: str):
    """A resident named on the merge form by number. The number is typed input, so one that is missing or not
    visible is an error at its field (the same words for both), not a 404 page that loses the form."""
    try:
        return queries.access_resident(actor, resident_id, purpose="samenvoegen", channel="ui", resource=resource)
    except NotFound as exc:
        raise ValidationFailed("Controleer de nummers.",
                               field_errors={field: ["Er is geen inwoner met dit nummer gevonden."]}) from exc
