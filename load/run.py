#!/usr/bin/env python3
"""`make load`: Toegang under load on this machine, with a report (docs/operations.md "Belasting meten").

    make load                                        # 100,000 households, 50 users, 120 s
    LOAD_HOUSEHOLDS=5000 LOAD_SECONDS=60 make load   # a quick one
    LOAD_REUSE=1 make load                           # measure again on the database of the previous run

1. builds the PostgreSQL database `toegang_load` (LOAD_DATABASE_URL) with `toegang demo --households
   LOAD_HOUSEHOLDS`, or with LOAD_REUSE=1 keeps it (migrated; built when it holds no residents yet);
2. makes an API key for the demo generalist and draws surnames and BSNs to search for;
3. starts gunicorn on 127.0.0.1:LOAD_PORT with the production settings and gunicorn.conf.py (TOEGANG_WORKERS,
   TOEGANG_THREADS), two factors optional (the demo logins have none), plain HTTP (no proxy in front) and, as in
   production, the Redis at LOAD_REDIS_URL (default redis://127.0.0.1:6379/14) when one answers;
4. runs locust headless (load/locustfile.py) with LOAD_USERS users: they log in, then LOAD_SECONDS are measured;
5. samples the CPU time of gunicorn, PostgreSQL, locust and the rest of the machine during that window;
6. writes test-output/load-report.md (and locust's CSV files beside it) and prints it.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-output"
BIN = Path(sys.executable).parent
URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toegang_load")
HOUSEHOLDS = int(os.environ.get("LOAD_HOUSEHOLDS", 100_000))
USERS = int(os.environ.get("LOAD_USERS", 50))
SECONDS = int(os.environ.get("LOAD_SECONDS", 120))
PORT = int(os.environ.get("LOAD_PORT", 8765))
REUSE = os.environ.get("LOAD_REUSE") == "1"


def admin_url() -> str:
    return URL.rsplit("/", 1)[0].replace("postgres://", "postgresql://", 1) + "/postgres"


def db_url() -> str:
    return URL.replace("postgres://", "postgresql://", 1)


def toegang_env(**extra) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DATABASE_URL": URL,
            "DJANGO_SETTINGS_MODULE": "toegang.settings.base", **extra}


def toegang(*args, capture=False) -> str:
    result = subprocess.run([sys.executable, "-m", "toegang", *args], env=toegang_env(), check=True, text=True,
                            stdout=subprocess.PIPE if capture else None)
    return result.stdout if capture else ""


def residents_present() -> bool:
    try:
        with psycopg.connect(db_url()) as conn:
            return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM persons_resident)").fetchone()[0])
    except psycopg.Error:
        return False


def build_database() -> float | None:
    """The load database with demo data; the seconds `toegang demo` took, or None when it was kept."""
    name = URL.rsplit("/", 1)[1]
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if REUSE and exists:
            toegang("migrate", "--noinput", "-v0")
            if residents_present():
                return None
        else:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    toegang("migrate", "--noinput", "-v0")
    started = time.monotonic()
    toegang("demo", "--households", str(HOUSEHOLDS), "--seed", "2015", "--quiet")
    return time.monotonic() - started


def data_size() -> dict:
    with psycopg.connect(db_url()) as conn:
        count = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
                 for table in ("persons_household", "persons_resident", "intake_melding", "cases_casus",
                               "audit_accesslog")}
        count["database"] = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
        return count


def samples() -> dict:
    """Surnames and BSNs of residents to search for (balie finds them all; a generalist only those in its districts)."""
    with psycopg.connect(db_url()) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT DISTINCT search_name FROM persons_resident WHERE search_name <> '' LIMIT 300")]
        bsns = [r[0] for r in conn.execute(
            "SELECT bsn FROM persons_resident WHERE bsn IS NOT NULL ORDER BY id LIMIT 300")]
    return {"names": names, "bsns": bsns}


def redis_url() -> str:
    """The Redis the servers share in production (cache, sessions read through it, jobs), when one answers here."""
    url = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return ""
    return url


REDIS = redis_url()


def start_server(log) -> subprocess.Popen:
    key_file = ROOT / "var" / "audit.key"  # the development key the demo's audit rows were written with
    env = toegang_env(
        DJANGO_SETTINGS_MODULE="toegang.settings.production", SECRET_KEY=secrets.token_urlsafe(40),
        TOEGANG_AUDIT_KEY_FILE=str(key_file), ALLOWED_HOSTS="127.0.0.1,localhost", TOEGANG_SSL_REDIRECT="0",
        TOEGANG_TWO_FACTOR="optioneel", EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        TOEGANG_BIND=f"127.0.0.1:{PORT}", TOEGANG_STATIC_ROOT=tempfile.mkdtemp(prefix="toegang-load-static-"),
        TOEGANG_REDIS_URL=REDIS)
    server = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")], env=env, cwd=ROOT,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped: see {log.name}")
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def port_free() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) != 0


def stop_server(server: subprocess.Popen) -> None:
    """gunicorn's graceful stop (SIGTERM to the master), then SIGKILL to what is left of its process group."""
    server.terminate()
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    server.wait()


class CpuSampler(threading.Thread):
    """CPU seconds per process group, summed from /proc (psutil) every second: gunicorn (the master and its workers),
    postgres (every backend of the server, also those of other work on it), locust, and the rest of the machine (the
    machine's busy time less those three)."""

    def __init__(self, groups: dict[str, int]):
        super().__init__(daemon=True)
        self.roots = groups  # group name -> pid of the group's root process
        self.last: dict[int, float] = {}
        self.windows: list[tuple[float, dict[str, float], float]] = []
        self.stop = threading.Event()
        self.beside: dict[str, float] = {}  # CPU seconds of what ran beside, during the measured window
        self.started = time.time()
        self.marker: Path | None = None

    def measuring(self) -> bool:
        return bool(self.marker and self.marker.exists() and "end" not in self.marker.read_text())

    def group_of(self, proc: psutil.Process) -> str:
        try:
            if proc.name() == "postgres":
                return "postgres"
            for parent in [proc, *proc.parents()]:
                for name, pid in self.roots.items():
                    if parent.pid == pid:
                        return name
        except psutil.Error:
            pass
        return "rest of the machine"

    def sample(self):
        """Each group's CPU seconds so far: its live processes' own time, plus what the group's root (gunicorn's
        master, PostgreSQL's postmaster) has collected of children that ended: a backend that lives for one request
        (TOEGANG_DB_CONN_MAX_AGE=0) is counted too, though it never lives until the next sample."""
        measuring = self.measuring()
        level: dict[str, float] = {}
        for proc in psutil.process_iter():
            try:
                times = proc.cpu_times()
                total = times.user + times.system
                group = self.group_of(proc)
                parent = proc.parent()
                postmaster = group == "postgres" and (parent is None or parent.name() != "postgres")
                if proc.pid in self.roots.values() or postmaster:
                    total += times.children_user + times.children_system
                born = proc.create_time() > self.started
            except psutil.Error:
                continue
            level[group] = level.get(group, 0.0) + total
            delta = total - self.last.get(proc.pid, 0.0 if born else total)
            self.last[proc.pid] = total
            if group == "postgres" and delta and measuring:
                try:
                    what = " ".join(proc.cmdline()).split()
                except psutil.Error:
                    continue
                key = " ".join(what[:4])
                self.beside[key] = self.beside.get(key, 0.0) + delta
            elif group == "rest of the machine" and delta and measuring:
                try:
                    key = " ".join(proc.cmdline())[:90] or proc.name()
                except psutil.Error:
                    continue
                self.beside[key] = self.beside.get(key, 0.0) + delta
        busy = psutil.cpu_times()
        self.windows.append((time.time(), level, busy.user + busy.system + busy.nice + busy.irq + busy.softirq))

    def run(self):
        self.sample()
        while not self.stop.wait(1.0):
            self.sample()

    def between(self, start: float, end: float) -> tuple[dict[str, float], float, float]:
        """CPU seconds per group, the machine's busy CPU seconds, and the wall seconds, of [start, end]."""
        inside = [w for w in self.windows if start <= w[0] <= end + 1] or self.windows[-2:]
        first, last = inside[0], inside[-1]
        per_group = {g: max(0.0, last[1].get(g, 0.0) - first[1].get(g, 0.0)) for g in ("gunicorn", "postgres", "locust")}
        busy = last[2] - first[2]
        per_group["rest of the machine"] = max(0.0, busy - sum(per_group.values()))
        return per_group, busy, last[0] - first[0]


def read_stats(prefix: Path) -> list[dict]:
    import csv

    with open(f"{prefix}_stats.csv") as f:
        return list(csv.DictReader(f))


def report(rows: list[dict], cpu: tuple[dict, float, float], built: float | None, size: dict, failures: str,
           beside: dict[str, float]) -> str:
    per_group, busy, wall = cpu
    total = next(r for r in rows if r["Name"] == "Aggregated")
    lines = [
        "# Toegang under load",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {USERS} users for {SECONDS} s after all logged in, "
        f"gunicorn {os.environ.get('TOEGANG_WORKERS', os.cpu_count())} workers x "
        f"{os.environ.get('TOEGANG_THREADS', 4)} threads, PostgreSQL on the same {os.cpu_count()}-core machine, "
        + ("Redis shared by the workers (cache; sessions read through it)." if REDIS else "no Redis (sessions from the "
                                                                                         "database alone)."),
        "",
        f"Data: {size['persons_household']:,} households, {size['persons_resident']:,} residents, "
        f"{size['intake_melding']:,} meldingen, {size['cases_casus']:,} cases, {size['audit_accesslog']:,} access-log "
        f"rows; database {size['database']}"
        + (f"; `toegang demo` took {built:.0f} s" if built else " (reused)") + ".",
        "",
        f"**{float(total['Requests/s']):.1f} requests/s**, {total['Request Count']} requests, "
        f"{total['Failure Count']} errors; p50 {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms.",
        "",
        "| request | count | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in sorted(rows, key=lambda r: -int(r["Request Count"])):
        if r["Name"] != "Aggregated" and int(r["Request Count"]):
            lines.append(f"| {r['Type']} {r['Name']} | {r['Request Count']} | {r['Failure Count']} | "
                         f"{float(r['Requests/s']):.1f} | {r['50%']} | {r['95%']} | {r['99%']} |")
    cores = os.cpu_count() or 1
    lines += ["", f"CPU during the {wall:.0f} s window (cores in use; {cores} cores = 100%):", "",
              "| process group | cores | share of the machine |", "| --- | ---: | ---: |"]
    for group in ("gunicorn", "postgres", "locust", "rest of the machine"):
        seconds = per_group.get(group, 0.0)
        lines.append(f"| {group} | {seconds / wall:.2f} | {100 * seconds / wall / cores:.0f}% |")
    lines.append(f"| machine busy | {busy / wall:.2f} | {100 * busy / wall / cores:.0f}% |")
    # per request: what does not depend on the neighbours (the load database's backends only, not the server's)
    requests = int(total["Request Count"]) or 1
    database = sum(seconds for what, seconds in beside.items() if what.endswith(URL.rsplit("/", 1)[1]))
    lines += ["", f"CPU per request: gunicorn {1000 * per_group.get('gunicorn', 0.0) / requests:.0f} ms, "
              f"PostgreSQL (this database's backends that lived a second or more) {1000 * database / requests:.0f} ms."]
    lines += ["", "`postgres` counts every backend of the server, also those of other work beside this run; "
              "`rest of the machine` is everything else that ran (the sampling's own share included)."]
    busiest = sorted(beside.items(), key=lambda item: -item[1])[:8]
    if busiest:
        lines += ["", "Where else the CPU went in the window (PostgreSQL backends by their database, the rest by command):",
                  ""]
        lines += [f"- {seconds / wall:.2f} cores: `{what}`" for what, seconds in busiest if seconds / wall >= 0.01]
    if failures.strip():
        lines += ["", "Errors:", "", "```", failures.strip()[:3000], "```"]
    return "\n".join(lines) + "\n"


def main():
    OUT.mkdir(exist_ok=True)
    print(f"load database: {URL} ({'reuse' if REUSE else f'{HOUSEHOLDS} households'})", flush=True)
    built = build_database()
    size = data_size()
    token = toegang("apisleutel", "maken", "generalist", "--naam", "belastingtest", capture=True).strip()
    work = Path(tempfile.mkdtemp(prefix="toegang-load-"))
    (work / "samples.json").write_text(json.dumps(samples()))
    marker = work / "window.json"
    if not port_free():
        raise SystemExit(f"something already answers on 127.0.0.1:{PORT}: stop it or choose LOAD_PORT")
    with open(OUT / "load-gunicorn.log", "w") as log:
        server = start_server(log)
        try:
            prefix = OUT / "load"
            locust = subprocess.Popen(
                [str(BIN / "locust"), "-f", str(ROOT / "load" / "locustfile.py"), "--headless", "-u", str(USERS),
                 "-r", os.environ.get("LOAD_SPAWN_RATE", "5"), "-t", f"{SECONDS + 600}s",
                 "--host", f"http://127.0.0.1:{PORT}", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
                env={**os.environ, "LOAD_SAMPLES": str(work / "samples.json"), "LOAD_API_TOKEN": token,
                     "LOAD_SECONDS": str(SECONDS), "LOAD_MARKER": str(marker)}, cwd=ROOT)
            sampler = CpuSampler({"gunicorn": server.pid, "locust": locust.pid})
            sampler.marker = marker
            sampler.start()
            code = locust.wait()
            sampler.stop.set()
            sampler.join()
        finally:
            stop_server(server)
    if not marker.exists():
        raise SystemExit(f"locust ended (exit {code}) before every user had logged in: see {OUT / 'load-gunicorn.log'}")
    window = json.loads(marker.read_text())
    cpu = sampler.between(window["start"], window.get("end", time.time()))
    failures = Path(f"{prefix}_failures.csv").read_text() if Path(f"{prefix}_failures.csv").exists() else ""
    if failures.count("\n") <= 1:
        failures = ""
    text = report(read_stats(prefix), cpu, built, size, failures, sampler.beside)
    (OUT / "load-report.md").write_text(text)
    print("\n" + text)


if __name__ == "__main__":
    main()
