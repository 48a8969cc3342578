"""Template context shared by every page."""

from django.conf import settings

from .models import user_sees_partner_content


def site(request):
    return {
        "SITE_NAME": "Rabat Process",
        "LANGUAGES": settings.LANGUAGES,
        "sees_partner_content": user_sees_partner_content(getattr(request, "user", None)),
    }
