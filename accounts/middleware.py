from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from .twofactor import has_device, must_verify

# What an account that still owes its second factor may reach.
EXEMPT_URL_NAMES = {
    "accounts:two-factor-setup",
    "accounts:two-factor-verify",
    "login",
    "logout",
    "switch-language",
    "set_language",
    "javascript-catalog",
}


class TwoFactorMiddleware:
    """A session that owes a second factor reaches nothing else until it passes it.

    Who owes one is ``accounts.twofactor.must_verify``: the Secretariat and administrators,
    and every account that enrolled a device (a focal point too). Until then every page (the
    admin and the API included) sends them to enrol (no device yet) or to enter a code; the
    API answers 403. Must come after ``django_otp.middleware.OTPMiddleware``, and covers every
    way a request is authenticated (the API takes the same session, nothing else).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not self._exempt(request.path_info)
            and must_verify(user)
        ):
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Two-factor authentication is required for this account.")},
                    status=403,
                )
            name = "accounts:two-factor-verify" if has_device(user) else "accounts:two-factor-setup"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(name)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        for prefix in (settings.STATIC_URL, settings.MEDIA_URL):
            if prefix and path.startswith(prefix):
                return True
        try:
            match = resolve(path)
        except Resolver404:
            return True  # the 404 page reveals nothing
        return match.view_name in EXEMPT_URL_NAMES
