"""The case page and its actions (director, betrokkenen, flags, phase, closing, reopening)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from toegang.accounts.models import Medewerker, Team
from toegang.assessments.actions import CLARIFICATION_PARTS, has_minors
from toegang.assessments.forms import ClarificationForm, MeasurementForm, SafetyForm
from toegang.assessments.instruments import instrument_for
from toegang.assessments.safety import SAFETY_CHECKLIST
from toegang.assessments.views import adults
from toegang.core.actor import actor_for_request
from toegang.core.errors import DomainError, NotFound
from toegang.deadlines.queries import clocks_by_subject
from toegang.persons.models import Involvement
from toegang.ui.forms import invalid_form, report_outcome

from . import actions, queries
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
from .models import Casus


def _people_of(casus: Casus):
    """The case director and active betrokkenen: who can be given a task on the case."""
    return Medewerker.objects.filter(involvements__casus=casus, involvements__valid_until__isnull=True).distinct()\
        .order_by("first_name", "last_name")


def _staff_of(casus: Casus):
    return Medewerker.objects.filter(role_assignments__gemeente_id=casus.gemeente_id, is_active=True)\
        .select_related("organisatie").distinct().order_by("first_name", "last_name")


@login_required
def case_detail(request, pk: int):
    actor = actor_for_request(request)
    casus = queries.access_case(actor, pk, purpose="casus bekijken", channel="ui", resource=request.path)
    manages = actor.can("cases.assign", casus.gemeente_id) or casus.case_director_id == actor.user_id
    is_open = casus.status != Casus.Status.AFGESLOTEN
    meldingen = list(casus.meldingen.order_by("received_at"))
    clocks = clocks_by_subject("intake.melding", [m.pk for m in meldingen])  # one query for all meldingen
    for melding in meldingen:
        melding.clocks = clocks.get(melding.pk, [])
    staff = _staff_of(casus)
    return render(request, "cases/case.html", {
        "casus": casus,
        "child_under_five": queries.child_under_five(casus.members),
        "involvements": list(Involvement.objects.filter(casus=casus).select_related("medewerker",
                                                                                   "medewerker__organisatie")
                             .order_by("valid_until", "valid_from")),
        "directors": list(casus.directors.select_related("medewerker").order_by("since")),
        "meldingen": meldingen,
        "manages": manages and is_open,
        "can_assign": actor.can("cases.assign", casus.gemeente_id) and is_open,
        "can_reopen": actor.can("cases.assign", casus.gemeente_id) and not is_open,
        "next_status": sorted(actions.NEXT_STATUS.get(casus.status, set())),
        "director_form": DirectorForm(staff=staff, initial={"version": casus.version}, auto_id="regisseur-%s"),
        "involvement_form": InvolvementForm(staff=staff, auto_id="betrokkene-%s"),
        "flags_form": FlagsForm(initial={"version": casus.version, "high_risk": casus.high_risk,
                                         "politically_sensitive": casus.politically_sensitive,
                                         "care_avoider": casus.care_avoider}, auto_id="signalen-%s"),
        "close_form": CloseCaseForm(initial={"version": casus.version}, auto_id="afsluiten-%s"),
        "reopen_form": ReopenForm(auto_id="heropenen-%s"),
        "timeline": queries.timeline(actor, casus),
        "can_write": is_open and actions._may_write_journal(actor, casus),
        "contact_form": ContactMomentForm(auto_id="contact-%s",
                                          initial={"at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}),
        "note_form": NoteForm(auto_id="notitie-%s"),
        "measurement_form": MeasurementForm(instrument=instrument_for(casus.gemeente.profile.data),
                                            adults=adults(casus), auto_id="meting-%s",
                                            initial={"measured_on": timezone.localdate()}),
        "has_minors": has_minors(casus, timezone.localdate()),
        "safety": casus.safety_assessments.order_by("-assessed_on", "-id").select_related("by").first(),
        "safety_form": SafetyForm(auto_id="veiligheid-%s", initial={"assessed_on": timezone.localdate()}),
        "checklist_labels": dict(SAFETY_CHECKLIST),
        "clarification": _clarification(casus),
        "pending_handover": casus.handovers.filter(decided_at__isnull=True).select_related("successor", "to_team")
        .first(),
        "handover_form": HandoverForm(staff=staff, teams=Team.objects.filter(gemeente_id=casus.gemeente_id),
                                      auto_id="overdracht-%s"),
        "decision_form": HandoverDecisionForm(auto_id="besluit-%s"),
        "is_director": casus.case_director_id == actor.user_id,
        "documents": list(casus.documents.select_related("by").order_by("-at")),
        "tasks": list(casus.tasks.select_related("assignee", "team").order_by("done_at", "due_on")),
        "task_form": TaskForm(people=_people_of(casus), auto_id="taak-%s"),
        "document_form": DocumentForm(auto_id="document-%s"),
        "clarification_form": ClarificationForm(instrument=instrument_for(casus.gemeente.profile.data),
                                                auto_id="vv-%s", initial={"held_on": timezone.localdate()}),
    })


def _clarification(casus):
    """The latest kitchen-table report, with domain names, for display."""
    latest = casus.clarifications.order_by("-held_on", "-id").select_related("by").first()
    if latest is None:
        return None
    names = dict(instrument_for(casus.gemeente.profile.data).domains)
    labels = dict(CLARIFICATION_PARTS)
    latest.rows = [(names.get(code, code), [(labels[k], v) for k, v in parts.items() if v])
                   for code, parts in latest.domains.items()]
    return latest


def _done(request, pk, error=None, ok=""):
    report_outcome(request, error, ok)
    return redirect("cases:case", pk)


def case_form_action(request, pk, purpose, form_factory, run, ok):
    """One POST on a case: read it (scoped, logged), validate the form, run the action, report back on the case
    page. `form_factory(request, casus)` builds the bound form; `run(actor, casus, cleaned_data)` calls the action;
    `ok` is the success message, or a callable of the cleaned data."""
    actor = actor_for_request(request)
    casus = queries.access_case(actor, pk, purpose=purpose, channel="ui", resource=request.path)
    form = form_factory(request, casus)
    if not form.is_valid():
        return _done(request, pk, invalid_form(form))
    try:
        run(actor, casus, form.cleaned_data)
    except DomainError as exc:
        return _done(request, pk, exc)
    return _done(request, pk, ok=ok(form.cleaned_data) if callable(ok) else ok)


def _case_action(request, pk, purpose, form_class, run, ok, **form_kwargs):
    """case_form_action for forms that take the POST data (and, with staff=True, the gemeente's staff)."""
    def factory(request, casus):
        return form_class(request.POST, **({"staff": _staff_of(casus)} if "staff" in form_kwargs else {}))

    return case_form_action(request, pk, purpose, factory, run, ok)


@login_required
@require_POST
def assign_director(request, pk: int):
    return _case_action(request, pk, "casusregisseur toewijzen", DirectorForm, lambda actor, casus, d:
                        actions.check_assign_case_director(actor=actor, casus=casus, medewerker=d["medewerker"],
                                                           reason=d["reason"], expected_version=d["version"]),
                        "De casusregisseur is gewijzigd.", staff=True)


@login_required
@require_POST
def add_involvement(request, pk: int):
    return _case_action(request, pk, "betrokkene toevoegen", InvolvementForm, lambda actor, casus, d:
                        actions.check_add_case_involvement(actor=actor, casus=casus, medewerker=d["medewerker"],
                                                           role=d["role"]),
                        "De betrokkene is toegevoegd.", staff=True)


@login_required
@require_POST
def end_involvement(request, pk: int, involvement_id: int):
    actor = actor_for_request(request)
    casus = queries.access_case(actor, pk, purpose="betrokkenheid beëindigen", channel="ui", resource=request.path)
    involvement = Involvement.objects.filter(pk=involvement_id, casus=casus).first()
    if involvement is None:
        raise NotFound()
    try:
        actions.check_end_case_involvement(actor=actor, casus=casus, involvement=involvement)
    except DomainError as exc:
        return _done(request, pk, exc)
    return _done(request, pk, ok="De betrokkenheid is beëindigd.")


@login_required
@require_POST
def set_flags(request, pk: int):
    return _case_action(request, pk, "signalen wijzigen", FlagsForm, lambda actor, casus, d:
                        actions.check_set_case_flags(actor=actor, casus=casus, high_risk=d["high_risk"],
                                                     politically_sensitive=d["politically_sensitive"],
                                                     care_avoider=d["care_avoider"], reason=d["reason"],
                                                     expected_version=d["version"]),
                        "De signalen zijn bijgewerkt.")


@login_required
@require_POST
def advance(request, pk: int):
    actor = actor_for_request(request)
    casus = queries.access_case(actor, pk, purpose="fase wijzigen", channel="ui", resource=request.path)
    version = request.POST.get("version", "")
    try:
        actions.check_advance_case(actor=actor, casus=casus, to=request.POST.get("to", ""),
                                   expected_version=int(version) if version.isdigit() else None)
    except DomainError as exc:
        return _done(request, pk, exc)
    return _done(request, pk, ok=f"De casus is nu in de fase {casus.get_status_display()}.")


@login_required
@require_POST
def close(request, pk: int):
    return _case_action(request, pk, "casus afsluiten", CloseCaseForm, lambda actor, casus, d:
                        actions.check_close_case(actor=actor, casus=casus, reason=d["reason"],
                                                 household_informed_on=d["household_informed_on"], note=d["note"],
                                                 expected_version=d["version"]),
                        "De casus is afgesloten.")


@login_required
@require_POST
def reopen(request, pk: int):
    return _case_action(request, pk, "casus heropenen", ReopenForm, lambda actor, casus, d:
                        actions.check_reopen_case(actor=actor, casus=casus, reason=d["reason"]),
                        "De casus is heropend.")


@login_required
@require_POST
def contact_moment(request, pk: int):
    return _case_action(request, pk, "contactmoment vastleggen", ContactMomentForm, lambda actor, casus, d:
                        actions.check_record_contact_moment(actor=actor, casus=casus, at=d["at"], kind=d["kind"],
                                                            participants=d["participants"], summary=d["summary"]),
                        "Het contactmoment is vastgelegd.")


@login_required
@require_POST
def note(request, pk: int):
    return _case_action(request, pk, "notitie vastleggen", NoteForm, lambda actor, casus, d:
                        actions.check_add_note(actor=actor, casus=casus, text=d["text"],
                                               confidential=d["confidential"]),
                        "De notitie is vastgelegd.")


@login_required
@require_POST
def propose_handover(request, pk: int):
    return case_form_action(
        request, pk, "overdracht voorstellen",
        lambda request, casus: HandoverForm(request.POST, staff=_staff_of(casus),
                                            teams=Team.objects.filter(gemeente_id=casus.gemeente_id)),
        lambda actor, casus, d: actions.check_propose_handover(actor=actor, casus=casus, successor=d["successor"],
                                                               to_team=d["to_team"], note=d["note"]),
        "De overdracht is voorgesteld; u blijft casusregisseur tot de opvolger aanvaardt.")


@login_required
@require_POST
def decide_handover(request, pk: int):
    def form(request, casus):
        if not casus.handovers.filter(decided_at__isnull=True).exists():
            raise NotFound()  # nothing to decide on: the same answer as a case you cannot see
        return HandoverDecisionForm(request.POST)

    def run(actor, casus, d):
        actions.check_decide_handover(actor=actor, handover=casus.handovers.get(decided_at__isnull=True),
                                      accept=d["accept"], reason=d["reason"])

    return case_form_action(request, pk, "overdracht beslissen", form, run,
                            lambda d: "U bent nu casusregisseur." if d["accept"]
                            else "De overdracht is afgewezen; de casusregisseur is op de hoogte.")


@login_required
@require_POST
def add_document(request, pk: int):
    return case_form_action(
        request, pk, "document toevoegen", lambda request, casus: DocumentForm(request.POST, request.FILES),
        lambda actor, casus, d: actions.check_add_document(actor=actor, casus=casus, kind=d["kind"], title=d["title"],
                                                           upload=d["file"]),
        "Het document is toegevoegd.")


@login_required
def download_document(request, pk: int, document_id: int):
    """Downloading a document is a read of the file: logged through access_case with channel 'export'."""
    from django.http import FileResponse

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
    return case_form_action(
        request, pk, "taak aanmaken", lambda request, casus: TaskForm(request.POST, people=_people_of(casus)),
        lambda actor, casus, d: actions.check_add_case_task(actor=actor, casus=casus, title=d["title"],
                                                            assignee=d["assignee"], due_on=d["due_on"]),
        "De taak is aangemaakt.")


@login_required
@require_POST
def complete_task(request, pk: int, task_id: int):
    from toegang.tasks.actions import check_complete_task

    actor = actor_for_request(request)
    casus = queries.access_case(actor, pk, purpose="taak afronden", channel="ui", resource=request.path)
    task = casus.tasks.filter(pk=task_id).first()
    if task is None:
        raise NotFound()
    try:
        check_complete_task(actor=actor, task=task)
    except DomainError as exc:
        return _done(request, pk, exc)
    return _done(request, pk, ok="De taak is afgerond.")
