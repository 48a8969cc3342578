from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied as APIPermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError

from frameworks.models import FrameworkItem
from partners.models import Country, Organisation
from workflows.api import ConflictError
from workflows.locking import Conflict

from ..choices import ActivityFormat, ActivityKind
from ..models import LabelApplication, LinkedAction
from ..services import Link, application_create, application_update
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


class LinkedActionSerializer(serializers.ModelSerializer):
    action = serializers.SlugRelatedField(
        source="item", slug_field="uid", queryset=FrameworkItem.objects.all()
    )
    justification = serializers.CharField(max_length=2000)

    class Meta:
        model = LinkedAction
        fields = ["action", "justification"]


class LabelSerializer(serializers.ModelSerializer):
    """A labelled activity, as the public sees it."""

    kind = KindField(read_only=True)
    format = FormatField(read_only=True)
    lead_country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    lead_organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    co_organising_countries = serializers.SlugRelatedField(
        slug_field="iso2", many=True, read_only=True
    )
    co_organising_organisations = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    place_country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
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
            "report_due", "report_overdue", "report_received", "url",
        ]  # fmt: skip

    def get_report_overdue(self, obj) -> bool:
        return obj.report_overdue()

    def get_report_received(self, obj) -> bool:
        return obj.state == "reported"

    def get_url(self, obj) -> str:
        return obj.public_url


class ApplicationSerializer(serializers.ModelSerializer):
    """An application in the workspace: read with its ``version``; send the version back on
    update (HTTP 409 with the ``current`` record if someone saved it meanwhile)."""

    version = serializers.IntegerField(required=False)
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

    def get_transitions(self, obj) -> list[str]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return [t.name for t in WORKFLOW.available(obj, user) if t.name != "report_outcome"]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def _split(self, validated):
        links = validated.pop("links", None)
        if links is not None:
            links = [Link(row["item"], row["justification"]) for row in links]
        co_countries = validated.pop("co_organising_countries", None)
        co_organisations = validated.pop("co_organising_organisations", None)
        validated.pop("version", None)
        return validated, co_countries, co_organisations, links

    def _call(self, function, **kwargs):
        try:
            return function(**kwargs)
        except PermissionDenied as exc:
            raise APIPermissionDenied(str(exc)) from exc
        except Conflict as conflict:
            raise ConflictError(
                {
                    "detail": str(conflict.message),
                    "current": type(self)(conflict.current, context=self.context).data,
                }
            ) from conflict
        except ValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
            if "links" in detail:
                detail["actions"] = detail.pop("links")
            raise APIValidationError(detail) from exc

    def create(self, validated_data):
        data, co_countries, co_organisations, links = self._split(dict(validated_data))
        return self._call(
            application_create,
            by=self.context["request"].user,
            data=data,
            co_countries=co_countries or (),
            co_organisations=co_organisations or (),
            links=links or (),
        )

    def update(self, instance, validated_data):
        expected = validated_data.get("version")
        if expected is None:
            raise APIValidationError({"version": ["Send the version you read."]})
        data, co_countries, co_organisations, links = self._split(dict(validated_data))
        return self._call(
            application_update,
            application=instance,
            by=self.context["request"].user,
            expected_version=expected,
            data=data,
            co_countries=co_countries,
            co_organisations=co_organisations,
            links=links,
        )
