from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied as APIPermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError

from frameworks.models import FrameworkItem
from partners.models import Country, Organisation
from workflows.api import ServiceSerializerMixin

from ..choices import ActivityFormat, ActivityKind
from ..models import STATED_ON_APPLICATION, LabelApplication, LinkedAction
from ..services import LINKS, Link
from ..workflow import WORKFLOW


# Enums kept inline in the schema (nested, so drf-spectacular does not extract them): "kind"
# and "format" are also meetings' field names and named enum components would collide (W001).
# With ENUM_NAME_OVERRIDES entries for ActivityKind and ActivityFormat these can go.
@extend_schema_field({"type": "string", "allOf": [{"enum": list(ActivityKind.values)}]})
class KindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ActivityKind.choices, **kwargs)


@extend_schema_field({"type": "string", "allOf": [{"enum": list(ActivityFormat.values)}]})
class FormatField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ActivityFormat.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "nullable": True, "allOf": [{"enum": list(ActivityFormat.values)}]}
)
class StatedFormatField(FormatField):
    """A labelled activity's format; ``null`` when its sources do not state it."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)


class LinkedActionSerializer(serializers.ModelSerializer):
    action = serializers.SlugRelatedField(
        source="item", slug_field="uid", queryset=FrameworkItem.objects.all()
    )
    # Blank is the write service's refusal ("Say how the activity contributes to ..."), as on
    # the page.
    justification = serializers.CharField(max_length=2000, allow_blank=True)

    class Meta:
        model = LinkedAction
        fields = ["action", "justification"]


class LabelSerializer(serializers.ModelSerializer):
    """A labelled activity, as the public sees it."""

    kind = KindField(read_only=True)
    format = StatedFormatField(read_only=True)
    lead_country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    lead_organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    co_organising_countries = serializers.SlugRelatedField(
        slug_field="iso2", many=True, read_only=True
    )
    co_organising_organisations = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    place_country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    meeting = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    actions = LinkedActionSerializer(source="links", many=True, read_only=True)
    report_overdue = serializers.SerializerMethodField()
    report_received = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = LabelApplication
        fields = [
            "id", "title", "kind", "description", "lead_country", "lead_organisation",
            "co_organising_countries", "co_organising_organisations", "funders",
            "start_date", "end_date", "format", "city", "place_country", "budget",
            "actions", "expected_results", "contact_name", "label_start", "label_end",
            "report_due", "report_overdue", "report_received", "meeting", "source", "url",
        ]  # fmt: skip

    def get_report_overdue(self, obj) -> bool:
        return obj.report_overdue()

    def get_report_received(self, obj) -> bool:
        return obj.state == "reported"

    def get_url(self, obj) -> str:
        return obj.public_url


class ApplicationSerializer(ServiceSerializerMixin, serializers.ModelSerializer):
    """An application in the workspace: read with its ``version``; send the version back on
    update (HTTP 409 with the ``current`` record if someone saved it meanwhile). Writes go
    through ``labels.services.LabelApplicationWrites``."""

    kind = KindField()
    format = FormatField(required=False)
    lead_country = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    lead_organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    co_organising_countries = serializers.SlugRelatedField(
        slug_field="iso2", many=True, queryset=Country.objects.all(), required=False
    )
    co_organising_organisations = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Organisation.objects.all(), required=False
    )
    place_country = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    actions = LinkedActionSerializer(source="links", many=True, required=False)
    state_label = serializers.CharField(read_only=True)
    transitions = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = LabelApplication
        fields = [
            "id", "version", "state", "state_label", "transitions", "title", "kind",
            "description", "lead_country", "lead_organisation", "co_organising_countries",
            "co_organising_organisations", "funders", "start_date", "end_date", "format",
            "city", "place_country", "budget", "actions", "expected_results",
            "contact_name", "contact_email", "contact_phone", "submitted_at",
            "review_opened_at", "silence_deadline", "decided_at", "label_start",
            "label_end", "report_due", "report_text", "report_submitted_at", "url",
        ]  # fmt: skip
        read_only_fields = [
            "state", "submitted_at", "review_opened_at", "silence_deadline", "decided_at",
            "label_start", "label_end", "report_due", "report_text", "report_submitted_at",
        ]  # fmt: skip
        # Optional in the model only for labels recorded from their sources (never made here).
        extra_kwargs = {
            name: {"required": True, "allow_null": False}
            if name.endswith("_date")
            else {"required": True, "allow_blank": False}
            for name in STATED_ON_APPLICATION
            if name != "format"  # declared above (FormatField: the model's default if absent)
        }

    def get_transitions(self, obj) -> list[str]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return [t.name for t in WORKFLOW.available(obj, user) if t.name != "report_outcome"]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def service_values(self, validated_data: dict) -> dict:
        values = dict(validated_data)
        links = values.pop("links", None)
        if links is not None or self.instance is None:
            values[LINKS] = [Link(row["item"], row["justification"]) for row in links or []]
        return values

    def create(self, validated_data):
        with _api_refusals():
            return super().create(validated_data)

    def update(self, instance, validated_data):
        with _api_refusals():
            return super().update(instance, validated_data)


@contextmanager
def _api_refusals():
    """The service's refusals as this API names them: its linked actions are ``actions``,
    and a refused lead partner keeps its message (403)."""
    try:
        yield
    except PermissionDenied as exc:
        raise APIPermissionDenied(str(exc)) from exc
    except APIValidationError as exc:
        if isinstance(exc.detail, dict) and LINKS in exc.detail:
            exc.detail["actions"] = exc.detail.pop(LINKS)
        raise
