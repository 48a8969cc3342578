from django.core.exceptions import PermissionDenied
from django.db.models import Count
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as APIPermissionDenied

from workflows.api import TransitionActionMixin
from workflows.writes import writes_for

from ..dashboard_views import COVERAGE_SCHEMA, coverage_response
from ..filtersets import InitiativeFilterSet, RoundFilterSet
from ..models import Initiative, Round, RoundSubmission, sees_rounds
from ..services import submission_workflow
from .serializers import InitiativeSerializer, RoundSerializer, RoundSubmissionSerializer


class InitiativeViewSet(viewsets.ModelViewSet):
    """Initiatives (projects, policies, laws, strategies). Filters as on /monitoring/initiatives/.

    Reads show what the user may see (validated public records; partners-only records for
    partners; a focal point's own drafts). Writes: the Secretariat, or a focal point on its
    country's open submission; send back the ``version`` you read (409 if it moved on).
    """

    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilterSet
    queryset = Initiative.objects.all()

    def get_queryset(self):
        action = "view" if self.request.method in ("GET", "HEAD", "OPTIONS") else "change"
        user = self.request.user
        return super().get_queryset().for_list(user).restrict(user, action)

    def perform_create(self, serializer):
        # The serializer writes through InitiativeWrites; its refusal keeps its message.
        try:
            serializer.save()
        except PermissionDenied as error:
            raise APIPermissionDenied(str(error)) from error

    def perform_update(self, serializer):
        try:
            serializer.save()
        except PermissionDenied as error:
            raise APIPermissionDenied(str(error)) from error

    def perform_destroy(self, instance):
        writes_for(Initiative).delete(record=instance, by=self.request.user)

    @COVERAGE_SCHEMA
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def coverage(self, request):
        """The coverage dashboard of /monitoring/ (counts per framework item, matrix, trend,
        participation, venues): ``?framework=<slug>&year_from=&year_to=&crosswalks=true``."""
        return coverage_response(request)


class PartnersOnly(permissions.BasePermission):
    """Rounds and submissions are partners' business: other accounts are refused."""

    def has_permission(self, request, view):
        return sees_rounds(request.user)


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    """Data-collection rounds (partners only) with the submissions the user may see."""

    serializer_class = RoundSerializer
    permission_classes = [PartnersOnly]
    filterset_class = RoundFilterSet
    queryset = Round.objects.prefetch_related("submissions__country")

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["visible_ids"] = set(
            RoundSubmission.objects.restrict(self.request.user).values_list("id", flat=True)
        )
        return context


class RoundSubmissionViewSet(
    TransitionActionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Submissions of partner countries to rounds; ``POST <id>/transition/`` takes a step."""

    serializer_class = RoundSubmissionSerializer
    permission_classes = [PartnersOnly]
    workflow = submission_workflow
    queryset = (
        RoundSubmission.objects.select_related("country", "round")
        .annotate(initiative_count=Count("initiatives"))
        .order_by("-round__opens", "country__name_en")
    )

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")

    def get_serializer_class(self):
        # workflows.api.TransitionActionMixin answers with get_serializer_class(), which the
        # @action's serializer_class (the request payload) would otherwise replace.
        return RoundSubmissionSerializer


def register(router) -> None:
    router.register("initiatives", InitiativeViewSet, basename="initiative")
    router.register("rounds", RoundViewSet, basename="round")
    router.register("round-submissions", RoundSubmissionViewSet, basename="round-submission")
