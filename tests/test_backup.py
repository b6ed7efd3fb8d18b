"""`toegang backup` / `toegang restore` (issue 9, item 7): a round trip on SQLite and on PostgreSQL keeps the
database, an uploaded document and the audit checkpoints; a checkpoint newer than the backup is kept on the machine
so `audit verify` reports the restored (older) chain; a tampered archive is refused before anything is restored.

Each step runs the real `toegang` command in a subprocess with its own DATABASE_URL and TOEGANG_VAR_DIR, as an
operator would."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TOEGANG = [sys.executable, "-m", "toegang"]

# Creates a household, a case and one real PDF document through the actions (so the change log gets a row), and
# prints the document's id, stored name and hash.
ADD_DOCUMENT = """
import hashlib, json, sys
import django
django.setup()
sys.path.insert(0, {repo!r})
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from tests.document_samples import pdf_bytes
from tests.factories import HouseholdFactory
from toegang.cases import actions
from toegang.core.actor import SYSTEM
with transaction.atomic():
    casus = actions.do_open_case(actor=SYSTEM, household=HouseholdFactory(), team_id=None)
document = actions.check_add_document(actor=SYSTEM, casus=casus, kind="verslag", title="Verslag",
                                      upload=SimpleUploadedFile("verslag.pdf", pdf_bytes()))
data = document.file.open("rb").read()
print(json.dumps({{"id": document.pk, "name": document.file.name, "sha256": hashlib.sha256(data).hexdigest()}}))
"""

COUNT = """
import json
import django
django.setup()
from toegang.audit.models import ChangeLog
from toegang.cases.models import CaseDocument
print(json.dumps({"documents": sorted(CaseDocument.objects.values_list("pk", flat=True)),
                  "changes": ChangeLog.objects.count()}))
"""


class Machine:
    """One Toegang installation: a var directory and a database URL."""

    def __init__(self, var_dir: Path, database_url: str):
        self.var_dir = var_dir
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "toegang.settings.base", "DATABASE_URL": database_url,
                    "TOEGANG_VAR_DIR": str(var_dir), "TOEGANG_AUDIT_KEY": "sleutel-" + "x" * 40,
                    "TOEGANG_AUDIT_SEAL_EVERY": "0"}
        self.env.pop("TOEGANG_TEST_DATABASE_URL_ACTIVE", None)
        for name in ("TOEGANG_UPLOAD_DIR", "TOEGANG_AUDIT_CHECKPOINT_DIR", "TOEGANG_BACKUP_DIR", "TOEGANG_AUDIT_KEY_FILE"):
            self.env.pop(name, None)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([*TOEGANG, *args], env=self.env, capture_output=True, text=True, timeout=300)
        if check and result.returncode != 0:
            raise AssertionError(f"toegang {' '.join(args)} faalde:\n{result.stdout}\n{result.stderr}")
        return result

    def python(self, script: str) -> dict:
        result = subprocess.run([sys.executable, "-c", script], env=self.env, capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    def add_document(self) -> dict:
        return self.python(ADD_DOCUMENT.format(repo=str(REPO)))

    def counts(self) -> dict:
        return self.python(COUNT)

    @property
    def checkpoints(self) -> set[str]:
        return {path.name for path in (self.var_dir / "audit-checkpoints").glob("checkpoint-*.json")}


def round_trip(machine: Machine, wipe, tmp_path: Path) -> Path:
    machine.run("migrate", "-v0")
    machine.run("profile", "load", "demo")
    first = machine.add_document()
    machine.run("audit", "checkpoint")
    archive = tmp_path / "backup.tar.gz"
    output = machine.run("backup", "--output", str(archive)).stdout
    assert "database:" in output and "documenten: 1 bestanden" in output and "checkpoints: 1 bestanden" in output
    assert archive.is_file() and oct(archive.stat().st_mode & 0o777) == "0o600"
    before = machine.counts()
    old_checkpoints = machine.checkpoints

    # Work goes on after the backup: a second document, and a checkpoint that records the longer chain.
    second = machine.add_document()
    machine.run("audit", "checkpoint")
    newer_checkpoints = machine.checkpoints - old_checkpoints
    assert len(newer_checkpoints) == 1

    # The disaster: the database and the documents are lost; the checkpoints (shipped off-machine) are not.
    wipe()
    media = machine.var_dir / "media"
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()

    restored = machine.run("restore", str(archive), "--yes", check=False)
    output = restored.stdout + restored.stderr
    # The backup is older than the newest checkpoint on the machine: restore says so and exits non-zero.
    assert restored.returncode == 1, output
    assert "Herstel voltooid, maar de controle van het auditspoor faalt" in output
    assert "oudere backup" in output
    after = machine.counts()
    assert after == before and first["id"] in after["documents"] and second["id"] not in after["documents"]
    stored = media / first["name"]
    assert stored.is_file() and hashlib.sha256(stored.read_bytes()).hexdigest() == first["sha256"]
    assert not (media / second["name"]).exists()
    # The newer checkpoint was kept, the one from the backup is there too.
    assert machine.checkpoints == old_checkpoints | newer_checkpoints

    return archive


def restore_on_a_fresh_machine(machine: Machine, archive: Path) -> None:
    result = machine.run("restore", str(archive), "--yes")
    assert "herstel voltooid; het auditspoor is intact" in result.stdout
    assert len(machine.counts()["documents"]) == 1
    assert len(machine.checkpoints) == 1


# Each round trip runs real commands on a database of its own, whatever the suite's database: run the SQLite ones
# in the SQLite run and the PostgreSQL one in the PostgreSQL run of `make test`, not each twice.
SUITE_ON_POSTGRES = os.environ.get("TOEGANG_TEST_DATABASE_URL_ACTIVE", "").startswith("postgres")
sqlite_run_only = pytest.mark.skipif(SUITE_ON_POSTGRES, reason="runs once, in the SQLite run of the suite")
postgres_run_only = pytest.mark.skipif(not SUITE_ON_POSTGRES, reason="runs once, in the PostgreSQL run of the suite")


# --- SQLite ------------------------------------------------------------------------------------------------------


@sqlite_run_only
def test_sqlite_round_trip_keeps_documents_and_checkpoints_and_reports_an_old_dump(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    database = var / "toegang.sqlite3"
    machine = Machine(var, f"sqlite:///{database}")
    archive = round_trip(machine, database.unlink, tmp_path)

    fresh_var = tmp_path / "nieuw"
    fresh_var.mkdir()
    restore_on_a_fresh_machine(Machine(fresh_var, f"sqlite:///{fresh_var / 'toegang.sqlite3'}"), archive)


def tampered(archive: Path, target: Path, *, edit: str = "", drop: str = "", add: str = "") -> Path:
    """A copy of the archive with the first member starting with `edit` changed, member `drop` left out, or a
    member `add` added; the manifest is copied as it was."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == drop:
                continue
            if edit and member.name.startswith(edit):
                data, edit = data + b"<script>alert(1)</script>", ""
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
        if add:
            info = tarfile.TarInfo(add)
            info.size = 5
            copy.addfile(info, io.BytesIO(b"%PDF-"))
    return target


@pytest.fixture(scope="module")
def machine_with_backup(tmp_path_factory):
    """A SQLite machine with a backup and, after it, one more document; the tests below must leave it as it is."""
    tmp_path = tmp_path_factory.mktemp("tamper")
    var = tmp_path / "var"
    var.mkdir()
    machine = Machine(var, f"sqlite:///{var / 'toegang.sqlite3'}")
    machine.run("migrate", "-v0")
    machine.run("profile", "load", "demo")
    machine.add_document()
    archive = tmp_path / "backup.tar.gz"
    machine.run("backup", "--output", str(archive))
    machine.add_document()
    return machine, archive, machine.counts()


@pytest.mark.parametrize("tamper,message", [
    ({"edit": "documenten/"}, "De controle-hash van documenten/casussen/"),
    ({"drop": "database.sqlite3"}, "ontbreekt: database.sqlite3"),
    ({"add": "documenten/casussen/x.pdf"}, "niet in het manifest: documenten/casussen/x.pdf"),
    ({"drop": "manifest.json"}, "geen manifest.json"),
])
@sqlite_run_only
def test_a_tampered_archive_is_refused_and_nothing_is_restored(machine_with_backup, tmp_path, tamper, message):
    machine, archive, before = machine_with_backup
    result = machine.run("restore", str(tampered(archive, tmp_path / "gewijzigd.tar.gz", **tamper)), "--yes",
                         check=False)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert machine.counts() == before


@sqlite_run_only
def test_restore_asks_for_confirmation(machine_with_backup):
    machine, archive, before = machine_with_backup
    result = machine.run("restore", str(archive), check=False)
    assert result.returncode == 1 and "bevestig met --yes" in result.stderr
    assert machine.counts() == before


# --- PostgreSQL --------------------------------------------------------------------------------------------------


def postgres_server_url() -> str:
    url = os.environ.get("TOEGANG_TEST_DATABASE_URL_ACTIVE", "")
    return url if url.startswith("postgres") else "postgres://postgres@127.0.0.1:5432/postgres"


def admin_connection():
    import psycopg

    url = postgres_server_url().rsplit("/", 1)[0] + "/postgres"
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"geen PostgreSQL-server bereikbaar: {error}")


@postgres_run_only
def test_postgresql_round_trip_with_pg_dump_and_pg_restore(tmp_path):
    version = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout
    assert " 15." in version, version  # the production server is PostgreSQL 15: its client writes the dump
    admin = admin_connection()
    name = f"toegang_backup_{uuid.uuid4().hex[:10]}"

    def recreate():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    recreate()
    try:
        var = tmp_path / "var"
        var.mkdir()
        url = postgres_server_url().rsplit("/", 1)[0] + f"/{name}"
        archive = round_trip(Machine(var, url), recreate, tmp_path)
        with tarfile.open(archive) as tar:
            assert "database.dump" in tar.getnames()
            assert tar.extractfile("database.dump").read(5) == b"PGDMP"  # pg_dump's custom format

        recreate()
        fresh_var = tmp_path / "nieuw"
        fresh_var.mkdir()
        restore_on_a_fresh_machine(Machine(fresh_var, url), archive)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_an_output_place_that_cannot_be_written_is_said_in_dutch(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    machine = Machine(var, f"sqlite:///{var / 'toegang.sqlite3'}")
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map")
    result = machine.run("backup", "--output", str(blocker / "backup.tar.gz"), check=False)
    assert result.returncode == 1
    assert f"Het archief kan niet worden geschreven naar {blocker / 'backup.tar.gz'}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
