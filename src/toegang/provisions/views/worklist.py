"""The mandate worklist: indications waiting for a task the actor holds."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from toegang.accounts.actors import actor_for_request

from .. import queries


@login_required
def worklist(request):
    actor = actor_for_request(request)
    return render(request, "provisions/worklist.html", queries.worklist(actor, resource=request.path))
