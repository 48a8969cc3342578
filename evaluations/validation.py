"""What a valid answer is, per kind of question (used by the page's form and the service)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import RATING_VALUES, TEXT_ANSWER_MAX, QuestionKind


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def validate_answer(question, value):
    """The cleaned value of one answer, or ``ValidationError`` with a readable reason."""
    if _empty(value):
        if question.required:
            raise ValidationError(_("This question needs an answer."))
        return None
    if question.kind == QuestionKind.RATING:
        try:
            rating = int(value)
        except (TypeError, ValueError):
            rating = None
        if rating not in RATING_VALUES or str(value).strip() not in {"1", "2", "3", "4", "5"}:
            raise ValidationError(_("Give a rating from 1 to 5."))
        return rating
    if question.kind == QuestionKind.SINGLE:
        if not isinstance(value, str) or value not in question.choices:
            raise ValidationError(_("Choose one of the choices offered."))
        return value
    if question.kind == QuestionKind.MULTIPLE:
        values = [value] if isinstance(value, str) else list(value)
        if any(not isinstance(v, str) or v not in question.choices for v in values):
            raise ValidationError(_("Choose only among the choices offered."))
        # Each choice once, in the order the form offers them.
        return [c for c in question.choices if c in values]
    if not isinstance(value, str):
        raise ValidationError(_("Write your answer as text."))
    text = value.strip()
    if len(text) > TEXT_ANSWER_MAX:
        raise ValidationError(
            _("Your answer is too long (%(length)d characters; at most %(max)d).")
            % {"length": len(text), "max": TEXT_ANSWER_MAX}
        )
    if not text and question.required:
        raise ValidationError(_("This question needs an answer."))
    return text or None
