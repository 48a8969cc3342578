"""The user-path layer: the platform as a user has it, not as a test database fakes it.

One instance is built once per run exactly as ``make run`` builds it (``make load``: migrate,
the reference data, the shipped corpus through the pipeline, the demo account) in a folder of
its own (``RABAT_VAR_DIR``), then served as ``make run`` serves it (``scripts/run.sh``: the web
server and the task worker). The tests drive the real
commands as subprocesses, the pages over HTTP and, for the library's upload and review, the
browser. Nothing is stubbed.
"""

from __future__ import annotations

import http.cookiejar
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CORPUS = REPO / "reference" / "data" / "corpus"
WEB = REPO / "knowledge" / "tests" / "corpus" / "web"
# The real page the browser test uploads, reviews and accepts (no other test ingests it).
BROWSER_PAGE = WEB / "2022-09-malaga-labour-migration-thematic-meeting-outcome.txt"


@dataclass
class Instance:
    folder: Path
    env: dict
    url: str = ""

    @property
    def database(self) -> Path:
        return self.folder / "rabat.sqlite3"

    def rabat(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """``rabat ARGS`` on this instance, as a user types it."""
        return subprocess.run(
            [str(BIN / "rabat"), *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def sql(self, query: str, *params) -> list[tuple]:
        """Read the instance's database (read-only)."""
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as connection:
            return connection.execute(query, params).fetchall()

    def get(self, path: str, opener=None) -> tuple[int, str]:
        opener = opener or urllib.request.build_opener()
        try:
            with opener.open(self.url + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def instance(tmp_path_factory) -> Instance:
    """A platform built by ``make load`` in a folder of its own."""
    folder = tmp_path_factory.mktemp("instance")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(
        RABAT_VAR_DIR=str(folder),
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        PYTHONUNBUFFERED="1",
    )
    built = subprocess.run(
        ["make", "--no-print-directory", "load"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, f"make load failed:\n{built.stdout}\n{built.stderr}"
    return Instance(folder=folder, env=env)


@pytest.fixture(scope="session")
def served(instance) -> Instance:
    """The instance served as ``make run`` serves it: ``scripts/run.sh``, the web server and
    the task worker that ingests uploads; stopping the script stops both."""
    port = _free_port()
    log = open(instance.folder / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        ["bash", str(REPO / "scripts" / "run.sh"), f"127.0.0.1:{port}"],
        cwd=REPO,
        env={**instance.env, "BIN": str(BIN)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    instance.url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if server.poll() is not None:
                break
            try:
                urllib.request.urlopen(instance.url + "/about/", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        assert server.poll() is None, (instance.folder / "server.log").read_text()
        yield instance
    finally:
        server.terminate()  # the script's trap stops the server and the worker
        server.wait(timeout=60)
        log.close()


def signed_in_opener(instance: Instance, username: str, password: str, code: str):
    """An HTTP client signed in through the real sign-in pages (password, then a backup
    code as the second factor)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, fields: dict) -> str:
        page = opener.open(instance.url + path, timeout=60).read().decode()
        token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(
            instance.url + path, data=data, headers={"Referer": instance.url + path}
        )
        with opener.open(request, timeout=60) as response:
            return response.geturl()

    post("/accounts/login/", {"username": username, "password": password})
    post("/accounts/two-factor/verify/", {"code": code})
    return opener
