"""Authorisation matrix of "My account" and the two-factor pages: any signed-in account,
for itself only (no URL names another account)."""

from core.authz import SIGNED_IN, Case


def setup(world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.twofactor import regenerate_backup_codes

    for role in ("secretariat", "admin"):
        TOTPDevice.objects.create(user=world.users[role], name="matrix", confirmed=True)
        regenerate_backup_codes(world.users[role])


CASES = [
    Case("accounts:account", "view", SIGNED_IN),
    Case("accounts:password-change", "view", SIGNED_IN),
    Case("accounts:password-change", "change", SIGNED_IN, method="POST", data={}),
    Case("accounts:two-factor-setup", "view", SIGNED_IN),
    Case("accounts:two-factor-verify", "view", SIGNED_IN),
    Case("accounts:two-factor-backup-codes", "change", SIGNED_IN, method="POST"),
    Case("accounts:two-factor-disable", "delete", SIGNED_IN, method="POST"),
]
