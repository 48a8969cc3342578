"""Format-specific readers behind ``knowledge.parsing.parse_file``.

Each reader takes bytes and ``Limits`` and returns a ``ParsedText`` or raises
``knowledge.reasons.Rejected``. They run in the parser child process (``knowledge.worker``),
never in the web process.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

# A list item as written: its marker ("1." "a)" "(a)" "(iv)", a dash or a bullet, including
# the glyphs of Word's Symbol and Wingdings fonts that text copied or printed from Word keeps:
# U+F0B7 , U+F0A7 , ...), then the text.
BULLETS = "-*•·–▪◦●○■□➢►▶✓✔\uf0a7\uf0b7\uf0d8\uf076\uf0fc"
LIST_MARKER = re.compile(
    r"^\s*((?:\d{1,3}|[a-z]|[ivx]{1,5})[.)]|\((?:\d{1,3}|[a-z]|[ivx]{1,5})\)"
    rf"|[{re.escape(BULLETS)}])\s+(.*)$",
    re.S,
)


@dataclass(frozen=True)
class Limits:
    """What a single file may cost. Defaults suit the Dialogue's reports (tens of pages)."""

    max_bytes: int = 50 * 1024 * 1024
    max_decompressed: int = 256 * 1024 * 1024
    max_parts: int = 2_000
    max_pages: int = 3_000
    max_depth: int = 400
    max_ratio: int = 200

    def as_dict(self) -> dict:
        return asdict(self)


def mb(value: int) -> str:
    return f"{value / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
