"""A real platform on a SQLite file, for tests of what happens between processes.

``sqlite_platform(folder, settings=..., env=..., setup=...)`` migrates a SQLite file in
``folder`` (``RABAT_VAR_DIR``), runs ``setup`` (Python code, in ``rabat shell``), serves it with
``rabat runserver`` (one thread per request, as in production) on a free port, and yields
``{"port", "folder", "database", "env", "rabat"}``; ``rabat(*args, check=True)`` runs a
command on the same file. The server is stopped when the block ends, whatever happens.

Skipped in the PostgreSQL suite: the SQLite case runs once, in the SQLite suite.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def sqlite_platform(
    folder: Path,
    *,
    settings: str = "config.settings.dev",
    env: dict | None = None,
    setup: str = "",
    timeout: int = 900,
):
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the SQLite case: run once, in the SQLite suite")
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(
        RABAT_VAR_DIR=str(folder), DJANGO_SETTINGS_MODULE=settings, PYTHONUNBUFFERED="1"
    )
    environment.update(env or {})

    def rabat(*args, check=True):
        done = subprocess.run(
            [str(BIN / "rabat"), *args],
            cwd=REPO,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check:
            assert done.returncode == 0, done.stderr
        return done

    rabat("migrate", "-v0")
    if setup:
        rabat("shell", "-c", setup)
    port = free_port()
    log_path = folder / "server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [str(BIN / "rabat"), "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=REPO,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(300):
                assert server.poll() is None, log_path.read_text()
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            yield {
                "port": port,
                "folder": folder,
                "database": folder / "rabat.sqlite3",
                "env": environment,
                "rabat": rabat,
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
