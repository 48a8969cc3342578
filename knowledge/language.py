"""A small language detector for English, French, Spanish and Portuguese.

It counts frequent function words ("the", "of", "le", "des", ...), which make up a large,
stable share of any running text in these languages. It answers ``None`` when the text is too
short or the evidence is not clear, rather than guessing.
"""

from __future__ import annotations

import re
from collections import Counter

STOP_WORDS = {
    "en": {
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "that",
        "for",
        "are",
        "on",
        "with",
        "as",
        "by",
        "this",
        "be",
        "it",
        "from",
        "was",
        "were",
        "which",
        "have",
        "has",
        "at",
        "an",
        "or",
        "not",
        "their",
        "its",
        "been",
        "will",
        "would",
        "should",
        "these",
        "those",
        "they",
        "we",
        "our",
        "also",
        "all",
        "but",
        "more",
        "other",
        "into",
        "such",
        "than",
        "who",
        "can",
        "between",
    },
    "fr": {
        "le",
        "la",
        "les",
        "des",
        "du",
        "de",
        "et",
        "est",
        "une",
        "un",
        "dans",
        "pour",
        "que",
        "qui",
        "sur",
        "au",
        "aux",
        "par",
        "sont",
        "avec",
        "ce",
        "cette",
        "ces",
        "il",
        "elle",
        "ils",
        "nous",
        "leur",
        "leurs",
        "plus",
        "ont",
        "été",
        "être",
        "entre",
        "mais",
        "ou",
        "pas",
        "se",
        "sa",
        "son",
        "ses",
        "comme",
        "aussi",
        "où",
    },
    "es": {
        "el",
        "la",
        "los",
        "las",
        "del",
        "de",
        "y",
        "es",
        "una",
        "un",
        "en",
        "para",
        "que",
        "por",
        "con",
        "se",
        "su",
        "sus",
        "al",
        "como",
        "más",
        "pero",
        "sobre",
        "entre",
        "también",
        "fue",
        "han",
        "este",
        "esta",
        "estos",
    },
    "pt": {
        "o",
        "a",
        "os",
        "as",
        "do",
        "da",
        "dos",
        "das",
        "de",
        "e",
        "é",
        "um",
        "uma",
        "em",
        "para",
        "que",
        "por",
        "com",
        "se",
        "seu",
        "sua",
        "ao",
        "como",
        "mais",
        "mas",
        "sobre",
        "entre",
        "também",
        "foi",
        "não",
        "na",
        "no",
        "nas",
        "nos",
    },
}
# Words shared by several lists count for none of them.
_COUNTS: Counter = Counter(w for words in STOP_WORDS.values() for w in words)
_WORD_LANG = {
    word: lang for lang, words in STOP_WORDS.items() for word in words if _COUNTS[word] == 1
}
_WORD = re.compile(r"[a-zàâäçéèêëîïôöûùüÿœæñáíóúãõ]+")
_ELISION = re.compile(r"\b(?:l|d|qu|n|s|j|c)['’][a-zàâéèêîôû]", re.I)
MIN_HITS = 4
MAX_CHARS = 20_000


def detect_language(text: str, *, min_hits: int = MIN_HITS) -> str | None:
    """``"en"``, ``"fr"``, ``"es"``, ``"pt"``, or ``None`` when unsure.

    The one language detector of the project (parsing, extraction, tagging). ``min_hits``: how
    many words of the winning language it takes at least; a caller that reads one short
    passage (tagging) may ask for fewer.
    """
    sample = text[:MAX_CHARS]
    words = _WORD.findall(sample.lower())
    if not words:
        return None
    scores = Counter(map(_WORD_LANG.get, words))
    scores.pop(None, None)
    # French elisions (l'Union, d'un, qu'il) are a strong hint that word lists miss.
    scores["fr"] += len(_ELISION.findall(sample))
    ranked = [scores.get(lang, 0) for lang in STOP_WORDS]
    ranked_langs = sorted(zip(ranked, STOP_WORDS, strict=True), reverse=True)
    (top, best), (runner, _second) = ranked_langs[0], ranked_langs[1]
    if top < min_hits or top < 2 * runner or top < 0.08 * len(words):
        return None
    return best
