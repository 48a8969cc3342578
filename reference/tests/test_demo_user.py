"""``rabat ensure_demo_user``: a demo Secretariat superuser, never on production settings."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_creates_the_demo_user_once(capsys, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("ensure_demo_user")
    call_command("ensure_demo_user")
    user = get_user_model().objects.get(username="secretariat")
    assert user.is_superuser and user.is_staff
    assert user.check_password("rabat-demo-2026")
    assert list(user.groups.values_list("name", flat=True)) == ["Secretariat"]
    out = capsys.readouterr().out
    assert out.count("Created the demo superuser") == 1
    assert (
        "Demo login: secretariat / rabat-demo-2026 at http://127.0.0.1:8000/accounts/login/ "
        "(admin: /admin/)" in out
    )


def test_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-password")
    call_command("ensure_demo_user")
    assert (
        get_user_model().objects.get(username="secretariat").check_password("another-demo-password")
    )


def test_refuses_production_settings_unless_forced(settings):
    settings.DEBUG = False
    settings.SETTINGS_MODULE = "config.settings.production"
    with pytest.raises(CommandError, match="production settings"):
        call_command("ensure_demo_user")
    assert not get_user_model().objects.exists()
    call_command("ensure_demo_user", force=True)
    assert get_user_model().objects.filter(username="secretariat").exists()
