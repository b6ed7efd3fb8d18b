"""`toegang audit verify`: every row MAC, every seal, the subject index, and the chain heads against the newest
checkpoint. Each kind of tampering has its own Dutch message (docs/audit.md lists them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from toegang.core import clock

from .keys import mac
from .models import AccessLog, AppendOnly, ChangeLog, Seal, Verification
from .rows import CONTENT_FIELDS, LABEL, SUBJECT_MODEL, row_authentic, valid_redactions
from .sealing import GENESIS, Checkpoint, checkpoints, log_kind, rows_digest, seal_mac_matches

MAX_PROBLEMS = 50


@dataclass
class LogReport:
    label: str
    rows: int = 0
    sealed: int = 0
    seals: int = 0
    pending: int = 0
    redacted: int = 0
    redactions: dict = field(default_factory=dict)  # valid redactions at destruction (rows.valid_redactions)
    problems: list[str] = field(default_factory=list)

    def problem(self, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{self.label}: {text}")


def _fmt(seqs) -> str:
    seqs = sorted(seqs)
    shown = ", ".join(f"#{s}" for s in seqs[:10])
    return shown + (f" en {len(seqs) - 10} meer" if len(seqs) > 10 else "")


def _check_rows(model, report: LogReport, rows: list[dict], members: set[int], where: str) -> None:
    for row in rows:
        report.rows += 1
        if row_authentic(model, row, report.redactions):
            report.redacted += row["seq"] in report.redactions
            continue
        if row["seq"] in members:
            report.problem(f"regel #{row['seq']} is gewijzigd na het vastleggen (MAC klopt niet met de auditsleutel)")
        else:
            report.problem(f"regel #{row['seq']} is vervalst of ingevoegd ({where}; MAC klopt niet met de auditsleutel)")


def _verify_seals(model: type[AppendOnly], report: LogReport) -> tuple[dict[int, Seal], int, set[int], set[int]]:
    """Walk the seals in order. Returns (seals by number, last sealed seq, open holes, abandoned numbers)."""
    fields = [*CONTENT_FIELDS[model], "mac"]
    by_number: dict[int, Seal] = {}
    prev_mac, prev_last, prev_open = GENESIS, 0, set()
    abandoned_all: set[int] = set()
    expected = 1
    for seal in Seal.objects.filter(log=log_kind(model)).order_by("number").iterator(chunk_size=500):
        report.seals += 1
        by_number[seal.number] = seal
        if seal.number != expected:
            report.problem(f"zegel {expected} tot {seal.number - 1} ontbreken (verwijderd)")
        if not seal_mac_matches(seal):
            report.problem(f"zegel {seal.number} is gewijzigd of vervalst (handtekening klopt niet)")
        if seal.prev_mac != prev_mac or seal.first_seq != prev_last + 1:
            report.problem(f"zegel {seal.number} sluit niet aan op de vorige zegel (keten herschreven)")
        open_now = {int(seq) for seq, _ in seal.open_holes}
        abandoned = {int(seq) for seq in seal.abandoned}
        rejected = {int(seq) for seq in seal.rejected}
        candidates = set(range(seal.first_seq, seal.last_seq + 1)) | prev_open
        members = candidates - open_now - abandoned - rejected
        rows = list(model.objects.filter(Q(seq__gte=seal.first_seq, seq__lte=seal.last_seq) | Q(seq__in=prev_open))
                    .order_by("seq").values(*fields))
        present = {row["seq"] for row in rows}
        later = open_now | abandoned  # committed after this seal: checked by a later seal or as pending
        _check_rows(model, report, [r for r in rows if r["seq"] not in later], members,
                    f"afgewezen bij zegel {seal.number}")
        for seq in sorted(rejected - present):
            report.problem(f"regel #{seq} is bij verzegeling als vervalst afgewezen en daarna verwijderd")
        missing = members - present
        if missing:
            report.problem(f"regels {_fmt(missing)} ontbreken (verwijderd na verzegeling in zegel {seal.number})")
        sealed_rows = [(row["seq"], row["mac"]) for row in rows if row["seq"] in members]
        if not missing and (len(sealed_rows) != seal.count or rows_digest(sealed_rows) != seal.rows_digest):
            report.problem(f"de verzegelde regels van zegel {seal.number} zijn vervangen (zegel klopt niet meer)")
        report.sealed += len(sealed_rows)
        abandoned_all |= abandoned
        prev_mac, prev_last, prev_open, expected = seal.mac, seal.last_seq, open_now, seal.number + 1
    return by_number, prev_last, prev_open, abandoned_all


def _verify_pending(model, report: LogReport, last_sealed: int, open_holes: set[int], abandoned: set[int]) -> None:
    """Rows not (yet) sealed: after the last seal, or a hole that committed late."""
    fields = [*CONTENT_FIELDS[model], "mac"]
    last = last_sealed
    while True:
        rows = list(model.objects.filter(seq__gt=last).order_by("seq").values(*fields)[:5000])
        if not rows:
            break
        _check_rows(model, report, rows, set(), "nog niet verzegeld")
        report.pending += len(rows)
        last = rows[-1]["seq"]
    late = list(model.objects.filter(seq__in=list(open_holes)).values(*fields)) if open_holes else []
    _check_rows(model, report, late, set(), "nog niet verzegeld")
    report.pending += len(late)
    stray = list(model.objects.filter(seq__in=list(abandoned)).values(*fields)) if abandoned else []
    for row in stray:
        report.problem(f"regel #{row['seq']} kwam pas na de verzegeltermijn binnen en is niet verzegeld")
    _check_rows(model, report, stray, set(), "na de verzegeltermijn")


def _verify_subject_index(model: type[AppendOnly], report: LogReport) -> None:
    """The person index must name exactly the subject ids covered by each row's MAC (merge of two ordered scans)."""
    subject_model = SUBJECT_MODEL[model]
    index = subject_model.objects.order_by("log_id", "resident_id").values_list("log_id", "resident_id")\
        .iterator(chunk_size=10000)
    rows = model.objects.order_by("seq").values_list("seq", "subject_ids").iterator(chunk_size=5000)
    pending_index = next(index, None)
    for seq, subject_ids in rows:
        while pending_index is not None and pending_index[0] < seq:
            report.problem(f"persoonsindex verwijst naar regel #{pending_index[0]} die niet bestaat "
                           f"(inwoner {pending_index[1]})")
            pending_index = next(index, None)
        indexed = set()
        while pending_index is not None and pending_index[0] == seq:
            indexed.add(pending_index[1])
            pending_index = next(index, None)
        expected = {int(s) for s in subject_ids}
        missing, extra = expected - indexed, indexed - expected
        if missing and extra:
            report.problem(f"persoonsindex van regel #{seq} is omgelegd: inwoner {_ids(missing)} vervangen door "
                           f"{_ids(extra)}")
        elif missing:
            report.problem(f"persoonsindex mist inwoner {_ids(missing)} bij regel #{seq} (verwijderd)")
        elif extra:
            report.problem(f"persoonsindex noemt inwoner {_ids(extra)} ten onrechte bij regel #{seq} (toegevoegd)")
    while pending_index is not None:
        report.problem(f"persoonsindex verwijst naar regel #{pending_index[0]} die niet bestaat "
                       f"(inwoner {pending_index[1]})")
        pending_index = next(index, None)


def _ids(values) -> str:
    return ", ".join(str(v) for v in sorted(values))


def _verify_checkpoint(model: type[AppendOnly], report: LogReport, seals: dict[int, Seal],
                       checkpoint: Checkpoint | None) -> None:
    if checkpoint is None:
        return
    head = checkpoint.body["ketens"][report.label]
    number, when = head["zegel"], checkpoint.at.strftime("%d-%m-%Y %H:%M:%S UTC")
    if number == 0:
        return
    seal = seals.get(number)
    if seal is None:
        last = max(seals) if seals else 0
        report.problem(f"de keten eindigt vóór het laatste checkpoint ({checkpoint.path.name}, {when}: zegel "
                       f"{number} t/m regel #{head['tot_regel']}; database: zegel {last}) — een teruggezette oude "
                       f"dump of verwijderde regels en zegels")
    elif seal.mac != head["kop"]:
        report.problem(f"zegel {number} wijkt af van het checkpoint van {when} (keten herschreven)")


def verify_log(model: type[AppendOnly], checkpoint: Checkpoint | None | bool = True) -> LogReport:
    """Check one log. `checkpoint=True` compares with the newest valid checkpoint file."""
    report = LogReport(LABEL[model])
    report.redactions, forged = valid_redactions(model)
    for seq in forged:
        report.problem(f"de schoning van regel #{seq} is vervalst (handtekening klopt niet)")
    if checkpoint is True:
        checkpoint = newest_valid_checkpoint(report)
    seals, last_sealed, open_holes, abandoned = _verify_seals(model, report)
    _verify_pending(model, report, last_sealed, open_holes, abandoned)
    _verify_subject_index(model, report)
    _verify_checkpoint(model, report, seals, checkpoint or None)
    return report


def newest_valid_checkpoint(report: LogReport | None = None) -> Checkpoint | None:
    found = checkpoints()
    if report is not None:
        for bad in (c for c in found if not c.valid):
            report.problem(f"checkpoint {bad.path.name} is gewijzigd of vervalst (handtekening klopt niet)")
    valid = [c for c in found if c.valid]
    return max(valid, key=lambda c: c.at) if valid else None


@dataclass
class VerifyReport:
    logs: list[LogReport]
    checkpoint: Checkpoint | None

    @property
    def intact(self) -> bool:
        return not any(log.problems for log in self.logs)

    @property
    def problems(self) -> list[str]:
        return [p for log in self.logs for p in log.problems]


def verify_all() -> VerifyReport:
    checkpoint_problems = LogReport("checkpoints")
    checkpoint = newest_valid_checkpoint(checkpoint_problems)
    logs = [verify_log(model, checkpoint) for model in (ChangeLog, AccessLog)]
    if checkpoint_problems.problems:
        logs.append(checkpoint_problems)
    return VerifyReport(logs, checkpoint)


def record_verification(report: VerifyReport) -> Verification:
    """Store the outcome, signed, for the privacy officer's page."""
    now = clock.now()
    if report.intact:
        summary = "; ".join(f"{log.label}: {log.rows} regels, {log.sealed} verzegeld"
                            + (f", {log.redacted} geschoond na vernietiging" if log.redacted else "")
                            + ", keten intact" for log in report.logs)
    else:
        summary = "\n".join(report.problems)
    verification = Verification(at=now, intact=report.intact, summary=summary)
    verification.mac = mac(verification_content(verification))
    Verification.objects.bulk_create([verification])
    return verification


def verification_content(verification: Verification) -> list:
    at = verification.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return ["verification", at, verification.intact, verification.summary]
