"""Production settings refuse to start without their required environment, and pass
Django's deployment checks when it is given."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def run(code_or_args, env: dict, *, module: bool = False) -> subprocess.CompletedProcess:
    """Run Python in a clean environment (nothing inherited but PATH and the project)."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(PROJECT)}
    args = [sys.executable, *code_or_args] if module else [sys.executable, "-c", code_or_args]
    return subprocess.run(
        args, cwd=PROJECT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


IMPORT = "import config.settings.production"
GOOD_KEY = secrets.token_urlsafe(50)


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "   ", "ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
    ],
    ids=["nothing", "no-secret-key", "blank-secret-key", "no-allowed-hosts", "empty-hosts"],
)
def test_production_refuses_to_start_without(env, missing):
    result = run(IMPORT, env)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert missing in result.stderr.strip().splitlines()[-1]


def test_production_starts_with_its_environment():
    code = (
        "import config.settings.production as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    result = run(code, {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "example.org, www.example.org"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['example.org', 'www.example.org'] True True"


def test_check_deploy_passes_with_production_settings():
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "example.org",
    }
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env, module=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_test_settings_are_not_production_like():
    from django.conf import settings

    assert settings.SETTINGS_MODULE == "config.settings.test"
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
