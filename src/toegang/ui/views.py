from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.models import Gemeente, Team
from toegang.cases.queries import handovers_for_me, my_cases
from toegang.core.paging import choice_filter
from toegang.deadlines.models import Clock
from toegang.deadlines.queries import with_status
from toegang.intake.codes import URGENTIE
from toegang.intake.models import Aanvraag
from toegang.intake.queries import my_meldingen
from toegang.persons.queries import my_involved_households
from toegang.tasks.actions import check_mark_notifications_read
from toegang.tasks.models import Notification, Task


@login_required
def home(request):
    """Mijn werk: the actor's roles, teams and the households they are involved with. Later issues add
    meldingen, clocks and tasks here."""
    actor = actor_for_request(request)
    gemeenten = {g.pk: g for g in Gemeente.objects.filter(pk__in=list(actor.roles))}
    roles = [(gemeenten[g], codes) for g, codes in actor.roles.items() if g in gemeenten]
    teams = list(Team.objects.filter(pk__in=actor.team_ids).select_related("gemeente").prefetch_related("wijken"))
    households = my_involved_households(actor, purpose="mijn werk: huishoudens waarbij ik betrokken ben", channel="ui",
                                        resource=request.path)
    urgency = choice_filter(request, "urgentie", URGENTIE, "urgentie")
    meldingen, more = my_meldingen(actor, urgency=urgency, resource=request.path)
    clocks = list(with_status(Clock.objects.filter(owner_id=actor.user_id, stopped_on__isnull=True))
                  .order_by("due_on", "id")[:25])
    aanvraag_meldingen = dict(Aanvraag.objects.filter(pk__in=[c.subject_id for c in clocks
                                                              if c.subject_type == "intake.aanvraag"])
                              .values_list("pk", "melding_id"))
    for c in clocks:
        c.melding_id = c.subject_id if c.subject_type == "intake.melding" else aanvraag_meldingen.get(c.subject_id)
    notifications = list(Notification.objects.filter(recipient_id=actor.user_id, read_at__isnull=True)
                         .order_by("-created_at")[:10])
    cases = my_cases(actor, resource=request.path)
    handovers = handovers_for_me(actor)
    my_tasks = list(Task.objects.filter(assignee_id=actor.user_id, done_at__isnull=True)
                    .order_by("due_on", "id")[:25])
    context = {"roles": roles, "teams": teams, "households": households, "meldingen": meldingen, "cases": cases,
               "handovers": handovers, "my_tasks": my_tasks,
               "meldingen_more": more, "clocks": clocks, "notifications": notifications, "urgency": urgency}
    if request.htmx:
        return render(request, "ui/home.html#my-meldingen", context)
    return render(request, "ui/home.html", context)


@login_required
@require_POST
def notifications_read(request):
    check_mark_notifications_read(actor=actor_for_request(request))
    return redirect("ui:home")


@require_GET
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "database onbereikbaar"}, status=503)
    return JsonResponse({"status": "ok"})


def error_404(request, exception=None):
    return render(request, "ui/error.html", {"title": "Niet gevonden", "message": "Deze pagina bestaat niet, of u heeft er geen toegang toe."}, status=404)


def error_500(request):
    return render(request, "ui/error.html", {"title": "Er ging iets mis", "message": "Er ging iets mis aan onze kant. De fout is gelogd; probeer het later opnieuw."}, status=500)
