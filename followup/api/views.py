from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied as APIPermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError

from workflows.api import ConflictError
from workflows.locking import Conflict

from .. import services
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
    ``version`` you read: a stale one answers 409 with the current record."""

    queryset = FollowUp.objects.for_list()
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilterSet

    def get_queryset(self):
        action_name = "change" if self.action in ("update", "partial_update") else "view"
        return super().get_queryset().restrict(self.request.user, action_name)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        if expected is None and not serializer.partial:
            raise APIValidationError({"version": [_("Send the version you read.")]})
        record = serializer.instance
        try:
            services.follow_up_update(
                follow_up=record,
                by=self.request.user,
                expected_version=record.version if expected is None else expected,
                **data,
            )
        except Conflict as conflict:
            current = FollowUpSerializer(conflict.current, context=self.get_serializer_context())
            raise ConflictError(
                {"detail": str(conflict.message), "current": current.data}
            ) from conflict
        except PermissionDenied as exc:
            raise APIPermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise APIValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc


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
        data = dict(serializer.validated_data)
        follow_up = data.pop("follow_up")
        if (
            not FollowUp.objects.restrict(self.request.user, "change")
            .filter(pk=follow_up.pk)
            .exists()
        ):
            if not self.request.user.is_authenticated:
                raise APIPermissionDenied()
            raise Http404
        try:
            entry = services.follow_up_entry_add(
                follow_up=follow_up,
                by=self.request.user,
                date=data.pop("date", None) or timezone.localdate(),
                **data,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            raise APIValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        serializer.instance = self.get_queryset().get(pk=entry.pk)


def register(router) -> None:
    router.register("follow-ups", FollowUpViewSet, basename="follow-up")
    router.register("follow-up-entries", FollowUpEntryViewSet, basename="follow-up-entry")
