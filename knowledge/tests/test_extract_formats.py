"""The extraction is the same whether a document comes as text, as a PDF or as a Word file.

Every kept corpus document is printed as a PDF and saved as a DOCX in ``tmp_path`` at test time
(``knowledge.extract.render``), read back by the real parsers, and its meeting, people and
numbered conclusions compared with those extracted from the text. ``rabat extract`` reads
such files through the parser child. The per-field figures on the rendered corpora have the
same floors as the text (docs/knowledge-extraction.md).
"""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from knowledge.extract import extract
from knowledge.extract.evaluate import CORPORA, corpus_pairs
from knowledge.extract.render import to_docx, to_pdf
from knowledge.parsing import parse_file
from knowledge.tests.test_extract_quality import FLOORS, measure

# The web pages (one block of text, no title lines) are held to their floors in each rendering
# instead (test_rendered_corpora_keep_the_text_floors).
DOCUMENTS = [document for name, (corpus, expected) in CORPORA.items() if name != "web"
             for document, _ in corpus_pairs(corpus, expected)]  # fmt: skip
RENDER = {"pdf": to_pdf, "docx": to_docx}
MIME = {"pdf": "application/pdf", "docx": "wordprocessingml.document"}


def essentials(result: dict) -> dict:
    """What a reviewer checks first: the meeting, who spoke, the numbered conclusions."""
    return {
        "title": result["title"],
        "document_kind": result["document_kind"],
        "meeting": result["meeting"],
        "people": [
            (p["name"], p["title"], p["organisation"], p["country"], p["role"])
            for p in result["people"]
        ],
        "recommendations": [
            (r["number"], r["text"], [(s["label"], s["text"]) for s in r["sub_points"]])
            for r in result["recommendations"]
        ],
        "countries": result["countries"],
    }


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.stem)
def test_pdf_and_docx_give_the_same_extraction_as_the_text(tmp_path, document, fmt):
    rendered = tmp_path / f"{document.stem}.{fmt}"
    rendered.write_bytes(RENDER[fmt](document.read_bytes()))
    parsed = parse_file(rendered)
    assert MIME[fmt] in parsed.mime  # really read as that format
    from_text = essentials(extract(parse_file(document)))
    assert essentials(extract(parsed)) == from_text
    # Not an empty agreement: each document states a meeting, people or conclusions.
    assert from_text["meeting"] or from_text["people"] or from_text["recommendations"]


def test_the_rendered_pdf_has_pages_headings_and_nested_lists(tmp_path):
    source = CORPORA["real"][0] / "2021-11-malabo-som-conclusions.md"
    parsed = parse_file(_write(tmp_path / "malabo.pdf", to_pdf(source.read_bytes())))
    assert parsed.pages >= 3
    headings = [b.text for b in parsed.blocks if b.kind == "heading"]
    assert "Rabat Process Senior Officials' Meeting" in headings
    nested = [b for b in parsed.blocks if b.kind == "list_item" and b.level == 2]
    assert [b.marker for b in nested[:2]] == ["1.", "2."]
    assert not any(b.text.strip().isdigit() for b in parsed.blocks)  # page numbers dropped


def test_the_rendered_docx_uses_styles_and_word_numbering(tmp_path):
    source = CORPORA["real"][0] / "2021-11-malabo-som-conclusions.md"
    parsed = parse_file(_write(tmp_path / "malabo.docx", to_docx(source.read_bytes())))
    headings = [b for b in parsed.blocks if b.kind == "heading"]
    assert headings[0].text == "Rabat Process Senior Officials' Meeting"
    assert headings[0].level == 1
    numbered = [b.marker for b in parsed.blocks if b.kind == "list_item" and b.marker[0].isdigit()]
    assert numbered[:2] == ["1.", "2."]


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_command_reads_pdf_and_docx_through_the_parser_child(tmp_path, capsys, fmt):
    source = CORPORA["real"][0] / "2014-06-rabat-som-summary.txt"
    path = _write(tmp_path / f"summary.{fmt}", RENDER[fmt](source.read_bytes()))
    call_command("extract", str(path), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    meeting = data["meeting"]
    assert (meeting["kind"], meeting["start_date"], meeting["end_date"]) == (
        "senior_officials_meeting",
        "2014-06-26",
        "2014-06-27",
    )
    assert (meeting["city"], meeting["country"]) == ("Rabat", "MA")
    people = {p["name"]: p for p in data["people"]}
    assert people["Nasser Bourita"]["role"] == "co-chair"
    assert people["Nasser Bourita"]["country"] == "MA"


def test_command_refuses_a_damaged_pdf_with_the_ingestion_reason(tmp_path):
    source = CORPORA["real"][0] / "2014-06-rabat-som-summary.txt"
    data = to_pdf(source.read_bytes())
    path = _write(tmp_path / "cut.pdf", data[: len(data) // 2])
    with pytest.raises(CommandError, match="Cannot read .*incomplete"):
        call_command("extract", str(path))


@pytest.fixture(scope="module")
def rendered_reports(django_db_setup, django_db_blocker):
    return measure(django_db_blocker, FLOORS, ("pdf", "docx"))


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("corpus", list(FLOORS))
def test_rendered_corpora_keep_the_text_floors(rendered_reports, corpus, fmt):
    report = rendered_reports[(corpus, fmt)]
    for field, (floor_precision, floor_recall) in FLOORS[corpus].items():
        score = report.scores[field]
        precision = score.precision if score.precision is not None else 1.0
        recall = score.recall if score.recall is not None else 1.0
        assert precision >= floor_precision and recall >= floor_recall, (
            f"{corpus} as {fmt}, {field}: {precision:.2f}/{recall:.2f}\n{report.table()}"
        )
