"""Backup and restore (issue 9, item 7): one tar.gz archive with the database, the uploaded documents, the audit
checkpoints and a manifest of SHA-256 hashes. Used by `toegang backup` and `toegang restore`; docs/operations.md.

Archive layout:
  database.dump           PostgreSQL: pg_dump --format=custom
  database.sqlite3        SQLite: a consistent copy through sqlite3's backup API
  documenten/<path>       every file under MEDIA_ROOT
  audit-checkpoints/<f>   every file under AUDIT_CHECKPOINT_DIR
  manifest.json           written last: time, database vendor, Toegang version, counts, size and SHA-256 per member

The database is dumped first and the files copied after it: documents are only ever added, so every document the
dump refers to is in the archive. The audit key is NOT in the archive (it is a secret kept apart; docs/audit.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
DOCUMENTS = "documenten"
CHECKPOINTS = "audit-checkpoints"
DATABASE_MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore cannot go on; the message is for the operator, in Dutch."""


def human_size(size: float) -> str:
    """1536 -> '1,5 kB' (Dutch decimal comma)."""
    unit = "B"
    for larger in ("kB", "MB", "GB", "TB"):
        if size < 1024:
            break
        size, unit = size / 1024, larger
    return f"{size} B" if unit == "B" else f"{size:.1f} {unit}".replace(".", ",")


def database_vendor() -> str:
    vendor = connections["default"].vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backup van een {vendor}-database wordt niet ondersteund (alleen PostgreSQL en SQLite).")
    return vendor


def toegang_version() -> str:
    try:
        return metadata.version("toegang")
    except metadata.PackageNotFoundError:
        return "onbekend"


def postgres_environment() -> dict[str, str]:
    """libpq environment from Django's DATABASES: the password travels in PGPASSWORD, never on the command line."""
    config = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                      ("NAME", "PGDATABASE")):
        if config.get(key):
            env[name] = str(config[key])
    if (config.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = config["OPTIONS"]["sslmode"]
    return env


def run_postgres_tool(arguments: list[str]) -> None:
    tool = arguments[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is niet gevonden; installeer de PostgreSQL-client (versie 15 of hoger).")
    result = subprocess.run(arguments, env=postgres_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{tool} is mislukt (exitcode {result.returncode}): {result.stderr.strip()[-2000:]}")


def sqlite_path() -> Path:
    name = str(settings.DATABASES["default"]["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("Een SQLite-database in het geheugen kan niet worden geback-upt.")
    return Path(name)


def sqlite_copy(source: Path, target: Path) -> None:
    """Page-by-page copy with sqlite3's online backup API: consistent even while Toegang writes."""
    if not source.is_file():
        raise BackupError(f"De SQLite-database {source} bestaat niet.")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)  # read-only: never creates an empty file
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def files_under(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


class HashingReader:
    """Reads a file for tarfile while computing its SHA-256."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Archive:
    output: Path
    members: dict[str, dict] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def make_backup(output: Path | None, report: Callable[[str], None]) -> Archive:
    """Write the archive to `output` (default BACKUP_DIR/toegang-backup-<time>.tar.gz); `report` gets a line per
    step. The archive appears only when complete (written under a temporary name, then renamed)."""
    vendor = database_vendor()
    now = dt.datetime.now(dt.UTC)
    if output is None:
        output = Path(settings.BACKUP_DIR) / f"toegang-backup-{now.strftime('%Y%m%dT%H%M%SZ')}.tar.gz"
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    archive = Archive(output=output)
    partial = output.with_name(f".{output.name}.{os.getpid()}.partial")
    with tempfile.TemporaryDirectory(prefix="toegang-backup-", dir=output.parent) as scratch:
        dump = Path(scratch) / DATABASE_MEMBERS[vendor]
        report(f"database ({'PostgreSQL, pg_dump' if vendor == 'postgresql' else 'SQLite'}) wordt gekopieerd ...")
        if vendor == "postgresql":
            name = settings.DATABASES["default"]["NAME"]
            run_postgres_tool(["pg_dump", "--format=custom", "--no-password", f"--file={dump}", f"--dbname={name}"])
        else:
            sqlite_copy(sqlite_path(), dump)
        report(f"database: {human_size(dump.stat().st_size)}")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # the archive holds personal data
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                _add(tar, archive, dump, DATABASE_MEMBERS[vendor])
                for section, root, label in ((DOCUMENTS, Path(settings.MEDIA_ROOT), "documenten"),
                                             (CHECKPOINTS, Path(settings.AUDIT_CHECKPOINT_DIR), "checkpoints")):
                    paths = files_under(root)
                    for path in paths:
                        _add(tar, archive, path, f"{section}/{path.relative_to(root).as_posix()}")
                    archive.counts[section] = len(paths)
                    size = sum(archive.members[name]["grootte"] for name in archive.members
                               if name.startswith(section + "/"))
                    report(f"{label}: {len(paths)} bestanden, {human_size(size)} (uit {root})")
                manifest = {"formaat": FORMAT, "gemaakt_op": now.isoformat(), "database": vendor,
                            "toegang_versie": toegang_version(), "aantallen": archive.counts,
                            "bestanden": archive.members}
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
                tar.addfile(info, io.BytesIO(data))
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    report(f"archief geschreven: {output} ({human_size(output.stat().st_size)})")
    return archive


def _add(tar: tarfile.TarFile, archive: Archive, path: Path, name: str) -> None:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    with open(path, "rb") as handle:
        reader = HashingReader(handle)
        tar.addfile(info, reader)
    archive.members[name] = {"grootte": info.size, "sha256": reader.digest.hexdigest()}


# --- restore -----------------------------------------------------------------------------------------------------


@dataclass
class Restored:
    manifest: dict
    documents_written: int = 0
    documents_kept: int = 0
    checkpoints_restored: int = 0
    checkpoints_kept: int = 0


def unpack_and_check(path: Path, scratch: Path) -> dict:
    """Unpack into `scratch` (nothing outside it: tarfile's 'data' filter) and check the manifest against every
    member. Raises BackupError, in Dutch, on anything that does not match; nothing has been restored yet."""
    if not path.is_file():
        raise BackupError(f"Het backupbestand {path} bestaat niet.")
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            names = [member.name for member in tar.getmembers()]
            if any(not member.isfile() for member in tar.getmembers()):
                raise BackupError("Het archief bevat iets anders dan gewone bestanden; het wordt niet hersteld.")
            tar.extractall(scratch, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Het archief is beschadigd of geen Toegang-backup: {error}") from error
    if MANIFEST not in names:
        raise BackupError("Het archief heeft geen manifest.json; het is geen Toegang-backup.")
    try:
        manifest = json.loads((scratch / MANIFEST).read_text())
        listed = manifest["bestanden"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError("Het manifest van de backup is onleesbaar.") from error
    if manifest.get("formaat") != FORMAT:
        raise BackupError(f"Onbekend backupformaat {manifest.get('formaat')!r}; deze versie kent formaat {FORMAT}.")
    present = set(names) - {MANIFEST}
    if present != set(listed):
        extra, missing = sorted(present - set(listed)), sorted(set(listed) - present)
        raise BackupError("Het archief klopt niet met het manifest"
                          + (f"; niet in het manifest: {', '.join(extra[:5])}" if extra else "")
                          + (f"; ontbreekt: {', '.join(missing[:5])}" if missing else "")
                          + ". Er is niets hersteld.")
    for name, expected in sorted(listed.items()):
        member = scratch / name
        if member.stat().st_size != expected["grootte"] or sha256_of(member) != expected["sha256"]:
            raise BackupError(f"De controle-hash van {name} klopt niet: het archief is beschadigd of gewijzigd. "
                              "Er is niets hersteld.")
    return manifest


def restore_database(manifest: dict, scratch: Path, report: Callable[[str], None]) -> None:
    vendor = database_vendor()
    if manifest.get("database") != vendor:
        raise BackupError(f"Deze backup is van een {manifest.get('database')}-database; de ingestelde database is "
                          f"{vendor}. Er is niets hersteld.")
    dump = scratch / DATABASE_MEMBERS[vendor]
    report(f"database ({human_size(dump.stat().st_size)}) wordt teruggezet ...")
    connections.close_all()
    if vendor == "postgresql":
        name = settings.DATABASES["default"]["NAME"]
        run_postgres_tool(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                           "--no-password", f"--dbname={name}", str(dump)])
    else:
        # The backup API writes the copy into the live file page by page: readers never see half a database.
        sqlite_copy(dump, sqlite_path())
    report("database teruggezet")


def restore_files(manifest: dict, scratch: Path, restored: Restored, report: Callable[[str], None]) -> None:
    """Documents: every file from the archive is written back; files on the machine that the backup does not know
    are kept (never deleted). Checkpoints: merged — a checkpoint already on the machine is never overwritten, so
    checkpoints NEWER than the backup stay, and `audit verify` can tell that the restored chain ends before them."""
    media = Path(settings.MEDIA_ROOT)
    for path in files_under(scratch / DOCUMENTS):
        target = media / path.relative_to(scratch / DOCUMENTS)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        restored.documents_written += 1
    known = {name.removeprefix(DOCUMENTS + "/") for name in manifest["bestanden"] if name.startswith(DOCUMENTS + "/")}
    restored.documents_kept = sum(1 for path in files_under(media) if path.relative_to(media).as_posix() not in known)
    report(f"documenten: {restored.documents_written} teruggezet naar {media}"
           + (f"; {restored.documents_kept} bestanden die niet in de backup staan zijn bewaard"
              if restored.documents_kept else ""))
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    in_backup = set()
    for path in files_under(scratch / CHECKPOINTS):
        target = directory / path.relative_to(scratch / CHECKPOINTS)
        in_backup.add(target)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        target.chmod(0o444)  # checkpoints are write-once, as `audit checkpoint` writes them
        restored.checkpoints_restored += 1
    restored.checkpoints_kept = sum(1 for path in files_under(directory) if path not in in_backup)
    report(f"checkpoints: {restored.checkpoints_restored} teruggezet, {len(in_backup) - restored.checkpoints_restored} "
           f"waren er al, {restored.checkpoints_kept} nieuwere of andere op deze machine bewaard")
