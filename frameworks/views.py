from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from core.registry import framework_links
from core.sources import web_addresses
from core.views import FilteredListView
from meetings.selectors import source_links

from .api.serializers import FrameworkItemSerializer
from .filtersets import FrameworkItemFilterSet
from .models import Framework, FrameworkItem
from .selectors import item_context, rolled_up_counts


def wants_crosswalks(request) -> bool:
    return request.GET.get("crosswalks") in ("1", "true", "on")


class FrameworkListView(TemplateView):
    template_name = "frameworks/framework_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        frameworks = (
            Framework.objects.restrict(self.request.user)
            .select_related("adopted_country")
            # The list shows each framework's number of items.
            .prefetch_related(Prefetch("items", queryset=FrameworkItem.objects.only("framework")))
        )
        context["frameworks"] = frameworks
        return context


class FrameworkDetailView(TemplateView):
    """A framework's tree with, for each item, the counts of linked work."""

    template_name = "frameworks/framework_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        framework = get_object_or_404(
            Framework.objects.restrict(self.request.user), slug=kwargs["slug"]
        )
        crosswalks = wants_crosswalks(self.request)
        roots, nodes = rolled_up_counts(framework, self.request.user, include_crosswalks=crosswalks)
        context.update(
            framework=framework,
            roots=roots,
            kinds=list(framework_links),
            crosswalks=crosswalks,
            sources=source_links(framework.source, self.request.user),
            unknown_titles=sum(1 for n in nodes.values() if not n.item.title_known),
            item_count=len(nodes),
        )
        return context


class FrameworkItemDetailView(TemplateView):
    template_name = "frameworks/item_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = get_object_or_404(
            FrameworkItem.objects.restrict(self.request.user).select_related(
                "framework", "parent__parent"
            ),
            framework__slug=kwargs["slug"],
            code=kwargs["code"],
        )
        crosswalks = wants_crosswalks(self.request)
        context.update(item=item, framework=item.framework, crosswalks=crosswalks)
        # The sources as links; the web addresses the editorial note quotes are sources too.
        context["sources"] = source_links(
            "\n".join([item.source, *web_addresses(item.note)]), self.request.user
        )
        context.update(item_context(item, self.request.user, include_crosswalks=crosswalks))
        return context


class FrameworkItemListView(FilteredListView):
    model = FrameworkItem
    filterset_class = FrameworkItemFilterSet
    serializer_class = FrameworkItemSerializer
    template_name = "frameworks/item_list.html"
    paginate_by = 100

    def base_queryset(self):
        return FrameworkItem.objects.select_related("framework", "parent")
