from rest_framework import mixins, permissions, viewsets

from core.api.views import RestrictedReadOnlyViewSet
from workflows.api import TransitionActionMixin

from ..filtersets import ApplicationFilterSet, LabelFilterSet
from ..models import LabelApplication
from ..services import application_transition
from ..workflow import WORKFLOW
from .serializers import ApplicationSerializer, LabelSerializer


class LabelViewSet(RestrictedReadOnlyViewSet):
    """Labelled activities (projects and events carrying the Rabat Process label); filters as
    on /labels/ (kind, partner, action, year)."""

    queryset = LabelApplication.objects.for_list()
    serializer_class = LabelSerializer
    filterset_class = LabelFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return super().get_queryset().labelled()


class ApplicationViewSet(
    TransitionActionMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Label applications the user may see (own partner's; all for the Secretariat; under
    review and later for the Steering Committee). Create and update (send ``version``: a stale
    one is answered 409 with ``current``) while a draft; ``POST {id}/transition/`` takes a step
    (``transition``, ``reason``, ``version``)."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"\d+"
    workflow = WORKFLOW

    def get_queryset(self):
        return LabelApplication.objects.for_list().restrict(self.request.user, "workspace")

    def perform_transition(self, record, name, *, user, reason, expected_version):
        return application_transition(
            application=record, name=name, by=user, reason=reason, expected_version=expected_version
        )


def register(router) -> None:
    # The applications first: their prefix is longer than /labels/<id>/.
    router.register("labels/applications", ApplicationViewSet, basename="label-application")
    router.register("labels", LabelViewSet, basename="label")
