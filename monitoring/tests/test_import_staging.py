"""F11 (issue 13): an import writes in short transactions and stays all or nothing.

The new records of a file are written a batch at a time, each batch in its own transaction,
as "being imported" records that no page, API answer or figure shows; one short transaction
at the end turns them all into validated records (or drafts) at once. A failure deletes them;
the records of an import whose process stopped are deleted by the next import. The
dashboard's figures are recomputed afterwards in short transactions, and a recomputation that
a stopped process left is finished by the next import.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from monitoring import coverage
from monitoring.choices import RecordState
from monitoring.io import rows as import_module
from monitoring.io.rows import ImportFailed, import_rows
from monitoring.models import CoverageBacklog, CoverageEntry, Initiative, InitiativeCountry

from .factories import InitiativeFactory


def row(n: int, **extra) -> dict:
    values = {
        "country": "ML",
        "kind": "project",
        "status": "ongoing",
        "title_en": f"Staged initiative {n}",
        "budget": "1000",
        "currency": "EUR",
        "start_date": "2024-01-01",
        "end_date": "2026-12-31",
        "countries": "ML:100",
        "organisations": "implementing: A local association",
        "sources": "https://example.org/report.pdf",
    }
    values.update(extra)
    return values


def seen_by(user, title: str) -> dict:
    """Where ``title`` shows for ``user``: the list page, the API, the CSV export."""
    client = Client()
    client.force_login(user)
    page = client.get("/monitoring/initiatives/", {"q": title.split()[0]})
    api = client.get("/api/initiatives/", {"search": title.split()[0]})
    export = client.get("/monitoring/initiatives/", {"export": "csv"})
    return {
        "page": title in page.content.decode(),
        "api": title in api.content.decode(),
        "csv": title
        in b"".join(export.streaming_content if export.streaming else [export.content]).decode(),
    }


@pytest.mark.django_db(transaction=True)
def test_new_records_are_written_in_short_transactions_and_hidden_until_the_end(
    monkeypatch, secretariat, country
):
    monkeypatch.setattr(import_module, "BATCH", 3)
    batches, before_publish = [], {}
    write_new, publish = import_module._write_new, import_module._publish

    def one_batch(parsed_rows, **kwargs):
        # Its own transaction, not one opened around the whole import.
        batches.append((len(parsed_rows), len(connection.atomic_blocks)))
        return write_new(parsed_rows, **kwargs)

    def then_publish(staged, target):
        before_publish["importing"] = Initiative._base_manager.filter(
            record_state=RecordState.IMPORTING
        ).count()
        before_publish["default manager"] = Initiative.objects.filter(
            title_en__startswith="Staged initiative"
        ).count()
        before_publish["seen"] = seen_by(secretariat, "Staged initiative 6")
        return publish(staged, target)

    monkeypatch.setattr(import_module, "_write_new", one_batch)
    monkeypatch.setattr(import_module, "_publish", then_publish)
    records = import_rows([row(n) for n in range(7)], by=secretariat)

    assert batches == [(3, 1), (3, 1), (1, 1)]
    assert before_publish == {
        "importing": 7,
        "default manager": 0,
        "seen": {"page": False, "api": False, "csv": False},
    }
    assert len(records) == 7
    assert set(
        Initiative.objects.filter(pk__in=[r.pk for r in records]).values_list(
            "record_state", flat=True
        )
    ) == {RecordState.VALIDATED}
    assert seen_by(secretariat, "Staged initiative 6") == {"page": True, "api": True, "csv": True}
    # The history says what the record is, not that it was being imported.
    assert set(
        Initiative.history.filter(id__in=[r.pk for r in records]).values_list(
            "record_state", flat=True
        )
    ) == {RecordState.VALIDATED}
    # The dashboard's figures count them, and no recomputation is left.
    assert CoverageEntry.objects.filter(initiative_id__in=[r.pk for r in records]).exists()
    assert not CoverageBacklog.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failure_at_the_end_leaves_nothing_of_the_file(monkeypatch, secretariat, country):
    """Someone takes an identifier of the file while the batches are written: the import is
    refused and the records already written are deleted, with their history and details."""
    monkeypatch.setattr(import_module, "BATCH", 2)
    write_new = import_module._write_new

    def someone_takes_the_identifier(parsed_rows, **kwargs):
        written = write_new(parsed_rows, **kwargs)
        if any(parsed.uid == "INI-900004" for parsed in parsed_rows):
            InitiativeFactory(uid="INI-900004", title_en="Taken meanwhile")
        return written

    monkeypatch.setattr(import_module, "_write_new", someone_takes_the_identifier)
    rows = [row(n) for n in range(4)] + [row(4, uid="INI-900004")]
    with pytest.raises(ImportFailed, match="changed while it was being checked"):
        import_rows(rows, by=secretariat)
    assert not Initiative._base_manager.filter(title_en__startswith="Staged initiative").exists()
    assert not Initiative.history.filter(title_en__startswith="Staged initiative").exists()
    assert not InitiativeCountry.objects.filter(initiative__title_en__startswith="Staged").exists()
    assert Initiative.objects.get(uid="INI-900004").title_en == "Taken meanwhile"


@pytest.mark.django_db(transaction=True)
def test_records_of_a_stopped_import_are_deleted_by_the_next(monkeypatch, secretariat, country):
    """A process killed between the batches and the end leaves "being imported" records: no
    page shows them, and the next import deletes them once they are old enough."""

    class Killed(BaseException):
        pass

    def killed(staged, target):
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(import_module, "_publish", killed)
        patch.setattr(import_module, "_discard", lambda ids: None)  # the process is gone
        with pytest.raises(Killed):
            import_rows([row(n) for n in range(3)], by=secretariat)
    left = Initiative._base_manager.filter(record_state=RecordState.IMPORTING)
    assert left.count() == 3
    assert seen_by(secretariat, "Staged initiative 2") == {
        "page": False,
        "api": False,
        "csv": False,
    }

    # Another import started at once (it could be still running) leaves them alone...
    import_rows([row(10, title_en="Next file")], by=secretariat)
    assert left.count() == 3
    # ...and deletes them once they are older than an import can take.
    left.update(created_at=timezone.now() - import_module.ABANDONED_AFTER - datetime.timedelta(1))
    import_rows([row(11, title_en="Later file")], by=secretariat)
    assert not Initiative._base_manager.filter(title_en__startswith="Staged initiative").exists()
    assert Initiative.objects.filter(title_en__in=["Next file", "Later file"]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_figures_a_stopped_import_left_are_recomputed_by_the_next(
    monkeypatch, secretariat, country
):
    with monkeypatch.context() as patch:
        patch.setattr(coverage, "drain", lambda: 0)  # the process stopped before recomputing
        (first,) = import_rows([row(1)], by=secretariat)
    assert not CoverageEntry.objects.filter(initiative=first).exists()
    assert CoverageBacklog.objects.count() == 1

    import_rows([row(2)], by=secretariat)
    assert CoverageEntry.objects.filter(initiative=first).exists()
    assert not CoverageBacklog.objects.exists()
