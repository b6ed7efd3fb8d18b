"""The input of a write: one serializer per request maps the Dutch fields to the action's arguments with `source=`,
so the view hands `validated_data` on without renaming, and a domain error's field names go back to Dutch through
the same serializer (`api_field_names`, used by api.errors). No global table: each request speaks the names of its
own resource.

A serializer may name, in `Meta.error_names`, errors the action files under a name that is not its argument (the
plan's `check_add_goal` takes `person_id` and reports `person`): action name -> API field, for that serializer only.
"""

from __future__ import annotations

import dataclasses

from rest_framework import serializers

INPUT_SERIALIZER = "toegang_input_serializer"


def read_input(request, serializer_class: type[serializers.Serializer]) -> dict:
    """The validated input of `request` under the action's names; the serializer is kept on the request, so a
    domain error raised later in this request names the fields as this serializer does."""
    serializer = serializer_class(data=request.data)
    setattr(request, INPUT_SERIALIZER, serializer)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def take(data: dict, cls, **extra):
    """Build the dataclass `cls` from its fields in `data` (removed from it; `extra` fills or overrides fields):
    what is left in `data` are the action's other arguments."""
    names = [f.name for f in dataclasses.fields(cls)]
    return cls(**{name: data.pop(name) for name in names if name in data}, **extra)


def api_field_names(serializer: serializers.Serializer | None) -> dict[str, str]:
    """The reverse of the serializer's `source=`: the action's name -> the API field. A nested serializer's fields
    count too, unprefixed (an address is checked as one AddressData that names its own fields), after the outer
    ones. Read-only fields are not input and are left out."""
    if serializer is None:
        return {}
    names: dict[str, str] = {}
    nested: list[serializers.Serializer] = []
    for field in serializer.fields.values():
        if field.read_only or field.source == "*":
            continue
        if field.source != field.field_name:
            names.setdefault(field.source, field.field_name)
        if isinstance(field, serializers.Serializer):
            nested.append(field)
    for field in nested:
        for action_name, api_name in api_field_names(field).items():
            names.setdefault(action_name, api_name)
    meta = getattr(serializer, "Meta", None)
    for action_name, api_name in getattr(meta, "error_names", {}).items():
        names.setdefault(action_name, api_name)
    return names


def input_field_names(request) -> dict[str, str]:
    """The field names of the serializer this request's input went through ({} when it had none)."""
    return api_field_names(getattr(request, INPUT_SERIALIZER, None)) if request is not None else {}
