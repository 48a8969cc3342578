from django.contrib.auth.backends import ModelBackend

from . import throttling


class ThrottledModelBackend(ModelBackend):
    """Django's username/password backend behind the sign-in throttle.

    Each attempt is reserved (counted) before the password is checked; a paused username or
    address is refused without checking it, and the caller gets ``None`` with the pause noted
    on the request for the sign-in form (``accounts.forms.LoginForm``).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if username is None or password is None:
            return None
        ip = throttling.client_ip(request)
        pause = throttling.begin(username, ip)
        if pause is not None:
            throttling.note_pause(request, pause)
            return None
        user = None
        try:
            user = super().authenticate(request, username=username, password=password, **kwargs)
        finally:
            throttling.end(username, ip, succeeded=user is not None)
        return user

    @staticmethod
    def _username_field():
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
