"""Two-factor authentication: TOTP devices (an authenticator app) and backup codes.

Built on django-otp: ``django_otp.middleware.OTPMiddleware`` marks a session verified once
``django_otp.login`` was called with a device; ``accounts.middleware.TwoFactorMiddleware``
makes every account that ``must_verify`` (the roles of ``RABAT_TWO_FACTOR_ROLES`` and every
account with a confirmed device) enrol or verify before anything else. Other accounts may
enrol on their own; once they have, their device is required too.
"""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import roles_of

TOTP_NAME = "authenticator"
BACKUP_NAME = "backup codes"
BACKUP_CODE_COUNT = 10


def requires_two_factor(user) -> bool:
    """Whether ``user`` must pass a second factor (Secretariat and administrators)."""
    if user is None or not user.is_authenticated:
        return False
    roles = roles_of(user)
    return any(getattr(roles, name, False) for name in _required_roles())


def must_verify(user) -> bool:
    """Whether ``user``'s session must pass a second factor before anything else: the roles
    that require one, and every account that enrolled a device (an enrolled second factor
    that the password alone could skip would protect nothing)."""
    if user is None or not user.is_authenticated:
        return False
    return requires_two_factor(user) or has_device(user)


def _required_roles():
    return getattr(settings, "RABAT_TWO_FACTOR_ROLES", ["secretariat", "admin"])


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_device(user) -> bool:
    """Whether ``user`` has a confirmed second factor (authenticator or backup codes);
    memoised on the user object for the request, as ``core.roles.roles_of`` is."""
    cached = getattr(user, "_rabat_has_device", None)
    if cached is None:
        cached = any(True for _d in devices_for_user(user, confirmed=True))
        user._rabat_has_device = cached
    return cached


def _forget_device(user) -> None:
    if hasattr(user, "_rabat_has_device"):
        del user._rabat_has_device


def pending_totp(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (a new secret each time enrolment starts over)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return b32encode(unhexlify(device.key)).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code (no image service, no JavaScript)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", omitsize=False
    )


@transaction.atomic
def confirm_totp(device: TOTPDevice) -> list[str]:
    """Make ``device`` the user's authenticator, dropping any older one; return fresh backup
    codes."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _forget_device(device.user)
    return regenerate_backup_codes(device.user)


@transaction.atomic
def regenerate_backup_codes(user, codes: list[str] | None = None) -> list[str]:
    """Replace the user's backup codes (each works once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = codes or [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def reset(user) -> int:
    """Remove every second-factor device of ``user`` (a lost phone): at the next sign-in a
    Secretariat or administrator account enrols again."""
    deleted = TOTPDevice.objects.filter(user=user).delete()[0]
    deleted += StaticDevice.objects.filter(user=user).delete()[0]
    _forget_device(user)
    return deleted
