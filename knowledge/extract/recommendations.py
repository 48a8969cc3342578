"""Numbered conclusions and recommendations, one record each, sub-points kept with their parent.

A numbered list ("1.", "2)", "(3)") is a list of conclusions when the words introducing it (the
two blocks before it, or its section heading) speak of conclusions, recommendations or decisions
("CONCLUSIONS AND RECOMMENDATIONS OF THE CO-CHAIRS", "the partners drew two conclusions:"), or
when the document is a conclusions document and the list is made of standalone statements (not
the end of a sentence introduced with a colon, such as "to organise two activities: 1. ... 2.").
Numbering restarts per list, so one document may hold several "1".

Sub-points: the items nested under a numbered item (deeper list level or lettered "a)", "i.")
and, between two numbered items of the same list, the bullets that follow the first. Each
recommendation has ``sub_points`` = ``[{"label": "a", "text": ...}]`` (bullets are labelled
"a", "b", ... in order, with the marker as written in ``marker``).
"""

from __future__ import annotations

import re
import string

from ..text import HEADING, LIST_ITEM
from .prep import Item

_OUTCOME = re.compile(
    r"\bconclu|\brecommend|\brecommand|\bdecisions?\b|\bdécisions?\b|\bdecided\b|\bdécid|"
    r"\bagreed (?:(?:on|upon|to) )?(?:the following|as follows)|\bconvenu|\boutcomes?\b|"
    r"\bkey messages?\b|\bmessages clés\b|"
    r"\bthe way forward\b|\bnext steps\b|\bprochaines étapes\b|\bsuites? à donner\b",
    re.IGNORECASE,
)
_LETTERED = re.compile(r"^\(?(?:[a-z]|[ivx]{1,4})[.)]$")


def _runs(items: list[Item]) -> list[list[int]]:
    """Indexes of numbered items forming 1, 2, 3... lists (same level, no heading between)."""
    runs: list[list[int]] = []
    open_runs: dict[int, list[int]] = {}  # level -> run
    for index, item in enumerate(items):
        if item.kind == HEADING:
            open_runs.clear()
            continue
        if item.kind != LIST_ITEM or not item.numbered:
            continue
        run = open_runs.get(item.level)
        if run and items[run[-1]].number + 1 == item.number:
            run.append(index)
            for deeper in [lvl for lvl in open_runs if lvl > item.level]:
                del open_runs[deeper]
        elif item.number == 1:
            run = [index]
            runs.append(run)
            open_runs[item.level] = run
    return runs


def _is_outcome_list(items: list[Item], run: list[int], document_kind: str | None) -> bool:
    first = items[run[0]]
    before = [items[i] for i in range(max(0, run[0] - 2), run[0])]
    context = " ".join(i.text for i in before) + " " + (first.section or "")
    if _OUTCOME.search(context):
        return True
    if document_kind != "conclusions":
        return False
    intro = items[run[0] - 1] if run[0] else None
    return intro is None or intro.kind == HEADING or not intro.text.rstrip().endswith(":")


def _label(marker: str, position: int) -> str:
    stripped = marker.strip("().")
    if stripped and stripped[0].isalnum():
        return stripped
    return string.ascii_lowercase[position % 26]


def extract_recommendations(items: list[Item], document_kind: str | None) -> list[dict]:
    records = []
    for run in _runs(items):
        if not _is_outcome_list(items, run, document_kind):
            continue
        for position, index in enumerate(run):
            item = items[index]
            stop = run[position + 1] if position + 1 < len(run) else len(items)
            last = position + 1 == len(run)
            subs = []
            for follower in items[index + 1 : stop]:
                if follower.kind == HEADING:
                    break
                if follower.kind != LIST_ITEM:
                    if last:
                        break
                    continue
                nested = follower.level > item.level or _LETTERED.match(follower.marker or "")
                if last and not nested:
                    break
                if follower.numbered and follower.level <= item.level:
                    break
                subs.append(
                    {
                        "label": _label(follower.marker, len(subs)),
                        "marker": follower.marker,
                        "text": follower.text,
                        "_index": follower.index,
                    }
                )
            records.append(
                {
                    "number": item.number,
                    "text": item.text,
                    "sub_points": subs,
                    "section": item.section or None,
                    "_index": index,
                }
            )
    return records
