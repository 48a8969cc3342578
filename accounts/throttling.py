"""Sign-in throttling: lock a username, slow down an address (docs/security.md).

- **Per username** (case-insensitive): ``RABAT_LOGIN_FAILURE_LIMIT`` failed attempts within
  ``RABAT_LOGIN_FAILURE_WINDOW`` seconds of the first one lock it until that window ends.
- **Per client address** (an IPv6 address by its /64): the same number of failures are free;
  after them each attempt from the address must wait after the previous one, 1 s, then 2, 4 ...
  up to ``ADDRESS_MAX_DELAY``: guessing across many usernames slows to a crawl, while a shared
  office (one address for everybody) is never locked out.
- **Atomic**: an attempt is reserved (counted) by one conditional UPDATE *before* the password
  is checked, and only the winners of that UPDATE are checked; a success gives the slot back.
  Concurrent guesses therefore cannot all slip under the limit, on SQLite (one writer at a
  time) and on PostgreSQL (the UPDATE locks the row) alike; no ``select_for_update``.
- **The client address** is ``REMOTE_ADDR``, or, when the request came through a proxy of
  ``RABAT_TRUSTED_PROXIES``, the address that proxy put in ``X-Forwarded-For``.

A paused attempt is told so, with the same words whether the account exists or not.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone

from .models import SignInCounter

USERNAME = "username"
ADDRESS = "address"
ADDRESS_MAX_DELAY = 60  # seconds: the longest wait between two attempts from one address
_PAUSE_ATTRIBUTE = "_rabat_sign_in_pause"


def limit() -> int:
    return int(getattr(settings, "RABAT_LOGIN_FAILURE_LIMIT", 5))


def window() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "RABAT_LOGIN_FAILURE_WINDOW", 15 * 60)))


@dataclass(frozen=True)
class Pause:
    """Why and for how long an attempt was refused without checking the password."""

    reason: str  # USERNAME or ADDRESS
    seconds: int


# --- The client's address -------------------------------------------------------------


def parse_trusted_proxies(value) -> int | tuple:
    """``RABAT_TRUSTED_PROXIES``: empty (no proxy), a number of proxies in front of the
    application, or comma-separated addresses/networks (CIDR) of the trusted proxies."""
    if isinstance(value, int):
        return _count(value)
    if isinstance(value, list | tuple):
        value = ",".join(str(v) for v in value)
    return _parse(str(value or "").strip())


def _count(value: int) -> int:
    if value < 0:
        raise ImproperlyConfigured("RABAT_TRUSTED_PROXIES: a number of proxies is 0 or more.")
    return value


@lru_cache(maxsize=8)
def _parse(text: str) -> int | tuple:
    if not text:
        return 0
    if text.isdigit():
        return _count(int(text))
    networks = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"RABAT_TRUSTED_PROXIES: {part!r} is neither a number of proxies nor an "
                "address or network (e.g. 10.0.0.5 or 10.0.0.0/8)."
            ) from exc
    return tuple(networks)


def trusted_proxies() -> int | tuple:
    return parse_trusted_proxies(getattr(settings, "RABAT_TRUSTED_PROXIES", ""))


def _address(value) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address. ``X-Forwarded-For`` is read only as far as trusted proxies wrote
    it: with a number N of proxies, its N-th entry from the right (each proxy appends the
    address it saw); with networks, the nearest entry, walking from ``REMOTE_ADDR`` leftwards,
    that is not a trusted proxy. Whatever a client writes into the header itself is never
    believed."""
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR"))
    proxies = trusted_proxies()
    if not proxies:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if isinstance(proxies, int):
        if len(forwarded) < proxies:
            return remote  # not through the proxies: the header is the client's own
        return _address(forwarded[-proxies]) or remote
    if remote is None or not _trusted(remote, proxies):
        return remote
    hop = remote
    for entry in reversed(forwarded):
        address = _address(entry)
        if address is None:
            return hop  # garbage written before a trusted hop: stop at that hop
        if not _trusted(address, proxies):
            return address
        hop = address
    return hop


def _trusted(address: str, networks: tuple) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip.version == net.version and ip in net for net in networks)


# --- Counting ---------------------------------------------------------------------------


def _username_key(username) -> str:
    return "user:" + (username or "").strip().lower()[:150]


def _address_key(ip) -> str | None:
    address = _address(ip)
    if address is None:
        return None
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return f"addr:{parsed.ipv4_mapped}"
        # One IPv6 host holds a whole /64: count the network, not each address.
        return f"addr:{ipaddress.ip_network(f'{address}/64', strict=False)}"
    return f"addr:{parsed}"


def _delay(failures_beyond_free: int) -> int:
    return min(2 ** min(failures_beyond_free, 16), ADDRESS_MAX_DELAY)


def _reserve(key: str, gate: Q, now: datetime, **updates) -> bool:
    """Count one attempt on ``key`` if ``gate`` allows it (or its window ended), in one
    conditional UPDATE; False when refused."""
    expired = Q(window_start__lte=now - window())
    for _try in range(3):
        SignInCounter.objects.bulk_create(
            [SignInCounter(key=key, attempts=0, window_start=now)], ignore_conflicts=True
        )
        updated = (
            SignInCounter.objects.filter(key=key)
            .filter(expired | gate)
            .update(
                attempts=Case(When(expired, then=Value(1)), default=F("attempts") + 1),
                window_start=Case(When(expired, then=Value(now)), default=F("window_start")),
                **updates,
            )
        )
        if updated:
            return True
        if SignInCounter.objects.filter(key=key).exists():
            return False
        # Pruned between the INSERT and the UPDATE: start again.
    return False


def _give_back(key: str) -> None:
    SignInCounter.objects.filter(key=key, attempts__gt=0).update(attempts=F("attempts") - 1)


def _seconds_until(moment: datetime | None, now: datetime) -> int:
    if moment is None:
        return 1
    return max(1, math.ceil((moment - now).total_seconds()))


def begin(username, ip, *, now=None) -> Pause | None:
    """Reserve one attempt for ``username`` from ``ip`` before its password is checked;
    ``None`` when it may go ahead, else the pause that refuses it (nothing is counted)."""
    now = now or timezone.now()
    user_key = _username_key(username)
    if not _reserve(user_key, Q(attempts__lt=limit()), now):
        start = (
            SignInCounter.objects.filter(key=user_key)
            .values_list("window_start", flat=True)
            .first()
        )
        return Pause(USERNAME, _seconds_until(start and start + window(), now))
    address_key = _address_key(ip)
    if address_key is None:
        return None
    free = limit()
    # Beyond the free failures, reserving also sets the wait before the next attempt (as
    # if this one fails): the pause is decided in the same UPDATE as the count.
    never = Value(None, output_field=DateTimeField())
    pause_steps = [
        When(
            Q(attempts=free - 1 + step),
            then=Value(now + timedelta(seconds=_delay(step)), output_field=DateTimeField()),
        )
        for step in range(0, 7)
    ]
    paused_until = Case(
        When(Q(window_start__lte=now - window()), then=never),
        When(Q(attempts__lt=free - 1), then=never),
        *pause_steps,
        default=Value(now + timedelta(seconds=ADDRESS_MAX_DELAY), output_field=DateTimeField()),
    )
    gate = Q(attempts__lt=free) | Q(paused_until__isnull=True) | Q(paused_until__lte=now)
    if _reserve(address_key, gate, now, paused_until=paused_until):
        return None
    _give_back(user_key)
    until = (
        SignInCounter.objects.filter(key=address_key).values_list("paused_until", flat=True).first()
    )
    return Pause(ADDRESS, _seconds_until(until, now))


def end(username, ip, *, succeeded: bool, now=None) -> None:
    """After the check: a success clears the username and gives the address its slot back;
    a failure stays counted."""
    now = now or timezone.now()
    if succeeded:
        SignInCounter.objects.filter(key=_username_key(username)).delete()
        address_key = _address_key(ip)
        if address_key:
            _give_back(address_key)
        return
    # Keep the table small: what left its window and its pause can never refuse anything.
    SignInCounter.objects.filter(window_start__lte=now - window()).filter(
        Q(paused_until__isnull=True) | Q(paused_until__lte=now)
    ).delete()


def note_pause(request, pause: Pause) -> None:
    """Tell the sign-in form why the password was not checked (``pause_of``)."""
    if request is not None:
        setattr(request, _PAUSE_ATTRIBUTE, pause)


def pause_of(request) -> Pause | None:
    return getattr(request, _PAUSE_ATTRIBUTE, None)


def clear(username=None, ip=None) -> int:
    """Forget the attempts of a username and/or an address (``rabat unlock_login``)."""
    keys = []
    if username:
        keys.append(_username_key(username))
    if ip:
        address_key = _address_key(ip)
        if address_key:
            keys.append(address_key)
    return SignInCounter.objects.filter(key__in=keys).delete()[0]
