"""Quoted figures: the figures an extraction found in a document become ``QuotedFigure`` records.

``quoted_figures_from_draft(draft=..., meeting=...)`` is the one write: ingestion calls it when a
draft is made, the review calls it again on acceptance (then the meeting is known). It finds the
passage each sentence stands in, the country the sentence names (when it names exactly one) and
the words saying what the figure counts. Run twice, it changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from decimal import Decimal, InvalidOperation

from django.db import transaction

from partners.models import Country

from .extract.gazetteer import gazetteer
from .extract.prep import clean_inline
from .models import ExtractionDraft, Passage, QuotedFigure

_STEP = Decimal("0.0001")
_MULTIPLIERS = {"thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9,
                "billions": 10**9, "milliard": 10**9, "milliards": 10**9}  # fmt: skip
# Words that end the phrase after a figure: verbs, prepositions, conjunctions (EN and FR).
_STOP_TEXT = (
    "a about according across after against among and are as at au aux avec be because been "
    "before being between but by d dans de depuis des dont du due during each en entre est et "
    "for from had has have in "
    "including into is it its le les mostly of on ont or ou out over par parmi per pour qu que "
    "qui since so sont soit sur than that the their them these they this those through to "
    "under until was were when where which while who whom will with within would y"
)
_STOP_WORDS = frozenset(_STOP_TEXT.split())
# Words separated by single spaces, up to punctuation or a number.
_WORDS = re.compile(r"(?:\s[A-Za-zÀ-ÿ][\w'’-]*)+")
_MAX_WORDS = 4
_AND = frozenset(("and", "et", "or", "ou"))


def sentence_key(sentence: str, occurrence: int = 0) -> str:
    """The key of a figure's sentence; the second "6" of "6 African and 6 European countries"
    (``occurrence`` 1) has a key of its own."""
    key = sentence if not occurrence else f"{occurrence}\n{sentence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def figure_value(value, text: str = "") -> Decimal | None:
    """The number of an extracted figure (``301027``, ``9.8e6``, ``"95"``, ``"1 500"``,
    ``"9.8 million"``); ``None`` when it is not written in digits ("four", "around ten")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        raw = str(value if value not in (None, "") else text).replace("\u202f", " ")
        raw = raw.replace("\u00a0", " ").strip()
        match = re.fullmatch(
            r"(?:[€$£]|US\$|USD|EUR|CHF|FCFA|XOF)?\s?(\d[\d ,.]*?)\s*(%|[a-z]+)?", raw, re.I
        )
        if not match:
            return None
        digits, word = match.group(1), (match.group(2) or "").lower()
        if re.fullmatch(r"\d{1,3}(?:[, .]\d{3})+", digits):
            digits = re.sub(r"\D", "", digits)
        elif re.fullmatch(r"\d{1,3}(?:[, .]\d{3})+[.,]\d+", digits):
            head, tail = re.split(r"[.,](?=\d+$)", digits)
            digits = re.sub(r"\D", "", head) + "." + tail
        else:
            digits = digits.replace(",", ".")
        try:
            number = Decimal(digits)
        except InvalidOperation:
            return None
        number *= _MULTIPLIERS.get(word, 1)
    number = number.quantize(_STEP)
    return number if abs(number) < Decimal(10) ** 20 else None


def _figure_at(sentence: str, text: str, occurrence: int = 0) -> int:
    """Where ``text`` stands in ``sentence`` as a whole number ("3" is not the 3 of "2013"),
    its ``occurrence``-th time; -1 when it does not."""
    found = list(re.finditer(rf"(?<![\d.,]){re.escape(text)}(?![\d])", sentence))
    if found:
        return found[min(occurrence, len(found) - 1)].start()
    return sentence.find(text)


def counted_phrase(sentence: str, text: str, occurrence: int = 0) -> str:
    """The words after the figure that say what it counts: "persons" in "the internal
    displacement of 301,027 persons and ...", "Dialogue partner countries" in "22 Dialogue
    partner countries were represented", "African and European countries" in "57 African and
    European countries"; empty when none follow ("18 of them")."""
    at = _figure_at(sentence, text, occurrence)
    if at < 0:
        return ""
    following = _WORDS.match(sentence[at + len(text) :])
    tokens = following.group(0).split() if following else []
    words: list[str] = []
    for index, word in enumerate(tokens):
        if len(words) == _MAX_WORDS:
            break
        if word.lower() in _AND and words and words[-1][:1].isupper() and index + 1 < len(tokens):
            words.append(word)  # "African and European countries"
            continue
        if word.lower().strip("'’") in _STOP_WORDS:
            break
        if words and re.search(r"[a-z](?:ed|ing)$", word):
            break  # a verb after the noun: "refugees coming from", "partners attended"
        words.append(word)
    while words and words[-1].lower() in _AND:
        words.pop()
    return " ".join(words)[:200]


def country_named(sentence: str) -> str | None:
    """ISO code of the one country the sentence names (by name or demonym), else ``None``."""
    codes = {iso for iso, _start, _end in gazetteer().countries_in(sentence)}
    return codes.pop() if len(codes) == 1 else None


class _Passages:
    """A document's passages as one cleaned text, to find where a sentence stands (the
    extraction cleans mark-up and may join hard-wrapped blocks, so sentences are looked up
    in the same cleaned form)."""

    def __init__(self, document):
        self.rows = list(
            Passage.objects.filter(document=document).order_by("position").only("id", "position")
        )
        texts = Passage.objects.filter(document=document).order_by("position")
        parts = [clean_inline(t) for t in texts.values_list("text", flat=True)]
        self.starts, offset = [], 0
        for part in parts:
            self.starts.append(offset)
            offset += len(part) + 1
        self.text = " ".join(parts)

    def of(self, sentence: str, figure: str, occurrence: int = 0) -> Passage | None:
        """The passage holding ``figure`` as written in ``sentence``."""
        if not self.rows:
            return None
        sentence = clean_inline(sentence)
        inner = _figure_at(sentence, figure, occurrence)
        at = self.text.find(sentence)
        if at >= 0:
            return self._at(at + max(inner, 0))
        if inner < 0:
            return None
        for margin in (40, 15):  # the figure with the words around it
            start = max(0, inner - margin)
            window = sentence[start : inner + len(figure) + margin]
            at = self.text.find(window)
            if at >= 0 and len(window) >= len(figure) + 10:
                return self._at(at + inner - start)
        return None

    def _at(self, offset: int) -> Passage:
        return self.rows[bisect_right(self.starts, offset) - 1]


@transaction.atomic
def quoted_figures_from_draft(*, draft: ExtractionDraft, meeting=None) -> dict[str, int]:
    """Create or update the ``QuotedFigure`` records of the figures in ``draft.data``.

    ``meeting``: the meeting the document reports on (default: the draft's, else the
    document's). Idempotent: a figure is one record per document, sentence and wording; a rerun
    saves only what changed. Figures not written in digits are skipped. Figures of the document
    that the draft no longer holds are removed, unless the extraction failed.

    Returns ``{"created": n, "updated": n, "unchanged": n, "removed": n, "skipped": n}``.
    """
    document = draft.document
    meeting = meeting or draft.meeting or document.meeting
    data = draft.data or {}
    counts = dict.fromkeys(("created", "updated", "unchanged", "removed", "skipped"), 0)
    passages = _Passages(document)
    existing = {(f.sentence_key, f.text): f for f in QuotedFigure.objects.filter(document=document)}
    countries: dict[str, Country | None] = {}
    kept = set()
    seen: dict[tuple[str, str], int] = {}  # how often a (sentence, figure) came so far
    for row in data.get("figures") or []:
        sentence = clean_inline(str(row.get("sentence") or ""))
        text = clean_inline(str(row.get("text") or row.get("value") or ""))[:100]
        value = figure_value(row.get("value"), text)
        if not sentence or not text or value is None:
            counts["skipped"] += 1
            continue
        iso = country_named(sentence)
        if iso and iso not in countries:
            countries[iso] = Country.objects.filter(iso2=iso).first()
        occurrence = seen[sentence, text] = seen.get((sentence, text), -1) + 1
        key = (sentence_key(sentence, occurrence), text)
        kept.add(key)
        passage = passages.of(sentence, text, occurrence)
        counts_phrase = row.get("counts") or counted_phrase(sentence, text, occurrence)
        fields = {
            "value": value,
            "unit": str(row.get("unit") or "")[:20],
            "counts": str(counts_phrase)[:200],
            "sentence": sentence,
            "passage_id": passage.pk if passage else None,
            "meeting_id": meeting.pk if meeting else None,
            "country_id": countries[iso].pk if iso and countries[iso] else None,
        }
        figure = existing.get(key)
        if figure is None:
            figure = QuotedFigure(document=document, sentence_key=key[0], text=text, **fields)
            counts["created"] += 1
        elif all(getattr(figure, name) == value for name, value in fields.items()):
            counts["unchanged"] += 1
            continue
        else:
            for name, field_value in fields.items():
                setattr(figure, name, field_value)
            counts["updated"] += 1
        figure.full_clean()
        figure.save()
    if not data.get("error"):
        for key, figure in existing.items():
            if key not in kept:
                figure.delete()
                counts["removed"] += 1
    return counts
