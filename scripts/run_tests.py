#!/usr/bin/env python3
"""`make test`: the whole suite on SQLite, then on PostgreSQL when one is reachable.

Environment:
  TOEGANG_TEST_DATABASE_URL   PostgreSQL to test against (default postgres://postgres@127.0.0.1:5432/test);
                              pytest-django creates and drops its own `test_toegang_<pid>` database there
  TOEGANG_REQUIRE_POSTGRES=1  fail when PostgreSQL is not reachable (.ci/run sets this)
  TOEGANG_REQUIRE_BROWSER=1   fail when Debian's Chromium is missing instead of skipping browser tests
  TOEGANG_REQUIRE_GETTEXT=1   fail when GNU gettext (xgettext) is missing instead of skipping the catalogue check
  TOEGANG_REQUIRE_REDIS=1     fail when Redis is not reachable instead of skipping the tests with a real Celery
                              worker (tests/test_jobs.py; TOEGANG_TEST_REDIS_URL, default redis://127.0.0.1:6379/0)
  TOEGANG_REQUIRE_OIDC_PROVIDER=1  fail when Node.js or tests/oidc_provider/node_modules is missing instead of
                              skipping the tests that log in at a real OpenID provider
  TOEGANG_TEST_SERIAL=1       run the two databases one after the other (default: side by side when PostgreSQL is
                              reachable; the PostgreSQL run's output is printed when it is done)
Extra arguments are passed to pytest (e.g. `make test ARGS="-k audit"`).
"""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-output"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/test"


def postgres_reachable(url: str) -> str | None:
    """None when reachable, else the reason."""
    try:
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return None
    except Exception as exc:  # noqa: BLE001
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def start(label: str, database_url: str | None, args: list[str], log: Path | None = None) -> subprocess.Popen:
    """Start the suite on one database; with `log`, its output goes to that file instead of the terminal."""
    env = dict(os.environ)
    env.pop("TOEGANG_TEST_DATABASE_URL_ACTIVE", None)
    if database_url:
        env["TOEGANG_TEST_DATABASE_URL_ACTIVE"] = database_url
    junit = OUT / f"junit-{label.lower()}.xml"
    junit.unlink(missing_ok=True)
    command = [sys.executable, "-m", "pytest", f"--junitxml={junit}", "-p", "no:cacheprovider", *args]
    if log is None:
        print(f"\n=== Toegang test suite on {label} ===", flush=True)
        return subprocess.Popen(command, cwd=ROOT, env=env)
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def finish(label: str, process: subprocess.Popen) -> dict:
    code = process.wait()
    junit = OUT / f"junit-{label.lower()}.xml"
    counts = {"label": label, "code": code, "passed": 0, "failed": 0, "skipped": 0}
    if junit.exists():
        suite = ET.parse(junit).getroot()
        suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
        total = int(suite.get("tests", 0))
        failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped = int(suite.get("skipped", 0))
        counts.update(passed=total - failed - skipped, failed=failed, skipped=skipped)
    return counts


def main() -> int:
    OUT.mkdir(exist_ok=True)
    args = sys.argv[1:]
    pg_url = os.environ.get("TOEGANG_TEST_DATABASE_URL", DEFAULT_PG)
    reason = postgres_reachable(pg_url)
    require_pg = os.environ.get("TOEGANG_REQUIRE_POSTGRES") == "1"
    side_by_side = reason is None and os.environ.get("TOEGANG_TEST_SERIAL") != "1"
    pg_log = OUT / "postgresql.log"
    if side_by_side:  # two cores: each database run gets one; the PostgreSQL output follows when it is done
        print(f"=== PostgreSQL run started beside SQLite (output in {pg_log.relative_to(ROOT)}, printed below) ===",
              flush=True)
        postgres = start("PostgreSQL", pg_url, args, log=pg_log)
    results = [finish("SQLite", start("SQLite", None, args))]
    if reason is None:
        if side_by_side:
            outcome = finish("PostgreSQL", postgres)
            print("\n=== Toegang test suite on PostgreSQL ===", flush=True)
            print(pg_log.read_text(), flush=True)
        else:
            outcome = finish("PostgreSQL", start("PostgreSQL", pg_url, args))
        results.append(outcome)
    elif require_pg:
        print(f"\nPostgreSQL is required (TOEGANG_REQUIRE_POSTGRES=1) but not reachable at {pg_url}: {reason}")
        results.append({"label": "PostgreSQL", "code": 1, "passed": 0, "failed": 1, "skipped": 0})
    print("\n=== Summary ===")
    for r in results:
        status = "ok" if r["code"] == 0 else f"FAILED (exit {r['code']})"
        print(f"{r['label']:<11} {r['passed']} passed, {r['failed']} failed, {r['skipped']} skipped: {status}")
    if reason is not None and not require_pg:
        print(f"NOTE: ran on SQLite only. PostgreSQL not reachable at {pg_url} ({reason}).")
    passed = sum(r["passed"] for r in results)
    failed = sum(r["failed"] for r in results)
    skipped = sum(r["skipped"] for r in results)
    print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
    return 0 if all(r["code"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
