"""The sequencer: seals pending log rows into a keyed chain, and writes signed checkpoints of the chain heads.

One sealer at a time per log (PostgreSQL: a try-lock, so a request that offers to seal never waits; SQLite:
the IMMEDIATE write lock). Inserts never take that lock. Membership of a seal is explicit (see models.Seal): a
number below the sealed range whose row had not committed yet is an open hole, sealed when its row appears, so a
late commit is never skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction

from toegang.core import clock

from .keys import key_id, mac, mac_matches
from .models import AccessLog, AppendOnly, ChangeLog, Seal
from .rows import CONTENT_FIELDS, row_authentic

logger = logging.getLogger(__name__)
GENESIS = "0" * 64
BATCH = 5000
WINDOW = 10 * BATCH  # numbers one seal may span
_LOCK_KEYS = {ChangeLog: 7_340_011, AccessLog: 7_340_012}
LOGS = (ChangeLog, AccessLog)
_appends_since_seal = 0


def log_kind(model: type[AppendOnly]) -> str:
    return Seal.Log.CHANGE if model is ChangeLog else Seal.Log.ACCESS


def rows_digest(members: list[tuple[int, str]]) -> str:
    """SHA-256 over the (seq, MAC) of the sealed rows in order: a changed, missing or extra row changes it."""
    digest = hashlib.sha256()
    for seq, row_mac in members:
        digest.update(f"{seq}:{row_mac}\n".encode())
    return digest.hexdigest()


def seal_content(seal: Seal | dict) -> list:
    get = (lambda name: seal[name]) if isinstance(seal, dict) else (lambda name: getattr(seal, name))
    at = get("at").astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return ["seal", get("log"), get("number"), at, get("first_seq"), get("last_seq"), get("count"),
            get("open_holes"), get("abandoned"), get("rejected"), get("rows_digest"), get("prev_mac")]


def seal_mac_matches(seal: Seal | dict) -> bool:
    return mac_matches(seal_content(seal), seal["mac"] if isinstance(seal, dict) else seal.mac)


def _try_lock(model: type[AppendOnly]) -> bool:
    if connection.vendor != "postgresql":
        return True  # SQLite: the IMMEDIATE transaction already holds the only write lock
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_LOCK_KEYS[model]])
        return bool(cursor.fetchone()[0])


def _seal_once(model: type[AppendOnly]) -> tuple[int, bool]:
    """Append one seal over pending rows (at most BATCH new ones); return (rows sealed, whether more may wait)."""
    kind = log_kind(model)
    with transaction.atomic():
        if not _try_lock(model):
            return 0, False
        prev = Seal.objects.filter(log=kind).order_by("-number").first()
        prev_last = prev.last_seq if prev else 0
        prev_open = {int(seq): since for seq, since in (prev.open_holes if prev else [])}
        fields = [*CONTENT_FIELDS[model], "mac"]
        # A window, so a forged row with an absurd number cannot make the sealer list billions of holes.
        fetched = list(model.objects.filter(seq__gt=prev_last, seq__lte=prev_last + WINDOW).order_by("seq")
                       .values(*fields)[:BATCH])
        late = list(model.objects.filter(seq__in=list(prev_open)).values(*fields)) if prev_open else []
        if not fetched and not late:
            return 0, False
        # A row whose MAC does not verify (nor a redaction at destruction) is never sealed: the seal lists it as
        # rejected, verify reports it forged.
        rejected = sorted(r["seq"] for r in fetched + late if not row_authentic(model, r))
        new_rows = [(r["seq"], r["mac"]) for r in fetched if r["seq"] not in rejected]
        late_rows = [(r["seq"], r["mac"]) for r in late if r["seq"] not in rejected]
        now = clock.now()
        last_seq = fetched[-1]["seq"] if fetched else prev_last
        present = {r["seq"] for r in fetched} | {r["seq"] for r in late}
        since_now = now.astimezone(dt.UTC).isoformat()
        holes = {seq: since for seq, since in prev_open.items() if seq not in present}
        holes.update({seq: since_now for seq in range(prev_last + 1, last_seq + 1) if seq not in present})
        grace = dt.timedelta(seconds=settings.AUDIT_SEAL_GRACE_SECONDS)
        abandoned = sorted(seq for seq, since in holes.items() if now - dt.datetime.fromisoformat(since) > grace)
        open_holes = sorted([seq, since] for seq, since in holes.items() if seq not in abandoned)
        members = sorted(late_rows + new_rows)
        values = {
            "log": kind, "number": (prev.number + 1) if prev else 1, "at": now,
            "first_seq": prev_last + 1, "last_seq": last_seq, "count": len(members),
            "open_holes": open_holes, "abandoned": abandoned, "rejected": rejected,
            "rows_digest": rows_digest(members),
            "prev_mac": prev.mac if prev else GENESIS,
        }
        try:
            with transaction.atomic():
                Seal.objects.bulk_create([Seal(**values, mac=mac(seal_content(values)))])
        except IntegrityError:  # another sealer appended this number first; its seal stands
            return 0, False
        return len(members), len(fetched) == BATCH or (not fetched and bool(late))


def seal_pending(model: type[AppendOnly]) -> int:
    """Seal every pending row of this log; return the number sealed."""
    total = 0
    while True:
        sealed, more = _seal_once(model)
        total += sealed
        if not more:
            return total


def seal_all() -> dict[str, int]:
    return {log_kind(model): seal_pending(model) for model in LOGS}


def seal_soon(every: int) -> None:
    """Called after each append: every `every` appends of this process, try to seal (skips if a sealer runs).

    Inside an outer transaction (a change and its log row) sealing waits for the commit, so it never seals
    rows that may still roll back and never holds the request's transaction open longer than needed.
    """
    global _appends_since_seal
    _appends_since_seal += 1
    if _appends_since_seal < every:
        return
    _appends_since_seal = 0
    transaction.on_commit(_seal_quietly)


def _seal_quietly() -> None:
    """Opportunistic sealing never fails the request that offered it; the next seal or `audit verify` catches up."""
    try:
        seal_all()
    except DatabaseError:
        logger.exception("Opportunistisch verzegelen van het auditspoor is mislukt; het volgende verzegelen haalt in.")


# --- checkpoints -----------------------------------------------------------------------------------------------

@dataclass
class Checkpoint:
    path: Path
    body: dict
    valid: bool

    @property
    def at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.body["tijd"])


def _chain_head(model: type[AppendOnly]) -> dict:
    last = Seal.objects.filter(log=log_kind(model)).order_by("-number").first()
    return {"zegel": last.number if last else 0, "tot_regel": last.last_seq if last else 0,
            "kop": last.mac if last else GENESIS}


def write_checkpoint() -> Checkpoint:
    """Seal everything, then write the signed chain heads to a new file in AUDIT_CHECKPOINT_DIR (never overwrite).

    The operator ships this directory to write-once storage: a restored old dump or a cut-off tail then ends
    before the newest checkpoint, which verify reports (docs/audit.md)."""
    seal_all()
    now = clock.now().astimezone(dt.UTC)
    body = {"formaat": 1, "tijd": now.isoformat(), "sleutel": key_id(),
            "ketens": {"wijzigingslog": _chain_head(ChangeLog), "inzagelog": _chain_head(AccessLog)}}
    body["handtekening"] = mac(["checkpoint", body])
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"checkpoint-{now.strftime('%Y%m%dT%H%M%S%fZ')}.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    with os.fdopen(fd, "w") as handle:
        json.dump(body, handle, indent=2, sort_keys=True)
    return Checkpoint(path, body, True)


def read_checkpoint(path: Path) -> Checkpoint:
    try:
        body = json.loads(path.read_text())
        signature = body.pop("handtekening")
        valid = mac_matches(["checkpoint", body], signature)
        dt.datetime.fromisoformat(body["tijd"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return Checkpoint(path, {}, False)
    return Checkpoint(path, body, valid)


def checkpoints() -> list[Checkpoint]:
    """Every checkpoint file, oldest first by the name (a UTC timestamp)."""
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    if not directory.is_dir():
        return []
    return [read_checkpoint(path) for path in sorted(directory.glob("checkpoint-*.json"))]


def newest_checkpoint() -> Checkpoint | None:
    """The newest checkpoint file by name, signature checked (for the privacy officer's page; verify checks all)."""
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    if not directory.is_dir():
        return None
    names = sorted(directory.glob("checkpoint-*.json"))
    return read_checkpoint(names[-1]) if names else None
