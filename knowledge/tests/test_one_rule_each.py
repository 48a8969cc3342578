"""One source of truth per rule: one language detector, one parser of action-plan references
and one "plan in force" rule, read by extraction, tagging, labelling and the home page alike.
Each test shows a case on which the former copies disagreed."""

from __future__ import annotations

import datetime

import pytest

from knowledge import language as one_detector
from knowledge.extract import document
from knowledge.extract.prep import Item
from knowledge.extract.references import Resolver, plan_in_force
from knowledge.tagging import plans_for, suggest
from knowledge.tagging.text import tokens

pytestmark = pytest.mark.django_db

IN_2021 = datetime.date(2021, 3, 10)  # Marrakesh Action Plan in force
IN_2024 = datetime.date(2024, 3, 10)  # Cádiz Action Plan in force


@pytest.fixture
def plans(db):
    """The real frameworks of reference/data, as ``rabat load_reference`` loads them."""
    from knowledge.tagging.catalog import clear_cache
    from reference.loaders import load_countries, load_frameworks

    load_countries()
    load_frameworks()
    clear_cache()
    yield
    clear_cache()


# -- the plan in force ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "plan"),
    [
        # the labels' and home page's copy said Cádiz (newest plan, Marrakesh period over)
        (datetime.date(2021, 3, 10), "marrakesh-2018"),
        # the extraction's and the tagging queue's copies said Cádiz (adopted 13 Dec 2022)
        (datetime.date(2022, 12, 20), "marrakesh-2018"),
        (datetime.date(2023, 1, 1), "cadiz-2022"),
    ],
)
def test_extraction_tagging_and_labelling_agree_on_the_plan_in_force(plans, day, plan):
    from labels.selectors import current_actions

    assert plan_in_force(day.isoformat()) == plan
    assert plans_for(day) == (plan,)
    assert {a.framework.slug for a in current_actions(day)} == {plan}


def test_extraction_reads_an_unnamed_reference_in_the_plan_in_force_at_the_meeting(plans):
    item = Item(kind="paragraph", text="The partners discussed Domain 4.")
    # 20 December 2022: after the Cádiz conference, before the Cádiz plan's period.
    assert [r["id"] for r in Resolver("2022-12-20").references(item)] == ["marrakesh-2018/D4"]
    assert [r["id"] for r in Resolver("2023-02-01").references(item)] == ["cadiz-2022/D4"]
    # Before 2018 the plan in force has no items: nothing is guessed.
    assert Resolver("2015-06-15").references(item) == []


def test_tagging_a_text_older_than_every_itemised_plan_uses_the_first_itemised_plan(plans):
    # docs/tagging.md, "Older documents": since issue 14 the Dakar Strategy has items, so a
    # text of 2014 is tagged with it, and a text older than it with it too.
    assert plan_in_force("2014-06-26") == "dakar-2011"
    assert plans_for(datetime.date(2014, 6, 26)) == ("dakar-2011",)
    assert plans_for(datetime.date(2010, 6, 1)) == ("dakar-2011",)


# -- one parser of action-plan references ---------------------------------------------------


def _extracted(text: str, day: datetime.date) -> list[str]:
    resolver = Resolver(day.isoformat())
    found = []
    for block in text.split("\n\n"):
        found.extend(r["id"] for r in resolver.references(Item(kind="paragraph", text=block)))
    return list(dict.fromkeys(found))


def _tagged(text: str, day: datetime.date) -> list[str]:
    return [s.uid for s in suggest(text, "en", on=day, min_score=2.0) if s.method == "explicit"]


@pytest.mark.parametrize(
    ("text", "day", "uids"),
    [
        ("The project serves Action 5.", IN_2021, ["marrakesh-2018/A5"]),
        (
            "It answers objective 7 of the Marrakesh Action Plan.",
            IN_2024,
            ["marrakesh-2018/O7"],
        ),
        ("Le projet relève du Domaine 3.", IN_2021, ["marrakesh-2018/D3"]),
        (
            "The partners addressed actions 2 and 3.",
            IN_2021,
            ["marrakesh-2018/A2", "marrakesh-2018/A3"],
        ),
        ("Le projet sert la priorité transversale 3.", IN_2021, ["marrakesh-2018/P3"]),
        ("It serves objective 7 of the Global Compact.", IN_2021, ["gcm-2018/O7"]),
        ("The 23 actions of the plan were adopted in 2018.", IN_2021, []),
        # Former disagreements: tagging read "or" as the end of a list ...
        (
            "The partners addressed actions 2 or 3.",
            IN_2021,
            ["marrakesh-2018/A2", "marrakesh-2018/A3"],
        ),
        # ... the extraction did not know the French "axe" ...
        ("Le séminaire relève de l'axe 2.", IN_2021, ["marrakesh-2018/D2"]),
        # ... nor that the Cádiz plan's objective 5 is split into 5a and 5b ...
        ("The workshop serves objective 5.", IN_2024, ["cadiz-2022/O5a"]),
        # ... and tagging forgot a plan named in an earlier sentence.
        (
            "This note follows the Cádiz Action Plan. Its focus is Domain 2.",
            IN_2021,
            ["cadiz-2022/D2"],
        ),
    ],
)
def test_extraction_and_tagging_read_references_with_one_parser(plans, text, day, uids):
    assert _extracted(text, day) == uids
    assert _tagged(text, day) == uids


# -- one language detector ------------------------------------------------------------------


def test_extraction_uses_the_one_language_detector():
    assert document.detect_language is one_detector.detect_language
    # The extraction's former copy knew English and French only and had no answer here;
    # tagging's took it for French.
    spanish = (
        "La reunión de los socios del Proceso de Rabat se celebró en Madrid con los "
        "representantes de los países y de las organizaciones para hablar de la migración."
    )
    assert document.detect_language(spanish) == "es"


def test_tagging_reads_a_short_text_of_unknown_language_with_the_one_detector():
    text = "Créer des équipes communes d'enquête contre les réseaux de passeurs."
    assert one_detector.detect_language(text, min_hits=1) == "fr"
    assert tokens(text) == tokens(text, "fr")
    english = "Create joint investigation teams against the networks of smugglers."
    assert tokens(english) == tokens(english, "en")
