"""The audit key lives outside the database; production refuses to start without one."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from toegang.audit import keys


def start_production(env):
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='toegang.settings.production'; django.setup()"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


PRODUCTION = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 40, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
              "ALLOWED_HOSTS": "toegang.example"}


@pytest.mark.parametrize("audit_key", [None, "te-kort"])
def test_production_refuses_to_start_without_a_real_audit_key(tmp_path, audit_key):
    env = {**PRODUCTION, "TOEGANG_VAR_DIR": str(tmp_path)} | ({"TOEGANG_AUDIT_KEY": audit_key} if audit_key else {})
    result = start_production(env)
    assert result.returncode != 0 and "TOEGANG_AUDIT_KEY ontbreekt" in result.stderr
    assert not (tmp_path / "audit.key").exists()  # production never generates a key


def test_production_starts_with_a_key_file(tmp_path):
    (tmp_path / "audit.key").write_text("k" * 40)
    result = start_production({**PRODUCTION, "TOEGANG_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_development_generates_a_private_key_file_once(tmp_path, settings):
    settings.AUDIT_KEY, settings.AUDIT_KEY_FILE = "", tmp_path / "sub" / "audit.key"
    first = keys.audit_key()
    assert settings.AUDIT_KEY_FILE.stat().st_mode & 0o777 == 0o600 and len(first) == 64
    keys._key_for.cache_clear()
    assert keys.audit_key() == first


def test_another_key_does_not_verify_the_same_row(settings):
    settings.AUDIT_KEY = "a" * 40
    signed = keys.mac(["x", 1])
    settings.AUDIT_KEY = "b" * 40
    assert not keys.mac_matches(["x", 1], signed)
    settings.AUDIT_KEY = "a" * 40
    assert keys.mac_matches(["x", 1], signed)


def test_a_short_key_is_refused(settings):
    settings.AUDIT_KEY = "kort"
    with pytest.raises(ImproperlyConfigured, match="auditsleutel is te kort"):
        keys.audit_key()
