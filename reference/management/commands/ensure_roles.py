"""``rabat ensure_roles``: make the platform's groups match ``reference/data/roles.json``."""

from django.core.management.base import BaseCommand, CommandError

from reference.roles import RoleDataError, ensure_roles


class Command(BaseCommand):
    help = "Create or update the roles (Django groups) and their permissions from roles.json."

    def handle(self, *args, **options):
        try:
            counts = ensure_roles()
        except RoleDataError as exc:
            raise CommandError(str(exc)) from exc
        row = counts.as_dict().get("Group", {})
        self.stdout.write(
            self.style.SUCCESS(
                "Roles: {created} created, {updated} updated, {unchanged} unchanged.".format(
                    **{"created": 0, "updated": 0, "unchanged": 0, **row}
                )
            )
        )
