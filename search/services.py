"""Writes of the tagging review queue: computing suggestions and reviewing them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import roles_of
from knowledge import tagging
from workflows.locking import save_versioned

from .choices import REVIEW_DECISIONS, SuggestionStatus, TargetType
from .models import TagSuggestion

PASSAGE_KINDS = ("paragraph", "list_item")


def _settings():
    return {
        "method": getattr(settings, "RABAT_TAGGING_METHOD", "lexical"),
        "min_score": float(getattr(settings, "RABAT_TAGGING_MIN_SCORE", 0.1)),
        "limit": int(getattr(settings, "RABAT_TAGGING_LIMIT", 3)),
    }


def _store(target_field: str, target, suggestions, items_by_uid, counts) -> None:
    for s in suggestions:
        item = items_by_uid.get(s.uid)
        if item is None:
            continue
        existing = TagSuggestion.objects.filter(**{target_field: target, "item": item}).first()
        if existing is None:
            TagSuggestion.objects.create(
                target_type=target_field,
                item=item,
                score=min(1.0, max(0.0, s.score)),
                evidence=s.evidence,
                method=s.method,
                **{target_field: target},
            )
            counts["created"] += 1
        elif existing.status == SuggestionStatus.PENDING and (
            existing.score != s.score or existing.evidence != s.evidence
        ):
            existing.score, existing.evidence, existing.method = s.score, s.evidence, s.method
            existing.save(update_fields=["score", "evidence", "method"])
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1


def suggestions_compute(*, documents=None, recommendations=None, method: str | None = None):
    """Suggest framework items for each document (its whole text), each of its paragraphs and
    list items, and each recommendation. Idempotent: a (target, item) pair is stored once;
    pending suggestions are refreshed, reviewed ones are left as they are."""
    from frameworks.models import FrameworkItem

    conf = _settings()
    method = method or conf["method"]
    items_by_uid = {i.uid: i for i in FrameworkItem.objects.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for doc in documents or ():
            # The plan in force when it was written (its meeting's date if it has none).
            written = doc.date or (doc.meeting.start_date if doc.meeting_id else None)
            frameworks = tagging.plans_for(written)
            passages = list(doc.passages.order_by("position"))
            full = "\n".join(p.text for p in passages) or doc.description_en or doc.title_en

            def run(text, language, limit=conf["limit"], frameworks=frameworks):
                return tagging.suggest(
                    text,
                    language or None,
                    frameworks=frameworks,
                    method=method,
                    limit=limit,
                    min_score=conf["min_score"],
                )

            _store(TargetType.DOCUMENT, doc, run(full[:50_000], doc.language), items_by_uid, counts)
            for passage in passages:
                if passage.kind not in PASSAGE_KINDS or len(passage.text) < 40:
                    continue
                found = run(passage.text, passage.language or doc.language)
                _store(TargetType.PASSAGE, passage, found, items_by_uid, counts)
        for rec in recommendations or ():
            text = "\n".join(t for t in (rec.heading_en, rec.text_en, rec.text_fr) if t)
            found = tagging.suggest(
                text,
                None,
                frameworks=tagging.plans_for(rec.meeting.start_date),
                method=method,
                limit=conf["limit"],
                min_score=conf["min_score"],
            )
            _store(TargetType.RECOMMENDATION, rec, found, items_by_uid, counts)
    return counts


def _check_reviewer(user) -> None:
    if not roles_of(user).staff:
        raise PermissionDenied(_("Only the Secretariat reviews tag suggestions."))


def _sync_link(suggestion: TagSuggestion, previous: str) -> None:
    """Make the record's ``framework_items`` follow the decision: linked when accepted;
    unlinked when an accepted suggestion is rejected and no other accepted one supports it."""
    from django.db.models import Q

    record = suggestion.linked_record()
    if suggestion.status == SuggestionStatus.ACCEPTED:
        record.framework_items.add(suggestion.item)
        return
    if previous != SuggestionStatus.ACCEPTED:
        return
    if suggestion.target_type == TargetType.RECOMMENDATION:
        others = TagSuggestion.objects.filter(recommendation=record)
    else:
        others = TagSuggestion.objects.filter(Q(document=record) | Q(passage__document=record))
    still = others.filter(item=suggestion.item, status=SuggestionStatus.ACCEPTED).exclude(
        pk=suggestion.pk
    )
    if not still.exists():
        record.framework_items.remove(suggestion.item)


def suggestion_review(*, suggestion: TagSuggestion, decision: str, by, expected_version=None):
    """Accept or reject one suggestion.

    Idempotent: asking for the state the suggestion is already in changes nothing (two
    reviewers accepting at once is fine). A different decision taken on a stale version
    (someone reviewed it meanwhile) raises ``workflows.locking.Conflict`` and saves nothing.
    """
    _check_reviewer(by)
    if decision not in REVIEW_DECISIONS:
        raise ValidationError(_("Unknown decision."))
    status = REVIEW_DECISIONS[decision]
    expected = suggestion.version if expected_version is None else int(expected_version)
    with transaction.atomic():
        current = TagSuggestion.objects.filter(pk=suggestion.pk).values("status").first()
        if current is None:
            raise ValidationError(_("This suggestion no longer exists."))
        if current["status"] == status:
            suggestion.refresh_from_db()
            return suggestion
        previous = current["status"]
        save_versioned(
            suggestion, expected, status=status, reviewed_by=by, reviewed_at=timezone.now()
        )
        _sync_link(suggestion, previous)
    return suggestion


def suggestions_review_bulk(*, suggestions, decision: str, by) -> int:
    """The same decision for many suggestions, all or nothing. Returns how many changed."""
    _check_reviewer(by)
    changed = 0
    with transaction.atomic():
        for suggestion in suggestions:
            before = suggestion.status
            suggestion_review(suggestion=suggestion, decision=decision, by=by)
            changed += before != suggestion.status
    return changed
