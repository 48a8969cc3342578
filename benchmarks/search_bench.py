"""Full-text and semantic search over 100,000 passages (single client).

    .venv/bin/python benchmarks/search_bench.py [--passages 100000] [--postgres] [--rounds 3]

1. Builds (once) a benchmark database of its own: ``var/bench-search.sqlite3``, or with
   ``--postgres`` the ``rabat_search_bench`` database of the local server started by
   ``scripts/postgres.sh`` (``PGPORT_TEST`` chooses its port). 500 documents (one in ten
   partners-only, each with a country and a Marrakesh domain) and N passages made of 2 to 5
   sentences drawn at random from the three corpus documents (their real vocabulary and word
   frequencies), indexed by ``search.indexing.rebuild`` (PostgreSQL: then VACUUM ANALYZE).
2. Runs each query of QUERIES once untimed-for-the-percentiles (the "cold" first pass, reported
   apart), then ``--rounds`` times as an anonymous visitor (so the visibility rules apply)
   through ``search.selectors.search``, which is what /search/ and /api/search/ call: once for
   the ranked first page and the total, once more with the facet counts.
3. With the [semantic] extra installed (SQLite only): one SearchVector per entry (random unit
   vectors, written once: embedding 100,000 passages takes about 15 minutes on 2 cores and the
   search cost does not depend on what the vectors hold), then the whole semantic search
   (``search(None, q, mode="semantic")``: the real query embedding, the in-memory matrix, the
   visibility check, the page and facets), and the query embedding alone.

Prints p50/p95/max in milliseconds, wall clock and the process's CPU time (the machine is
shared: CPU time shows what contention adds), with the load average before and after; writes
benchmarks/results/search[-postgres].json. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "reference" / "data" / "corpus"
RESULTS = ROOT / "benchmarks" / "results"

QUERIES = [
    "diaspora",
    "remittances",
    "return",
    "migration",  # in most passages: the slow tail of ranking
    "the",  # a stop word everywhere
    "voluntary return",
    '"voluntary return"',
    '"contact points"',
    "trafficking smuggling",
    "border management",
    "asylum legislation",
    "climate change",
    "crisis diaspora investment",
    "Mali",
    "Côte d'Ivoire",
    "reintegration programmes",
    "humanitarian visas",
    "local authorities",
    "protection",
    "early warning systems",
]
SEMANTIC_QUERIES = [
    "diaspora investment after a crisis",
    "training judges on trafficking cases",
    "climate change and displacement in the Sahel",
    "return and reintegration of migrants",
    "visa facilitation for students",
]


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def summary(times_ms):
    return {
        "n": len(times_ms),
        "p50_ms": round(statistics.median(times_ms), 1),
        "p95_ms": round(percentile(times_ms, 95), 1),
        "max_ms": round(max(times_ms), 1),
    }


def setup_django(postgres: bool):
    if postgres:
        from benchmarks.run import postgres_server  # stopped at the end if started here

        out = postgres_server()
        import psycopg

        with psycopg.connect(out, autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'rabat_search_bench'"
            ).fetchone()
            if not exists:
                conn.execute("CREATE DATABASE rabat_search_bench")
        os.environ["BENCH_DATABASE_URL"] = out.rsplit("/", 1)[0] + "/rabat_search_bench"
    else:
        os.environ["BENCH_DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-search.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def sentences():
    out = []
    for path in sorted(CORPUS.iterdir()):
        text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        out += [s.strip() for s in re.split(r"(?<=[.;!?])\s+", text) if len(s.split()) >= 6]
    return out


def build(n_passages: int, seed: int = 7) -> None:
    from django.conf import settings
    from django.db import connection, transaction

    from documents.models import Document
    from frameworks.models import FrameworkItem
    from knowledge.models import Passage
    from partners.models import Country
    from search import indexing
    from search.models import SearchEntry

    have = SearchEntry.objects.filter(kind="passage").count()
    if have >= n_passages:
        print(f"benchmark index ready: {have} passages")
        return
    settings.RABAT_SEARCH_AUTO_INDEX = False
    rng = random.Random(seed)
    pool = sentences()
    print(f"building {n_passages} passages from {len(pool)} corpus sentences...")
    t0 = time.perf_counter()
    with transaction.atomic():
        Passage.objects.all().delete()
        Document.objects.filter(slug__startswith="bench-").delete()
        countries = [
            Country.objects.get_or_create(
                iso2=code,
                defaults={"name_en": name, "continent": "africa", "region": "west_africa",
                          "status": "partner"},
            )[0]
            for code, name in (("ML", "Mali"), ("SN", "Senegal"), ("MA", "Morocco"),
                               ("FR", "France"), ("NE", "Niger"))
        ]  # fmt: skip
        domains = list(FrameworkItem.objects.filter(kind="domain")[:5])
        docs = Document.objects.bulk_create(
            Document(
                slug=f"bench-{i}", title_en=f"Summary of debates {i}: " + rng.choice(pool)[:80],
                kind="summary_of_debates", language="en" if i % 5 else "fr",
                date=f"{2006 + i % 20}-06-01",
                visibility="partners" if i % 10 == 0 else "public",
            )
            for i in range(500)
        )  # fmt: skip
        for i, doc in enumerate(docs):
            doc.countries.add(countries[i % len(countries)])
            if domains:
                doc.framework_items.add(domains[i % len(domains)])
        batch = []
        for i in range(n_passages):
            doc = docs[i % len(docs)]
            text = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 5)))
            page = 1 + (i // len(docs)) // 4
            batch.append(
                Passage(
                    document=doc,
                    position=i // len(docs),
                    kind="paragraph",
                    page=page,
                    text=text,
                    language=doc.language,
                )
            )
            if len(batch) >= 5000:
                Passage.objects.bulk_create(batch)
                batch = []
        Passage.objects.bulk_create(batch)
    print(f"  passages written in {time.perf_counter() - t0:.0f} s; indexing...")
    t0 = time.perf_counter()
    counts = indexing.rebuild()
    print(f"  indexed {counts} in {time.perf_counter() - t0:.0f} s")
    if connection.vendor == "postgresql":
        # What autovacuum does a while after a bulk load: merge the GIN index's pending list
        # (scanned by every query until then) and refresh the planner's statistics.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")


def bench_text(rounds: int) -> dict:
    from django.db import connection, reset_queries

    from search.selectors import search

    out = {}
    # The first pass over the queries after the process starts reads the index pages from the
    # OS into the database's cache: reported apart ("cold"), as a server's cache is warm.
    cold = []
    for q in QUERIES:
        t0 = time.perf_counter()
        search(None, q, with_facets=True)
        cold.append((time.perf_counter() - t0) * 1000)
    out["cold_first_pass_with_facets"] = summary(cold)
    for label, facets in (("search", False), ("search_with_facets", True)):
        times, cpu = [], []
        search(None, "warm up", with_facets=facets)
        for _ in range(rounds):
            for q in QUERIES:
                reset_queries()
                t0, c0 = time.perf_counter(), time.process_time()
                search(None, q, with_facets=facets)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
        out[label] = summary(times)
        out[label]["cpu"] = summary(cpu)
        per_query = {}
        for i, q in enumerate(QUERIES):
            per_query[q] = round(max(times[i + r * len(QUERIES)] for r in range(rounds)), 1)
        out[label]["slowest_queries"] = dict(sorted(per_query.items(), key=lambda kv: -kv[1])[:5])
    out["vendor"] = connection.vendor
    return out


def bench_semantic(rounds: int) -> dict | None:
    from knowledge.tagging import semantic as model

    if not model.available():
        return None
    import numpy as np

    from search import semantic
    from search.models import SearchEntry, SearchVector
    from search.selectors import search

    ids = list(SearchEntry.objects.order_by("id").values_list("id", flat=True))
    if SearchVector.objects.count() != len(ids):
        print(f"writing {len(ids)} random unit vectors...")
        rng = np.random.default_rng(7)
        for start in range(0, len(ids), 10_000):
            chunk = ids[start : start + 10_000]
            vectors = rng.standard_normal((len(chunk), 384), dtype=np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            semantic.store(chunk, vectors)
    t0 = time.perf_counter()
    model.encode(["warm up"])
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    semantic.index()
    index_s = time.perf_counter() - t0
    search(None, "warm up", mode="semantic")
    times, cpu, embed = [], [], []
    for _ in range(rounds):
        for q in SEMANTIC_QUERIES:
            t0 = time.perf_counter()
            semantic.encode_query(q)
            embed.append((time.perf_counter() - t0) * 1000)
            t0, c0 = time.perf_counter(), time.process_time()
            result = search(None, q, mode="semantic")
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            assert result.mode == "semantic" and result.results
    out = {
        "model_load_s": round(load_s, 1),
        "vectors_load_s": round(index_s, 1),
        "query_embedding": summary(embed),
        "search_with_embedding": summary(times),
    }
    out["search_with_embedding"]["cpu"] = summary(cpu)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    setup_django(args.postgres)
    build(args.passages)
    result = {"passages": args.passages, "load_before": load()}
    result["text"] = bench_text(args.rounds)
    if not args.postgres:
        result["semantic"] = bench_semantic(max(args.rounds, 4))
    result["load_after"] = load()
    print(json.dumps(result, indent=1, ensure_ascii=False))
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "search-postgres.json" if args.postgres else "search.json"
    (RESULTS / name).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
