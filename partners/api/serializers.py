from rest_framework import serializers

from core.roles import sees_partner_content

from ..models import Country, FocalPoint, GovernanceRole, Network, Organisation, Person


class CountrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Country
        fields = [
            "iso2", "iso3", "numeric", "name", "name_en", "name_fr",
            "continent", "region", "status", "note", "source", "url",
        ]  # fmt: skip

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class OrganisationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "slug", "acronym", "name", "name_en", "name_fr", "kind", "standing",
            "country", "website", "note", "source",
        ]  # fmt: skip


class PersonSerializer(serializers.ModelSerializer):
    """Contact details (e-mail, telephone) are present only for partner accounts."""

    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id", "name", "honorific", "title", "organisation", "organisation_name",
            "country", "email", "phone",
        ]  # fmt: skip

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not sees_partner_content(getattr(request, "user", None)):
            data.pop("email", None)
            data.pop("phone", None)
        return data


class GovernanceRoleSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    holder = serializers.CharField(read_only=True)

    class Meta:
        model = GovernanceRole
        fields = [
            "id", "kind", "holder", "country", "organisation", "start_date", "start_precision",
            "end_date", "end_precision", "note", "source",
        ]  # fmt: skip


class NetworkSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Network
        fields = ["slug", "name", "name_en", "name_fr", "description_en", "description_fr"]


class FocalPointSerializer(serializers.ModelSerializer):
    """A focal-point appointment; the person's contact details follow PersonSerializer's rule."""

    person = PersonSerializer(read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = FocalPoint
        fields = ["id", "person", "country", "organisation", "start_date", "end_date"]
