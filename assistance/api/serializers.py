from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied as APIPermissionDenied

from frameworks.models import FrameworkItem
from meetings.models import Meeting
from partners.models import Country, Organisation
from workflows.api import ServiceSerializerMixin, TransitionRequestSerializer

from ..choices import AssistanceKind
from ..models import AssistanceRequest


@extend_schema_field(
    {"type": "string", "description": "training, expertise, study, equipment or event"}
)
class AssistanceKindField(serializers.ChoiceField):
    """The type of assistance. Described, not declared as an enum, in the schema: the name
    ``KindEnum`` is taken and settings.ENUM_NAME_OVERRIDES has no entry for this set yet."""

    def __init__(self, **kwargs):
        super().__init__(choices=AssistanceKind.choices, **kwargs)


class AssistanceRequestSerializer(ServiceSerializerMixin, serializers.ModelSerializer):
    """A request as the API shows it and writes it (through ``AssistanceRequestWrites``:
    the rules are the service's). Secretariat notes are never part of it."""

    requesting_country = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    requesting_organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    framework_items = serializers.SlugRelatedField(
        slug_field="uid", many=True, queryset=FrameworkItem.objects.all()
    )
    state_label = serializers.CharField(read_only=True)
    presented_at = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kind = AssistanceKindField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = AssistanceRequest
        fields = [
            "id", "title", "requesting_country", "requesting_organisation", "kind", "need",
            "framework_items", "beneficiaries", "timing", "state", "state_label",
            "presented_at", "results", "version", "created_at", "url",
        ]  # fmt: skip
        read_only_fields = ["state", "created_at"]

    # The service refuses a partner the writer may not request for with a reason: keep it
    # (DRF would answer its own generic 403 text).
    def create(self, validated_data):
        try:
            return super().create(validated_data)
        except PermissionDenied as refusal:
            raise APIPermissionDenied(str(refusal)) from refusal

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class AssistanceTransitionSerializer(TransitionRequestSerializer):
    """A workflow step; ``meeting`` (a meeting's slug) is required to record a presentation."""

    meeting = serializers.SlugRelatedField(
        slug_field="slug", queryset=Meeting.objects.all(), required=False, allow_null=True
    )
