from rest_framework import viewsets

from ..filtersets import EvaluationFormFilterSet
from ..models import EvaluationForm
from ..permissions import ReadsResults
from ..selectors import forms_with_counts
from .serializers import EvaluationFormResultsSerializer, EvaluationFormSerializer


class EvaluationFormViewSet(viewsets.ReadOnlyModelViewSet):
    """Evaluation forms with their aggregated results (Secretariat and Steering Committee).

    Not cached like the public lists: the cache is shared per audience, and these results are
    for a few roles only.
    """

    filterset_class = EvaluationFormFilterSet
    permission_classes = [ReadsResults]

    def get_queryset(self):
        return forms_with_counts(
            EvaluationForm.objects.restrict(self.request.user, "results")
        ).order_by("-closes_at", "-id")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return EvaluationFormResultsSerializer
        return EvaluationFormSerializer


def register(router) -> None:
    router.register("evaluation-forms", EvaluationFormViewSet, basename="evaluation-form")
