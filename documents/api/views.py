from core.api.views import RestrictedReadOnlyViewSet

from ..filtersets import DocumentFilterSet
from ..models import Document
from .serializers import DocumentSerializer


class DocumentViewSet(RestrictedReadOnlyViewSet):
    """Documents of the Dialogue; partners-only ones exist only for partner accounts."""

    queryset = Document.objects.for_list()
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    lookup_field = "slug"


def register(router) -> None:
    router.register("documents", DocumentViewSet, basename="document")
