"""Turn a file into ``ParsedText``. (To be completed by the ingestion work: PDF, DOCX, HTML,
type detection from content, limits. Plain text and Markdown are read here already.)"""

from __future__ import annotations

import re
from pathlib import Path

from .text import HEADING, LIST_ITEM, PARAGRAPH, Block, ParsedText

_LIST = re.compile(r"^\s*((?:\d{1,3}|[a-z]|[ivx]{1,5})[.)]|[-*•·–])\s+(.*)$", re.S)
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
            item = _LIST.match(line)
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


def parse_file(path: str | Path) -> ParsedText:
    path = Path(path)
    raw = path.read_bytes().decode("utf-8", errors="replace")
    return parse_plain_text(raw, markdown=path.suffix.lower() in {".md", ".markdown"})
