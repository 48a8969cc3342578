"""Sources as the reference data write them, turned into links: one rule for every page.

A record's ``source`` joins its sources with `` ; `` (or new lines): a web address (optionally
followed by a remark), ``corpus: <file name>`` for one of the Dialogue's documents the
platform holds, or plain words. ``split_sources`` gives ``{"label", "url", "corpus"}`` for each;
pages that can find a corpus document in the library (``meetings.selectors.source_links``)
replace it by a link to that document.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

WEB_ADDRESS = re.compile(r"https?://[^\s;,)]+")


def split_sources(*texts: str) -> list[dict]:
    """Every source named in ``texts``, in order, without repeats."""
    found, seen = [], set()
    for text in texts:
        for chunk in (text or "").splitlines():
            for part in (p.strip() for p in chunk.split(" ; ")):
                if not part:
                    continue
                entry = _entry(part)
                key = entry["url"] or entry["label"]
                if key not in seen:
                    seen.add(key)
                    found.append(entry)
    return found


def _entry(part: str) -> dict:
    if part.startswith(("http://", "https://")):
        url, _space, remark = part.partition(" ")
        address = urlsplit(url)
        label = (address.netloc + address.path).rstrip("/")
        return {"label": f"{label} {remark}".strip(), "url": url, "corpus": ""}
    if part.startswith("corpus:"):
        name = part.removeprefix("corpus:").strip()
        return {"label": name, "url": "", "corpus": name}
    return {"label": part, "url": "", "corpus": ""}


def web_addresses(text: str) -> list[str]:
    """The web addresses quoted inside an editorial note (e.g. "Region source: https://…")."""
    return WEB_ADDRESS.findall(text or "")
