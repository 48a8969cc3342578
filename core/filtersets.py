"""The rule every list's filters share (pages, exports, API, feeds): a value the database
cannot compare is refused with a message (400), never sent to the query.

django-filter checks that ``?year=abc`` is a number, but not that the number fits what it is
compared with: ``?year=0`` or ``?year=99999`` (no such date) and
``?follow_up=99999999999999999999`` (wider than a database integer) reached the query and
answered 500. ``limit_values(filterset)`` adds the limits to every numeric filter of a
FilterSet, from what the filter compares:

- a year (a ``year`` lookup, or a field or filter named ``year`` or ``*_year``): a whole
  number from 1 to 9999, the years a date can hold;
- an integer column (an identifier, a foreign key, a count): a whole number within that
  column's range (the same range on every database);
- any other number (a score, an amount, a filter with its own method): within the range of
  a 64-bit integer.

``FilteredListView`` (pages and their exports) and ``core.api.filters.FilterBackend`` (every
API list) apply it, so no FilterSet needs to repeat it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.backends.base.operations import BaseDatabaseOperations
from django.forms.utils import pretty_name
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.fields import BaseCSVField, RangeField

from .widgets import bind_user

INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
YEAR_RANGE = (datetime.MINYEAR, datetime.MAXYEAR)
ANY_NUMBER_RANGE = INTEGER_RANGES["BigIntegerField"]
_LIMITED = "_core_values_limited"


def whole_number(value) -> None:
    if value is not None and Decimal(value) != Decimal(value).to_integral_value():
        raise ValidationError(_("Enter a whole number."), code="invalid")


def _names_a_year(parts: list[str]) -> bool:
    return any(part == "year" or part.endswith("_year") for part in parts)


def _target_field(model, path: list[str]):
    """The model field that ``path`` (``follow_up__recommendation``) ends on, or None."""
    field = None
    for part in path:
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            break  # a lookup or transform (``date__year``), or a method filter's own name
        model = field.related_model if field.is_relation else None
    if field is not None and field.is_relation:
        field = getattr(field, "target_field", None)
    return field


def limits_of(model, filter_) -> tuple[tuple[int, int], bool]:
    """``((lowest, highest), whole)`` for a numeric filter of a FilterSet on ``model``."""
    path = filter_.field_name.split("__") if filter_.field_name else []
    lookups = (filter_.lookup_expr or "").split("__")
    if _names_a_year([*path, *lookups]):
        return YEAR_RANGE, True
    field = _target_field(model, path) if model is not None else None
    internal_type = field.get_internal_type() if field is not None else None
    if internal_type in INTEGER_RANGES:
        low, high = INTEGER_RANGES[internal_type]
        return (low, high), True
    return ANY_NUMBER_RANGE, False


def limit_values(filterset):
    """Add the limits above to ``filterset``'s numeric fields (before it is validated)."""
    if filterset is None or getattr(filterset, _LIMITED, False):
        return filterset
    form = filterset.form
    model = filterset._meta.model
    for name, filter_ in filterset.filters.items():
        field = form.fields.get(name)
        # forms.FloatField and forms.DecimalField are IntegerFields; ``__in`` and ranges hold
        # several numbers and are left to their own fields.
        if not isinstance(field, forms.IntegerField) or isinstance(
            field, (BaseCSVField, RangeField)
        ):
            continue
        (low, high), whole = limits_of(model, filter_)
        field.validators.extend([MinValueValidator(low), MaxValueValidator(high)])
        if whole:
            field.validators.append(whole_number)
    form._errors = None  # validate again if anything validated the form before the limits
    setattr(filterset, _LIMITED, True)
    return filterset


def filter_errors(filterset) -> list[str]:
    """The form's errors as "label: message" lines, for a 400 answer without a page."""
    lines = []
    for name, errors in filterset.form.errors.items():
        field = filterset.form.fields.get(name)
        label = str(field.label) if field is not None and field.label else name
        lines.extend(
            _("%(filter)s (%(name)s): %(message)s")
            % {"filter": label, "name": name, "message": message}
            for message in errors
        )
    return lines


class FilterSet(django_filters.FilterSet):
    """A FilterSet whose choice lists (``core.widgets.DeferredSelect``: countries, framework
    items, meetings...) offer what the request's user may see."""

    @property
    def form(self):
        fresh = not hasattr(self, "_form")
        form = super().form
        if fresh:
            bind_user(form, getattr(self.request, "user", None))
        return form


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's ordering choices, translated when shown: its own builds the
    "(descending)" labels once, at import, in English; these are lazy, so "Nom (décroissant)"
    is shown to a French reader."""

    def build_choices(self, fields, labels):
        ascending = [
            (param, labels.get(field, _(pretty_name(param)))) for field, param in fields.items()
        ]
        descending = [
            (
                f"-{param}",
                labels.get(f"-{param}", format_lazy(DESCENDING, label=label)),
            )
            for param, label in ascending
        ]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]


DESCENDING = _("{label} (descending)")
