from rest_framework import serializers

from ..models import Crosswalk, Framework, FrameworkItem, ReferenceCountry


class FrameworkSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    adopted_country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)

    class Meta:
        model = Framework
        fields = [
            "slug", "name", "name_en", "name_fr", "short_name_en", "short_name_fr", "kind",
            "adopted_place", "adopted_country", "adopted_date", "period_start", "period_end",
            "period_note", "summary_en", "summary_fr", "source",
        ]  # fmt: skip


class FrameworkItemSerializer(serializers.ModelSerializer):
    """A framework item; ``title_en`` is empty when the official wording is not known."""

    id = serializers.CharField(source="uid", read_only=True)
    framework = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    title_known = serializers.BooleanField(read_only=True)

    class Meta:
        model = FrameworkItem
        fields = [
            "id", "framework", "code", "kind", "number", "parent", "title_en", "title_fr",
            "title_known", "short_label_en", "text_en", "text_fr", "note", "number_inferred",
            "source",
        ]  # fmt: skip


class CrosswalkSerializer(serializers.ModelSerializer):
    source_item = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    target_item = serializers.SlugRelatedField(slug_field="uid", read_only=True)

    class Meta:
        model = Crosswalk
        fields = ["id", "source_item", "relation", "target_item", "note", "source"]


class ReferenceCountrySerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    item = serializers.SlugRelatedField(slug_field="uid", read_only=True)

    class Meta:
        model = ReferenceCountry
        fields = ["id", "country", "item", "start_date", "end_date", "note", "source"]
