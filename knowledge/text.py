"""The structured text of a document, as every parser returns it and every consumer reads it.

Parsers (``knowledge.parsing``) turn a file into a ``ParsedText``; extraction
(``knowledge.extract``), tagging and search read the blocks. Fields may be added, never renamed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
BLOCK_KINDS = (HEADING, PARAGRAPH, LIST_ITEM)


@dataclass
class Block:
    """One heading, paragraph or list item.

    ``level`` is the heading level (1 = title) or the list nesting depth (1 = top);
    ``marker`` is the list marker as written ("1.", "a)", "-", "•"), empty otherwise;
    ``page`` is the 1-based page number where the block starts, ``None`` if the format has no
    pages.
    """

    kind: str
    text: str
    level: int = 0
    marker: str = ""
    page: int | None = None
    language: str | None = None  # of this block alone, when long enough to tell


@dataclass
class ParsedText:
    blocks: list[Block] = field(default_factory=list)
    mime: str = "text/plain"
    language: str | None = None  # "en", "fr" or None when unsure
    pages: int | None = None
    title: str | None = None  # from metadata or the first heading, if any

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ParsedText:
        """The inverse of ``as_dict`` (the parser child sends its result as JSON)."""
        fields = {k: v for k, v in data.items() if k != "blocks" and k in cls.__dataclass_fields__}
        return cls(blocks=[Block(**block) for block in data.get("blocks", [])], **fields)
