"""A text or Markdown document printed as a PDF and saved as a Word file, to measure the
extraction on those formats with the same expected values (``rabat extract --evaluate --as pdf``
and the tests in ``knowledge/tests/test_extract_formats.py``).

The PDF is what a word processor prints: the lines of the source as they are (a cover page's
lines stay lines; a line longer than ``KEEP`` characters is wrapped at about 90), Markdown
headings in larger bold type, list items with their marker and nested ones indented, a gap
between paragraphs, about 50 lines a page and the page number at the foot. The DOCX is what
an author types: one paragraph per paragraph of the source, Markdown headings as Heading
styles, lists as Word numbering (decimal, lettered, roman or bullets, one instance per list)
with their nesting; a list that does not start at 1 keeps its number typed in the text, as
people do. No dependency: the PDF goes through ``knowledge.samples.make_pdf``.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from ..parsers import LIST_MARKER
from ..parsers.sniff import MARKDOWN, decode_text, text_kind
from ..parsing import parse_plain_text
from ..samples import _pdf_string, make_pdf
from ..text import HEADING, LIST_ITEM
from .prep import clean_inline

BODY, FOOT = 10.0, 9.0
HEADING_SIZES = {1: 16.0, 2: 14.0, 3: 12.5}
WIDTH = 90  # characters of body text on a line
KEEP = 110  # a source line up to this long is printed as it is (hard-wrapped text)
LINES_PER_PAGE = 50
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}(?:\s*(?:/|of|sur)\s*\d{1,4})?\s*$", re.I)


def _source(data: bytes) -> tuple[str, bool]:
    text = decode_text(data).replace("\r\n", "\n")
    return text, text_kind(text) == MARKDOWN


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters (a source line up to ``KEEP`` characters is
    kept: it was wrapped already); a wrapped line never starts like a list item or a page
    number (a printed paragraph does not either: the writer moves a word)."""
    if len(text) <= KEEP and width == WIDTH:
        return [text]
    words, lines, current = text.split(), [], []
    for word in words:
        if current and len(" ".join([*current, word])) > width:
            lines.append(current)
            current = []
        current.append(word)
    if current:
        lines.append(current)
    for index in range(1, len(lines)):
        while len(lines[index - 1]) > 1 and _starts_badly(" ".join(lines[index])):
            lines[index].insert(0, lines[index - 1].pop())
    return [" ".join(line) for line in lines]


def _starts_badly(line: str) -> bool:
    return bool(LIST_MARKER.match(line) or _PAGE_NUMBER.match(line))


# -- PDF ----------------------------------------------------------------------------------


def pdf_lines(data: bytes) -> list[tuple[str, float, float]]:
    """(text, size, indent in points) for each printed line; ("", size, 0) is a gap."""
    text, markdown = _source(data)
    out: list[tuple[str, float, float]] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n") if line.strip()]
        printed = False
        for line in lines:
            heading = _MD_HEADING.match(line.strip()) if markdown else None
            if heading:
                if out and out[-1][0]:
                    out.append(("", BODY, 0))
                size = HEADING_SIZES.get(len(heading.group(1)), 12.5)
                out.extend((part, size, 0) for part in _wrap(clean_inline(heading.group(2)), 60))
                out.append(("", BODY, 0))
                printed = False
                continue
            item = LIST_MARKER.match(line)
            cleaned = clean_inline(line)
            if not cleaned or re.fullmatch(r"[-_*=~\s]{3,}", cleaned):
                continue
            if item:
                depth = (len(line) - len(line.lstrip())) // 2
                indent = 18.0 * depth
                marker = item.group(1)
                first, *rest = _wrap(f"{marker} {clean_inline(item.group(2))}", WIDTH - 4 * depth)
                out.append((first, BODY, indent))
                out.extend((part, BODY, indent + 12) for part in rest)
            else:
                out.extend((part, BODY, 0) for part in _wrap(cleaned, WIDTH))
            printed = True
        if printed:
            out.append(("", BODY, 0))
    return out


def _page_content(lines: list[tuple[str, float, float]], number: int) -> bytes:
    out, y, margin = [b"BT"], 842 - 56.0, 56.0
    for text, size, indent in lines:
        if not text:
            y -= size * 0.9
            continue
        y -= size * 1.35
        font = b"/F2" if size > 11 else b"/F1"
        out.append(
            font
            + b" %.1f Tf 1 0 0 1 %.1f %.1f Tm " % (size, margin + indent, y)
            + _pdf_string(text)
            + b" Tj"
        )
    out.append(b"/F1 %.1f Tf 1 0 0 1 290 30 Tm " % FOOT + _pdf_string(str(number)) + b" Tj")
    out.append(b"ET")
    return b"\n".join(out)


def to_pdf(data: bytes, *, title: str | None = None) -> bytes:
    """The document printed as a PDF (see the module docstring)."""
    lines = pdf_lines(data)
    pages, current, used = [], [], 0
    for line in lines:
        if used >= LINES_PER_PAGE and line[0]:
            pages.append(current)
            current, used = [], 0
        if not current and not line[0]:
            continue  # no gap at the top of a page
        current.append(line)
        used += 1 if line[0] else 0
    if current:
        pages.append(current)
    contents = [_page_content(page, number) for number, page in enumerate(pages, start=1)]
    return make_pdf([], title=title, raw_contents=contents)


# -- DOCX ---------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FORMATS = (("decimal", r"\(?\d{1,3}[.)]"), ("lowerRoman", r"\(?[ivx]{2,5}[.)]"))
_FORMATS += (("lowerLetter", r"\(?[a-z][.)]"),)


def _format_of(marker: str) -> str:
    for fmt, pattern in _FORMATS:
        if re.fullmatch(pattern, marker):
            return fmt
    return "bullet"


def _first_number(marker: str, fmt: str) -> int | None:
    value = marker.strip("().")
    if fmt == "decimal":
        return int(value)
    if fmt == "lowerLetter":
        return ord(value) - 96
    return None


def _paragraph(text: str, props: str = "") -> str:
    runs = "<w:r><w:br/></w:r>".join(
        f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>' for part in text.split("\n")
    )
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"


def docx_paragraphs(data: bytes) -> tuple[list[str], list[str]]:
    """The body's paragraphs and the numbering instances (one per list) as WordprocessingML."""
    text, markdown = _source(data)
    parsed = parse_plain_text(text, markdown=markdown)
    paragraphs: list[str] = []
    nums: list[str] = []  # the format of each numbering instance, numId = index + 1
    open_lists: dict[int, tuple[int, str, int]] = {}  # level -> (numId, format, last number)
    for block in parsed.blocks:
        cleaned = clean_inline(block.text)
        if not cleaned:
            continue
        if block.kind == HEADING:
            open_lists.clear()
            level = min(block.level, 9)
            paragraphs.append(_paragraph(cleaned, f'<w:pStyle w:val="Heading{level}"/>'))
            continue
        if block.kind != LIST_ITEM:
            open_lists.clear()
            paragraphs.append(_paragraph(cleaned))
            continue
        level = max(1, block.level)
        for deeper in [lvl for lvl in open_lists if lvl > level]:
            del open_lists[deeper]
        fmt = _format_of(block.marker)
        number = _first_number(block.marker, fmt)
        current = open_lists.get(level)
        if current and current[1] == fmt and (number is None or number == current[2] + 1):
            num_id = current[0]
        elif number not in (None, 1):
            # A list that starts at 5: the number stays typed in the text.
            open_lists.pop(level, None)
            paragraphs.append(_paragraph(f"{block.marker} {cleaned}"))
            continue
        else:
            nums.append(fmt)
            num_id = len(nums)
        open_lists[level] = (num_id, fmt, number or 0)
        numbering = f'<w:numPr><w:ilvl w:val="{level - 1}"/><w:numId w:val="{num_id}"/></w:numPr>'
        paragraphs.append(_paragraph(cleaned, numbering))
    return paragraphs, nums


def _numbering_xml(nums: list[str]) -> str:
    abstract = "".join(
        f'<w:abstractNum w:abstractNumId="{index}">'
        + "".join(f'<w:lvl w:ilvl="{lvl}"><w:numFmt w:val="{fmt}"/></w:lvl>' for lvl in range(9))
        + "</w:abstractNum>"
        for index, fmt in enumerate(nums)
    )
    instances = "".join(
        f'<w:num w:numId="{index + 1}"><w:abstractNumId w:val="{index}"/></w:num>'
        for index in range(len(nums))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:numbering xmlns:w="{_W}">{abstract}{instances}</w:numbering>'
    )


_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def to_docx(data: bytes) -> bytes:
    """The document saved as a Word file (see the module docstring)."""
    paragraphs, nums = docx_paragraphs(data)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"><w:body>{"".join(paragraphs)}</w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/numbering.xml", _numbering_xml(nums))
    return out.getvalue()


RENDERERS = {"pdf": to_pdf, "docx": to_docx}
