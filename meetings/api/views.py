from django.db.models import Prefetch

from core.api.views import RestrictedReadOnlyViewSet

from ..filtersets import MeetingFilterSet, RecommendationFilterSet, SpeakerFilterSet
from ..models import Meeting, Recommendation, Speaker
from .serializers import (
    MeetingDetailSerializer,
    MeetingSerializer,
    RecommendationSerializer,
    SpeakerSerializer,
)


class MeetingViewSet(RestrictedReadOnlyViewSet):
    """Meetings of the Dialogue; filters as on /meetings/ (year, kind, country, format...)."""

    queryset = Meeting.objects.for_list().prefetch_related("framework_items")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    lookup_field = "slug"

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer


class RecommendationViewSet(RestrictedReadOnlyViewSet):
    """Numbered conclusions and recommendations of meetings, with their sub-points."""

    queryset = Recommendation.objects.select_related("meeting").prefetch_related(
        "framework_items",
        Prefetch("subpoints", queryset=Recommendation.objects.order_by("order")),
    )
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilterSet


class SpeakerViewSet(RestrictedReadOnlyViewSet):
    """People with a role in a meeting (chair, co-chair, speaker, expert, moderator)."""

    queryset = Speaker.objects.select_related(
        "meeting", "person__organisation", "person__country", "session"
    )
    serializer_class = SpeakerSerializer
    filterset_class = SpeakerFilterSet


def register(router) -> None:
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("recommendations", RecommendationViewSet, basename="recommendation")
    router.register("speakers", SpeakerViewSet, basename="speaker")
