from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from documents.models import Document
from frameworks.models import ReferenceCountry
from workflows.api import ServiceSerializerMixin

from ..models import ReferenceCountryReport, Theme


class WorkspaceRecordSerializer(ServiceSerializerMixin, serializers.ModelSerializer):
    """Writes go through ``workspaces.services.WorkspaceRecordWrites`` (who writes for which
    reference country, the document, the version)."""

    domain = serializers.CharField(source="assignment.item.uid", read_only=True)
    country = serializers.CharField(source="assignment.country.iso2", read_only=True)
    assignment = serializers.PrimaryKeyRelatedField(
        queryset=ReferenceCountry.objects.all(),
        help_text=_("The reference-country record (see /api/reference-countries/)."),
    )


class ReportSerializer(WorkspaceRecordSerializer):
    document = serializers.SlugRelatedField(
        slug_field="slug", queryset=Document.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = ReferenceCountryReport
        fields = [
            "id", "domain", "country", "assignment", "kind", "title", "date", "document", "text",
            "version",
        ]  # fmt: skip

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if instance.document_id and request is not None:
            visible = Document.objects.restrict(request.user).filter(pk=instance.document_id)
            if not visible.exists():
                data["document"] = None  # a partners-only document does not exist for visitors
        return data


class ThemeSerializer(WorkspaceRecordSerializer):
    state = serializers.CharField(read_only=True)

    class Meta:
        model = Theme
        fields = [
            "id", "domain", "country", "assignment", "title", "description", "date", "state",
            "version",
        ]  # fmt: skip
