from django.contrib.auth.backends import ModelBackend

from . import throttling


class ThrottledModelBackend(ModelBackend):
    """Django's username/password backend behind the sign-in throttle.

    A locked username or address is refused without even checking the password, and the
    caller sees exactly what a wrong password gives (``None``).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        ip = throttling.client_ip(request)
        if throttling.is_locked(username, ip):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            if username is not None and password is not None:
                throttling.record_failure(username, ip)
            return None
        throttling.clear(username=username)
        return user

    @staticmethod
    def _username_field():
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
