"""Measure the platform's main pages on the large benchmark dataset (``make bench``).

    .venv/bin/python benchmarks/run.py [--postgres] [--requests 300] [--seconds 20]
                                       [--clients 10] [--workers 3] [--only home ...]
    .venv/bin/python benchmarks/run.py --show-queries /partners/MA/

1. ``benchmarks/generate.py`` builds or checks the benchmark database (var/bench.sqlite3,
   or the ``rabat_bench`` database of the local PostgreSQL server with ``--postgres``).
2. In process, with Django's test client, each page is fetched with the cache cleared
   (cold) and again (warm), counting the SQL queries; list pages are also fetched with 25
   and with 100 rows per page, to show that the count does not depend on the page size.
3. gunicorn (``config.wsgi``, 3 sync workers, settings ``benchmarks.settings``: DEBUG off)
   is started on a free port of 127.0.0.1. For each page, after a warm-up, 10 client threads
   with their own HTTP connections send up to ``--requests`` requests in all (at most
   ``--seconds`` seconds), back to back; latencies are recorded per request.
4. A table is printed (text and markdown): requests/s, p50/p95/p99 latency, the ratio of the
   page's p95 to the p95 of the trivial floor view measured in the same run, and the query
   counts. Results go to benchmarks/results/latest.json (latest-postgres.json).

gunicorn is always stopped at the end, also on error or Ctrl-C. Only 127.0.0.1 is contacted.
This prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS_DIR = ROOT / "benchmarks" / "results"
HOST = "127.0.0.1"
SETTINGS = "benchmarks.settings"
BENCH_PG_DATABASE = "rabat_bench"
TARGET_P95_MS = 150
TARGET_RATIO = 3
MAX_SECONDS_PER_PAGE = 120
START_TIMEOUT = 60


@dataclass(frozen=True)
class Page:
    key: str
    path: str
    # List pages: "api" takes ?page_size=; "html" is the dotted path of a FilteredListView
    # whose paginate_by is changed in process (the HTML lists have a fixed page size).
    list_kind: str | None = None
    view: str | None = None


PAGES = (
    Page("floor", "/healthz/floor/"),
    # The site's layout (base.html, context processors, middleware) around a static text: what
    # a page costs when everything specific to it is cached.
    Page("layout floor", "/about/"),
    Page("home", "/"),
    Page("framework item", "/action-plans/marrakesh-2018/D3/"),
    Page("country profile", "/partners/MA/"),
    Page("meeting list", "/meetings/", "html", "meetings.views.MeetingListView"),
    Page("meeting list 2019", "/meetings/?year=2019", "html", "meetings.views.MeetingListView"),
    Page("API meetings", "/api/meetings/", "api"),
    Page("API documents", "/api/documents/", "api"),
    Page("framework", "/action-plans/marrakesh-2018/"),
)


def say(message: str = "") -> None:
    print(message, flush=True)


# --- databases ---------------------------------------------------------------------------


def postgres_server() -> str:
    """Start the local PostgreSQL server (scripts/postgres.sh) and give its URL.

    A server this bench starts is stopped when the bench ends (also on an error or Ctrl-C);
    one that was already running is left running (issue 15: a bench left it behind, and the
    next run in another checkout found its port taken).
    """
    script = ["bash", str(ROOT / "scripts" / "postgres.sh")]
    running = subprocess.run([*script, "status"], cwd=ROOT, capture_output=True, check=False)
    done = subprocess.run(
        [*script, "start"], cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
    )
    sys.stderr.write(done.stderr)
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"run.py: scripts/postgres.sh start failed (exit {done.returncode})")
    if running.returncode != 0:
        atexit.register(subprocess.run, [*script, "stop"], cwd=ROOT, check=False)
        # SIGTERM would skip atexit: make it an ordinary exit.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    return done.stdout.strip().splitlines()[-1]


def postgres_url() -> str:
    """Start the local PostgreSQL server and make the bench database."""
    server_url = postgres_server()
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (BENCH_PG_DATABASE,)
        ).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{BENCH_PG_DATABASE}"')
    return server_url.rsplit("/", 1)[0] + "/" + BENCH_PG_DATABASE


def run_generate(scale: float, env: dict) -> None:
    cmd = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--scale", str(scale)]
    say(f"$ {' '.join(cmd[1:])}")
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, timeout=3600)


# --- in-process: query counts ------------------------------------------------------------


def setup_django(env: dict) -> None:
    os.environ.update({k: v for k, v in env.items() if k in ("BENCH_DATABASE_URL",)})
    os.environ["DJANGO_SETTINGS_MODULE"] = env["DJANGO_SETTINGS_MODULE"]
    import django

    django.setup()


def _import(dotted: str):
    module, name = dotted.rsplit(".", 1)
    return getattr(__import__(module, fromlist=[name]), name)


def _with_query(path: str, **params) -> str:
    sep = "&" if "?" in path else "?"
    return path + sep + "&".join(f"{k}={v}" for k, v in params.items())


def fetch(client, path: str):
    """One in-process request: (status or error, [queries], milliseconds)."""
    import logging

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request_log = logging.getLogger("django.request")
    saved_level, request_log.level = request_log.level, logging.CRITICAL  # errors are reported
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        try:
            status = client.get(path).status_code
        except Exception as exc:  # a page still being written: report, don't stop
            status = f"{type(exc).__name__}: {str(exc)[:120]}"
        ms = (time.perf_counter() - started) * 1000
    request_log.setLevel(saved_level)
    return status, list(ctx.captured_queries), ms


def sql_ms(queries) -> float:
    return round(sum(float(q.get("time") or 0) for q in queries) * 1000, 1)


def query_profile(page: Page) -> dict:
    """Queries of one page: cold cache, warm cache, and at 25 and 100 rows for lists."""
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    fetch(client, page.path)  # first use in this process: imports, template compilation
    cache.clear()
    status, cold, cold_ms = fetch(client, page.path)
    _, warm, _ = fetch(client, page.path)
    timings = []
    for _ in range(5):
        _, warm, ms = fetch(client, page.path)
        timings.append(ms)
    result = {
        "status": status,
        "queries_cold": len(cold),
        "queries_warm": len(warm),
        "sql_ms_cold": sql_ms(cold),
        "sql_ms_warm": sql_ms(warm),
        "inprocess_ms_cold": round(cold_ms, 1),
        "inprocess_ms_warm": round(statistics.median(timings), 1),
    }
    if page.list_kind:
        per_size = {}
        for size in (25, 100):
            cache.clear()
            if page.list_kind == "api":
                _, queries, _ = fetch(client, _with_query(page.path, page_size=size))
            else:
                view = _import(page.view)
                saved = view.paginate_by
                view.paginate_by = size
                try:
                    _, queries, _ = fetch(client, page.path)
                finally:
                    view.paginate_by = saved
            per_size[str(size)] = len(queries)
        result["queries_by_page_size"] = per_size
    return result


def show_queries(path: str) -> None:
    """Print every query of one page, cold then warm, slowest first (for profiling)."""
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    cache.clear()
    for label in ("cold", "warm"):
        status, queries, ms = fetch(client, path)
        say(f"\n{path} ({label} cache): status {status}, {len(queries)} queries, "
            f"{sql_ms(queries)} ms of SQL, {ms:.1f} ms in all")  # fmt: skip
        for q in sorted(queries, key=lambda q: -float(q.get("time") or 0)):
            say(f"  {float(q.get('time') or 0) * 1000:7.1f} ms  {q['sql'][:400]}")


def profile_page(path: str, repeat: int = 5) -> None:
    """cProfile of ``repeat`` warm requests of one page: where the time goes (SQL or Python)."""
    import cProfile
    import pstats

    from django.test import Client

    client = Client()
    fetch(client, path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        fetch(client, path)
    profiler.disable()
    say(f"\n{path}: {repeat} warm requests, by cumulative time")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(45)
    say("by own time")
    stats.sort_stats("tottime").print_stats(25)


# --- gunicorn ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn in its own process group; ``stop()`` ends that group and nothing else."""

    def __init__(self, workers: int, env: dict, log_path: Path):
        self.port = free_port()
        self.workers = workers
        self.env = env
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        if not gunicorn.exists():
            gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
        cmd = [
            str(gunicorn), "config.wsgi", "-w", str(self.workers), "-b", f"{HOST}:{self.port}",
            "--chdir", str(ROOT), "--log-level", "warning", "--timeout", "60",
        ]  # fmt: skip
        say(f"$ gunicorn config.wsgi -w {self.workers} -b {HOST}:{self.port}  (log: "
            f"{self.log_path.relative_to(ROOT)})")  # fmt: skip
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}; see the log")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", "/healthz/floor/")
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT} s")

    def cpu_seconds(self) -> float | None:
        """User + system CPU time used so far by gunicorn's master and workers (Linux)."""
        if self.proc is None:
            return None
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        try:
            entries = os.listdir("/proc")
        except OSError:
            return None
        for entry in entries:
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, ppid = int(entry), int(fields[1])
            if pid == self.proc.pid or ppid == self.proc.pid:
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # the master stops its workers
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the group gunicorn was started in
                proc.wait(timeout=10)
        self._log.close()
        say(f"gunicorn stopped (exit {proc.returncode})")


# --- load ---------------------------------------------------------------------------------


def hammer(port: int, path: str, requests: int, seconds: float, clients: int) -> dict:
    """``requests`` GETs of ``path`` from ``clients`` threads, stopping after ``seconds``."""
    lock = threading.Lock()
    issued = 0
    samples: list[tuple[float, object, int]] = []
    deadline = time.perf_counter() + seconds

    def client() -> None:
        nonlocal issued
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        mine = []
        try:
            while True:
                with lock:
                    if issued >= requests or time.perf_counter() > deadline:
                        break
                    issued += 1
                started = time.perf_counter()
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    size = len(response.read())
                    status: object = response.status
                except (OSError, http.client.HTTPException) as exc:
                    status, size = type(exc).__name__, 0
                    conn.close()
                mine.append((time.perf_counter() - started, status, size))
        finally:
            conn.close()
            with lock:
                samples.extend(mine)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + MAX_SECONDS_PER_PAGE)
    wall = time.perf_counter() - started
    latencies = sorted(s[0] * 1000 for s in samples)
    statuses = Counter(str(s[1]) for s in samples)
    ok = [s for s in samples if s[1] == 200]
    return {
        "requests": len(samples),
        "ok": len(ok),
        "statuses": dict(statuses),
        "seconds": round(wall, 2),
        "rps": round(len(samples) / wall, 1) if wall else 0,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "max_ms": round(latencies[-1], 1) if latencies else None,
        "bytes": round(statistics.median([s[2] for s in ok])) if ok else 0,
    }


def percentile(sorted_values: list[float], pct: float) -> float | None:
    """Linear interpolation between closest ranks."""
    if not sorted_values:
        return None
    rank = (len(sorted_values) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(sorted_values) - 1)
    value = sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)
    return round(value, 1)


# --- report -------------------------------------------------------------------------------


def fmt(value, spec: str = "") -> str:
    return "–" if value is None else format(value, spec)


def table_rows(results: list[dict]) -> list[list[str]]:
    floors = [
        r["load"]["p95_ms"]
        for r in results
        if r["key"] in ("floor", "floor (end)") and r.get("load") and r["load"]["p95_ms"]
    ]
    floor_p95 = min(floors) if floors else None
    rows = []
    for r in results:
        load, q = r.get("load") or {}, r["queries"]
        p95 = load.get("p95_ms")
        ratio = round(p95 / floor_p95, 1) if p95 and floor_p95 else None
        r["ratio_p95_to_floor"] = ratio
        sizes = q.get("queries_by_page_size")
        errors = load.get("requests", 0) - load.get("ok", 0)
        rows.append(
            [
                r["key"],
                r["path"],
                fmt(load.get("requests")) + (f" ({errors} err)" if errors else ""),
                fmt(load.get("rps"), ".0f"),
                fmt(load.get("p50_ms"), ".0f"),
                fmt(p95, ".0f"),
                fmt(load.get("p99_ms"), ".0f"),
                fmt(ratio, ".1f") + "x" if ratio is not None else "–",
                f"{q['queries_cold']} / {q['queries_warm']}",
                f"{sizes['25']} / {sizes['100']}" if sizes else "–",
                fmt(load.get("server_cpu_ms_per_request"), ".1f"),
                fmt(q["sql_ms_warm"], ".0f"),
                f"{fmt(q['inprocess_ms_cold'], '.0f')} / {fmt(q['inprocess_ms_warm'], '.0f')}",
            ]
        )
    return rows


HEADERS = [
    "page", "URL", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "p95/floor",
    "queries cold/warm", "queries @25/@100", "server CPU ms/req", "SQL ms warm",
    "1-client ms cold/warm",
]  # fmt: skip


def markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for row in rows:
        cells = [f"`{c}`" if i == 1 else c for i, c in enumerate(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADERS)]
    out = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    for row in rows:
        out.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    return "\n".join(out)


def machine() -> dict:
    import django

    info = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next((ln.split(":", 1)[1].strip() for ln in handle if "model name" in ln), "")
        info["cpu"] = model
    except OSError:
        pass
    from django.db import connection

    info["database"] = connection.vendor
    if connection.vendor == "sqlite":
        import sqlite3

        info["sqlite"] = sqlite3.sqlite_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
    return info


def measure(server: Server, result: dict, args) -> None:
    """Warm up, then load one page; adds ``result["load"]`` and prints a line."""
    if args.warmup:
        hammer(server.port, result["path"], args.warmup, args.seconds, args.clients)
    cpu_before, client_before = server.cpu_seconds(), time.process_time()
    load = hammer(server.port, result["path"], args.requests, args.seconds, args.clients)
    cpu_after, client_after = server.cpu_seconds(), time.process_time()
    if cpu_before is not None and cpu_after is not None and load["requests"]:
        load["server_cpu_ms_per_request"] = round(
            (cpu_after - cpu_before) * 1000 / load["requests"], 1
        )
    load["client_cpu_ms_per_request"] = round(
        (client_after - client_before) * 1000 / max(load["requests"], 1), 2
    )
    load["loadavg_1min_after"] = round(os.getloadavg()[0], 2)
    result["load"] = load
    say(f"  {result['key']:18} {load['requests']:5} req {load['rps']:7.1f} req/s  "
        f"p50 {fmt(load['p50_ms']):>7} ms  p95 {fmt(load['p95_ms']):>7} ms  "
        f"CPU {fmt(load.get('server_cpu_ms_per_request'))} ms/req  "
        f"load {load['loadavg_1min_after']}  statuses {load['statuses']}")  # fmt: skip


# --- main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="measure on PostgreSQL")
    parser.add_argument("--requests", type=int, default=300, help="requests per page (300)")
    parser.add_argument("--seconds", type=float, default=20, help="time limit per page (20)")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients (10)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (3)")
    parser.add_argument("--warmup", type=int, default=30, help="warm-up requests per page (30)")
    parser.add_argument("--scale", type=float, default=1.0, help="dataset scale (1)")
    parser.add_argument("--only", nargs="+", metavar="PAGE", help="page keys to measure")
    parser.add_argument("--no-generate", action="store_true", help="skip generate.py")
    parser.add_argument("--show-queries", metavar="PATH", help="print one page's queries, exit")
    parser.add_argument("--profile", metavar="PATH", help="cProfile one page in process, exit")
    args = parser.parse_args(argv)
    if not (1 <= args.requests <= 100_000 and 1 <= args.clients <= 100 and 1 <= args.workers <= 16):
        parser.error("requests 1..100000, clients 1..100, workers 1..16")
    if not 0 < args.seconds <= MAX_SECONDS_PER_PAGE:
        parser.error(f"--seconds must be in (0, {MAX_SECONDS_PER_PAGE}]")

    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if args.postgres:
        env["BENCH_DATABASE_URL"] = postgres_url()
    else:
        env.pop("BENCH_DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = SETTINGS
    if not args.no_generate:
        run_generate(args.scale, env)
    setup_django(env)
    if args.show_queries or args.profile:
        if args.show_queries:
            show_queries(args.show_queries)
        if args.profile:
            profile_page(args.profile)
        return 0

    from django.db import connections

    from benchmarks.generate import dataset_counts

    pages = [p for p in PAGES if not args.only or p.key in args.only or p.key == "floor"]
    load_before = os.getloadavg()
    say("\nQuery counts (in process, Django test client, anonymous visitor)")
    results = []
    for page in pages:
        profile = query_profile(page)
        results.append({"key": page.key, "path": page.path, "queries": profile})
        sizes = profile.get("queries_by_page_size")
        say(f"  {page.key:18} {page.path:36} status {profile['status']}, "
            f"{profile['queries_cold']} queries cold, {profile['queries_warm']} warm"
            + (f", {sizes['25']} at 25 rows, {sizes['100']} at 100" if sizes else ""))  # fmt: skip
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "dataset": dataset_counts(),
        "settings": {
            "requests": args.requests,
            "seconds_max": args.seconds,
            "clients": args.clients,
            "gunicorn_workers": args.workers,
            "warmup": args.warmup,
            "django_settings": env["DJANGO_SETTINGS_MODULE"],
        },
        "loadavg_before": [round(x, 2) for x in load_before],
        "pages": results,
    }
    connections.close_all()

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    suffix = "-postgres" if args.postgres else ""
    server = Server(args.workers, env, RESULTS_DIR / f"gunicorn{suffix}.log")

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, on_signal)
    try:
        server.start()
        say(f"\nLoad: {args.clients} clients, up to {args.requests} requests or "
            f"{args.seconds:g} s per page, after {args.warmup} warm-up requests")  # fmt: skip
        for result in results:
            measure(server, result, args)
        # The floor again at the end: the ratios use the lower of the two floors' p95, so
        # that a burst of load elsewhere on the machine cannot flatter the pages.
        floor = next((r for r in results if r["key"] == "floor"), None)
        if floor is not None:
            results.append({**floor, "key": "floor (end)", "load": None})
            measure(server, results[-1], args)
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)

    rows = table_rows(results)
    report["targets"] = {"p95_ms": TARGET_P95_MS, "ratio_to_floor": TARGET_RATIO}
    out = RESULTS_DIR / f"latest{suffix}.json"
    out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    m = report["machine"]
    say(f"\n{m['database']} | {m['cpus']} CPUs {m.get('cpu', '')} | Python {m['python']} | "
        f"Django {m['django']} | gunicorn {args.workers} sync workers | "
        f"{args.clients} clients")  # fmt: skip
    say(text_table(rows))
    say("\n" + markdown(rows))
    missed = [
        r["key"] for r in results if r.get("load") and (r["load"]["p95_ms"] or 0) > TARGET_P95_MS
    ]
    say(f"\np95 over {TARGET_P95_MS} ms: {', '.join(missed) or 'none'}")
    say(f"Results written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
