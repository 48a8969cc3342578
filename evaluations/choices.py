from django.db import models
from django.utils.translation import gettext_lazy as _


class FormState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating from 1 to 5")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


class FormLanguage(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
RATING_VALUES = (1, 2, 3, 4, 5)
# Longest free-text answer accepted (characters); longer answers are refused, not cut.
TEXT_ANSWER_MAX = 4000
MAX_CHOICES = 20
MAX_LINKS_PER_BATCH = 500
