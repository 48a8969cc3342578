"""Template context shared by every page."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .cache import content_version
from .roles import roles_of, sees_partner_content


def site(request):
    return {
        "SITE_NAME": "Rabat Process",
        "LANGUAGES": settings.LANGUAGES,
        "sees_partner_content": sees_partner_content(getattr(request, "user", None)),
        # What the user may act as (core.roles), for menus; computed only when a page asks.
        "roles": SimpleLazyObject(lambda: roles_of(getattr(request, "user", None))),
        # Read only by pages that cache their body (one small query, then kept).
        "content_version": SimpleLazyObject(content_version),
    }
