"""Every format read with its structure; the type from the content; language detection."""

import pytest

from knowledge.language import detect_language
from knowledge.parsers import Limits
from knowledge.parsing import parse_bytes, parse_file
from knowledge.reasons import Rejected
from knowledge.samples import make_pdf, report_pages, sample_docx
from knowledge.text import HEADING, LIST_ITEM, PARAGRAPH


def kinds(parsed):
    return [b.kind for b in parsed.blocks]


def test_pdf_headings_paragraphs_lists_and_page_numbers():
    parsed = parse_bytes(make_pdf(report_pages(3), title="Conclusions of Malabo"))
    assert parsed.mime == "application/pdf"
    assert parsed.pages == 3
    assert parsed.title == "Conclusions of Malabo"
    assert parsed.language == "en"
    headings = [b for b in parsed.blocks if b.kind == HEADING]
    assert [h.text for h in headings] == [
        f"Section {n}: conclusions of the meeting" for n in (1, 2, 3)
    ]
    assert [h.page for h in headings] == [1, 2, 3]
    paragraphs = [b for b in parsed.blocks if b.kind == PARAGRAPH]
    # Lines of one paragraph are joined; the page number at the foot is not text.
    assert len(paragraphs) == 9
    assert paragraphs[0].text.startswith("(1.1) The partners of the Dialogue")
    assert paragraphs[0].text.endswith("countries of origin, transit and destination.")
    items = [b for b in parsed.blocks if b.kind == LIST_ITEM]
    assert [i.marker for i in items[:3]] == ["1.", "2.", "3."]
    assert items[3].page == 2
    assert not any(b.text.strip() in {"1", "2", "3"} for b in parsed.blocks)


def test_pdf_short_lines_end_their_block_and_double_spacing_is_read_line_by_line():
    body = (
        "The partners of the Dialogue reviewed the implementation of the action plan and",
        "stressed the importance of cooperation between countries of origin, transit and",
        "destination in the region.",
    )
    cover = [("Rabat Process", 10), ("Senior Officials' Meeting", 10), ("Malabo, 17 November", 10)]
    parsed = parse_bytes(make_pdf([[*cover, *((line, 10) for line in body)]]))
    assert [b.text for b in parsed.blocks] == [
        "Rabat Process",
        "Senior Officials' Meeting",
        "Malabo, 17 November",
        " ".join(body),
    ]
    # Every line followed by a blank one: no spacing tells paragraphs apart, lines stay lines.
    double = [entry for line in body for entry in ((line, 10), ("", 10))]
    assert [b.text for b in parse_bytes(make_pdf([double])).blocks] == list(body)


def test_pdf_in_french_is_detected_as_french():
    parsed = parse_bytes(make_pdf(report_pages(2, language="fr")))
    assert parsed.language == "fr"
    assert parsed.blocks[0].text == "Section 1 : conclusions de la réunion"


def test_docx_styles_numbering_and_page_breaks():
    parsed = parse_bytes(sample_docx("fr"))
    assert parsed.mime.endswith("wordprocessingml.document")
    assert parsed.language == "fr"
    assert [(b.kind, b.level, b.marker) for b in parsed.blocks] == [
        (HEADING, 1, ""),
        (PARAGRAPH, 0, ""),
        (LIST_ITEM, 1, "1."),
        (LIST_ITEM, 1, "2."),
        (HEADING, 2, ""),
        (LIST_ITEM, 1, "•"),
    ]
    assert parsed.blocks[4].page == 2
    assert parsed.pages == 2
    assert parsed.title == "Conclusions de la réunion"


def test_html_structure_without_scripts():
    html = b"""<!doctype html><html><head><title>Summary of debates</title>
    <script>var secret = 1;</script></head><body><h1>Summary</h1><p>The partners met in
    Rabat.</p><ul><li>First point</li><li>Second <b>point</b></li></ul><h2>Annex</h2>
    <ol><li>one</li><li>two</li></ol><iframe src="x">frame text</iframe></body></html>"""
    parsed = parse_bytes(html)
    assert parsed.mime == "text/html"
    assert parsed.title == "Summary of debates"
    assert [(b.kind, b.text, b.marker) for b in parsed.blocks] == [
        (HEADING, "Summary", ""),
        (PARAGRAPH, "The partners met in Rabat.", ""),
        (LIST_ITEM, "First point", "•"),
        (LIST_ITEM, "Second point", "•"),
        (HEADING, "Annex", ""),
        (LIST_ITEM, "one", "1."),
        (LIST_ITEM, "two", "2."),
    ]
    assert "secret" not in parsed.text and "frame text" not in parsed.text


def test_markdown_and_plain_text_are_told_apart_by_content():
    markdown = parse_bytes(b"# Conclusions\n\nThe partners agreed.\n\n1. Create a network\n")
    assert markdown.mime == "text/markdown"
    assert kinds(markdown) == [HEADING, PARAGRAPH, LIST_ITEM]
    plain = parse_bytes(b"Conclusions\n\nThe partners agreed.\n\n- Create a network\n")
    assert plain.mime == "text/plain"
    assert kinds(plain) == [PARAGRAPH, PARAGRAPH, LIST_ITEM]


def test_plain_text_lists_and_rules_do_not_make_markdown():
    # Numbered and dashed lists, and rules, are how plain text is written too.
    text = (
        b"SUMMARY OF CONCLUSIONS\n\n1. Create a network\n2. Share data\n\n"
        b"-----\n\n- first\n- second\n"
    )
    assert parse_bytes(text).mime == "text/plain"
    setext = parse_bytes(b"Conclusions\n===========\n\nThe partners agreed.\n")
    assert setext.mime == "text/markdown"
    assert parse_bytes(b"See [the plan](https://example.org/plan).\n").mime == "text/markdown"


def test_list_markers_in_text_lettered_in_brackets_and_word_symbol_bullets():
    text = (
        "The partners propose two working groups:\n"
        "(a) on legal migration;\n"
        "(b) on trafficking.\n\n"
        "\uf0b7 National referral mechanism piloted\n"
        "\uf0a7\tReintegration plans completed\n"
        "(iv) a fourth point\n"
    )
    parsed = parse_bytes(text.encode())
    assert [(b.kind, b.marker, b.text) for b in parsed.blocks] == [
        (PARAGRAPH, "", "The partners propose two working groups:"),
        (LIST_ITEM, "(a)", "on legal migration;"),
        (LIST_ITEM, "(b)", "on trafficking."),
        (LIST_ITEM, "\uf0b7", "National referral mechanism piloted"),
        (LIST_ITEM, "\uf0a7", "Reintegration plans completed"),
        (LIST_ITEM, "(iv)", "a fourth point"),
    ]


def test_type_comes_from_content_not_extension(tmp_path):
    pdf_named_txt = tmp_path / "notes.txt"
    pdf_named_txt.write_bytes(make_pdf(report_pages(1)))
    assert parse_file(pdf_named_txt).mime == "application/pdf"
    docx_named_pdf = tmp_path / "report.pdf"
    docx_named_pdf.write_bytes(sample_docx())
    assert parse_file(docx_named_pdf).mime.endswith("wordprocessingml.document")
    html_named_md = tmp_path / "page.md"
    html_named_md.write_bytes(b"<html><body><p>Hello partners</p></body></html>")
    assert parse_file(html_named_md).mime == "text/html"


def test_limits_apply_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 1000)
    with pytest.raises(Rejected) as caught:
        parse_file(path, Limits(max_bytes=100))
    assert caught.value.code == "too_large"
    with pytest.raises(Rejected) as caught:
        parse_bytes(make_pdf(report_pages(5)), Limits(max_pages=2))
    assert caught.value.code == "too_many_pages"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The partners of the Dialogue agreed that the action plan should be implemented "
         "with the support of the Secretariat and of the countries of origin.", "en"),
        ("Les partenaires du Dialogue sont convenus que le plan d'action doit être mis en "
         "œuvre avec le soutien du Secrétariat et des pays d'origine.", "fr"),
        ("Los socios del Diálogo acordaron que el plan de acción debe aplicarse con el "
         "apoyo de la Secretaría y de los países de origen y también de tránsito.", "es"),
        ("Rabat Process, 2006", None),
        ("", None),
        ("xq zzk vvr plo mmn qqr ttr", None),
    ],
)  # fmt: skip
def test_language_detection(text, expected):
    assert detect_language(text) == expected


def test_language_detection_is_unsure_on_evenly_mixed_text():
    mixed = "The partners agreed on the plan. Les partenaires sont convenus du plan. " * 3
    assert detect_language(mixed) is None
