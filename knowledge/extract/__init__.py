"""Extraction of what a document states, as the JSON of ``rabat extract`` (docs/knowledge.md).

``extract(parsed)`` returns a dict with exactly the documented keys; unknown values are
``None`` or empty lists, never guessed. (To be completed by the extraction work.)
"""

from __future__ import annotations

from ..text import ParsedText


def empty_extraction() -> dict:
    return {
        "title": None,
        "language": None,
        "document_kind": None,
        "meeting": None,
        "people": [],
        "organisations": [],
        "countries": [],
        "recommendations": [],
        "framework_items": [],
        "figures": [],
    }


def extract(parsed: ParsedText) -> dict:
    result = empty_extraction()
    result["title"] = parsed.title
    result["language"] = parsed.language
    return result
