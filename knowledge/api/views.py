from django.db.models import Count
from rest_framework import permissions, viewsets

from core.api.views import RestrictedReadOnlyViewSet
from core.roles import roles_of
from documents.models import Document

from ..filtersets import (
    DraftFilterSet,
    IngestItemFilterSet,
    LibraryFilterSet,
    QuotedFigureFilterSet,
)
from ..models import ExtractionDraft, IngestItem, QuotedFigure
from .serializers import (
    ExtractionDraftSerializer,
    IngestItemSerializer,
    LibraryDocumentSerializer,
    QuotedFigureSerializer,
)


class LibraryDocumentViewSet(RestrictedReadOnlyViewSet):
    """Documents of the knowledge library with their number of passages (visibility applies)."""

    queryset = Document.objects.annotate(passages_count=Count("passages")).order_by("-id")
    serializer_class = LibraryDocumentSerializer
    filterset_class = LibraryFilterSet


class IsStaff(permissions.BasePermission):
    """The Secretariat and administrators."""

    def has_permission(self, request, view):
        return roles_of(request.user).staff


class StaffViewSet(viewsets.ReadOnlyModelViewSet):
    """Secretariat-only records: restricted, and never cached (they change every second and
    the cache is keyed by audience, not by role)."""

    permission_classes = [IsStaff]

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")


class IngestItemViewSet(StaffViewSet):
    """Ingested files and their status (Secretariat)."""

    queryset = IngestItem.objects.select_related("document").order_by("-id")
    serializer_class = IngestItemSerializer
    filterset_class = IngestItemFilterSet


class ExtractionDraftViewSet(StaffViewSet):
    """Extraction drafts awaiting or past review (Secretariat)."""

    queryset = ExtractionDraft.objects.select_related("document", "meeting").order_by("-id")
    serializer_class = ExtractionDraftSerializer
    filterset_class = DraftFilterSet


class QuotedFigureViewSet(RestrictedReadOnlyViewSet):
    """Figures the documents quote, each with its sentence and source passage (visibility
    follows the document); filters as on /library/figures/ (country, meeting, document, q)."""

    queryset = QuotedFigure.objects.select_related(
        "document", "passage", "meeting", "country"
    ).order_by("id")
    serializer_class = QuotedFigureSerializer
    filterset_class = QuotedFigureFilterSet


def register(router) -> None:
    router.register("library/figures", QuotedFigureViewSet, basename="quoted-figure")
    router.register("library/documents", LibraryDocumentViewSet, basename="library-document")
    router.register("library/ingest-items", IngestItemViewSet, basename="ingest-item")
    router.register("library/drafts", ExtractionDraftViewSet, basename="extraction-draft")
