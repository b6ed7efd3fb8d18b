from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from toegang.accounts.models import Gemeente, Team
from toegang.core.actor import actor_for_request
from toegang.persons.queries import my_involved_households


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
    return render(request, "ui/home.html", {"roles": roles, "teams": teams, "households": households})


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
