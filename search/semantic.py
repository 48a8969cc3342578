"""Optional semantic search: passages and records embedded with the tagging model
(``knowledge.tagging.semantic``), exact cosine search with numpy.

The vectors live in one file (``RABAT_SEARCH_VECTORS``, default ``var/search-vectors.npz``)
written by ``rabat search_index --embed``; each process loads it once (again when the file
changes). Visibility: an entry of a document the user may not see is masked out before
ranking, and filters go through the same restricted queryset as the full-text search.
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings

from knowledge.tagging import semantic as model

from . import highlight
from .models import SearchEntry

_lock = threading.Lock()
_loaded: dict = {}
TOP_K = 200


def available() -> bool:
    return model.available() and vectors_path().exists()


def vectors_path() -> Path:
    default = Path(settings.BASE_DIR) / "var" / "search-vectors.npz"
    return Path(getattr(settings, "RABAT_SEARCH_VECTORS", default))


def save(ids, document_ids, vectors, path: Path | None = None) -> Path:
    import numpy as np

    path = path or vectors_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(
        path,
        ids=np.asarray(ids, dtype=np.int64),
        document_ids=np.asarray(document_ids, dtype=np.int64),
        vectors=np.asarray(vectors, dtype=np.float32),
    )
    return path


def load(path: Path | None = None):
    import numpy as np

    path = path or vectors_path()
    stamp = path.stat().st_mtime_ns
    cached = _loaded.get(str(path))
    if cached and cached[0] == stamp:
        return cached[1]
    with _lock:
        data = np.load(path)
        arrays = (data["ids"], data["document_ids"], data["vectors"])
        _loaded[str(path)] = (stamp, arrays)
    return arrays


def embed_all(batch: int = 64, stdout=None) -> int:
    """Embed every entry (title and text) and write the vectors file."""
    rows = list(
        SearchEntry.objects.order_by("id").values_list("id", "document_id", "title_en", "body")
    )
    texts = [f"{title}. {body}"[:2000] for _i, _d, title, body in rows]
    vectors = model.encode(texts, batch_size=batch) if texts else []
    save([r[0] for r in rows], [r[1] or -1 for r in rows], vectors)
    if stdout is not None:
        stdout.write(f"embedded {len(rows)} entries into {vectors_path()}")
    return len(rows)


def nearest(query_vector, ids, document_ids, vectors, visible_documents, allowed_ids=None, k=TOP_K):
    """(ids, scores) of the ``k`` entries closest to ``query_vector`` among those the user may
    see: entries without a document, or of a visible document (and in ``allowed_ids`` when the
    caller filtered)."""
    import numpy as np

    mask = (document_ids < 0) | np.isin(document_ids, np.fromiter(visible_documents, np.int64))
    if allowed_ids is not None:
        mask &= np.isin(ids, np.fromiter(allowed_ids, np.int64))
    scores = vectors @ query_vector
    scores = np.where(mask, scores, -np.inf)
    k = min(k, int(mask.sum()))
    if k <= 0:
        return [], []
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top])]
    return ids[top].tolist(), scores[top].tolist()


def search(out, filtered, user):
    from .selectors import Result, facet_counts, visible_document_ids

    ids, document_ids, vectors = load()
    query_vector = model.encode([out.query.raw])[0]
    allowed = None
    if out.filters.pairs():
        allowed = set(filtered.values_list("id", flat=True))
    top_ids, top_scores = nearest(
        query_vector, ids, document_ids, vectors, visible_document_ids(user), allowed
    )
    # The file may be older than the index: keep only entries that still exist and are visible.
    existing = filtered.filter(id__in=top_ids).select_related("document").in_bulk(top_ids)
    ranked = [(pk, s) for pk, s in zip(top_ids, top_scores, strict=True) if pk in existing]
    out.total = len(ranked)
    start = (out.page - 1) * out.per_page
    for pk, score in ranked[start : start + out.per_page]:
        entry = existing[pk]
        out.results.append(
            Result(
                entry=entry,
                score=round(float(score), 4),
                tier=3,
                title=highlight.mark(entry.title, out.query),
                snippet=highlight.snippet(entry.body, out.query),
            )
        )
    out.facets = facet_counts(filtered.filter(id__in=[pk for pk, _s in ranked]))
    return out
