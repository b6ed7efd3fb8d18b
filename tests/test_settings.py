import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
CONFIGURED = {"SECRET_KEY": "x" * 40, "TOEGANG_AUDIT_KEY": "a" * 40,
              "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test", "ALLOWED_HOSTS": "toegang.example"}


def start(env):
    """Django set up with the production settings of this checkout (not of wherever the package is installed)."""
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='toegang.settings.production'; django.setup()"
    return subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": str(SRC), **env}, capture_output=True,
                          text=True)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY ontbreekt"),
        ({"SECRET_KEY": "x" * 40, "DEBUG": "1"}, "DEBUG staat aan"),
        ({"SECRET_KEY": "x" * 40}, "DATABASE_URL ontbreekt"),
        ({**CONFIGURED, "TOEGANG_OIDC_ISSUER": "http://idp.example", "TOEGANG_OIDC_CLIENT_ID": "toegang"},
         "TOEGANG_OIDC_ISSUER moet met https:// beginnen"),
        ({**CONFIGURED, "TOEGANG_LOCAL_LOGIN": "0"}, "niemand kan dan inloggen"),
    ],
)
def test_production_settings_refuse_unsafe_configuration(env, message):
    result = start({"PATH": "/usr/bin:/bin", **env})
    assert result.returncode != 0 and message in result.stderr


def test_production_settings_start_when_configured():
    result = start({"PATH": "/usr/bin:/bin", **CONFIGURED})
    assert result.returncode == 0, result.stderr
    result = start({"PATH": "/usr/bin:/bin", **CONFIGURED, "TOEGANG_LOCAL_LOGIN": "0",
                    "TOEGANG_OIDC_ISSUER": "https://idp.example/realms/gemeente", "TOEGANG_OIDC_CLIENT_ID": "toegang"})
    assert result.returncode == 0, result.stderr


def settings_of(module: str, env: dict) -> dict:
    """The database, cache and session settings of `module` under `env`, read in a fresh process."""
    code = ("import django, json; django.setup(); "
            "from django.conf import settings as s; db = s.DATABASES['default']; "
            "print(json.dumps({'conn_max_age': db['CONN_MAX_AGE'], 'health_checks': db['CONN_HEALTH_CHECKS'], "
            "'options': db.get('OPTIONS', {}), 'cache': s.CACHES['default'], 'sessions': s.SESSION_ENGINE, "
            "'axes': s.AXES_HANDLER}))")
    result = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin",
                                                                "DJANGO_SETTINGS_MODULE": module, **env},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_keeps_database_connections_and_checks_them():
    production = settings_of("toegang.settings.production", CONFIGURED)
    assert production["conn_max_age"] == 60 and production["health_checks"] is True
    assert settings_of("toegang.settings.production", {**CONFIGURED, "TOEGANG_DB_CONN_MAX_AGE": "0"})["conn_max_age"] == 0
    # development and the demo: a connection per request unless asked otherwise
    assert settings_of("toegang.settings.base", {})["conn_max_age"] == 0
    assert settings_of("toegang.settings.base", {"TOEGANG_DB_CONN_MAX_AGE": "30"})["conn_max_age"] == 30


def test_postgresql_connections_run_without_jit():
    assert settings_of("toegang.settings.production", CONFIGURED)["options"]["options"] == "-c jit=off"
    own = settings_of("toegang.settings.production", {
        **CONFIGURED, "DATABASE_URL": CONFIGURED["DATABASE_URL"] + "?options=-c%20statement_timeout%3D5000"})
    assert own["options"]["options"] == "-c statement_timeout=5000 -c jit=off"
    sqlite = settings_of("toegang.settings.base", {"DATABASE_URL": "sqlite:////tmp/toegang-settings.sqlite3"})
    assert "options" not in sqlite["options"]


def test_redis_url_gives_one_cache_for_every_server_and_sessions_read_through_it():
    shared = settings_of("toegang.settings.production", {**CONFIGURED, "TOEGANG_REDIS_URL": "redis://127.0.0.1:6379/3"})
    assert shared["cache"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["cache"]["LOCATION"] == "redis://127.0.0.1:6379/3"
    alone = settings_of("toegang.settings.production", CONFIGURED)
    assert alone["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    # sessions stay in the database; with the shared Redis a request reads them through it (issue 16), never
    # through a cache per process (it would keep a session another server ended)
    assert shared["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert alone["sessions"] == "django.contrib.sessions.backends.db"
    for configured in (shared, alone):
        assert configured["axes"] == "axes.handlers.database.AxesDatabaseHandler"


def test_gunicorn_configuration_sizes_workers_and_threads_from_the_environment():
    code = ("import runpy, json; c = runpy.run_path('gunicorn.conf.py'); "
            "print(json.dumps([c['workers'], c['threads'], c['bind'], c['worker_class']]))")
    root = SRC.parent
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "TOEGANG_WORKERS": "3", "TOEGANG_THREADS": "8",
                                 "TOEGANG_BIND": "127.0.0.1:8123"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [3, 8, "127.0.0.1:8123", "gthread"]
