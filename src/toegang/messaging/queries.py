"""Reading messages (issue 14 item 7). A message's XML names a client, so opening one is a read of personal data,
logged; the overview shows kind, provider, status and findings — no names — and logs nothing."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from toegang.accounts.capabilities import MESSAGES_MANAGE
from toegang.audit.log import log_access
from toegang.core.actor import Actor
from toegang.core.errors import NotAllowed, NotFound
from toegang.persons.models import Resident
from toegang.provisions.codes import EENHEID
from toegang.provisions.queries import mandate_pairs

from .models import Bericht, Declaratie, Toewijzing, Verzoek
from .standards import explain, standard_of

BSN = re.compile(rb"<[^>]*Bsn>\s*(\d{9})\s*<")


def visible_messages(actor: Actor) -> QuerySet:
    """Messages of the gemeenten where the actor handles messages, and those addressed to no gemeente here (an
    unreadable file, a wrong receiver): the installation's mailbox, for whoever handles it."""
    gemeenten = actor.gemeenten_with(MESSAGES_MANAGE)
    if not gemeenten:
        raise NotAllowed(gettext("Alleen de backoffice ziet het berichtenverkeer met aanbieders."))
    return Bericht.objects.filter(Q(gemeente_id__in=gemeenten) | Q(gemeente__isnull=True))


def message_list(actor: Actor, *, direction: str = "", status: str = "", kind: str = "") -> QuerySet:
    found = visible_messages(actor).select_related("provider").defer("raw")
    if direction:
        found = found.filter(direction=direction)
    if status:
        found = found.filter(status=status)
    if kind:
        found = found.filter(kind=kind)
    return found.order_by("-at", "-pk")


def open_message(actor: Actor, pk: int, *, purpose: str, channel: str, resource: str) -> Bericht:
    """One message with its XML; the read is logged for the clients it names (by assignment, or by BSN)."""
    message = visible_messages(actor).select_related("provider", "toewijzing__indicatie", "answer_to", "gemeente")\
        .filter(pk=pk).first()
    if message is None:
        raise NotFound(gettext("Dit bericht bestaat niet."))
    log_message_read(actor, message, purpose=purpose, channel=channel, resource=resource)
    return message


def log_message_read(actor: Actor, message: Bericht, *, purpose: str, channel: str, resource: str) -> None:
    """A read of the clients a message names: by its assignment, and by every BSN in its XML."""
    subjects = set()
    if message.toewijzing_id:
        subjects.add(message.toewijzing.indicatie.client_id)
    bsns = {m.decode() for m in BSN.findall(bytes(message.raw)[:2_000_000])}
    if bsns:
        subjects |= set(Resident.objects.filter(bsn__in=bsns).values_list("pk", flat=True))
    log_access(actor=actor, subject_ids=subjects, purpose=purpose, channel=channel, resource=resource,
               gemeente_id=message.gemeente_id)


def answers_of(message: Bericht) -> list[Bericht]:
    return list(message.answers.defer("raw").order_by("at"))


def declaration_of(message: Bericht) -> Declaratie | None:
    """The declaration a received JW323/WMO323 carried (the caller opened the message, and logged it)."""
    return Declaratie.objects.filter(bericht=message).first()


def declaration_lines(declaratie: Declaratie) -> QuerySet:
    """Its lines in the order of the message; `explained(line)` gives their return codes with the standard's words."""
    return declaratie.regels.order_by("position")


def explained(line, kind: str) -> list[tuple[str, str]]:
    key = standard_of(kind).key
    return [(code, explain(code, key)) for code in line.return_codes]


UNIT_NAMES = dict(EENHEID)


# --- requests of providers (JW315/JW317): the back office's worklist ---------------------------------------------

def visible_requests(actor: Actor) -> QuerySet:
    """A provider's requests: every request of the gemeenten where the actor handles messages (messages.manage, the
    back office), and by mandate the requests about the kinds of provision the actor decides on (task 'beschikking',
    as the decision worklist shows open indications to their deciders; provisions.queries.indication_scope), plus
    the requests for a product not in the catalogue in a gemeente where they decide on anything. Nothing else."""
    if actor.is_system:
        return Verzoek.objects.all()
    scope = Q(gemeente_id__in=actor.gemeenten_with(MESSAGES_MANAGE))
    pairs = mandate_pairs(actor, ("beschikking",))
    for gemeente_id, group_id in pairs:
        scope |= Q(gemeente_id=gemeente_id, voorziening__mandate_group_id=group_id)
    for gemeente_id in {g for g, _ in pairs}:
        scope |= Q(gemeente_id=gemeente_id, voorziening__isnull=True)
    if not actor.gemeenten_with(MESSAGES_MANAGE) and not pairs:
        raise NotAllowed(gettext("Alleen de backoffice en wie over deze voorzieningen beslist, zien de verzoeken van "
                                 "aanbieders."))
    return Verzoek.objects.filter(scope)


def can_see_requests(actor: Actor) -> bool:
    return actor.is_system or bool(actor.gemeenten_with(MESSAGES_MANAGE)) or bool(mandate_pairs(actor, ("beschikking",)))


def request_list(actor: Actor, *, decided: bool = False) -> QuerySet:
    """Open requests by their answer date (the most urgent first); `decided` the answered ones, newest first."""
    found = visible_requests(actor).select_related("provider", "client", "product", "voorziening")
    if decided:
        return found.exclude(status=Verzoek.Status.OPEN).order_by("-decided_at", "-pk")
    return found.filter(status=Verzoek.Status.OPEN).order_by("due", "pk")


def log_request_clients(actor: Actor, rows, *, purpose: str, channel: str, resource: str) -> None:
    """One access-log row for the clients a page of requests names (each once); none when it names nobody."""
    subjects = sorted({r.client_id for r in rows if r.client_id})
    if subjects:
        log_access(actor=actor, subject_ids=subjects, purpose=purpose, channel=channel, resource=resource)


def open_request(actor: Actor, pk: int, *, purpose: str, channel: str, resource: str) -> Verzoek:
    """One request with its message and the other products answered with it (the same ReferentieAanbieder); the
    read is logged for its client."""
    verzoek = visible_requests(actor).select_related(
        "provider", "client", "product", "voorziening__mandate_group", "bericht", "toewijzing", "answer", "gemeente",
        "decided_by").filter(pk=pk).first()
    if verzoek is None:
        raise NotFound(gettext("Dit verzoek bestaat niet."))
    log_access(actor=actor, subject_ids=[verzoek.client_id] if verzoek.client_id else [], purpose=purpose,
               channel=channel, resource=resource, gemeente_id=verzoek.gemeente_id)
    return verzoek


# --- assignments (issue 14 item 8: the API's toewijzingen) ---------------------------------------------------------

def visible_assignments(actor: Actor) -> QuerySet:
    """The assignments of the gemeenten where the actor handles the messages with providers (messages.manage)."""
    gemeenten = actor.gemeenten_with(MESSAGES_MANAGE)
    if not gemeenten:
        raise NotAllowed(gettext("Alleen de backoffice ziet de toewijzingen aan aanbieders."))
    return Toewijzing.objects.filter(gemeente_id__in=gemeenten)


def assignment_list(actor: Actor, *, status: str = "", provider_agb: str = "") -> QuerySet:
    """Newest first; a page of it names clients (by id): the caller logs the page with log_assignments_read."""
    found = visible_assignments(actor).select_related("provider", "indicatie")
    if status:
        found = found.filter(status=status)
    if provider_agb:
        found = found.filter(provider__agb_code=provider_agb)
    return found.order_by("-assigned_at", "-pk")


def log_assignments_read(actor: Actor, assignments, *, purpose: str, channel: str, resource: str) -> None:
    """One access row for a page of assignments: the clients they name."""
    shown = list(assignments)
    if shown:
        log_access(actor=actor, subject_ids={a.indicatie.client_id for a in shown}, purpose=purpose,
                   channel=channel, resource=resource)


def access_assignment(actor: Actor, pk: int, *, purpose: str, channel: str, resource: str) -> Toewijzing:
    """One assignment with its messages; a read of its client, logged. Missing and not visible answer alike."""
    toewijzing = visible_assignments(actor).select_related("provider", "indicatie").filter(pk=pk).first()
    if toewijzing is None:
        raise NotFound(gettext("Deze toewijzing bestaat niet."))
    log_access(actor=actor, subject_ids=[toewijzing.indicatie.client_id], purpose=purpose, channel=channel,
               resource=resource, gemeente_id=toewijzing.gemeente_id)
    return toewijzing


def messages_of(toewijzing: Toewijzing) -> list[Bericht]:
    """The messages about one assignment (sent and received), oldest first, without their XML."""
    return list(toewijzing.berichten.select_related("provider").defer("raw").order_by("at", "pk"))


# --- declarations (issue 14 item 8: the API's declaraties) ---------------------------------------------------------

def visible_declarations(actor: Actor) -> QuerySet:
    """The declarations received in the gemeenten where the actor handles the messages with providers."""
    gemeenten = actor.gemeenten_with(MESSAGES_MANAGE)
    if not gemeenten:
        raise NotAllowed(gettext("Alleen de backoffice ziet de declaraties van aanbieders."))
    return Declaratie.objects.filter(gemeente_id__in=gemeenten)


def declaration_list(actor: Actor, *, provider_agb: str = "") -> QuerySet:
    """Newest first (by receipt); a row names no person (totals only), so a page logs no read."""
    found = visible_declarations(actor).select_related("provider")
    if provider_agb:
        found = found.filter(provider__agb_code=provider_agb)
    return found.order_by("-pk")


def access_declaration(actor: Actor, pk: int, *, purpose: str, channel: str, resource: str) -> Declaratie:
    """One declaration with its lines (`line_list`); a read of the clients the lines are about, logged."""
    declaratie = visible_declarations(actor).select_related("provider").filter(pk=pk).first()
    if declaratie is None:
        raise NotFound(gettext("Deze declaratie bestaat niet."))
    declaratie.line_list = list(declaratie.regels.select_related("toewijzing__indicatie").order_by("position"))
    subjects = {line.toewijzing.indicatie.client_id for line in declaratie.line_list if line.toewijzing_id}
    log_access(actor=actor, subject_ids=subjects, purpose=purpose, channel=channel, resource=resource,
               gemeente_id=declaratie.gemeente_id)
    return declaratie
