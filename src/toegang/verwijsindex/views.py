"""Pages of the Verwijsindex: give a signal and see one's own signals and their matches; a match with its contact
persons and coordination; the coordinator's list of matches (the backstop first) and the history."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.capabilities import VERWIJSINDEX_COORDINATE
from toegang.accounts.models import Gemeente, Medewerker
from toegang.accounts.queries import holders_filter
from toegang.core.errors import NotAllowed, ValidationFailed
from toegang.core.paging import page_number
from toegang.ui.posting import post_form

from . import actions, permissions, queries
from .forms import AssignForm, HistorySearchForm, SignalForm, TakeForm


def _gemeenten(actor):
    return Gemeente.objects.filter(pk__in=permissions.gemeenten_to_signal(actor)).order_by("name")


def _signals_page(request, actor, form=None):
    page = page_number(request)
    rows, more = queries.my_signals(actor, page=page)
    gemeenten = _gemeenten(actor)
    if form is None and gemeenten:
        form = SignalForm(gemeenten=gemeenten, auto_id="signaal-%s")
    return render(request, "verwijsindex/signals.html", {
        "form": form, "rows": rows, "has_more": more, "page": page,
        "coordinates": permissions.coordinates_anywhere(actor)})


@login_required
@require_http_methods(["GET", "POST"])
def signals(request):
    """Give a signal (partner and staff), and my signals with their matches."""
    actor = actor_for_request(request)
    if not permissions.may_use_verwijsindex(actor):
        raise NotAllowed(gettext("U werkt niet met de Verwijsindex."))
    if request.method != "POST":
        return _signals_page(request, actor)
    gemeenten = _gemeenten(actor)
    if not gemeenten:
        raise NotAllowed(gettext("U mag geen signalen afgeven in de Verwijsindex."))
    form = SignalForm(request.POST, gemeenten=gemeenten, auto_id="signaal-%s")

    def ok(result):
        said = (gettext("Uw signaal is afgegeven.") if result.created
                else gettext("Uw organisatie had al een signaal over deze jeugdige: de datum is vernieuwd."))
        if result.matches:
            said += " " + gettext("Er is een match: de contactpersonen krijgen bericht.")
        return said

    return post_form(request, form,
                     run=lambda data: actions.check_register_signal(actor=actor, gemeente=data["gemeente"],
                                                                    bsn=data["bsn"], birth_date=data["birth_date"]),
                     rerender=lambda bound: _signals_page(request, actor, bound), ok=ok,
                     success_url=reverse("verwijsindex:signals"))


def _coordinator_choices(match) -> list[tuple[int, str]]:
    people = {s.contact_id: f"{s.contact.get_full_name() or s.contact.username} ({s.organisatie.name})"
              for s in match.members}
    for person in (Medewerker.objects.filter(holders_filter(VERWIJSINDEX_COORDINATE, match.gemeente_id))
                   .select_related("organisatie").order_by("first_name", "last_name")):
        people.setdefault(person.pk, f"{person.get_full_name() or person.username}"
                                     f"{f' ({person.organisatie.name})' if person.organisatie else ''}")
    return sorted(people.items(), key=lambda item: item[1])


def _match_page(request, actor, match, forms=None):
    forms = forms or {}
    may_assign = permissions.can_assign_coordination(actor, match)
    coordinating = permissions.can_coordinate(actor, match.gemeente_id)
    rule = queries.rules(match.gemeente.profile.data, match.gemeente.cbs_code)["coordinatie"]
    return render(request, "verwijsindex/match.html", {
        "match": match, "coordinating": coordinating, "rule": rule,
        # another youth behind an address or parent match is shown by BSN to coordinators only
        "show_bsns": coordinating,
        "take_form": forms.get("take") or (TakeForm(initial={"version": match.version}, auto_id="nemen-%s")
                                           if permissions.can_take_coordination(actor, match) else None),
        "assign_form": forms.get("assign") or (AssignForm(people=_coordinator_choices(match),
                                                          initial={"version": match.version}, auto_id="toewijzen-%s")
                                               if may_assign else None),
    })


def _match(request, actor, pk: int, purpose: str):
    return queries.access_match(actor, pk, purpose=purpose, channel="ui", resource=request.path)


@login_required
def match_detail(request, pk: int):
    actor = actor_for_request(request)
    return _match_page(request, actor, _match(request, actor, pk, "verwijsindex: match bekijken"))


@login_required
@require_POST
def take(request, pk: int):
    actor = actor_for_request(request)
    match = _match(request, actor, pk, "verwijsindex: coördinatie nemen")
    if not permissions.can_take_coordination(actor, match):
        raise NotAllowed(gettext("U kunt de coördinatie van deze match niet op u nemen."))
    form = TakeForm(request.POST, auto_id="nemen-%s")
    return post_form(request, form,
                     run=lambda data: actions.check_take_coordination(actor=actor, match=match,
                                                                      version=data["version"]),
                     rerender=lambda bound: _match_page(request, actor, match, {"take": bound}),
                     ok=gettext("U coördineert deze match nu."),
                     success_url=reverse("verwijsindex:match", args=[match.pk]),
                     fresh=lambda: {"version": match.version})


@login_required
@require_POST
def assign(request, pk: int):
    actor = actor_for_request(request)
    match = _match(request, actor, pk, "verwijsindex: coördinatie toewijzen")
    if not permissions.can_assign_coordination(actor, match):
        raise NotAllowed(gettext("Alleen een coördinator van de Verwijsindex wijst de coördinatie toe."))
    form = AssignForm(request.POST, people=_coordinator_choices(match), auto_id="toewijzen-%s")
    return post_form(request, form,
                     run=lambda data: actions.check_assign_coordination(actor=actor, match=match,
                                                                        medewerker_id=data["medewerker"],
                                                                        version=data["version"]),
                     rerender=lambda bound: _match_page(request, actor, match, {"assign": bound}),
                     ok=gettext("De coördinatie is toegewezen."),
                     success_url=reverse("verwijsindex:match", args=[match.pk]),
                     fresh=lambda: {"version": match.version})


@login_required
def matches(request):
    """The coordinator's list: matches without a coordinator first, longest waiting first; `?achterwacht=1` only
    those past the profile's days (the human backstop)."""
    actor = actor_for_request(request)
    if not permissions.coordinates_anywhere(actor):
        raise NotAllowed(gettext("Alleen coördinatoren van de Verwijsindex zien alle matches."))
    backstop = request.GET.get("achterwacht", "") == "1"
    page = page_number(request)
    rows, more = queries.visible_matches(actor, page=page, coordinating=True, backstop=backstop,
                                         resource=request.get_full_path())
    return render(request, "verwijsindex/matches.html", {"rows": rows, "has_more": more, "page": page,
                                                         "backstop": backstop})


@login_required
def history(request):
    """Expired signals (5 years), for coordinators only; search by BSN."""
    actor = actor_for_request(request)
    if not permissions.coordinates_anywhere(actor):
        raise NotAllowed(gettext("Alleen coördinatoren van de Verwijsindex raadplegen de historie."))
    form = HistorySearchForm(request.GET or None, auto_id="historie-%s")
    bsn = ""
    if form.is_valid() and form.cleaned_data["bsn"]:
        try:
            bsn = actions.clean_bsn(form.cleaned_data["bsn"])
        except ValidationFailed as exc:
            form.add_error("bsn", exc.field_errors["bsn"][0])
    page = page_number(request)
    rows, more = queries.history_for(actor, bsn=bsn, page=page, resource=request.get_full_path()) \
        if not form.errors else ([], False)
    return render(request, "verwijsindex/history.html", {"form": form, "rows": rows, "has_more": more,
                                                         "page": page})
