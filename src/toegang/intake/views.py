"""Front-door pages: register a melding (with 'known already?'), the melding with triage and clocks, the team
inbox, and the partner referral form. Forms check shape, queries log reads, actions write."""

from __future__ import annotations

import uuid
from dataclasses import fields as dataclass_fields

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.capabilities import CASES_ASSIGN, CASES_WORK, PERSONS_VIEW_ALL
from toegang.accounts.models import Gemeente, Team
from toegang.cases import permissions as case_permissions
from toegang.cases import queries as case_queries
from toegang.cases import views as case_views
from toegang.core import clock as time
from toegang.core.errors import DomainError, Duplicate, NotAllowed, NotFound
from toegang.core.paging import choice_filter, id_filter, page_number
from toegang.deadlines import actions as clock_actions
from toegang.deadlines.models import Clock
from toegang.deadlines.queries import clocks_by_subject, clocks_for_subject
from toegang.persons import permissions as person_permissions
from toegang.persons import queries as person_queries
from toegang.persons.actions import AddressData, PossibleDuplicate, ResidentData
from toegang.persons.forms import NEW_HOUSEHOLD, SearchForm
from toegang.provisions import permissions as provision_permissions
from toegang.provisions import queries as provision_queries
from toegang.provisions.models import Voorziening
from toegang.ui.forms import apply_domain_error, report_outcome
from toegang.ui.posting import post_form

from . import actions, duties, permissions, queries
from .codes import URGENTIE
from .forms import (
    AanvraagForm,
    ClientSupportForm,
    CloseForm,
    ExtendForm,
    LinkForm,
    MeldingForm,
    PersonalPlanForm,
    ReceiptForm,
    ReferralForm,
    ReferralResidentForm,
    ResumeForm,
    SuspendForm,
    TriageForm,
)
from .models import Aanvraag, ClientSupport, Melding, PersonalPlan, ResidentLetter


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
        raise NotAllowed(gettext("U mag geen meldingen registreren."))
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
                                     kenmerken=data.get("kenmerken") or [],
                                     anonymous=data["anonymous"], referrer=data["referrer"]),
            persons=residents, household=context.get("known_household"),
            idempotency_key=data["idempotency_key"], attach_to_open_case=data["attach_to_open_case"],
        )
        if created:
            messages.success(request, gettext("Melding %(nr)s is geregistreerd.") % {"nr": melding.pk})
        else:
            messages.info(request, gettext("Deze melding was al geregistreerd (melding %(nr)s); er is geen tweede "
                                           "gemaakt.") % {"nr": melding.pk})
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


def _melding_or_404(request, actor, pk: int, purpose: str, *, may=None, channel: str = "ui") -> Melding:
    """The melding if visible (else 404); with `may` (an intake.permissions predicate), 403 when the actor may see
    but not do this."""
    melding = queries.access_melding(actor, pk, purpose=purpose, channel=channel, resource=request.path)
    if may is not None and not may(actor, melding.gemeente_id):
        raise NotAllowed(gettext("U mag dit niet doen bij deze melding."))
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
    # the kinds of individual provision an advice can be about (their mandate is checked: informatie en advies)
    provisions = Voorziening.objects.filter(gemeenten=melding.gemeente_id, kind=Voorziening.Kind.MAATWERK,
                                            active=True).order_by("name")
    return TriageForm(data, teams=teams, provisions=provisions, initial={"version": melding.version},
                      auto_id="triage-%s")


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
        **_duty_context(actor, melding, subjects, aanvragen, forms),  # Wmo 2015 art. 2.3.2 lid 1–3 (intake/duties.py)
        # "Hoort bij casus": a link only for whoever may open the case, the button for a case worker of its team
        # while it has no director (issue 11)
        "casus_visible": bool(melding.casus_id) and case_queries.can_see_case(actor, melding.casus),
        "can_take_case": bool(melding.casus_id) and case_permissions.can_take_case(actor, melding.casus),
        # a single question gets its provision on the aanvraag, without a case (issue 11 point 16, BUCH §4.2)
        "prepare_single": any(a.status == Aanvraag.Status.INGEDIEND for a in aanvragen)
        and provision_permissions.may_prepare_without_case(actor, melding),
        **_link_context(request, actor, melding, forms),  # a referral not yet linked to a resident (issue 11)
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
    melding = _melding_or_404(request, actor, pk, "melding triëren", may=permissions.can_triage)
    form = _triage_form(melding, Team.objects.filter(gemeente_id=melding.gemeente_id).order_by("name"), request.POST)
    return _post_on_melding(
        request, actor, melding, "triage_form", form,
        run=lambda data: actions.check_triage_melding(
            actor=actor, melding=melding, outcome=data["outcome"], reason=data["reason"],
            expected_version=data["version"], team=data["team"], override_reason=data["override_reason"],
            referred_to=data["referred_to"], advice_about=data["advice_about"]),
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
                   lambda melding: gettext("U behandelt deze melding.") + (
                       gettext(" Casus %(nr)s heeft nog geen casusregisseur: neem haar op u via de knop bij de "
                               "casus.") % {"nr": melding.casus_id}
                       if melding.casus_id and melding.casus.case_director_id is None else ""))


@login_required
@require_POST
def contact(request, pk: int):
    return _button(request, pk, "klantcontact vastleggen", actions.check_record_contact,
                   lambda melding: gettext("Klantcontact %(n)s vastgelegd.") % {"n": melding.contacts})


@login_required
@require_POST
def close(request, pk: int):
    actor = actor_for_request(request)
    melding = _melding_or_404(request, actor, pk, "melding afsluiten", may=permissions.can_triage)
    return _post_on_melding(
        request, actor, melding, "close_form", _close_form(melding, request.POST),
        run=lambda data: actions.check_close_melding(actor=actor, melding=melding, reason=data["reason"],
                                                     expected_version=data["version"]),
        ok=gettext("De melding is afgesloten."))


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
                            ok=lambda a: gettext("De aanvraag is geregistreerd; de beslistermijn loopt.") + (
                                "" if a.handler is None else gettext(" U behandelt haar.")
                                if a.handler.pk == actor.user_id
                                else gettext(" %(who)s behandelt haar en is nu betrokken.") % {"who": a.handler}))


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
                     ok=lambda changed: {
                         "opschorten": gettext("De opschorting is vastgelegd; uiterste datum %(date)s."),
                         "hervatten": gettext("De hervatting is vastgelegd; uiterste datum %(date)s."),
                     }.get(verb, gettext("De verlenging is vastgelegd; uiterste datum %(date)s."))
                     % {"date": f"{changed.due_on:%d-%m-%Y}"},
                     success_url=reverse("intake:melding", args=[melding_id]))


@login_required
def inbox(request):
    """Team inbox: unassigned meldingen of my teams, and (gemeente-wide roles) the ones no team matched."""
    actor = actor_for_request(request)
    urgency = choice_filter(request, "urgentie", URGENTIE, gettext_noop("urgentie"))
    team_id = id_filter(request, "team", gettext_noop("team"))
    page = page_number(request)
    rows, more = queries.team_inbox(actor, team_id=team_id, urgency=urgency, page=page, resource=request.get_full_path())
    unrouted = []
    if actor.gemeenten_with(PERSONS_VIEW_ALL):
        unrouted, _ = queries.gemeente_inbox(actor, urgency=urgency, resource=request.get_full_path())
    context = {"rows": rows, "has_more": more, "page": page, "unrouted": unrouted, "urgency": urgency,
               "team_id": team_id, "teams": Team.objects.filter(pk__in=actor.team_ids).order_by("name")}
    if actor.team_ids and (actor.can_anywhere(CASES_WORK) or actor.can_anywhere(CASES_ASSIGN)):
        # cases of my teams that wait for a director (issue 11)
        context["unowned"], context["unowned_more"] = case_queries.unowned_cases(
            actor, team_ids=[team_id] if team_id in actor.team_ids else actor.team_ids, resource=request.get_full_path())
        context.update(show_unowned=True, unowned=case_views.waiting_case_rows(actor, context["unowned"]))
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
        raise NotAllowed(gettext("Alleen partnerorganisaties kunnen hier verwijzen."))
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
                     ok=lambda result: (gettext("Uw verwijzing is ontvangen (nummer %(nr)s).") if result[1]
                                        else gettext("Deze verwijzing was al ontvangen (nummer %(nr)s)."))
                     % {"nr": result[0].pk},
                     success_url=reverse("intake:referrals"))


@login_required
def referrals(request):
    actor = actor_for_request(request)
    if not permissions.gemeenten_to_refer(actor):
        raise NotAllowed(gettext("Alleen partnerorganisaties zien hun verwijzingen."))
    page = page_number(request)
    rows, more = queries.referrals_for(actor, page=page)
    return render(request, "intake/referrals.html", {"rows": rows, "has_more": more, "page": page})


# --- the duties around the investigation: receipts, persoonlijk plan, cliëntondersteuning (intake/duties.py) -------


def _recipients(subjects) -> list[tuple[int, str]]:
    """The melding's residents, adults first (a letter goes to a parent rather than a child)."""
    today = time.today()
    ordered = sorted(subjects, key=lambda p: (p.is_minor_on(today) if p.geboortedatum else False, p.full_name))
    return [(p.pk, p.full_name) for p in ordered]


def _duty_forms(melding, subjects, forms: dict) -> dict:
    """The blank (or returned) forms of the duties section, by their name in the template."""
    recipients = _recipients(subjects)
    return {
        "receipt_form": forms.get("receipt_form") or ReceiptForm(
            recipients=recipients, initial={"recipient": recipients[0][0] if recipients else None},
            auto_id="ontvangst-%s"),
        "plan_form": forms.get("plan_form") or PersonalPlanForm(initial={"received_on": time.today()},
                                                                auto_id="plan-%s"),
        "support_form": forms.get("support_form") or ClientSupportForm(initial=_support_initial(melding),
                                                                       auto_id="ondersteuning-%s"),
    }


def _support_initial(melding) -> dict:
    current = melding.current_support
    if current is None:
        return {"pointed_out_on": time.today(), "used": "onbekend"}
    return {"pointed_out_on": current.pointed_out_on, "how": current.how, "used": current.used,
            "provider": current.provider}


def _duty_context(actor, melding: Melding, subjects, aanvragen, forms: dict) -> dict:
    """What the melding page shows of Wmo 2015 art. 2.3.2 lid 1–3: the receipt letter, the persoonlijk plan (its
    last day and the plans handed in) and cliëntondersteuning; and the receipt of each aanvraag. Three queries."""
    if melding.anonymous:
        return {"duties": None}
    letters = duties.letters_for_melding(melding)
    melding.current_support = ClientSupport.objects.filter(melding=melding).first()
    for aanvraag in aanvragen:
        aanvraag.receipt = letters.get(aanvraag.pk)
    return {
        "duties": {
            "may": permissions.can_write_to_resident(actor, melding.gemeente_id),
            "receipt": letters["melding"],
            "wmo": duties.wmo_applies(melding),
            "plan_deadline": duties.plan_deadline(melding),
            "plans": list(melding.personal_plans.select_related("considered_in").order_by("received_on")),
            "support": melding.current_support,
        },
        **_duty_forms(melding, subjects, forms),
    }


@login_required
@require_POST
def melding_receipt(request, pk: int):
    actor = actor_for_request(request)
    melding = _melding_or_404(request, actor, pk, "ontvangstbevestiging versturen", may=permissions.can_write_to_resident)
    subjects = [s.resident for s in melding.subjects.all()]
    form = ReceiptForm(request.POST, recipients=_recipients(subjects), auto_id="ontvangst-%s")
    return _post_on_melding(request, actor, melding, "receipt_form", form,
                            run=lambda d: duties.check_send_melding_receipt(actor=actor, melding=melding,
                                                                           recipient_id=d["recipient"]),
                            ok=lambda letter: gettext("De ontvangstbevestiging is verzonden aan %(who)s.") % {
                                "who": letter.addressee})


@login_required
@require_POST
def personal_plan(request, pk: int):
    actor = actor_for_request(request)
    melding = _melding_or_404(request, actor, pk, "persoonlijk plan vastleggen", may=permissions.can_write_to_resident)
    form = PersonalPlanForm(request.POST, request.FILES, auto_id="plan-%s")
    return _post_on_melding(request, actor, melding, "plan_form", form,
                            run=lambda d: duties.check_record_personal_plan(
                                actor=actor, melding=melding, received_on=d["received_on"], summary=d["summary"],
                                upload=d["document"]),
                            ok=lambda plan: gettext("Het persoonlijk plan is vastgelegd; het wordt meegewogen in het "
                                                    "onderzoek.") + ("" if plan.within_term else gettext(
                                                        " Let op: het kwam na de zeven dagen binnen.")))


@login_required
@require_POST
def client_support(request, pk: int):
    actor = actor_for_request(request)
    melding = _melding_or_404(request, actor, pk, "cliëntondersteuning vastleggen",
                              may=permissions.can_write_to_resident)
    form = ClientSupportForm(request.POST, auto_id="ondersteuning-%s")
    return _post_on_melding(request, actor, melding, "support_form", form,
                            run=lambda d: duties.check_record_client_support(
                                actor=actor, melding=melding, pointed_out_on=d["pointed_out_on"], how=d["how"],
                                used=d["used"], provider=d["provider"]),
                            ok=gettext("De cliëntondersteuning is vastgelegd."))


@login_required
@require_POST
def aanvraag_receipt(request, pk: int):
    actor = actor_for_request(request)
    aanvraag = Aanvraag.objects.filter(pk=pk).first()
    if aanvraag is None:
        raise NotFound()
    melding = _melding_or_404(request, actor, aanvraag.melding_id, "ontvangstbevestiging aanvraag versturen",
                              may=permissions.can_write_to_resident)
    aanvraag = melding.aanvragen.get(pk=pk)
    # nothing is typed: a refusal (sent already, decided already) is in the error summary of the melding page
    return _post_on_melding(request, actor, melding, "aanvraag_receipt_form", Form(request.POST),
                            run=lambda d: duties.check_send_aanvraag_receipt(actor=actor, aanvraag=aanvraag),
                            ok=lambda letter: gettext("De ontvangstbevestiging van de aanvraag is verzonden aan "
                                                      "%(who)s.") % {"who": letter.addressee})


@login_required
def letter_pdf(request, pk: int):
    """A letter to the resident, byte for byte as sent. Reading it is a read of the file it belongs to (the melding,
    the case or the decision), logged as an export."""
    actor = actor_for_request(request)
    letter = ResidentLetter.objects.filter(pk=pk).select_related("clarification", "bezwaar").first()
    if letter is None:
        raise NotFound()
    purpose = f"brief openen: {letter.get_kind_display()}"
    if letter.melding_id:
        queries.access_melding(actor, letter.melding_id, purpose=purpose, channel="export", resource=request.path)
    elif letter.clarification_id:
        case_queries.access_case(actor, letter.clarification.casus_id, purpose=purpose, channel="export",
                                 resource=request.path)
    else:
        provision_queries.access_besluit(actor, letter.bezwaar.besluit_id, purpose=purpose, channel="export",
                                         resource=request.path)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.kind}-{letter.pk}.pdf"'
    response["X-Content-SHA256"] = letter.sha256
    return response


@login_required
def personal_plan_document(request, pk: int, plan_id: int):
    """The persoonlijk plan as handed in; a read of the melding, logged as an export."""
    actor = actor_for_request(request)
    melding = _melding_or_404(request, actor, pk, "persoonlijk plan openen", channel="export")
    plan = PersonalPlan.objects.filter(pk=plan_id, melding=melding).exclude(document="").first()
    if plan is None:
        raise NotFound()
    return FileResponse(plan.document.open("rb"), content_type=plan.content_type, as_attachment=True,
                        filename=f"persoonlijk-plan-melding-{melding.pk}{plan.document.name[plan.document.name.rfind('.'):]}")


# --- taking up a referral: "Is deze persoon al bekend?", link, or register from it (issue 11, point 3) -------------

SEARCH_PREFIX = "bekend"
# Words of a Dutch name that belong to the voorvoegsel ("Els van der Berg": voorvoegsel "van der").
VOORVOEGSELS = {"van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "in", "op", "uit", "aan", "bij", "la",
                "le", "du", "da", "di", "del", "von", "vom", "zu", "d'", "l'"}


def name_parts(naam: str) -> tuple[str, str, str]:
    """(voornamen, voorvoegsel, geslachtsnaam) of a name as one line, as a referrer types it: the voorvoegsel is the
    run of particles before the last name ("Els van der Berg"), the first names everything before it."""
    words = naam.split()
    if len(words) < 2:
        return "", "", naam.strip()
    start = next((i for i in range(1, len(words) - 1) if words[i].lower() in VOORVOEGSELS), len(words) - 1)
    end = start
    while end < len(words) - 1 and words[end].lower() in VOORVOEGSELS:
        end += 1
    return " ".join(words[:start]), " ".join(words[start:end]), " ".join(words[end:])


def _search_initial(reported: dict) -> dict:
    """The search filled in from the referral: the BSN when the referrer gave one, else surname and birth date."""
    if reported.get("bsn"):
        return {"bsn": reported["bsn"]}
    return {"naam": name_parts(reported.get("naam", ""))[2], "geboortedatum": reported.get("geboortedatum")}


def _link_context(request, actor, melding: Melding, forms: dict) -> dict:
    """For a melding that awaits its person, to whoever may link it: the search filled in from the referral, the
    residents found (the persons search, logged) each with "Koppel aan deze melding", and "Nieuwe inwoner
    registreren". A link that came back refused (`forms["link_form"]`) brings its search along, so the same list
    shows again."""
    if not (queries.awaits_person(melding) and melding.status != Melding.Status.AFGESLOTEN
            and permissions.can_link_person(actor, melding.gemeente_id)):
        return {"link": None}
    returned = forms.get("link_form")
    data = returned.data if returned is not None else request.GET
    searched = any(key.startswith(f"{SEARCH_PREFIX}-") for key in data)
    search_form = SearchForm(data if searched else None, prefix=SEARCH_PREFIX,
                             initial=_search_initial(melding.reported_person))
    rows, more = [], False
    if searched and search_form.is_valid():
        found = search_form.cleaned_data
        criteria = person_queries.ResidentSearch(bsn=found["bsn"] or "", name=found["naam"] or "",
                                                 geboortedatum=found["geboortedatum"], postcode=found["postcode"] or "",
                                                 huisnummer=found["huisnummer"])
        try:
            rows, more = person_queries.search_residents_for(
                actor, criteria, purpose="verwijzing oppakken: is de persoon al bekend?", channel="ui",
                resource=request.get_full_path(), limit=10)
        except DomainError as exc:
            apply_domain_error(search_form, exc)
    return {"link": {"search_form": search_form, "searched": searched and search_form.is_valid(), "rows": rows,
                     "more": more, "form": returned,
                     "may_register": person_permissions.can_register_resident(actor, melding.gemeente_id)}}


def _after_link(actor, result) -> str:
    """The melding page, or the inbox when the new route took the melding out of the actor's sight."""
    if queries.visible_meldingen(actor).filter(pk=result.melding.pk).exists():
        return reverse("intake:melding", args=[result.melding.pk])
    return reverse("intake:inbox")


@login_required
@require_POST
def link(request, pk: int):
    """"Koppel aan deze melding": the resident found becomes the melding's subject (intake.actions)."""
    actor = actor_for_request(request)
    melding = _melding_or_404(request, actor, pk, "verwijzing koppelen aan een inwoner", may=permissions.can_link_person)
    form = LinkForm(request.POST, auto_id="koppel-%s")

    def run(data):
        resident = person_queries.access_resident(actor, data["inwoner"], purpose="verwijzing koppelen aan een inwoner",
                                                  channel="ui", resource=request.path)
        return actions.check_link_melding_person(actor=actor, melding=melding, resident=resident,
                                                 expected_version=data["version"])

    def fresh():
        melding.refresh_from_db(fields=["version"])
        return {"version": melding.version}

    return post_form(request, form, run=run, fresh=fresh,
                     rerender=lambda bound: _melding_page(request, actor, melding, {"link_form": bound}),
                     ok=lambda result: result.message, success_url=lambda result: _after_link(actor, result))


def _referral_initial(melding: Melding) -> dict:
    """The registration form filled in from what the referrer gave: name, birth date, BSN, address."""
    reported = melding.reported_person
    voornamen, voorvoegsel, geslachtsnaam = name_parts(reported.get("naam", ""))
    return {"gemeente": melding.gemeente_id, "voornamen": voornamen, "voorvoegsel": voorvoegsel,
            "geslachtsnaam": geslachtsnaam, "geboortedatum": reported.get("geboortedatum"),
            "bsn": reported.get("bsn") or "", "postcode": reported.get("postcode") or "",
            "huisnummer": reported.get("huisnummer"), "version": melding.version}


def _households_at(actor, melding: Melding, raw, resource: str) -> list:
    """The households living at the address on the form (persons.queries, logged): whether the resident joins one."""
    huisnummer = str(raw.get("huisnummer") or "")
    return person_queries.households_at_address(
        actor, melding.gemeente_id, str(raw.get("postcode") or ""), int(huisnummer) if huisnummer.isdigit() else None,
        str(raw.get("toevoeging") or ""), purpose="verwijzing: woont er al een huishouden op dit adres?",
        channel="ui", resource=resource)


def _household_label(found) -> tuple[str, str]:
    if found.members is None:
        return str(found.household.pk), gettext("Ja, bij het huishouden dat al op dit adres staat ingeschreven")
    return str(found.household.pk), gettext("Ja, bij %(household)s (%(members)s)") % {
        "household": found.household.label, "members": ", ".join(found.members) or gettext("nog geen leden")}


@login_required
@require_http_methods(["GET", "POST"])
def register_person(request, pk: int):
    """"Nieuwe inwoner registreren" from a referral: the persons registration, filled in from the referral (and the
    question whether the resident joins a household at the address), then linked to the melding in one go."""
    actor = actor_for_request(request)
    melding = _melding_or_404(request, actor, pk, "inwoner registreren uit verwijzing", may=permissions.can_link_person)
    if not person_permissions.can_register_resident(actor, melding.gemeente_id):
        raise NotAllowed(gettext("U mag in deze gemeente geen inwoners registreren."))
    if not queries.awaits_person(melding):
        messages.info(request, gettext("Deze melding is al gekoppeld aan een inwoner."))
        return redirect("intake:melding", pk)
    initial = _referral_initial(melding)
    found = _households_at(actor, melding, request.POST if request.method == "POST" else initial,
                           request.get_full_path())
    by_pk = {str(f.household.pk): f.household for f in found}
    form = ReferralResidentForm(request.POST or None, gemeenten=Gemeente.objects.filter(pk=melding.gemeente_id),
                                households=[_household_label(f) for f in found], initial=initial)
    existing = None

    def page(bound):
        if bound.is_bound and "huishouden" in bound.fields and not bound.data.get("huishouden"):
            bound.data = bound.data.copy()  # asked: the household living there is offered first
            bound.data["huishouden"] = str(found[0].household.pk)
        known = None
        if existing:  # the registration that already exists, to link instead (when the actor may see it)
            try:
                known = person_queries.access_resident(actor, existing, purpose="verwijzing: bestaande registratie",
                                                       channel="ui", resource=request.path)
            except NotFound:
                known = None
        return render(request, "intake/register_person.html",
                      {"form": bound, "melding": melding, "existing": existing, "known": known})

    if request.method != "POST":
        return page(form)

    def run(data):
        nonlocal existing
        choice = data.get("huishouden") or ""
        resident_data = ResidentData(**{name: data.get(name) or ("0" if name == "geslacht" else None
                                                                 if name in ("bsn", "geboortedatum") else "")
                                        for name in (f.name for f in dataclass_fields(ResidentData))})
        address = AddressData(postcode=data.get("postcode") or "", huisnummer=data.get("huisnummer"),
                              toevoeging=data.get("toevoeging") or "", straat=data.get("straat") or "",
                              woonplaats=data.get("woonplaats") or "")
        try:
            return actions.check_register_melding_person(
                actor=actor, melding=melding, data=resident_data, address=address, household=by_pk.get(choice),
                new_household=True if choice == NEW_HOUSEHOLD else None,
                confirm_not_duplicate=data["bevestig_ander_persoon"], expected_version=data["version"])
        except Duplicate as exc:
            existing = exc.existing_id
            raise
        except PossibleDuplicate as exc:
            existing = exc.existing_ids[0]
            raise

    def fresh():
        melding.refresh_from_db(fields=["version"])
        return {"version": melding.version}

    return post_form(request, form, run=run, rerender=page, fresh=fresh, ok=lambda result: result.message,
                     success_url=lambda result: _after_link(actor, result))
