"""Extraction quality on the kept corpus: the measured precision and recall are floors.

The figures below are what the extractor reaches (rounded down) on the five documents the
platform ships (``reference/data/corpus``), on the 24 web pages of ``corpus/web/`` (expected
values in its ``expected.json``) and on the synthetic documents of other kinds in
``corpus/synthetic/`` and ``corpus/heldout/``, against the expected values written by hand in
``expected/``. A change that lowers any of them fails here; a change that raises them should
raise the floor (docs/knowledge-extraction.md keeps the same table). The corpora are read with
the reference plans loaded, as on the platform (the plan in force comes from the database).
"""

from __future__ import annotations

import json

import pytest

from knowledge.extract.evaluate import CORPORA, evaluate_corpus

# field: (precision floor, recall floor)
FLOORS = {
    # Five documents since issue 12 (the PF3MD slides and the labelled webinar's final document
    # joined the three reports): the people and organisation floors are those of the five.
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
        "meeting.processes": (1.0, 1.0),
        "domain": (1.0, 1.0),
        "people.name": (1.0, 1.0),
        "people.organisation": (0.97, 0.97),
        "people.title": (0.9, 0.9),
        "people.country": (0.95, 0.95),
        "people.role": (0.95, 0.95),
        "organisations": (1.0, 0.9),
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
# Issue 12's targets on real web pages, held in every rendering (text, PDF, DOCX). Before the
# rules of issue 12: document kind 0/24, meeting kind 0.83/0.62, city 0.79, country 0.84,
# format 0.33/0.50, no process nor domain (docs/knowledge-extraction.md).
FLOORS["web"] = {
    "language": (1.0, 1.0),
    "document_kind": (1.0, 1.0),
    "meeting.kind": (1.0, 1.0),
    "meeting.start_date": (1.0, 1.0),
    "meeting.end_date": (1.0, 1.0),
    "meeting.city": (1.0, 1.0),
    "meeting.country": (1.0, 1.0),
    "meeting.format": (1.0, 1.0),
    "meeting.processes": (1.0, 0.95),
    "domain": (1.0, 1.0),
    "recommendations.count": (0.95, 0.95),
}
# The held-out documents were written after the rules and measured once before any change
# (first run: meeting.city/country precision 0.50, people.title 0.78, people.country 0.78,
# people.organisation 0.88; the third document: title 0/1, one country, one sub-point list;
# the fourth: title 0/1, people's organisation 1/3, title 2/3, country 2/3;
# docs/knowledge-extraction.md); the fixes they prompted are general.
FLOORS["heldout"] = dict.fromkeys(
    (f for f in FLOORS["real"] if f not in ("meeting.processes", "domain")), (1.0, 1.0)
)


def measure(django_db_blocker, corpora, formats=("text",)) -> dict:
    """Each corpus measured in each rendering, with the reference plans loaded (as
    ``rabat load_reference`` does) in a transaction rolled back afterwards, so that the tests
    around see the database as they left it. Keys: the corpus name, or (name, format)."""
    from django.db import transaction

    from knowledge.tagging.catalog import clear_cache
    from reference.loaders import load_countries, load_frameworks

    with django_db_blocker.unblock(), transaction.atomic():
        load_countries()
        load_frameworks()
        clear_cache()
        try:
            measured = {(c, f): evaluate_corpus(c, f) for c in corpora for f in formats}
        finally:
            clear_cache()
            transaction.set_rollback(True)
    if formats == ("text",):
        return {c: report for (c, _), report in measured.items()}
    return measured


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker):
    return measure(django_db_blocker, FLOORS)


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
    for name, (corpus_dir, expected) in CORPORA.items():
        if name not in reports:
            continue
        documents = sorted(
            p.name
            for p in corpus_dir.iterdir()
            if p.is_file() and p.suffix in (".txt", ".md") and p.name != "README.md"
        )
        assert reports[name].documents == documents
        if expected.is_file():
            assert len(json.loads(expected.read_text(encoding="utf-8"))) == len(documents)
        else:
            assert len(list(expected.glob("*.json"))) == len(documents)


def test_english_and_french_are_measured_apart(reports):
    parts = reports["web"].parts
    assert set(parts) == {"en", "fr"}
    assert len(parts["en"].documents) + len(parts["fr"].documents) == 24
    for part in parts.values():
        assert part.scores["meeting.kind"].tp > 0


def test_numbered_conclusions_are_counted_exactly_per_document(reports):
    # The web pages have their own floor: the 8 agreed actions of the Niamey Declaration page
    # are not found yet (recommendations.py), as before issue 12.
    for name, report in reports.items():
        if name != "web":
            assert report.scores["recommendations.count"].recall == 1.0, name


def test_expected_files_follow_the_schema():
    keys = {"title", "language", "document_kind", "meeting", "people", "organisations",
            "countries", "recommendations", "framework_items", "figures"}  # fmt: skip
    for _, expected in CORPORA.values():
        if expected.is_file():  # the web corpus: one object per page, in its own keys
            for stem, entry in json.loads(expected.read_text(encoding="utf-8")).items():
                assert {"language", "document_kind", "meeting", "people", "domain",
                        "process"} <= set(entry), stem  # fmt: skip
            continue
        for path in expected.glob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            assert keys <= set(data), path.name
