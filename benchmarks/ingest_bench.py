"""Ingestion throughput on generated multi-page PDFs, next to ``pdftotext`` on the same files.

    .venv/bin/python benchmarks/ingest_bench.py [--files 200] [--pages 10] [--keep DIR]

1. Writes ``--files`` PDFs of ``--pages`` pages each (headings, paragraphs, numbered lists;
   every file different) with the project's own small PDF writer (knowledge/samples.py).
2. Runs poppler's ``pdftotext`` (installed by ``scripts/system_deps.sh poppler``) on every
   file, one process per file, as a raw text extraction baseline: pages/s.
3. Runs the parser child alone (``knowledge.worker``: type detection, limits, structure,
   language) on every file: pages/s.
4. Runs ``rabat ingest`` on the folder against a fresh SQLite database and file storage in a
   temporary directory (hashing, dedupe check, parsing in the limited child, Document,
   Passages, extraction draft, one transaction per file; no embeddings): pages/s, and its
   ratio to pdftotext (target: at least 50 %).

Prints a table; writes benchmarks/results/ingest-latest.json. Asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def generate(folder: Path, files: int, pages: int) -> None:
    from knowledge.samples import make_pdf, report_pages

    for n in range(files):
        data = make_pdf(report_pages(pages, seed=n * pages), title=f"Report {n + 1}")
        (folder / f"report-{n + 1:04d}.pdf").write_bytes(data)


def run_pdftotext(paths: list[Path]) -> float:
    started = time.perf_counter()
    for path in paths:
        subprocess.run(["pdftotext", "-q", str(path), "-"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def run_child(paths: list[Path]) -> float:
    from knowledge.worker import ParserChild

    child = ParserChild()
    started = time.perf_counter()
    try:
        for path in paths:
            child.parse(path)
    finally:
        elapsed = time.perf_counter() - started
        child.close()
    return elapsed


def run_ingest(folder: Path, work: Path) -> tuple[float, str]:
    # The benchmark settings (DEBUG off: no query logging) on a fresh database.
    os.environ["BENCH_DATABASE_URL"] = f"sqlite:///{work / 'bench-ingest.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    import django
    from django.conf import settings

    django.setup()
    settings.MEDIA_ROOT = str(work / "media")
    settings.RABAT_INGEST_SPOOL_DIR = str(work / "spool")
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    out = io.StringIO()
    started = time.perf_counter()
    call_command("ingest", str(folder), "--no-progress", stdout=out)
    elapsed = time.perf_counter() - started
    return elapsed, out.getvalue().strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--keep", help="write the PDFs here and keep them")
    args = parser.parse_args()
    if shutil.which("pdftotext") is None:
        print("pdftotext is missing: bash scripts/system_deps.sh poppler", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="rabat-ingest-bench-"))
    folder = Path(args.keep) if args.keep else work / "pdfs"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        generate(folder, args.files, args.pages)
        generation = time.perf_counter() - started
        paths = sorted(folder.glob("*.pdf"))
        total_pages = len(paths) * args.pages
        baseline = run_pdftotext(paths)
        child = run_child(paths)
        ingest, summary = run_ingest(folder, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = [
        ("pdftotext (poppler), one process per file", baseline),
        ("parser child alone (structure, language, limits)", child),
        ("rabat ingest (parse + store, no embeddings)", ingest),
    ]
    version = subprocess.run(
        ["pdftotext", "-v"], capture_output=True, text=True
    ).stderr.splitlines()[0]
    print(f"{len(paths)} PDFs x {args.pages} pages = {total_pages} pages "
          f"(generated in {generation:.1f} s); {version}; {platform.machine()}, "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    print(f"{'':52} {'seconds':>8} {'pages/s':>9} {'vs pdftotext':>13}")
    results = {}
    for name, seconds in rows:
        rate = total_pages / seconds
        ratio = baseline / seconds
        print(f"{name:52} {seconds:8.2f} {rate:9.0f} {ratio:12.0%}")
        results[name] = {"seconds": round(seconds, 3), "pages_per_s": round(rate, 1),
                         "ratio_to_pdftotext": round(ratio, 3)}  # fmt: skip
    print(f"ingest summary: {summary}")
    target = "met" if baseline / ingest >= 0.5 else "NOT met"
    print(f"target (ingestion >= 50% of pdftotext pages/s): {target}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "ingest-latest.json").write_text(
        json.dumps(
            {
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "files": len(paths),
                "pages_per_file": args.pages,
                "pdftotext": version,
                "results": results,
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
