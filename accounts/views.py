"""Sign-in, "My account", password change and two-factor enrolment/verification."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView
from django_otp import login as otp_login
from django_otp import match_token

from . import twofactor
from .forms import CodeForm, LoginForm
from .selectors import account_summary


class LoginView(auth_views.LoginView):
    form_class = LoginForm


def _next_url(request, default="accounts:account"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


@method_decorator(login_required, name="dispatch")
@method_decorator(never_cache, name="dispatch")
class AccountView(TemplateView):
    """My account: roles, partners, domains and the state of two-factor authentication."""

    template_name = "accounts/account.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=account_summary(self.request.user), **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response


@method_decorator(login_required, name="dispatch")
@method_decorator(never_cache, name="dispatch")
@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class TwoFactorSetupView(View):
    """Enrol an authenticator app: QR code and secret, then a code to confirm it."""

    template_name = "accounts/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        # Replacing a device takes the current second factor: a password alone is not enough.
        if twofactor.has_device(request.user) and not request.user.is_verified():
            return redirect(f"{reverse('accounts:two-factor-verify')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, form, status=200):
        device = twofactor.pending_totp(request.user)
        context = {
            "form": form,
            "qr_svg": twofactor.qr_svg(device),
            "secret": twofactor.secret_base32(device),
            "required": twofactor.requires_two_factor(request.user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        device = twofactor.pending_totp(request.user)
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            codes = twofactor.confirm_totp(device)
            otp_login(request, device)
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        if form.is_valid():
            form.add_error("code", _("This code is not valid. Check your device's clock."))
        return self._render(request, form, status=400)


@method_decorator(login_required, name="dispatch")
@method_decorator(never_cache, name="dispatch")
@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class TwoFactorVerifyView(View):
    """Enter a code from the authenticator app, or a backup code, after signing in."""

    template_name = "accounts/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if not twofactor.has_device(request.user):
            return redirect(f"{reverse('accounts:two-factor-setup')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, form, status=200):
        next_url = request.POST.get("next") or request.GET.get("next", "")
        return render(request, self.template_name, {"form": form, "next": next_url}, status=status)

    def get(self, request):
        return self._render(request, CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            device = match_token(request.user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
            form.add_error("code", _("This code is not valid."))
        return self._render(request, form, status=400)


@method_decorator(login_required, name="dispatch")
class BackupCodesView(View):
    """New backup codes (the old ones stop working); needs a verified session."""

    def post(self, request):
        if not request.user.is_verified():
            return redirect("accounts:two-factor-verify")
        codes = twofactor.regenerate_backup_codes(request.user)
        return render(
            request,
            "accounts/backup_codes.html",
            {"codes": codes, "next": reverse("accounts:account")},
        )


@method_decorator(login_required, name="dispatch")
class TwoFactorDisableView(View):
    """Turn two-factor authentication off: only for accounts that do not require it."""

    def post(self, request):
        if twofactor.requires_two_factor(request.user) or not request.user.is_verified():
            messages.error(request, _("Two-factor authentication cannot be turned off here."))
            return redirect("accounts:account")
        twofactor.reset(request.user)
        messages.success(request, _("Two-factor authentication is off."))
        return redirect("accounts:account")
