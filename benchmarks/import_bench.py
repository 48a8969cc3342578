"""Import benchmark (F11 of issue 13): how long a CSV import of initiatives holds SQLite's write
lock, i.e. how long a sign-in (or any other write) has to wait while it runs.

    .venv/bin/python benchmarks/import_bench.py [--rows 3000 20000] [--uids]

1. Builds (once) a SQLite file with the reference data under ``var/bench-import/`` (``rabat
   migrate`` and ``rabat load_reference`` with ``RABAT_VAR_DIR`` pointing there), and copies
   it afresh before each measurement, so every import starts from the same database.
2. For each ``--rows`` count, writes a CSV of that many new initiatives (every column filled:
   1-3 framework items, 1-3 countries concerned with shares, two organisations, a result and a
   source each; ``--uids`` gives them identifiers) and imports it as ``rabat
   import_initiatives`` does (``monitoring.services.initiatives_import``), in this process.
3. Meanwhile a second connection (another thread, its own ``sqlite3`` connection with a long
   busy timeout) asks for the write lock over and over (``BEGIN IMMEDIATE`` then ``ROLLBACK``)
   and notes how long each request waited: the longest wait is how long the import held the
   lock in one go. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import csv
import io
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# ``BENCH_IMPORT_DIR``: another folder, e.g. to measure two versions side by side.
FOLDER = Path(os.environ.get("BENCH_IMPORT_DIR") or ROOT / "var" / "bench-import")
PRISTINE = FOLDER / "pristine.sqlite3"
DATABASE = FOLDER / "rabat.sqlite3"
SEED = 20061011


def say(message: str = "") -> None:
    print(message, flush=True)


def environment() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(RABAT_VAR_DIR=str(FOLDER), DJANGO_SETTINGS_MODULE="config.settings.dev")
    return env


def build() -> None:
    """The migrated database with the reference data, kept as ``pristine.sqlite3``."""
    if PRISTINE.exists():
        return
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name in ("rabat.sqlite3", "rabat.sqlite3-wal", "rabat.sqlite3-shm"):
        (FOLDER / name).unlink(missing_ok=True)
    rabat = str(Path(sys.executable).parent / "rabat")
    for command in (["migrate", "-v0"], ["load_reference"]):
        say(f"rabat {' '.join(command)} ...")
        subprocess.run([rabat, *command], cwd=ROOT, env=environment(), check=True)
    with sqlite3.connect(DATABASE) as source, sqlite3.connect(PRISTINE) as target:
        source.backup(target)


def fresh_copy() -> None:
    from django.db import connections

    connections.close_all()
    for name in ("rabat.sqlite3-wal", "rabat.sqlite3-shm"):
        (FOLDER / name).unlink(missing_ok=True)
    shutil.copyfile(PRISTINE, DATABASE)


def csv_file(count: int, *, uids: bool) -> bytes:
    """``count`` rows of new initiatives, every column filled."""
    from frameworks.models import FrameworkItem
    from monitoring.io.rows import COLUMNS
    from partners.models import Country, Organisation

    rng = random.Random(SEED)
    items = list(FrameworkItem.objects.values_list("uid", flat=True))
    countries = list(Country.objects.values_list("iso2", flat=True))
    organisations = list(Organisation.objects.values_list("name_en", flat=True))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for n in range(count):
        concerned = rng.sample(countries, rng.randint(1, 3))
        start = f"{rng.randint(2012, 2026)}-{rng.randint(1, 12):02d}-01"
        writer.writerow(
            {
                "uid": f"INI-8{n:05d}" if uids else "",
                "country": rng.choice(countries),
                "kind": rng.choice(["project", "policy", "legislation", "strategy"]),
                "status": rng.choice(["planned", "ongoing", "completed"]),
                "visibility": "partners" if rng.random() < 0.1 else "public",
                "title_en": f"Imported initiative {n}",
                "title_fr": f"Initiative importée {n}",
                "description_en": "Support to the reintegration of returning migrants. " * 3,
                "budget": str(rng.randrange(10_000, 5_000_000)),
                "currency": rng.choice(["EUR", "USD"]),
                "start_date": start,
                "end_date": f"{int(start[:4]) + rng.randint(1, 4)}-12-31",
                "framework_items": "; ".join(rng.sample(items, rng.randint(1, 3))),
                "countries": "; ".join(f"{c}:{100 // len(concerned)}" for c in concerned),
                "organisations": f"funding: {rng.choice(organisations)}; "
                "implementing: A local association",
                "results": "People trained | persons | 0 | 200 | 150",
                "sources": "https://example.org/report.pdf",
            }
        )
    return out.getvalue().encode("utf-8")


class LockProbe(threading.Thread):
    """Asks for the write lock again and again; ``waits`` holds how long each request took."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.path = path
        self.waits: list[float] = []
        self.stop = threading.Event()

    def run(self):
        conn = sqlite3.connect(self.path, timeout=3600, isolation_level=None)
        try:
            while not self.stop.is_set():
                started = time.perf_counter()
                conn.execute("BEGIN IMMEDIATE")
                self.waits.append(time.perf_counter() - started)
                conn.execute("ROLLBACK")
                time.sleep(0.005)
        finally:
            conn.close()


def measure(count: int, *, uids: bool) -> dict:
    from monitoring.models import Initiative
    from monitoring.services import initiatives_import

    fresh_copy()
    data = csv_file(count, uids=uids)
    probe = LockProbe(DATABASE)
    probe.start()
    time.sleep(0.2)
    started = time.perf_counter()
    records, _unmapped = initiatives_import(name="bench.csv", data=data, by=None)
    total = time.perf_counter() - started
    probe.stop.set()
    probe.join(timeout=3600)
    assert len(records) == count and Initiative.objects.count() >= count
    waits = sorted(probe.waits)
    return {
        "rows": count,
        "total_s": round(total, 2),
        "longest_wait_s": round(waits[-1], 2) if waits else None,
        "lock_requests": len(waits),
    }


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[3000, 20000])
    parser.add_argument("--uids", action="store_true", help="rows with identifiers (INI-8xxxxx)")
    args = parser.parse_args(argv)
    build()
    os.environ.update(environment())
    import django

    django.setup()
    from django.conf import settings

    options = settings.DATABASES["default"].get("OPTIONS", {})
    results = [measure(count, uids=args.uids) for count in args.rows]
    say()
    say(f"SQLite options: {options}")
    say("| rows | import, total s | longest wait for the write lock, s | lock requests |")
    say("|---:|---:|---:|---:|")
    for r in results:
        say(f"| {r['rows']:,} | {r['total_s']} | {r['longest_wait_s']} | {r['lock_requests']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
