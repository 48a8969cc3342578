from decimal import Decimal

from rest_framework import serializers

from documents.models import Document

from ..models import ExtractionDraft, IngestItem, QuotedFigure


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


class QuotedFigureSerializer(serializers.ModelSerializer):
    """A figure a document quotes, with its source: the document, the passage (its position in
    the document's text), the page and the address of the passage."""

    value = serializers.SerializerMethodField()
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    passage = serializers.IntegerField(source="passage.position", read_only=True, default=None)
    page = serializers.IntegerField(source="passage.page", read_only=True, default=None)
    meeting = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = QuotedFigure
        fields = [
            "id", "value", "unit", "text", "counts", "sentence", "document", "passage", "page",
            "meeting", "country", "url",
        ]  # fmt: skip

    def get_value(self, obj) -> float:
        """The number: an integer when it is one (301027), else a decimal (9.8)."""
        value = Decimal(str(obj.value)).normalize()
        return int(value) if value == value.to_integral_value() else float(value)
