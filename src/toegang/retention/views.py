"""Retention pages (issue 13, item 7; docs/retention.md): what is due in a gemeente, the destruction lists, keeping a
file longer, and the second pair of eyes that confirms or rejects. They show numbers, dates, terms and sources —
never a name — so they read no personal data (nothing to log in the access log); every change is in the change log."""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop, ngettext
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.core import clock
from toegang.core.errors import NotAllowed, NotFound, ValidationFailed
from toegang.core.paging import page_number, page_of
from toegang.ui.posting import post_form

from . import actions
from .forms import ConfirmForm, HoldForm, ProposeForm, RejectForm
from .permissions import can_confirm, can_manage_retention
from .queries import (
    describe_cases,
    describe_meldingen,
    due_cases,
    due_meldingen,
    get_list,
    items_of,
    lists_for,
    retention_gemeenten,
)
from .terms import LAWS, MELDING, WITHOUT_PROVISION, terms_for

PAGE = 25
ITEMS_PAGE = 50
LISTS = 20
TERM_NAMES = {"jeugdwet": gettext_noop("Jeugdwet"), "wmo": gettext_noop("Wmo 2015"),
              "participatiewet": gettext_noop("Participatiewet"),
              WITHOUT_PROVISION: gettext_noop("casus zonder voorziening"), MELDING: gettext_noop("melding zonder casus")}


def _gemeente(request, actor):
    gemeenten = retention_gemeenten(actor)
    if not gemeenten:
        raise NotAllowed(gettext("Alleen wie de bewaartermijnen beheert, ziet wat te vernietigen is."))
    wanted = request.GET.get("gemeente", "")
    chosen = next((g for g in gemeenten if str(g.pk) == wanted), None if wanted else gemeenten[0])
    if chosen is None:  # a filter value that is wrong is refused, never silently replaced (core/paging.py)
        raise ValidationFailed(gettext("Kies een gemeente waarvan u de bewaartermijnen beheert."))
    return gemeenten, chosen


def _terms(gemeente) -> list[dict]:
    terms = terms_for(gemeente.profile.data)
    return [{"name": gettext(TERM_NAMES[key]), "term": terms.get(key)} for key in (*LAWS, WITHOUT_PROVISION, MELDING)]


@login_required
def due(request, forms=None):
    """What is due for destruction today in one gemeente (cases and meldingen, a page of each), the terms that
    apply with their legal source, and the destruction lists. A fixed number of queries whatever the numbers."""
    actor = actor_for_request(request)
    gemeenten, gemeente = _gemeente(request, actor)
    today = clock.today()
    page = page_number(request)
    cases, more_cases = page_of(due_cases(gemeente, today), page, PAGE)
    meldingen, more_meldingen = page_of(due_meldingen(gemeente, today), page, PAGE)
    context = {
        "gemeenten": gemeenten, "gemeente": gemeente, "today": today, "terms": _terms(gemeente), "page": page,
        "cases": describe_cases(gemeente, cases), "meldingen": describe_meldingen(gemeente, meldingen),
        "has_more": more_cases or more_meldingen,
        "case_count": due_cases(gemeente, today).count(), "melding_count": due_meldingen(gemeente, today).count(),
        "lists": list(lists_for(actor, gemeente)[:LISTS]),
        "propose_form": (forms or {}).get("propose") or ProposeForm(initial={"gemeente": gemeente.pk}),
        "max_items": actions.MAX_ITEMS,
    }
    return render(request, "retention/due.html", context)


@login_required
@require_POST
def propose(request):
    actor = actor_for_request(request)
    form = ProposeForm(data=request.POST)
    gemeenten = {g.pk: g for g in retention_gemeenten(actor)}

    def run(data):
        if data["gemeente"] not in gemeenten:
            raise NotAllowed(gettext("Alleen wie de bewaartermijnen beheert, stelt vernietigingslijsten op."))
        return actions.check_propose_destruction(actor=actor, gemeente=gemeenten[data["gemeente"]])

    return post_form(request, form, run=run, rerender=lambda bound: due(request, forms={"propose": bound}),
                     ok=lambda made: gettext("De vernietigingslijst is opgesteld. Een tweede functionaris bevestigt "
                                             "haar."),
                     success_url=lambda made: reverse("retention:list", args=[made.pk]))


def _rows_destroyed(result: dict) -> list[tuple[str, int]]:
    rows = []
    for label, count in (result.get("rijen") or {}).items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if not model._meta.auto_created:  # link rows between two records are not a kind of data of their own
            rows.append((str(model._meta.verbose_name_plural), count))
    return sorted(rows)


@login_required
def destruction_list(request, pk: int, forms=None):
    """One list: what is on it, each with its term and source; the forms to keep one longer, to confirm (someone
    else than who drew it up) or to reject; after destruction the statement of what was destroyed."""
    actor = actor_for_request(request)
    found = get_list(actor, pk)
    page = page_number(request)
    items, more = page_of(items_of(found), page, ITEMS_PAGE)
    forms = forms or {}
    context = {
        "list": found, "items": items, "has_more": more, "page": page,
        "open": found.status == found.Status.OPGESTELD,
        "may_confirm": can_confirm(actor, found), "is_proposer": found.proposed_by_id == actor.user_id,
        "confirm_form": forms.get("confirm") or ConfirmForm(initial={"version": found.version}, auto_id="bevestig-%s"),
        "reject_form": forms.get("reject") or RejectForm(initial={"version": found.version}, auto_id="afwijzen-%s"),
        "rows_destroyed": _rows_destroyed(found.result),
    }
    return render(request, "retention/list.html", context)


@login_required
@require_POST
def confirm(request, pk: int):
    actor = actor_for_request(request)
    found = get_list(actor, pk)
    form = ConfirmForm(data=request.POST, auto_id="bevestig-%s")
    return post_form(
        request, form,
        run=lambda data: actions.check_confirm_destruction(actor=actor, destruction_list=found,
                                                           expected_version=data["version"]),
        rerender=lambda bound: destruction_list(request, pk, forms={"confirm": bound}),
        fresh=lambda: {"version": get_list(actor, pk).version},
        ok=lambda done: ngettext("Bevestigd: %(n)s dossier is vernietigd.", "Bevestigd: %(n)s dossiers zijn vernietigd.",
                                 done.result["vernietigd"]) % {"n": done.result["vernietigd"]},
        success_url=reverse("retention:list", args=[pk]))


@login_required
@require_POST
def reject(request, pk: int):
    actor = actor_for_request(request)
    found = get_list(actor, pk)
    form = RejectForm(data=request.POST, auto_id="afwijzen-%s")
    return post_form(
        request, form,
        run=lambda data: actions.check_reject_destruction(actor=actor, destruction_list=found,
                                                          expected_version=data["version"], reason=data["reason"]),
        rerender=lambda bound: destruction_list(request, pk, forms={"reject": bound}),
        fresh=lambda: {"version": get_list(actor, pk).version},
        ok=gettext("De vernietigingslijst is afgewezen; er is niets vernietigd."),
        success_url=reverse("retention:list", args=[pk]))


@login_required
def hold(request, pk: int, item_pk: int):
    """Keep one file of an open list longer, with the reason and until when."""
    actor = actor_for_request(request)
    found = get_list(actor, pk)
    item = found.items.filter(pk=item_pk).first()
    if item is None:
        raise NotFound(gettext("Dit dossier staat niet op deze lijst."))
    if not can_manage_retention(actor, found.gemeente_id):
        raise NotAllowed(gettext("Alleen wie de bewaartermijnen beheert, zondert dossiers uit."))

    def page(bound):
        still_open = found.status == found.Status.OPGESTELD and item.outcome == item.Outcome.VOORGESTELD
        return render(request, "retention/hold.html", {"list": found, "item": item, "form": bound,
                                                       "still_open": still_open})

    if request.method != "POST":
        return page(HoldForm())
    return post_form(
        request, HoldForm(data=request.POST), rerender=page,
        run=lambda data: actions.check_hold(actor=actor, item=item, until=data["until"], reason=data["reason"]),
        ok=gettext("Het dossier blijft bewaard en is van de lijst gehaald."),
        success_url=reverse("retention:list", args=[pk]))
