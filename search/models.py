"""The search index (one row per searchable record) and the tag suggestions review queue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import RestrictedQuerySet, TranslatedField, Visibility
from core.roles import sees_partner_content
from documents.models import Document
from frameworks.models import FrameworkItem
from knowledge.models import Passage
from meetings.models import Recommendation
from workflows.models import VersionedModel

from .choices import FacetName, Method, ResultKind, SuggestionStatus, TargetType


class SearchEntryQuerySet(RestrictedQuerySet):
    """An entry is visible when the record it shows is: passages and documents carry their
    document's ``visibility`` (copied by ``search.indexing`` on every save of the document), so
    they follow the same rule as ``Document.objects.restrict`` (partners-only documents do not
    exist for visitors) without a join; meetings, people, organisations, recommendations and
    framework items are public."""

    def restrict(self, user, action: str = "view"):
        if action != "view":
            return super().restrict(user, action)
        return self.filter(visibility__in=visibilities(user))


def visibilities(user) -> tuple[str, ...]:
    """The visibility values of what ``user`` may see (the rule of ``Document.objects.restrict``:
    partners-only content for accounts holding a partner role). The full-text engines
    apply the same tuple inside their index (``search.backends``)."""
    if sees_partner_content(user):
        return (Visibility.PUBLIC, Visibility.PARTNERS)
    return (Visibility.PUBLIC,)


class SearchEntry(models.Model):
    """One searchable record (a passage, document, meeting, person...) as the search box sees it.

    Derived data: written by ``search.indexing`` on every save and delete of the record, and
    rebuilt by ``rabat search_index --rebuild``. The full-text index is a SQLite FTS5 table or
    a PostgreSQL tsvector column over ``title`` and ``body`` (see the migrations).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ResultKind.choices)
    object_id = models.PositiveBigIntegerField(_("record"))
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title_en = models.TextField(_("title"), blank=True)
    title_fr = models.TextField(_("title (French)"), blank=True)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    # Visibility, kind, language, year, countries and items as opaque words (``query.tag``):
    # the SQLite FTS5 index holds them in a column of its own, so that visibility and filters
    # are applied inside the index (counting 100,000 matches costs milliseconds, not a join).
    tags = models.TextField(_("filter words"), blank=True, editable=False)

    title = TranslatedField("title")
    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_unique_record")
        ]
        indexes = [
            models.Index(fields=["kind", "year"], name="searchentry_kind_year_idx"),
            models.Index(fields=["visibility"], name="searchentry_visibility_idx"),
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"


class SearchVector(models.Model):
    """The sentence embedding of one entry (optional semantic search, ``search.semantic``):
    384 float32 values, unit length. Written by ``rabat search_index --embed`` and, once that
    has run, after every save of the record (the entry's text changed); deleted with the
    entry. ``stamp`` (nanoseconds) tells the processes which vectors they have not loaded."""

    entry = models.OneToOneField(
        SearchEntry, primary_key=True, on_delete=models.CASCADE, related_name="vector"
    )
    vector = models.BinaryField(_("vector"))
    stamp = models.BigIntegerField(_("written"), db_index=True)

    class Meta:
        verbose_name = _("search vector")
        verbose_name_plural = _("search vectors")

    def __str__(self):
        return f"vector of {self.entry_id}"


class SearchFacet(models.Model):
    """A country or framework item an entry is about (the country and action plan facets)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(_("facet"), max_length=10, choices=FacetName.choices)
    value = models.CharField(_("value"), max_length=60)

    class Meta:
        verbose_name = _("search facet value")
        verbose_name_plural = _("search facet values")
        constraints = [
            models.UniqueConstraint(fields=["entry", "name", "value"], name="searchfacet_unique")
        ]
        indexes = [models.Index(fields=["name", "value"], name="searchfacet_value_idx")]

    def __str__(self):
        return f"{self.name}={self.value}"


class TagSuggestionQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view"):
        """The review queue is the Secretariat's (and administrators'): nobody else sees it."""
        from core.roles import roles_of

        return self if roles_of(user).staff else self.none()


class TagSuggestion(VersionedModel):
    """A suggested link from a document, passage or recommendation to a framework item.

    Accepted suggestions become links (``framework_items`` of the document or recommendation;
    for a passage, of its document), which the framework browser and monitoring count.
    """

    target_type = models.CharField(_("target"), max_length=16, choices=TargetType.choices)
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tag_suggestions",
    )
    passage = models.ForeignKey(
        Passage,
        verbose_name=_("passage"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tag_suggestions",
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tag_suggestions",
    )
    item = models.ForeignKey(
        FrameworkItem,
        verbose_name=_("framework item"),
        on_delete=models.CASCADE,
        related_name="tag_suggestions",
    )
    score = models.FloatField(_("score"))
    evidence = models.TextField(_("evidence"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = TagSuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag suggestion")
        verbose_name_plural = _("tag suggestions")
        ordering = ["status", "-score", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(target_type="document", document__isnull=False, passage__isnull=True)
                    & Q(recommendation__isnull=True)
                )
                | (
                    Q(target_type="passage", passage__isnull=False, document__isnull=True)
                    & Q(recommendation__isnull=True)
                )
                | (
                    Q(target_type="recommendation", recommendation__isnull=False)
                    & Q(document__isnull=True, passage__isnull=True)
                ),
                name="tagsuggestion_one_target",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="tagsuggestion_score_0_1"
            ),
            models.UniqueConstraint(
                fields=["document", "item"],
                condition=Q(document__isnull=False),
                name="tagsuggestion_unique_document_item",
            ),
            models.UniqueConstraint(
                fields=["passage", "item"],
                condition=Q(passage__isnull=False),
                name="tagsuggestion_unique_passage_item",
            ),
            models.UniqueConstraint(
                fields=["recommendation", "item"],
                condition=Q(recommendation__isnull=False),
                name="tagsuggestion_unique_recommendation_item",
            ),
        ]
        indexes = [models.Index(fields=["status", "score"], name="tagsuggestion_queue_idx")]

    def __str__(self):
        return f"{self.target} → {self.item.uid}"

    @property
    def target(self):
        return self.document or self.passage or self.recommendation

    def linked_record(self):
        """The record whose ``framework_items`` an acceptance adds to."""
        if self.target_type == TargetType.RECOMMENDATION:
            return self.recommendation
        if self.target_type == TargetType.PASSAGE:
            return self.passage.document
        return self.document
