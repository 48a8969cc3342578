from django.http import Http404
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.roles import roles_of
from workflows.api import TransitionActionMixin

from ..filtersets import ReportFilterSet, ThemeFilterSet
from ..models import THEME_WORKFLOW, ReferenceCountryReport, Theme
from .serializers import ReportSerializer, ThemeSerializer


class WritersOnly(BasePermission):
    """Reading is public; writing is for the Secretariat and reference countries (404 for
    anyone else, as for records they may not see)."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        roles = roles_of(request.user)
        if not (roles.staff or roles.reference_item_ids):
            raise NotFound
        return True


class WorkspaceViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    permission_classes = [WritersOnly]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        action = "view" if self.request.method in SAFE_METHODS else "change"
        return (
            self.model.objects.restrict(self.request.user, action)
            .select_related("assignment__country", "assignment__item")
            .order_by("-date", "-id")
        )

    def get_object(self):
        try:
            return super().get_object()
        except Http404 as exc:
            raise NotFound from exc


class ReportViewSet(WorkspaceViewSet):
    """Roadmaps and final reports of the reference countries; partners-only documents are
    shown as ``null`` to visitors."""

    model = ReferenceCountryReport
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet


class ThemeViewSet(TransitionActionMixin, WorkspaceViewSet):
    """Themes proposed by the reference countries; ``POST <id>/transition/`` takes a step."""

    model = Theme
    serializer_class = ThemeSerializer
    filterset_class = ThemeFilterSet
    workflow = THEME_WORKFLOW

    def get_serializer_class(self):
        # workflows.api.TransitionActionMixin answers with get_serializer_class(), which the
        # @action's serializer_class would otherwise turn into the request's serializer.
        return ThemeSerializer

    def get_queryset(self):
        if self.action == "transition":
            # Anyone may try; the workflow says who may take which step (404 otherwise).
            return Theme.objects.select_related("assignment__country", "assignment__item")
        return super().get_queryset()


def register(router) -> None:
    router.register("reference-country-reports", ReportViewSet, basename="reference-country-report")
    router.register("reference-country-themes", ThemeViewSet, basename="reference-country-theme")
