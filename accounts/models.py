from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginFailure(models.Model):
    """One failed sign-in attempt: the username tried and the client's address.

    Stored in the database (not the cache) so that every web worker sees the same count;
    ``accounts.throttling`` counts them and prunes the old ones.
    """

    username = models.CharField(_("username"), max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True, db_index=True)
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.username} @ {self.ip_address or '?'} ({self.at:%Y-%m-%d %H:%M})"
