"""Accuracy of the suggestions against the labelled set in ``eval/domains.jsonl``.

Each line is a paragraph or recommendation of the corpus (or, for French, our translation of
one) with the Marrakesh domains it belongs to. A text counts as right at top-1 when the first
suggested domain is one of its domains, at top-3 when one of the first three is.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import domains, suggest

EVAL_FILE = Path(__file__).parent / "eval" / "domains.jsonl"


def labelled_plans(row: dict) -> tuple[str, ...]:
    """The plan a text is labelled with (the framework part of its expected uids): texts are
    tagged against it, whatever their date."""
    return tuple(dict.fromkeys(uid.split("/", 1)[0] for uid in row["expected"]))


def load(path: Path = EVAL_FILE) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(method: str = "lexical", rows: list[dict] | None = None, catalog=None) -> dict:
    rows = rows if rows is not None else load()
    totals: dict[str, dict[str, int]] = {}
    misses = []
    for row in rows:
        found = domains(
            suggest(
                row["text"],
                row["language"],
                frameworks=labelled_plans(row),
                method=method,
                limit=10,
                min_score=0.0,
                catalog=catalog,
            )
        )
        expected = set(row["expected"])
        top1 = bool(found[:1]) and found[0] in expected
        top3 = bool(expected & set(found[:3]))
        for key in ("all", row["language"]):
            t = totals.setdefault(key, {"n": 0, "top1": 0, "top3": 0})
            t["n"] += 1
            t["top1"] += top1
            t["top3"] += top3
        if not top1:
            misses.append({"id": row["id"], "expected": sorted(expected), "found": found[:3]})
    report = {
        key: {
            "n": t["n"],
            "top1": round(t["top1"] / t["n"], 3),
            "top3": round(t["top3"] / t["n"], 3),
        }
        for key, t in totals.items()
    }
    report["method"] = method
    report["misses"] = misses
    return report
