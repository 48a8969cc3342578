"""The API lists' filter backend: django-filter with the shared limits on filter values."""

from django_filters.rest_framework import DjangoFilterBackend

from ..filtersets import limit_values


class FilterBackend(DjangoFilterBackend):
    """``DjangoFilterBackend`` whose FilterSets refuse values the database cannot compare
    (``?year=0``, an identifier wider than a database integer) with a 400 that names the
    filter, as the pages do (``core.filtersets``)."""

    def get_filterset(self, request, queryset, view):
        return limit_values(super().get_filterset(request, queryset, view))
