"""HTML: headings, paragraphs and list items from the markup; scripts, styles, frames and other
active content are dropped (cleaned, not refused). The standard library parser is iterative, so
deep nesting costs no recursion; beyond ``max_depth`` levels the file is refused."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..reasons import Rejected
from ..text import HEADING, LIST_ITEM, PARAGRAPH, Block, ParsedText
from . import Limits

SKIP = {"script", "style", "iframe", "noscript", "template", "svg", "object", "embed", "head",
        "math", "frame", "frameset", "canvas", "audio", "video", "select", "button", "form"}  # noqa: E501  # fmt: skip
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}  # fmt: skip
AUTO_CLOSED = {"p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot"}
BLOCKS = {"p", "div", "section", "article", "blockquote", "td", "th", "dd", "dt", "pre",
          "address", "figcaption", "caption", "main", "header", "footer", "aside", "nav",
          "table", "tr", "body", "center"}  # fmt: skip


class _Reader(HTMLParser):
    def __init__(self, limits: Limits):
        super().__init__(convert_charrefs=True)
        self.limits = limits
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.kind = PARAGRAPH
        self.level = 0
        self.marker = ""
        self.lists: list[list] = []  # [tag, counter]
        self.skip = 0
        self.depth = 0
        self.title_parts: list[str] = []
        self.in_title = False

    def flush(self):
        text = re.sub(r"\s+", " ", "".join(self.buffer)).strip()
        self.buffer.clear()
        if text:
            self.blocks.append(Block(self.kind, text, level=self.level, marker=self.marker))
        self.kind, self.level, self.marker = PARAGRAPH, 0, ""

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        if tag == "body":
            self.skip = 0  # a missing </head> must not hide the whole page
        if tag in SKIP:
            self.skip += 1
            return
        if tag not in VOID and tag not in AUTO_CLOSED:
            self.depth += 1
            if self.depth > self.limits.max_depth:
                raise Rejected("too_deep", limit=self.limits.max_depth)
        if self.skip:
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.flush()
            self.kind, self.level = HEADING, int(tag[1])
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append([tag, 0])
        elif tag == "li":
            self.flush()
            self.kind, self.level = LIST_ITEM, max(1, len(self.lists))
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self.marker = f"{self.lists[-1][1]}."
            else:
                self.marker = "•"
        elif tag in BLOCKS:
            if self.kind != LIST_ITEM:
                self.flush()
        elif tag == "br":
            self.buffer.append(" ")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag not in VOID and tag not in AUTO_CLOSED:
            self.depth = max(0, self.depth - 1)
        if self.skip:
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "li") or (
            tag in BLOCKS and self.kind != LIST_ITEM
        ):
            self.flush()
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
        if not self.skip:
            self.buffer.append(data)


def parse_html(text: str, limits: Limits) -> ParsedText:
    reader = _Reader(limits)
    try:
        reader.feed(text)
        reader.close()
    except Rejected:
        raise
    except (AssertionError, ValueError) as exc:  # html.parser's rare hard failures
        raise Rejected("corrupt", format="HTML", detail=str(exc)[:120]) from exc
    reader.flush()
    if not reader.blocks:
        raise Rejected("no_text")
    title = re.sub(r"\s+", " ", "".join(reader.title_parts)).strip() or next(
        (b.text for b in reader.blocks if b.kind == HEADING), None
    )
    return ParsedText(blocks=reader.blocks, mime="text/html", title=title)
