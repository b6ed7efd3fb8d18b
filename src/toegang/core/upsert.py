"""Idempotent loading of configuration rows (profiles, catalogues): create or update by a natural key, and record
in words what changed, so a reload reports exactly its differences."""

from __future__ import annotations

from typing import Any

from django.db import models


def upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any], changes: list[str], label: str):
    """The row matching `lookup`, created with `values` or updated to them; appends "nieuw: …" or
    "gewijzigd: … (fields)" to `changes` (nothing when it was already so)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        changes.append(f"nieuw: {label}")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        changes.append(f"gewijzigd: {label} ({', '.join(changed)})")
    return obj


def set_m2m(manager, targets: list[models.Model], changes: list[str], label: str) -> None:
    """Make a many-to-many relation exactly `targets`; appends "gewijzigd: label" when it changed."""
    wanted = {t.pk for t in targets}
    current = set(manager.values_list("pk", flat=True))
    if wanted != current:
        manager.set(targets)
        changes.append(f"gewijzigd: {label}")
