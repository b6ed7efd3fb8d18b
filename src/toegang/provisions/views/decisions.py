"""The decision page and its posts: the second opinion (four eyes), sending, correcting, objections and the
decision on them; the stored letter."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.cases import queries as case_queries
from toegang.core.errors import NotFound
from toegang.deadlines.queries import clocks_by_subject, clocks_for_subject
from toegang.intake.models import ResidentLetter
from toegang.ui.posting import post_form

from .. import actions, mandates, queries
from ..forms import ObjectionDecisionForm, ObjectionForm, SecondOpinionForm, SendForm
from ..letters import amount_text
from ..models import Besluit, Bezwaar, Indicatie


def _besluit_page(request, actor, item, forms=None, decision_forms=None):
    """The decision page; `forms` ({"send_form": form, ...}) and `decision_forms` ({bezwaar pk: form}) put a posted
    form back in place."""
    indicatie = item.indicatie
    group = indicatie.voorziening.mandate_group
    held = mandates.tasks_held(actor, item.gemeente_id, group) if group else []
    # with the written confirmation of each one's receipt (Awb 6:14 lid 1), in the same query
    receipt = ResidentLetter.objects.filter(bezwaar=OuterRef("pk"), kind=ResidentLetter.Kind.BEZWAAR)
    objections = list(item.objections.select_related("new_besluit").annotate(
        receipt_id=Subquery(receipt.values("pk")[:1]), receipt_sent_on=Subquery(receipt.values("sent_on")[:1]),
        receipt_to=Subquery(receipt.values("addressee")[:1])).order_by("received_on"))
    corrections = list(Besluit.objects.filter(indicatie__replaces=item).order_by("pk"))
    bezwaar_clocks = clocks_by_subject("provisions.bezwaar", [o.pk for o in objections])  # one query for all
    decision_forms = decision_forms or {}
    for o in objections:
        o.clocks = bezwaar_clocks.get(o.pk, [])
        o.form = decision_forms.get(o.pk) or ObjectionDecisionForm(corrections=corrections, auto_id=f"bob{o.pk}-%s")
    granted = item.granted_volume if item.outcome == "deels" else indicatie.volume
    return render(request, "provisions/besluit.html", {
        "besluit": item, "indicatie": indicatie, "held": held, "objections": objections,
        "clocks": clocks_for_subject(indicatie.aanvraag) + clocks_for_subject(item),
        "commitments": list(item.commitments.select_related("contract").order_by("year")),
        "granted": amount_text(granted, indicatie.unit, indicatie.frequency),
        "correction": Indicatie.objects.filter(replaces=item).exclude(status=Indicatie.Status.INGETROKKEN).first(),
        # The version travels in a hidden input written from `besluit.version`: the state this page shows.
        "second_form": SecondOpinionForm(auto_id="tweede-%s"),
        "send_form": SendForm(initial={"sent_on": timezone.localdate()}, auto_id="verzenden-%s"),
        "objection_form": ObjectionForm(initial={"received_on": timezone.localdate()}, auto_id="bezwaar-%s"),
        "may_register_objection": "beschikking" in held or "administratieve-verwerking" in held,
        "is_decider": item.decided_by_id == actor.user_id,
        # the case as a link only for whoever may open it (the back office may not: no dead end to a 404)
        "casus_visible": bool(indicatie.casus_id) and case_queries.can_see_case(actor, indicatie.casus),
        **(forms or {}),
    })


@login_required
def besluit(request, pk: int):
    actor = actor_for_request(request)
    item = queries.access_besluit(actor, pk, purpose="besluit bekijken", channel="ui", resource=request.path)
    return _besluit_page(request, actor, item)


@login_required
def letter(request, pk: int):
    """The stored letter, byte for byte as rendered at the decision. Logged as an export."""
    actor = actor_for_request(request)
    item = queries.access_besluit(actor, pk, purpose="besluitbrief openen", channel="export", resource=request.path)
    brief = getattr(item, "brief", None)
    if brief is None:
        raise NotFound(gettext("Er is nog geen brief: het besluit is nog niet vastgesteld."))
    response = HttpResponse(bytes(brief.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="besluit-{item.pk}.pdf"'
    response["X-Content-SHA256"] = brief.sha256
    return response


def _besluit_action(request, pk, purpose, form, form_name, run, ok):
    """Post `form` for one decision; invalid or refused → the decision page with the form as typed (under
    `form_name` in its context)."""
    actor = actor_for_request(request)
    item = queries.access_besluit(actor, pk, purpose=purpose, channel="ui", resource=request.path)

    def next_url(result):
        if isinstance(result, Indicatie):
            return reverse("provisions:indication", args=[result.pk])
        if isinstance(result, Besluit) and not Besluit.objects.filter(pk=pk).exists():
            return reverse("provisions:indication", args=[result.indicatie_id])  # sent back by the second reviewer
        return reverse("provisions:besluit", args=[pk])

    return post_form(request, form, run=lambda d: run(actor, item, d),
                     rerender=lambda bound: _besluit_page(request, actor, item,
                                                          {form_name: bound} if form_name else None),
                     ok=ok, success_url=next_url)


@login_required
@require_POST
def second_opinion(request, pk: int):
    return _besluit_action(request, pk, "tweede beoordeling", SecondOpinionForm(request.POST, auto_id="tweede-%s"),
                           "second_form", lambda actor, b, d: actions.check_second_opinion(
                               actor=actor, besluit=b, approve=d["approve"], reason=d["reason"],
                               expected_version=d["version"]),
                           lambda b: gettext("Het besluit is vastgesteld.")
                           if b.pk and b.status == Besluit.Status.VASTGESTELD
                           else gettext("Het besluit is teruggestuurd."))


@login_required
@require_POST
def send(request, pk: int):
    return _besluit_action(request, pk, "besluit verzenden", SendForm(request.POST, auto_id="verzenden-%s"),
                           "send_form", lambda actor, b, d: actions.check_send_decision(
                               actor=actor, besluit=b, sent_on=d["sent_on"], expected_version=d["version"]),
                           gettext("Het besluit is verzonden; de bezwaartermijn van zes weken loopt."))


@login_required
@require_POST
def correct(request, pk: int):
    return _besluit_action(request, pk, "besluit corrigeren", Form(request.POST), None,
                           lambda actor, b, d: actions.check_start_correction(actor=actor, besluit=b),
                           gettext("Er is een nieuw voorstel gemaakt dat dit besluit vervangt zodra erop is "
                                   "besloten."))


@login_required
@require_POST
def register_objection(request, pk: int):
    def ok(bezwaar):
        return (gettext("Het bezwaar is geregistreerd. Let op: het kwam na de bezwaartermijn binnen; beoordeel of "
                        "de termijnoverschrijding verschoonbaar is (Awb 6:11).") if bezwaar.late
                else gettext("Het bezwaar is geregistreerd; de termijn voor de beslissing op bezwaar loopt."))

    return _besluit_action(request, pk, "bezwaar registreren", ObjectionForm(request.POST, auto_id="bezwaar-%s"),
                           "objection_form", lambda actor, b, d: actions.check_register_bezwaar(
                               actor=actor, besluit=b, received_on=d["received_on"], objector=d["objector"],
                               grounds=d["grounds"]), ok)


@login_required
@require_POST
def decide_objection(request, pk: int):
    actor = actor_for_request(request)
    bezwaar = Bezwaar.objects.filter(pk=pk).select_related("besluit").first()
    if bezwaar is None:
        raise NotFound()
    item = queries.access_besluit(actor, bezwaar.besluit_id, purpose="beslissen op bezwaar", channel="ui",
                                  resource=request.path)
    corrections = {b.pk: b for b in Besluit.objects.filter(indicatie__replaces=item).select_related("indicatie")}
    form = ObjectionDecisionForm(request.POST, corrections=list(corrections.values()), auto_id=f"bob{bezwaar.pk}-%s")
    return post_form(request, form, run=lambda d: actions.check_decide_bezwaar(
        actor=actor, bezwaar=bezwaar, outcome=d["outcome"], reasons=d["reasons"],
        new_besluit=corrections.get(d["new_besluit"])),
        rerender=lambda bound: _besluit_page(request, actor, item, decision_forms={bezwaar.pk: bound}),
        ok=gettext("Op het bezwaar is beslist."), success_url=reverse("provisions:besluit", args=[item.pk]))


@login_required
@require_POST
def objection_receipt(request, pk: int):
    """The written confirmation of the objection's receipt (Awb 6:14 lid 1), made and sent from the decision page."""
    actor = actor_for_request(request)
    bezwaar = Bezwaar.objects.filter(pk=pk).first()
    if bezwaar is None:
        raise NotFound()
    item = queries.access_besluit(actor, bezwaar.besluit_id, purpose="ontvangst bezwaar bevestigen", channel="ui",
                                  resource=request.path)
    # nothing is typed: a refusal (sent already, no mandate) is in the error summary of the decision page
    return post_form(request, Form(request.POST), run=lambda d: actions.check_send_bezwaar_receipt(
        actor=actor, bezwaar=bezwaar),
        rerender=lambda bound: _besluit_page(request, actor, item, {"objection_receipt_form": bound}),
        ok=lambda letter: gettext("De ontvangstbevestiging van het bezwaar is verzonden aan %(who)s.") % {
            "who": letter.addressee},
        success_url=reverse("provisions:besluit", args=[item.pk]))
