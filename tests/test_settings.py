import subprocess
import sys

import pytest


def start(env):
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='toegang.settings.production'; django.setup()"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY ontbreekt"),
        ({"SECRET_KEY": "x" * 40, "DEBUG": "1"}, "DEBUG staat aan"),
        ({"SECRET_KEY": "x" * 40}, "DATABASE_URL ontbreekt"),
    ],
)
def test_production_settings_refuse_unsafe_configuration(env, message):
    result = start({"PATH": "/usr/bin:/bin", **env})
    assert result.returncode != 0 and message in result.stderr


def test_production_settings_start_when_configured():
    result = start({"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 40, "TOEGANG_AUDIT_KEY": "a" * 40,
                    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test", "ALLOWED_HOSTS": "toegang.example"})
    assert result.returncode == 0, result.stderr
