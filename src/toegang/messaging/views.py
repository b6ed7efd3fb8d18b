"""The back office's messages (issue 14 item 7): everything sent to and received from providers, with its status and
findings; one message with its XML, its answer and what was wrong; reading a provider's file in by upload."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.core.errors import NotAllowed, ValidationFailed
from toegang.core.paging import page_number, page_of
from toegang.ui.posting import post_form

from . import actions
from .forms import FilterForm, ImportForm
from .permissions import can_handle_messages
from .queries import (
    UNIT_NAMES,
    answers_of,
    declaration_lines,
    declaration_of,
    explained,
    message_list,
    open_message,
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
        raise ValidationFailed(gettext("Kies een richting en stand uit de lijst."))
    chosen = filters.cleaned_data if filters.is_bound else {}
    page = page_number(request)
    rows, more = page_of(message_list(actor, direction=chosen.get("direction", ""),
                                      status=chosen.get("status", "")), page, PAGE)
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
