"""One full-text interface over two engines: SQLite FTS5 (the embedded default) and
PostgreSQL full-text search (production). ``get_backend()`` picks the one of the database.

A backend answers two questions about ``SearchEntry`` rows:
- ``match(query)``: an SQL subquery of the ids of the entries that match (for filtering,
  counting and facets, combined with the visibility rules by the caller);
- ``rank(query, ids)``: a relevance score for each of those ids (higher is better).
"""

from __future__ import annotations

from django.db import connection
from django.db.models.expressions import RawSQL

from .query import Query


class Backend:
    vendor = ""

    def match(self, query: Query) -> RawSQL:
        raise NotImplementedError

    def rank(self, query: Query, ids: list[int]) -> dict[int, float]:
        raise NotImplementedError


class SQLiteFTS5Backend(Backend):
    """FTS5 table ``search_entry_fts`` (external content, porter + unicode61 without
    diacritics); ranking is bm25 with titles weighted ten times the body."""

    vendor = "sqlite"

    def match(self, query: Query) -> RawSQL:
        return RawSQL(
            "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s", (query.fts5(),)
        )

    def rank(self, query: Query, ids: list[int]) -> dict[int, float]:
        if not ids:
            return {}
        out: dict[int, float] = {}
        with connection.cursor() as cursor:
            if len(ids) > 300:
                # FTS5 answers "rowid IN (...)" with one lookup per rowid: for many ids one
                # pass over every match (bm25 computed in C) is far cheaper.
                wanted = set(ids)
                cursor.execute(
                    "SELECT rowid, bm25(search_entry_fts, 10.0, 10.0, 1.0) FROM search_entry_fts "
                    "WHERE search_entry_fts MATCH %s",
                    [query.fts5()],
                )
                return {rowid: -score for rowid, score in cursor.fetchall() if rowid in wanted}
            marks = ",".join(["%s"] * len(ids))
            cursor.execute(
                "SELECT rowid, bm25(search_entry_fts, 10.0, 10.0, 1.0) FROM search_entry_fts "
                f"WHERE search_entry_fts MATCH %s AND rowid IN ({marks})",
                [query.fts5(), *ids],
            )
            # bm25() is lower for better matches: negate so that higher is better.
            out.update((rowid, -score) for rowid, score in cursor.fetchall())
        return out


class PostgresBackend(Backend):
    """Generated ``tsv`` column (English or French configuration by the entry's language,
    titles weight A, body B) with a GIN index; the query is parsed by
    ``websearch_to_tsquery`` in both configurations."""

    vendor = "postgresql"
    TSQUERY = (
        "(websearch_to_tsquery('english'::regconfig, %s) "
        "|| websearch_to_tsquery('french'::regconfig, %s))"
    )

    def match(self, query: Query) -> RawSQL:
        q = query.websearch()
        return RawSQL(f"SELECT id FROM search_searchentry WHERE tsv @@ {self.TSQUERY}", (q, q))

    def rank(self, query: Query, ids: list[int]) -> dict[int, float]:
        if not ids:
            return {}
        q = query.websearch()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, ts_rank_cd(tsv, {self.TSQUERY}, 1) FROM search_searchentry "
                "WHERE id = ANY(%s)",
                [q, q, list(ids)],
            )
            return {row[0]: float(row[1]) for row in cursor.fetchall()}


BACKENDS = {"sqlite": SQLiteFTS5Backend, "postgresql": PostgresBackend}


def get_backend() -> Backend:
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise NotImplementedError(f"no search backend for {connection.vendor}") from None
