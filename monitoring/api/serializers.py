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
    participants, countries, results and sources are edited on the page or by import.
    Writes go through ``monitoring.services.InitiativeWrites`` (the rules, ownership and the
    version live there, as for the page and the admin)."""

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
