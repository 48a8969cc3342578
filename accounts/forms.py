from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import throttling


class LoginForm(AuthenticationForm):
    """Sign-in with one message for every refusal: unknown user, wrong password and inactive
    account look the same, so the form reveals nothing about accounts. A paused attempt
    (``accounts.throttling``) says so, in words that are the same for every username, known
    or not."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct username and password. Note that both fields may be "
            "case-sensitive. After several failed attempts, signing in is paused for "
            "%(minutes)s minutes."
        ),
        "inactive": _(
            "Please enter a correct username and password. Note that both fields may be "
            "case-sensitive. After several failed attempts, signing in is paused for "
            "%(minutes)s minutes."
        ),
    }

    def get_invalid_login_error(self):
        return pause_error(self.request) or forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"minutes": int(throttling.window().total_seconds() // 60)},
        )


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's own sign-in page (``/admin/login/``) tells a pause as the site's does."""

    def get_invalid_login_error(self):
        return pause_error(self.request) or super().get_invalid_login_error()


def pause_error(request) -> forms.ValidationError | None:
    """What a paused attempt is told (``accounts.throttling``), or None when it was not
    paused: the same words for every username, known or not."""
    pause = throttling.pause_of(request)
    if pause is None:
        return None
    if pause.reason == throttling.USERNAME:
        minutes = max(1, -(-pause.seconds // 60))
        return forms.ValidationError(
            ngettext(
                "Signing in with this username is paused after too many failed attempts. "
                "Try again in %(minutes)d minute.",
                "Signing in with this username is paused after too many failed attempts. "
                "Try again in %(minutes)d minutes.",
                minutes,
            ),
            code="paused",
            params={"minutes": minutes},
        )
    return forms.ValidationError(
        ngettext(
            "Too many failed sign-ins came from your network: signing in from it is "
            "slowed down. Try again in %(seconds)d second.",
            "Too many failed sign-ins came from your network: signing in from it is "
            "slowed down. Try again in %(seconds)d seconds.",
            pause.seconds,
        ),
        code="paused",
        params={"seconds": pause.seconds},
    )


class CodeForm(forms.Form):
    """A code from the authenticator app (or, for verification, a backup code)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "")
