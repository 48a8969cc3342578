from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge library")

    def ready(self):
        from core.tasks import register_recovery

        from .registrations import register
        from .services import queue_recover

        register()
        register_recovery(queue_recover)
