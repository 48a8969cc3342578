"""``rabat ensure_demo_user``: a Secretariat superuser for demonstrations.

The fixed password ``rabat-demo-2026`` is for local demonstrations only; set
``DEMO_PASSWORD`` to choose another. The command refuses to run with production
settings unless ``--force`` is given.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reference.roles import ensure_roles

DEMO_USERNAME = "secretariat"
DEMO_PASSWORD = "rabat-demo-2026"  # demo only, documented; never use on a public server
DEMO_GROUP = "Secretariat"


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
        if created:
            self.stdout.write(f"Created the demo superuser {DEMO_USERNAME!r}.")
        elif not user.check_password(password):
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
