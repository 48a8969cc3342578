"""Settings for the benchmarks: the dev settings with DEBUG off and the separate bench database.

The database is ``var/bench.sqlite3`` unless ``BENCH_DATABASE_URL`` names another one
(``benchmarks/run.py --postgres`` sets it to a ``rabat_bench`` database). Uploaded files of the
reference corpus go to ``var/bench-media`` so the bench never touches the main site's files.
"""

import os

from config.settings.dev import *  # noqa: F403
from config.settings.dev import VAR_DIR, database_from_url

BENCH_SQLITE_URL = f"sqlite:///{VAR_DIR / 'bench.sqlite3'}"

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES = {"default": database_from_url(os.environ.get("BENCH_DATABASE_URL", BENCH_SQLITE_URL))}
MEDIA_ROOT = VAR_DIR / "bench-media"
# WhiteNoise warns when STATIC_ROOT is missing; the measured pages are HTML and JSON only.
STATIC_ROOT = VAR_DIR / "bench-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Quiet: the load generator measures latency, a log line per request would be noise.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": "ERROR"}},
}
