"""Shared abstract models and the visibility/permission choke point."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

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

    Records carrying a ``visibility`` field are hidden from anonymous users unless public;
    other querysets may override ``restrict`` with their own object rules.
    """

    visibility_field: str | None = None

    def restrict(self, user, action: str = "view"):
        if action != "view":
            if user is None or not user.is_authenticated or not user.is_staff:
                return self.none()
            return self
        field = self.visibility_field
        if field is None:
            return self
        if user_sees_partner_content(user):
            return self
        return self.filter(**{field: Visibility.PUBLIC})


class VisibilityQuerySet(RestrictedQuerySet):
    visibility_field = "visibility"


PARTNER_CONTENT_PERMISSION = "core.view_partner_content"


def user_sees_partner_content(user) -> bool:
    """Partners-only content (documents, contact details) is for accounts holding a partner role.

    The roles (Django groups) that carry the permission are data: ``reference/data/roles.json``.
    """
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(PARTNER_CONTENT_PERMISSION)
    )


class Access(models.Model):
    """Holder of site-wide permissions that belong to no single model (no table)."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("site access")
        verbose_name_plural = _("site access")
        permissions = [
            ("view_partner_content", _("Can see partners-only documents and contact details")),
        ]

    def __str__(self):
        return "access"


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
