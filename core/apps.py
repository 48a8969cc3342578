from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from .cache import bump_content_version

        _unregister_task_admin()

        # Connected model by model, to the Dialogue's data only (``CONTENT_CACHE_APPS``), not
        # to every model: a receiver without a sender makes every ``QuerySet.delete()`` of
        # the project fetch its rows and signal them one by one instead of one DELETE.
        # Derived tables (``derived = True``: the dashboard's entries and figures) change
        # with the data they come from, which raises the version itself.
        for model in apps.get_models(include_auto_created=True):
            label = model._meta.label_lower
            if model._meta.app_label not in settings.CONTENT_CACHE_APPS or getattr(
                model, "derived", False
            ):
                continue
            for signal in (post_save, post_delete, m2m_changed):
                signal.connect(
                    bump_content_version,
                    sender=model,
                    dispatch_uid=f"content-version-{signal!r}-{label}",
                )


def _unregister_task_admin() -> None:
    """Background tasks are shown to the Secretariat on /tasks/failed/ (``core.task_views``),
    by role; django-tasks-db's own admin page (Django model permissions, no delete or retry)
    would be a second door with another rule."""
    from django.contrib import admin
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
