"""Sign-in throttling: too many failures for a username or an address lock it for a while.

``RABAT_LOGIN_FAILURE_LIMIT`` failures within ``RABAT_LOGIN_FAILURE_WINDOW`` seconds, for
one username (case-insensitive) or one client address, lock further attempts until the
oldest of them leaves the window. A locked attempt is refused with the same message as a wrong
password, so that nobody learns whether an account exists (docs/security.md).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import LoginFailure


def limit() -> int:
    return int(getattr(settings, "RABAT_LOGIN_FAILURE_LIMIT", 5))


def window() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "RABAT_LOGIN_FAILURE_WINDOW", 15 * 60)))


def client_ip(request) -> str | None:
    """The client's address as the web server saw it (REMOTE_ADDR: a reverse proxy must set
    it, never trust a header the client controls)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _key(username) -> str:
    return (username or "").strip().lower()[:150]


def is_locked(username, ip, *, now=None) -> bool:
    now = now or timezone.now()
    recent = LoginFailure.objects.filter(at__gt=now - window())
    if recent.filter(username=_key(username)).count() >= limit():
        return True
    return bool(ip) and recent.filter(ip_address=ip).count() >= limit()


def record_failure(username, ip, *, now=None) -> None:
    now = now or timezone.now()
    LoginFailure.objects.create(username=_key(username), ip_address=ip, at=now)
    # Keep the table small: what left the window can never lock anything again.
    LoginFailure.objects.filter(at__lte=now - window()).delete()


def clear(username=None, ip=None) -> int:
    """Forget the failures of a username and/or an address (after a success, or by the
    Secretariat: ``rabat unlock_login``)."""
    query = Q(pk__in=[])
    if username:
        query |= Q(username=_key(username))
    if ip:
        query |= Q(ip_address=ip)
    return LoginFailure.objects.filter(query).delete()[0]
