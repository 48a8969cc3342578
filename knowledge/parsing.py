"""Turn a file into ``ParsedText``: the type is detected from the content (never the name),
then PDF, DOCX, HTML, Markdown or plain text is read into blocks with their structure, and
the language is detected.

``parse_file`` runs the untrusted parsing in the current process: call it only from the
parser child (``knowledge.worker``). Web and command code call ``knowledge.worker.parse``.
"""

from __future__ import annotations

import re
from pathlib import Path

from .language import detect_language
from .parsers import LIST_MARKER, Limits, mb
from .parsers.docx import parse_docx
from .parsers.html import parse_html
from .parsers.pdf import parse_pdf
from .parsers.sniff import HTML, MARKDOWN, PDF, ZIP, decode_text, sniff, text_kind
from .reasons import Rejected
from .text import HEADING, LIST_ITEM, PARAGRAPH, Block, ParsedText

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def _flusher(blocks: list[Block], buffer: list[str]):
    def flush():
        if buffer:
            blocks.append(Block(PARAGRAPH, " ".join(s.strip() for s in buffer)))
            buffer.clear()

    return flush


def parse_plain_text(text: str, *, markdown: bool = False) -> ParsedText:
    """Blocks from plain text or Markdown: blank lines separate blocks; Markdown ``#`` lines
    are headings; lines starting with a list marker are list items."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        buffer: list[str] = []
        flush = _flusher(blocks, buffer)

        for line in lines:
            heading = _MD_HEADING.match(line.strip()) if markdown else None
            item = LIST_MARKER.match(line)
            if heading:
                flush()
                blocks.append(Block(HEADING, heading.group(2).strip(), level=len(heading.group(1))))
            elif item:
                flush()
                depth = 1 + (len(line) - len(line.lstrip())) // 2
                blocks.append(
                    Block(LIST_ITEM, item.group(2).strip(), level=depth, marker=item.group(1))
                )
            elif blocks and blocks[-1].kind == LIST_ITEM and not buffer and line.startswith(" "):
                blocks[-1].text += " " + line.strip()
            else:
                buffer.append(line)
        flush()
    title = next((b.text for b in blocks if b.kind == HEADING), None)
    return ParsedText(
        blocks=blocks, mime="text/markdown" if markdown else "text/plain", title=title
    )


def parse_bytes(data: bytes, limits: Limits | None = None) -> ParsedText:
    """Detect the type of ``data``, read it, detect its language. Raises ``Rejected``."""
    limits = limits or Limits()
    if not data:
        raise Rejected("empty")
    if len(data) > limits.max_bytes:
        raise Rejected("too_large", size_mb=mb(len(data)), limit_mb=mb(limits.max_bytes))
    kind = sniff(data)
    if kind == PDF:
        parsed = parse_pdf(data, limits)
    elif kind == ZIP:
        parsed = parse_docx(data, limits)
    else:
        text = decode_text(data)
        mime = text_kind(text)
        if mime == HTML:
            parsed = parse_html(text, limits)
        else:
            parsed = parse_plain_text(text, markdown=mime == MARKDOWN)
            if not parsed.blocks:
                raise Rejected("no_text")
    _detect_languages(parsed)
    return parsed


def parse_file(path: str | Path, limits: Limits | None = None) -> ParsedText:
    limits = limits or Limits()
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise Rejected("too_large", size_mb=mb(size), limit_mb=mb(limits.max_bytes))
        data = path.read_bytes()
    except OSError as exc:
        raise Rejected("unreadable", detail=exc.strerror or type(exc).__name__) from exc
    return parse_bytes(data, limits)


def _detect_languages(parsed: ParsedText) -> None:
    parsed.language = detect_language(parsed.text)
    for block in parsed.blocks:
        # Short blocks (headings, list items) say too little to tell.
        block.language = detect_language(block.text) if len(block.text) >= 120 else None
