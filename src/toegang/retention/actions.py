"""Retention and destruction (issue 13, item 7; docs/retention.md): draw up a destruction list of what is due, keep a
file longer with a reason, reject a list, or confirm it — by someone else (four eyes) — and destroy it in one
transaction with the redaction of the audit rows about it. Each step in the change log, without personal data."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils.translation import gettext

from toegang.accounts.models import Gemeente
from toegang.audit.log import log_change
from toegang.audit.redaction import redact_destroyed
from toegang.cases.models import Casus
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.core.versioning import bump
from toegang.intake.models import Melding
from toegang.persons.models import Household, Resident

from . import dossier
from .models import DestructionItem, DestructionList, Kind, RetentionHold
from .permissions import can_confirm, can_manage_retention
from .queries import (
    describe_cases,
    describe_meldingen,
    due_cases,
    due_meldingen,
    with_predecessors,
    without_files,
)

MAX_ITEMS = 500  # a list a person can check; what is left comes on the next list
MAX_HOUSEHOLDS = 200  # households without a file looked at per list besides the list's own (each is a walk)
STALE = "De lijst is intussen gewijzigd. Bekijk hem opnieuw."
# a case's rows may point at the household and its persons, which stay while other files need them
CASE_MAY_POINT_AT = {dossier.label(m) for m in apps.get_app_config("persons").get_models()}
HOUSEHOLD_MAY_POINT_AT = {"persons.household", "persons.resident"}
KEPT_TIED = "bewaard: verbonden met een dossier dat blijft"
KEPT_NOT_DUE = "bewaard: niet meer te vernietigen (heropend, langer bewaard of verwezen door een later dossier)"


def _require(actor: Actor, gemeente_id: int) -> None:
    if not can_manage_retention(actor, gemeente_id):
        raise NotAllowed(gettext("Alleen wie de bewaartermijnen beheert, stelt vernietigingslijsten op."))


def check_propose_destruction(*, actor: Actor, gemeente: Gemeente) -> DestructionList:
    """A list of what is due today (at most MAX_ITEMS, the longest due first). Event bewaartermijn.lijst_opgesteld."""
    _require(actor, gemeente.pk)
    today = clock.today()
    due = describe_cases(gemeente, with_predecessors(gemeente, today, list(due_cases(gemeente, today)[:MAX_ITEMS])))
    due += describe_meldingen(gemeente, list(due_meldingen(gemeente, today)[:MAX_ITEMS - len(due)]))
    if not due:
        raise Conflict(gettext("Er is vandaag niets te vernietigen in deze gemeente."))
    with transaction.atomic():
        made = DestructionList.objects.create(gemeente=gemeente, reference_date=today, proposed_by_id=actor.user_id,
                                              proposed_at=clock.now())
        DestructionItem.objects.bulk_create([DestructionItem(
            destruction_list=made, kind=d.kind, object_id=d.object_id, laws=d.laws, closed_on=d.closed_on,
            term_years=d.term.years, source=d.term.source[:300], due_on=d.due_on) for d in due])
        log_change(actor=actor, event="bewaartermijn.lijst_opgesteld", obj=made, gemeente_id=gemeente.pk,
                   new={"peildatum": today, "casussen": sum(d.kind == Kind.CASUS for d in due),
                        "meldingen": sum(d.kind == Kind.MELDING for d in due)})
    return made


def check_hold(*, actor: Actor, item: DestructionItem, until: dt.date, reason: str) -> RetentionHold:
    """Keep one file of an open list longer, with the reason (Jeugdwet art. 7.3.8: longer where good care requires
    it). Event bewaartermijn.langer_bewaren."""
    destruction_list = item.destruction_list
    _require(actor, destruction_list.gemeente_id)
    if destruction_list.status != DestructionList.Status.OPGESTELD or item.outcome != DestructionItem.Outcome.VOORGESTELD:
        raise Conflict(gettext("Deze lijst is al afgehandeld."))
    today = clock.today()
    errors = {}
    if until <= today:
        errors["until"] = [gettext("Kies een datum na vandaag.")]
    elif until.year > today.year + 100:
        errors["until"] = [gettext("Kies een datum binnen honderd jaar.")]
    if not reason.strip():
        errors["reason"] = [gettext("Geef de reden om langer te bewaren.")]
    if errors:
        raise ValidationFailed(gettext("Het dossier is niet uitgezonderd."), field_errors=errors)
    with transaction.atomic():
        if not DestructionItem.objects.filter(pk=item.pk, outcome=DestructionItem.Outcome.VOORGESTELD).update(
                outcome=DestructionItem.Outcome.UITGEZONDERD, note=reason.strip()[:500]):
            raise Conflict(gettext("Dit dossier is al uitgezonderd."))
        hold = RetentionHold.objects.create(gemeente_id=destruction_list.gemeente_id, kind=item.kind,
                                            object_id=item.object_id, until=until, reason=reason.strip()[:500],
                                            recorded_by_id=actor.user_id, recorded_at=clock.now())
        log_change(actor=actor, event="bewaartermijn.langer_bewaren", obj=hold,
                   gemeente_id=destruction_list.gemeente_id,
                   new={"soort": item.kind, "nummer": item.object_id, "tot": until, "lijst": destruction_list.pk})
    return hold


def check_reject_destruction(*, actor: Actor, destruction_list: DestructionList, expected_version: int,
                             reason: str) -> DestructionList:
    """Reject (or, by whoever drew it up, withdraw) a list; nothing is destroyed. Event bewaartermijn.lijst_afgewezen."""
    _require(actor, destruction_list.gemeente_id)
    if destruction_list.status != DestructionList.Status.OPGESTELD:
        raise Conflict(gettext("Deze lijst is al afgehandeld."))
    if not reason.strip():
        raise ValidationFailed(gettext("De lijst is niet afgewezen."),
                               field_errors={"reason": [gettext("Geef de reden van afwijzen.")]})
    with transaction.atomic():
        bump(destruction_list, expected_version, message=STALE, status=DestructionList.Status.AFGEWEZEN,
             reject_reason=reason.strip()[:2000], decided_by_id=actor.user_id, decided_at=clock.now())
        log_change(actor=actor, event="bewaartermijn.lijst_afgewezen", obj=destruction_list,
                   gemeente_id=destruction_list.gemeente_id, new={"status": DestructionList.Status.AFGEWEZEN})
    return destruction_list


def check_confirm_destruction(*, actor: Actor, destruction_list: DestructionList,
                              expected_version: int) -> DestructionList:
    """The second pair of eyes: destroy what is still due on the list, the households and persons no file needs any
    more, and redact the audit rows about them; all in one transaction. Event bewaartermijn.vernietigd."""
    if destruction_list.proposed_by_id == actor.user_id:
        raise NotAllowed(gettext("Vier ogen: een ander bevestigt de lijst die u opstelde."))
    if not can_confirm(actor, destruction_list):
        if destruction_list.status != DestructionList.Status.OPGESTELD:
            raise Conflict(gettext("Deze lijst is al afgehandeld."))
        raise NotAllowed(gettext("Alleen wie de bewaartermijnen beheert, bevestigt een vernietigingslijst."))
    gemeente = destruction_list.gemeente
    with transaction.atomic():
        bump(destruction_list, expected_version, message=STALE, status=DestructionList.Status.UITGEVOERD,
             decided_by_id=actor.user_id, decided_at=clock.now())
        items = list(destruction_list.items.filter(outcome=DestructionItem.Outcome.VOORGESTELD))
        roots = _still_due(gemeente, items)
        kept_tied = _tied_roots(roots)
        for model, ids in roots.items():
            ids -= kept_tied[model]
        households = _households_of(roots)
        destroyed = dossier.File()
        if any(roots.values()):
            destroyed = dossier.collect(roots, may_point_at=CASE_MAY_POINT_AT)
            _destroy(destroyed)
        households_file = _households_file(gemeente, households)
        _destroy(households_file)
        for model, ids in households_file.rows.items():
            destroyed.rows[model] |= ids
        redacted = redact_destroyed(objects={dossier.label(m): ids for m, ids in destroyed.rows.items()},
                                    subject_ids=destroyed.ids(Resident),
                                    reason=f"vernietigingslijst {destruction_list.pk}")
        by_kind = {Kind.CASUS: roots[Casus], Kind.MELDING: roots[Melding]}
        outcomes = {True: [], False: []}
        for item in items:
            outcomes[item.object_id in by_kind[item.kind]].append(item.pk)
        DestructionItem.objects.filter(pk__in=outcomes[True]).update(outcome=DestructionItem.Outcome.VERNIETIGD)
        for item in items:
            if item.pk in outcomes[False]:
                tied = item.object_id in kept_tied[Casus if item.kind == Kind.CASUS else Melding]
                DestructionItem.objects.filter(pk=item.pk).update(outcome=DestructionItem.Outcome.BEWAARD,
                                                                  note=KEPT_TIED if tied else KEPT_NOT_DUE)
        result = {"vernietigd": len(outcomes[True]), "bewaard": len(outcomes[False]),
                  "huishoudens": len(destroyed.ids(Household)), "inwoners": len(destroyed.ids(Resident)),
                  "rijen": destroyed.count(), "auditregels_geschoond": {"wijzigingslog": redacted.changes,
                                                                       "inzagelog": redacted.accesses},
                  "auditregels_niet_geschoond": redacted.skipped}
        DestructionList.objects.filter(pk=destruction_list.pk).update(result=result)
        destruction_list.result = result
        log_change(actor=actor, event="bewaartermijn.vernietigd", obj=destruction_list, gemeente_id=gemeente.pk,
                   old={"status": DestructionList.Status.OPGESTELD}, new=result)
    return destruction_list


def _still_due(gemeente: Gemeente, items: list[DestructionItem]) -> dict[type[models.Model], set[int]]:
    """The roots of the list that are due at this moment (a case reopened since, or kept longer, is not)."""
    today = clock.today()
    wanted = defaultdict(list)
    for item in items:
        wanted[item.kind].append(item.object_id)
    roots: dict[type[models.Model], set[int]] = {Casus: set(), Melding: set()}
    for chunk in dossier.chunked(wanted[Kind.CASUS]):
        roots[Casus] |= set(due_cases(gemeente, today, on_open_lists=True, with_reentries=True).filter(pk__in=chunk)
                            .values_list("pk", flat=True))
    for chunk in dossier.chunked(wanted[Kind.MELDING]):
        roots[Melding] |= set(due_meldingen(gemeente, today, on_open_lists=True).filter(pk__in=chunk)
                              .values_list("pk", flat=True))
    return roots


def _tied_roots(roots: dict[type[models.Model], set[int]]) -> dict[type[models.Model], set[int]]:
    """Roots whose file points into a file that stays: kept. Checked together first; one by one only if needed."""
    tied: dict[type[models.Model], set[int]] = {Casus: set(), Melding: set()}
    if not any(roots.values()) or not dossier.collect(roots, may_point_at=CASE_MAY_POINT_AT).blockers:
        return tied
    for model, ids in roots.items():
        for pk in ids:
            if dossier.collect({model: {pk}}, may_point_at=CASE_MAY_POINT_AT).blockers:
                tied[model].add(pk)
    return tied


def _households_of(roots: dict[type[models.Model], set[int]]) -> set[int]:
    found = set(Casus.objects.filter(pk__in=roots[Casus]).values_list("household_id", flat=True))
    found |= set(Melding.objects.filter(pk__in=roots[Melding], household__isnull=False)
                 .values_list("household_id", flat=True))
    return found


def _without_files(household_ids: set[int]) -> list[int]:
    """Of these, the households no case or melding holds any more."""
    holding = set(Casus.objects.filter(household_id__in=household_ids).values_list("household_id", flat=True))
    holding |= set(Melding.objects.filter(household_id__in=household_ids).values_list("household_id", flat=True))
    return sorted(household_ids - holding)


def _households_file(gemeente: Gemeente, of_this_list: set[int]) -> dossier.File:
    """The households (with their persons) no file holds any more, that can go together now.

    Candidates: those whose last file goes with this list, and — at most MAX_HOUSEHOLDS — households of the
    gemeente without any case or melding registered before the shortest term (kept earlier because another file
    still pointed at them, or registered and never heard of again). A candidate whose rows point at anything that
    stays — a relation or custody of a person kept, a membership of a household kept, a person on a kept melding —
    stays too; two candidates tied only to each other go together (a family over two households)."""
    candidates = set(_without_files(of_this_list)) | set(without_files(gemeente, clock.today())[:MAX_HOUSEHOLDS])
    files = {pk: dossier.collect({Household: {pk}}, may_point_at=set()) for pk in sorted(candidates)}
    going = set(files)
    while True:
        covered = set().union(*(files[pk].objects() for pk in going)) if going else set()
        tied = {pk for pk in going if not set(files[pk].blockers) <= covered}
        if not tied:
            break
        going -= tied
    together = dossier.File()
    for pk in going:
        for model, ids in files[pk].rows.items():
            together.rows[model] |= ids
    return together


def _destroy(found: dossier.File) -> None:
    """Delete the file's rows: links that can be NULL cleared, then each model in dependency order; stored files
    removed from storage once the transaction commits."""
    for model, fk in dossier.nullable_links(found):
        for chunk in dossier.chunked(found.ids(model)):
            model._base_manager.filter(pk__in=chunk, **{f"{fk.attname}__isnull": False}).update(**{fk.attname: None})
    stored: list[str] = []
    for model in dossier.deletion_order(found):
        for chunk in dossier.chunked(found.ids(model)):
            for file_field in dossier.file_fields(model):
                stored += [name for name in model._base_manager.filter(pk__in=chunk)
                           .values_list(file_field.attname, flat=True) if name]
            model._base_manager.filter(pk__in=chunk).delete()
    if stored:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in stored])
