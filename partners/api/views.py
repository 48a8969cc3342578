from core.api.views import RestrictedReadOnlyViewSet

from ..filtersets import (
    CountryFilterSet,
    FocalPointFilterSet,
    GovernanceRoleFilterSet,
    NetworkFilterSet,
    OrganisationFilterSet,
    PersonFilterSet,
)
from ..models import Country, FocalPoint, GovernanceRole, Network, Organisation, Person
from .serializers import (
    CountrySerializer,
    FocalPointSerializer,
    GovernanceRoleSerializer,
    NetworkSerializer,
    OrganisationSerializer,
    PersonSerializer,
)


class CountryViewSet(RestrictedReadOnlyViewSet):
    """Partner and observer countries of the Dialogue (and former partners)."""

    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    filterset_class = CountryFilterSet
    lookup_field = "iso2"

    def get_object(self):
        # /api/countries/ma/ finds Morocco, as /partners/ma/ does.
        self.kwargs["iso2"] = self.kwargs["iso2"].upper()
        return super().get_object()


class OrganisationViewSet(RestrictedReadOnlyViewSet):
    """Partner organisations, observers and implementers."""

    queryset = Organisation.objects.select_related("country")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    lookup_field = "slug"


class PersonViewSet(RestrictedReadOnlyViewSet):
    """People of the Dialogue; contact details only for partner accounts."""

    queryset = Person.objects.select_related("organisation", "country")
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet


class GovernanceRoleViewSet(RestrictedReadOnlyViewSet):
    """Chairs, Steering Committee members and the Secretariat, with their periods."""

    queryset = GovernanceRole.objects.select_related("country", "organisation")
    serializer_class = GovernanceRoleSerializer
    filterset_class = GovernanceRoleFilterSet


class NetworkViewSet(RestrictedReadOnlyViewSet):
    """Thematic networks of contact points."""

    queryset = Network.objects.all()
    serializer_class = NetworkSerializer
    filterset_class = NetworkFilterSet
    lookup_field = "slug"


class FocalPointViewSet(RestrictedReadOnlyViewSet):
    """Focal points of the partners, with their periods; e-mail and telephone only for partners."""

    queryset = FocalPoint.objects.select_related(
        "person__organisation", "person__country", "country", "organisation"
    )
    serializer_class = FocalPointSerializer
    filterset_class = FocalPointFilterSet


def register(router) -> None:
    router.register("countries", CountryViewSet, basename="country")
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("people", PersonViewSet, basename="person")
    router.register("governance-roles", GovernanceRoleViewSet, basename="governance-role")
    router.register("networks", NetworkViewSet, basename="network")
    router.register("focal-points", FocalPointViewSet, basename="focal-point")
