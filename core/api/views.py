"""Base API viewset: read-only, restricted through the model's ``restrict`` choke point."""

from django.utils.translation import get_language
from rest_framework import viewsets
from rest_framework.decorators import api_view, permission_classes, schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from ..cache import address, cached


class RestrictedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Every API list and detail goes through ``queryset.restrict(request.user, "view")``.

    A record the user may not see is absent from the list and answers 404 on detail. Lists
    are cached per address (with the host: the next page's link is absolute), language,
    audience and content version (see ``core.cache``).
    """

    lookup_field = "pk"

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")

    def list(self, request, *args, **kwargs):
        def compute():
            return super(RestrictedReadOnlyViewSet, self).list(request, *args, **kwargs).data

        key = f"api-list:{address(request)}:{get_language()}"
        return Response(cached(key, compute, user=request.user))


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
@schema(None)
def not_found(request, *args, **kwargs):
    """An ``/api/…/`` address that names no record or list (``/api/labels/x/``): the API's
    404, ``{"detail": …}`` in JSON (or CSV), rather than the site's HTML page."""
    raise NotFound()
