"""Authorisation matrix of the portal pages (home, about, the no-database floor page)."""

from core.authz import EVERYONE, Case

CASES = [
    Case("home", "view", EVERYONE),
    Case("about", "view", EVERYONE),
    Case("floor", "view", EVERYONE),
]
