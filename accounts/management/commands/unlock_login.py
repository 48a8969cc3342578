"""``rabat unlock_login USERNAME [--ip ADDRESS]``: lift a sign-in lock before it expires."""

from django.core.management.base import BaseCommand

from accounts import throttling


class Command(BaseCommand):
    help = "Forget the failed sign-ins of a username (and/or an address), lifting its pause."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default=None)
        parser.add_argument("--ip", default=None, help="Also forget this client address.")

    def handle(self, *args, username=None, ip=None, **options):
        count = throttling.clear(username=username, ip=ip)
        self.stdout.write(f"Forgot the sign-in counters of {count} username(s)/address(es).")
