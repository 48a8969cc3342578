"""Accounts in the admin: the Secretariat gives roles (groups), links focal points, and
resets a lost second factor. Every page and action obeys one rule
(``accounts.privilege.may_manage``): nobody changes an account of higher privilege."""

from functools import wraps

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import forget_roles
from partners.models import FocalPoint

from . import twofactor
from .forms import AdminLoginForm
from .privilege import beyond_reach, may_manage

User = get_user_model()


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    fk_name = "user"
    extra = 0
    fields = ("person", "country", "organisation", "start_date", "end_date")
    autocomplete_fields = ()
    raw_id_fields = ("person",)
    verbose_name = _("focal point of")
    verbose_name_plural = _("focal point of (the partners this account acts for)")


def _role_action(group_name, add):
    def action(modeladmin, request, queryset):
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            modeladmin.message_user(
                request, _("Run `rabat ensure_roles` first."), level=messages.ERROR
            )
            return
        for user in queryset:
            (user.groups.add if add else user.groups.remove)(group)
            forget_roles(user)
        modeladmin.message_user(request, _("Roles updated."))

    verb = "add" if add else "remove"
    action.__name__ = f"{verb}_role_{group_name.lower().replace(' ', '_')}"
    action.short_description = (
        _("Give the role: %(role)s") if add else _("Take away the role: %(role)s")
    ) % {"role": group_name}
    action.allowed_permissions = ("change",)
    return action


ROLE_GROUPS = ("Secretariat", "Steering Committee", "Chair", "Focal points", "Public")


@admin.action(
    description=_("Reset two-factor authentication (lost device)"), permissions=["change"]
)
def reset_two_factor(modeladmin, request, queryset):
    count = 0
    for user in queryset:
        if twofactor.reset(user):
            count += 1
    modeladmin.message_user(
        request,
        ngettext(
            "Two-factor authentication reset for %(count)d account: it enrols again at its next "
            "sign-in.",
            "Two-factor authentication reset for %(count)d accounts: they enrol again at their "
            "next sign-in.",
            count,
        )
        % {"count": count},
    )


def _within_reach(action, account_of):
    """``action`` run only when the account of every selected row is within the user's
    reach."""

    @wraps(action)
    def guarded(modeladmin, request, queryset):
        refused = beyond_reach(request.user, {account_of(row) for row in queryset})
        if refused:
            modeladmin.message_user(
                request,
                _(
                    "Nothing was changed: you may not change accounts with more privileges "
                    "than yours (%(accounts)s)."
                )
                % {"accounts": ", ".join(sorted(account.get_username() for account in refused))},
                level=messages.ERROR,
            )
            return None
        return action(modeladmin, request, queryset)

    return guarded


class WithinReach:
    """``accounts.privilege.may_manage`` on an admin: the change, password and delete pages
    of a row whose account has more privilege than the user's are refused, and a bulk action
    (Django's "delete selected" too) whose selection holds one changes nothing."""

    def account_of(self, obj):
        return obj

    def in_reach(self, request, obj) -> bool:
        return obj is None or may_manage(request.user, self.account_of(obj))

    def has_change_permission(self, request, obj=None):
        return self.in_reach(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.in_reach(request, obj) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        return {
            name: (_within_reach(func, self.account_of), name, description)
            for name, (func, _name, description) in super().get_actions(request).items()
        }


class DeviceWithinReach(WithinReach):
    """The same rule on django-otp's device admins: a device's page shows its secret, so a
    device of a higher account is not even shown, and none is attached to one."""

    def account_of(self, obj):
        return obj.user

    def has_view_permission(self, request, obj=None):
        return self.in_reach(request, obj) and super().has_view_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        actor = request.user

        class Guarded(form):
            def clean(self):
                cleaned = super().clean()
                account = cleaned.get("user")
                if account is not None and not may_manage(actor, account):
                    raise ValidationError(
                        _(
                            "You may not change the second factor of an account with more "
                            "privileges than yours."
                        )
                    )
                return cleaned

        return Guarded


for _model, _base in ((TOTPDevice, TOTPDeviceAdmin), (StaticDevice, StaticDeviceAdmin)):
    admin.site.unregister(_model)
    admin.site.register(_model, type(_base.__name__, (DeviceWithinReach, _base), {}))


admin.site.unregister(User)
# The admin's sign-in page tells a paused sign-in as the site's does (accounts.throttling).
admin.site.login_form = AdminLoginForm


@admin.register(User)
class AccountAdmin(WithinReach, UserAdmin):
    """Django's user admin plus roles at a glance, role actions, focal-point links and the
    second-factor reset, within the user's reach (``WithinReach``). Only a superuser may grant
    superuser status or raw permissions."""

    list_display = ("username", "email", "role_list", "is_staff", "is_active", "last_login")
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")
    inlines = [FocalPointInline]
    actions = [
        reset_two_factor,
        *(_role_action(name, True) for name in ROLE_GROUPS),
        *(_role_action(name, False) for name in ROLE_GROUPS),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_list(self, obj):
        return ", ".join(sorted(g.name for g in obj.groups.all()))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields
