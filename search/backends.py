"""One full-text interface over two engines: SQLite FTS5 (the embedded default) and
PostgreSQL full-text search (production). ``get_backend()`` picks the one of the database.

A backend answers one question, ``candidates(query, visibilities, filters, item_groups, cap)``:
how many entries match (with the visibility rule and the filters applied: exactly on SQLite, up
to ``count_cap()`` on PostgreSQL), and a relevance score for at most ``cap`` of them (plus up
to ``cap // 2`` on SQLite, ``cap // 10`` on PostgreSQL, entries whose title matches, so that
title matches are never lost in a large result set). The scored candidates may include
entries the user may not see, which ``rows()`` (visible only) drops: the caller reads every
candidate through it.

Cost model (docs/search.md): counting is cheap in FTS5 and costs a table row per match in
PostgreSQL; scoring costs per match in both (bm25 ~3 µs per match in FTS5: 300 ms for 100,000
matches). So when a query matches more than ``cap`` entries, the engines score a sample of
``cap`` matches (SQLite: the most recently indexed ones, which the index yields without
reading the others; PostgreSQL: the first the GIN bitmap yields) instead of every match.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import connection, transaction

from .query import Query, tag


@dataclass
class Candidates:
    total: int = 0
    scores: dict[int, float] = field(default_factory=dict)  # entry id -> relevance (higher best)
    title_ids: set[int] = field(default_factory=set)  # entries whose title holds every word
    exhaustive: bool = True  # every match was scored (total <= cap)
    total_exact: bool = True  # False: more than ``total`` match (PostgreSQL, ``count_cap()``)


def count_cap() -> int:
    """PostgreSQL counts the matches up to this number, then says "more than"
    (``RABAT_SEARCH_COUNT_CAP``). SQLite counts every match in its index (milliseconds)."""
    from django.conf import settings

    return int(getattr(settings, "RABAT_SEARCH_COUNT_CAP", 10_000))


class Backend:
    vendor = ""

    def ids_clause(self, ids) -> tuple[str, list]:
        raise NotImplementedError

    def rows(self, ids, columns: list[str], visibilities) -> list[tuple]:
        """``columns`` of the entries ``ids`` that are visible (one query, none of the ORM's
        per-value work for a thousand ids)."""
        if not ids:
            return []
        clause, params = self.ids_clause(ids)
        marks = ", ".join(["%s"] * len(visibilities))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(columns)} FROM search_searchentry "
                f"WHERE {clause} AND visibility IN ({marks})",
                [*params, *visibilities],
            )
            return cursor.fetchall()

    def candidates(self, query: Query, visibilities, filters, item_groups, cap: int) -> Candidates:
        raise NotImplementedError


class SQLiteFTS5Backend(Backend):
    """FTS5 table ``search_entry_fts`` over ``title_en``, ``title_fr``, ``body`` and ``tags``
    (external content, porter + unicode61 without diacritics). The user's words are matched in
    the three text columns only; visibility and filters are words of the ``tags`` column
    (``query.tag``), so that the index alone answers "how many visible entries match". Ranking
    is bm25 with titles weighted ten times the body."""

    vendor = "sqlite"

    def ids_clause(self, ids):
        return "id IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]

    BM25 = "bm25(search_entry_fts, 10.0, 10.0, 1.0, 0.0)"

    @staticmethod
    def expression(query: Query, visibilities, filters, item_groups, columns: str) -> str:
        def any_of(words):
            return "tags : (" + " OR ".join(words) + ")"

        parts = [f"{{{columns}}} : ({query.fts5()})"]
        if visibilities is not None:
            parts.append(any_of([tag("v", v) for v in visibilities]))
        if filters is not None:
            for key, name in (("kind", "k"), ("year", "y"), ("language", "l")):
                values = getattr(filters, key)
                if values:
                    parts.append(any_of([tag(name, v) for v in values]))
            for iso2 in filters.country:
                parts.append(any_of([tag("c", iso2)]))
        for uids in item_groups or ():
            parts.append(any_of([tag("i", u) for u in sorted(uids)]))
        return " AND ".join(parts)

    def candidates(self, query, visibilities, filters, item_groups, cap):
        columns = "title_en title_fr body"
        counted = self.expression(query, visibilities, filters, item_groups, columns)
        # The scored queries leave the visibility word out: bm25() costs in proportion to the
        # phrases of the expression, and that word is in nearly every entry (twice the time
        # for nothing). The caller keeps the visible candidates (``rows``).
        scored = self.expression(query, None, filters, item_groups, columns)
        out = Candidates()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM search_entry_fts WHERE search_entry_fts MATCH %s", [counted]
            )
            out.total = cursor.fetchone()[0]
            if not out.total:
                return out
            select = (
                f"SELECT rowid, {self.BM25} FROM search_entry_fts WHERE search_entry_fts MATCH %s"
                " ORDER BY rowid DESC LIMIT %s"
            )
            if out.total <= cap:  # every match (and some invisible ones), scored in C
                cursor.execute(select, [scored, 2 * cap])
                out.scores = {rowid: -score for rowid, score in cursor.fetchall()}
                return out
            out.exhaustive = False
            title = self.expression(query, None, filters, item_groups, "title_en title_fr")
            cursor.execute(select, [title, cap // 2])
            titled = cursor.fetchall()
            cursor.execute(select, [scored, cap])
            # bm25() is lower for better matches: negate so that higher is better.
            out.scores = {rowid: -score for rowid, score in cursor.fetchall()}
            for rowid, score in titled:
                out.scores.setdefault(rowid, -score)
            out.title_ids = {rowid for rowid, _score in titled}
        return out


class PostgresBackend(Backend):
    """Generated ``tsv`` column (English or French configuration by the entry's language,
    titles weight A, body B) with a GIN index; the query is parsed by
    ``websearch_to_tsquery`` in both configurations. Visibility and filters are ordinary
    columns of the same table (and ``search_searchfacet`` for countries and items)."""

    vendor = "postgresql"

    def ids_clause(self, ids):
        return "id = ANY(%s)", [list(ids)]

    TSQUERY = (
        "(websearch_to_tsquery('english'::regconfig, %s) "
        "|| websearch_to_tsquery('french'::regconfig, %s))"
    )

    def where(self, query, visibilities, filters, item_groups):
        q = query.websearch()
        clauses, params = [f"e.tsv @@ {self.TSQUERY}"], [q, q]
        if visibilities is not None:
            clauses.append("e.visibility = ANY(%s)")
            params.append(list(visibilities))
        if filters is not None:
            for key in ("kind", "year", "language"):
                values = getattr(filters, key)
                if values:
                    clauses.append(f"e.{key} = ANY(%s)")
                    params.append(list(values))
            groups = [("country", [v]) for v in filters.country]
        else:
            groups = []
        groups += [("item", sorted(uids)) for uids in item_groups or ()]
        for name, values in groups:
            clauses.append(
                "EXISTS (SELECT 1 FROM search_searchfacet f WHERE f.entry_id = e.id "
                "AND f.name = %s AND f.value = ANY(%s))"
            )
            params += [name, values]
        return " AND ".join(clauses), params

    def candidates(self, query, visibilities, filters, item_groups, cap):
        """One pass over the GIN index: the first ``count_cap() + 1`` matches are counted, the
        first ``cap`` of them scored (``ts_rank_cd``, titles A, text B); when there are more,
        up to ``cap // 10`` matches in titles (``ts_filter`` to weight A) are added (each costs
        a table row read: the first page needs a few, not hundreds)."""
        where, params = self.where(query, visibilities, filters, item_groups)
        q = query.websearch()
        limit = count_cap()
        out = Candidates()
        with transaction.atomic(), connection.cursor() as cursor:
            # With a LIMIT, the planner misjudges how many rows match a tsquery and reads the
            # whole table (200 ms) instead of the GIN index: for this query only, it may not.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            try:
                cursor.execute(
                    f"SELECT m.id, CASE WHEN m.n <= %s THEN ts_rank_cd(m.tsv, {self.TSQUERY}, 1) "
                    "END FROM (SELECT e.id, e.tsv, row_number() OVER () AS n "
                    f"FROM search_searchentry e WHERE {where} LIMIT %s) m",
                    [cap, q, q, *params, limit + 1],
                )
                rows = cursor.fetchall()
                titled = []
                if len(rows) > cap:  # sampled: make sure matches in titles (weight A) are in
                    cursor.execute(
                        f"SELECT e.id, ts_rank_cd(e.tsv, {self.TSQUERY}, 1) "
                        f"FROM search_searchentry e WHERE {where} "
                        f"AND ts_filter(e.tsv, '{{a}}') @@ {self.TSQUERY} LIMIT %s",
                        [q, q, *params, q, q, max(1, cap // 10)],
                    )
                    titled = cursor.fetchall()
            finally:
                cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
                cursor.execute("SET LOCAL enable_indexscan TO DEFAULT")
        out.total = len(rows)
        if out.total > limit:
            out.total, out.total_exact = limit, False
        out.exhaustive = out.total <= cap and out.total_exact
        out.scores = {pk: float(rank) for pk, rank in rows if rank is not None}
        out.scores.update((pk, float(rank)) for pk, rank in titled)
        out.title_ids = {pk for pk, _rank in titled}
        return out


BACKENDS = {"sqlite": SQLiteFTS5Backend, "postgresql": PostgresBackend}


def get_backend() -> Backend:
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise NotImplementedError(f"no search backend for {connection.vendor}") from None
