from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _retire_cached_pages(sender, raw=False, **kwargs):
    """The workspace is public and cached whole for visitors: a report or theme written
    anywhere (page, API, admin, workflow step) must show on the next request."""
    if raw:
        return
    from core.cache import bump_content_version

    bump_content_version()


class WorkspacesConfig(AppConfig):
    name = "workspaces"
    verbose_name = _("Reference countries")

    def ready(self):
        from .models import ReferenceCountryReport, Theme

        for model in (ReferenceCountryReport, Theme):
            for signal in (post_save, post_delete):
                signal.connect(
                    _retire_cached_pages,
                    sender=model,
                    dispatch_uid=f"workspaces-cache-{model.__name__}-{signal!r}",
                )
