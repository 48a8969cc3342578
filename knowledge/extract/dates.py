"""Dates and date ranges written in English or French.

``find_dates(text)`` returns ``DateSpan(start, end, begin, finish)`` for forms such as
"24-25 April, 2014", "24 and 25 April 2014", "17th -18th November 2021", "from 10 to 11 April
2014", "du 10 au 11 avril 2014", "17-18 novembre 2021", "30 June - 1 July 2021",
"April 24-25, 2014", "November 17th and 18th, 2021", "10 April 2014", "le 3 mars 2022",
"2021-11-17"; two full dates joined by "until", "to" or "au" are one span ("Wednesday, 15 June
2016 (9:00) until Thursday, 16 June 2016 (14:00)"). A weekday alone ("Mercredi") or a day and
month without a year ("le 16 mars") is no date: nothing is guessed. ``months_named(text)`` gives
the (year or None, month) of every month written, with or without a day ("in December 2021",
"en octobre"), to tell a sentence about another event.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th|er|ème|e)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_SEP = r"\s*(?:-|–|—|/|and|&|to|au|et|à)\s*"
_WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche),?\s+)?"
)


def _p(template: str, **names) -> str:
    for key, value in names.items():
        template = template.replace("{" + key + "}", value)
    return template


PATTERNS = [
    # 30 June - 1 July 2021 / du 30 juin au 1er juillet 2021
    _p(
        r"(?:from\s+|du\s+)?{W}{D1}\s+{M1}" + _SEP + r"{W}{D2}\s+{M2},?\s+" + _YEAR,
        W=_WEEKDAY,
        D1=_DAY.format(name="d1"),
        M1=_MONTH.format(name="m1"),
        D2=_DAY.format(name="d2"),
        M2=_MONTH.format(name="m2"),
    ),
    # 24-25 April, 2014 / from 10 to 11 April 2014 / 17th -18th November 2021 / 10 April 2014
    # / the 5th of March 2020
    _p(
        r"(?:from\s+|du\s+|le\s+|on\s+)?(?:the\s+)?{W}{D1}(?:" + _SEP + r"{W}{D2})?\s+(?:of\s+)?"
        r"{M1},?\s+" + _YEAR,
        W=_WEEKDAY,
        D1=_DAY.format(name="d1"),
        D2=_DAY.format(name="d2"),
        M1=_MONTH.format(name="m1"),
    ),
    # April 24-25, 2014 / November 17th and 18th, 2021 / April 10, 2014
    _p(
        r"{M1}\s+{D1}(?:" + _SEP + r"{D2})?,?\s+" + _YEAR,
        M1=_MONTH.format(name="m1"),
        D1=_DAY.format(name="d1"),
        D2=_DAY.format(name="d2"),
    ),
    # 19/05/2021, 19-20/05/2021, 19.05.2021 (day first, as written in Europe and Africa)
    r"(?P<nd1>[0-3]?\d)(?:\s*(?:-|–|au|to)\s*(?P<nd2>[0-3]?\d))?[/.](?P<nm>[01]?\d)[/.]"
    r"(?P<ny>(?:19|20)\d\d)\b",
    # ISO dates
    r"(?P<iso1>(?:19|20)\d\d-[01]\d-[0-3]\d)(?:\s*(?:-|–|to|au)\s*(?P<iso2>(?:19|20)\d\d-[01]\d-[0-3]\d))?",
]
REGEXES = [re.compile(p, re.IGNORECASE) for p in PATTERNS]


@dataclass
class DateSpan:
    start: dt.date
    end: dt.date
    begin: int
    finish: int


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _span(match: re.Match) -> DateSpan | None:
    groups = match.groupdict()
    if groups.get("ny"):
        year, month = int(groups["ny"]), int(groups["nm"])
        start = _date(year, month, int(groups["nd1"]))
        end = _date(year, month, int(groups["nd2"])) if groups.get("nd2") else start
        if not start or not end or end < start:
            return None
        return DateSpan(start, end, match.start(), match.end())
    if groups.get("iso1"):
        start = dt.date.fromisoformat(groups["iso1"])
        end = dt.date.fromisoformat(groups["iso2"]) if groups.get("iso2") else start
        return DateSpan(start, end, match.start(), match.end()) if start <= end else None
    year = int(groups["year"])
    month1 = MONTHS[groups["m1"].lower().rstrip(".")]
    month2 = MONTHS[groups["m2"].lower().rstrip(".")] if groups.get("m2") else None
    day1 = int(groups["d1"])
    day2 = int(groups["d2"]) if groups.get("d2") else None
    if month2:  # 30 June - 1 July 2021: the year is written once, after the second month
        start = _date(year - (1 if month1 > month2 else 0), month1, day1)
        end = _date(year, month2, day2)
    else:
        start = _date(year, month1, day1)
        end = _date(year, month1, day2) if day2 else start
    if not start or not end or end < start or (end - start).days > 31:
        return None
    return DateSpan(start, end, match.start(), match.end())


# Between the two dates of one span written in full: "until", "to", "au", a time in brackets.
_JOIN = re.compile(
    r"\s*(?:\(\s*\d{1,2}[:h.]\d\d\s*\)\s*)?(?:-|–|—|until|till|to|through|au|jusqu'au|"
    r"jusqu’au)\s*" + _WEEKDAY + r"$",
    re.IGNORECASE,
)


def find_dates(text: str) -> list[DateSpan]:
    spans: list[DateSpan] = []
    if not re.search(r"\d", text):
        return spans
    for regex in REGEXES:
        for match in regex.finditer(text):
            span = _span(match)
            if span and not any(s.begin <= span.begin < s.finish for s in spans):
                spans.append(span)
    spans.sort(key=lambda s: s.begin)
    joined: list[DateSpan] = []
    for span in spans:
        last = joined[-1] if joined else None
        if (
            last
            and last.start == last.end
            and 0 < (span.start - last.end).days <= 31
            and span.start == span.end
            and _JOIN.match(text[last.finish : span.begin])
        ):
            joined[-1] = DateSpan(last.start, span.end, last.begin, span.finish)
        else:
            joined.append(span)
    return joined


_ABBREVIATED = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_MONTH_NAMED = re.compile(
    r"(?<![\w-])(?P<month>"
    + "|".join(sorted((m for m in MONTHS if m not in _ABBREVIATED), key=len, reverse=True))
    + r")(?:\s+(?P<year>(?:19|20)\d\d))?(?![\w-])",
    re.IGNORECASE,
)


def months_named(text: str) -> list[tuple[int | None, int]]:
    """(year or None, month) of every month name written in full in ``text``."""
    found = []
    for match in _MONTH_NAMED.finditer(text):
        # "may", "mai", "mars", "march" are words too: months only next to a year, a day or
        # a preposition ("in March", "en mars").
        word = match.group("month").lower()
        before = text[: match.start()]
        if word in ("may", "mai", "mars", "march") and not (
            match.group("year")
            or re.search(r"\d\s*(?:st|nd|rd|th|er)?\s*$", before)
            or re.search(r"\b(?:in|en|since|depuis|until|from|de|d'|of)\s*$", before, re.I)
        ):
            continue
        found.append((int(match.group("year")) if match.group("year") else None, MONTHS[word]))
    return found
