from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring and open data")

    def ready(self):
        from .registrations import register, register_tallies

        register()
        register_tallies()

        from . import coverage, tallies

        coverage.connect()
        tallies.connect()
