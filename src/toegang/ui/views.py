import re

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET, require_POST

from toegang.accounts.actors import actor_for_request, role_assignments_for_request
from toegang.accounts.capabilities import CASES_ASSIGN, CASES_WORK, INTAKE_TRIAGE
from toegang.accounts.models import Team
from toegang.cases.queries import handovers_for_me, my_cases, unowned_cases, visible_cases
from toegang.cases.views import waiting_case_rows
from toegang.core.paging import choice_filter, page_number
from toegang.deadlines.queries import open_clocks_of
from toegang.intake.codes import URGENTIE
from toegang.intake.models import Aanvraag
from toegang.intake.queries import my_meldingen
from toegang.persons.queries import my_involved_households
from toegang.tasks import queries as notification_queries
from toegang.tasks.actions import check_mark_notifications_read
from toegang.tasks.forms import MarkReadForm
from toegang.tasks.models import Notification, Task

from .posting import post_form


@login_required
def home(request):
    """Mijn werk: the actor's roles, teams and the households they are involved with. Later issues add
    meldingen, clocks and tasks here."""
    actor = actor_for_request(request)
    # my roles per gemeente by the profile's names, never their codes (issue 11, point 8)
    # (the assignments the actor was built from, and the teams with their wijken in one query)
    roles: dict = {}
    for assignment in sorted(role_assignments_for_request(request),
                             key=lambda a: (a.gemeente.name, a.role.name)):
        roles.setdefault(assignment.gemeente, []).append(assignment.role.name)
    teams = my_teams(actor)
    households = my_involved_households(actor, purpose="mijn werk: huishoudens waarbij ik betrokken ben", channel="ui",
                                        resource=request.path)
    urgency = choice_filter(request, "urgentie", URGENTIE, gettext_noop("urgentie"))
    meldingen, more = my_meldingen(actor, urgency=urgency, resource=request.path)
    clocks = open_clocks_of(actor.user_id)  # a crisis clock (hours) first
    aanvraag_meldingen = dict(Aanvraag.objects.filter(pk__in=[c.subject_id for c in clocks
                                                              if c.subject_type == "intake.aanvraag"])
                              .values_list("pk", "melding_id"))
    for c in clocks:
        c.melding_id = c.subject_id if c.subject_type == "intake.melding" else aanvraag_meldingen.get(c.subject_id)
    # open: neither marked read nor resolved (the work they announced is handled: tasks.actions)
    notifications = with_reachable_links(actor, list(Notification.objects.open_for(actor.user_id)
                                                     .order_by("-created_at")[:10]))
    cases = my_cases(actor, resource=request.path)
    handovers = handovers_for_me(actor)
    # the team lead (and process direction): cases that wait for a director, to assign (issue 11)
    unowned, unowned_more = unowned_cases(actor, assigning=True, resource=request.path) \
        if actor.can_anywhere(CASES_ASSIGN) else ([], False)
    my_tasks = list(Task.objects.filter(assignee_id=actor.user_id, done_at__isnull=True)
                    .order_by("due_on", "id")[:25])
    context = {"roles": list(roles.items()), "teams": teams, "households": households, "meldingen": meldingen, "cases": cases,
               "handovers": handovers, "my_tasks": my_tasks,
               "unowned": waiting_case_rows(actor, unowned), "unowned_more": unowned_more,
               "show_unowned": actor.can_anywhere(CASES_ASSIGN),
               "meldingen_more": more, "clocks": clocks, "notifications": notifications, "urgency": urgency,
               # sections per capability: who triages gets meldingen, who does case work clocks and households;
               # the policy officer, the privacy officer and functional management get neither (issue 11, point 10)
               "show_meldingen": actor.can_anywhere(INTAKE_TRIAGE) or bool(meldingen) or bool(urgency),
               "show_clocks": actor.can_anywhere(INTAKE_TRIAGE) or actor.can_anywhere(CASES_WORK) or bool(clocks),
               "show_households": actor.can_anywhere(CASES_WORK) or bool(households)}
    if request.htmx:
        return render(request, "ui/home.html#my-meldingen", context)
    return render(request, "ui/home.html", context)


CASE_LINK = re.compile(r"^/casussen/(\d+)/")


def with_reachable_links(actor, notifications: list[Notification]) -> list[Notification]:
    """A notification keeps its link only while it leads somewhere the reader may go: a case they no longer see
    (closed after their involvement ended, handed over, or never theirs to open) keeps its text without the link,
    instead of a link that ends on "niet gevonden" (no dead end). One query for all rows; none when no row links to
    a case."""
    linked = {n.pk: int(m.group(1)) for n in notifications if (m := CASE_LINK.match(n.url or ""))}
    if linked:
        visible = set(visible_cases(actor).filter(pk__in=set(linked.values())).values_list("pk", flat=True))
        for n in notifications:
            if n.pk in linked and linked[n.pk] not in visible:
                n.url = ""
    return notifications


def my_teams(actor) -> list[dict]:
    """The actor's teams by name, with their gemeente and the wijken they serve: one query."""
    teams: dict[int, dict] = {}
    for pk, name, gemeente, wijk in (Team.objects.filter(pk__in=actor.team_ids)
                                     .order_by("name", "pk", "wijken__name")
                                     .values_list("pk", "name", "gemeente__name", "wijken__name")):
        team = teams.setdefault(pk, {"name": name, "gemeente": gemeente, "wijken": []})
        if wijk:
            team["wijken"].append(wijk)
    return list(teams.values())


@login_required
def notifications(request, mark_form: MarkReadForm | None = None):
    """Berichten: all my notifications, newest first, a page at a time, unread ones marked; filters by kind and
    read/unread; each with its link and a button to mark it read (issue 12, point 8). Three queries past the
    session: the page of rows, the unread count in the header, and nothing per row."""
    actor = actor_for_request(request)
    kind = choice_filter(request, "soort", Notification.Kind.choices, gettext_noop("soort"))
    state = choice_filter(request, "status", notification_queries.STATES, gettext_noop("status"))
    page = page_number(request)
    rows, more = notification_queries.notifications_for(actor, kind=kind, state=state, page=page)
    rows = with_reachable_links(actor, rows)
    context = {"rows": rows, "has_more": more, "page": page, "kind": kind, "state": state,
               "kinds": Notification.Kind.choices, "states": notification_queries.STATES,
               # where 'Gelezen' returns to: this page with its filters (after a refused POST: the plain inbox)
               "mark_form": mark_form, "here": reverse("ui:notifications") if mark_form else request.get_full_path()}
    if request.htmx and mark_form is None:
        return render(request, "ui/notifications.html#results", context)
    return render(request, "ui/notifications.html", context)


@login_required
@require_POST
def notifications_read(request):
    """'Gelezen': one notification (`bericht`) or all, of the actor's own; back to the page it was pressed on."""
    actor = actor_for_request(request)
    form = MarkReadForm(request.POST)

    def ok(count: int) -> str:
        if form.cleaned_data["bericht"]:
            return gettext("Het bericht is gemarkeerd als gelezen.")
        return gettext("Berichten gemarkeerd als gelezen: %(count)s.") % {"count": count} if count else ""

    return post_form(request, form,
                     run=lambda data: check_mark_notifications_read(actor=actor, notification_id=data["bericht"]),
                     rerender=lambda bound: notifications(request, mark_form=bound), ok=ok,
                     success_url=lambda _: form.cleaned_data["terug"] or reverse("ui:home"))


@require_GET
def error_404(request, exception=None):
    return render(request, "ui/error.html", {"title": gettext("Niet gevonden"), "message": gettext(
        "Deze pagina bestaat niet, of u heeft er geen toegang toe.")}, status=404)


def error_500(request):
    return render(request, "ui/error.html", {"title": gettext("Er ging iets mis"), "message": gettext(
        "Er ging iets mis aan onze kant. De fout is gelogd; probeer het later opnieuw.")}, status=500)
