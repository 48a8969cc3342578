from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultKind(models.TextChoices):
    """What a search result is; the "kind" facet."""

    PASSAGE = "passage", _("Passage of a document")
    DOCUMENT = "document", _("Document")
    MEETING = "meeting", _("Meeting")
    RECOMMENDATION = "recommendation", _("Recommendation")
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    FRAMEWORK_ITEM = "framework_item", _("Action plan item")
    FIGURE = "figure", _("Quoted figure")


class FacetName(models.TextChoices):
    COUNTRY = "country", _("Country")
    ITEM = "item", _("Action plan item")


class TargetType(models.TextChoices):
    DOCUMENT = "document", _("Document")
    PASSAGE = "passage", _("Passage")
    RECOMMENDATION = "recommendation", _("Recommendation")


class Method(models.TextChoices):
    EXPLICIT = "explicit", _("Explicit reference")
    LEXICAL = "lexical", _("Lexical")
    SEMANTIC = "semantic", _("Semantic")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


# A review decision may move a suggestion between any two of these states; accepting an
# accepted suggestion (or rejecting a rejected one) changes nothing.
REVIEW_DECISIONS = {"accept": SuggestionStatus.ACCEPTED, "reject": SuggestionStatus.REJECTED}
