"""Monitoring benchmark: the coverage dashboard, uncached, at 10,000 and 100,000 initiatives.

    .venv/bin/python benchmarks/monitoring_bench.py [--initiatives 10000 100000] [--postgres]
        [--clients 10] [--requests 200] [--seconds 30] [--workers 3] [--scale 2]
        [--recommendations 50000] [--iati]

1. Uses the benchmark database (``var/bench.sqlite3``, or with ``--postgres`` the
   ``rabat_bench`` database of the local PostgreSQL server of ``scripts/postgres.sh``, on
   ``$PGPORT_TEST``), built by ``benchmarks/generate.py --scale 2`` (10,000 meetings, 40,000
   recommendations, 100,000 documents) and topped up here to ``--recommendations`` (50,000)
   recommendations, 60% of them with a follow-up status (uids ``bench-mon-``); the figures
   of the linked kinds (``monitoring.tallies``) are then rebuilt.
2. For each ``--initiatives`` count (10,000 then 100,000 by default), adds that many generated
   initiatives (uids ``INI-9xxxxx``; 90% validated, 5% drafts, 5% superseded; 10%
   partners-only; 1-3 framework items of the Marrakesh and Cadiz plans; 1-3 countries
   concerned; budgets in EUR or USD; a description; 70% with 1-2 participating organisations)
   with ``bulk_create``, then ``monitoring.coverage.rebuild`` (the dashboard's denormalised
   figures; bulk_create sends no signal). Seeded and idempotent.
3. Starts gunicorn (3 sync workers) with this module as its settings: the benchmark settings
   with a dummy cache, so that every request computes its figures (no page or figure cache).
4. For each page, ``--clients`` threads send requests back to back; p50/p95/p99 are printed
   with the 1-minute load average before and after (the machine may be shared), and the target
   (dashboard p95 <= 200 ms). It prints figures; it asserts nothing.

With ``--iati``, step 3-4 are replaced by the IATI check: the IATI export of each reporting
country (``?export=iati&reported_by=XX``, as the page builds it) for a visitor and for the
Secretariat, and of the whole dataset for the Secretariat, each validated against the official
IATI 2.03 XSD (``monitoring.io.iati.validate``); it prints the activities validated, the
exports refused and the time taken, and exits 1 if a file does not validate.
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
    ("dashboard maps (htmx)", "/monitoring/maps/?framework=marrakesh-2018"),
    ("dashboard matrix (htmx)", "/monitoring/matrix/?framework=marrakesh-2018"),
    ("dashboard, visitor API", "/api/initiatives/coverage/?framework=marrakesh-2018"),
    ("dashboard CSV", "/monitoring/?framework=marrakesh-2018&export=csv&table=coverage"),
    ("framework browser", "/action-plans/marrakesh-2018/"),
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
    from monitoring import tallies
    from monitoring.coverage import rebuild
    from monitoring.models import (
        CoverageEntry,
        Initiative,
        InitiativeCountry,
        InitiativeOrganisation,
        LinkFigure,
    )
    from partners.models import Country, Organisation

    existing = Initiative.objects.filter(uid__startswith=PREFIX)
    # Data of an older version of this generator (no description) is rebuilt.
    if existing.count() == count and not existing.filter(description_en="").exists():
        say(f"{count} generated initiatives already there")
        if not CoverageEntry.objects.exists():
            say(f"coverage figures: {rebuild()}")
        if not LinkFigure.objects.filter(kind="cells").exists():
            say(f"country x action figures: {tallies.rebuild(keys=['cells'])}")
        return
    rng = random.Random(SEED)
    # A second generator for the fields added later, so the older fields keep their values.
    extra = random.Random(SEED + 2)
    organisations = list(Organisation.objects.values_list("id", flat=True)) or [None]
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
        # Raw deletes: the generated rows have nothing else attached, and the per-row signals
        # (the dashboard's figures) are replaced by one rebuild below.
        from django.db import connection

        for model in (InitiativeCountry, InitiativeOrganisation, Through, CoverageEntry):
            model.objects.filter(initiative__uid__startswith=PREFIX)._raw_delete(connection.alias)
        existing._raw_delete(connection.alias)
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
                        description_en=f"Description of generated initiative {n}.",
                        budget=Decimal(rng.randrange(10_000, 5_000_000)),
                        currency=rng.choice(["EUR", "EUR", "EUR", "USD"]),
                        start_date=begin,
                        start_year=begin.year,
                        end_date=begin + timedelta(days=rng.randrange(90, 5 * 365)),
                    )
                )
            created = Initiative.objects.bulk_create(rows)
            links, shares, parts = [], [], []
            for ini in created:
                if extra.random() < 0.7:
                    for role in extra.sample(["funding", "implementing", "extending"], 2)[
                        : extra.randint(1, 2)
                    ]:
                        organisation = extra.choice(organisations + [None])
                        parts.append(
                            InitiativeOrganisation(
                                initiative_id=ini.id,
                                organisation_id=organisation,
                                name="" if organisation else f"Generated agency {ini.id}",
                                role=role,
                            )
                        )
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
            InitiativeOrganisation.objects.bulk_create(parts)
            say(f"  {start + len(rows)} initiatives")
    # bulk_create sends no signal: the dashboard's figures are recomputed from the data.
    say(f"coverage figures: {rebuild()}")
    say(f"country x action figures: {tallies.rebuild(keys=['cells'])}")


def top_up_recommendations(total: int) -> None:
    """Add recommendations to the reference meetings until there are ``total``, 60% of the
    added ones with a follow-up status, 0-2 framework items each."""
    import random

    from django.db import transaction

    from followup.choices import FollowUpStatus
    from followup.models import FollowUp
    from frameworks.models import FrameworkItem
    from meetings.models import Meeting, Recommendation

    missing = total - Recommendation.objects.count()
    if missing <= 0:
        say(f"{Recommendation.objects.count()} recommendations already there")
        return False
    rng = random.Random(SEED + 1)
    # The reference meetings, not generate.py's ("bench-"): generate.py counts its own
    # meetings' recommendations to decide whether its data is complete.
    meetings = list(Meeting.objects.exclude(slug__startswith="bench-").values_list("id", flat=True))
    items = list(
        FrameworkItem.objects.filter(
            framework__slug__in=("marrakesh-2018", "cadiz-2022")
        ).values_list("id", flat=True)
    )
    statuses = [s for s, _label in FollowUpStatus.choices]
    Through = Recommendation.framework_items.through
    with transaction.atomic():
        rows = [
            Recommendation(
                meeting_id=rng.choice(meetings),
                number=f"M{n}",
                order=100_000 + n,
                text_en=f"Generated recommendation {n} (bench-mon-)",
                addressee="bench-mon-",
            )
            for n in range(missing)
        ]
        created = Recommendation.objects.bulk_create(rows, batch_size=5000)
        links, follow_ups = [], []
        for rec in created:
            for item in rng.sample(items, rng.randint(0, 2)):
                links.append(Through(recommendation_id=rec.id, frameworkitem_id=item))
            if rng.random() < 0.6:
                follow_ups.append(FollowUp(recommendation_id=rec.id, status=rng.choice(statuses)))
        Through.objects.bulk_create(links, batch_size=5000)
        FollowUp.objects.bulk_create(follow_ups, batch_size=5000)
    say(f"  {missing} recommendations added ({len(follow_ups)} follow-ups)")
    return True


def check_iati() -> bool:
    """The IATI export of the benchmark data, per reporting country and whole, validated
    against the official IATI 2.03 XSD; prints the figures. False if a file does not validate."""
    import time

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from monitoring.filtersets import InitiativeFilterSet
    from monitoring.io.iati import ExportRefused, export_activities, validate
    from monitoring.models import Initiative
    from partners.models import Country

    admin, _created = get_user_model().objects.get_or_create(
        username="bench-iati-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    reporting = list(
        Country.objects.filter(reported_initiatives__isnull=False)
        .distinct()
        .order_by("iso2")
        .values_list("iso2", flat=True)
    )
    selections = [("visitor", AnonymousUser(), {"reported_by": c}) for c in reporting]
    selections += [("secretariat", admin, {"reported_by": c}) for c in reporting]
    selections.append(("secretariat", admin, {}))
    ok = True
    totals = {}
    for audience, user, query in selections:
        request = RequestFactory().get("/monitoring/initiatives/", {"export": "iati", **query})
        request.user = user
        records = InitiativeFilterSet(
            query or None,
            queryset=Initiative.objects.for_list(user).restrict(user, "view"),
            request=request,
        ).qs
        started = time.perf_counter()
        try:
            body, _unmapped = export_activities(records)
        except ExportRefused as refusal:
            if refusal.messages[0].startswith("The IATI file does not validate"):
                ok = False
            say(f"  {audience} {query or 'all'}: refused: {refusal.messages[:3]}")
            key = (audience, "all" if not query else "per country")
            totals.setdefault(key, [0, 0, 0, 0.0, 0])[1] += 1
            continue
        errors = validate(body)  # again, as a reader would: the file as served
        seconds = time.perf_counter() - started
        activities = body.count(b"<iati-activity ")
        ok = ok and not errors
        key = (audience, "all" if not query else "per country")
        figures = totals.setdefault(key, [0, 0, 0, 0.0, 0])
        figures[0] += 1
        figures[2] += 0 if errors else activities
        figures[3] += seconds
        figures[4] += len(body)
        if errors:
            say(f"  {audience} {query}: {len(errors)} schema errors, e.g. {errors[:3]}")
    say("| audience | export | files valid | files refused | activities validated | s | MB |")
    say("|---|---|---:|---:|---:|---:|---:|")
    for (audience, scope), (valid, refused, activities, seconds, size) in totals.items():
        say(
            f"| {audience} | {scope} | {valid} | {refused} | {activities:,} | {seconds:.1f} | "
            f"{size / 1e6:.1f} |"
        )
    return ok


def main(argv=None) -> int:
    import argparse
    import subprocess
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--postgres", action="store_true", help="measure on PostgreSQL")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--scale", type=float, default=2, help="for benchmarks/generate.py")
    parser.add_argument("--recommendations", type=int, default=50_000)
    parser.add_argument("--only", nargs="+", metavar="PAGE", help="page names to measure")
    parser.add_argument(
        "--iati", action="store_true", help="validate the IATI export against the XSD instead"
    )
    args = parser.parse_args(argv)

    env = dict(os.environ, DJANGO_SETTINGS_MODULE="benchmarks.settings")
    env.pop("DATABASE_URL", None)
    from benchmarks.run import Server, hammer, postgres_url

    if args.postgres:
        env["BENCH_DATABASE_URL"] = postgres_url()
    else:
        env.pop("BENCH_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--scale", str(args.scale)],
        check=True,
        env=env,
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    call_command("migrate", verbosity=0)  # migrations newer than the bench database
    from monitoring import tallies
    from monitoring.models import LinkFigure

    if args.iati:
        valid = True
        for count in args.initiatives:
            generate(count)
            say(f"IATI export of {count:,} generated initiatives ({connection.vendor}):")
            valid = check_iati() and valid
        return 0 if valid else 1
    if top_up_recommendations(args.recommendations) or not LinkFigure.objects.exists():
        # bulk_create sends no signal: the figures of the linked kinds are recomputed.
        started = time.perf_counter()
        found = tallies.rebuild()
        say(f"linked-record figures: {found} in {time.perf_counter() - started:.1f} s")
    database = connection.vendor
    pages = [p for p in PAGES if not args.only or p[0] in args.only]
    results = []
    for count in args.initiatives:
        started = time.perf_counter()
        generate(count)
        say(f"data ready in {time.perf_counter() - started:.1f} s")
        if database == "postgresql":
            # What autovacuum does after the rebuild's bulk writes (index-only scans need the
            # visibility map; the planner the new statistics).
            with connection.cursor() as cursor:
                for table in ("coveragefigure", "coverageentry", "linkfigure", "linkentry"):
                    cursor.execute(f"VACUUM ANALYZE monitoring_{table}")
        connections.close_all()
        server_env = dict(env, DJANGO_SETTINGS_MODULE="benchmarks.monitoring_bench")
        log = ROOT / "var" / "monitoring-bench-gunicorn.log"
        server = Server(args.workers, server_env, log)
        try:
            server.start()
            for name, path in pages:
                # Warm-up: every worker's imports, connection and page cache.
                hammer(server.port, path, 6 * args.clients, 30, args.clients)
                load_before = os.getloadavg()[0]
                figures = hammer(server.port, path, args.requests, args.seconds, args.clients)
                load_after = os.getloadavg()[0]
                results.append((count, name, figures, load_before, load_after))
                say(
                    f"{database} {count:>7} {name:26} {figures['rps']:6.1f} req/s  "
                    f"p50 {figures['p50_ms']} ms  p95 {figures['p95_ms']} ms  "
                    f"p99 {figures['p99_ms']} ms  load {load_before:.2f}->{load_after:.2f}  "
                    f"{figures['statuses']}"
                )
        finally:
            server.stop()
    say()
    say(f"{database}, {args.clients} clients, gunicorn {args.workers} sync workers, no cache")
    say(
        f"| initiatives | page | req/s | p50 ms | p95 ms | p99 ms | load 1 min | "
        f"target p95 <= {TARGET_P95_MS} ms |"
    )
    say("|---:|---|---:|---:|---:|---:|---|---|")
    for count, name, f, before, after in results:
        verdict = "ok" if (f["p95_ms"] or 1e9) <= TARGET_P95_MS else "over"
        say(
            f"| {count:,} | {name} | {f['rps']} | {f['p50_ms']} | {f['p95_ms']} | "
            f"{f['p99_ms']} | {before:.2f}->{after:.2f} | {verdict} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
