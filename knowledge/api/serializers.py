from rest_framework import serializers

from documents.models import Document

from ..models import ExtractionDraft, IngestItem


class LibraryDocumentSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    passages = serializers.IntegerField(source="passages_count", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "slug", "title", "kind", "language", "visibility", "passages", "url"]

    def get_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("knowledge:document", kwargs={"pk": obj.pk})


class IngestItemSerializer(serializers.ModelSerializer):
    reason_text = serializers.CharField(read_only=True)
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = IngestItem
        fields = [
            "id", "batch", "filename", "sha256", "size", "status", "reason", "reason_text",
            "document", "mime", "language", "pages", "passages", "attempts", "queued_at",
            "started_at", "finished_at", "parse_seconds", "total_seconds",
        ]  # fmt: skip


class ExtractionDraftSerializer(serializers.ModelSerializer):
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    meeting = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ExtractionDraft
        fields = [
            "id",
            "document",
            "state",
            "version",
            "data",
            "created_at",
            "reviewed_at",
            "meeting",
        ]
