from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import mixins, viewsets

from ..filtersets import FollowUpEntryFilterSet, FollowUpFilterSet
from ..models import FollowUp, FollowUpEntry
from .serializers import FollowUpEntrySerializer, FollowUpSerializer


class FollowUpViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The follow-up of every recommendation (filters as on /follow-up/). The Secretariat sets
    owner, status and due date; an owner partner's focal points the status. Send the
    ``version`` you read (missing: 400): a stale one answers 409 with the current record.
    Updates go through ``FollowUpSerializer`` to ``followup.services.FollowUpWrites``."""

    queryset = FollowUp.objects.for_list()
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilterSet

    def get_queryset(self):
        action_name = "change" if self.action in ("update", "partial_update") else "view"
        return super().get_queryset().with_stale().restrict(self.request.user, action_name)


class FollowUpEntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Dated follow-up entries with their evidence. Everyone reads them (a partners-only
    document cited as evidence is null for visitors); the Secretariat and the owner
    partner's focal points add them."""

    queryset = FollowUpEntry.objects.select_related(
        "follow_up__recommendation", "evidence_meeting", "evidence_document"
    )
    serializer_class = FollowUpEntrySerializer
    filterset_class = FollowUpEntryFilterSet

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")

    def perform_create(self, serializer):
        # Through ``followup.services.FollowUpEntryWrites`` (``ServiceSerializerMixin``).
        try:
            serializer.save()
        except PermissionDenied as exc:
            if not self.request.user.is_authenticated:
                raise
            raise Http404 from exc  # as on the page: not a follow-up this user adds to
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


def register(router) -> None:
    router.register("follow-ups", FollowUpViewSet, basename="follow-up")
    router.register("follow-up-entries", FollowUpEntryViewSet, basename="follow-up-entry")
