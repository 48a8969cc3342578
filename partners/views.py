from collections import Counter

from django.views.generic import TemplateView

from core.views import FilteredListView, RestrictedDetailView
from frameworks.models import ReferenceCountry

from .api.serializers import (
    CountrySerializer,
    OrganisationSerializer,
    PersonSerializer,
)
from .choices import GovernanceRoleKind
from .filtersets import CountryFilterSet, OrganisationFilterSet, PersonFilterSet
from .models import Country, GovernanceRole, Network, Organisation, Person
from .selectors import chair_succession, country_map, country_profile, current_chair


class CountryListView(FilteredListView):
    model = Country
    filterset_class = CountryFilterSet
    serializer_class = CountrySerializer
    template_name = "partners/country_list.html"
    paginate_by = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        countries = list(Country.objects.current())
        context["map"] = country_map(countries)
        context["status_counts"] = Counter(c.status for c in countries)
        context["organisations"] = Organisation.objects.filter(
            standing__in=["partner", "permanent_observer"]
        )
        context["current_chair"] = current_chair()
        return context


class CountryDetailView(RestrictedDetailView):
    model = Country
    slug_field = "iso2"
    slug_url_kwarg = "iso2"
    template_name = "partners/country_detail.html"
    context_object_name = "country"

    def get_object(self, queryset=None):
        self.kwargs["iso2"] = self.kwargs["iso2"].upper()
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(country_profile(self.object, self.request.user))
        context["map"] = country_map([self.object], highlight=self.object.iso2)
        return context


class OrganisationListView(FilteredListView):
    model = Organisation
    filterset_class = OrganisationFilterSet
    serializer_class = OrganisationSerializer
    template_name = "partners/organisation_list.html"

    def base_queryset(self):
        return Organisation.objects.select_related("country")


class OrganisationDetailView(RestrictedDetailView):
    model = Organisation
    slug_field = "slug"
    template_name = "partners/organisation_detail.html"
    context_object_name = "organisation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        context["roles"] = organisation.governance_roles.all()
        context["people"] = organisation.people.select_related("country")[:100]
        context["meeting_roles"] = organisation.meeting_roles.select_related("meeting")[:100]
        return context


class PersonListView(FilteredListView):
    model = Person
    filterset_class = PersonFilterSet
    serializer_class = PersonSerializer
    template_name = "partners/person_list.html"

    def base_queryset(self):
        return Person.objects.select_related("organisation", "country")


class PersonDetailView(RestrictedDetailView):
    model = Person
    slug_field = "pk"
    slug_url_kwarg = "pk"
    template_name = "partners/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return super().get_queryset().select_related("organisation", "country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["speaking_roles"] = self.object.speaking_roles.select_related("meeting", "session")
        context["focal_points"] = self.object.focal_points.select_related("country", "organisation")
        return context


class GovernanceView(TemplateView):
    """Who governs the Dialogue: the Chair's succession, Steering Committee, Secretariat."""

    template_name = "partners/governance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        roles = GovernanceRole.objects.restrict(self.request.user).select_related(
            "country", "organisation"
        )
        context["current_chair"] = current_chair()
        context["chairs"] = chair_succession()
        context["steering_committee"] = roles.filter(kind=GovernanceRoleKind.STEERING_COMMITTEE)
        context["secretariat"] = roles.filter(kind=GovernanceRoleKind.SECRETARIAT)
        context["reference_countries"] = (
            ReferenceCountry.objects.restrict(self.request.user)
            .select_related("country", "item__framework")
            .order_by("item__framework__adopted_date", "item__sort_order", "country__name_en")
        )
        return context


class NetworkListView(TemplateView):
    template_name = "partners/network_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The list shows each network's number of members.
        context["networks"] = Network.objects.restrict(self.request.user).prefetch_related(
            "memberships"
        )
        return context


class NetworkDetailView(RestrictedDetailView):
    model = Network
    slug_field = "slug"
    template_name = "partners/network_detail.html"
    context_object_name = "network"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = self.object.memberships.select_related(
            "person", "person__organisation", "country"
        )
        return context
