import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.core import clock
from toegang.core.errors import DomainError, NotAllowed, NotFound
from toegang.core.paging import page_number, page_of
from toegang.persons.forms import DateInput
from toegang.persons.queries import ResidentSearch, access_resident, search_residents_for
from toegang.ui.forms import apply_domain_error
from toegang.ui.posting import post_form, rerender_invalid

from . import actions
from .events import event_description
from .models import RightsRequest
from .permissions import can_view_audit
from .queries import (
    access_emergency_access,
    access_log_for_person,
    audit_status,
    change_log_for_person,
    emergency_accesses_for,
    get_rights_request,
    log_emergency_page,
    reads_under,
    rights_requests_for,
    role_names_by_code,
    with_role_names,
)

PAGE = 50
EMERGENCY_PAGE = 25
MATCHES = 25
PURPOSE = "AVG: inzagelog raadplegen"


class AccessRequestForm(forms.Form):
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DateInput(),
                                  help_text=_("Het antwoord is uiterlijk een maand later verschuldigd (AVG art. 12)."))
    request = forms.CharField(label=_("Toelichting"), required=False, max_length=2000, widget=forms.Textarea(
        attrs={"rows": 2}))


class CorrectionRequestForm(forms.Form):
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DateInput())
    request = forms.CharField(label=_("Wat de inwoner verbeterd wil zien"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class DecideCorrectionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Besluit"), choices=[
        ("", _("— kies —")), (RightsRequest.Outcome.TOEGEWEZEN, _("toegewezen")),
        (RightsRequest.Outcome.DEELS, _("deels toegewezen")), (RightsRequest.Outcome.AFGEWEZEN, _("afgewezen"))])
    decision = forms.CharField(label=_("Motivering"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class PersonLogForm(forms.Form):
    """Find the person by BSN, or by surname with birth date; `inwoner` comes only from a link on this page."""

    mark_optional = False  # either BSN or surname + birth date; saying "optioneel" on each is noise
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=11)
    achternaam = forms.CharField(label=_("Achternaam"), required=False, max_length=100)
    geboortedatum = forms.DateField(label=_("Geboortedatum"), required=False, widget=DateInput())
    inwoner = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if self.errors or data.get("bsn") or data.get("inwoner"):
            return data
        if data.get("achternaam") and not data.get("geboortedatum"):
            self.add_error("geboortedatum", gettext("Vul ook de geboortedatum in."))
        elif data.get("geboortedatum") and not data.get("achternaam"):
            self.add_error("achternaam", gettext("Vul ook de achternaam in."))
        elif not data.get("achternaam"):
            raise forms.ValidationError(gettext("Zoek op BSN, of op achternaam met geboortedatum."))
        return data


def _find(actor, request, form) -> tuple[list, bool]:
    """Residents matching the BSN or surname + birth date whose log this actor may read; the search is logged."""
    data = form.cleaned_data
    if data["bsn"]:
        criteria, field = ResidentSearch(bsn=data["bsn"]), "bsn"
        none = gettext("Geen inwoner gevonden met dit BSN.")
    else:
        criteria, field = ResidentSearch(name=data["achternaam"], geboortedatum=data["geboortedatum"]), "achternaam"
        none = gettext("Geen inwoner gevonden met deze achternaam en geboortedatum.")
    try:
        rows, more = search_residents_for(actor, criteria, purpose=PURPOSE, channel="ui", limit=MATCHES,
                                          resource=request.get_full_path())
    except DomainError as exc:
        apply_domain_error(form, exc)
        return [], False
    rows = [r for r in rows if can_view_audit(actor, r.gemeente_id)]
    if not rows:
        form.add_error(field, none)
    return rows, more


@login_required
def person_log(request):
    """'Who looked at this person, when, why' — and what changed — for the privacy officer.

    Found by BSN or surname + birth date: one match shows the log at once, several a list to choose from (a link
    with the `inwoner` parameter, never shown or asked for). HTTP 200 with the message at the field when nothing
    is found or the BSN fails the elfproef: a GET search, nothing was refused.
    """
    actor = actor_for_request(request)
    if not can_view_audit(actor):
        raise NotAllowed(gettext("Alleen de privacy officer mag het inzagelog raadplegen."))
    form = PersonLogForm(request.GET or None)
    context = {"form": form, "status": audit_status(actor)}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["bsn"] or data["achternaam"]:
            matches, more = _find(actor, request, form)
            resident = matches[0] if len(matches) == 1 else None
            if len(matches) > 1:
                context.update(matches=matches, more_matches=more)
        else:
            resident = access_resident(actor, data["inwoner"], purpose=PURPOSE, channel="ui",
                                       resource=request.get_full_path())
        if resident is not None:
            _resident_context(request, actor, resident, context)
    return render(request, "audit/person_log.html", context)


def _resident_context(request, actor, resident, context: dict, **forms) -> dict:
    """The resident's access log (a page), changes, AVG requests and the forms to record them."""
    page = page_number(request)
    rows, more = page_of(access_log_for_person(actor, resident), page, PAGE)
    changes = list(change_log_for_person(actor, resident)[:PAGE])
    with_role_names(rows)
    for change in changes:
        change.description = event_description(change.event)
    today = clock.today()
    requests = list(rights_requests_for(actor, resident))
    for item in requests:
        item.decide_form = forms.get(f"decide_{item.pk}") or DecideCorrectionForm(auto_id=f"besluit-{item.pk}-%s")
    context.update(resident=resident, rows=rows, has_more=more, page=page, changes=changes, requests=requests,
                   access_form=forms.get("access_form") or AccessRequestForm(auto_id="inzage-%s",
                                                                                initial={"received_on": today}),
                   correction_form=forms.get("correction_form") or CorrectionRequestForm(
                       auto_id="correctie-%s", initial={"received_on": today}))
    return context


def _rerender(request, actor, resident, **forms):
    context = {"form": PersonLogForm(), "status": audit_status(actor)}
    return render(request, "audit/person_log.html", _resident_context(request, actor, resident, context, **forms))


def _resident_for_request(request, pk: int, purpose: str, channel: str = "ui"):
    actor = actor_for_request(request)
    if not can_view_audit(actor):
        raise NotAllowed(gettext("Alleen de privacy officer handelt AVG-verzoeken af."))
    return actor, access_resident(actor, pk, purpose=purpose, channel=channel, resource=request.path)


@login_required
@require_POST
def answer_access_request(request, pk: int):
    """'Inzageverzoek beantwoorden': the export of everything Toegang holds about the resident (JSON), at once as a
    download (nothing of it is stored but its SHA-256); the request recorded. Logged as an export."""
    actor, resident = _resident_for_request(request, pk, "AVG art. 15: inzageverzoek beantwoorden", "export")
    form = AccessRequestForm(data=request.POST, auto_id="inzage-%s")

    def rerender(bound):
        return _rerender(request, actor, resident, access_form=bound)

    if not form.is_valid():
        return rerender_invalid(request, form, rerender)
    try:
        answered, content = actions.check_answer_access_request(
            actor=actor, resident=resident, received_on=form.cleaned_data["received_on"],
            request=form.cleaned_data["request"])
    except (NotAllowed, NotFound):
        raise
    except DomainError as exc:
        apply_domain_error(form, exc)
        return rerender_invalid(request, form, rerender)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzageverzoek-{answered.pk}-inwoner-{resident.pk}.json"'
    return response


@login_required
@require_POST
def record_correction_request(request, pk: int):
    """'Correctieverzoek vastleggen' (AVG art. 16): what the resident asks to correct; decided below."""
    actor, resident = _resident_for_request(request, pk, "AVG art. 16: correctieverzoek vastleggen")
    form = CorrectionRequestForm(data=request.POST, auto_id="correctie-%s")
    return post_form(
        request, form,
        run=lambda d: actions.check_record_correction_request(actor=actor, resident=resident,
                                                              received_on=d["received_on"], request=d["request"]),
        rerender=lambda bound: _rerender(request, actor, resident, correction_form=bound),
        ok=gettext("Het correctieverzoek is vastgelegd; het besluit volgt uiterlijk een maand na ontvangst."),
        success_url=f"{reverse('audit:person-log')}?inwoner={resident.pk}")


@login_required
@require_POST
def decide_correction_request(request, pk: int):
    """The decision on a correction request: granted, partly or refused, with the reasons."""
    rights_request = get_rights_request(pk)
    actor, resident = _resident_for_request(request, rights_request.resident_id,
                                            "AVG art. 16: besluit op correctieverzoek")
    form = DecideCorrectionForm(data=request.POST, auto_id=f"besluit-{pk}-%s")
    return post_form(
        request, form,
        run=lambda d: actions.check_decide_correction_request(actor=actor, rights_request=rights_request,
                                                              outcome=d["outcome"], decision=d["decision"]),
        rerender=lambda bound: _rerender(request, actor, resident, **{f"decide_{pk}": bound}),
        ok=gettext("Het besluit op het correctieverzoek is vastgelegd."),
        success_url=f"{reverse('audit:person-log')}?inwoner={resident.pk}")


@login_required
def person_log_export(request, pk: int):
    """CSV of every access to and change of this person, for an AVG access request (art. 15). Logged as export."""
    actor = actor_for_request(request)
    if not can_view_audit(actor):
        raise NotAllowed(gettext("Alleen de privacy officer mag het inzagelog exporteren."))
    resident = access_resident(actor, pk, purpose="AVG: export inzagelog voor inzageverzoek", channel="export",
                               resource=request.path)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzagelog-inwoner-{resident.pk}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["soort", "tijdstip", "medewerker", "rol", "doel of gebeurtenis", "kanaal", "volgnummer"])
    roles = role_names_by_code()
    for row in access_log_for_person(actor, resident).iterator(chunk_size=2000):
        writer.writerow(["inzage", _local(row.at), _who(row), _roles(row, roles), row.purpose,
                         row.get_channel_display(), row.seq])
    for row in change_log_for_person(actor, resident).iterator(chunk_size=2000):
        writer.writerow(["wijziging", _local(row.at), _who(row), _roles(row, roles), event_description(row.event), "",
                         row.seq])
    return response


def _local(at) -> str:
    """The same local time (Europe/Amsterdam) as the page shows, as 30-11-2026 14:05:09."""
    return timezone.localtime(at).strftime("%d-%m-%Y %H:%M:%S")


def _who(row) -> str:
    """The person's name, as on the page; the recorded label only for rows without a person (system, imports)."""
    return str(row.actor) if row.actor_id else row.actor_label


def _roles(row, names: dict[str, str]) -> str:
    return ", ".join(names.get(code, code) for code in row.role.split(",") if code)


@login_required
def emergency_accesses(request):
    """Noodtoegang: every break-the-glass grant in the privacy officer's gemeenten — who, which household, the reason,
    from–until, ended early, how many reads under it (each linking to those reads). A page of 25; a fixed number of
    queries whatever the page holds (the reads are counted in the same query)."""
    actor = actor_for_request(request)
    page = page_number(request)
    rows, more = page_of(emergency_accesses_for(actor), page, EMERGENCY_PAGE)
    log_emergency_page(actor, rows, resource=request.get_full_path())
    return render(request, "audit/emergency_accesses.html", {"rows": rows, "has_more": more, "page": page,
                                                              "now": timezone.now()})


@login_required
def emergency_access(request, pk: int):
    """One grant and the access-log rows written under it, a page at a time."""
    actor = actor_for_request(request)
    grant = access_emergency_access(actor, pk, resource=request.path)
    page = page_number(request)
    rows, more = page_of(reads_under(grant), page, PAGE)
    with_role_names(rows)
    return render(request, "audit/emergency_access.html", {"grant": grant, "rows": rows, "has_more": more,
                                                            "page": page, "now": timezone.now()})
