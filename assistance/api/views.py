from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response

from workflows.api import ConflictError
from workflows.locking import Conflict

from .. import services
from ..filtersets import AssistanceRequestFilterSet
from ..models import AssistanceRequest
from .serializers import AssistanceRequestSerializer, AssistanceTransitionSerializer


class AssistanceRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Technical-assistance requests. Everyone reads the approved-or-later ones; focal points
    also their partner's own; the Secretariat everything. Focal points create requests and
    edit them while submitted (send the ``version`` you read: a stale one answers 409);
    ``POST /<id>/transition/`` takes a workflow step."""

    queryset = AssistanceRequest.objects.for_list()
    serializer_class = AssistanceRequestSerializer
    filterset_class = AssistanceRequestFilterSet

    def get_queryset(self):
        action_name = "change" if self.action in ("update", "partial_update") else "view"
        return super().get_queryset().restrict(self.request.user, action_name)

    @action(detail=True, methods=["post"], serializer_class=AssistanceTransitionSerializer)
    def transition(self, request, pk=None):
        record = self.get_object()
        payload = AssistanceTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            services.assistance_transition(
                record=record,
                name=data["transition"],
                by=request.user,
                reason=data.get("reason", ""),
                expected_version=data["version"],
                meeting=data.get("meeting"),
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except Conflict as conflict:
            current = AssistanceRequestSerializer(
                conflict.current, context=self.get_serializer_context()
            )
            raise ConflictError(
                {"detail": str(conflict.message), "current": current.data}
            ) from conflict
        except ValidationError as error:
            raise APIValidationError({"transition": error.messages}) from error
        record.refresh_from_db()
        return Response(
            AssistanceRequestSerializer(record, context=self.get_serializer_context()).data
        )


def register(router) -> None:
    router.register("assistance-requests", AssistanceRequestViewSet, basename="assistance-request")
