"""Clean the parser's blocks before extraction: the same rules for every format.

- inline mark-up is removed (Markdown emphasis, ``<sup>`` footnote calls, links, escapes);
- page furniture is dropped (page numbers, a header or footer repeated on every page);
- paragraphs cut by a page break or by hard-wrapped lines are joined again;
- short unpunctuated lines become headings, so that sections can be followed, unless the
  document marks its headings up (Markdown "#", Word heading styles, HTML): the decision
  rests on the blocks the parser found, not on the file type it guessed;
- list markers the parser left inside a paragraph ("**2) Gambia ...**", "" bullet glyphs) make
  the paragraph a list item.

Each cleaned block knows its section (the nearest heading before it).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ..text import HEADING, LIST_ITEM, PARAGRAPH, ParsedText

BULLET_GLYPHS = "•·▪◦●○■□➢►▶✓✔-–*\uf0a7\uf0b7\uf0d8\uf076\uf0fc"
_BULLET = re.compile(rf"^\s*([{re.escape(BULLET_GLYPHS)}])\s*(?=\S)(.*)$", re.S)
_NUMBERED = re.compile(r"^\s*(\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)])\s+(.*)$", re.S)
_TERMINAL = re.compile(r"[.!?;:»\"”)\]]\s*$")
_HONORIFIC_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|H\.E|M|Mme|No|Art)\.\s*$")
_NEW_PARAGRAPH = re.compile(
    r"^(?:His|Her|Son|Sa)\s+(?:Excellency|Excellence)\b|^(?:Mr|Mrs|Ms|Dr|Prof|H\.E|M|Mme)\.?\s+[A-Z]"
)
_CONNECTOR_END = re.compile(
    r"\b(?:the|of|a|an|and|or|to|by|for|in|at|with|from|on|as|de|du|des|la|le|les|et|à|au|aux|"
    r"par|pour|avec|en|sur)\s*$",
    re.I,
)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,3}(?:\s*(?:/|of|sur)\s*\d{1,3})?\s*$", re.I)


@dataclass
class Item:
    """A cleaned block: ``kind`` heading / paragraph / list_item, ``marker`` as written."""

    kind: str
    text: str
    level: int = 0
    marker: str = ""
    page: int | None = None
    index: int = 0
    section: str = ""  # text of the nearest heading before this block
    intro_people: str = ""  # for list items: the people label introducing the list, if any
    lines: int = 1  # raw blocks joined into this one (hard-wrapped text)

    @property
    def numbered(self) -> bool:
        return bool(re.match(r"^\(?\d{1,3}[.)]$", self.marker))

    @property
    def number(self) -> int | None:
        digits = re.sub(r"\D", "", self.marker)
        return int(digits) if digits and self.numbered else None


def _split_enumeration(item: Item) -> list[Item]:
    """ "(a) first; (b) second." joined on one line by the parser: one list item each."""
    if item.kind != LIST_ITEM or not re.match(r"^\(?[a-z]\)$", item.marker or ""):
        return [item]
    letter = item.marker.strip("()")
    parts, text = [item], item.text
    while True:
        letter = chr(ord(letter) + 1)
        match = re.search(rf"(?<=[;,.:])\s+(\(?{letter}\))\s+", text)
        if not match:
            break
        parts[-1].text = text[: match.start()].strip()
        text = text[match.end() :]
        parts.append(Item(LIST_ITEM, text, level=item.level, marker=match.group(1), page=item.page))
    parts[-1].text = text.strip()
    return parts


def clean_inline(text: str) -> str:
    text = re.sub(r"<sup>\s*(st|nd|rd|th|er|ère|e|ème|eme)\s*</sup>", r"\1", text, flags=re.I)
    text = re.sub(r"<sup>.*?</sup>", "", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\\([\\()\[\]_*#.\-!])", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?!\s)([^_]+?)(?<!\s)_(?![\w_])", r"\1", text)
    text = text.replace("**", "").replace("’", "'").replace("‘", "'")
    text = text.replace("\u00a0", " ").replace("\uf0b7", "•")
    return re.sub(r"\s+", " ", text).strip()


def _is_rule(text: str) -> bool:
    return bool(re.fullmatch(r"[-_*=~\s]{3,}", text))


def _heading_like(text: str, *, line_width: float | None) -> bool:
    if not text or len(text) > 130 or _TERMINAL.search(text) and not text.endswith(":"):
        return False
    if re.search(r"[.;]\s", text):
        return False
    words = text.split()
    if len(words) > 16:
        return False
    if text.isupper() and any(c.isalpha() for c in text):
        return True
    if text.endswith(":"):
        return len(words) <= 8
    if line_width:  # hard-wrapped text: a heading is clearly shorter than a full line
        return len(text) < 0.75 * line_width and text[0].isupper()
    return text[0].isupper()


def prepare(parsed: ParsedText) -> list[Item]:
    raw = []
    for block in parsed.blocks:
        text = clean_inline(block.text)
        if not text or _is_rule(text):
            continue
        raw.append(Item(block.kind, text, level=block.level, marker=block.marker, page=block.page))

    # Page furniture: page numbers, and short lines repeated on many pages (keep the first).
    counts = Counter(item.text for item in raw if item.kind != LIST_ITEM)
    items, seen = [], set()
    for item in raw:
        if _PAGE_NUMBER.match(item.text):
            continue
        if counts[item.text] >= 3 and len(item.text) < 200:
            if item.text in seen:
                continue
            seen.add(item.text)
        items.append(item)

    # List markers left inside paragraphs.
    for item in items:
        if item.kind != PARAGRAPH:
            continue
        bullet = _BULLET.match(item.text)
        numbered = _NUMBERED.match(item.text)
        if numbered and (numbered.group(1)[0].isdigit() or numbered.group(1).startswith("(")):
            item.kind, item.marker, item.text, item.level = LIST_ITEM, *numbered.groups(), 1
        elif bullet and (bullet.group(1) not in "-*–" or item.text[1:2] == " "):
            item.kind, item.marker, item.text, item.level = LIST_ITEM, *bullet.groups(), 1

    items = [part for item in items for part in _split_enumeration(item)]

    # Hard-wrapped text (one block per line): estimate the line width.
    lengths = sorted(len(i.text) for i in items if i.kind == PARAGRAPH)
    line_width = None
    if len(lengths) >= 40 and statistics.median(lengths) < 120:
        short = [n for n in lengths if n < 200]
        line_width = short[int(len(short) * 0.8)]

    merged: list[Item] = []
    last_line = ""
    for item in items:
        previous = merged[-1] if merged else None
        if (
            previous
            and item.kind == PARAGRAPH
            and previous.kind in (PARAGRAPH, LIST_ITEM)
            and _continues(last_line, item.text, line_width=line_width, whole=previous.text)
        ):
            joiner = " "
            if re.search(r"[a-zà-ÿ]-$", previous.text) and item.text[:1].islower():
                joiner = ""  # a word hyphenated at the end of a line: "inter-\nministerial"
            previous.text = (previous.text + joiner + item.text).strip()
            last_line = item.text
            previous.lines += 1
            continue
        merged.append(item)
        last_line = item.text
        item.level = item.level if item.kind != PARAGRAPH else 0
    # Short unpunctuated paragraphs are headings, unless the author marked the headings up
    # (Markdown "#", Word heading styles, HTML <h1>) and the lines are not hard-wrapped.
    # A PDF's larger type is no such mark-up: bold body-size headings are common there.
    marked_up = parsed.mime != "application/pdf" and any(
        block.kind == HEADING for block in parsed.blocks
    )
    for position, item in enumerate(merged):
        if item.kind != PARAGRAPH or marked_up and not line_width:
            continue
        following = merged[position + 1] if position + 1 < len(merged) else None
        single_line = line_width and item.lines == 1 and len(item.text) < 130
        if (
            single_line
            and not _TERMINAL.search(item.text)
            and item.text[:1].isupper()
            and following is not None
            and following.kind == PARAGRAPH
        ):
            item.kind, item.level = HEADING, 1 if item.text.isupper() else 2
            continue
        if _heading_like(item.text, line_width=line_width) and (
            following is None or following.text[:1].isupper() or following.kind != PARAGRAPH
        ):
            item.kind, item.level = HEADING, 1 if item.text.isupper() else 2

    section = ""
    for index, item in enumerate(merged):
        item.index = index
        if item.kind == HEADING:
            section = item.text
        item.section = section
    return merged


def _continues(last_line: str, text: str, *, line_width: float | None, whole: str) -> bool:
    """Whether ``text`` continues the paragraph whose last line is ``last_line``."""
    if text.startswith(("http", "www.")):
        return False
    if text[:1].islower() or text[:1] in ",;)":
        return True
    if _HONORIFIC_END.search(last_line):
        return True
    if line_width:
        if whole == last_line and _heading_like(last_line, line_width=line_width):
            return False
        if _NEW_PARAGRAPH.match(text) and not _CONNECTOR_END.search(last_line):
            return False
        if _heading_like(text, line_width=line_width) and len(last_line) < 0.75 * line_width:
            return False
        if _heading_like(text, line_width=line_width) and _TERMINAL.search(last_line):
            return False
        ended = _TERMINAL.search(last_line) and len(last_line) < 0.85 * line_width
        return not ended
    # A block that ends on "of the", "and" or a comma goes on in the next one.
    return not _TERMINAL.search(last_line) and bool(
        _CONNECTOR_END.search(last_line) or last_line.endswith((",", "-"))
    )


_ABBREVIATIONS = (
    r"Mr|Mrs|Ms|Dr|Prof|St|M|Mme|Mlle|No|Nos|Art|Arts|etc|e\.g|i\.e|vs|cf|al|Jr|Sr|Ph\.D|H\.E|S\.E"
)


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping "Mr. X", "H.E. Mr" and "e.g." together."""
    parts, start = [], 0
    for match in re.finditer(r"[.!?][\"”»)]?\s+(?=[\"“«(]?[A-ZÀ-Ý0-9])", text):
        before = text[start : match.start() + 1]
        if re.search(rf"(?:^|[\s(])(?:{_ABBREVIATIONS})\.$", before) or re.search(
            r"(?:^|\s)[A-Z]\.$", before
        ):
            continue
        parts.append(text[start : match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]
