"""Figures: quantities written in digits, each with the sentence that states it.

Kept: counts and amounts ("301,027 persons", "95 participants", "€ 1,273,719", "9.8 million
migrants", "75%", "3 themes"). Left out: years and dates, ordinals ("4th"), durations ("20
years", "90-day"), times, identifiers ("Article 5", "objective 7", "Domains 3 and 5", "session
1", "COM(2013) 280"), numbers inside links, and numbers written in words ("four", "ten").
"""

from __future__ import annotations

import re

from .dates import MONTHS, find_dates
from .prep import Item, sentences

_NUMBER = re.compile(
    r"(?<![\w.,/\\:-])"
    r"(?P<currency>€|\$|£|US\$|USD|EUR|CHF|FCFA|XOF)?\s?"
    r"(?P<num>\d{1,3}(?:(?:,|\u202f|\u00a0| (?=\d{3}\b)|\.(?=\d{3}\b))\d{3})+(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
    r"(?P<after>\s?(?:%|per ?cent|pour ?cent)"
    r"|\s(?:million|millions|billion|billions|milliards?|thousand)\b)?"
    r"(?P<unit>\s?(?:€|euros?|EUR|USD|dollars?|CHF|FCFA|francs?)\b)?"
)
_ID_WORDS = (
    r"articles?|actions?|objectives?|objectifs?|domains?|domaines?|areas?|sessions?|groups?|"
    r"groupes?|chapters?|chapitres?|sections?|paragraphs?|paragraphes?|para|pages?|p|pp|"
    r"priorit(?:y|ies|é|és)|points?|items?|day|jour|annex|annexe|tables?|tableaux?|figures?|"
    r"no|n°|nos|number|numéro|resolutions?|résolutions?|phase|pillars?|piliers?|decree|décret|"
    r"law|loi|act|protocol|protocole|slide|diapositive|workshop|atelier|panel|module|round|"
    r"level|niveau|version|step|étape|recommendations?|recommandations?|conclusions?|goals?|"
    r"targets?|cibles?|ODD|SDGs?|ODD"
)
_ID_BEFORE = re.compile(
    rf"\b(?:{_ID_WORDS})\.?\s+(?:\d+[a-z]?\s*(?:,|and|et|&|or|ou|to|à|-|–)\s*)*$", re.I
)
_DURATION_AFTER = re.compile(
    r"^(?:-|\s)?(?:years?|yrs?|months?|weeks?|days?|hours?|minutes?|ans?|années?|mois|semaines?|"
    r"jours?|heures?|minutes?|h|am|pm)\b",
    re.I,
)
_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
_MULTIPLIERS = {"million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9,
                "milliard": 1e9, "milliards": 1e9, "thousand": 1e3}  # fmt: skip


def _value(raw: str, multiplier: str | None) -> float | int:
    text = raw.replace("\u202f", "").replace("\u00a0", "")
    if re.fullmatch(r"\d{1,3}(?:[, .]\d{3})+", text):
        number = float(re.sub(r"\D", "", text))
    elif re.fullmatch(r"\d{1,3}(?:[, .]\d{3})+[.,]\d+", text):
        head, tail = re.split(r"[.,](?=\d+$)", text)
        number = float(re.sub(r"\D", "", head) + "." + tail)
    else:
        number = float(text.replace(",", "."))
    if multiplier:
        number *= _MULTIPLIERS.get(multiplier.strip().lower(), 1)
    return int(number) if number == int(number) else number


def extract_figures(items: list[Item]) -> list[dict]:
    figures = []
    for item in items:
        for sentence in sentences(item.text):
            dates = find_dates(sentence)
            for match in _NUMBER.finditer(sentence):
                start, end = match.start("num"), match.end()
                if any(d.begin <= start < d.finish for d in dates):
                    continue
                raw = match.group("num")
                after = match.group("after") or ""
                unit = (match.group("unit") or "").strip()
                currency = (match.group("currency") or "").strip()
                following = sentence[end:]
                percent = "%" in after or "cent" in after
                multiplier = None if percent else (after.strip() or None)
                if not (percent or multiplier or unit or currency):
                    if re.fullmatch(r"(?:19|20)\d\d", raw):
                        continue  # a year
                    if re.match(r"^(?:st|nd|rd|th|er|e|ème|eme)\b", following):
                        continue  # an ordinal
                    if re.match(r"^\s*(?:[:/h]\d|[-–]\s?(?:19|20)\d\d)", following):
                        continue  # a time, a fraction or a period
                    if not re.match(r"^\s+\(?[A-Za-zÀ-ÿ]", following) and not re.match(
                        r"^\s*(?:[-–]\s*)?(?:of|de|d')\b", following
                    ):
                        continue  # a number that counts nothing named
                if _DURATION_AFTER.match(following) and not (currency or unit):
                    continue
                before = sentence[: match.start()]
                if re.match(rf"^\s*(?:of\s+)?(?:{_MONTH_NAMES})\b", following, re.I) or re.search(
                    rf"\b(?:{_MONTH_NAMES})\s*$", before, re.I
                ):
                    continue  # a day of a month without its year
                if _ID_BEFORE.search(before) or re.search(r"\(\d{4}\)\s*$|[A-Z]{2,}\s*$", before):
                    continue
                if re.search(r"https?://\S*$|www\.\S*$", before):
                    continue
                figures.append(
                    {
                        "value": _value(raw, multiplier),
                        "text": sentence[match.start() : end].strip(),
                        "unit": "%" if percent else (currency or unit or None),
                        "sentence": sentence,
                    }
                )
    return figures
