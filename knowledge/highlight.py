"""Marks the proposed values of an extraction where they occur in the passages."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def terms_of(data: dict) -> list[str]:
    """The strings worth highlighting: names, organisations, places, dates, numbers' texts."""
    terms: list[str] = []
    meeting = data.get("meeting") or {}
    terms += [meeting.get("city"), meeting.get("start_date"), meeting.get("end_date")]
    terms.append(data.get("title"))
    for person in data.get("people") or []:
        terms += [person.get("name"), person.get("organisation")]
    for organisation in data.get("organisations") or []:
        terms += [organisation.get("name"), organisation.get("acronym")]
    for recommendation in data.get("recommendations") or []:
        text = (recommendation.get("text") or "").strip()
        terms.append(text[:80])
    for figure in data.get("figures") or []:
        terms.append(str(figure.get("value") or ""))
    cleaned = {t.strip() for t in terms if isinstance(t, str) and len(t.strip()) >= 3}
    return sorted(cleaned, key=len, reverse=True)


def highlighter(terms: list[str]):
    """A function turning a passage's text into escaped HTML with ``<mark>`` around terms."""
    if not terms:
        return lambda text: escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms[:200]), re.I)

    def mark(text: str) -> SafeString:
        out, last = [], 0
        for match in pattern.finditer(text):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group(0))}</mark>")
            last = match.end()
        out.append(escape(text[last:]))
        return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above

    return mark
