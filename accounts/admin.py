"""Accounts in the admin: the Secretariat gives roles (groups), links focal points, and
resets a lost second factor. Every page and action obeys one rule
(``accounts.privilege.may_manage``): nobody changes an account of higher privilege."""

from functools import wraps

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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


def _within_reach(action):
    """``action`` run only when every selected account is within the user's reach."""

    @wraps(action)
    def guarded(modeladmin, request, queryset):
        refused = beyond_reach(request.user, queryset)
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


admin.site.unregister(User)
# The admin's sign-in page tells a paused sign-in as the site's does (accounts.throttling).
admin.site.login_form = AdminLoginForm


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin plus roles at a glance, role actions, focal-point links and the
    second-factor reset. Only a superuser may grant superuser status or raw permissions."""

    list_display = ("username", "email", "role_list", "is_staff", "is_active", "last_login")
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")
    inlines = [FocalPointInline]
    actions = [
        reset_two_factor,
        *(_role_action(name, True) for name in ROLE_GROUPS),
        *(_role_action(name, False) for name in ROLE_GROUPS),
    ]

    def get_actions(self, request):
        # Every bulk action (Django's "delete selected" too) refuses the whole selection when
        # it holds an account of higher privilege than the user's.
        return {
            name: (_within_reach(func), name, description)
            for name, (func, _name, description) in super().get_actions(request).items()
        }

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_list(self, obj):
        return ", ".join(sorted(g.name for g in obj.groups.all()))

    # The change page, its password page and the delete page ask these (no takeover).
    def has_change_permission(self, request, obj=None):
        if obj is not None and not may_manage(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not may_manage(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields
