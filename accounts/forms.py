from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Sign-in with one message for every refusal: unknown user, wrong password, inactive or
    locked account look the same, so the form reveals nothing about accounts."""

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
        from .throttling import window

        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"minutes": int(window().total_seconds() // 60)},
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
