"""Front-door pages: register a melding (with 'known already?'), the melding with triage and clocks, the team
inbox, and the partner referral form. Forms check shape, queries log reads, actions write."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.capabilities import PERSONS_VIEW_ALL
from toegang.accounts.models import Gemeente, Team
from toegang.core import clock as time
from toegang.core.errors import DomainError, NotAllowed, NotFound
from toegang.core.paging import choice_filter, id_filter, page_number
from toegang.deadlines import actions as clock_actions
from toegang.deadlines.models import Clock
from toegang.deadlines.queries import clocks_by_subject, clocks_for_subject
from toegang.persons import queries as person_queries
from toegang.ui.forms import report_outcome
from toegang.ui.posting import post_form

from . import actions, permissions, queries
from .codes import URGENTIE
from .forms import (
    AanvraagForm,
    CloseForm,
    ExtendForm,
    MeldingForm,
    ReferralForm,
    ResumeForm,
    SuspendForm,
    TriageForm,
)
from .models import Aanvraag, Melding


def known_context(actor, resident_id: int, purpose: str, resource: str) -> dict:
    """'Known already?': the household, its open case and director, open meldingen, running applications and the
    organisations involved, so nobody asks the household the same questions twice."""
    resident = person_queries.access_resident(actor, resident_id, purpose=purpose, channel="ui", resource=resource)
    context = {"known_resident": resident, "known_household": None}
    if resident.household_id:
        household = person_queries.access_household(actor, resident.household_id, purpose=purpose, channel="ui",
                                                    resource=resource)
        open_case = actions.open_case_of(household)
        context.update(
            known_household=household,
            known_case=open_case,
            known_meldingen=list(Melding.objects.filter(household=household).exclude(status="afgesloten")
                                 .select_related("team").order_by("-received_at")[:10]),
            known_aanvragen=list(Aanvraag.objects.filter(applicant__household=household, status="ingediend")
                                 .order_by("-received_on")[:10]),
            known_organisations=sorted({i.medewerker.organisatie.name for i in household.involvements.all()
                                        if i.valid_until is None and i.medewerker.organisatie}),
        )
    return context


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    actor = actor_for_request(request)
    gemeenten = Gemeente.objects.filter(pk__in=permissions.gemeenten_to_register(actor))
    if not gemeenten.exists():
        raise NotAllowed("U mag geen meldingen registreren.")
    resident_id = request.POST.get("inwoner") or request.GET.get("inwoner")
    context: dict = {}
    person_choices = []
    if resident_id and str(resident_id).isdigit():
        context = known_context(actor, int(resident_id), "melding registreren: is het huishouden bekend?", request.path)
        household = context["known_household"]
        members = [m.resident for m in household.memberships.all() if m.valid_until is None] if household \
            else [context["known_resident"]]
        person_choices = [(str(p.pk), f"{p.full_name} ({p.geboortedatum:%d-%m-%Y})" if p.geboortedatum else p.full_name)
                          for p in members]
    initial = {"idempotency_key": uuid.uuid4().hex, "persons": [str(resident_id)] if resident_id else []}
    if context.get("known_resident"):
        initial["gemeente"] = context["known_resident"].gemeente_id
    form = MeldingForm(request.POST or None, gemeenten=gemeenten, person_choices=person_choices, initial=initial)
    if request.method != "POST":
        return _register_page(request, actor, context, form, search=not resident_id)

    def run(data):
        persons = [m for m in person_choices if m[0] in data["persons"]]
        residents = [person_queries.access_resident(actor, int(pk), purpose="melding registreren", channel="ui")
                     for pk, _ in persons]
        melding, created = actions.check_register_melding(
            actor=actor, gemeente=data["gemeente"],
            data=actions.MeldingData(question=data["question"], channel=data["channel"], source=data["source"],
                                     received_at=data["received_at"], urgency=data["urgency"], laws=data["laws"],
                                     life_domains=data["life_domains"], setting=data["setting"],
                                     anonymous=data["anonymous"], referrer=data["referrer"]),
            persons=residents, household=context.get("known_household"),
            idempotency_key=data["idempotency_key"], attach_to_open_case=data["attach_to_open_case"],
        )
        if created:
            messages.success(request, f"Melding {melding.pk} is geregistreerd.")
        else:
            messages.info(request, f"Deze melding was al geregistreerd (melding {melding.pk}); er is geen tweede gemaakt.")
        return melding

    return post_form(request, form, run=run,
                     rerender=lambda bound: _register_page(request, actor, context, bound, search=not resident_id),
                     success_url=lambda melding: reverse("intake:melding", args=[melding.pk]))


def _register_page(request, actor, context: dict, form, *, search: bool):
    """The register page: 'known already?' (or the search for the resident) and the melding form."""
    search_rows = []
    q = request.GET.get("zoek", "").strip()
    if q and search:
        criteria = person_queries.ResidentSearch(bsn=q if q.replace(" ", "").isdigit() else "",
                                                 name="" if q.replace(" ", "").isdigit() else q)
        try:
            search_rows, _ = person_queries.search_residents_for(actor, criteria, purpose="melding: bekend?",
                                                                channel="ui", resource=request.get_full_path(), limit=10)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "intake/register.html", {**context, "form": form, "search_rows": search_rows, "zoek": q})


def _melding_or_404(request, actor, pk: int, purpose: str, *, may=None) -> Melding:
    """The melding if visible (else 404); with `may` (an intake.permissions predicate), 403 when the actor may see
    but not do this."""
    melding = queries.access_melding(actor, pk, purpose=purpose, channel="ui", resource=request.path)
    if may is not None and not may(actor, melding.gemeente_id):
        raise NotAllowed("U mag dit niet doen bij deze melding.")
    return melding


@login_required
def melding_detail(request, pk: int):
    actor = actor_for_request(request)
    melding = _melding_or_404(request, actor, pk, "melding bekijken")
    return _melding_page(request, actor, melding)


CLOCK_FORMS = {"opschorten": SuspendForm, "hervatten": ResumeForm, "verlengen": ExtendForm}


def _clock_form(verb: str, clock_id: int, data=None):
    return CLOCK_FORMS[verb](data, auto_id=f"{verb}-{clock_id}-%s")


def _triage_form(melding, teams, data=None) -> TriageForm:
    return TriageForm(data, teams=teams, initial={"version": melding.version}, auto_id="triage-%s")


def _close_form(melding, data=None) -> CloseForm:
    return CloseForm(data, initial={"version": melding.version}, auto_id="afsluiten-%s")


def _aanvraag_form(subjects, data=None) -> AanvraagForm:
    return AanvraagForm(data, applicants=[(s.pk, s.full_name) for s in subjects], initial={"received_on": time.today()},
                        auto_id="aanvraag-%s")


def _melding_page(request, actor, melding: Melding, forms: dict | None = None, clock_form=None):
    """The melding page. `forms` replaces the triage, close or aanvraag form ("triage_form", "close_form",
    "aanvraag_form") by a bound one that came back invalid; `clock_form` is (clock id, verb, bound form) for a
    clock change. The section holding a returned form opens, so its errors are in view."""
    forms = forms or {}
    can_triage = permissions.can_triage(actor, melding.gemeente_id)
    open_ = melding.status != Melding.Status.AFGESLOTEN
    clocks = clocks_for_subject(melding)
    aanvragen = list(melding.aanvragen.select_related("applicant").order_by("received_on"))
    aanvraag_clocks = clocks_by_subject("intake.aanvraag", [a.pk for a in aanvragen])  # one query for all
    for aanvraag in aanvragen:
        aanvraag.clocks = aanvraag_clocks.get(aanvraag.pk, [])
    if can_triage:
        for clock_row in [*clocks, *(c for a in aanvragen for c in a.clocks)]:
            returned = clock_form if clock_form and clock_form[0] == clock_row.pk else None
            for verb in CLOCK_FORMS:
                form = returned[2] if returned and returned[1] == verb else _clock_form(verb, clock_row.pk)
                setattr(clock_row, f"{verb}_form", form)
            clock_row.form_returned = returned is not None
    subjects = [s.resident for s in melding.subjects.all()]
    teams = Team.objects.filter(gemeente_id=melding.gemeente_id).order_by("name")
    may_register = bool(subjects) and open_ and permissions.can_register(actor, melding.gemeente_id)
    return render(request, "intake/melding.html", {
        "melding": melding, "subjects": subjects, "clocks": clocks, "aanvragen": aanvragen,
        "can_triage": can_triage and open_,
        "triage_form": forms.get("triage_form") or (_triage_form(melding, teams) if can_triage and open_ else None),
        "close_form": forms.get("close_form") or (_close_form(melding) if can_triage and open_ else None),
        "aanvraag_form": forms.get("aanvraag_form") or (_aanvraag_form(subjects) if may_register else None),
        "max_contacts": actions.max_desk_contacts(melding.gemeente),
        "tasks": list(melding.tasks.select_related("team").order_by("due_on")),
    })


def _post_on_melding(request, actor, melding: Melding, key: str, form, run, ok):
    """A form on the melding page: invalid input or a refusal → the melding page with the form as typed (422, a
    melding changed meanwhile 409); success → the message and back to the melding."""
    def fresh():
        melding.refresh_from_db(fields=["version"])
        return {"version": melding.version} if "version" in form.fields else {}

    return post_form(request, form, run=run, rerender=lambda bound: _melding_page(request, actor, melding, {key: bound}),
                     ok=ok, success_url=reverse("intake:melding", args=[melding.pk]), fresh=fresh)


@login_required
@require_POST
def triage(request, pk: int):
    actor = actor_for_request(request)
    melding = _melding_or_404(request, actor, pk, "melding trieren", may=permissions.can_triage)
    form = _triage_form(melding, Team.objects.filter(gemeente_id=melding.gemeente_id).order_by("name"), request.POST)
    return _post_on_melding(
        request, actor, melding, "triage_form", form,
        run=lambda data: actions.check_triage_melding(
            actor=actor, melding=melding, outcome=data["outcome"], reason=data["reason"],
            expected_version=data["version"], team=data["team"], override_reason=data["override_reason"],
            referred_to=data["referred_to"]),
        ok=lambda result: result.message)


def _version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _button(request, pk: int, purpose: str, do, done) -> object:
    """A one-button triage action on a melding (pick up, record a contact): nothing is typed, so a refusal is a
    message on the melding page; NotAllowed and NotFound still answer 403 and 404."""
    actor = actor_for_request(request)
    melding = _melding_or_404(request, actor, pk, purpose, may=permissions.can_triage)
    try:
        do(actor=actor, melding=melding, expected_version=_version(request))
    except (NotAllowed, NotFound):
        raise
    except DomainError as exc:
        report_outcome(request, exc)
    else:
        report_outcome(request, ok=done(melding))
    return redirect("intake:melding", pk)


@login_required
@require_POST
def pick_up(request, pk: int):
    return _button(request, pk, "melding oppakken", actions.check_pick_up_melding,
                   lambda melding: "U behandelt deze melding.")


@login_required
@require_POST
def contact(request, pk: int):
    return _button(request, pk, "klantcontact vastleggen", actions.check_record_contact,
                   lambda melding: f"Klantcontact {melding.contacts} vastgelegd.")


@login_required
@require_POST
def close(request, pk: int):
    actor = actor_for_request(request)
    melding = _melding_or_404(request, actor, pk, "melding afsluiten", may=permissions.can_triage)
    return _post_on_melding(
        request, actor, melding, "close_form", _close_form(melding, request.POST),
        run=lambda data: actions.check_close_melding(actor=actor, melding=melding, reason=data["reason"],
                                                     expected_version=data["version"]),
        ok="De melding is afgesloten.")


@login_required
@require_POST
def aanvraag(request, pk: int):
    actor = actor_for_request(request)
    melding = _melding_or_404(request, actor, pk, "aanvraag registreren", may=permissions.can_register)
    subjects = [s.resident for s in melding.subjects.all()]

    def run(data):
        applicant = next(s for s in subjects if s.pk == data["applicant"])
        return actions.check_register_aanvraag(actor=actor, melding=melding, applicant=applicant, law=data["law"],
                                               requested=data["requested"], received_on=data["received_on"])

    return _post_on_melding(request, actor, melding, "aanvraag_form", _aanvraag_form(subjects, request.POST), run=run,
                            ok="De aanvraag is geregistreerd; de beslistermijn loopt.")


@login_required
@require_POST
def clock_change(request, pk: int, verb: str):
    """Suspend, resume or extend a clock (on a melding or one of its aanvragen); the form lives on the melding page."""
    actor = actor_for_request(request)
    clock = get_object_or_404(Clock, pk=pk)
    melding_id = clock.subject_id if clock.subject_type == "intake.melding" else \
        Aanvraag.objects.filter(pk=clock.subject_id).values_list("melding_id", flat=True).first()
    if melding_id is None:
        raise NotFound()
    melding = _melding_or_404(request, actor, melding_id, "termijn wijzigen", may=permissions.can_triage)
    if verb not in CLOCK_FORMS:
        raise NotFound()

    def run(data):
        if verb == "opschorten":
            clock_actions.check_suspend_clock(actor=actor, clock=clock, since=data["since"], reason=data["reason"])
        elif verb == "hervatten":
            clock_actions.check_resume_clock(actor=actor, clock=clock, on=data["on"])
        else:
            clock_actions.check_extend_clock(actor=actor, clock=clock, reason=data["reason"],
                                             notified_on=data["notified_on"])
        return clock

    return post_form(request, _clock_form(verb, clock.pk, request.POST), run=run,
                     rerender=lambda bound: _melding_page(request, actor, melding, clock_form=(clock.pk, verb, bound)),
                     ok=lambda changed: f"Termijn: {verb} vastgelegd; uiterste datum {changed.due_on:%d-%m-%Y}.",
                     success_url=reverse("intake:melding", args=[melding_id]))


@login_required
def inbox(request):
    """Team inbox: unassigned meldingen of my teams, and (gemeente-wide roles) the ones no team matched."""
    actor = actor_for_request(request)
    urgency = choice_filter(request, "urgentie", URGENTIE, "urgentie")
    team_id = id_filter(request, "team", "team")
    page = page_number(request)
    rows, more = queries.team_inbox(actor, team_id=team_id, urgency=urgency, page=page, resource=request.get_full_path())
    unrouted = []
    if actor.gemeenten_with(PERSONS_VIEW_ALL):
        unrouted, _ = queries.gemeente_inbox(actor, urgency=urgency, resource=request.get_full_path())
    context = {"rows": rows, "has_more": more, "page": page, "unrouted": unrouted, "urgency": urgency,
               "team_id": team_id, "teams": Team.objects.filter(pk__in=actor.team_ids).order_by("name")}
    if request.htmx:
        return render(request, "intake/inbox.html#lists", context)
    return render(request, "intake/inbox.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def refer(request):
    """Partner organisations refer a resident; they see their own referrals' feedback status, never the file."""
    actor = actor_for_request(request)
    gemeenten = Gemeente.objects.filter(pk__in=permissions.gemeenten_to_refer(actor))
    if not gemeenten.exists():
        raise NotAllowed("Alleen partnerorganisaties kunnen hier aanmelden.")
    form = ReferralForm(request.POST or None, gemeenten=gemeenten, initial={"idempotency_key": uuid.uuid4().hex})
    if request.method != "POST":
        return render(request, "intake/refer.html", {"form": form})

    def run(data):
        melding, created = actions.check_refer(
            actor=actor, gemeente=data["gemeente"],
            person=actions.ReferredPerson(naam=data["naam"], geboortedatum=data["geboortedatum"], bsn=data["bsn"],
                                          postcode=data["postcode"], huisnummer=data["huisnummer"]),
            question=data["question"], urgency=data["urgency"], setting=data["setting"],
            idempotency_key=data["idempotency_key"])
        return melding, created

    return post_form(request, form, run=run,
                     rerender=lambda bound: render(request, "intake/refer.html", {"form": bound}),
                     ok=lambda result: f"Uw aanmelding is ontvangen (nummer {result[0].pk})." if result[1]
                     else f"Deze aanmelding was al ontvangen (nummer {result[0].pk}).",
                     success_url=reverse("intake:referrals"))


@login_required
def referrals(request):
    actor = actor_for_request(request)
    if not permissions.gemeenten_to_refer(actor):
        raise NotAllowed("Alleen partnerorganisaties zien hun aanmeldingen.")
    page = page_number(request)
    rows, more = queries.referrals_for(actor, page=page)
    return render(request, "intake/referrals.html", {"rows": rows, "has_more": more, "page": page})
