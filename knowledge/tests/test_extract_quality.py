"""Extraction quality on the kept corpus: the measured precision and recall are floors.

The figures below are what the extractor reaches (rounded down) on the three real Dialogue
documents in ``corpus/`` and on the synthetic documents of other kinds in
``corpus/synthetic/`` and ``corpus/heldout/``, against the expected values written by hand in
``expected/``. A change that lowers any of them fails here; a change that raises them should
raise the floor (docs/knowledge-extraction.md keeps the same table).
"""

from __future__ import annotations

import json

import pytest

from knowledge.extract.evaluate import CORPORA, evaluate_corpus

# field: (precision floor, recall floor)
FLOORS = {
    "real": {
        "title": (1.0, 1.0),
        "language": (1.0, 1.0),
        "document_kind": (1.0, 1.0),
        "meeting.kind": (1.0, 1.0),
        "meeting.start_date": (1.0, 1.0),
        "meeting.end_date": (1.0, 1.0),
        "meeting.city": (1.0, 1.0),
        "meeting.country": (1.0, 1.0),
        "meeting.format": (1.0, 1.0),
        "people.name": (1.0, 1.0),
        "people.organisation": (1.0, 1.0),
        "people.title": (0.96, 0.96),
        "people.country": (1.0, 1.0),
        "people.role": (0.96, 0.96),
        "organisations": (1.0, 0.95),
        "countries": (1.0, 1.0),
        "framework_items": (1.0, 1.0),
        "figures": (1.0, 1.0),
        "recommendations.count": (1.0, 1.0),
        "recommendations": (1.0, 1.0),
        "recommendations.sub_points": (1.0, 1.0),
        "recommendations.domain": (1.0, 1.0),
    },
    "synthetic": {
        "title": (1.0, 1.0),
        "language": (1.0, 1.0),
        "document_kind": (1.0, 1.0),
        "meeting.kind": (1.0, 1.0),
        "meeting.start_date": (1.0, 1.0),
        "meeting.end_date": (1.0, 1.0),
        "meeting.city": (1.0, 1.0),
        "meeting.country": (1.0, 1.0),
        "meeting.format": (1.0, 1.0),
        "people.name": (1.0, 1.0),
        "people.organisation": (1.0, 1.0),
        "people.title": (1.0, 1.0),
        "people.country": (1.0, 1.0),
        "people.role": (0.94, 0.94),
        "organisations": (1.0, 0.92),
        "countries": (1.0, 1.0),
        "framework_items": (1.0, 1.0),
        "figures": (1.0, 1.0),
        "recommendations.count": (1.0, 1.0),
        "recommendations": (1.0, 1.0),
        "recommendations.sub_points": (1.0, 1.0),
        "recommendations.domain": (1.0, 1.0),
    },
}
# The held-out documents were written after the rules and measured once before any change
# (first run: meeting.city/country precision 0.50, people.title 0.78, people.country 0.78,
# people.organisation 0.88; the third document: title 0/1, one country, one sub-point list;
# the fourth: title 0/1, people's organisation 1/3, title 2/3, country 2/3;
# docs/knowledge-extraction.md); the fixes they prompted are general.
FLOORS["heldout"] = dict.fromkeys(FLOORS["real"], (1.0, 1.0))


@pytest.fixture(scope="module")
def reports():
    return {name: evaluate_corpus(name) for name in FLOORS}


@pytest.mark.parametrize(
    ("corpus", "field"), [(c, f) for c, fields in FLOORS.items() for f in fields]
)
def test_quality_does_not_fall_below_the_floor(reports, corpus, field):
    report = reports[corpus]
    assert field in report.scores, f"{field} was not measured on the {corpus} corpus"
    score = report.scores[field]
    floor_precision, floor_recall = FLOORS[corpus][field]
    assert (score.precision if score.precision is not None else 1.0) >= floor_precision, (
        f"{corpus} {field}: precision {score.precision} < {floor_precision}\n" + report.table()
    )
    assert (score.recall if score.recall is not None else 1.0) >= floor_recall, (
        f"{corpus} {field}: recall {score.recall} < {floor_recall}\n" + report.table()
    )


def test_every_kept_document_is_evaluated(reports):
    for name, (corpus_dir, expected_dir) in CORPORA.items():
        if name not in reports:
            continue
        documents = sorted(p.name for p in corpus_dir.iterdir() if p.is_file())
        assert reports[name].documents == documents
        assert len(list(expected_dir.glob("*.json"))) == len(documents)


def test_numbered_conclusions_are_counted_exactly_per_document(reports):
    for report in reports.values():
        assert report.scores["recommendations.count"].recall == 1.0


def test_expected_files_follow_the_schema():
    keys = {"title", "language", "document_kind", "meeting", "people", "organisations",
            "countries", "recommendations", "framework_items", "figures"}  # fmt: skip
    for _, expected_dir in CORPORA.values():
        for path in expected_dir.glob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            assert keys <= set(data), path.name
