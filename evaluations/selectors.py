"""Reads for evaluation forms: aggregated results, the answers table, bar charts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .choices import RATING_VALUES, QuestionKind
from .models import Answer, EvaluationForm, Question, Response

CHART_WIDTH = 640
CHART_LABEL_WIDTH = 220
CHART_VALUE_WIDTH = 70
BAR_HEIGHT = 22
BAR_GAP = 8


@dataclass
class Bar:
    label: str
    value: int
    share: float  # of the respondents to the question, 0..1
    width: float = 0.0
    y: float = 0.0
    value_x: float = 0.0

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    mean: float | None = None

    @property
    def chart_height(self) -> int:
        return len(self.bars) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP

    @property
    def chart_width(self) -> int:
        return CHART_WIDTH

    @property
    def bar_x(self) -> int:
        return CHART_LABEL_WIDTH

    @property
    def label_x(self) -> int:
        return CHART_LABEL_WIDTH - 8

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT


def _layout(bars: list[Bar]) -> list[Bar]:
    biggest = max((b.value for b in bars), default=0) or 1
    room = CHART_WIDTH - CHART_LABEL_WIDTH - CHART_VALUE_WIDTH
    for index, bar in enumerate(bars):
        bar.width = round(room * bar.value / biggest, 1)
        bar.y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        bar.value_x = CHART_LABEL_WIDTH + bar.width + 6
    return bars


def form_results(form: EvaluationForm) -> dict:
    """Per question: how many answered, the counts per rating or choice, the free texts.

    Two queries whatever the number of questions and answers.
    """
    questions = list(form.questions.order_by("position", "id"))
    results = {q.pk: QuestionResult(q) for q in questions}
    counts: dict[int, dict] = {q.pk: {} for q in questions}
    rows = Answer.objects.filter(question__form=form).values_list(
        "question_id", "rating", "selected", "text"
    )
    for question_id, rating, selected, text in rows.order_by("response_id"):
        result = results[question_id]
        result.answered += 1
        if rating is not None:
            counts[question_id][rating] = counts[question_id].get(rating, 0) + 1
        for choice in selected or []:
            counts[question_id][choice] = counts[question_id].get(choice, 0) + 1
        if text:
            result.texts.append(text)
    for question in questions:
        result = results[question.pk]
        per = counts[question.pk]
        if question.kind == QuestionKind.RATING:
            keys = list(RATING_VALUES)
            total = sum(per.values())
            if total:
                result.mean = round(sum(k * v for k, v in per.items()) / total, 2)
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            keys = list(question.choices)
        else:
            continue
        result.bars = _layout(
            [
                Bar(
                    label=str(key),
                    value=per.get(key, 0),
                    share=(per.get(key, 0) / result.answered) if result.answered else 0.0,
                )
                for key in keys
            ]
        )
    return {
        "responses": Response.objects.filter(form=form).count(),
        "questions": [results[q.pk] for q in questions],
    }


def answers_table(form: EvaluationForm) -> list[dict]:
    """One row per anonymous response, one column per question (for the CSV export).

    Rows are ordered by the responses' random identifiers, never by time.
    """
    questions = list(form.questions.order_by("position", "id"))
    headers = [f"Q{q.position}. {q.text}" for q in questions]
    by_response: dict = {}
    answers = Answer.objects.filter(question__form=form).values_list(
        "response_id", "question_id", "rating", "selected", "text"
    )
    for response_id, question_id, rating, selected, text in answers:
        if rating is not None:
            value = rating
        elif selected:
            value = "; ".join(selected)
        else:
            value = text
        by_response.setdefault(response_id, {})[question_id] = value
    response_ids = Response.objects.filter(form=form).order_by("id").values_list("id", flat=True)
    rows = []
    for number, response_id in enumerate(response_ids, start=1):
        answers_of = by_response.get(response_id, {})
        row = {_("response"): number}
        for question, header in zip(questions, headers, strict=True):
            row[header] = answers_of.get(question.pk, "")
        rows.append(row)
    return rows


def forms_with_counts(queryset):
    return queryset.select_related("meeting").annotate(
        links=Count("invitations", distinct=True),
        used=Count("invitations", filter=Q(invitations__used_at__isnull=False), distinct=True),
        questions_count=Count("questions", distinct=True),
    )
