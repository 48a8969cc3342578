from rest_framework import serializers

from frameworks.models import FrameworkItem
from partners.models import Country
from workflows.api import ServiceSerializerMixin

from ..models import (
    Initiative,
    InitiativeCountry,
    InitiativeOrganisation,
    Result,
    Round,
    RoundSubmission,
    Source,
)


class InitiativeCountrySerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)

    class Meta:
        model = InitiativeCountry
        fields = ["country", "share"]


class InitiativeOrganisationSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name = serializers.CharField(source="label", read_only=True)

    class Meta:
        model = InitiativeOrganisation
        fields = ["role", "organisation", "name"]


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = Result
        fields = ["indicator", "unit", "baseline", "target", "actual"]


class SourceSerializer(serializers.ModelSerializer):
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Source
        fields = ["url", "document", "text"]


class InitiativeSerializer(ServiceSerializerMixin, serializers.ModelSerializer):
    """An initiative. Writable: the texts, kind, status, budget, dates and framework items;
    participants, countries, results and sources are edited on the page or by import."""

    uid = serializers.CharField(read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.all())
    framework_items = serializers.SlugRelatedField(
        slug_field="uid", many=True, queryset=FrameworkItem.objects.all(), required=False
    )
    countries = InitiativeCountrySerializer(many=True, read_only=True)
    organisations = InitiativeOrganisationSerializer(many=True, read_only=True)
    results = ResultSerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)
    round = serializers.IntegerField(source="submission.round_id", read_only=True, default=None)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = [
            "id", "uid", "version", "country", "record_state", "visibility", "kind", "status",
            "title_en", "title_fr", "description_en", "description_fr", "budget", "currency",
            "start_date", "end_date", "framework_items", "countries", "organisations",
            "results", "sources", "round", "url",
        ]  # fmt: skip
        read_only_fields = ["record_state"]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def validate(self, attrs):
        instance = Initiative(
            **{k: v for k, v in attrs.items() if k not in ("framework_items", "version")}
        )
        if self.instance is not None:
            instance = self.instance
            for key, value in attrs.items():
                if key not in ("framework_items", "version"):
                    setattr(instance, key, value)
        from django.core.exceptions import ValidationError

        try:
            instance.clean()
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        if "currency" in attrs:
            attrs["currency"] = instance.currency
        return attrs


class RoundSubmissionSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    initiative_count = serializers.SerializerMethodField()

    class Meta:
        model = RoundSubmission
        fields = ["id", "country", "state", "version", "initiative_count"]

    def get_initiative_count(self, obj) -> int:
        count = getattr(obj, "initiative_count", None)
        return obj.initiatives.count() if count is None else count


class RoundSerializer(serializers.ModelSerializer):
    submissions = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["id", "title", "opens", "deadline", "state", "submissions"]

    def get_submissions(self, obj) -> list:
        request = self.context.get("request")
        rows = [s for s in obj.submissions.all() if s.id in self.context.get("visible_ids", ())]
        return RoundSubmissionSerializer(rows, many=True, context={"request": request}).data
