"""A provider's requests (issue 14 item 4; docs/messaging.md "Aanvragen (JW315/JW317)"): the actions that receive
them and answer them — a module of actions, as provisions split its actions (STYLE.md: only actions write).

- JW315/WMO315, request for assignment (after a referral by a GP, youth doctor or medical specialist: the route that
  bypasses the team, Jeugdwet art. 2.6 lid 1 onder g): one Verzoek per requested product.
- JW317/WMO317, request for change: one Verzoek per product to change (TeWijzigenProduct) and per new product.
Both are checked (known assignments, nothing pending, a period that can be true), answered at once with JW316/JW318
and wait in the worklist with their clock: iStandaarden iJw/iWmo 3.2, "antwoord op een verzoek binnen 5
werkdagen" (PRODUCT.md, Clocks). The role mandated to decide (task 'beschikking') accepts — a decision and its
JW301 for a new product, a changed assignment and its JW301 with RedenWijziging for a change (from a later
GewensteIngangsdatum: the assignment ends the day before and a new one follows) — or refuses with the standard's
reason (JW319/WMO319). Who needs longer answers "aanvraag in onderzoek" (JW319 VerzoekAntwoord 2) and decides
within the law's decision term.

The handler is registered in actions.HANDLERS from here (`register`, called by the app's ready()): actions/receive.py cannot
import this module at its top without an import cycle, since this module uses its Outcome and send_assignment.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from lxml import etree

from toegang.accounts.models import Medewerker
from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import SYSTEM, Actor
from toegang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from toegang.deadlines.actions import kind_for
from toegang.deadlines.calendar import add_working_days, due_date
from toegang.intake.actions import (
    MeldingData,
    check_register_aanvraag,
    check_register_melding,
    check_triage_melding,
)
from toegang.persons.models import Resident
from toegang.provisions import actions as provisions
from toegang.provisions import mandates
from toegang.provisions.models import MandateGroup, Product

from . import actions, build
from .models import Bericht, Toewijzing, Verzoek
from .permissions import may_decide_request, request_group
from .queries import visible_requests
from .standards import BY_LAW, code_list, explain, schema_errors, standard_of
from .transport import mailbox

# iStandaarden iJw/iWmo 3.2: the gemeente answers a provider's request (JW315/JW317) within 5 working days
# (PRODUCT.md, Clocks); working days as the Algemene termijnenwet counts them (deadlines.calendar).
ANSWER_TERM_WORKING_DAYS = 5

ACCEPTED = "0200"  # Geen opmerking over deze berichtklasse.
TECHNICAL = "0001"  # Bericht is afgekeurd om technische redenen.
NOT_ALL_CURRENT = "9349"  # Het VOW bericht bevat niet alle actuele toegewezen producten van de client, …
UNKNOWN_UNCHANGED = "9350"  # OngewijzigdProduct is niet gerelateerd aan een actueel toegewezen product …
UNKNOWN_CHANGED = "9351"  # TeWijzigenProduct is niet gerelateerd aan een actuele toewijzing …
ALREADY_ASSIGNED = "9359"  # Er is al een toewijzing gestuurd met deze ReferentieAanbieder.
PENDING = "9374"  # Er is al een verzoek onderhanden.
EFFECTIVE_DATE_IN_PAST = "9357"  # GewensteIngangsdatum ≤ dagtekening, maar niet gelijk aan de ingangsdatum …
# LDT_RedenWijziging 12 "Geinitieerd door de aanbieder": an assignment changed at the provider's request (JW317)
CHANGED_AT_PROVIDERS_REQUEST = "12"
# LDT_TypeVerwijzer → the front door's source of a melding (intake.codes.BRON)
SOURCE_OF_REFERRER = {"02": "huisarts", "03": "jeugdarts", "04": "gi-rechter", "05": "medisch-specialist",
                      "08": "gi-rechter"}


def register() -> None:
    """The kinds of message this module acts on, by their number (actions.HANDLERS)."""
    actions.HANDLERS["315"] = receive_request
    actions.HANDLERS["317"] = receive_request


def refusal_reasons(law: str) -> dict[str, str]:
    """The standard's reasons to refuse a request (LDT_RedenAfwijzingVerzoek), code → its Dutch explanation."""
    return code_list("LDT_RedenAfwijzingVerzoek", BY_LAW[law].key)


def referrer_types(law: str) -> dict[str, str]:
    return code_list("LDT_TypeVerwijzer", BY_LAW[law].key)


# --- in --------------------------------------------------------------------------------------------------------------

def receive_request(*, actor: Actor, root, head, gemeente, provider, message: Bericht,
                    batch: actions.Batch) -> actions.Outcome:
    """A JW315/WMO315 or JW317/WMO317 that passed its schema and header: checked against Toegang (for a change:
    every assignment it names is a current one of this provider, gemeente and client, all of them are named, none
    has a request pending — iJw retourcodes 9349/9350/9351/9374; for a new request: a reference not used before —
    9359/9374; every period ends after it starts) and, when right, stored as requests with their answer date.
    Answered with JW316/JW318 (0200, or the codes found). Event verzoek.ontvangen per requested product."""
    ns = etree.QName(root).namespace
    basis = standard_of(head.kind).basis
    law = standard_of(head.kind).law

    def text(element, path: str) -> str:
        parts = [f"{{{basis if name in BASIS else ns}}}{name}" for name in path.split("/")]
        return (element.findtext("/".join(parts)) or "").strip() if element is not None else ""

    client_el = root.find(f"{{{ns}}}Client")
    bsn = text(client_el, "Bsn")
    client = Resident.objects.filter(gemeente=gemeente, bsn=bsn, merged_into__isnull=True).first() if bsn else None
    due = add_working_days(clock.today(), ANSWER_TERM_WORKING_DAYS)
    common = {"bericht": message, "gemeente": gemeente, "provider": provider, "law": law, "bsn": bsn,
              "client": client, "due": due}
    codes: list[str] = []
    findings: list[str] = []
    rows: list[Verzoek] = []
    if head.kind.endswith("315"):
        for product in client_el.iter(f"{{{ns}}}AangevraagdProduct"):
            reference = text(product, "ReferentieAanbieder")
            earlier = Verzoek.objects.filter(provider=provider, gemeente=gemeente, reference=reference,
                                             kind=Verzoek.Kind.TOEWIJZING).exclude(status=Verzoek.Status.AFGEWEZEN)\
                .values_list("status", flat=True).first()
            if earlier is not None:
                codes.append(ALREADY_ASSIGNED if earlier == Verzoek.Status.TOEGEKEND else PENDING)
                continue
            rows.append(_new_product(product, text, common, kind=Verzoek.Kind.TOEWIJZING, reference=reference,
                                     start=text(product, "ToewijzingIngangsdatum"),
                                     end=text(product, "ToewijzingEinddatum"), findings=findings))
    else:
        request = client_el.find(f"{{{ns}}}Verzoek")
        reference = text(request, "ReferentieAanbieder")
        current = {t.pk: t for t in Toewijzing.objects.select_related("indicatie__voorziening").filter(
            gemeente=gemeente, provider=provider, indicatie__client__bsn=bsn, end__gte=clock.today())
            .exclude(status=Toewijzing.Status.BEEINDIGD)}
        named = set()
        for unchanged in request.iter(f"{{{ns}}}OngewijzigdProduct"):
            number = _number(text(unchanged, "ToewijzingNummer"))
            named.add(number)
            if number not in current:
                codes.append(UNKNOWN_UNCHANGED)
        for changed in request.iter(f"{{{ns}}}TeWijzigenProduct"):
            number = _number(text(changed, "ToewijzingNummer"))
            named.add(number)
            toewijzing = current.get(number)
            if toewijzing is None:
                codes.append(UNKNOWN_CHANGED)
                continue
            if Verzoek.objects.filter(toewijzing=toewijzing, status=Verzoek.Status.OPEN).exists():
                codes.append(PENDING)
                continue
            start, end = _date(text(changed, "GewensteIngangsdatum")), _date(text(changed, "Einddatum"))
            if start is not None and start <= (head.dated or clock.today()) and start != toewijzing.start:
                # a change takes effect either over the whole assignment (its own start) or from a future date
                codes.append(EFFECTIVE_DATE_IN_PAST)
                continue
            if start is not None and start > toewijzing.end:  # no code of its own: 0001 with the finding (below)
                findings.append(gettext("De gewenste ingangsdatum %(start)s ligt na de einddatum van toewijzing "
                                        "%(number)s (%(end)s); vraag een nieuwe toewijzing aan.")
                                % {"start": f"{start:%d-%m-%Y}", "number": toewijzing.number,
                                   "end": f"{toewijzing.end:%d-%m-%Y}"})
                continue
            if end is not None and end < (start or toewijzing.start):
                findings.append(gettext("De gewenste einddatum %(end)s ligt voor de ingangsdatum.")
                                % {"end": f"{end:%d-%m-%Y}"})
            volume = text(changed, "Omvang/Volume")
            rows.append(Verzoek(**common, kind=Verzoek.Kind.WIJZIGING, reference=reference, toewijzing=toewijzing,
                                voorziening=toewijzing.indicatie.voorziening,
                                product_id=toewijzing.indicatie.product_id,
                                product_category=toewijzing.product_category, product_code=toewijzing.product_code,
                                start=start or toewijzing.start, end=end,
                                volume=int(volume) if volume.isdigit() else None,
                                unit=text(changed, "Omvang/Eenheid") or toewijzing.unit,
                                frequency=text(changed, "Omvang/Frequentie") or toewijzing.frequency))
        if set(current) - named:
            codes.append(NOT_ALL_CURRENT)
        for new in request.iter(f"{{{ns}}}NieuwProduct"):
            rows.append(_new_product(new, text, common, kind=Verzoek.Kind.WIJZIGING, reference=reference,
                                     start=text(new, "GewensteIngangsdatum"), end=text(new, "Einddatum"),
                                     findings=findings))
    if findings and not codes:
        # the standard has no return code for a period that ends before it starts: rejected as not processable
        codes.append(TECHNICAL)
    problems = [{"code": c, "uitleg": explain(c, BY_LAW[law].key)} for c in dict.fromkeys(codes)]
    problems += [{"uitleg": f} for f in findings]
    identification = build.new_identification()
    answer = build.return_message(head.kind, None, head, identification=identification,
                                  header_codes=list(dict.fromkeys(codes)) or [ACCEPTED])
    if codes:
        return actions.Outcome(answer=(identification, answer), rejected=True, problems=problems)
    for row in rows:
        row.save()
        batch.log(event="verzoek.ontvangen", obj=row, gemeente_id=gemeente.pk,
                  subject_ids=[client.pk] if client else [],
                  new={"bericht": message.pk, "soort": row.kind, "referentie": row.reference,
                       "product": row.product_code, "toewijzing": row.toewijzing_id, "antwoord_uiterlijk": due,
                       "client_bekend": client is not None})
    return actions.Outcome(answer=(identification, answer))


BASIS = {"Categorie", "Code", "Volume", "Eenheid", "Frequentie", "Type", "Naam", "ZorgverlenerCode"}


def _new_product(element, text, common: dict, *, kind: str, reference: str, start: str, end: str,
                 findings: list[str]) -> Verzoek:
    category, code = text(element, "Product/Categorie"), text(element, "Product/Code")
    gemeente = common["gemeente"]
    product = Product.objects.select_related("voorziening").filter(
        voorziening__profile_id=gemeente.profile_id, voorziening__law=common["law"], category=category,
        code=code).first() if code else None
    begin, until = _date(start), _date(end)
    if begin is not None and until is not None and until < begin:
        findings.append(gettext("De gevraagde einddatum %(end)s ligt voor de ingangsdatum %(start)s.")
                        % {"end": f"{until:%d-%m-%Y}", "start": f"{begin:%d-%m-%Y}"})
    volume = text(element, "Omvang/Volume")
    referrer_type = text(element, "Verwijzer/Type")
    return Verzoek(**common, kind=kind, reference=reference, product=product,
                   voorziening=product.voorziening if product else None, product_category=category,
                   product_code=code, start=begin or clock.today(), end=until,
                   volume=int(volume) if volume.isdigit() else None, unit=text(element, "Omvang/Eenheid"),
                   frequency=text(element, "Omvang/Frequentie"), referrer_type=referrer_type,
                   referrer=(text(element, "Verwijzer/Naam") or text(element, "Verwijzer/ZorgverlenerCode"))[:200],
                   comment=text(element, "Commentaar")[:500])


def _number(value: str) -> int:
    return int(value) if value.isdigit() else -1


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- answering -------------------------------------------------------------------------------------------------------

def answered_with(verzoek: Verzoek) -> list[Verzoek]:
    """The requested products answered together: the gemeente answers per ReferentieAanbieder (one JW319), so the
    products of one message that share the reference (a JW317's) are decided at once."""
    return list(Verzoek.objects.filter(bericht_id=verzoek.bericht_id, reference=verzoek.reference).order_by("pk"))


def _require_visible(actor: Actor, verzoek: Verzoek) -> None:
    if not visible_requests(actor).filter(pk=verzoek.pk).exists():
        raise NotFound(gettext("Dit verzoek bestaat niet."))


def _lock_open(verzoek: Verzoek, expected_version: int | None,
               investigating: bool | None = None) -> list[Verzoek]:
    """The open rows answered together, locked; a Conflict for a request answered already (or, with
    `investigating=False`, already in onderzoek) and for a form read from an older version."""
    rows = list(Verzoek.objects.select_for_update().filter(bericht_id=verzoek.bericht_id,
                                                           reference=verzoek.reference).order_by("pk"))
    mine = next(r for r in rows if r.pk == verzoek.pk)
    if mine.status != Verzoek.Status.OPEN:
        raise Conflict(gettext("Op dit verzoek is al geantwoord: het is %(status)s. Er is niets gewijzigd.")
                       % {"status": gettext(mine.get_status_display())})
    if investigating is False and mine.investigating_since is not None:
        raise Conflict(gettext("De aanbieder weet al dat dit verzoek in onderzoek is. Er is niets gewijzigd."))
    if expected_version is not None and mine.version != expected_version:
        raise Conflict(gettext("Iemand anders heeft dit verzoek intussen gewijzigd. Bekijk het opnieuw; er is niets "
                               "gewijzigd."))
    return [r for r in rows if r.status == Verzoek.Status.OPEN]


def check_accept_request(*, actor: Actor, verzoek: Verzoek, expected_version: int | None = None) -> Verzoek:
    """Accept a provider's request (mandate task 'beschikking' for the kind of provision; for a new product also
    'indicatie', as check_decide asks of a proposal, and 'inventarisatie en diagnose': the indication is prepared
    in the decider's name). A new product becomes a decision in natura with this provider:
    a melding from the referrer, triaged as a single question (BUCH seed 001 §4.2; no team case is opened), its
    aanvraag, the indication and the decision through provisions' own actions, so the established decision assigns
    the care (JW301 with the request's reference, receivers.assign_on_decision). A product to change gets its
    assignment changed (end date, volume) and a JW301 with RedenWijziging 12. Nothing of it happens unless all of it
    does. Events verzoek.toegekend (and those of the steps)."""
    verzoek = Verzoek.objects.select_related("gemeente__profile", "provider", "voorziening__mandate_group",
                                             "product", "bericht").get(pk=verzoek.pk)
    group = request_group(verzoek)
    if group is None:  # a product not in the catalogue: nobody's mandate covers it, so it can only be refused
        if not may_decide_request(actor, verzoek):
            raise NotAllowed(gettext("U heeft geen mandaat om verzoeken van aanbieders te beantwoorden."))
        raise ValidationFailed(gettext("Het gevraagde product (%(code)s) staat niet in de catalogus van de gemeente: "
                                       "het kan niet worden toegekend. Wijs het verzoek af.")
                               % {"code": verzoek.product_code or "—"}, code="product-onbekend")
    new_products = any(r.toewijzing_id is None for r in answered_with(verzoek))
    mandates.require(actor, gemeente=verzoek.gemeente, group=group, task="beschikking", obj=verzoek,
                     also="indicatie" if new_products else None)
    if new_products:  # the indication is prepared in the decider's name (an indication has a preparer)
        mandates.require(actor, gemeente=verzoek.gemeente, group=group, task="inventarisatie-diagnose", obj=verzoek)
    _require_visible(actor, verzoek)
    with transaction.atomic():
        rows = _lock_open(verzoek, expected_version)
        for row in rows:
            if row.toewijzing_id is None:
                _decide_new_product(actor, row)
            else:
                _change_assignment(actor, row)
            fields = {"status": Verzoek.Status.TOEGEKEND, "decided_at": clock.now(), "decided_by_id": actor.user_id,
                      "version": row.version + 1}
            Verzoek.objects.filter(pk=row.pk).update(**fields)
            log_change(actor=actor, event="verzoek.toegekend", obj=row, gemeente_id=row.gemeente_id,
                       subject_ids=[row.client_id] if row.client_id else [],
                       new={"referentie": row.reference, "indicatie": row.indicatie_id,
                            "toewijzing": row.toewijzing_id})
    verzoek.refresh_from_db()
    return verzoek


def _decide_new_product(actor: Actor, row: Verzoek) -> None:
    client = row.client or Resident.objects.filter(gemeente_id=row.gemeente_id, bsn=row.bsn,
                                                   merged_into__isnull=True).first()
    if client is None:
        raise ValidationFailed(gettext("De cliënt van dit verzoek is niet bekend in Toegang. Registreer de inwoner "
                                       "eerst, of wijs het verzoek af."), code="client-onbekend")
    product = row.product
    if product is None:
        raise ValidationFailed(gettext("Het gevraagde product (%(code)s) staat niet in de catalogus van de gemeente: "
                                       "het kan niet worden toegekend. Wijs het verzoek af.")
                               % {"code": row.product_code or "—"}, code="product-onbekend")
    if row.unit and row.unit != product.unit:
        raise ValidationFailed(gettext("De eenheid van het verzoek past niet bij het product %(product)s. Wijs het "
                                       "verzoek af.") % {"product": product.name}, code="eenheid-onjuist")
    referrer = referrer_types(row.law).get(row.referrer_type, gettext("onbekend")).lower()
    if row.referrer:
        referrer = f"{referrer} ({row.referrer})"
    about = gettext("Verzoek om toewijzing van %(provider)s: %(product)s, na verwijzing door %(referrer)s.") % {
        "provider": row.provider.name, "product": product.name, "referrer": referrer}
    melding, _ = check_register_melding(
        actor=SYSTEM, gemeente=row.gemeente, persons=[client], attach_to_open_case=False,
        data=MeldingData(question=about, channel="verwijzing",
                         source=SOURCE_OF_REFERRER.get(row.referrer_type, "aanbieder"), laws=[row.law],
                         received_at=row.bericht.at, source_organisation=row.provider, referrer=row.referrer[:200]))
    decider = Medewerker.objects.filter(pk=actor.user_id).first() if actor.user_id else None
    check_triage_melding(actor=SYSTEM, melding=melding, outcome="enkelvoudig", assignee=decider,
                         reason=gettext("Verzoek van een aanbieder na verwijzing (iJw/iWmo 315)."))
    aanvraag = check_register_aanvraag(actor=SYSTEM, melding=melding, applicant=client, law=row.law,
                                       requested=product.name, received_on=row.bericht.at.date())
    # the referral is the access (Jeugdwet art. 2.6 lid 1 onder g): the gemeente does not investigate it again;
    # the file says so instead of pretending an investigation took place
    not_investigated = gettext("Niet onderzocht: toegang via %(referrer)s.") % {"referrer": referrer}
    indicatie = provisions.check_prepare_single_indication(actor=actor, aanvraag=aanvraag, data=provisions.IndicationData(
        voorziening=product.voorziening, product=product, client=client, volume=row.volume,
        frequency=row.frequency or product.frequency, start=row.start, end=row.end, form="zin", provider=row.provider,
        goal=row.comment or about, motivation=about, own_strength=not_investigated, network=not_investigated,
        why_not_enough=not_investigated))
    Verzoek.objects.filter(pk=row.pk).update(indicatie=indicatie, client=client)
    row.indicatie, row.client = indicatie, client
    provisions.check_decide(actor=actor, indicatie=indicatie, outcome="toegekend",
                            reasons=gettext("Toegekend op verzoek van %(provider)s na verwijzing door %(referrer)s.")
                            % {"provider": row.provider.name, "referrer": referrer})


def _change_assignment(actor: Actor, row: Verzoek) -> None:
    """The change a provider asked for (JW317 TeWijzigenProduct). From the assignment's own start: the assignment
    itself changes (end date and volume), JW301 with RedenWijziging 12. From a later date (GewensteIngangsdatum):
    the assignment keeps what it was until the day before and a new assignment with the new volume follows from
    that date — a volume holds for a whole assignment (iJw/iWmo 3.2: a change from a date is an end and a new
    assignment; retourcode 9357 refuses a date in the past that is not the assignment's start)."""
    toewijzing = Toewijzing.objects.select_for_update().select_related("indicatie", "provider")\
        .get(pk=row.toewijzing_id)
    if toewijzing.status == Toewijzing.Status.BEEINDIGD:
        raise Conflict(gettext("De zorg van deze toewijzing is intussen beëindigd: wijs het verzoek af."))
    if row.start > toewijzing.start:
        if row.start <= clock.today() or row.start > toewijzing.end:
            # while the request waited (in onderzoek) its date passed: a change from it would be retroactive (9357)
            raise ValidationFailed(gettext("De gewenste ingangsdatum (%(start)s) is verstreken of ligt na het einde "
                                           "van de toewijzing: de wijziging kan niet meer zo ingaan. Wijs het "
                                           "verzoek af; de aanbieder kan een nieuw verzoek sturen.")
                                   % {"start": f"{row.start:%d-%m-%Y}"}, code="ingangsdatum-verstreken")
        _change_from(actor, row, toewijzing)
        return
    new = {"end": row.end or toewijzing.end, "volume": row.volume or toewijzing.volume}
    old = {"end": toewijzing.end, "volume": toewijzing.volume}
    Toewijzing.objects.filter(pk=toewijzing.pk).update(version=toewijzing.version + 1, **new)
    toewijzing.refresh_from_db()
    log_change(actor=actor, event="toewijzing.gewijzigd", obj=toewijzing, gemeente_id=toewijzing.gemeente_id,
               subject_ids=[toewijzing.indicatie.client_id], old={"nummer": toewijzing.number, **old},
               new={"nummer": toewijzing.number, **new, "reden": CHANGED_AT_PROVIDERS_REQUEST, "verzoek": row.pk})
    actions.send_assignment(actor=actor, toewijzing=toewijzing, change_reason=CHANGED_AT_PROVIDERS_REQUEST,
                            reference=row.reference)


def _change_from(actor: Actor, row: Verzoek, toewijzing: Toewijzing) -> None:
    """The change from a later date: the assignment ends the day before, a new one begins that day."""
    client_id = toewijzing.indicatie.client_id
    old_end = toewijzing.end
    ends = min(old_end, row.start - dt.timedelta(days=1))
    Toewijzing.objects.filter(pk=toewijzing.pk).update(end=ends, version=toewijzing.version + 1)
    toewijzing.refresh_from_db()
    log_change(actor=actor, event="toewijzing.gewijzigd", obj=toewijzing, gemeente_id=toewijzing.gemeente_id,
               subject_ids=[client_id], old={"nummer": toewijzing.number, "end": old_end},
               new={"nummer": toewijzing.number, "end": ends, "reden": CHANGED_AT_PROVIDERS_REQUEST,
                    "verzoek": row.pk})
    actions.send_assignment(actor=actor, toewijzing=toewijzing, change_reason=CHANGED_AT_PROVIDERS_REQUEST,
                            reference=row.reference)
    follow = Toewijzing.objects.create(
        gemeente_id=toewijzing.gemeente_id, indicatie_id=toewijzing.indicatie_id, provider=toewijzing.provider,
        law=toewijzing.law, product_category=toewijzing.product_category, product_code=toewijzing.product_code,
        start=row.start, end=row.end or old_end, volume=row.volume or toewijzing.volume,
        unit=row.unit or toewijzing.unit, frequency=row.frequency or toewijzing.frequency, assigned_at=clock.now())
    log_change(actor=actor, event="toewijzing.aangemaakt", obj=follow, gemeente_id=follow.gemeente_id,
               subject_ids=[client_id],
               new={"nummer": follow.number, "volgt_op": toewijzing.number, "verzoek": row.pk,
                    "aanbieder": follow.provider.agb_code, "aanbieder_naam": follow.provider.name,
                    "casus": toewijzing.indicatie.casus_id, "product": follow.product_code, "van": follow.start,
                    "tot": follow.end, "omvang": follow.volume})
    actions.send_assignment(actor=actor, toewijzing=follow, reference=row.reference)


def check_refuse_request(*, actor: Actor, verzoek: Verzoek, reason: str,
                         expected_version: int | None = None) -> Verzoek:
    """Refuse a provider's request with the standard's reason (LDT_RedenAfwijzingVerzoek; mandate task
    'beschikking' for the kind of provision): one JW319/WMO319 per ReferentieAanbieder, valid against its schema,
    written to the hub's outbox when the transaction commits. Events verzoek.afgewezen and bericht.verstuurd."""
    verzoek = _answerable(actor, verzoek)
    if reason not in refusal_reasons(verzoek.law):
        problem = gettext("Kies de reden van de afwijzing uit de lijst van de standaard.")
        raise ValidationFailed(problem, field_errors={"reason": [problem]})
    with transaction.atomic():
        rows = _lock_open(verzoek, expected_version)
        answer = _send_request_answer(actor, verzoek, reason)
        for row in rows:
            Verzoek.objects.filter(pk=row.pk).update(
                status=Verzoek.Status.AFGEWEZEN, refusal_reason=reason, answer=answer, decided_at=clock.now(),
                decided_by_id=actor.user_id, version=row.version + 1)
            log_change(actor=actor, event="verzoek.afgewezen", obj=row, gemeente_id=row.gemeente_id,
                       subject_ids=[row.client_id] if row.client_id else [],
                       new={"referentie": row.reference, "reden": reason, "antwoord": answer.pk})
    verzoek.refresh_from_db()
    return verzoek


def _answerable(actor: Actor, verzoek: Verzoek) -> Verzoek:
    """The request, if the actor holds the mandate to decide on it (task 'beschikking') and sees it."""
    verzoek = Verzoek.objects.select_related("gemeente", "provider", "voorziening__mandate_group", "bericht")\
        .get(pk=verzoek.pk)
    group = request_group(verzoek)
    if group is None:  # a product not in the catalogue: whoever decides on some kind of provision here
        groups = list(MandateGroup.objects.filter(profile__gemeenten=verzoek.gemeente_id))
        group = next((g for g in groups if mandates.holds(actor, verzoek.gemeente_id, g, "beschikking")),
                     groups[0] if groups else None)
    mandates.require(actor, gemeente=verzoek.gemeente, group=group, task="beschikking", obj=verzoek)
    _require_visible(actor, verzoek)
    return verzoek


# The term of the decision once a request is "in onderzoek": the request is an aanvraag, decided within the law's
# term from its receipt — Wmo 2015 art. 2.3.5 lid 1 (two weeks); Jeugdwet: Awb 4:13 (a reasonable term, at the
# latest eight weeks — the latest is what the answer date shows); the clock kinds hold them, overridable per
# profile (deadlines.kinds).
DECISION_CLOCK = {"wmo": "wmo-beschikking", "jeugdwet": "jeugdwet-beschikking"}


def check_investigate_request(*, actor: Actor, verzoek: Verzoek, expected_version: int | None = None) -> Verzoek:
    """Answer a provider's request "aanvraag in onderzoek" (JW319/WMO319 VerzoekAntwoord 2), when the gemeente needs
    longer than the five working days to decide: the provider knows it arrived and is being looked at; the request
    stays open, now due at the end of the law's decision term counted from its receipt (DECISION_CLOCK). Once per
    request; accepting or refusing follows as before. Mandate task 'beschikking'. Events verzoek.in_onderzoek and
    bericht.verstuurd."""
    verzoek = _answerable(actor, verzoek)
    with transaction.atomic():
        rows = _lock_open(verzoek, expected_version, investigating=False)
        kind = kind_for(verzoek.gemeente, DECISION_CLOCK[verzoek.law])
        due = due_date(timezone.localdate(verzoek.bericht.at), kind.term, atw=kind.atw)
        answer = _send_request_answer(actor, verzoek, reason="")
        for row in rows:
            Verzoek.objects.filter(pk=row.pk).update(investigating_since=clock.now(), due=max(due, row.due),
                                                     version=row.version + 1)
            log_change(actor=actor, event="verzoek.in_onderzoek", obj=row, gemeente_id=row.gemeente_id,
                       subject_ids=[row.client_id] if row.client_id else [],
                       old={"uiterlijk": row.due},
                       new={"referentie": row.reference, "uiterlijk": max(due, row.due), "antwoord": answer.pk})
    verzoek.refresh_from_db()
    return verzoek


def _send_request_answer(actor: Actor, verzoek: Verzoek, reason: str) -> Bericht:
    """JW319/WMO319: refused with `reason`, or (no reason) "aanvraag in onderzoek"."""
    identification = build.new_identification()
    kind = f"{BY_LAW[verzoek.law].prefix}319"
    raw = build.request_answer(law=verzoek.law, sender=verzoek.gemeente.cbs_code, receiver=verzoek.provider.agb_code,
                               identification=identification, reference=verzoek.reference, refusal_reason=reason)
    errors = schema_errors(kind, etree.fromstring(raw))
    if errors:  # Toegang built it: a fault of ours, never sent half right
        raise ValidationFailed(gettext("Het antwoord voldoet niet aan de standaard: %(errors)s")
                               % {"errors": "; ".join(errors)})
    answer = Bericht.objects.create(
        direction=Bericht.Direction.OUT, kind=kind, gemeente_id=verzoek.gemeente_id, provider=verzoek.provider,
        sender=verzoek.gemeente.cbs_code, identification=identification, dated=clock.today(), raw=raw,
        sha256=hashlib.sha256(raw).hexdigest(), size=len(raw), file_name=f"{kind}-{identification}.xml",
        status=Bericht.Status.VERSTUURD, problems=[], answer_to=verzoek.bericht, at=clock.now())
    log_change(actor=actor, event="bericht.verstuurd", obj=answer, gemeente_id=verzoek.gemeente_id,
               new={"soort": kind, "identificatie": identification, "antwoord_op": verzoek.bericht_id,
                    "referentie": verzoek.reference, "reden_afwijzing": reason,
                    "verzoekantwoord": "1" if reason else "2"})
    transaction.on_commit(lambda: mailbox().send(answer.file_name, raw))
    return answer
