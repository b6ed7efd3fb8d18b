"""What is due for destruction, and the destruction lists (docs/retention.md). Set-based: the due cases are one query
whatever their number, each law's term a condition on the closing date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from toegang.accounts.capabilities import RETENTION_DESTROY
from toegang.accounts.models import Gemeente
from toegang.cases.models import Casus
from toegang.core.actor import Actor
from toegang.core.errors import NotAllowed, NotFound
from toegang.intake.models import Melding
from toegang.persons.models import Household
from toegang.provisions.models import Indicatie

from .models import DestructionItem, DestructionList, Kind, RetentionHold
from .terms import LAWS, MELDING, WITHOUT_PROVISION, Term, terms_for


def _start_of_day_after(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _case_has_law(law: str) -> Q:
    return (Q(Exists(Indicatie.objects.filter(casus=OuterRef("pk"), voorziening__law=law)))
            | Q(Exists(Melding.objects.filter(casus=OuterRef("pk"), laws__icontains=f'"{law}"'))))


def _not_held(kind: str, today: dt.date) -> Q:
    return ~Q(Exists(RetentionHold.objects.filter(kind=kind, object_id=OuterRef("pk"), until__gte=today)))


def _not_on_open_list(kind: str) -> Q:
    return ~Q(Exists(DestructionItem.objects.filter(
        kind=kind, object_id=OuterRef("pk"), outcome=DestructionItem.Outcome.VOORGESTELD,
        destruction_list__status=DestructionList.Status.OPGESTELD)))


def due_cases(gemeente: Gemeente, today: dt.date, *, on_open_lists: bool = False,
              with_reentries: bool = False) -> QuerySet:
    """Closed cases whose every applicable term has passed: for each law the case holds a provision under (or a
    melding of it names) that law's term, without any the term for a case without provision. A law without a term
    keeps its cases. Not: a case a later case re-entered from, one kept longer (RetentionHold), one already on a list
    waiting for confirmation (unless `on_open_lists`: the re-check at confirmation). A case a later case re-entered
    from goes with that later case (`with_reentries`: with_predecessors)."""
    terms = terms_for(gemeente.profile.data)
    condition = Q(gemeente=gemeente, status=Casus.Status.AFGESLOTEN, closed_at__isnull=False)
    any_law = Q()
    for law in LAWS:
        has = _case_has_law(law)
        any_law |= has
        condition &= (~has | Q(closed_at__lt=_start_of_day_after(terms[law].closed_before(today)))) if law in terms \
            else ~has
    if WITHOUT_PROVISION in terms:
        condition &= any_law | Q(closed_at__lt=_start_of_day_after(terms[WITHOUT_PROVISION].closed_before(today)))
    else:
        condition &= any_law
    if not with_reentries:
        condition &= ~Q(Exists(Casus.objects.filter(reentry_of=OuterRef("pk"))))
    condition &= _not_held(Kind.CASUS, today)
    if not on_open_lists:
        condition &= _not_on_open_list(Kind.CASUS)
    return Casus.objects.filter(condition).order_by("closed_at", "pk")


def with_predecessors(gemeente: Gemeente, today: dt.date, cases: list[Casus]) -> list[Casus]:
    """The due cases and, after each, the earlier cases it re-entered from that are past their own term: a chain of
    re-entries is destroyed together (the earlier file belongs to the later one's history)."""
    out, seen = list(cases), {c.pk for c in cases}
    wanted = {c.reentry_of_id for c in cases if c.reentry_of_id} - seen
    while wanted:
        found = list(due_cases(gemeente, today, with_reentries=True).filter(pk__in=wanted))
        out += found
        seen |= {c.pk for c in found}
        wanted = {c.reentry_of_id for c in found if c.reentry_of_id} - seen
    return out


def without_files(gemeente: Gemeente, today: dt.date) -> QuerySet:
    """Households of the gemeente that no case or melding holds, registered before the shortest term (a melding's,
    else a case's without provision): nothing Toegang does needs them any more. None without such a term."""
    terms = terms_for(gemeente.profile.data)
    term = terms.get(MELDING) or terms.get(WITHOUT_PROVISION)
    if term is None:
        return Household.objects.none()
    return Household.objects.filter(
        gemeente=gemeente, created_at__lt=_start_of_day_after(term.closed_before(today)),
    ).exclude(Exists(Casus.objects.filter(household=OuterRef("pk")))).exclude(
        Exists(Melding.objects.filter(household=OuterRef("pk")))).order_by("created_at", "pk").values_list("pk", flat=True)


def due_meldingen(gemeente: Gemeente, today: dt.date, *, on_open_lists: bool = False) -> QuerySet:
    """Meldingen closed without a case (referred, or closed at the desk) whose term has passed."""
    terms = terms_for(gemeente.profile.data)
    if MELDING not in terms:
        return Melding.objects.none()
    condition = Q(gemeente=gemeente, casus__isnull=True, status=Melding.Status.AFGESLOTEN,
                  closed_at__lt=_start_of_day_after(terms[MELDING].closed_before(today))) & _not_held(Kind.MELDING, today)
    if not on_open_lists:
        condition &= _not_on_open_list(Kind.MELDING)
    return Melding.objects.filter(condition).order_by("closed_at", "pk")


@dataclass
class Due:
    kind: str
    object_id: int
    laws: list[str]
    closed_on: dt.date
    term: Term

    @property
    def due_on(self) -> dt.date:
        return self.term.due_on(self.closed_on)


def case_laws(case_ids: list[int]) -> dict[int, list[str]]:
    """The laws of each case: of its provisions and its meldingen (two queries)."""
    found: dict[int, set[str]] = defaultdict(set)
    for casus_id, law in Indicatie.objects.filter(casus_id__in=case_ids).values_list("casus_id", "voorziening__law")\
            .distinct():
        found[casus_id].add(law)
    for casus_id, laws in Melding.objects.filter(casus_id__in=case_ids).values_list("casus_id", "laws"):
        found[casus_id].update(law for law in laws or [] if law in LAWS)
    return {pk: sorted(laws) for pk, laws in found.items()}


def describe_cases(gemeente: Gemeente, cases: list[Casus]) -> list[Due]:
    terms = terms_for(gemeente.profile.data)
    laws = case_laws([c.pk for c in cases])
    out = []
    for casus in cases:
        mine = laws.get(casus.pk, [])
        applicable = [terms[law] for law in mine if law in terms] or [terms[WITHOUT_PROVISION]]
        out.append(Due(Kind.CASUS, casus.pk, mine, timezone.localdate(casus.closed_at),
                       max(applicable, key=lambda t: t.years)))
    return out


def describe_meldingen(gemeente: Gemeente, meldingen: list[Melding]) -> list[Due]:
    term = terms_for(gemeente.profile.data)[MELDING]
    return [Due(Kind.MELDING, m.pk, [law for law in m.laws or [] if law in LAWS], timezone.localdate(m.closed_at), term)
            for m in meldingen]


def retention_gemeenten(actor: Actor) -> list[Gemeente]:
    return list(Gemeente.objects.filter(pk__in=actor.gemeenten_with(RETENTION_DESTROY)).select_related("profile")
                .order_by("name"))


def lists_for(actor: Actor, gemeente: Gemeente) -> QuerySet:
    if not actor.can(RETENTION_DESTROY, gemeente.pk):
        raise NotAllowed(gettext("Alleen wie de bewaartermijnen beheert, ziet de vernietigingslijsten."))
    return DestructionList.objects.filter(gemeente=gemeente).select_related("proposed_by", "decided_by")\
        .order_by("-proposed_at", "-pk")


def get_list(actor: Actor, pk: int) -> DestructionList:
    found = DestructionList.objects.select_related("gemeente__profile", "proposed_by", "decided_by").filter(pk=pk).first()
    if found is None:
        raise NotFound(gettext("Deze vernietigingslijst bestaat niet."))
    if not actor.can(RETENTION_DESTROY, found.gemeente_id):
        raise NotAllowed(gettext("Alleen wie de bewaartermijnen beheert, ziet de vernietigingslijsten."))
    return found


def items_of(destruction_list: DestructionList) -> QuerySet:
    return destruction_list.items.order_by("due_on", "kind", "object_id")
