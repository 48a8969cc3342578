"""Shared abstract models and the visibility/permission choke point."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .roles import roles_of

LANGUAGE_CODES = ("en", "fr")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTNERS = "partners", _("Partners only")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def current_language() -> str:
    lang = (get_language() or "en")[:2]
    return lang if lang in LANGUAGE_CODES else "en"


class TranslatedField:
    """Read-only attribute returning ``<name>_<lang>`` for the active language, else English.

    ``obj.title`` gives the French title when the site is in French and a French title
    exists; ``obj.is_fallback("title")`` says when English was shown instead.
    """

    def __init__(self, base: str):
        self.base = base

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, f"{self.base}_{current_language()}", None)
        return value or getattr(instance, f"{self.base}_en", None) or ""


class TranslatableMixin:
    """Adds ``is_fallback(field)`` to models with ``<field>_en`` / ``<field>_fr`` columns."""

    def is_fallback(self, base: str) -> bool:
        lang = current_language()
        if lang == "en":
            return False
        return not getattr(self, f"{base}_{lang}", None) and bool(getattr(self, f"{base}_en", None))


class TimeStampedModel(models.Model):
    """Creation and modification timestamps shared by every domain model."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class RestrictedQuerySet(models.QuerySet):
    """The one permission choke point for reads: ``Model.objects.restrict(user, "view")``.

    Records carrying a ``visibility`` field are partners-only unless public: only accounts
    holding a partner role (``core.roles``, ``Roles.sees_partner_content``) see them; other
    querysets may override ``restrict`` with their own object rules. Other actions than
    "view" are the Secretariat's.
    """

    visibility_field: str | None = None
    # The model's one write path, next to its read rule: a dotted path to a
    # ``workflows.writes.WriteService`` subclass (``writes_for(Model)`` finds it). None: the
    # Secretariat writes through the generic service.
    write_service: str | None = None

    def restrict(self, user, action: str = "view"):
        roles = roles_of(user)
        if action != "view":
            return self if roles.staff else self.none()
        field = self.visibility_field
        if field is None or roles.sees_partner_content:
            return self
        return self.filter(**{field: Visibility.PUBLIC})


class VisibilityQuerySet(RestrictedQuerySet):
    visibility_field = "visibility"


class ContentVersion(models.Model):
    """A counter raised by every write to the Dialogue's data (one row, id 1).

    Cached pages and figures carry the version in their key, so a change made in any process
    (admin, loader, API) is visible on the next request in every process.
    """

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("content version")

    def __str__(self):
        return str(self.version)


class JobLease(models.Model):
    """A scheduled job's lease: while a run of the job holds this row, another run (on this
    host or another) skips its work. The lease expires, so a run that died frees it
    (``core.joblock``, docs/configuration.md)."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    holder = models.CharField(_("held by"), max_length=200)
    acquired_at = models.DateTimeField(_("acquired"))
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("job lease")
        verbose_name_plural = _("job leases")

    def __str__(self):
        return f"{self.name} ({self.holder}, until {self.expires_at:%Y-%m-%d %H:%M:%S})"
