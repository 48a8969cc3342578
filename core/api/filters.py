"""The API lists' filter backend: django-filter with the shared limits on filter values."""

from django import forms
from django_filters.fields import BaseCSVField, RangeField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension

from ..filtersets import limit_values, limits_of


class FilterBackend(DjangoFilterBackend):
    """``DjangoFilterBackend`` whose FilterSets refuse values the database cannot compare
    (``?year=0``, an identifier wider than a database integer) with a 400 that names the
    filter, as the pages do (``core.filtersets``)."""

    def get_filterset(self, request, queryset, view):
        return limit_values(super().get_filterset(request, queryset, view))


class FilterBackendSchema(DjangoFilterExtension):
    """The OpenAPI schema states the same limits: ``minimum``/``maximum`` on numeric filters,
    ``integer`` where a whole number is required (a year, an identifier)."""

    target_class = FilterBackend
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        field_class = filter_field.field_class
        if not issubclass(field_class, forms.IntegerField) or issubclass(
            field_class, (BaseCSVField, RangeField)
        ):
            return parameters
        (low, high), whole = limits_of(filterset_class._meta.model, filter_field)
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if whole:
                schema["type"] = "integer"
                schema.pop("format", None)
            schema.update(minimum=low, maximum=high)
        return parameters
