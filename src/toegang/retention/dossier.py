"""What a file is, for destruction: every row that hangs on it, found by walking the foreign keys (reads only).

Complete by construction, like the access-request export (audit/subject_export.py): a model added later is in the
file without anyone remembering to add it here. Starting from the roots (closed cases, meldingen without a case, or
households), every row whose foreign key points at a collected row is collected, to a fixed point; so are the rows
that name a collected row generically (a clock or notification by subject type and number).

The walk stops at the boundary: staff, organisations, profiles, the catalogue and contracts, the audit trail (it is
redacted, not destroyed: toegang.audit.redaction) and the Verwijsindex (it has its own removal, Jeugdwet §7.1). A
collected row may point at a row outside the file only if that row is of an allowed kind (a case's rows may point at
the household and its persons, which stay while other files need them). Any other pointer outside is a *blocker*:
the file is tied to a file that is kept, and is not destroyed now (for example a case another case re-entered from).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

CHUNK = 500
BOUNDARY_APPS = {"accounts", "auth", "contenttypes", "sessions", "admin", "profiles", "audit", "retention",
                 "verwijsindex", "otp_totp", "otp_static", "otp_email", "axes"}
BOUNDARY_MODELS = {"provisions.mandategroup", "provisions.voorziening", "provisions.product", "provisions.tarief",
                   "provisions.contract", "provisions.budget"}
# Inside the audit app, but a record about a person, not a log row: it goes with the person.
WALKED_ANYWAY = {"audit.rightsrequest"}
# Followed backwards, these would take a kept file along: a later case that re-entered from this one keeps it.
NOT_WALKED = {("cases.casus", "reentry_of")}
# Rows that name their subject by type and number instead of a foreign key.
GENERIC = [("deadlines.clock", "subject_type", "subject_id"), ("tasks.notification", "subject_type", "subject_id")]


def label(model) -> str:
    return model._meta.label_lower


def in_file(model) -> bool:
    """Whether rows of this model can be part of a resident's file (and so be destroyed with it)."""
    name = label(model)
    if name in WALKED_ANYWAY:
        return True
    return model._meta.app_label not in BOUNDARY_APPS and name not in BOUNDARY_MODELS


def _file_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if in_file(m)]


def foreign_keys(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]


def _pointers() -> dict[type[models.Model], list[tuple[type[models.Model], models.Field]]]:
    found: dict = defaultdict(list)
    for model in _file_models():
        for fk in foreign_keys(model):
            found[fk.related_model].append((model, fk))
    return found


def chunked(values, size: int = CHUNK):
    values = sorted(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


@dataclass
class File:
    rows: dict[type[models.Model], set] = field(default_factory=lambda: defaultdict(set))
    # the rows outside the file that it is tied to, as (model label, pk): while they stay, the file stays
    blockers: list[tuple[str, object]] = field(default_factory=list)

    def ids(self, model) -> set:
        return self.rows.get(model, set())

    def objects(self) -> set[tuple[str, object]]:
        return {(label(model), pk) for model, ids in self.rows.items() for pk in ids}

    def count(self) -> dict[str, int]:
        return {label(m): len(ids) for m, ids in sorted(self.rows.items(), key=lambda kv: label(kv[0])) if ids}


def collect(roots: dict[type[models.Model], set], *, may_point_at: set[str]) -> File:
    """The file of `roots` (model -> ids): the rows, and why it cannot go now (blockers).

    `may_point_at`: labels of models a collected row may point at outside the file (the household and its persons
    for a case). A query per (model, foreign key) visited, in chunks: a batch job's work, not a page's."""
    pointers = _pointers()
    found = File()
    queue: list[tuple[type[models.Model], set]] = []
    for model, ids in roots.items():
        found.rows[model] |= set(ids)
        queue.append((model, set(ids)))
    while queue:
        target, ids = queue.pop()
        if not ids:
            continue
        for model, fk in pointers.get(target, []):
            for chunk in chunked(ids):
                rows = model._base_manager.filter(**{f"{fk.attname}__in": chunk})
                if (label(model), fk.name) in NOT_WALKED:
                    for pk in rows.values_list("pk", flat=True):
                        if pk not in found.ids(model):
                            found.blockers.append((label(model), pk))
                    continue
                new = set(rows.values_list("pk", flat=True)) - found.ids(model)
                if new:
                    found.rows[model] |= new
                    queue.append((model, new))
        for name, type_field, id_field in GENERIC:
            model = apps.get_model(name)
            for chunk in chunked(ids):
                new = set(model._base_manager.filter(**{type_field: label(target), f"{id_field}__in": chunk})
                          .values_list("pk", flat=True)) - found.ids(model)
                if new:
                    found.rows[model] |= new
                    queue.append((model, new))
    _check_boundary(found, may_point_at)
    return found


def _check_boundary(found: File, may_point_at: set[str]) -> None:
    """Every pointer of a collected row stays inside the file, leaves it for the boundary, or for an allowed kind."""
    for model, ids in list(found.rows.items()):
        for fk in foreign_keys(model):
            target = fk.related_model
            # a later case may go while the case it re-entered from stays: that one loses nothing of its own
            if not in_file(target) or label(target) in may_point_at or (label(model), fk.name) in NOT_WALKED:
                continue
            inside = found.ids(target)
            for chunk in chunked(ids):
                for value in model._base_manager.filter(pk__in=chunk).exclude(**{f"{fk.attname}__isnull": True})\
                        .values_list(fk.attname, flat=True):
                    if value not in inside:
                        found.blockers.append((label(target), value))


def deletion_order(found: File) -> list[type[models.Model]]:
    """Models in the order their rows can go: a row before the rows it points at (foreign keys that can be NULL
    are cleared first: nullable_links). Raises RuntimeError on a cycle of required keys."""
    present = [m for m, ids in found.rows.items() if ids]
    after: dict = {m: set() for m in present}  # m must go after these (they point at m)
    for model in present:
        for fk in foreign_keys(model):
            if fk.null or fk.related_model not in after or fk.related_model is model:
                continue
            after[fk.related_model].add(model)
    order: list = []
    done: set = set()
    while len(order) < len(present):
        ready = [m for m in present if m not in done and after[m] <= done]
        if not ready:
            raise RuntimeError("cyclische verwijzingen in het dossier: " + ", ".join(label(m) for m in present
                                                                                   if m not in done))
        for model in sorted(ready, key=label):
            order.append(model)
            done.add(model)
    return order


def nullable_links(found: File) -> list[tuple[type[models.Model], models.Field]]:
    """Foreign keys that can be NULL between two models of the file: cleared before anything is deleted."""
    return [(model, fk) for model in found.rows for fk in foreign_keys(model)
            if fk.null and found.ids(fk.related_model)]


def file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
