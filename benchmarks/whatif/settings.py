"""The benchmark settings plus the proposed caching (see ``benchmarks/whatif/__init__.py``)."""

import copy
import os
from pathlib import Path

from benchmarks.settings import *  # noqa: F403
from benchmarks.settings import TEMPLATES, VAR_DIR, database_from_url

WHATIF_SQLITE_URL = f"sqlite:///{VAR_DIR / 'bench-whatif.sqlite3'}"

DATABASES = {"default": database_from_url(os.environ.get("BENCH_DATABASE_URL", WHATIF_SQLITE_URL))}
TEMPLATES = copy.deepcopy(TEMPLATES)
TEMPLATES[0]["DIRS"] = [Path(__file__).resolve().parent / "templates", *TEMPLATES[0]["DIRS"]]
ROOT_URLCONF = "benchmarks.whatif.urls"
