from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Meeting, MeetingRole, Participation, Recommendation, Session, Speaker


class MeetingRoleSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = MeetingRole
        fields = ["kind", "country", "organisation"]


class MeetingSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    roles = MeetingRoleSerializer(many=True, read_only=True)
    framework_items = serializers.SlugRelatedField(slug_field="uid", many=True, read_only=True)
    # A label was granted to the meeting (``Meeting.labelled``, read from the labelling app).
    labelled = serializers.BooleanField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "slug", "kind", "title", "title_en", "title_fr", "start_date", "end_date",
            "date_precision", "status", "venue", "city", "country", "format", "roles",
            "participants_count", "partner_countries_count", "organisations_count",
            "local_authorities_count", "framework_items", "labelled", "description_en",
            "description_fr", "source", "url",
        ]  # fmt: skip

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["order", "kind", "title_en", "title_fr", "summary_en", "summary_fr"]


class SpeakerSerializer(serializers.ModelSerializer):
    meeting = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)
    person = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation = serializers.CharField(source="person.affiliation", read_only=True)
    country = serializers.CharField(source="person.country.iso2", read_only=True, default=None)
    session = serializers.IntegerField(source="session.order", read_only=True, default=None)

    class Meta:
        model = Speaker
        fields = [
            "id", "meeting", "person", "name", "role", "title_at_meeting", "organisation",
            "country", "session",
        ]  # fmt: skip


class SubpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["id", "number", "text_en", "text_fr"]


class RecommendationSerializer(serializers.ModelSerializer):
    meeting = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True)
    framework_items = serializers.SlugRelatedField(slug_field="uid", many=True, read_only=True)
    subpoints = SubpointSerializer(many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id", "meeting", "parent", "number", "heading_en", "heading_fr", "text_en",
            "text_fr", "addressee", "source_section", "framework_items", "subpoints",
        ]  # fmt: skip


class ParticipationSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Participation
        fields = ["country", "organisation", "delegation_size", "source"]


class MeetingDetailSerializer(MeetingSerializer):
    sessions = SessionSerializer(many=True, read_only=True)
    participations = ParticipationSerializer(
        many=True,
        read_only=True,
        help_text=_(
            "Delegations recorded as present (a participant list, a registration or a source "
            "saying so), each with its source. Empty when attendance is not recorded."
        ),
    )
    countries_named = serializers.SlugRelatedField(
        source="participating_countries",
        slug_field="iso2",
        many=True,
        read_only=True,
        help_text=_(
            "Countries named in the sources (host, chairs, speakers' nationalities): named, "
            "not a record of attendance."
        ),
    )

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "sessions", "participations", "countries_named"]
