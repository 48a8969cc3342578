"""Who may use the evaluation pages (the records' own rules are in ``restrict``)."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from core.roles import roles_of


def may_manage(user) -> bool:
    return roles_of(user).staff


def may_read_results(user) -> bool:
    roles = roles_of(user)
    return roles.staff or roles.steering_committee


class RoleRequiredMixin:
    """Anonymous visitors are sent to the login page; other accounts without the role get a
    404, as for any record they may not see."""

    allowed = staticmethod(may_manage)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not self.allowed(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ReadsResults(BasePermission):
    def has_permission(self, request, view):
        if not may_read_results(request.user):
            raise NotFound
        return True
