"""Optional semantic search: entries embedded with the tagging model
(``knowledge.tagging.semantic``, the ``[semantic]`` extra), exact cosine search with numpy.

Storage: one ``SearchVector`` row per entry (float32 bytes), written by
``rabat search_index --embed`` and then kept in step with the records: every save that changes
an entry's text re-embeds it after the transaction commits (``schedule``), a deleted entry
takes its vector with it. Without the extra, or before the first ``--embed``, nothing is
embedded and the full-text search works alone.

Search: each process keeps every vector in one normalised float32 matrix (100,000 x 384 =
150 MB), loaded once and brought up to date when the table changes (an indexed
``max(stamp)`` per search: new and changed vectors are read by stamp; deleted ones are dropped
within seconds, see ``index``). A query is one matrix-vector product and ``argpartition`` for
the best ``OVERFETCH x TOP_K``; visibility and filters are then applied to those few ids (the
visibility rule of ``SearchEntry.objects.restrict``, or the restricted and filtered
queryset). When too few of them survive (a narrow filter, a user who sees little), the search
is redone with the mask of every allowed id.
"""

from __future__ import annotations

import threading
import time

from django.db import connection, transaction

from knowledge.tagging import semantic as model

from . import highlight
from .models import SearchEntry, SearchVector

TOP_K = 200
OVERFETCH = 3
# Vectors written this long before the newest one this process loaded are read again: stamps
# come from the writers' clocks, and a transaction may commit after a later one.
STAMP_MARGIN_NS = 120 * 10**9
DIMENSIONS = 384
DELETED_CHECK_S = 5.0

_lock = threading.Lock()
_index = None


def available() -> bool:
    """The extra is installed and the vectors were written (``rabat search_index --embed``)."""
    return model.available() and SearchVector.objects.exists()


def encode_query(text: str):
    """The query's vector, computed on ONE thread: for a single sentence a second thread only
    adds synchronisation, which on a busy machine multiplies the time by ten or more
    (measured: 31-37 ms on one thread, 258-740 ms on two, load average 4 on 2 cores)."""
    import torch

    model.model()  # loaded (it sets the process's thread count for batch embedding)
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return model.encode([text])[0]
    finally:
        torch.set_num_threads(previous)


def entry_text(title: str, body: str) -> str:
    return f"{title}. {body}"[:2000]


def _to_bytes(vector) -> bytes:
    import numpy as np

    return np.asarray(vector, dtype=np.float32).tobytes()


def store(entry_ids, vectors) -> None:
    """Write (insert or replace) the vectors of ``entry_ids``."""
    stamp = time.time_ns()
    rows = [
        SearchVector(entry_id=pk, vector=_to_bytes(v), stamp=stamp)
        for pk, v in zip(entry_ids, vectors, strict=True)
    ]
    with transaction.atomic():
        SearchVector.objects.filter(entry_id__in=list(entry_ids)).delete()
        SearchVector.objects.bulk_create(rows, batch_size=2000)


def embed_entries(entry_ids, batch: int = 64) -> int:
    """Embed the entries ``entry_ids`` (those that still exist) and store their vectors."""
    rows = list(
        SearchEntry.objects.filter(id__in=list(entry_ids))
        .order_by("id")
        .values_list("id", "title_en", "body")
    )
    if not rows:
        return 0
    vectors = model.encode([entry_text(t, b) for _pk, t, b in rows], batch_size=batch)
    store([r[0] for r in rows], vectors)
    return len(rows)


def embed_all(batch: int = 64, stdout=None) -> int:
    """Embed every entry (title and text), replacing every stored vector."""
    ids = list(SearchEntry.objects.order_by("id").values_list("id", flat=True))
    SearchVector.objects.all().delete()
    done = 0
    for start in range(0, len(ids), 2000):
        done += embed_entries(ids[start : start + 2000], batch=batch)
    if stdout is not None:
        stdout.write(f"embedded {done} entries")
    return done


def schedule(entry_ids) -> None:
    """After the current transaction commits, re-embed ``entry_ids`` (their text changed) when
    semantic search is in use here: the extra is installed and ``--embed`` has run."""
    entry_ids = list(entry_ids)
    if not entry_ids or not model.available():
        return

    def run():
        if SearchVector.objects.exists():
            embed_entries(entry_ids)

    transaction.on_commit(run)


class Index:
    """Every stored vector of this process: ``ids[i]`` is the entry of ``matrix[i]``."""

    def __init__(self):
        import numpy as np

        self.ids = np.zeros(0, dtype=np.int64)
        self.matrix = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self.row = {}
        self.count = 0
        self.stamp = 0
        self.checked = 0.0  # time.monotonic() of the last count of the table

    def apply(self, rows) -> None:
        """Insert or replace ``(entry_id, bytes, stamp)`` rows."""
        import numpy as np

        new_ids, new_vectors = [], []
        for pk, blob, stamp in rows:
            vector = np.frombuffer(bytes(blob), dtype=np.float32)
            self.stamp = max(self.stamp, stamp)
            if vector.shape != (DIMENSIONS,):  # not a vector of this model: never matched
                vector = np.zeros(DIMENSIONS, dtype=np.float32)
            if pk in self.row:
                self.matrix[self.row[pk]] = vector
            else:
                self.row[pk] = len(self.ids) + len(new_ids)
                new_ids.append(pk)
                new_vectors.append(vector)
        if new_ids:
            self.ids = np.concatenate([self.ids, np.asarray(new_ids, dtype=np.int64)])
            self.matrix = np.vstack([self.matrix, np.vstack(new_vectors)])

    def keep(self, present: set[int]) -> None:
        """Drop the vectors whose entry is gone."""
        import numpy as np

        mask = np.fromiter((int(pk) in present for pk in self.ids), dtype=bool, count=len(self.ids))
        self.ids, self.matrix = self.ids[mask], self.matrix[mask]
        self.row = {int(pk): i for i, pk in enumerate(self.ids)}


def _newest_stamp() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(stamp) FROM {SearchVector._meta.db_table}")
        return cursor.fetchone()[0] or 0


def _count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {SearchVector._meta.db_table}")
        return cursor.fetchone()[0]


def index(*, check_deleted: bool = False) -> Index:
    """The vectors, up to date with the table: new and changed vectors at every call (one
    indexed ``max(stamp)``), deleted ones at most every ``DELETED_CHECK_S`` seconds (a
    ``count(*)``, a few milliseconds at 100,000 rows). Until then a deleted entry's vector may
    still be among the nearest, where the visibility check drops it like any invisible one."""
    global _index
    stamp = _newest_stamp()
    current = _index
    now = time.monotonic()
    stale = check_deleted or current is None or now - current.checked > DELETED_CHECK_S
    count = _count() if stale else None
    if current is not None and current.stamp == stamp and count in (None, current.count):
        if stale:
            current.checked = now
        return current
    with _lock:
        fresh = _index if _index is not None else Index()
        since = fresh.stamp - STAMP_MARGIN_NS if fresh.count else -1
        rows = SearchVector.objects.filter(stamp__gt=since).values_list(
            "entry_id", "vector", "stamp"
        )
        fresh.apply(rows.iterator(chunk_size=5000))
        count = _count() if count is None else count
        if len(fresh.ids) != count:
            fresh.keep(set(SearchVector.objects.values_list("entry_id", flat=True)))
        fresh.count, fresh.stamp, fresh.checked = len(fresh.ids), max(fresh.stamp, stamp), now
        _index = fresh
    return fresh


def nearest(index: Index, query_vector, k: int, allowed_ids=None):
    """(ids, scores) of the ``k`` vectors closest to ``query_vector``, best first (only among
    ``allowed_ids`` when given)."""
    import numpy as np

    if not len(index.ids):
        return [], []
    scores = index.matrix @ np.asarray(query_vector, dtype=np.float32)
    if allowed_ids is not None:
        mask = np.isin(index.ids, np.fromiter(allowed_ids, np.int64))
        scores = np.where(mask, scores, -np.inf)
        k = min(k, int(mask.sum()))
    k = min(k, len(scores))
    if k <= 0:
        return [], []
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    return index.ids[top].tolist(), scores[top].tolist()


def search(out, filtered, user):
    """The best TOP_K entries of ``filtered`` (restricted to what ``user`` may see, and
    filtered) by cosine similarity to the query."""
    from .backends import get_backend
    from .models import visibilities
    from .selectors import PAGE_FIELDS, Result, _facets_from_tags

    vectors = index()
    query_vector = encode_query(out.query.raw)
    top_ids, top_scores = nearest(vectors, query_vector, TOP_K * OVERFETCH)
    if out.filters.pairs():
        tags = dict(filtered.filter(id__in=top_ids).values_list("id", "tags"))
    else:  # visibility alone: one query without the ORM's work per id
        tags = dict(get_backend().rows(top_ids, ["id", "tags"], visibilities(user)))
    ranked = [(pk, s) for pk, s in zip(top_ids, top_scores, strict=True) if pk in tags]
    if len(ranked) < TOP_K and len(top_ids) < len(vectors.ids):
        # Too few of the nearest may be shown: search among the allowed ones only.
        tags = dict(filtered.values_list("id", "tags"))
        top_ids, top_scores = nearest(vectors, query_vector, TOP_K, set(tags))
        ranked = list(zip(top_ids, top_scores, strict=True))
    ranked = ranked[:TOP_K]
    out.total = len(ranked)
    start = (out.page - 1) * out.per_page
    page = ranked[start : start + out.per_page]
    entries = (
        filtered.select_related("document").only(*PAGE_FIELDS).in_bulk([pk for pk, _s in page])
    )
    for pk, score in page:
        entry = entries[pk]
        out.results.append(
            Result(
                entry=entry,
                score=round(float(score), 4),
                tier=3,
                title=highlight.mark(entry.title, out.query),
                snippet=highlight.snippet(entry.body, out.query),
            )
        )
    out.facets = _facets_from_tags(tags[pk] for pk, _s in ranked)
    return out
