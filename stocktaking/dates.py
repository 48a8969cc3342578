"""Which date places a record in a period, found by introspection of its model.

Records of different apps keep their date in different fields. For a model, the date
expression is, in this order:

1. ``settings.RABAT_STOCKTAKING_DATE_FIELDS["app_label.model"]`` if set (a field path, or a
   list of paths tried in turn), for models the rules below get wrong;
2. the model's own first date field among ``DATE_FIELD_NAMES`` (``start_date``, ``date``...);
3. then, for each forward foreign key, the related model's first such field
   (``meeting__start_date``: a recommendation or an undated document takes its meeting's date).

The paths found are combined with ``Coalesce``: the record's own date wins, else its parent's.
A model with no date at all is not filtered by period (its records are always included);
a record of a dated model whose date is empty is left out (it cannot be placed in the period).
Bookkeeping timestamps (``created``, ``modified``) are never used.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

DATE_FIELD_NAMES = (
    "start_date",
    "date",
    "held_on",
    "published_on",
    "decided_on",
    "adopted_on",
    "signed_on",
    "starts_on",
    "date_from",
    "period_start_date",
)


def _own_date_field(model) -> str | None:
    for name in DATE_FIELD_NAMES:
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - FieldDoesNotExist, and nothing else is raised
            continue
        if isinstance(field, models.DateField):  # DateTimeField is a subclass
            return name
    return None


def date_paths(model) -> list[str]:
    """The field paths, best first, that give a record of ``model`` its date."""
    configured = getattr(settings, "RABAT_STOCKTAKING_DATE_FIELDS", {}).get(model._meta.label_lower)
    if configured:
        return [configured] if isinstance(configured, str) else list(configured)
    paths = []
    own = _own_date_field(model)
    if own:
        paths.append(own)
    for field in sorted(model._meta.concrete_fields, key=lambda f: f.name):
        if isinstance(field, models.ForeignKey) and field.related_model is not model:
            related = _own_date_field(field.related_model)
            if related:
                paths.append(f"{field.name}__{related}")
    return paths


def date_expression(model):
    paths = date_paths(model)
    if not paths:
        return None
    if len(paths) == 1:
        return models.F(paths[0])
    return Coalesce(*[models.F(p) for p in paths], output_field=models.DateField())


def period_bounds(start_year: int, end_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(start_year, 1, 1), datetime.date(end_year, 12, 31)


def in_period(queryset, start_year: int, end_year: int):
    """``queryset`` annotated with ``stocktaking_date`` and limited to the period."""
    expression = date_expression(queryset.model)
    if expression is None:
        return queryset.annotate(stocktaking_date=models.Value(None, models.DateField()))
    first, last = period_bounds(start_year, end_year)
    return queryset.annotate(stocktaking_date=expression).filter(
        Q(stocktaking_date__gte=first) & Q(stocktaking_date__lte=last)
    )
