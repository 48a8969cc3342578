from rest_framework import serializers

from ..models import Document


class DocumentSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    meeting = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    file_url = serializers.SerializerMethodField()
    content_type = serializers.CharField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "slug", "title", "title_en", "title_fr", "kind", "language", "date", "meeting",
            "visibility", "sha256", "size", "content_type", "file_url", "description_en",
            "description_fr", "source",
        ]  # fmt: skip

    def get_file_url(self, obj) -> str | None:
        return obj.get_download_url() if obj.file else None
