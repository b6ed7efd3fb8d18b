"""Pages for residents and households. Thin: forms for shape, queries for logged reads, actions for writes."""

from dataclasses import fields as dc_fields

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from toegang.accounts.models import Gemeente
from toegang.core.actor import actor_for_request
from toegang.core.errors import DomainError, Duplicate, NotAllowed, NotFound
from toegang.ui.forms import apply_domain_error
from toegang.ui.paging import page_number

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
    })


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    actor = actor_for_request(request)
    gemeenten = Gemeente.objects.filter(pk__in=actor.gemeenten_with("persons.register"))
    if not gemeenten.exists():
        raise NotAllowed("U mag geen inwoners registreren.")
    form = RegisterForm(request.POST or None, gemeenten=gemeenten)
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            resident = actions.check_register_resident(
                actor=actor, gemeente=data["gemeente"], data=_resident_data(data), address=_address_data(data),
                confirm_not_duplicate=data["bevestig_ander_persoon"],
            )
        except Duplicate as exc:
            apply_domain_error(form, exc)
            existing = exc.existing_id
        except actions.PossibleDuplicate as exc:
            apply_domain_error(form, exc)
            existing = exc.existing_ids[0]
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, f"{resident.full_name} is geregistreerd.")
            return redirect("persons:household", resident.household_id)
    return render(request, "persons/register.html", {"form": form, "existing": existing},
                  status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def edit_resident(request, pk: int):
    actor = actor_for_request(request)
    resident = queries.access_resident(actor, pk, purpose="inwoner wijzigen", channel="ui", resource=request.path)
    if not permissions.can_edit_resident(actor, resident):
        raise NotAllowed("U mag deze inwoner niet wijzigen.")
    initial = {name: getattr(resident, name) for name in actions.RESIDENT_FIELDS}
    form = EditResidentForm(request.POST or None, initial={**initial, "version": resident.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_update_resident(actor=actor, resident=resident, expected_version=form.cleaned_data["version"],
                                          data=_resident_data(form.cleaned_data))
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, "De gegevens zijn opgeslagen.")
            return redirect("persons:resident", resident.pk)
    return render(request, "persons/edit_resident.html", {"form": form, "resident": resident},
                  status=422 if form.errors else 200)


@login_required
def household_detail(request, pk: int):
    actor = actor_for_request(request)
    household = queries.access_household(actor, pk, purpose="huishouden bekijken", channel="ui", resource=request.path)
    memberships = list(household.memberships.all())
    can_edit = permissions.can_edit_household(actor, household)
    from django.db.models import Exists, OuterRef

    from toegang.cases.models import Casus
    from toegang.cases.queries import visible_cases

    # one query: the open case, and whether this actor may open its file
    open_case = Casus.objects.filter(household=household).exclude(status="afgesloten")\
        .annotate(may_open=Exists(visible_cases(actor).filter(pk=OuterRef("pk"))))\
        .select_related("case_director", "team").first()
    from toegang.assessments.instruments import instrument_for
    from toegang.assessments.models import Measurement

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
        "move_form": MoveForm(initial={"version": household.version}) if can_edit else None,
        "network_form": NetworkMemberForm() if can_edit else None,
    })


def _case_summary(actor, casus) -> dict:
    """The case on the household page, for those who may open its file: goals and their status, running clocks,
    the latest safety assessment, the indications and decisions, and the last things that happened (a fixed
    number of queries)."""
    from toegang.cases.queries import timeline
    from toegang.deadlines.models import Clock
    from toegang.deadlines.queries import with_status
    from toegang.intake.codes import LEVENSGEBIEDEN
    from toegang.plans.actions import GOAL_STATUS, current_version

    version = current_version(casus)
    domains, statuses = dict(LEVENSGEBIEDEN), dict(GOAL_STATUS)
    goals = [{"description": g["description"], "domain": domains.get(g["domain"], g["domain"]),
              "status": statuses[g["status"]]} for g in (version.content["goals"] if version else [])]
    clocks = list(with_status(Clock.objects.filter(subject_type="intake.melding", stopped_on__isnull=True,
                                                   subject_id__in=casus.meldingen.values("pk"))).order_by("due_on"))
    from toegang.provisions.models import Indicatie

    provisions = list(Indicatie.objects.filter(casus=casus).exclude(status=Indicatie.Status.INGETROKKEN)
                      .select_related("voorziening", "besluit").order_by("-start", "-id")[:10])
    return {"casus": casus, "plan_version": version, "goals": goals, "clocks": clocks, "provisions": provisions,
            "safety": casus.safety_assessments.order_by("-assessed_on", "-id").first(),
            "timeline": timeline(actor, casus, limit=5)}


@login_required
@require_POST
def move_household(request, pk: int):
    actor = actor_for_request(request)
    household = queries.access_household(actor, pk, purpose="huishouden verhuizen", channel="ui", resource=request.path)
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed("U mag dit huishouden niet wijzigen.")
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            actions.check_move_household(actor=actor, household=household, expected_version=form.cleaned_data["version"],
                                         address=_address_data(form.cleaned_data), valid_from=form.cleaned_data["valid_from"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, "Het nieuwe adres is vastgelegd.")
            return redirect("persons:household", pk)
    return render(request, "persons/household_form.html", {
        "household": household, "form": form, "title": "Verhuizing vastleggen",
        "action": reverse("persons:move", args=[pk]),
    }, status=422)


@login_required
@require_POST
def add_network_member(request, pk: int):
    actor = actor_for_request(request)
    household = queries.access_household(actor, pk, purpose="netwerk vastleggen", channel="ui", resource=request.path)
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed("U mag dit huishouden niet wijzigen.")
    form = NetworkMemberForm(request.POST)
    if form.is_valid():
        try:
            actions.check_add_network_member(actor=actor, household=household, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, "Het netwerklid is toegevoegd.")
            return redirect("persons:household", pk)
    return render(request, "persons/household_form.html", {
        "household": household, "form": form, "title": "Netwerklid toevoegen",
        "action": reverse("persons:network", args=[pk]),
    }, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def merge(request):
    actor = actor_for_request(request)
    if not actor.can_anywhere("persons.merge"):
        raise NotAllowed("U mag geen inwoners samenvoegen.")
    form = MergeForm(request.POST or None, initial=request.GET or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            keep = queries.access_resident(actor, data["keep"], purpose="samenvoegen", channel="ui", resource=request.path)
            remove = queries.access_resident(actor, data["remove"], purpose="samenvoegen", channel="ui",
                                             resource=request.path)
            keep = actions.check_merge_residents(actor=actor, keep=keep, remove=remove, reason=data["reason"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, "De registraties zijn samengevoegd.")
            return redirect("persons:resident", keep.pk)
    return render(request, "persons/merge.html", {"form": form}, status=422 if form.errors else 200)


