"""PDF: text with headings (larger type), list items, paragraphs and page numbers (pypdfium2).

Before PDFium sees the file, the raw bytes are checked: the end marker must be there
(truncated downloads), and every compressed stream is inflated up to a budget so that a
small file expanding to gigabytes is refused with a reason instead of exhausting memory.
"""

from __future__ import annotations

import re
import statistics
import zlib

from ..reasons import Rejected
from ..text import HEADING, LIST_ITEM, PARAGRAPH, Block, ParsedText
from . import LIST_MARKER, Limits, mb

_STREAM = re.compile(rb"stream\r?\n")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of|sur)\s*\d{1,4})?\s*$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;»”\"]\s*$")


def check_streams(data: bytes, limits: Limits) -> None:
    """Inflate every Flate stream with a running budget; refuse when it is exceeded."""
    budget = limits.max_decompressed
    for match in _STREAM.finditer(data):
        start = match.end()
        inflater = zlib.decompressobj()
        position = start
        try:
            while position < len(data) and not inflater.eof:
                chunk = data[position : position + 65536]
                position += len(chunk)
                out = inflater.decompress(chunk, budget + 1)
                budget -= len(out)
                while inflater.unconsumed_tail and budget >= 0:
                    out = inflater.decompress(inflater.unconsumed_tail, budget + 1)
                    budget -= len(out)
                if budget < 0:
                    raise Rejected("decompressed_too_large", limit_mb=mb(limits.max_decompressed))
        except zlib.error:
            continue  # not Flate (images, plain streams): PDFium decides.


def parse_pdf(data: bytes, limits: Limits) -> ParsedText:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    if b"%%EOF" not in data[-2048:]:
        raise Rejected("truncated")
    check_streams(data, limits)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise Rejected("encrypted") from exc
        raise Rejected("corrupt", format="PDF", detail=_pdfium_detail(message)) from exc
    try:
        count = len(pdf)
        if count == 0:
            raise Rejected("corrupt", format="PDF", detail="no pages")
        if count > limits.max_pages:
            raise Rejected("too_many_pages", pages=count, limit=limits.max_pages)
        lines = []  # (page, text, size, left, bottom, right)
        for index in range(count):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                lines.extend(_page_lines(textpage, raw, index + 1))
            finally:
                textpage.close()
                page.close()
        title = None
        try:
            title = (pdf.get_metadata_value("Title") or "").strip() or None
        except Exception:  # noqa: BLE001 - metadata is optional
            title = None
    finally:
        pdf.close()
    blocks = _blocks(lines)
    if not blocks:
        raise Rejected("no_text")
    if title is None or len(title) < 4:
        title = next((b.text for b in blocks if b.kind == HEADING), None)
    return ParsedText(blocks=blocks, mime="application/pdf", pages=count, title=title)


def _pdfium_detail(message: str) -> str:
    found = re.search(r"pdfium: ([^)]+)", message)
    return found.group(1).strip().rstrip(".") if found else "unreadable structure"


def _page_lines(textpage, raw, page_number: int) -> list[tuple]:
    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    result = []
    offset = 0
    for line in re.split(r"\r\n|\n|\r", text):
        length = len(line)
        stripped = line.strip()
        if stripped:
            first = offset + (len(line) - len(line.lstrip()))
            first = min(first, n - 1)
            last = min(offset + len(line.rstrip()) - 1, n - 1)
            size = raw.FPDFText_GetFontSize(textpage.raw, first)
            left, bottom, _right, _top = textpage.get_charbox(first)
            right = textpage.get_charbox(max(last, first))[2]
            result.append((page_number, stripped, round(size, 1), left, bottom, right))
        offset += length + 2 if text[offset + length : offset + length + 2] == "\r\n" else 1
        offset = offset if offset <= n else n
    return result


def _blocks(lines: list[tuple]) -> list[Block]:
    if not lines:
        return []
    # Drop running page numbers ("3", "Page 3 of 10") and running headers or footers: short
    # lines at the top or bottom of most pages.
    by_page: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        by_page.setdefault(line[0], []).append(index)
    edges = set()
    for indexes in by_page.values():
        edges.update(indexes[:2] + indexes[-2:])
    repeated: dict[str, set] = {}
    for index in edges:
        page, text = lines[index][0], lines[index][1]
        if len(text) < 90:
            repeated.setdefault(text, set()).add(page)
    boiler = {t for t, p in repeated.items() if len(by_page) >= 3 and len(p) >= 0.6 * len(by_page)}
    lines = [
        ln
        for i, ln in enumerate(lines)
        if not _PAGE_NUMBER.match(ln[1]) and not (i in edges and ln[1] in boiler)
    ]
    if not lines:
        return []
    weights: dict[float, int] = {}
    for _p, text, size, *_ in lines:
        weights[size] = weights.get(size, 0) + len(text)
    body = max(weights, key=weights.get)
    heading_sizes = sorted({s for _p, t, s, *_ in lines if s >= body * 1.15}, reverse=True)
    level_of = {size: min(i + 1, 6) for i, size in enumerate(heading_sizes)}
    gaps = [
        prev[4] - cur[4]
        for prev, cur in zip(lines, lines[1:], strict=False)
        if prev[0] == cur[0] and 0 < prev[4] - cur[4] < body * 4
    ]
    spacing = statistics.median(gaps) if gaps else body * 1.2
    # Double-spaced text: when every line is as far from the next as paragraphs are, each
    # line is a block (the extraction joins hard-wrapped lines again). Only when the font
    # size is in real points (some PDFs write 1 pt type scaled up by the text matrix).
    double = body * 2.0 if body >= 5 else float("inf")
    # A paragraph's lines run to the right margin except its last: a body line ending well
    # before the margin ends its block (a cover page's or a slide's lines stay lines, and
    # paragraphs are told apart when the spacing says nothing).
    widths = sorted(ln[5] - ln[3] for ln in lines if ln[2] == body and ln[5] > ln[3])
    full = widths[int(len(widths) * 0.9)] if len(widths) >= 5 else None

    blocks: list[Block] = []
    indents: list[float] = []  # left edges of the open list levels
    current: Block | None = None
    previous = None
    for line in lines:
        page, text, size, left, bottom, _right = line
        if size in level_of and len(text) <= 200:
            if current is not None and current.kind == HEADING and previous and previous[2] == size:
                current.text += " " + text
            else:
                current = Block(HEADING, text, level=level_of[size], page=page)
                blocks.append(current)
            indents.clear()
            previous = line
            continue
        item = LIST_MARKER.match(text)
        new_block = (
            current is None
            or current.kind == HEADING
            or previous is None
            or previous[0] != page
            and _SENTENCE_END.search(current.text) is not None
            or previous[0] == page
            and previous[4] - bottom > min(spacing * 1.45, double)
            or full is not None
            and previous[2] == body
            and previous[5] - previous[3] < 0.7 * full
        )
        if item:
            # The nesting depth is the number of list indents at or left of this one: a
            # second nested item is as deep as the first, a dedented one closes the deeper.
            while indents and left < indents[-1] - 6:
                indents.pop()
            if not indents or left > indents[-1] + 6:
                indents.append(left)
            current = Block(
                LIST_ITEM,
                item.group(2).strip(),
                level=len(indents),
                marker=item.group(1),
                page=page,
            )
            blocks.append(current)
        elif new_block:
            indents.clear()
            current = Block(PARAGRAPH, text, page=page)
            blocks.append(current)
        else:
            current.text = _join(current.text, text)
        previous = line
    return [b for b in blocks if b.text.strip()]


def _join(first: str, second: str) -> str:
    if first.endswith("-") and second[:1].islower():
        return first[:-1] + second
    return f"{first} {second}"
