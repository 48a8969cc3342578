from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _retire_cached_pages(sender, raw=False, **kwargs):
    """The participants' answer page can sit in the visitors' page cache (it is reached without
    signing in); any change to a form, its questions or its links must retire it."""
    if raw:
        return
    from core.cache import bump_content_version

    bump_content_version()


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from .models import EvaluationForm, Invitation, Question

        for model in (EvaluationForm, Question, Invitation):
            for signal in (post_save, post_delete):
                signal.connect(
                    _retire_cached_pages,
                    sender=model,
                    dispatch_uid=f"evaluations-cache-{model.__name__}-{signal!r}",
                )
