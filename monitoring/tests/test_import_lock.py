"""F11 (issue 13): an import of initiatives does not lock people out of a SQLite platform.

On a real SQLite file, as in production, with a real server (``rabat runserver``, one thread
per request) and the import run by ``rabat import_initiatives`` in another process: people
who sign in while a large file is imported are signed in (their write waits for the import's
short writing transaction, within the busy timeout), and the import stays all or nothing.
When the database is still locked after the busy timeout (another connection holds the write
lock), a sign-in is answered 503 "The platform is busy", never 500
(``core.middleware.DatabaseBusyMiddleware``).

The server and the importer wait at most ``TIMEOUT`` seconds for the lock
(``RABAT_SQLITE_TIMEOUT``). An import that held the lock for its whole run made these
sign-ins fail: on the shared test machine (load 9-10 on 2 cores) 500 rows held it 36-40 s
before the mend, 4.2-4.5 s after (benchmarks/import_bench.py measures it on a quiet machine).
"""

import csv
import http.client
import io
import re
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.db import transaction

from core.tests.factories import PASSWORD
from core.tests.sqlite_server import sqlite_platform
from monitoring.io import rows as import_module
from monitoring.io.rows import COLUMNS, ImportFailed, import_rows
from monitoring.models import Initiative

from .factories import InitiativeFactory

ROWS = 400
TIMEOUT = 10
LOGIN = "/accounts/login/"
REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def csv_of(count: int, *, last: dict | None = None) -> bytes:
    """``count`` rows of new initiatives of Mali (``last`` changes the last one)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for n in range(count):
        row = {
            "country": "ML",
            "kind": "project",
            "status": "ongoing",
            "title_en": f"Imported initiative {n}",
            "budget": "1000",
            "currency": "EUR",
            "start_date": "2024-01-01",
            "end_date": "2026-12-31",
            "countries": "ML:100",
            "organisations": "implementing: A local association",
            "results": "People trained | persons | 0 | 200 | 150",
            "sources": "https://example.org/report.pdf",
        }
        if last and n == count - 1:
            row.update(last)
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    """A freshly migrated SQLite file with Mali and an account, served by ``rabat runserver``;
    ``rabat(...)`` runs a command on the same file."""
    with sqlite_platform(
        tmp_path_factory.mktemp("import-lock"),
        env={"RABAT_SQLITE_TIMEOUT": str(TIMEOUT)},
        setup=(
            "from django.contrib.auth.models import User; "
            "from partners.tests.factories import CountryFactory; "
            "CountryFactory(iso2='ML', name_en='Mali'); "
            f"User.objects.create_user('amina', password='{PASSWORD}')"
        ),
    ) as served:
        yield served


def sign_in(port) -> tuple[int, dict, str]:
    """The sign-in form sent as a browser sends it: (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", LOGIN)
    page = conn.getresponse()
    html = page.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "amina", "password": PASSWORD}
    )
    conn.request(
        "POST",
        LOGIN,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
        },
    )
    response = conn.getresponse()
    result = (response.status, dict(response.getheaders()), response.read().decode())
    conn.close()
    return result


def initiatives_in(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT COUNT(*) FROM monitoring_initiative").fetchone()[0]


def test_people_sign_in_while_a_large_file_is_imported(platform):
    before = initiatives_in(platform["database"])
    upload = platform["folder"] / "large.csv"
    upload.write_bytes(csv_of(ROWS))
    importer = subprocess.Popen(
        [str(BIN / "rabat"), "import_initiatives", str(upload)],
        cwd=REPO,
        env=platform["env"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    statuses = []
    while importer.poll() is None:
        statuses.append(sign_in(platform["port"])[0])
    out, err = importer.communicate(timeout=600)
    assert importer.returncode == 0, err
    assert f"{ROWS} initiative(s) imported" in out
    assert initiatives_in(platform["database"]) == before + ROWS
    assert len(statuses) >= 3, "the import ended before anyone could sign in"
    # Every sign-in during the import went through (302 to the next page): none failed.
    assert set(statuses) == {302}, statuses


def test_a_file_with_a_bad_last_row_writes_nothing(platform):
    before = initiatives_in(platform["database"])
    upload = platform["folder"] / "bad-last-row.csv"
    upload.write_bytes(csv_of(ROWS, last={"country": "XX"}))
    done = platform["rabat"]("import_initiatives", str(upload), check=False)
    assert done.returncode != 0
    assert f"row {ROWS + 1}: country: unknown country “XX”" in done.stderr
    assert initiatives_in(platform["database"]) == before


def test_a_sign_in_that_finds_the_database_locked_is_told_to_retry_not_a_500(platform):
    # Another connection holds the write lock for longer than the busy timeout.
    holder = sqlite3.connect(platform["database"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.perf_counter()
        status, headers, html = sign_in(platform["port"])
        waited = time.perf_counter() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status == 503, html[:2000]
    assert "The platform is busy" in html
    assert headers.get("Retry-After") == "5"
    assert waited >= TIMEOUT  # it waited for the lock before giving up
    # Once the lock is free, the same sign-in goes through.
    assert sign_in(platform["port"])[0] == 302


@pytest.mark.django_db
def test_an_import_refuses_records_changed_while_it_was_checked(monkeypatch, secretariat):
    """The rows are checked before the writing transaction starts: a record the file updates
    that someone changes in between is not overwritten, and nothing of the file is written."""
    record = InitiativeFactory(title_en="Before")
    staged = import_module._stage

    def stage_then_someone_edits(parsed, submission):
        errors = staged(parsed, submission)
        with transaction.atomic():
            Initiative.objects.filter(pk=record.pk).update(title_en="Edited meanwhile", version=9)
        return errors

    monkeypatch.setattr(import_module, "_stage", stage_then_someone_edits)
    rows = [
        {"country": record.country.iso2, "kind": "project", "status": "ongoing", "title_en": "New"},
        {
            "uid": record.uid,
            "country": record.country.iso2,
            "kind": "project",
            "status": "ongoing",
            "title_en": "From the file",
        },
    ]
    count = Initiative._base_manager.count()
    with pytest.raises(ImportFailed, match="changed while it was being checked"):
        import_rows(rows, by=secretariat)
    record.refresh_from_db()
    assert record.title_en == "Edited meanwhile"
    assert Initiative._base_manager.count() == count  # not even a record "being imported"
