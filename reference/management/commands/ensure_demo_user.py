"""``rabat ensure_demo_user``: a Secretariat superuser for demonstrations.

The fixed password ``rabat-demo-2026`` is for local demonstrations only; set
``DEMO_PASSWORD`` to choose another. The command refuses to run with production
settings unless ``--force`` is given.

The Secretariat must use two-factor authentication (docs/security.md), so the demo account
gets an authenticator device with a FIXED, PUBLISHED key and fixed backup codes, printed by
the command: a demonstration convenience that no real account has. Running the command again
restores the backup codes used since.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.twofactor import regenerate_backup_codes, secret_base32
from reference.roles import ensure_roles

DEMO_USERNAME = "secretariat"
DEMO_PASSWORD = "rabat-demo-2026"  # demo only, documented; never use on a public server
DEMO_GROUP = "Secretariat"
# RFC 6238's test secret ("12345678901234567890"): public on purpose, demo only.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_NAME = "demo authenticator"
DEMO_BACKUP_CODES = [f"demo{n:04d}" for n in range(1, 11)]


def _is_test_settings() -> bool:
    return settings.SETTINGS_MODULE.rsplit(".", 1)[-1] == "test"


class Command(BaseCommand):
    help = (
        "Create (if absent) the demo superuser 'secretariat' in the Secretariat group. "
        f"Password: $DEMO_PASSWORD or the demo-only default {DEMO_PASSWORD!r}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with production settings (DEBUG off). Think twice.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not _is_test_settings() and not force:
            raise CommandError(
                "Refusing to create a demo account with production settings (DEBUG is off). "
                "Use --force if you really mean it, with DEMO_PASSWORD set."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEMO_PASSWORD
        with transaction.atomic():
            ensure_roles()
            group = Group.objects.get(name=DEMO_GROUP)
            user_model = get_user_model()
            user = user_model.objects.filter(username=DEMO_USERNAME).first()
            created = user is None
            if created:
                user = user_model.objects.create_superuser(
                    username=DEMO_USERNAME, email="", password=password
                )
            elif not (user.is_staff and user.is_superuser and user.is_active):
                user.is_staff = user.is_superuser = user.is_active = True
                user.save(update_fields=["is_staff", "is_superuser", "is_active"])
            user.groups.add(group)
            # Never give a published key to an account that is not the demo one.
            is_demo = created or user.check_password(password)
            device = _ensure_demo_device(user) if is_demo else None
        if created:
            self.stdout.write(f"Created the demo superuser {DEMO_USERNAME!r}.")
        elif not is_demo:
            self.stdout.write(
                self.style.WARNING(
                    f"The user {DEMO_USERNAME!r} already exists with another password; it was "
                    f"not changed (use `rabat changepassword {DEMO_USERNAME}`)."
                )
            )
            return
        self.stdout.write(
            f"Demo login: {DEMO_USERNAME} / {password} at "
            "http://127.0.0.1:8000/accounts/login/ (admin: /admin/)"
        )
        self.stdout.write(
            "Two-factor authentication (DEMO ONLY, a published key: never on a real server):\n"
            f"  authenticator secret: {secret_base32(device)}\n"
            f"  otpauth URI: {device.config_url}\n"
            f"  backup codes (each works once; rerun this command to restore them): "
            f"{' '.join(DEMO_BACKUP_CODES)}"
        )


def _ensure_demo_device(user):
    """The demo account's authenticator (fixed key) and backup codes, made idempotently."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, name=DEMO_TOTP_NAME).first()
    if device is None:
        device = TOTPDevice(user=user, name=DEMO_TOTP_NAME)
    device.key = DEMO_TOTP_KEY
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    regenerate_backup_codes(user, codes=list(DEMO_BACKUP_CODES))
    return device
