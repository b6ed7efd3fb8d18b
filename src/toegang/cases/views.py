"""The case page and its actions (director, betrokkenen, flags, phase, closing, reopening)."""

from functools import cache

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.forms import Textarea
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.models import Medewerker, Team
from toegang.accounts.queries import case_workers
from toegang.assessments.forms import ClarificationForm, MeasurementForm, SafetyForm
from toegang.assessments.instruments import instrument_for
from toegang.assessments.models import CLARIFICATION_PARTS, Clarification, SafetyAssessment
from toegang.assessments.queries import adults, any_minor
from toegang.assessments.safety import SAFETY_CHECKLIST
from toegang.core.errors import Conflict, DomainError, NotAllowed, NotFound, ValidationFailed
from toegang.deadlines.queries import clocks_by_subject
from toegang.escalation.models import BindingDecision, Escalation
from toegang.intake import duties
from toegang.intake.forms import ReceiptForm
from toegang.persons.models import Involvement
from toegang.persons.queries import gezag_for_household
from toegang.tasks.actions import check_complete_task
from toegang.tasks.models import Task
from toegang.ui.forms import report_outcome
from toegang.ui.posting import post_form

from . import actions, permissions, queries
from .forms import (
    CloseCaseForm,
    ContactMomentForm,
    DirectorForm,
    DocumentForm,
    FlagsForm,
    HandoverDecisionForm,
    HandoverForm,
    InvolvementForm,
    NoteForm,
    ReopenForm,
    TaskForm,
)
from .models import CaseDocument, Casus, Handover


def _people_of(casus: Casus):
    """The case director and active betrokkenen: who can be given a task on the case."""
    return Medewerker.objects.filter(involvements__casus=casus, involvements__valid_until__isnull=True).distinct()\
        .order_by("first_name", "last_name")


def _staff_of(casus: Casus):
    """Who can be chosen as director, betrokkene or successor: staff doing case work in the case's gemeente."""
    return case_workers(casus.gemeente_id)


def waiting_case_rows(actor, cases: list) -> list:
    """Cases without a director as the werkbak and Mijn werk list them (cases/_waiting.html): per case whether the
    actor may take it, and — for whoever may assign directors there — the case workers of its team to choose from
    (two queries for all rows)."""
    assigning = {c.pk for c in cases if permissions.can_assign(actor, c.gemeente_id)}
    workers = queries.team_case_workers({c.team_id for c in cases if c.pk in assigning and c.team_id})
    for casus in cases:
        casus.can_take = permissions.can_take_case(actor, casus)
        casus.assign_to = workers.get(casus.team_id, []) if casus.pk in assigning else None
    return cases


@login_required
def case_detail(request, pk: int):
    actor = actor_for_request(request)
    casus = queries.access_case(actor, pk, purpose="casus bekijken", channel="ui", resource=request.path,
                                annotate=SECTION_FLAGS)
    return case_page(request, actor, casus)


# Which sections of the case page hold anything, read with the case (EXISTS on each table's case index): an empty
# section costs no query of its own (issue 16). A case read without them (a form sent back) reads every section.
SECTION_FLAGS = {
    "has_safety": Exists(SafetyAssessment.objects.filter(casus=OuterRef("pk"))),
    "has_clarification": Exists(Clarification.objects.filter(casus=OuterRef("pk"))),
    "has_pending_handover": Exists(Handover.objects.filter(casus=OuterRef("pk"), decided_at__isnull=True)),
    "has_documents": Exists(CaseDocument.objects.filter(casus=OuterRef("pk"))),
    "has_tasks": Exists(Task.objects.filter(casus=OuterRef("pk"))),
    "has_involvements": Exists(Involvement.objects.filter(casus=OuterRef("pk"))),
    # asked by the escalation section (escalation.views.section)
    "has_escalations": Exists(Escalation.objects.filter(casus=OuterRef("pk"))),
    "has_binding_decisions": Exists(BindingDecision.objects.filter(casus=OuterRef("pk"))),
}


def _holds(casus: Casus, flag: str) -> bool:
    """Whether the section may hold rows: True unless the case was read with SECTION_FLAGS and it holds none."""
    return getattr(casus, flag, True)


def _page_forms(casus: Casus) -> dict:
    """Every form of the case page by its name in the template: called without arguments for the blank form, with
    data= (and files=) for the one a user sent. Both get the same ids, so a form shown again keeps its labels,
    error ids and the links of the error summary."""
    # read when a form that needs them is built, once for all forms (the pickers share the staff, SharedChoices)
    staff = cache(lambda: _staff_of(casus))
    instrument = cache(lambda: instrument_for(casus.gemeente.profile.data))
    today = timezone.localdate()
    return {
        "director_form": lambda **kw: DirectorForm(staff=staff(), initial={"version": casus.version},
                                                   auto_id="regisseur-%s", **kw),
        "involvement_form": lambda **kw: InvolvementForm(staff=staff(), auto_id="betrokkene-%s", **kw),
        "flags_form": lambda **kw: FlagsForm(initial={"version": casus.version, "high_risk": casus.high_risk,
                                                      "politically_sensitive": casus.politically_sensitive,
                                                      "care_avoider": casus.care_avoider},
                                             auto_id="signalen-%s", **kw),
        "close_form": lambda **kw: CloseCaseForm(initial={"version": casus.version}, auto_id="afsluiten-%s", **kw),
        "reopen_form": lambda **kw: ReopenForm(auto_id="heropenen-%s", **kw),
        "contact_form": lambda **kw: ContactMomentForm(
            auto_id="contact-%s", initial={"at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}, **kw),
        "note_form": lambda **kw: NoteForm(auto_id="notitie-%s", **kw),
        "measurement_form": lambda **kw: MeasurementForm(instrument=instrument(), adults=adults(casus),
                                                         auto_id="meting-%s", initial={"measured_on": today}, **kw),
        "safety_form": lambda **kw: SafetyForm(auto_id="veiligheid-%s", initial={"assessed_on": today}, **kw),
        "handover_form": lambda **kw: HandoverForm(staff=staff(), teams=Team.objects.filter(gemeente_id=casus.gemeente_id),
                                                   auto_id="overdracht-%s", **kw),
        "decision_form": lambda **kw: HandoverDecisionForm(auto_id="besluit-%s", **kw),
        "task_form": lambda **kw: TaskForm(people=_people_of(casus), auto_id="taak-%s", **kw),
        "document_form": lambda **kw: DocumentForm(auto_id="document-%s", **kw),
        "clarification_form": lambda **kw: ClarificationForm(instrument=instrument(), auto_id="vv-%s",
                                                             initial={"held_on": today}, **kw),
        "report_form": lambda **kw: ReceiptForm(recipients=[(m.pk, m.full_name) for m in casus.members],
                                                initial={"recipient": casus.members[0].pk if casus.members else None},
                                                auto_id="weergave-%s", **kw),
    }


# The forms of the case page that sit in a closed <details>: each is fetched when its details opens (`case_form`),
# by the flag of `_shown` that decides whether the page offers it at all. A form sent back with its errors is
# rendered inline and open instead. The director form also stands open at the top while no one directs the case,
# and the handover decision and the report to the resident stand open: those three are built with the page.
LAZY_FORMS = {
    "director_form": "can_assign", "involvement_form": "manages", "flags_form": "manages", "close_form": "manages",
    "reopen_form": "can_reopen", "handover_form": "may_hand_over",
    "clarification_form": "can_write", "safety_form": "can_write", "contact_form": "can_write",
    "measurement_form": "can_write", "note_form": "can_write", "task_form": "can_write", "document_form": "can_write",
}


def _shown(actor, casus: Casus) -> dict:
    """What the actor may do on the case page: the page and the form endpoint ask the same predicates."""
    is_open = casus.status != Casus.Status.AFGESLOTEN
    assigns = permissions.can_assign(actor, casus.gemeente_id)
    is_director = casus.case_director_id == actor.user_id
    return {
        "manages": permissions.can_manage_case(actor, casus) and is_open,
        "can_assign": assigns and is_open,
        "can_reopen": assigns and not is_open,
        "can_write": is_open and permissions.can_write_journal(actor, casus),
        "is_director": is_director,
        "may_hand_over": is_director and is_open,
    }


def case_page(request, actor, casus: Casus, forms: dict | None = None) -> HttpResponse:
    """The case page; `forms` replaces blank forms by name (a form sent back with its errors, everything typed
    kept). The template opens the section of a form with errors; the other forms in closed sections are fetched
    when opened (`case_form`)."""
    forms = forms or {}
    meldingen = list(duties.with_waiting_plans(casus.meldingen).order_by("received_at"))
    clocks = clocks_by_subject("intake.melding", [m.pk for m in meldingen])  # one query for all meldingen
    for melding in meldingen:
        melding.clocks = clocks.get(melding.pk, [])
    today = timezone.localdate()
    shown = _shown(actor, casus)
    blank = _page_forms(casus)
    return render(request, "cases/case.html", {
        "casus": casus,
        **shown,
        "child_under_five": queries.child_under_five(casus.members),
        "involvements": list(Involvement.objects.filter(casus=casus).select_related("medewerker",
                                                                                   "medewerker__organisatie")
                             .order_by("valid_until", "valid_from")) if _holds(casus, "has_involvements") else [],
        "directors": list(casus.directors.select_related("medewerker").order_by("since")),
        "meldingen": meldingen,
        "next_status": sorted(actions.NEXT_STATUS.get(casus.status, set())),
        "timeline": queries.timeline(actor, casus),
        "has_minors": any_minor(casus.members, today),  # the members access_case read already
        "adults": adults(casus),
        "safety": casus.safety_assessments.order_by("-assessed_on", "-id").select_related("by").first()
        if _holds(casus, "has_safety") else None,
        # who holds gezag over the minors, next to the safety assessment (issue 11); no query without minors
        "gezag": gezag_for_household(actor, casus.household, purpose="casus bekijken", channel="ui",
                                     resource=request.path, members=casus.members),
        "checklist_labels": dict(SAFETY_CHECKLIST),
        "clarification": _clarification(casus) if _holds(casus, "has_clarification") else None,
        # Wmo 2015 art. 2.3.2 lid 2: the persoonlijke plannen the kitchen-table report weighs (intake/duties.py)
        # (shown in the kitchen-table form: read here only when that form comes back with its errors)
        "plans_to_consider": duties.plans_to_consider(casus)
        if "clarification_form" in forms and any(m.plans_waiting for m in meldingen) else [],
        "pending_handover": casus.handovers.filter(decided_at__isnull=True).select_related("successor", "to_team")
        .first() if _holds(casus, "has_pending_handover") else None,
        "can_take": permissions.can_take_case(actor, casus),
        "waiting_days": queries.waiting_days(casus),
        "documents": list(casus.documents.select_related("by").order_by("-at")) if _holds(casus, "has_documents")
        else [],
        "tasks": list(casus.tasks.select_related("assignee", "team").order_by("done_at", "due_on"))
        if _holds(casus, "has_tasks") else [],
        # the form sent back (its section opens with it); the others in closed sections are fetched when opened
        "open_form": next(iter(forms), ""),
        **forms,
        # the forms that stand open are built when the template first shows them: a role that may not use them
        # builds none, and a staff picker runs no query (issue 16)
        **{name: forms.get(name) or SimpleLazyObject(blank[name])
           for name in ("director_form", "decision_form", "report_form")},
    })


@login_required
def case_form(request, pk: int, name: str):
    """One blank form of the case page, for its <details> as it opens (htmx): the named partial of cases/case.html
    that the page renders inline for a form sent back with errors, so the two never drift and the ids (auto_id) are
    the same. Offered to whoever the page offers it (`_shown`); 403 otherwise, 404 for an unknown form or a case
    the actor cannot see.

    The case is read through access_case and so logged: several of these forms show personal data (the household's
    adults in the ZRM form, the people of the case in the task form, the staff of the gemeente in the pickers), and
    one rule for all of them is simpler to check than a list of which are harmless."""
    if name not in LAZY_FORMS:
        raise NotFound()
    actor = actor_for_request(request)
    casus = queries.access_case(actor, pk, purpose="casusformulier openen", channel="ui", resource=request.path)
    shown = _shown(actor, casus)
    if not shown[LAZY_FORMS[name]]:
        raise NotAllowed(gettext("Geen toegang"))  # the words of the 403 page (ui/middleware.py)
    extra = {}
    if name == "clarification_form":
        extra["plans_to_consider"] = duties.plans_to_consider(casus)
    return render(request, f"cases/case.html#{name}", {"casus": casus, **shown, **extra,
                                                         name: _page_forms(casus)[name]()})


# Sections of the case page that are history rather than state, fetched as their <details> opens (issue 16): the
# expert consultations (provisions), the case conferences (conferences) and the complaints and satisfaction answer
# (feedback: the page shows that one only to who may use it, feedback_tags.feedback_offered, without a query; the
# section itself shows each reader only their part). What a case director must see at a glance stays on the page:
# the crisis and safety state, the escalation level, who directs. The sections are partials of cases/case.html,
# drawn by the other apps' template tags: this module imports none of those apps.
LAZY_SECTIONS = {"raadplegingen": "consultations", "overleg": "conferences", "klachten": "feedback"}


@login_required
def case_section(request, pk: int, name: str):
    """One section of the case page, as its <details> opens (htmx): for whoever sees the case, as on the page; the
    case is read through access_case (logged), as the section shows the case's content (advice, conferences and
    who took part). 404 for an unknown section or a case the actor cannot see."""
    if name not in LAZY_SECTIONS:
        raise NotFound()
    actor = actor_for_request(request)
    casus = queries.access_case(actor, pk, purpose="casus bekijken", channel="ui", resource=request.path)
    return render(request, f"cases/case.html#{LAZY_SECTIONS[name]}", {"casus": casus, "actor": actor})


def _clarification(casus):
    """The latest kitchen-table report, with domain names, for display."""
    # with its written report to the resident and that report's clock (Wmo 2015 art. 2.3.2 lid 8), in one query
    latest = duties.with_report(casus.clarifications).order_by("-held_on", "-id").select_related("by").first()
    if latest is None:
        return None
    names = dict(instrument_for(casus.gemeente.profile.data).domains)
    labels = dict(CLARIFICATION_PARTS)
    latest.rows = [(names.get(code, code), [(labels[k], v) for k, v in parts.items() if v])
                   for code, parts in latest.domains.items()]
    return latest


def _on_fields(exc: ValidationFailed, form, field_of) -> ValidationFailed:
    """The action's reasons at the form's fields: `field_of(name)` names the field of a reason the action keys
    otherwise (a life-domain code); a reason without a field joins the message, so no reason is lost."""
    placed: dict[str, list[str]] = {}
    loose: list[str] = []
    for name, reasons in exc.field_errors.items():
        field = name if name in form.fields else field_of(name)
        if field in form.fields:
            placed.setdefault(field, []).extend(reasons)
        else:
            loose.extend(reasons)
    return ValidationFailed(" ".join([exc.message, *loose]), code=exc.code, field_errors=placed)


def _fit_rows(form) -> None:
    """A form shown again shows all its text: each text box gets the rows its text takes on a phone (about 30
    characters a line at 375 px, at most 15), never fewer than it has."""
    for name, field in form.fields.items():
        if isinstance(field.widget, Textarea):
            text = str(form.data.get(form.add_prefix(name)) or "")
            needed = sum(max(1, -(-len(line) // 30)) for line in text.splitlines())
            field.widget.attrs["rows"] = max(int(field.widget.attrs.get("rows", 2)), min(needed, 15))


def case_post(request, pk: int, *, purpose: str, form_name: str, run, ok, field_of=lambda name: name,
              before=lambda casus: None):
    """One POST of a form on the case page (the one POST pattern, toegang.ui.posting): read the case (scoped,
    logged), `before(casus)` may refuse (NotFound), bind the form `form_name` of the page, run
    `run(actor, casus, cleaned_data)`.

    Invalid input → the case page again (422) with this form as typed, its section open, each error at its field.
    The case changed under the user (Conflict) → 409: the page shows the case as it now stands, the input is kept
    and a versioned form carries the new version, so sending it again is a deliberate choice. NotAllowed and
    NotFound propagate (403, 404). Success → `ok` (or `ok(result)`) and back to the case page."""
    actor = actor_for_request(request)
    casus = queries.access_case(actor, pk, purpose=purpose, channel="ui", resource=request.path)
    before(casus)
    form = _page_forms(casus)[form_name](data=request.POST, files=request.FILES)
    _fit_rows(form)
    conflict = False

    def act(data):
        nonlocal conflict
        try:
            return run(actor, casus, data)
        except Conflict:
            conflict = True
            raise
        except ValidationFailed as exc:
            raise _on_fields(exc, form, field_of) from exc

    def rerender(bound):
        if conflict:
            casus.refresh_from_db()
            if "version" in bound.fields:
                bound.data = bound.data.copy()
                bound.data["version"] = str(casus.version)
        return case_page(request, actor, casus, forms={form_name: bound})

    return post_form(request, form, run=act, rerender=rerender, ok=ok,
                     success_url=reverse("cases:case", args=[casus.pk]))


def _button(request, pk: int, run, ok):
    """A button without typed input (end an involvement, the next phase, a task done): a refusal is a message on
    the case page, as there is nothing to keep; NotAllowed and NotFound propagate (403, 404)."""
    try:
        result = run()
    except (NotAllowed, NotFound):
        raise
    except DomainError as exc:
        report_outcome(request, exc)
    else:
        report_outcome(request, ok=ok(result) if callable(ok) else ok)
    return redirect("cases:case", pk)


@login_required
@require_POST
def assign_director(request, pk: int):
    return case_post(request, pk, purpose="casusregisseur toewijzen", form_name="director_form",
                     run=lambda actor, casus, d: actions.check_assign_case_director(
                         actor=actor, casus=casus, medewerker=d["medewerker"], reason=d["reason"],
                         expected_version=d["version"]),
                     ok=gettext("De casusregisseur is gewijzigd."))


@login_required
@require_POST
def take(request, pk: int):
    """'Neem casus op mij' (issue 11): a case worker of the case's team becomes its director. When a colleague came
    first the case is no longer open to them: they hear so and go back to the werkbak, never to 'not found'."""
    actor = actor_for_request(request)
    version = request.POST.get("version", "")
    try:
        casus = queries.access_case(actor, pk, purpose="casus op mij nemen", channel="ui", resource=request.path)
        actions.check_take_case(actor=actor, casus=casus, expected_version=int(version) if version.isdigit() else None)
    except NotFound:
        if not queries.waited_in_my_team(actor, pk):
            raise
        report_outcome(request, Conflict(gettext(actions.TAKEN_BY_OTHER)))
        return redirect("intake:inbox")
    except NotAllowed:
        raise
    except DomainError as exc:
        report_outcome(request, exc)
        return redirect("cases:case", pk) if queries.can_see_case(actor, casus) else redirect("intake:inbox")
    report_outcome(request, ok=gettext("U bent nu casusregisseur van deze casus."))
    return redirect("cases:case", pk)


@login_required
@require_POST
def add_involvement(request, pk: int):
    return case_post(request, pk, purpose="betrokkene toevoegen", form_name="involvement_form",
                     run=lambda actor, casus, d: actions.check_add_case_involvement(
                         actor=actor, casus=casus, medewerker=d["medewerker"], role=d["role"]),
                     ok=gettext("De betrokkene is toegevoegd."))


@login_required
@require_POST
def end_involvement(request, pk: int, involvement_id: int):
    actor = actor_for_request(request)
    casus = queries.access_case(actor, pk, purpose="betrokkenheid beëindigen", channel="ui", resource=request.path)
    involvement = Involvement.objects.filter(pk=involvement_id, casus=casus).first()
    if involvement is None:
        raise NotFound()
    return _button(request, pk, lambda: actions.check_end_case_involvement(actor=actor, casus=casus,
                                                                           involvement=involvement),
                   gettext("De betrokkenheid is beëindigd."))


@login_required
@require_POST
def set_flags(request, pk: int):
    return case_post(request, pk, purpose="signalen wijzigen", form_name="flags_form",
                     run=lambda actor, casus, d: actions.check_set_case_flags(
                         actor=actor, casus=casus, high_risk=d["high_risk"],
                         politically_sensitive=d["politically_sensitive"], care_avoider=d["care_avoider"],
                         reason=d["reason"], expected_version=d["version"]),
                     ok=gettext("De signalen zijn bijgewerkt."))


@login_required
@require_POST
def advance(request, pk: int):
    actor = actor_for_request(request)
    casus = queries.access_case(actor, pk, purpose="fase wijzigen", channel="ui", resource=request.path)
    version = request.POST.get("version", "")
    return _button(request, pk, lambda: actions.check_advance_case(
        actor=actor, casus=casus, to=request.POST.get("to", ""),
        expected_version=int(version) if version.isdigit() else None),
        lambda casus: gettext("De casus is nu in de fase %(phase)s.") % {"phase": gettext(casus.get_status_display())})


@login_required
@require_POST
def close(request, pk: int):
    return case_post(request, pk, purpose="casus afsluiten", form_name="close_form",
                     run=lambda actor, casus, d: actions.check_close_case(
                         actor=actor, casus=casus, reason=d["reason"],
                         household_informed_on=d["household_informed_on"], note=d["note"],
                         expected_version=d["version"]),
                     ok=gettext("De casus is afgesloten."))


@login_required
@require_POST
def reopen(request, pk: int):
    return case_post(request, pk, purpose="casus heropenen", form_name="reopen_form",
                     run=lambda actor, casus, d: actions.check_reopen_case(actor=actor, casus=casus,
                                                                           reason=d["reason"]),
                     ok=gettext("De casus is heropend."))


@login_required
@require_POST
def contact_moment(request, pk: int):
    return case_post(request, pk, purpose="contactmoment vastleggen", form_name="contact_form",
                     run=lambda actor, casus, d: actions.check_record_contact_moment(
                         actor=actor, casus=casus, at=d["at"], kind=d["kind"], participants=d["participants"],
                         summary=d["summary"]),
                     ok=gettext("Het contactmoment is vastgelegd."))


@login_required
@require_POST
def note(request, pk: int):
    return case_post(request, pk, purpose="notitie vastleggen", form_name="note_form",
                     run=lambda actor, casus, d: actions.check_add_note(actor=actor, casus=casus, text=d["text"],
                                                                        confidential=d["confidential"]),
                     ok=gettext("De notitie is vastgelegd."))


@login_required
@require_POST
def propose_handover(request, pk: int):
    return case_post(request, pk, purpose="overdracht voorstellen", form_name="handover_form",
                     run=lambda actor, casus, d: actions.check_propose_handover(
                         actor=actor, casus=casus, successor=d["successor"], to_team=d["to_team"], note=d["note"]),
                     ok=gettext("De overdracht is voorgesteld; u blijft casusregisseur tot de opvolger aanvaardt."))


@login_required
@require_POST
def decide_handover(request, pk: int):
    def pending(casus):
        if not casus.handovers.filter(decided_at__isnull=True).exists():
            raise NotFound()  # nothing to decide on: the same answer as a case you cannot see

    def run(actor, casus, d):
        handover = casus.handovers.filter(decided_at__isnull=True).first()
        if handover is None:  # decided by someone else since the check above
            raise NotFound()
        return actions.check_decide_handover(actor=actor, handover=handover, accept=d["accept"], reason=d["reason"])

    return case_post(request, pk, purpose="overdracht beslissen", form_name="decision_form", run=run, before=pending,
                     ok=lambda handover: gettext("U bent nu casusregisseur.") if handover.accepted
                     else gettext("De overdracht is afgewezen; de casusregisseur is op de hoogte."))


@login_required
@require_POST
def add_document(request, pk: int):
    # a refused file cannot be offered again (no browser fills a file input); the kind and title are kept
    return case_post(request, pk, purpose="document toevoegen", form_name="document_form",
                     run=lambda actor, casus, d: actions.check_add_document(
                         actor=actor, casus=casus, kind=d["kind"], title=d["title"], upload=d["file"]),
                     ok=gettext("Het document is toegevoegd."))


@login_required
def download_document(request, pk: int, document_id: int):
    """Downloading a document is a read of the file: logged through access_case with channel 'export'."""

    actor = actor_for_request(request)
    casus = queries.access_case(actor, pk, purpose="document downloaden", channel="export", resource=request.path)
    document = casus.documents.filter(pk=document_id).first()
    if document is None:
        raise NotFound()
    return FileResponse(document.file.open("rb"), content_type=document.content_type, as_attachment=True,
                        filename=f"{document.title}{document.file.name[document.file.name.rfind('.'):]}")


@login_required
@require_POST
def add_task(request, pk: int):
    return case_post(request, pk, purpose="taak aanmaken", form_name="task_form",
                     run=lambda actor, casus, d: actions.check_add_case_task(
                         actor=actor, casus=casus, title=d["title"], assignee=d["assignee"], due_on=d["due_on"]),
                     ok=gettext("De taak is aangemaakt."))


@login_required
@require_POST
def complete_task(request, pk: int, task_id: int):

    actor = actor_for_request(request)
    casus = queries.access_case(actor, pk, purpose="taak afronden", channel="ui", resource=request.path)
    task = casus.tasks.filter(pk=task_id).first()
    if task is None:
        raise NotFound()
    return _button(request, pk, lambda: check_complete_task(actor=actor, task=task), gettext("De taak is afgerond."))
