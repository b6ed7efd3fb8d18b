"""Reads: the social map (public, no personal data), the catalogue as of a day (tariff, contract), indications and
decisions (scoped, logged), worklists per mandate task, and budgets and contract ceilings (set-based, no personal
data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from toegang.accounts.models import Gemeente, Medewerker, Organisatie
from toegang.audit.log import log_access
from toegang.audit.models import ChangeLog
from toegang.cases.models import Casus
from toegang.cases.queries import case_scope
from toegang.core.actor import Actor
from toegang.core.errors import NotFound
from toegang.intake.models import Melding
from toegang.intake.queries import melding_scope
from toegang.plans.queries import current_version

from .forecast import forecast
from .models import (
    Besluit,
    Bezwaar,
    Budget,
    BudgetPart,
    BudgetPartCategory,
    Contract,
    Indicatie,
    MandateGroup,
    Product,
    Raadpleging,
    Tarief,
    Verplichting,
    Voorziening,
)
from .money import CENT

WARN_SHARE = Decimal("0.70")  # the Wmo contract standard's consultation threshold on a provider's ceiling


def actor_profiles(actor: Actor):
    """The profiles of the gemeenten where the actor holds a role, as a subquery (the catalogue they work with)."""
    return Gemeente.objects.filter(pk__in=list(actor.roles)).values("profile_id")


def tariff_on(product: Product, day: dt.date) -> Tarief | None:
    """The product's tariff that applies on `day` (the latest that started by then and has not ended)."""
    return (product.tariffs.filter(valid_from__lte=day).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .order_by("-valid_from").first())


def contract_for(provider: Organisatie, product: Product, day: dt.date) -> Contract | None:
    """The provider's contract for the product that runs on `day` (the latest that started by then)."""
    return (Contract.objects.filter(provider=provider, products=product, valid_from__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day)).order_by("-valid_from").first())


def stacked_with(indicatie: Indicatie) -> list[Indicatie]:
    """The client's other indications of the same kind of help whose period overlaps this one's: the same law and
    product category (the iJw/iWmo LDT_ProductCategorie), still proposed or established, or decided and granted
    (not refused, not replaced by a correction). Stadskanaal seed 004 §5.7: "2, 3 of 4 producten die deels
    overlappen, terwijl één integraal traject goedkoper kan zijn". A signal for the one who decides, not a refusal:
    two products of one category can be adequate together. One query."""
    qs = (Indicatie.objects.filter(client_id=indicatie.client_id, gemeente_id=indicatie.gemeente_id,
                                   voorziening__law=indicatie.voorziening.law,
                                   product__category=indicatie.product.category,
                                   start__lte=indicatie.end, end__gte=indicatie.start)
          .exclude(pk=indicatie.pk).exclude(status=Indicatie.Status.INGETROKKEN)
          .exclude(besluit__outcome=Besluit.Outcome.AFGEWEZEN).exclude(besluit__status=Besluit.Status.VERVANGEN))
    if indicatie.replaces_id:  # a correction does not stack on the decision it corrects
        qs = qs.exclude(besluit__pk=indicatie.replaces_id)
    return list(qs.select_related("product", "provider").order_by("start", "pk"))


@dataclass(frozen=True)
class Priced:
    product: Product
    amount: Decimal  # the tariff (or maximum price) per unit on the day asked


def products_by_cost(product: Product, day: dt.date) -> list[Priced]:
    """The catalogue's products of the same law and product category as `product`, valid on `day`, with their
    tariff that day, cheapest first (ties by code): the comparison for "goedkoopst adequaat" (Stadskanaal seed 004
    §5.7: first adequate, then with the client the cheapest; the RIGG productenboek has one maximum price per
    product). Per unit: products with different units are listed, the comparison is the reader's. One query."""
    on_day = (Tarief.objects.filter(product_id=OuterRef("pk"), valid_from__lte=day)
              .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day)).order_by("-valid_from").values("amount")[:1])
    rows = (Product.objects.filter(voorziening__profile_id=product.voorziening.profile_id,
                                   voorziening__law=product.voorziening.law, voorziening__active=True,
                                   category=product.category, valid_from__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .annotate(amount_on_day=Subquery(on_day, output_field=DecimalField(max_digits=10, decimal_places=2)))
            .filter(amount_on_day__isnull=False).select_related("voorziening").order_by("amount_on_day", "code"))
    return [Priced(product=row, amount=row.amount_on_day) for row in rows]


def plan_goals(casus: Casus) -> list[dict]:
    """The goals of the case's current plan version (a provision contributes to some of them)."""
    version = current_version(casus)
    return list(version.content.get("goals", [])) if version else []


def mandate_holder_ids(gemeente_id: int, group: MandateGroup | None, task: str) -> list[int]:
    """Active staff whose role in the gemeente holds `task` for the kind of provision (who to notify)."""
    roles = group.tasks.get(task, []) if group else []
    return list(Medewerker.objects.filter(role_assignments__gemeente_id=gemeente_id,
                                          role_assignments__role__code__in=roles, is_active=True)
                .values_list("pk", flat=True).distinct())


def formalising(gemeente: Gemeente, group: MandateGroup | None) -> dict | None:
    """The profile's `formaliseren` rule of a kind of provision (`mandaten[].formaliseren`, docs/decisions.md), or
    None: whoever decides without holding 'indicatie' only formalises what was indicated (BUCH seed 001 §4.4.1:
    the back office "formaliseert de oplossingen die in het ondersteuningsplan door de generalist zijn besproken")."""
    if group is None:
        return None
    for item in gemeente.profile.data.get("mandaten", []):
        if item.get("code") == group.code and item.get("formaliseren"):
            return item["formaliseren"]
    return None


def disagreement_recipient_ids(indicatie: Indicatie, roles: list[str]) -> list[int]:
    """Who hears the back office's disagreement with an indication: active members of the follow-up team (the
    case's, or the single question's melding's) holding one of `roles` in the gemeente; when the team has none,
    every active holder of those roles in the gemeente."""
    holders = Medewerker.objects.filter(role_assignments__gemeente_id=indicatie.gemeente_id,
                                        role_assignments__role__code__in=roles, is_active=True)
    team_id = follow_up(indicatie).team_id
    in_team = list(holders.filter(team_memberships__team_id=team_id).values_list("pk", flat=True).distinct()) \
        if team_id else []
    return in_team or list(holders.values_list("pk", flat=True).distinct())


def disagreements_of(indicatie: Indicatie) -> list[ChangeLog]:
    """The back office's disagreements with the indication (event indicatie.bedenking, actions.check_raise_disagreement),
    oldest first, with who raised them: one query. For a page that read the indication already (access_indication)."""
    return list(ChangeLog.objects.filter(event="indicatie.bedenking", object_type="provisions.indicatie",
                                         object_id=str(indicatie.pk)).select_related("actor").order_by("seq"))


def current_indication(indicatie: Indicatie) -> Indicatie:
    """The indication as stored now, for an action that already holds it (read through access_indication, or
    handed in by a job): a decision depends on the current status, not on what a page showed. Not logged here."""
    return Indicatie.objects.select_related("gemeente", "casus", "aanvraag__melding", "voorziening__mandate_group")\
        .get(pk=indicatie.pk)


def current_besluit(besluit: Besluit) -> Besluit:
    """The decision as stored now, for an action that already holds it (see current_indication)."""
    return Besluit.objects.select_related("gemeente", "indicatie__casus", "indicatie__aanvraag__melding",
                                          "indicatie__voorziening__mandate_group").get(pk=besluit.pk)


@dataclass(frozen=True)
class FollowUp:
    """Who carries the work after a decision (the objection terms' clocks, the re-assessment task): the case's team
    and director, or for a single question without a case the melding's team and handler (the vaste
    contactpersoon)."""

    household_id: int
    team_id: int | None
    owner_id: int | None
    casus_id: int | None


def follow_up(indicatie: Indicatie) -> FollowUp:
    if indicatie.casus_id is not None:
        casus = indicatie.casus
        return FollowUp(household_id=indicatie.household_id, team_id=casus.team_id, owner_id=casus.case_director_id,
                        casus_id=casus.pk)
    melding = indicatie.aanvraag.melding
    return FollowUp(household_id=indicatie.household_id, team_id=melding.team_id, owner_id=melding.assigned_to_id,
                    casus_id=None)


def social_map(*, q: str = "", law: str = "", gemeente_id: int | None = None) -> QuerySet[Voorziening]:
    qs = Voorziening.objects.filter(kind=Voorziening.Kind.ALGEMEEN, active=True).select_related("organisation")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q) | Q(audience__icontains=q)
                       | Q(location__icontains=q))
    if law:
        qs = qs.filter(law=law)
    if gemeente_id:
        qs = qs.filter(gemeenten__id=gemeente_id)
    return qs.order_by("name")


def mandate_rows(actor: Actor) -> list[tuple[int, dict, int]]:
    """(mandate group id, its tasks, gemeente id) for the gemeenten where the actor holds a role. One query."""
    if actor.is_system or not actor.roles:
        return []
    return list(MandateGroup.objects.filter(profile__gemeenten__id__in=list(actor.roles))
                .values_list("pk", "tasks", "profile__gemeenten__id"))


def mandate_pairs(actor: Actor, tasks: tuple[str, ...] | None = None,
                  rows: list[tuple[int, dict, int]] | None = None) -> list[tuple[int, int]]:
    """(gemeente id, mandate group id) where the actor holds any of `tasks` (any task when None)."""
    pairs = []
    for group_id, group_tasks, gemeente_id in (mandate_rows(actor) if rows is None else rows):
        roles = set(actor.roles.get(gemeente_id, ()))
        if any(roles & set(group_tasks.get(t, [])) for t in (tasks or group_tasks.keys())):
            pairs.append((gemeente_id, group_id))
    return pairs


def _pairs_q(pairs: list[tuple[int, int]], gemeente_field: str, group_field: str) -> Q:
    """Rows whose gemeente (`gemeente_field`) and kind of provision (`group_field`, a mandate group id) is one of
    the pairs."""
    q = Q(pk__in=[])
    by_gemeente: dict[int, list[int]] = {}
    for gemeente_id, group_id in pairs:
        by_gemeente.setdefault(gemeente_id, []).append(group_id)
    for gemeente_id, group_ids in by_gemeente.items():
        q |= Q(**{gemeente_field: gemeente_id, f"{group_field}__in": group_ids})
    return q


def _indication_pairs_q(pairs, prefix: str = "") -> Q:
    return _pairs_q(pairs, f"{prefix}gemeente_id", f"{prefix}voorziening__mandate_group_id")


def _besluit_pairs_q(pairs, prefix: str = "") -> Q:
    return _pairs_q(pairs, f"{prefix}gemeente_id", f"{prefix}indicatie__voorziening__mandate_group_id")


# Who sees an indication, a decision, its letter and its objections (issue 9; docs/decisions.md "Issue 9"):
# whoever sees the case (cases.queries.case_scope) — or, for a single question without a case (issue 11 point 16),
# exactly whoever sees its melding (intake.queries.melding_scope: the handler, the team, the district's teams, the
# gemeente-wide roles, those involved with the household who do intake work) — and, by mandate, exactly what a
# worklist role acts on, in the gemeente and for the kind of provision of the mandate (the decider and the back
# office have no case access):
#   indicatie, beschikking      indications waiting for the indication or the decision (voorstel, vastgesteld);
#   beschikking                 every decision of that kind: the second opinion, the established one, objections
#                               against a sent or replaced one (registering and deciding them);
#   administratieve-verwerking  established, sent and replaced decisions: sending the letter, registering objections.
# An indication is also visible to whoever sees its decision. The task 'inventarisatie en diagnose' (and having
# prepared the proposal) widens nothing: a mandate says what someone may do, the case says what they may see.
WORKLIST_TASKS = ("indicatie", "beschikking", "administratieve-verwerking")
OPEN_INDICATION = (Indicatie.Status.VOORSTEL, Indicatie.Status.VASTGESTELD)
SENDING_STATES = (Besluit.Status.VASTGESTELD, Besluit.Status.VERZONDEN, Besluit.Status.VERVANGEN)


@dataclass(frozen=True)
class WorklistPairs:
    """(gemeente id, mandate group id) pairs per worklist role of one actor (one query for the mandates)."""

    decide: list[tuple[int, int]]       # indicatie or beschikking: open indications
    beschikking: list[tuple[int, int]]  # every decision
    send: list[tuple[int, int]]         # administratieve-verwerking: decisions from established on

    @classmethod
    def of(cls, actor: Actor, rows: list[tuple[int, dict, int]] | None = None) -> WorklistPairs:
        rows = mandate_rows(actor) if rows is None else rows
        return cls(decide=mandate_pairs(actor, ("indicatie", "beschikking"), rows),
                   beschikking=mandate_pairs(actor, ("beschikking",), rows),
                   send=mandate_pairs(actor, ("administratieve-verwerking",), rows))


def _besluit_work_q(work: WorklistPairs, pairs_q, status_field: str) -> Q:
    """The decisions a worklist role acts on; `pairs_q` places the pairs on the row's gemeente and kind."""
    return ((pairs_q(work.beschikking) & Q(**{f"{status_field}__in": Besluit.Status.values}))
            | (pairs_q(work.send) & Q(**{f"{status_field}__in": SENDING_STATES})))


def _case_visible(actor: Actor, casus_field: str) -> Q:
    # through the row's own case (a join on its key), never by listing every visible case first (issue 16)
    return case_scope(actor, prefix=casus_field.removesuffix("_id") + "__")


def _melding_visible(actor: Actor, melding_field: str) -> Q:
    # correlated EXISTS over the melding's own scope: a mandate plays no part in it
    return Q(Exists(Melding.objects.filter(melding_scope(actor), pk=OuterRef(melding_field))))


def _file_visible(actor: Actor, indication_prefix: str) -> Q:
    """The indication's file: its case, or (no case: a single question) its aanvraag's melding."""
    return (_case_visible(actor, f"{indication_prefix}casus_id")
            | (Q(**{f"{indication_prefix}casus__isnull": True})
               & _melding_visible(actor, f"{indication_prefix}aanvraag__melding_id")))


def indication_scope(actor: Actor, prefix: str = "") -> Q:
    """Q over Indicatie (or, with `prefix`, a model pointing at one): the indications the actor may see."""
    if actor.is_system:
        return Q()
    work = WorklistPairs.of(actor)
    q = _file_visible(actor, prefix)
    q |= _indication_pairs_q(work.decide, prefix) & Q(**{f"{prefix}status__in": OPEN_INDICATION})
    q |= _besluit_work_q(work, lambda pairs: _indication_pairs_q(pairs, prefix), f"{prefix}besluit__status")
    return q


def besluit_scope(actor: Actor, prefix: str = "") -> Q:
    """Q over Besluit (or, with `prefix`, a model pointing at one, e.g. 'besluit__' for objections): the decisions
    (with their letters and objections) the actor may see."""
    if actor.is_system:
        return Q()
    work = WorklistPairs.of(actor)
    q = _file_visible(actor, f"{prefix}indicatie__")
    q |= _besluit_work_q(work, lambda pairs: _besluit_pairs_q(pairs, prefix), f"{prefix}status")
    return q


def list_indications_for(actor: Actor) -> QuerySet[Indicatie]:
    """Scoped; the caller pages and logs the clients shown (log_clients)."""
    return Indicatie.objects.filter(indication_scope(actor))


def list_besluiten_for(actor: Actor) -> QuerySet[Besluit]:
    return Besluit.objects.filter(besluit_scope(actor))


def list_bezwaren_for(actor: Actor) -> QuerySet[Bezwaar]:
    return Bezwaar.objects.filter(besluit_scope(actor, "besluit__"))


def can_see_indication(actor: Actor, indicatie: Indicatie) -> bool:
    return list_indications_for(actor).filter(pk=indicatie.pk).exists()


def can_see_besluit(actor: Actor, besluit: Besluit) -> bool:
    return list_besluiten_for(actor).filter(pk=besluit.pk).exists()


# What the pages show; few joins on purpose (planning a 20-join query costs more than running it).
INDICATION_RELATED = ["aanvraag", "client", "voorziening__mandate_group", "product", "provider", "contract",
                      "prepared_by", "indicated_by"]


def access_indication(actor: Actor, pk: int, *, purpose: str, channel: str, resource: str = "") -> Indicatie:
    # the profile with it: the page reads the rules of its kind of provision (formaliseren, the expert advice)
    # (and the product's kind, which the cheapest-adequate comparison reads)
    indicatie = list_indications_for(actor).select_related(*INDICATION_RELATED, "gemeente__profile",
                                                          "product__voorziening").filter(pk=pk).first()
    if indicatie is None:
        raise NotFound(gettext("Indicatie niet gevonden."))
    log_access(actor=actor, subject_ids=[indicatie.client_id], purpose=purpose, channel=channel, resource=resource,
               gemeente_id=indicatie.gemeente_id)
    return indicatie


BESLUIT_RELATED = ["indicatie__aanvraag", "indicatie__client", "indicatie__voorziening__mandate_group",
                   "indicatie__provider", "decided_by", "second_by", "sent_by"]


def access_besluit(actor: Actor, pk: int, *, purpose: str, channel: str, resource: str = "") -> Besluit:
    besluit = list_besluiten_for(actor).select_related(*BESLUIT_RELATED).filter(pk=pk).first()
    if besluit is None:
        raise NotFound(gettext("Besluit niet gevonden."))
    log_access(actor=actor, subject_ids=[besluit.indicatie.client_id], purpose=purpose, channel=channel,
               resource=resource, gemeente_id=besluit.gemeente_id)
    return besluit


def indications_of_case(actor: Actor, casus) -> list[Indicatie]:
    """The case's indications with their decisions (the case itself was read, and logged, by access_case)."""
    return list(Indicatie.objects.filter(casus=casus).select_related("voorziening", "product", "provider", "client",
                                                                      "besluit", "prepared_by")
                .order_by("-prepared_at"))


def indications_of_aanvraag(aanvraag) -> list[Indicatie]:
    """The indications prepared on an aanvraag without a case, with their decisions (the page read the aanvraag,
    and logged it, through its melding's scope)."""
    return list(Indicatie.objects.filter(aanvraag=aanvraag, casus__isnull=True)
                .select_related("voorziening", "product", "provider", "client", "besluit", "prepared_by")
                .order_by("-prepared_at"))


def single_question_provisions(actor: Actor, household, limit: int = 10) -> list[Indicatie]:
    """For the household page: the household's indications without a case (single questions) that the actor sees
    through their melding, newest first, withdrawn ones left out. One query; the household page logged the members
    it shows. A mandate widens nothing here either (melding_scope only)."""
    if actor.is_system:
        scope = Q()
    else:
        scope = _melding_visible(actor, "aanvraag__melding_id")
    return list(Indicatie.objects.filter(scope, household=household, casus__isnull=True)
                .exclude(status=Indicatie.Status.INGETROKKEN)
                .select_related("voorziening", "client", "besluit", "aanvraag").order_by("-start", "-id")[:limit])


def household_provisions(actor: Actor, household, casus=None, limit: int = 10) -> tuple[list, list]:
    """For the household page, in one query: the open case's indications (`casus`, read and logged by the page)
    and the single-question ones of single_question_provisions (without a case, seen through their melding), each
    newest first, withdrawn ones left out, at most `limit` of each (the query fetches twice that)."""
    single = Q(household=household, casus__isnull=True)
    if not actor.is_system:
        single &= _melding_visible(actor, "aanvraag__melding_id")
    rows = list(Indicatie.objects.filter(single | Q(casus=casus) if casus is not None else single)
                .exclude(status=Indicatie.Status.INGETROKKEN)
                .select_related("voorziening", "client", "besluit", "aanvraag").order_by("-start", "-id")[:2 * limit])
    return [r for r in rows if r.casus_id][:limit], [r for r in rows if not r.casus_id][:limit]


def log_clients(actor: Actor, client_ids, *, purpose: str, channel: str, resource: str) -> None:
    """One access-log row for the clients a list shows (each once)."""
    log_access(actor=actor, subject_ids=sorted(set(client_ids)), purpose=purpose, channel=channel, resource=resource)


def worklist(actor: Actor, *, resource: str = "", limit: int = 50) -> dict[str, list]:
    """What waits for me by mandate: proposals to indicate or decide, decisions for a second opinion, decisions to
    send, objections to decide. Four queries (plus the one for my mandates); the clients shown are logged. Each list
    is a part of what the worklist role may see (indication_scope, besluit_scope), built from the same pairs."""
    rows = mandate_rows(actor)
    work = WorklistPairs.of(actor, rows)
    related = ["client", "voorziening", "product", "casus", "prepared_by"]
    out = {
        "to_decide": list(Indicatie.objects.filter(_indication_pairs_q(work.decide), status__in=OPEN_INDICATION)
                          .select_related(*related).order_by("prepared_at")[:limit]) if work.decide else [],
        "to_second": list(Besluit.objects.filter(_besluit_pairs_q(work.beschikking), status=Besluit.Status.TWEEDE)
                          .exclude(decided_by_id=actor.user_id)
                          .select_related(*[f"indicatie__{r}" for r in related], "decided_by")
                          .order_by("decided_at")[:limit]) if work.beschikking else [],
        "to_send": list(Besluit.objects.filter(_besluit_pairs_q(work.send), status=Besluit.Status.VASTGESTELD)
                        .select_related(*[f"indicatie__{r}" for r in related]).order_by("established_on")[:limit])
        if work.send else [],
        "objections": list(Bezwaar.objects.filter(_besluit_pairs_q(work.beschikking, "besluit__"), outcome="")
                           .select_related("besluit", "besluit__indicatie__client", "besluit__indicatie__voorziening")
                           .order_by("received_on")[:limit]) if work.beschikking else [],
    }
    subjects = [i.client_id for i in out["to_decide"]] + [b.indicatie.client_id for b in out["to_second"]]
    subjects += [b.indicatie.client_id for b in out["to_send"]] + [o.besluit.indicatie.client_id
                                                                   for o in out["objections"]]
    log_clients(actor, subjects, purpose="werkvoorraad voorzieningen", channel="ui", resource=resource)
    out["has_mandate"] = bool(mandate_pairs(actor, WORKLIST_TASKS, rows))
    return out


# Realised spend (issue 14 item 5; docs/messaging.md "Declaraties"): the approved lines of providers' declarations
# (messaging's DeclaratieRegel, status "goedgekeurd", a credit line negative) on the assignments of the decisions,
# reached through the reverse relations Indicatie → toewijzingen → declaratieregels, so provisions imports nothing
# from messaging. In one filter() call the conditions hold for the same line, and the Sum after it adds those lines.
APPROVED_LINES = "toewijzingen__declaratieregels"


def _realised_cents(group_by: str, **conditions) -> Subquery:
    lines = Indicatie.objects.filter(**{f"{APPROVED_LINES}__status": "goedgekeurd"}, **conditions)
    return Coalesce(Subquery(lines.order_by().values(group_by).annotate(total=Sum(f"{APPROVED_LINES}__amount_cents"))
                             .values("total")[:1], output_field=BigIntegerField()), Value(0),
                    output_field=BigIntegerField())


def budgets(gemeente_ids: list[int], year: int, today: dt.date | None = None) -> list[Budget]:
    """Budgets of a year with the committed amount (active commitments of the same law, and category when the
    budget has one), the realised spend (approved declaration lines of the same law and category whose period
    begins in the year) and the forecast to the year's end (`forecast.py`). One query."""
    money = DecimalField(max_digits=16, decimal_places=2)
    same = Verplichting.objects.filter(released_on__isnull=True, gemeente_id=OuterRef("gemeente_id"),
                                       year=OuterRef("year"), law=OuterRef("law"))
    all_categories = same.order_by().values("law").annotate(total=Sum("amount")).values("total")[:1]
    one_category = same.filter(category=OuterRef("category")).order_by().values("law")\
        .annotate(total=Sum("amount")).values("total")[:1]
    realised = {"gemeente_id": OuterRef("gemeente_id"), "toewijzingen__law": OuterRef("law"),
                f"{APPROVED_LINES}__period_start__year": OuterRef("year")}
    rows = list(Budget.objects.filter(gemeente_id__in=gemeente_ids, year=year).select_related("gemeente")
                .annotate(all_committed=Coalesce(Subquery(all_categories, output_field=money), Value(0), output_field=money),
                          cat_committed=Coalesce(Subquery(one_category, output_field=money), Value(0), output_field=money),
                          all_realised=_realised_cents("gemeente_id", **realised),
                          cat_realised=_realised_cents("gemeente_id", **realised,
                                                       toewijzingen__product_category=OuterRef("category")),
                          has_split=Exists(BudgetPart.objects.filter(budget_id=OuterRef("pk"))))
                .order_by("gemeente__name", "law", "category"))
    today = today or timezone.localdate()
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for row in rows:
        row.committed = Decimal(row.cat_committed if row.category else row.all_committed).quantize(CENT)
        row.share = (row.committed / row.amount) if row.amount else Decimal(0)
        row.realised = (Decimal(row.cat_realised if row.category else row.all_realised) / 100).quantize(CENT)
        row.forecast = forecast(budget=row.amount, committed=row.committed, realised=row.realised, start=start,
                                end=end, today=today)
    return rows


def budget_parts(budget_ids: list[int], today: dt.date | None = None) -> list[BudgetPart]:
    """The parts of budgets split by a guideline, each with its amount (share × budget), what is committed and
    realised in its product categories (as `budgets()` counts them), its categories and the forecast. One query
    (over the parts' categories, a row each; the sums are the part's)."""
    money = DecimalField(max_digits=16, decimal_places=2)
    categories = BudgetPartCategory.objects.filter(part_id=OuterRef(OuterRef("part_id"))).values("category")
    committed = Verplichting.objects.filter(
        released_on__isnull=True, gemeente_id=OuterRef("part__budget__gemeente_id"),
        year=OuterRef("part__budget__year"), law=OuterRef("part__budget__law"), category__in=categories)\
        .order_by().values("law").annotate(total=Sum("amount")).values("total")[:1]
    rows = (BudgetPartCategory.objects.filter(part__budget_id__in=budget_ids).select_related("part__budget")
            .annotate(committed=Coalesce(Subquery(committed, output_field=money), Value(0), output_field=money),
                      realised_cents=_realised_cents(
                          "gemeente_id", gemeente_id=OuterRef("part__budget__gemeente_id"),
                          toewijzingen__law=OuterRef("part__budget__law"),
                          **{f"{APPROVED_LINES}__period_start__year": OuterRef("part__budget__year")},
                          toewijzingen__product_category__in=categories))
            .order_by("part__budget_id", "part__position", "category")) if budget_ids else []
    parts: dict[int, BudgetPart] = {}
    for row in rows:
        part = parts.setdefault(row.part_id, row.part)
        part.category_codes = [*getattr(part, "category_codes", []), row.category]
        part.committed, part.realised_cents = row.committed, row.realised_cents
    today = today or timezone.localdate()
    for part in parts.values():
        part.amount = (part.budget.amount * part.share).quantize(CENT)
        part.committed = Decimal(part.committed).quantize(CENT)
        part.realised = (Decimal(part.realised_cents) / 100).quantize(CENT)
        year = part.budget.year
        part.forecast = forecast(budget=part.amount, committed=part.committed, realised=part.realised,
                                 start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), today=today)
    return list(parts.values())


def contracts(gemeente_ids: list[int], today: dt.date | None = None) -> list[Contract]:
    """Contracts with the committed amount and the share of the ceiling; `warn` from 70%; the realised spend
    (approved declaration lines on the contract's decisions, all term years) — of the profiles of `gemeente_ids`;
    the forecast to the end of the term,
    or of this year when the contract has no end (`forecast.py`). One query."""
    money = DecimalField(max_digits=16, decimal_places=2)
    committed = Verplichting.objects.filter(released_on__isnull=True, contract_id=OuterRef("pk")).order_by()\
        .values("contract_id").annotate(total=Sum("amount")).values("total")[:1]
    rows = list(Contract.objects.filter(profile__in=Gemeente.objects.filter(pk__in=gemeente_ids).values("profile_id"))
                .select_related("provider")
                .annotate(committed=Coalesce(Subquery(committed, output_field=money), Value(0), output_field=money),
                          realised_cents=_realised_cents("contract_id", contract_id=OuterRef("pk")))
                .order_by("provider__name", "code"))
    today = today or timezone.localdate()
    for row in rows:
        row.committed = Decimal(row.committed).quantize(CENT)
        row.realised = (Decimal(row.realised_cents) / 100).quantize(CENT)
        row.share = (row.committed / row.ceiling) if row.ceiling else Decimal(0)
        row.warn = row.share >= WARN_SHARE
        row.forecast_end = row.valid_until or dt.date(today.year, 12, 31)
        row.forecast = forecast(budget=row.ceiling, committed=row.committed, realised=row.realised,
                                start=row.valid_from, end=max(row.forecast_end, row.valid_from), today=today)
    return rows


def contract_share_after(contract: Contract | None, extra: Decimal = Decimal(0)) -> tuple[Decimal, bool] | None:
    """(share of the ceiling committed, at or over 70%) for one contract, optionally with an extra amount."""
    if contract is None or not contract.ceiling:
        return None
    committed = Verplichting.objects.filter(released_on__isnull=True, contract=contract)\
        .aggregate(total=Sum("amount"))["total"] or Decimal(0)
    share = (committed + extra) / contract.ceiling
    return share, share >= WARN_SHARE


def consultations_of(*, casus=None, melding=None) -> list[Raadpleging]:
    """The expert consultations on a case, or on a single question's melding (no case), newest first, with who
    asked and the provision they are about: one query. The caller read (and logged) the case or melding."""
    rows = Raadpleging.objects.filter(casus=casus) if casus is not None \
        else Raadpleging.objects.filter(melding=melding, casus__isnull=True)
    return list(rows.select_related("voorziening", "asked_by", "advice_by").order_by("-asked_on", "-pk"))
