"""Reads for the document pages that are more than a one-line query."""

from __future__ import annotations

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .models import Document


def document_options(user=None) -> list[tuple]:
    """The documents ``user`` may see as ``<select>`` options: slug → title in the active
    language, grouped by year, the latest first (undated ones last)."""
    groups: dict[str, list] = {}
    for document in Document.objects.restrict(user):
        year = str(document.date.year) if document.date else str(_("Undated"))
        groups.setdefault(year, []).append(
            (document.slug, Truncator(document.title or document.slug).chars(90))
        )
    return list(groups.items())
