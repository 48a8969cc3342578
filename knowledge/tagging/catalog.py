"""The framework items tagging can suggest, read once from the database (``frameworks``).

A ``Catalog`` is plain data (no ORM objects), so the matchers are pure functions and the
catalog can be cached per process; it is rebuilt when the items change (their count or last
modification time).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

LEXICON = Path(__file__).with_name("lexicon.json")


@dataclass(frozen=True)
class Item:
    uid: str
    framework: str
    code: str
    kind: str
    number: str
    parent: str | None
    domain: str | None
    title: str
    text: str


@dataclass
class Catalog:
    items: dict[str, Item] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    lexicon: dict[str, dict[str, str]] = field(default_factory=dict)

    def by_code(self, framework: str, code: str) -> Item | None:
        return self.items.get(f"{framework}/{code}")

    def in_frameworks(self, frameworks) -> list[Item]:
        return [i for i in self.items.values() if i.framework in frameworks]

    def descendants(self, uid: str) -> list[str]:
        out, stack = [], list(self.children.get(uid, ()))
        while stack:
            child = stack.pop()
            out.append(child)
            stack.extend(self.children.get(child, ()))
        return out


def load_lexicon(path: Path = LEXICON) -> dict[str, dict[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {}
    for entry in data["entries"]:
        for uid in entry["uids"]:
            out[uid] = {"en": entry.get("en", ""), "fr": entry.get("fr", "")}
    return out


def build_catalog(rows, lexicon=None) -> Catalog:
    """``rows``: dicts with uid, framework, code, kind, number, parent (uid or None),
    title_en, title_fr, text_en, text_fr."""
    rows = list(rows)
    parents = {r["uid"]: r["parent"] for r in rows}

    def domain_of(uid):
        seen = set()
        while uid and uid not in seen:
            seen.add(uid)
            row = by_uid.get(uid)
            if row is None:
                return None
            if row["kind"] == "domain":
                return uid
            uid = parents.get(uid)
        return None

    by_uid = {r["uid"]: r for r in rows}
    catalog = Catalog(lexicon=lexicon if lexicon is not None else load_lexicon())
    for r in rows:
        title = " ".join(t for t in (r.get("title_en"), r.get("title_fr")) if t)
        text = " ".join(t for t in (r.get("text_en"), r.get("text_fr")) if t)
        catalog.items[r["uid"]] = Item(
            uid=r["uid"],
            framework=r["framework"],
            code=r["code"],
            kind=r["kind"],
            number=r["number"],
            parent=r["parent"],
            domain=domain_of(r["uid"]),
            title=title,
            text=text,
        )
        if r["parent"]:
            catalog.children.setdefault(r["parent"], []).append(r["uid"])
    return catalog


_cache: dict = {}


def current_catalog() -> Catalog:
    """The catalog of every framework item in the database (cached until items change)."""
    from django.db.models import Count, Max

    from frameworks.models import FrameworkItem

    signature = tuple(FrameworkItem.objects.aggregate(n=Count("id"), t=Max("updated_at")).values())
    cached = _cache.get("catalog")
    if cached and cached[0] == signature:
        return cached[1]
    rows = [
        {
            "uid": item.uid,
            "framework": item.framework.slug,
            "code": item.code,
            "kind": item.kind,
            "number": item.number,
            "parent": item.parent.uid if item.parent_id else None,
            "title_en": item.title_en,
            "title_fr": item.title_fr,
            "text_en": item.text_en,
            "text_fr": item.text_fr,
        }
        for item in FrameworkItem.objects.select_related("framework", "parent")
    ]
    catalog = build_catalog(rows)
    _cache["catalog"] = (signature, catalog)
    return catalog


def clear_cache() -> None:
    _cache.clear()
