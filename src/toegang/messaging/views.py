"""The back office's messages (issue 14 item 7): everything sent to and received from providers, with its status and
findings; one message with its XML, its answer and what was wrong; reading a provider's file in by upload."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.core import clock
from toegang.core.errors import NotAllowed, ValidationFailed
from toegang.core.paging import page_number, page_of
from toegang.provisions.letters import amount_text
from toegang.ui.posting import post_form

from . import actions, requests
from .forms import FilterForm, ImportForm, RequestAnswerForm, RequestRefuseForm
from .permissions import can_handle_messages, may_decide_request
from .queries import (
    UNIT_NAMES,
    answers_of,
    can_see_requests,
    declaration_lines,
    declaration_of,
    explained,
    log_request_clients,
    message_list,
    open_message,
    open_request,
    request_list,
)

PAGE = 25
LINES = 50  # declaration lines a page
PURPOSE = "berichtenverkeer met aanbieders"


def _require(actor) -> None:
    if not can_handle_messages(actor):
        raise NotAllowed(gettext("Alleen de backoffice ziet het berichtenverkeer met aanbieders."))


@login_required
def overview(request, forms=None):
    actor = actor_for_request(request)
    _require(actor)
    filters = FilterForm(request.GET or None)
    if filters.is_bound and not filters.is_valid():  # a wrong filter value is refused, never ignored
        raise ValidationFailed(gettext("Kies een richting, stand en soort uit de lijst."))
    chosen = filters.cleaned_data if filters.is_bound else {}
    page = page_number(request)
    rows, more = page_of(message_list(actor, direction=chosen.get("direction", ""),
                                      status=chosen.get("status", ""), kind=chosen.get("kind", "")),
                           page, PAGE)
    return render(request, "messaging/overview.html", {
        "rows": rows, "has_more": more, "page": page, "filters": filters,
        "import_form": (forms or {}).get("import") or ImportForm()})


@login_required
@require_POST
def import_file(request):
    actor = actor_for_request(request)
    _require(actor)
    form = ImportForm(data=request.POST, files=request.FILES)

    def run(data):
        upload = data["file"]
        return actions.receive(actor=actor, raw=upload.read(), file_name=upload.name)

    def said(got):
        if got.duplicate:
            return gettext("Dit bericht was al ontvangen; er is niets opnieuw verwerkt.")
        return gettext("Het bericht is ontvangen: %(status)s.") % {"status": gettext(got.message.get_status_display())}

    return post_form(request, form, run=run, rerender=lambda bound: overview(request, forms={"import": bound}),
                     ok=said, success_url=lambda got: reverse("messaging:message", args=[got.message.pk]))


@login_required
def message(request, pk: int):
    actor = actor_for_request(request)
    _require(actor)
    found = open_message(actor, pk, purpose=PURPOSE, channel="ui", resource=request.path)
    raw = bytes(found.raw)
    declaratie = declaration_of(found)
    page = page_number(request)
    lines, more = page_of(declaration_lines(declaratie), page, LINES) if declaratie else ([], False)
    for line in lines:
        line.codes_explained = explained(line, found.kind)
        line.unit_name = UNIT_NAMES.get(line.unit, line.unit)
    return render(request, "messaging/message.html", {
        "message": found, "answers": answers_of(found), "xml": raw.decode("utf-8", errors="replace")[:200_000],
        "shortened": len(raw) > 200_000, "declaratie": declaratie, "lines": lines, "has_more": more, "page": page})


@login_required
def download(request, pk: int):
    actor = actor_for_request(request)
    _require(actor)
    found = open_message(actor, pk, purpose=PURPOSE, channel="export", resource=request.path)
    response = HttpResponse(bytes(found.raw), content_type="application/xml")
    name = found.file_name or f"bericht-{found.pk}.xml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- a provider's requests (JW315/JW317): the worklist and the answer ---------------------------------------------

REQUEST_PURPOSE = "verzoeken van aanbieders beantwoorden"


@login_required
def requests_list(request):
    """Open requests by their answer date (5 working days, iStandaarden), the late ones marked; or the answered ones
    (?stand=beantwoord). 25 a page; the clients shown are logged once."""
    actor = actor_for_request(request)
    if not can_see_requests(actor):
        raise NotAllowed(gettext("Alleen de backoffice en wie over deze voorzieningen beslist, zien de verzoeken van "
                                 "aanbieders."))
    state = request.GET.get("stand", "open")
    if state not in {"open", "beantwoord"}:
        raise ValidationFailed(gettext("Kies open of beantwoorde verzoeken."))
    page = page_number(request)
    rows, more = page_of(request_list(actor, decided=state == "beantwoord"), page, PAGE)
    log_request_clients(actor, rows, purpose=REQUEST_PURPOSE, channel="ui", resource=request.path)
    today = clock.today()
    for row in rows:
        row.light = "verlopen" if row.due < today else "bijna" if row.due == today else "ok"
    return render(request, "messaging/requests.html", {"rows": rows, "has_more": more, "page": page,
                                                       "state": state})


@login_required
def request_detail(request, pk: int, forms=None):
    actor = actor_for_request(request)
    if not can_see_requests(actor):
        raise NotAllowed(gettext("Alleen de backoffice en wie over deze voorzieningen beslist, zien de verzoeken van "
                                 "aanbieders."))
    verzoek = open_request(actor, pk, purpose=REQUEST_PURPOSE, channel="ui", resource=request.path)
    forms = forms or {}
    may_decide = may_decide_request(actor, verzoek)
    return render(request, "messaging/request.html", {
        "verzoek": verzoek, "together": [r for r in requests.answered_with(verzoek) if r.pk != verzoek.pk],
        "may_decide": may_decide, "show_forms": may_decide and (verzoek.status == "open" or bool(forms)),
        "referrer_type": requests.referrer_types(verzoek.law).get(verzoek.referrer_type, ""),
        "refusal_reason": requests.refusal_reasons(verzoek.law).get(verzoek.refusal_reason, ""),
        # the volume in words (LDT_Eenheid, LDT_Frequentie): "3 uur per week", not a bare "3"
        "amount": amount_text(verzoek.volume, verzoek.unit, verzoek.frequency) if verzoek.volume else "",
        "assigned_amount": (amount_text(verzoek.toewijzing.volume, verzoek.toewijzing.unit, verzoek.toewijzing.frequency)
                            if verzoek.toewijzing else ""),
        "late": verzoek.status == "open" and verzoek.due < clock.today(),
        "received": timezone.localdate(verzoek.bericht.at),
        "accept_form": forms.get("accept") or RequestAnswerForm(initial={"version": verzoek.version}),
        "investigate_form": forms.get("investigate") or RequestAnswerForm(initial={"version": verzoek.version}),
        "refuse_form": forms.get("refuse") or RequestRefuseForm(initial={"version": verzoek.version},
                                                                reasons=requests.refusal_reasons(verzoek.law))})


def _decidable(request, pk: int):
    """The request, if the actor sees it and holds the mandate to answer it (else 404 / 403, before any form)."""
    actor = actor_for_request(request)
    if not can_see_requests(actor):
        raise NotAllowed(gettext("Alleen de backoffice en wie over deze voorzieningen beslist, zien de verzoeken van "
                                 "aanbieders."))
    verzoek = open_request(actor, pk, purpose=REQUEST_PURPOSE, channel="ui", resource=request.path)
    if not may_decide_request(actor, verzoek):
        raise NotAllowed(gettext("U heeft geen mandaat om over deze voorziening te beslissen: een verzoek van een "
                                 "aanbieder beantwoordt wie de beschikking mag nemen."))
    return actor, verzoek


@login_required
@require_POST
def request_accept(request, pk: int):
    actor, verzoek = _decidable(request, pk)
    form = RequestAnswerForm(data=request.POST)
    return post_form(
        request, form,
        run=lambda data: requests.check_accept_request(actor=actor, verzoek=verzoek,
                                                       expected_version=data["version"]),
        rerender=lambda bound: request_detail(request, pk, forms={"accept": bound}),
        ok=gettext("Het verzoek is toegekend; de toewijzing gaat naar de aanbieder."),
        success_url=reverse("messaging:request", args=[pk]))


@login_required
@require_POST
def request_refuse(request, pk: int):
    actor, verzoek = _decidable(request, pk)
    form = RequestRefuseForm(data=request.POST, reasons=requests.refusal_reasons(verzoek.law))
    return post_form(
        request, form,
        run=lambda data: requests.check_refuse_request(actor=actor, verzoek=verzoek, reason=data["reason"],
                                                       expected_version=data["version"]),
        rerender=lambda bound: request_detail(request, pk, forms={"refuse": bound}),
        ok=gettext("Het verzoek is afgewezen; de aanbieder krijgt het antwoord met de reden."),
        success_url=reverse("messaging:request", args=[pk]))


@login_required
@require_POST
def request_investigate(request, pk: int):
    actor, verzoek = _decidable(request, pk)
    form = RequestAnswerForm(data=request.POST)
    return post_form(
        request, form,
        run=lambda data: requests.check_investigate_request(actor=actor, verzoek=verzoek,
                                                            expected_version=data["version"]),
        rerender=lambda bound: request_detail(request, pk, forms={"investigate": bound}),
        ok=gettext("De aanbieder hoort dat het verzoek in onderzoek is; het besluit volgt uiterlijk op de nieuwe "
                   "antwoorddatum."),
        success_url=reverse("messaging:request", args=[pk]))
