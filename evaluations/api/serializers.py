from rest_framework import serializers

from ..models import EvaluationForm
from ..selectors import form_results


class EvaluationFormSerializer(serializers.ModelSerializer):
    meeting = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    links = serializers.IntegerField(read_only=True)
    used = serializers.IntegerField(read_only=True)
    questions_count = serializers.IntegerField(read_only=True)
    # A plain string: an enum named "language" would collide with the documents' one.
    language = serializers.CharField(read_only=True, help_text="en or fr")

    class Meta:
        model = EvaluationForm
        fields = [
            "id", "meeting", "title", "language", "state", "closes_at", "links", "used",
            "questions_count",
        ]  # fmt: skip


class EvaluationFormResultsSerializer(EvaluationFormSerializer):
    """A form with its aggregated results: counts per rating or choice, free texts."""

    results = serializers.SerializerMethodField()

    class Meta(EvaluationFormSerializer.Meta):
        fields = [*EvaluationFormSerializer.Meta.fields, "intro", "results"]

    def get_results(self, form) -> dict:
        data = form_results(form)
        return {
            "responses": data["responses"],
            "questions": [
                {
                    "position": r.question.position,
                    "kind": r.question.kind,
                    "text": r.question.text,
                    "required": r.question.required,
                    "answered": r.answered,
                    "mean": r.mean,
                    "counts": [{"value": b.label, "count": b.value} for b in r.bars],
                    "texts": r.texts,
                }
                for r in data["questions"]
            ],
        }
