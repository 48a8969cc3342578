from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.roles import roles_of
from workflows.locking import Conflict

from .. import services
from ..filtersets import TagSuggestionFilterSet
from ..models import TagSuggestion
from ..selectors import Filters, search
from .serializers import (
    BulkReviewSerializer,
    ReviewSerializer,
    TagSuggestionSerializer,
    result_dict,
)


class SearchViewSet(viewsets.ViewSet):
    """One search across passages, documents, meetings, recommendations, people,
    organisations and action plan items, with the same results and facets as /search/."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description='Words; "exact phrases" in quotes'),
            OpenApiParameter("kind", str, many=True),
            OpenApiParameter("year", int, many=True),
            OpenApiParameter("language", str, many=True),
            OpenApiParameter("country", str, many=True, description="ISO 3166-1 alpha-2"),
            OpenApiParameter("item", str, many=True, description="framework item uid"),
            OpenApiParameter("mode", str, enum=["text", "semantic"]),
            OpenApiParameter("page", int),
        ],
        responses={200: dict},
    )
    def list(self, request):
        try:
            page = max(1, int(request.query_params.get("page", 1)))
        except ValueError:
            page = 1
        results = search(
            request.user,
            request.query_params.get("q", ""),
            Filters.from_querydict(request.query_params),
            page=page,
            mode=request.query_params.get("mode", "text"),
        )
        return Response(
            {
                "query": results.query.raw,
                "mode": results.mode,
                "count": results.total,
                # False when more than "count" match (PostgreSQL stops counting at
                # RABAT_SEARCH_COUNT_CAP); facets_exact: the facets count every match.
                "count_exact": results.total_exact,
                "facets_exact": results.exhaustive,
                "page": results.page,
                "pages": results.pages,
                "results": [result_dict(r) for r in results.results],
                "facets": results.facets,
            }
        )


class TagSuggestionViewSet(viewsets.ReadOnlyModelViewSet):
    """The tagging review queue (Secretariat only; 404 for everyone else)."""

    serializer_class = TagSuggestionSerializer
    filterset_class = TagSuggestionFilterSet
    queryset = TagSuggestion.objects.select_related(
        "item", "document", "passage__document", "recommendation__meeting", "reviewed_by"
    )

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not roles_of(request.user).staff:
            raise NotFound()  # the queue does not exist for anyone else

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")

    @extend_schema(request=ReviewSerializer, responses={200: TagSuggestionSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        suggestion = self.get_object()
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.suggestion_review(
                suggestion=suggestion,
                decision=data.validated_data["decision"],
                by=request.user,
                expected_version=data.validated_data.get("version"),
            )
        except Conflict as exc:
            return Response(
                {
                    "detail": str(exc.message),
                    "current": TagSuggestionSerializer(exc.current).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(TagSuggestionSerializer(suggestion).data)

    @extend_schema(request=BulkReviewSerializer, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="bulk-review")
    def bulk_review(self, request):
        data = BulkReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = set(data.validated_data["ids"])
        suggestions = list(self.get_queryset().filter(pk__in=ids))
        if len(suggestions) != len(ids):
            return Response(
                {"detail": _("Some of these suggestions do not exist.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        with transaction.atomic():
            changed = services.suggestions_review_bulk(
                suggestions=suggestions, decision=data.validated_data["decision"], by=request.user
            )
        return Response({"changed": changed})


def register(router) -> None:
    router.register("search", SearchViewSet, basename="search")
    router.register("tag-suggestions", TagSuggestionViewSet, basename="tag-suggestion")


__all__ = ["get_object_or_404"]
