"""Who may manage whose account: nobody changes an account of higher privilege.

The one rule behind every admin page and action on accounts (``accounts.admin``): edit,
groups, password, second-factor reset, bulk actions, deletion. Privilege is read from
``core.roles.roles_of``: administrator (superuser) above Secretariat above everyone else.
"""

from __future__ import annotations

import copy

from core.roles import roles_of

ADMINISTRATOR = 2
SECRETARIAT = 1
OTHER = 0


def privilege(user) -> int:
    """The rank of ``user``'s roles. An inactive account is ranked by the roles it would have
    once reactivated: reactivating an administrator must not be open to the Secretariat."""
    if user is None:
        return OTHER
    if user.is_authenticated and not user.is_active:
        user = copy.copy(user)
        user.is_active = True
        if hasattr(user, "_rabat_roles"):
            del user._rabat_roles
    roles = roles_of(user)
    if roles.admin:
        return ADMINISTRATOR
    if roles.secretariat:
        return SECRETARIAT
    return OTHER


def may_manage(actor, account) -> bool:
    """Whether ``actor`` may change or delete ``account`` (its own rank or lower)."""
    return privilege(account) <= privilege(actor)


def beyond_reach(actor, accounts) -> list:
    """The accounts among ``accounts`` that ``actor`` may not manage."""
    return [account for account in accounts if not may_manage(actor, account)]
