"""Reads: the social map (public, no personal data), indications and decisions (scoped, logged), worklists per
mandate task, and budgets and contract ceilings (set-based, no personal data)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from toegang.audit.log import log_access
from toegang.cases.models import Casus
from toegang.cases.queries import case_scope
from toegang.core.actor import Actor
from toegang.core.errors import NotFound

from .models import Besluit, Bezwaar, Budget, Contract, Indicatie, MandateGroup, Verplichting, Voorziening

WARN_SHARE = Decimal("0.70")
CENT = Decimal("0.01")  # the Wmo contract standard's consultation threshold on a provider's ceiling


def actor_profiles(actor: Actor):
    """The profiles of the gemeenten where the actor holds a role, as a subquery (the catalogue they work with)."""
    from toegang.accounts.models import Gemeente

    return Gemeente.objects.filter(pk__in=list(actor.roles)).values("profile_id")


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


def _pairs_q(pairs: list[tuple[int, int]], prefix: str = "", gemeente_field: str | None = None) -> Q:
    """Rows whose gemeente (`gemeente_field`, default through `prefix`) and kind of provision (through `prefix`)
    is one of the pairs."""
    q = Q(pk__in=[])
    by_gemeente: dict[int, list[int]] = {}
    for gemeente_id, group_id in pairs:
        by_gemeente.setdefault(gemeente_id, []).append(group_id)
    for gemeente_id, group_ids in by_gemeente.items():
        q |= Q(**{gemeente_field or f"{prefix}gemeente_id": gemeente_id,
                  f"{prefix}voorziening__mandate_group_id__in": group_ids})
    return q


# Information and advice is general; the later tasks need the file (and so see it, in their gemeente).
VISIBLE_TASKS = ("inventarisatie-diagnose", "indicatie", "beschikking", "administratieve-verwerking")


def indication_scope(actor: Actor, prefix: str = "") -> Q:
    """Who sees an indication (and its decision): whoever sees the case, whoever holds a mandate task beyond
    information and advice for its kind of provision in its gemeente (the decider, the back office), and who
    prepared it."""
    if actor.is_system:
        return Q()
    # correlated EXISTS: checked per row by the case's primary key, never by listing every visible case
    q = Q(Exists(Casus.objects.filter(case_scope(actor), pk=OuterRef(f"{prefix}casus_id"))))
    q |= _pairs_q(mandate_pairs(actor, VISIBLE_TASKS), prefix)
    if actor.user_id is not None:
        q |= Q(**{f"{prefix}prepared_by_id": actor.user_id})
    return q


# What the pages show; few joins on purpose (planning a 20-join query costs more than running it).
INDICATION_RELATED = ["aanvraag", "client", "voorziening__mandate_group", "product", "provider", "contract",
                      "prepared_by", "indicated_by"]


def access_indication(actor: Actor, pk: int, *, purpose: str, channel: str, resource: str = "") -> Indicatie:
    indicatie = Indicatie.objects.filter(indication_scope(actor)).select_related(*INDICATION_RELATED)\
        .filter(pk=pk).first()
    if indicatie is None:
        raise NotFound("Indicatie niet gevonden.")
    log_access(actor=actor, subject_ids=[indicatie.client_id], purpose=purpose, channel=channel, resource=resource,
               gemeente_id=indicatie.gemeente_id)
    return indicatie


def _besluit_scope(actor: Actor) -> Q:
    return indication_scope(actor, "indicatie__")


BESLUIT_RELATED = ["indicatie__aanvraag", "indicatie__client", "indicatie__voorziening__mandate_group",
                   "indicatie__provider", "decided_by", "second_by", "sent_by"]


def access_besluit(actor: Actor, pk: int, *, purpose: str, channel: str, resource: str = "") -> Besluit:
    besluit = Besluit.objects.filter(_besluit_scope(actor)).select_related(*BESLUIT_RELATED).filter(pk=pk).first()
    if besluit is None:
        raise NotFound("Besluit niet gevonden.")
    log_access(actor=actor, subject_ids=[besluit.indicatie.client_id], purpose=purpose, channel=channel,
               resource=resource, gemeente_id=besluit.gemeente_id)
    return besluit


def indications_of_case(actor: Actor, casus) -> list[Indicatie]:
    """The case's indications with their decisions (the case itself was read, and logged, by access_case)."""
    return list(Indicatie.objects.filter(casus=casus).select_related("voorziening", "product", "provider", "client",
                                                                      "besluit", "prepared_by")
                .order_by("-prepared_at"))


def log_clients(actor: Actor, client_ids, *, purpose: str, channel: str, resource: str) -> None:
    """One access-log row for the clients a list shows (each once)."""
    log_access(actor=actor, subject_ids=sorted(set(client_ids)), purpose=purpose, channel=channel, resource=resource)


def worklist(actor: Actor, *, resource: str = "", limit: int = 50) -> dict[str, list]:
    """What waits for me by mandate: proposals to indicate or decide, decisions for a second opinion, decisions to
    send, objections to decide. Four queries (plus the one for my mandates); the clients shown are logged."""
    rows = mandate_rows(actor)
    decide = mandate_pairs(actor, ("indicatie", "beschikking"), rows)
    send = mandate_pairs(actor, ("administratieve-verwerking",), rows)
    beschikking = mandate_pairs(actor, ("beschikking",), rows)
    related = ["client", "voorziening", "product", "casus", "prepared_by"]
    out = {
        "to_decide": list(Indicatie.objects.filter(_pairs_q(decide), status__in=[Indicatie.Status.VOORSTEL,
                                                                                   Indicatie.Status.VASTGESTELD])
                          .select_related(*related).order_by("prepared_at")[:limit]) if decide else [],
        "to_second": list(Besluit.objects.filter(_pairs_q(beschikking, "indicatie__", "gemeente_id"), status=Besluit.Status.TWEEDE)
                          .exclude(decided_by_id=actor.user_id)
                          .select_related(*[f"indicatie__{r}" for r in related], "decided_by")
                          .order_by("decided_at")[:limit]) if beschikking else [],
        "to_send": list(Besluit.objects.filter(_pairs_q(send, "indicatie__", "gemeente_id"), status=Besluit.Status.VASTGESTELD)
                        .select_related(*[f"indicatie__{r}" for r in related]).order_by("established_on")[:limit])
        if send else [],
        "objections": list(Bezwaar.objects.filter(_pairs_q(beschikking, "besluit__indicatie__", "gemeente_id"), outcome="")
                           .select_related("besluit", "besluit__indicatie__client", "besluit__indicatie__voorziening")
                           .order_by("received_on")[:limit]) if beschikking else [],
    }
    subjects = [i.client_id for i in out["to_decide"]] + [b.indicatie.client_id for b in out["to_second"]]
    subjects += [b.indicatie.client_id for b in out["to_send"]] + [o.besluit.indicatie.client_id
                                                                   for o in out["objections"]]
    log_clients(actor, subjects, purpose="werkvoorraad voorzieningen", channel="ui", resource=resource)
    out["has_mandate"] = bool(mandate_pairs(actor, VISIBLE_TASKS, rows))
    return out


def budgets(gemeente_ids: list[int], year: int) -> list[Budget]:
    """Budgets of a year with the committed amount (active commitments of the same law, and category when the
    budget has one). One query."""
    money = DecimalField(max_digits=16, decimal_places=2)
    same = Verplichting.objects.filter(released_on__isnull=True, gemeente_id=OuterRef("gemeente_id"),
                                       year=OuterRef("year"), law=OuterRef("law"))
    all_categories = same.order_by().values("law").annotate(total=Sum("amount")).values("total")[:1]
    one_category = same.filter(category=OuterRef("category")).order_by().values("law")\
        .annotate(total=Sum("amount")).values("total")[:1]
    rows = list(Budget.objects.filter(gemeente_id__in=gemeente_ids, year=year).select_related("gemeente")
                .annotate(all_committed=Coalesce(Subquery(all_categories, output_field=money), Value(0), output_field=money),
                          cat_committed=Coalesce(Subquery(one_category, output_field=money), Value(0), output_field=money))
                .order_by("gemeente__name", "law", "category"))
    for row in rows:
        row.committed = Decimal(row.cat_committed if row.category else row.all_committed).quantize(CENT)
        row.share = (row.committed / row.amount) if row.amount else Decimal(0)
    return rows


def contracts(profile_ids: list[int]) -> list[Contract]:
    """Contracts with the committed amount and the share of the ceiling; `warn` from 70%. One query."""
    money = DecimalField(max_digits=16, decimal_places=2)
    committed = Verplichting.objects.filter(released_on__isnull=True, contract_id=OuterRef("pk")).order_by()\
        .values("contract_id").annotate(total=Sum("amount")).values("total")[:1]
    rows = list(Contract.objects.filter(profile_id__in=profile_ids).select_related("provider")
                .annotate(committed=Coalesce(Subquery(committed, output_field=money), Value(0), output_field=money))
                .order_by("provider__name", "code"))
    for row in rows:
        row.committed = Decimal(row.committed).quantize(CENT)
        row.share = (row.committed / row.ceiling) if row.ceiling else Decimal(0)
        row.warn = row.share >= WARN_SHARE
    return rows


def contract_share_after(contract: Contract | None, extra: Decimal = Decimal(0)) -> tuple[Decimal, bool] | None:
    """(share of the ceiling committed, at or over 70%) for one contract, optionally with an extra amount."""
    if contract is None or not contract.ceiling:
        return None
    committed = Verplichting.objects.filter(released_on__isnull=True, contract=contract)\
        .aggregate(total=Sum("amount"))["total"] or Decimal(0)
    share = (committed + extra) / contract.ceiling
    return share, share >= WARN_SHARE
