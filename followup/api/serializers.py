from rest_framework import serializers

from documents.models import Document
from labels.models import LabelApplication
from meetings.models import Meeting
from partners.models import Country, Organisation
from workflows.api import ServiceSerializerMixin

from .. import services
from ..models import ENTRY_TEXT_MAX, FollowUp, FollowUpEntry


class FollowUpEntrySerializer(ServiceSerializerMixin, serializers.ModelSerializer):
    """An entry; ``evidence_document`` is null for users who may not see the document.
    Written through ``followup.services.FollowUpEntryWrites`` (the follow-up locked first)."""

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
    stale = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id", "recommendation", "meeting", "number", "recommendation_text", "owner_kind",
            "owner_country", "owner_organisation", "owner_secretariat", "status", "due_date",
            "overdue", "stale", "last_entry_on", "version", "url",
        ]  # fmt: skip
        read_only_fields = ["last_entry_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return  # the fields as such (the schema): the Secretariat writes them all
        allowed = services.writable_fields(request.user)
        for name in services.STAFF_FIELDS:
            if name not in allowed:
                # An owner partner changes the status only (the service refuses the rest).
                self.fields[name].read_only = True

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def get_stale(self, obj) -> bool:
        """No news for ``RABAT_FOLLOWUP_STALE_DAYS`` since the due date (or the meeting's
        date) or the latest entry: ``FollowUpQuerySet.stale``, annotated by ``with_stale``."""
        if hasattr(obj, "is_stale"):
            return obj.is_stale
        return FollowUp.objects.stale().filter(pk=obj.pk).exists()
