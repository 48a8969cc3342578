from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.roles import roles_of
from documents.models import Document
from labels.models import LabelApplication
from meetings.models import Meeting
from partners.models import Country, Organisation
from workflows.api import ServiceSerializerMixin

from ..models import ENTRY_TEXT_MAX, FollowUp, FollowUpEntry
from ..services import STAFF_FIELDS


class FollowUpEntrySerializer(serializers.ModelSerializer):
    """An entry; ``evidence_document`` is null for users who may not see the document."""

    follow_up = serializers.PrimaryKeyRelatedField(queryset=FollowUp.objects.all())
    evidence_meeting = serializers.SlugRelatedField(
        slug_field="slug", queryset=Meeting.objects.all(), required=False, allow_null=True
    )
    evidence_document = serializers.SlugRelatedField(
        slug_field="slug", queryset=Document.objects.all(), required=False, allow_null=True
    )
    evidence_label = serializers.PrimaryKeyRelatedField(
        queryset=LabelApplication.objects.labelled(), required=False, allow_null=True
    )
    text = serializers.CharField(max_length=ENTRY_TEXT_MAX)
    date = serializers.DateField(required=False)

    class Meta:
        model = FollowUpEntry
        fields = [
            "id", "follow_up", "date", "text", "evidence_meeting", "evidence_document",
            "evidence_label", "evidence_url", "created_at",
        ]  # fmt: skip
        read_only_fields = ["created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # A writer may cite only documents that exist for them.
            self.fields["evidence_document"].queryset = Document.objects.restrict(request.user)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not getattr(instance, "evidence_document_visible", False):
            data["evidence_document"] = None
        return data

    def validate_date(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("The date of an entry cannot be in the future."))
        return value


class FollowUpSerializer(ServiceSerializerMixin, serializers.ModelSerializer):
    recommendation = serializers.PrimaryKeyRelatedField(read_only=True)
    meeting = serializers.SlugRelatedField(
        source="recommendation.meeting", slug_field="slug", read_only=True
    )
    number = serializers.CharField(source="recommendation.full_number", read_only=True)
    recommendation_text = serializers.CharField(source="recommendation.text_en", read_only=True)
    owner_kind = serializers.CharField(read_only=True)
    owner_country = serializers.SlugRelatedField(
        slug_field="iso2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    owner_organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    overdue = serializers.BooleanField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id", "recommendation", "meeting", "number", "recommendation_text", "owner_kind",
            "owner_country", "owner_organisation", "owner_secretariat", "status", "due_date",
            "overdue", "last_entry_on", "version", "url",
        ]  # fmt: skip
        read_only_fields = ["last_entry_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None or not roles_of(request.user).staff:
            # An owner partner changes the status only.
            for name in STAFF_FIELDS:
                if name != "status":
                    self.fields[name].read_only = True

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        merged = {
            name: attrs.get(name, getattr(self.instance, name, None))
            for name in ("owner_country", "owner_organisation", "owner_secretariat")
        }
        if sum(bool(v) for v in merged.values()) > 1:
            raise serializers.ValidationError(
                {
                    "owner_country": [
                        _(
                            "A recommendation has one owner: a country, an organisation "
                            "or the Secretariat."
                        )
                    ]
                }
            )
        return attrs
