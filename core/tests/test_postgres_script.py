"""A test run left a server behind (issue 15): ``make test`` kept its PostgreSQL server running on
port 55432, and a later run in another checkout failed with "port 55432 is taken".

Two throwaway checkouts (a copy of ``scripts/`` each, with a stand-in for the test suite that
fails): the first holds a server; the second's test run is told the port is taken, runs on a
free one, and stops its server when its suite fails. Asking for the taken port by
``PGPORT_TEST`` is refused with the same plain words. Needs PostgreSQL's server binaries (or
root, which installs them); skipped without, except under ``CI=true``.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ("postgres.sh", "test_postgres.sh", "system_deps.sh")
FAILING_SUITE = '#!/bin/sh\necho "suite on $DATABASE_URL"\nexit 1\n'


def checkout(base: Path, name: str) -> Path:
    project = base / name
    (project / "scripts").mkdir(parents=True)
    for script in SCRIPTS:
        shutil.copy(ROOT / "scripts" / script, project / "scripts" / script)
    suite = project / ".venv" / "bin" / "pytest"
    suite.parent.mkdir(parents=True)
    suite.write_text(FAILING_SUITE)
    suite.chmod(0o755)
    return project


def pg(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "PGPORT_TEST"} | env
    return subprocess.run(
        ["bash", *args], cwd=project, env=environ, capture_output=True, text=True, timeout=180
    )


@pytest.fixture
def two_checkouts():
    # World-searchable, so that as root the server's own user can reach the clusters.
    base = Path(tempfile.mkdtemp(prefix="rabat-pg-drill-", dir="/tmp"))
    base.chmod(0o755)
    first, second = checkout(base, "first"), checkout(base, "second")
    started = pg(first, "scripts/postgres.sh", "start")
    if started.returncode == 3 and os.environ.get("CI") != "true":
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip("no PostgreSQL server binaries here: " + started.stderr.strip()[-200:])
    assert started.returncode == 0, started.stderr
    try:
        yield first, second, started.stdout.strip().splitlines()[-1].rsplit(":", 1)[1]
    finally:
        for project in (first, second):
            pg(project, "scripts/postgres.sh", "stop")
        shutil.rmtree(base, ignore_errors=True)


def test_a_test_run_stops_its_server_and_moves_off_a_taken_port(two_checkouts):
    first, second, taken = two_checkouts  # taken: "55432/rabat" or the port it moved to
    port = taken.split("/")[0]

    run = pg(second, "scripts/test_postgres.sh")
    assert run.returncode == 1, run.stderr  # the suite's failure is the run's failure
    # The first checkout's port, or the default port when another server (a suite of another
    # checkout running meanwhile) holds it and the first checkout had moved on as well.
    assert any(
        f"port {taken_port} is taken by a PostgreSQL server that this checkout did not start"
        in run.stderr
        for taken_port in (port, "55432")
    ), run.stderr
    used = run.stdout.split("suite on postgres://rabat@127.0.0.1:")[1].split("/")[0]
    assert used != port
    assert "Stopping the PostgreSQL server this test run started." in run.stderr
    assert pg(second, "scripts/postgres.sh", "status").returncode == 1  # nothing left behind
    assert pg(first, "scripts/postgres.sh", "status").returncode == 0  # the other one untouched

    asked = pg(second, "scripts/postgres.sh", "start", PGPORT_TEST=port)
    assert asked.returncode == 1
    assert f"ERROR: port {port} (PGPORT_TEST) is taken by a PostgreSQL server" in asked.stderr
    assert pg(second, "scripts/postgres.sh", "status").returncode == 1
