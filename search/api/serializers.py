from rest_framework import serializers

from ..models import TagSuggestion


class TagSuggestionSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.uid", read_only=True)
    target = serializers.SerializerMethodField()
    document = serializers.SerializerMethodField()
    reviewed_by = serializers.CharField(source="reviewed_by.username", default=None, read_only=True)

    class Meta:
        model = TagSuggestion
        fields = [
            "id",
            "target_type",
            "target",
            "document",
            "item",
            "score",
            "evidence",
            "method",
            "status",
            "reviewed_by",
            "reviewed_at",
            "version",
        ]
        read_only_fields = fields

    def get_target(self, obj) -> str:
        return str(obj.target)

    def get_document(self, obj) -> str | None:
        doc = obj.document or (obj.passage.document if obj.passage_id else None)
        return doc.slug if doc else None


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "reject"])
    version = serializers.IntegerField(required=False)


class BulkReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "reject"])
    ids = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=500)


def result_dict(result) -> dict:
    entry = result.entry
    return {
        "kind": entry.kind,
        "id": entry.object_id,
        "title": entry.title,
        "title_html": str(result.title),
        "snippet_html": str(result.snippet),
        "url": entry.url,
        "page": entry.page,
        "document": entry.document.slug if entry.document_id else None,
        "year": entry.year,
        "language": entry.language or None,
        "score": result.score,
    }
