"""The Secretariat's page of failed background tasks, each with a button to run it again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from .roles import roles_of
from .tasks import task_failed_list, task_retry


class _StaffOnly:
    """Secretariat and administrators (``core.roles``): visitors sign in, others get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not roles_of(request.user).staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FailedTasksView(_StaffOnly, TemplateView):
    template_name = "core/tasks_failed.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for result in task_failed_list():
            lines = [line for line in (result.traceback or "").strip().splitlines() if line]
            rows.append(
                {
                    "id": result.pk,
                    "task": result.task_path,
                    "arguments": result.args_kwargs,
                    "enqueued_at": result.enqueued_at,
                    "finished_at": result.finished_at,
                    "error": lines[-1] if lines else result.exception_class_path,
                    "traceback": result.traceback,
                }
            )
        context["tasks"] = rows
        return context


class RetryTaskView(_StaffOnly, View):
    def post(self, request, pk):
        from django_tasks_db.models import DBTaskResult

        try:
            task_retry(result_id=pk)
        except DBTaskResult.DoesNotExist as exc:
            raise Http404 from exc
        messages.success(request, _("The task was queued again."))
        return redirect("tasks:failed")


app_name = "tasks"
urlpatterns = [
    path("failed/", FailedTasksView.as_view(), name="failed"),
    path("failed/<uuid:pk>/retry/", RetryTaskView.as_view(), name="retry"),
]
