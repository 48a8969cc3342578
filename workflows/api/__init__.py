"""API pieces shared by every workflow: versioned updates (HTTP 409 on conflict) and steps."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response

from ..locking import Conflict
from ..writes import writes_for


class ConflictError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = _("The record changed since you read it.")

    def __init__(self, detail=None, code=None):
        # ``current`` is the record as its serializer gives it: kept as is (numbers stay
        # numbers), where DRF would turn every value of an error into a string.
        current = detail.pop("current", None) if isinstance(detail, dict) else None
        super().__init__(detail, code)
        if current is not None:
            self.detail["current"] = current


def api_error(error: ValidationError) -> APIValidationError:
    """A write service's ``ValidationError`` as the API's 400 (field → messages)."""
    if hasattr(error, "error_dict"):
        return APIValidationError(
            {
                ("non_field_errors" if name == "__all__" else name): messages
                for name, messages in error.message_dict.items()
            }
        )
    return APIValidationError({"non_field_errors": error.messages})


class ServiceSerializerMixin(serializers.ModelSerializer):
    """Create and update go through the model's write service (``workflows.writes``).

    ``version`` is read with the record and must be sent back on every update, ``PATCH``
    included: missing is a 400, stale a 409 with the current record (``current``); nothing
    is written then. ``service_values(validated_data)`` may turn the payload into the
    service's values (override it for fields the serializer names differently).
    """

    version = serializers.IntegerField(required=False)

    def service_values(self, validated_data: dict) -> dict:
        return dict(validated_data)

    def _writer(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def create(self, validated_data):
        values = self.service_values(validated_data)
        values.pop("version", None)
        try:
            return writes_for(self.Meta.model).create(by=self._writer(), values=values)
        except ValidationError as error:
            raise api_error(error) from error

    def update(self, instance, validated_data):
        values = self.service_values(validated_data)
        expected = values.pop("version", None)
        try:
            return writes_for(self.Meta.model).update(
                record=instance, by=self._writer(), values=values, expected_version=expected
            )
        except ValidationError as error:
            raise api_error(error) from error
        except Conflict as conflict:
            raise ConflictError(
                {"detail": str(conflict.message), "current": type(self)(conflict.current).data}
            ) from conflict


class TransitionRequestSerializer(serializers.Serializer):
    transition = serializers.CharField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    version = serializers.IntegerField()


class TransitionActionMixin:
    """Adds ``POST <record>/transition/`` to a viewset with ``workflow`` set.

    Override ``perform_transition`` to go through the app's service (e.g. to set fields that
    a step changes); it must raise what ``Workflow.perform`` raises.
    """

    workflow = None

    def get_record_serializer_class(self):
        """The record's serializer (``serializer_class`` of the viewset, not the step's)."""
        return type(self).serializer_class

    def perform_transition(self, record, name, *, user, reason, expected_version):
        return self.workflow.perform(
            record, name, user=user, reason=reason, expected_version=expected_version
        )

    @action(detail=True, methods=["post"], serializer_class=TransitionRequestSerializer)
    def transition(self, request, pk=None):
        record = self.get_object()
        payload = TransitionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            self.perform_transition(
                record,
                payload.validated_data["transition"],
                user=request.user,
                reason=payload.validated_data.get("reason", ""),
                expected_version=payload.validated_data["version"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except Conflict as conflict:
            current = self.get_record_serializer_class()(
                conflict.current, context=self.get_serializer_context()
            )
            raise ConflictError(
                {"detail": str(conflict.message), "current": current.data}
            ) from conflict
        except ValidationError as error:
            raise APIValidationError({"transition": error.messages}) from error
        serializer = self.get_record_serializer_class()(
            record, context=self.get_serializer_context()
        )
        return Response(serializer.data)
