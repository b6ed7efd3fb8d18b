import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from toegang.accounts.actors import actor_for_request
from toegang.core.errors import NotAllowed
from toegang.core.paging import page_number, page_of
from toegang.persons.queries import access_resident

from .permissions import can_view_audit
from .queries import access_log_for_person, audit_status, change_log_for_person, with_role_names

PAGE = 50


class PersonLogForm(forms.Form):
    inwoner = forms.IntegerField(label="Inwoner-id", min_value=1,
                                 help_text="Het nummer in het adres van de inwonerpagina (/inwoners/<nummer>/).")


@login_required
def person_log(request):
    """'Who looked at this person, when, why' — and what changed — for the privacy officer."""
    actor = actor_for_request(request)
    if not can_view_audit(actor):
        raise NotAllowed("Alleen de privacy officer mag het inzagelog raadplegen.")
    form = PersonLogForm(request.GET or None)
    context = {"form": form, "status": audit_status(actor)}
    if form.is_bound and form.is_valid():
        resident = access_resident(actor, form.cleaned_data["inwoner"], purpose="AVG: inzagelog raadplegen",
                                   channel="ui", resource=request.get_full_path())
        page = page_number(request)
        rows, more = page_of(access_log_for_person(actor, resident), page, PAGE)
        changes = list(change_log_for_person(actor, resident)[:PAGE])
        with_role_names(rows)
        context.update(resident=resident, rows=rows, has_more=more, page=page, changes=changes)
    return render(request, "audit/person_log.html", context)


@login_required
def person_log_export(request, pk: int):
    """CSV of every access to and change of this person, for an AVG access request (art. 15). Logged as export."""
    actor = actor_for_request(request)
    if not can_view_audit(actor):
        raise NotAllowed("Alleen de privacy officer mag het inzagelog exporteren.")
    resident = access_resident(actor, pk, purpose="AVG: export inzagelog voor inzageverzoek", channel="export",
                               resource=request.path)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzagelog-inwoner-{resident.pk}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["soort", "tijdstip", "medewerker", "rol", "doel of gebeurtenis", "kanaal", "volgnummer"])
    for row in access_log_for_person(actor, resident).iterator(chunk_size=2000):
        writer.writerow(["inzage", row.at.isoformat(), row.actor_label, row.role, row.purpose, row.channel, row.seq])
    for row in change_log_for_person(actor, resident).iterator(chunk_size=2000):
        writer.writerow(["wijziging", row.at.isoformat(), row.actor_label, row.role, row.event, "", row.seq])
    return response
