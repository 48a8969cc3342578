"""Monitoring benchmark: the coverage dashboard over 100,000 initiatives, uncached.

    .venv/bin/python benchmarks/monitoring_bench.py [--initiatives 100000] [--clients 10]
                                                    [--requests 300] [--seconds 30]

1. Uses the benchmark database (``var/bench.sqlite3``, built by ``benchmarks/generate.py``,
   which this script runs first at ``--scale`` if the database has no framework yet) and adds
   ``--initiatives`` generated initiatives (uids ``INI-9xxxxx``; 90% validated, 5% drafts,
   5% superseded; 10% partners-only; 1-3 framework items of the Marrakesh and Cadiz plans;
   1-3 countries concerned with shares; budgets in EUR or USD). Idempotent: rebuilt only when
   the count differs. Seeded, so two runs build the same data.
2. Starts gunicorn (3 sync workers) with this module as its settings: the benchmark settings
   with a dummy cache, so that every request computes its figures (no page or figure cache).
3. For each page, 10 client threads send requests back to back; p50/p95/p99 are printed,
   with the target (dashboard p95 <= 200 ms). It prints figures; it asserts nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

if os.environ.get("DJANGO_SETTINGS_MODULE") == "benchmarks.monitoring_bench":
    # Imported by gunicorn as the settings module: the bench settings without any cache.
    from benchmarks.settings import *  # noqa: F403

    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

PREFIX = "INI-9"
SEED = 20151231
TARGET_P95_MS = 200
PAGES = (
    ("dashboard", "/monitoring/?framework=marrakesh-2018"),
    ("dashboard, period", "/monitoring/?framework=marrakesh-2018&year_from=2020&year_to=2024"),
    ("dashboard, crosswalks", "/monitoring/?framework=cadiz-2022&crosswalks=on"),
    ("dashboard API", "/api/dashboard/?framework=marrakesh-2018"),
    ("initiatives list", "/monitoring/initiatives/"),
    ("initiatives API", "/api/initiatives/"),
)


def say(message: str = "") -> None:
    print(message, flush=True)


def generate(count: int) -> None:
    import random
    from datetime import date, timedelta
    from decimal import Decimal

    from django.db import transaction

    from frameworks.models import FrameworkItem
    from monitoring.models import Initiative, InitiativeCountry
    from partners.models import Country

    existing = Initiative.objects.filter(uid__startswith=PREFIX)
    if existing.count() == count:
        say(f"{count} generated initiatives already there")
        return
    rng = random.Random(SEED)
    items = list(
        FrameworkItem.objects.filter(
            framework__slug__in=("marrakesh-2018", "cadiz-2022")
        ).values_list("id", flat=True)
    )
    countries = list(Country.objects.current().values_list("id", flat=True))
    if not items or not countries:
        raise SystemExit("The bench database has no framework items or countries.")
    Through = Initiative.framework_items.through
    with transaction.atomic():
        InitiativeCountry.objects.filter(initiative__uid__startswith=PREFIX).delete()
        Through.objects.filter(initiative__uid__startswith=PREFIX).delete()
        existing.delete()
        batch = 5000
        for start in range(0, count, batch):
            rows = []
            for n in range(start, min(start + batch, count)):
                begin = date(2010, 1, 1) + timedelta(days=rng.randrange(16 * 365))
                state = rng.choices(["validated", "draft", "superseded"], [90, 5, 5])[0]
                rows.append(
                    Initiative(
                        uid=f"{PREFIX}{n:05d}",
                        country_id=rng.choice(countries),
                        record_state=state,
                        visibility="partners" if rng.random() < 0.1 else "public",
                        kind=rng.choice(["project", "policy", "legislation", "strategy"]),
                        status=rng.choice(["planned", "ongoing", "completed"]),
                        title_en=f"Generated initiative {n}",
                        budget=Decimal(rng.randrange(10_000, 5_000_000)),
                        currency=rng.choice(["EUR", "EUR", "EUR", "USD"]),
                        start_date=begin,
                        start_year=begin.year,
                        end_date=begin + timedelta(days=rng.randrange(90, 5 * 365)),
                    )
                )
            created = Initiative.objects.bulk_create(rows)
            links, shares = [], []
            for ini in created:
                for item in rng.sample(items, rng.randint(1, 3)):
                    links.append(Through(initiative_id=ini.id, frameworkitem_id=item))
                concerned = rng.sample(countries, rng.randint(1, 3))
                for country in concerned:
                    shares.append(
                        InitiativeCountry(
                            initiative_id=ini.id,
                            country_id=country,
                            share=Decimal(100 // len(concerned)),
                        )
                    )
            Through.objects.bulk_create(links)
            InitiativeCountry.objects.bulk_create(shares)
            say(f"  {start + len(rows)} initiatives")


def main(argv=None) -> int:
    import argparse
    import subprocess
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--scale", type=float, default=0.1, help="for benchmarks/generate.py")
    args = parser.parse_args(argv)

    env = dict(os.environ, DJANGO_SETTINGS_MODULE="benchmarks.settings")
    os.environ.update(env)
    import django

    django.setup()
    from frameworks.models import Framework

    try:
        has_framework = Framework.objects.exists()
    except Exception:  # no tables yet
        has_framework = False
    if not has_framework:
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--scale", str(args.scale)],
            check=True,
            env=env,
        )
    started = time.perf_counter()
    generate(args.initiatives)
    say(f"data ready in {time.perf_counter() - started:.1f} s")

    from benchmarks.run import Server, hammer

    server_env = dict(os.environ, DJANGO_SETTINGS_MODULE="benchmarks.monitoring_bench")
    log = ROOT / "var" / "monitoring-bench-gunicorn.log"
    server = Server(args.workers, server_env, log)
    results = []
    try:
        server.start()
        for name, path in PAGES:
            hammer(server.port, path, 5, 30, 1)  # warm-up (imports, connections)
            figures = hammer(server.port, path, args.requests, args.seconds, args.clients)
            results.append((name, path, figures))
            say(
                f"{name:24} {figures['rps']:7.1f} req/s  p50 {figures['p50_ms']} ms  "
                f"p95 {figures['p95_ms']} ms  p99 {figures['p99_ms']} ms  {figures['statuses']}"
            )
    finally:
        server.stop()
    say()
    say(f"| page | req/s | p50 ms | p95 ms | p99 ms | (target p95 <= {TARGET_P95_MS} ms) |")
    say("|---|---:|---:|---:|---:|---|")
    for name, _path, f in results:
        verdict = "ok" if (f["p95_ms"] or 1e9) <= TARGET_P95_MS else "over"
        say(f"| {name} | {f['rps']} | {f['p50_ms']} | {f['p95_ms']} | {f['p99_ms']} | {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
