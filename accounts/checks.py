"""Start-up checks: a malformed RABAT_TRUSTED_PROXIES stops ``rabat check`` and the server
instead of quietly trusting nobody, or everybody."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def trusted_proxies_check(app_configs, **kwargs):
    from .throttling import trusted_proxies

    try:
        trusted_proxies()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="accounts.E001")]
    return []
