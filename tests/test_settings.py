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
