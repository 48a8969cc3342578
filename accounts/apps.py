from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .throttling import trusted_proxies

        # A malformed RABAT_TRUSTED_PROXIES stops every start (server, commands) with
        # ImproperlyConfigured, instead of a 500 at the first sign-in.
        trusted_proxies()
