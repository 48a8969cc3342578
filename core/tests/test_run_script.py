"""``make run`` (scripts/run.sh): the web server and a task worker as one command; when one
stops, the other is stopped too, and nothing is left running."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs once, in the SQLite suite (the script serves the embedded SQLite database)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _processes_of(folder: Path) -> list[int]:
    """Pids of the processes started with ``RABAT_VAR_DIR=folder``."""
    marker = f"RABAT_VAR_DIR={folder}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def _wait_gone(folder: Path, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := _processes_of(folder)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def test_make_run_serves_with_a_worker_and_stops_both(tmp_path):
    folder = tmp_path / "var"
    folder.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "RABAT_VAR_DIR": str(folder),
        "BIN": str(Path(sys.executable).parent),
    }
    rabat = str(Path(sys.executable).parent / "rabat")
    migrated = subprocess.run(
        [rabat, "migrate", "--noinput"], env=env, cwd=REPO, capture_output=True, timeout=300
    )
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    script = subprocess.Popen(
        ["bash", "scripts/run.sh", f"127.0.0.1:{port}"],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                    break
            except urllib.error.HTTPError:
                break  # it answered
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.5)
        commands = [
            (Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
            for pid in _processes_of(folder)
        ]
        assert any("db_worker" in command for command in commands), commands
        assert any("runserver" in command for command in commands), commands
        script.send_signal(signal.SIGTERM)  # as systemd, or Ctrl-C's SIGINT
        script.wait(timeout=30)
    finally:
        if script.poll() is None:
            script.kill()
    assert _wait_gone(folder, 10) == []

    # The server cannot start (its port is taken): the worker is not left behind either.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        ended = subprocess.run(
            ["bash", "scripts/run.sh", f"127.0.0.1:{busy}"],
            env=env, cwd=REPO, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert ended.returncode != 0
    assert "stopping the task worker" in ended.stderr
    assert _wait_gone(folder, 10) == []
