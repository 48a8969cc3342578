from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.roles import roles_of
from core.views import FilteredListView
from workflows.locking import Conflict

from . import semantic, services
from .api.serializers import TagSuggestionSerializer
from .choices import ResultKind
from .filtersets import TagSuggestionFilterSet
from .models import TagSuggestion
from .selectors import FILTER_KEYS, Filters, search

FACET_TITLES = {
    "kind": gettext_lazy("Kind"),
    "year": gettext_lazy("Year"),
    "language": gettext_lazy("Language"),
    "country": gettext_lazy("Country"),
    "item": gettext_lazy("Action plan item"),
}


class SearchView(TemplateView):
    """/search/?q=...: one ranked list across every kind of record, with facets."""

    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        try:
            page = max(1, int(params.get("page", 1)))
        except ValueError:
            page = 1
        mode = params.get("mode", "text")
        results = search(
            self.request.user, params.get("q", ""), Filters.from_querydict(params), page=page,
            mode=mode,
        )  # fmt: skip
        facets = []
        for key, values in results.facets.items():
            rows = []
            for row in values:
                query = params.copy()
                query.pop("page", None)
                selected = results.filters.is_set(key, row["value"])
                current = query.getlist(key)
                if selected:
                    query.setlist(key, [v for v in current if v != row["value"]])
                else:
                    query.setlist(key, [*current, row["value"]])
                rows.append({**row, "selected": selected, "url": "?" + query.urlencode()})
            facets.append({"key": key, "title": FACET_TITLES[key], "values": rows})
        base = params.copy()
        base.pop("page", None)
        clear = params.copy()
        for key in (*FILTER_KEYS, "page"):
            clear.pop(key, None)
        context.update(
            results=results,
            facets=facets,
            q=params.get("q", ""),
            mode=results.mode,
            semantic_available=semantic.available(),
            querystring=base.urlencode(),
            clear_filters="?" + clear.urlencode(),
            kind_labels=dict(ResultKind.choices),
            has_filters=bool(results.filters.pairs()),
        )
        return context


class StaffOnlyMixin:
    """The review queue does not exist for anyone but the Secretariat (404)."""

    def dispatch(self, request, *args, **kwargs):
        if not roles_of(request.user).staff:
            raise Http404()
        return super().dispatch(request, *args, **kwargs)


class TaggingQueueView(StaffOnlyMixin, FilteredListView):
    """/search/tagging/: suggested links waiting for the Secretariat's decision."""

    model = TagSuggestion
    filterset_class = TagSuggestionFilterSet
    serializer_class = TagSuggestionSerializer
    template_name = "search/tagging_queue.html"
    export_name = "tag-suggestions"
    paginate_by = 50

    def base_queryset(self):
        return TagSuggestion.objects.select_related(
            "item", "document", "passage__document", "recommendation__meeting", "reviewed_by"
        )

    def get_filterset(self):
        data = self.request.GET.copy()
        if "status" not in data:
            data["status"] = "pending"
        return self.filterset_class(data, queryset=self.get_queryset(), request=self.request)


def _back(request):
    target = request.POST.get("next") or "/search/tagging/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/search/tagging/"
    return redirect(target)


class ReviewView(StaffOnlyMixin, View):
    """POST /search/tagging/<id>/review/: accept or reject one suggestion (versioned)."""

    def post(self, request, pk):
        suggestion = get_object_or_404(TagSuggestion.objects.restrict(request.user), pk=pk)
        decision = request.POST.get("decision")
        if decision not in ("accept", "reject"):
            messages.error(request, _("Choose to accept or to reject the suggestion."))
            return _back(request)
        try:
            services.suggestion_review(
                suggestion=suggestion,
                decision=decision,
                by=request.user,
                expected_version=request.POST.get("version") or None,
            )
        except Conflict:
            messages.error(
                request,
                _("Someone else reviewed this suggestion meanwhile; nothing was changed."),
            )
            return _back(request)
        messages.success(request, _("Suggestion %(uid)s: %(status)s.") % {
            "uid": suggestion.item.uid, "status": suggestion.get_status_display(),
        })  # fmt: skip
        return _back(request)


class BulkReviewView(StaffOnlyMixin, View):
    """POST /search/tagging/review/: the same decision for the ticked suggestions."""

    def post(self, request):
        decision = request.POST.get("decision")
        ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()][:500]
        if decision not in ("accept", "reject") or not ids:
            messages.error(request, _("Tick at least one suggestion and choose a decision."))
            return _back(request)
        suggestions = list(TagSuggestion.objects.restrict(request.user).filter(pk__in=ids))
        changed = services.suggestions_review_bulk(
            suggestions=suggestions, decision=decision, by=request.user
        )
        messages.success(request, _("%(n)d suggestions changed.") % {"n": changed})
        return _back(request)
