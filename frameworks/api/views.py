from core.api.views import RestrictedReadOnlyViewSet

from ..filtersets import (
    CrosswalkFilterSet,
    FrameworkFilterSet,
    FrameworkItemFilterSet,
    ReferenceCountryFilterSet,
)
from ..models import Crosswalk, Framework, FrameworkItem, ReferenceCountry
from .serializers import (
    CrosswalkSerializer,
    FrameworkItemSerializer,
    FrameworkSerializer,
    ReferenceCountrySerializer,
)


class FrameworkViewSet(RestrictedReadOnlyViewSet):
    """Action plans and related frameworks (JVAP, GCM)."""

    queryset = Framework.objects.select_related("adopted_country")
    serializer_class = FrameworkSerializer
    filterset_class = FrameworkFilterSet
    lookup_field = "slug"


class FrameworkItemViewSet(RestrictedReadOnlyViewSet):
    """Domains, objectives, actions and priorities; look one up by its stable id."""

    queryset = FrameworkItem.objects.select_related("framework", "parent")
    serializer_class = FrameworkItemSerializer
    filterset_class = FrameworkItemFilterSet
    lookup_field = "uid"
    lookup_value_regex = r"[a-z0-9-]+/[A-Za-z0-9]+"


class CrosswalkViewSet(RestrictedReadOnlyViewSet):
    """Links between items of different frameworks."""

    queryset = Crosswalk.objects.select_related("source_item", "target_item").order_by(
        "source_item__uid", "target_item__uid"
    )
    serializer_class = CrosswalkSerializer
    filterset_class = CrosswalkFilterSet


class ReferenceCountryViewSet(RestrictedReadOnlyViewSet):
    """Partners following one domain of an action plan."""

    queryset = ReferenceCountry.objects.select_related("country", "item")
    serializer_class = ReferenceCountrySerializer
    filterset_class = ReferenceCountryFilterSet


def register(router) -> None:
    router.register("frameworks", FrameworkViewSet, basename="framework")
    router.register("framework-items", FrameworkItemViewSet, basename="framework-item")
    router.register("crosswalks", CrosswalkViewSet, basename="crosswalk")
    router.register("reference-countries", ReferenceCountryViewSet, basename="reference-country")
