"""Base API viewset: read-only, restricted through the model's ``restrict`` choke point."""

from rest_framework import viewsets


class RestrictedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Every API list and detail goes through ``queryset.restrict(request.user, "view")``.

    A record the user may not see is absent from the list and answers 404 on detail.
    """

    lookup_field = "pk"

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")
