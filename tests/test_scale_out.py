"""Two web servers, one PostgreSQL and one Redis (issue 16, item 7; docs/operations.md "Productie").

Two gunicorn instances on loopback (different ports, gunicorn.conf.py, the production settings) share a migrated
PostgreSQL database of this test's own (`toegang_scaleout_<pid>`, dropped afterwards) and TOEGANG_REDIS_URL:
a session started on A continues on B and ends on both when it ends on one (sessions in the database, read
through the shared Redis: Django's cached_db), a login lockout earned on A holds on B (django-axes'
database handler), a melding registered on A is read on B, and a cache value set under A's settings is read under
B's (Redis). Skipped with the reason when gunicorn, PostgreSQL or Redis is missing, unless TOEGANG_REQUIRE_POSTGRES=1
or TOEGANG_REQUIRE_REDIS=1 make that a failure.
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("TOEGANG_TEST_DATABASE_URL_ACTIVE", "").startswith("postgres") and \
    os.environ["TOEGANG_TEST_DATABASE_URL_ACTIVE"].rsplit("/", 1)[0] or "postgres://postgres@127.0.0.1:5432"
REDIS_URL = os.environ.get("TOEGANG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
NAME = f"toegang_scaleout_{os.getpid()}"
PASSWORD = "demo-toegang"


def missing() -> list[tuple[str, str]]:
    """(what, why) for each service this test needs and cannot reach."""
    gaps = []
    if not (Path(sys.executable).parent / "gunicorn").exists() and not shutil.which("gunicorn"):
        gaps.append(("gunicorn", "gunicorn is not installed"))
    try:
        import psycopg

        psycopg.connect(SERVER.replace("postgres://", "postgresql://", 1) + "/postgres", connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 - any failure means: not reachable
        gaps.append(("postgres", f"PostgreSQL is not reachable at {SERVER}: {exc}"))
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001
        gaps.append(("redis", f"Redis is not reachable at {REDIS_URL}: {exc}"))
    return gaps


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(**extra) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DATABASE_URL": f"{SERVER}/{NAME}",
            "DJANGO_SETTINGS_MODULE": "toegang.settings.base", **extra}


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    gaps = missing()
    if gaps:
        required = {"postgres": "TOEGANG_REQUIRE_POSTGRES", "redis": "TOEGANG_REQUIRE_REDIS"}
        if any(os.environ.get(required.get(what, "")) == "1" for what, _ in gaps):
            pytest.fail("; ".join(why for _, why in gaps))
        pytest.skip("; ".join(why for _, why in gaps))
    import psycopg

    admin = SERVER.replace("postgres://", "postgresql://", 1) + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{NAME}"')
        conn.execute(f'CREATE DATABASE "{NAME}"')
    work = tmp_path_factory.mktemp("scale-out")
    started = []
    try:
        toegang = [sys.executable, "-m", "toegang"]
        subprocess.run([*toegang, "migrate", "--noinput", "-v0"], env=environment(), check=True, cwd=ROOT)
        subprocess.run([*toegang, "demo", "--households", "1", "--meldingen", "0", "--quiet"],
                       env=environment(TOEGANG_VAR_DIR=str(work)), check=True, cwd=ROOT, capture_output=True)
        shared = environment(
            DJANGO_SETTINGS_MODULE="toegang.settings.production", SECRET_KEY=secrets.token_urlsafe(40),
            TOEGANG_AUDIT_KEY=secrets.token_urlsafe(40), ALLOWED_HOSTS="127.0.0.1", TOEGANG_SSL_REDIRECT="0",
            TOEGANG_TWO_FACTOR="optioneel", TOEGANG_REDIS_URL=REDIS_URL, TOEGANG_WORKERS="1", TOEGANG_THREADS="2",
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", TOEGANG_VAR_DIR=str(work),
            TOEGANG_STATIC_ROOT=str(work))
        gunicorn = str(Path(sys.executable).parent / "gunicorn") if (Path(sys.executable).parent / "gunicorn").exists() \
            else shutil.which("gunicorn")
        urls = {}
        for name in ("A", "B"):
            port = free_port()
            env = {**shared, "TOEGANG_BIND": f"127.0.0.1:{port}"}
            log = open(work / f"gunicorn-{name}.log", "w")  # noqa: SIM115 - closed with the process below
            command = [gunicorn, "-c", str(ROOT / "gunicorn.conf.py"), "--graceful-timeout", "2"]
            started.append((subprocess.Popen(command, env=env, cwd=ROOT,
                                             stdout=log, stderr=subprocess.STDOUT, start_new_session=True), log))
            urls[name] = (f"http://127.0.0.1:{port}", env)
        for name, (url, _) in urls.items():
            wait_for(url, work / f"gunicorn-{name}.log")
        yield urls
    finally:
        for process, _ in started:
            process.terminate()
        for process, log in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait()
            log.close()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')


def wait_for(url: str, log: Path):
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.25)
    pytest.fail(f"{url} did not start:\n{log.read_text()[-2000:]}")


def resident_id() -> str:
    import psycopg

    with psycopg.connect(SERVER.replace("postgres://", "postgresql://", 1) + f"/{NAME}") as conn:
        return str(conn.execute("SELECT id FROM persons_resident WHERE bsn IS NOT NULL ORDER BY id").fetchone()[0])


def browser():
    """A requests session that sends the production settings' Secure cookies over loopback HTTP."""
    import requests

    DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True  # only in this test process
    return requests.Session()


def csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def log_in(session, url: str, username: str, password: str = PASSWORD):
    page = session.get(f"{url}/inloggen/")
    return session.post(f"{url}/inloggen/", data={"username": username, "password": password,
                                                    "csrfmiddlewaretoken": csrf(page.text)})


def test_a_session_started_on_one_server_continues_on_the_other(servers):
    (a, _), (b, _) = servers["A"], servers["B"]
    session = browser()
    answer = log_in(session, a, "generalist")
    assert answer.status_code == 200 and answer.url == f"{a}/"
    on_b = session.get(f"{b}/")
    assert on_b.status_code == 200 and on_b.url == f"{b}/" and "Mijn werk" in on_b.text
    session.post(f"{b}/uitloggen/", data={"csrfmiddlewaretoken": csrf(on_b.text)})
    assert "/inloggen/" in session.get(f"{a}/").url  # logged out on B is logged out on A


def test_a_melding_registered_on_one_server_is_read_on_the_other(servers):
    (a, _), (b, _) = servers["A"], servers["B"]
    session = browser()
    log_in(session, a, "balie")
    pk = resident_id()
    form = session.get(f"{a}/meldingen/nieuw/?inwoner={pk}").text
    select = re.search(r'name="gemeente".*?</select>', form, re.S).group(0)
    gemeente = (re.search(r'<option value="(\d+)"[^>]*selected', select) or re.search(r'<option value="(\d+)"', select))
    question = f"Schaaltest {secrets.token_hex(4)}: hulp bij de boodschappen"
    answer = session.post(f"{a}/meldingen/nieuw/", data={
        "csrfmiddlewaretoken": csrf(form), "inwoner": pk, "persons": [pk], "gemeente": gemeente.group(1),
        "received_at": time.strftime("%Y-%m-%dT%H:%M", time.localtime(time.time() - 3600)), "channel": "telefoon",
        "source": "zelf", "question": question, "laws": ["wmo"], "urgency": "regulier",
        "idempotency_key": re.search(r'name="idempotency_key" value="([^"]*)"', form).group(1)})
    melding = re.search(r"/meldingen/(\d+)/$", answer.url)
    assert answer.status_code == 200 and melding, answer.text[:2000]
    on_b = session.get(f"{b}/meldingen/{melding.group(1)}/")
    assert on_b.status_code == 200 and question in on_b.text


def test_a_login_lockout_earned_on_one_server_holds_on_the_other(servers):
    (a, _), (b, _) = servers["A"], servers["B"]
    for _ in range(4):
        assert log_in(browser(), a, "beleid", "niet-het-wachtwoord").status_code == 200  # the form again
    # the fifth wrong password, on B, is the fifth for the username: B counts A's failures
    assert log_in(browser(), b, "beleid", "niet-het-wachtwoord").status_code == 429
    locked = log_in(browser(), a, "beleid")  # and A holds B's lock, even for the right password
    assert locked.status_code == 429 and "Te veel mislukte pogingen" in locked.text


def test_the_cache_is_one_redis_for_both_servers(servers):
    (_, env_a), (_, env_b) = servers["A"], servers["B"]
    key, value = f"schaaltest-{secrets.token_hex(4)}", secrets.token_hex(8)

    def django(env, code):
        result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], env=env,
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    # A sets a value and takes a lock (cache.add: only the first caller gets it); B reads the value and finds the
    # lock taken.
    assert django(env_a, f"from django.core.cache import cache; cache.set({key!r}, {value!r}, 60); "
                         f"print(cache.add({key!r} + '-lot', 'A', 60))") == "True"
    assert django(env_b, f"from django.core.cache import cache; print(cache.get({key!r})); "
                         f"print(cache.add({key!r} + '-lot', 'B', 60))") == f"{value}\nFalse"
