"""Extraction of what a document states, as the JSON of ``rabat extract``.

See docs/knowledge-extraction.md.

``extract(parsed)`` returns a dict with the documented keys (and a few extra ones); unknown
values are ``None`` or empty lists, never guessed. It is rule-based (regular expressions and
gazetteers built from ``reference/data``); it reads the action plans' items and the plan in force
from the database (through ``knowledge.tagging`` and ``frameworks.selectors``) and writes nothing.
"""

from __future__ import annotations

from ..text import ParsedText
from .document import (
    detect_language,
    document_kind,
    document_title,
    meeting_domain,
    meeting_facts,
    meeting_processes,
)
from .entities import countries_taking_part, extract_organisations
from .figures import extract_figures
from .gazetteer import gazetteer
from .people import extract_people
from .prep import prepare
from .recommendations import extract_recommendations
from .references import Resolver, merge_items

SCHEMA_KEYS = (
    "title",
    "language",
    "document_kind",
    "meeting",
    "domain",
    "people",
    "organisations",
    "countries",
    "countries_mentioned",
    "recommendations",
    "framework_items",
    "figures",
)


def empty_extraction() -> dict:
    return {
        "title": None,
        "language": None,
        "document_kind": None,
        "meeting": None,
        "domain": None,
        "people": [],
        "organisations": [],
        "countries": [],
        "countries_mentioned": [],
        "recommendations": [],
        "framework_items": [],
        "figures": [],
    }


def _suggestions(text: str, language: str | None, plans: tuple[str, ...]) -> list[dict]:
    """Lexical (or semantic) suggestions of the tagging module, as extraction entries, from
    ``plans`` (``tagging.plans_for`` the meeting's date).

    Tagging is part of the project, not an option: a failure here is a failure of the
    extraction, recorded on the ingest item by the caller, never an empty list.
    """
    from ..tagging import suggest

    return [
        {
            "id": suggestion.uid,
            "score": float(suggestion.score),
            "evidence": suggestion.evidence,
            "source": "suggested",
        }
        for suggestion in suggest(text, language, frameworks=plans)
    ]


def _plans_for(date: str | None) -> tuple[str, ...]:
    """The plan suggestions come from: the one in force at the meeting's date (today when the
    document states none)."""
    import datetime

    from ..tagging import plans_for

    return plans_for(datetime.date.fromisoformat(date) if date else None)


def extract(parsed: ParsedText) -> dict:
    result = empty_extraction()
    items = prepare(parsed)
    full_text = "\n\n".join(item.text for item in items)
    language = parsed.language or detect_language(full_text)
    title = document_title(items, parsed.title)
    kind = document_kind(items, title)
    meeting = meeting_facts(items, title, kind)
    if meeting is not None:
        meeting["processes"] = meeting_processes(items, title)

    resolver = Resolver(meeting["start_date"] if meeting else None)
    plans = _plans_for(meeting["start_date"] if meeting else None)
    explicit: list[dict] = []
    by_index: dict[int, list[dict]] = {}
    for item in items:
        found = resolver.references(item)
        by_index[item.index] = found
        explicit.extend(found)
    explicit = merge_items([{**e, "source": "explicit"} for e in explicit])

    recommendations = []
    for record in extract_recommendations(items, kind):
        item = items[record.pop("_index")]
        own = list(by_index.get(item.index, []))
        for sub in record["sub_points"]:
            own.extend(by_index.get(sub.pop("_index"), []))
        if not own and item.section:
            heading = next((i for i in items if i.text == item.section), item)
            own = by_index.get(heading.index, [])
        own_ids = [e["id"] for e in merge_items(own)]
        suggested = [
            s["id"]
            for s in _suggestions(
                " ".join([record["text"], *(s["text"] for s in record["sub_points"])]),
                language,
                plans,
            )
        ]
        record["framework_items"] = own_ids + [uid for uid in suggested if uid not in own_ids]
        record["explicit_framework_items"] = own_ids
        recommendations.append(record)

    gaz = gazetteer()
    people = extract_people(items)
    took_part, mentioned = countries_taking_part(items, meeting, people)
    result.update(
        {
            "title": title,
            "language": language,
            "document_kind": kind,
            "meeting": meeting,
            "domain": meeting_domain(items, title, meeting, explicit),
            "people": people,
            "organisations": extract_organisations(items),
            "countries": took_part,
            "countries_mentioned": mentioned,
            "recommendations": recommendations,
            "framework_items": merge_items(explicit, _suggestions(full_text, language, plans)),
            "figures": extract_figures(items),
        }
    )
    for entry in result["framework_items"]:
        entry.setdefault("source", "explicit")
        entry["domain"] = gaz.domain_of(entry["id"])
    return result
