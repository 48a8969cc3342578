from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInCounter(models.Model):
    """The sign-in attempts of one username or one client address in the current window.

    ``accounts.throttling`` reserves an attempt with one conditional UPDATE before the password
    is checked, so that concurrent guesses cannot all slip under the limit (on SQLite and
    PostgreSQL alike). Stored in the database so that every web worker sees the same count.
    """

    key = models.CharField(_("username or address"), max_length=200, unique=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    window_start = models.DateTimeField(_("window start"), db_index=True)
    paused_until = models.DateTimeField(_("paused until"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in counter")
        verbose_name_plural = _("sign-in counters")

    def __str__(self):
        return f"{self.key}: {self.attempts}"
