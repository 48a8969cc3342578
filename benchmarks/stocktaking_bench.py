"""Time the stocktaking report on the benchmark dataset (target: the PDF of a full period <= 30 s).

    .venv/bin/python benchmarks/stocktaking_bench.py [--scale 2] [--initiatives 100000]
        [--recommendations 50000] [--framework marrakesh-2018] [--from 2018] [--to 2022]

Builds (or reuses) the benchmark database of the monitoring benchmark: ``benchmarks/generate.py``
at scale 2 (10,000 meetings, 40,000 recommendations, 100,000 documents), topped up to 50,000
recommendations, with 100,000 generated initiatives (``benchmarks/monitoring_bench.py``). Then,
for the public (anonymous) and for an administrator, in English and French, times: building the
report (queries), rendering the HTML, rendering the PDF; and prints the PDF's size and pages.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import build, setup_django  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=2.0)
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--recommendations", type=int, default=50_000)
    parser.add_argument("--framework", default="marrakesh-2018")
    parser.add_argument("--from", dest="start", type=int, default=2018)
    parser.add_argument("--to", dest="end", type=int, default=2022)
    parser.add_argument("--langs", default="en,fr")
    args = parser.parse_args(argv)
    setup_django()
    build(args.scale)
    from benchmarks.monitoring_bench import generate, top_up_recommendations

    top_up_recommendations(args.recommendations)
    generate(args.initiatives)

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from pypdf import PdfReader

    from frameworks.models import Framework
    from stocktaking.render import render_pdf, render_standalone
    from stocktaking.report import build_report

    admin, _created = get_user_model().objects.get_or_create(
        username="bench-stocktaking-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    framework = Framework.objects.get(slug=args.framework)
    worst = 0.0
    for audience, user in (("public", AnonymousUser()), ("admin", admin)):
        for lang in args.langs.split(","):
            t0 = time.perf_counter()
            report = build_report(framework, args.start, args.end, user=user, lang=lang)
            t1 = time.perf_counter()
            html = render_standalone(report, "https://example.org")
            t2 = time.perf_counter()
            pdf = render_pdf(report, "https://example.org")
            t3 = time.perf_counter()
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            total_pdf = t3 - t2 + t1 - t0
            worst = max(worst, total_pdf)
            print(
                f"{audience:6} {lang}: {len(report.references):,} activities, "
                f"{report.recommendation_count:,} recommendations, "
                f"{len(report.meetings):,} meetings"
                f" | data {t1 - t0:.1f} s, HTML {t2 - t1:.1f} s ({len(html) / 1e6:.1f} MB),"
                f" PDF {t3 - t2:.1f} s ({len(pdf) / 1e6:.1f} MB, {pages:,} pages)"
                f" | report as PDF {total_pdf:.1f} s",
                flush=True,
            )
    print(f"Slowest PDF report: {worst:.1f} s (target <= 30 s)")
    return 0 if worst <= 30 else 1


if __name__ == "__main__":
    sys.exit(main())
