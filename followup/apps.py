from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Recommendation follow-up")

    def ready(self):
        from meetings.models import Recommendation

        from .signals import create_follow_up

        post_save.connect(
            create_follow_up, sender=Recommendation, dispatch_uid="followup-for-recommendation"
        )
