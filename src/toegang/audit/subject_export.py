"""What Toegang holds about one resident, as one machine-readable document: the answer to an access request
(AVG art. 15; issue 13, item 8). Read only through audit.queries.subject_export (the privacy officer, logged).

Complete by construction: every row of every model that points at the resident, at a household they belong or
belonged to, or at a case of such a household, and the rows pointing at those rows (one level further: a plan's
versions, a conference's invitees), found by walking the models' foreign keys — a model added later is in the
export without anyone remembering to add it. Then the resident's Verwijsindex signals (by BSN), the access log and
the change log.

What it leaves out, and says so in `niet_opgenomen`: confidential notes of professionals (personal working notes,
not the resident's file), the contents of documents (listed by name and size; the privacy officer adds them from the
case), and secrets (keys, MACs). Other people appear only by name (AVG art. 15(4): the rights of others); their own
rows are not walked. The privacy officer reviews the export before sending (UAVG art. 41 may call for withholding
more, e.g. a report to Veilig Thuis).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

FORMAT = "toegang-inzageverzoek/1"
SECRET_FIELDS = {"mac", "content_hash", "token_hash", "digest", "password", "key"}
# the models the walk starts from, and those never exported as rows of their own (the log is exported apart;
# other residents appear by name only)
SKIPPED = {"audit.accesslog", "audit.changelog", "audit.accesslogsubject", "audit.changelogsubject",
           "audit.rightsrequest", "persons.resident"}


def _label(model) -> str:
    return model._meta.label_lower


def _pointers(target) -> list[tuple[type[models.Model], models.Field]]:
    """(model, field) of every concrete foreign key, one-to-one or many-to-many field pointing at `target`."""
    found = []
    for model in apps.get_models():
        if _label(model) in SKIPPED:
            continue
        for field in model._meta.get_fields():
            if field.concrete and getattr(field, "related_model", None) is target and (
                    field.many_to_one or field.one_to_one or field.many_to_many):
                found.append((model, field))
    return found


class Export:
    def __init__(self):
        self.names: dict[str, dict[int, str]] = defaultdict(dict)  # "inwoners"/"medewerkers" -> id -> name
        self.wanted: dict[str, set[int]] = defaultdict(set)
        self.left_out: dict[str, int] = defaultdict(int)

    def value(self, obj, field):
        resident = apps.get_model("persons", "Resident")
        staff = apps.get_model("accounts", "Medewerker")
        if field.many_to_many:
            ids = sorted(getattr(obj, field.name).values_list("pk", flat=True))
            if field.related_model is resident:
                self.wanted["inwoners"].update(ids)
            return ids
        value = getattr(obj, field.attname)
        if field.is_relation:
            if value is not None and field.related_model is resident:
                self.wanted["inwoners"].add(value)
            elif value is not None and field.related_model is staff:
                self.wanted["medewerkers"].add(value)
            return value
        if isinstance(value, FieldFile):
            self.left_out["de inhoud van documenten (alleen naam en grootte)"] += 1 if value else 0
            return {"bestand": value.name.rsplit("/", 1)[-1], "bytes": _size(value)} if value else None
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        if isinstance(value, dt.date | dt.time):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, bytes | memoryview):
            return None
        return value

    def row(self, obj) -> dict:
        out = {"id": obj.pk}
        for field in [*obj._meta.concrete_fields, *obj._meta.many_to_many]:
            if field.primary_key or field.name in SECRET_FIELDS:
                continue
            out[field.name] = self.value(obj, field)
        return out

    def rows_pointing_at(self, target, ids: list[int], *, depth: int) -> dict[str, list[dict]]:
        """Per model: the rows with a field pointing at one of `ids` of `target`; with depth 1, also the rows
        pointing at those (keyed by 'model.field')."""
        out: dict[str, list[dict]] = {}
        if not ids:
            return out
        for model, field in _pointers(target):
            rows = list(model.objects.filter(**{f"{field.name}__in": ids}).order_by("pk").distinct())
            if _label(model) == "cases.casenote":
                kept = [r for r in rows if not getattr(r, "confidential", False)]
                self.left_out["vertrouwelijke werkaantekeningen van professionals"] += len(rows) - len(kept)
                rows = kept
            if not rows:
                continue
            key = f"{_label(model)}.{field.name}"
            out[key] = [self.row(r) for r in rows]
            if depth:
                for child_key, child_rows in self.rows_pointing_at(model, [r.pk for r in rows], depth=depth - 1).items():
                    out.setdefault(child_key, []).extend(child_rows)
        return out

    def resolve_names(self) -> dict:
        resident = apps.get_model("persons", "Resident")
        staff = apps.get_model("accounts", "Medewerker")
        for person in resident.objects.filter(pk__in=self.wanted["inwoners"]).only(
                "pk", "voornamen", "voorvoegsel", "geslachtsnaam"):
            self.names["inwoners"][person.pk] = person.full_name
        for user in staff.objects.filter(pk__in=self.wanted["medewerkers"]).only("pk", "first_name", "last_name",
                                                                                  "username"):
            self.names["medewerkers"][user.pk] = user.get_full_name() or user.get_username()
        return {kind: {str(k): v for k, v in sorted(found.items())} for kind, found in self.names.items()}


def _size(value: FieldFile) -> int | None:
    try:
        return value.size
    except (OSError, ValueError):
        return None


def build(resident, *, access_rows, change_rows) -> dict:
    """The document; `access_rows` and `change_rows` are the person's access and change log (audit.queries)."""
    household_model = apps.get_model("persons", "Household")
    membership = apps.get_model("persons", "HouseholdMembership")
    casus_model = apps.get_model("cases", "Casus")
    signal = apps.get_model("verwijsindex", "Signal")
    history = apps.get_model("verwijsindex", "SignalHistory")
    export = Export()
    household_ids = sorted({*([resident.household_id] if resident.household_id else []),
                            *membership.objects.filter(resident=resident).values_list("household_id", flat=True)})
    households = []
    for household in household_model.objects.filter(pk__in=household_ids).order_by("pk"):
        households.append({"huishouden": export.row(household),
                           "gegevens": export.rows_pointing_at(household_model, [household.pk], depth=0)})
    cases = []
    for casus in casus_model.objects.filter(household_id__in=household_ids).order_by("pk"):
        cases.append({"casus": export.row(casus), "gegevens": export.rows_pointing_at(casus_model, [casus.pk], depth=1)})
    signals = []
    if resident.bsn:
        signals = ([export.row(s) for s in signal.objects.filter(bsn=resident.bsn).order_by("pk")]
                   + [export.row(s) for s in history.objects.filter(bsn=resident.bsn).order_by("pk")])
    document = {
        "formaat": FORMAT,
        "grondslag": "AVG art. 15 (recht van inzage)",
        "gemaakt_op": timezone.localtime().isoformat(),
        "inwoner": export.row(resident),
        "over_de_inwoner": export.rows_pointing_at(type(resident), [resident.pk], depth=1),
        "huishoudens": households,
        "casussen": cases,
        "verwijsindex": signals,
        "inzagelog": [{"volgnummer": r.seq, "tijdstip": timezone.localtime(r.at).isoformat(),
                       "medewerker": r.actor_id, "namens": r.actor_label, "rol": r.role, "doel": r.purpose,
                       "kanaal": r.channel, "adres": r.resource} for r in access_rows],
        "wijzigingslog": [{"volgnummer": r.seq, "tijdstip": timezone.localtime(r.at).isoformat(),
                           "medewerker": r.actor_id, "namens": r.actor_label, "rol": r.role, "gebeurtenis": r.event,
                           "object": f"{r.object_type} {r.object_id}", "oud": r.old, "nieuw": r.new}
                          for r in change_rows],
    }
    for r in access_rows:
        if r.actor_id:
            export.wanted["medewerkers"].add(r.actor_id)
    for r in change_rows:
        if r.actor_id:
            export.wanted["medewerkers"].add(r.actor_id)
    document["namen"] = export.resolve_names()
    document["niet_opgenomen"] = [{"wat": what, "aantal": count} for what, count in sorted(export.left_out.items())
                                  if count]
    return document
