"""Two people edit the same application at once, each with their own database connection
(threads; on SQLite and on PostgreSQL): the second gets a conflict with the newer values and
nothing of the first is overwritten.

The first tests are the lost-update case (both read, then both write): they run on both
databases. The last two make both writes start at the same instant; they need a database
that makes a second writer wait (PostgreSQL, or SQLite in a file with its busy timeout, as in
production), not the in-memory SQLite of the test run, which answers "table is locked" at once.
"""

import re
import threading

import pytest
from django.db import connection
from django.urls import reverse

from labels.models import LabelApplication
from labels.tests.helpers import client_for, form_data
from workflows.engine import history

LIST = "/api/labels/applications/"


def in_thread(target):
    """Run ``target`` in a thread with its own connection, closed at the end."""
    outcome = {}

    def run():
        try:
            outcome["value"] = target()
        except Exception as exc:  # re-raised in the test's thread
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    return thread, outcome


def read_version(client, url) -> int:
    html = client.get(url).content.decode()
    return int(re.search(r'name="version" value="(\d+)"', html).group(1))


@pytest.mark.django_db(transaction=True)
def test_the_second_of_two_page_edits_gets_a_conflict(lab, make_application):
    application = make_application()
    url = reverse("labels:edit", kwargs={"pk": application.pk})
    applicant, secretariat = client_for(lab.applicant), client_for(lab.secretariat)
    both_read = threading.Barrier(2)
    first_saved = threading.Event()

    def first():
        version = read_version(applicant, url)
        both_read.wait(timeout=10)
        response = applicant.post(
            url, form_data(lab, title="Title of the applicant", version=version)
        )
        first_saved.set()
        return response

    def second():
        version = read_version(secretariat, url)
        both_read.wait(timeout=10)
        first_saved.wait(timeout=10)
        return secretariat.post(
            url, form_data(lab, title="Title of the Secretariat", funders="EU", version=version)
        )

    threads = [in_thread(first), in_thread(second)]
    for thread, _outcome in threads:
        thread.start()
    for thread, _outcome in threads:
        thread.join(timeout=30)
    (_t1, one), (_t2, two) = threads
    assert "error" not in one and "error" not in two, (one, two)
    assert one["value"].status_code == 302
    conflict = two["value"]
    assert conflict.status_code == 409
    html = conflict.content.decode()
    assert "Someone else changed this record" in html
    assert "Title of the applicant" in html  # the newer values are shown
    assert 'name="version" value="2"' in html  # a deliberate second save may overwrite
    application.refresh_from_db()
    assert (application.title, application.funders, application.version) == (
        "Title of the applicant",
        "France",
        2,
    )


def waiting_database():
    """The simultaneous-start tests need a database where a second writer waits for the
    first: PostgreSQL (the SQLite suite leaves them out with ``-m "not postgres_only"``;
    the in-memory test database fails the second writer at once with "table is locked")."""
    assert not (connection.vendor == "sqlite" and connection.is_in_memory_db()), (
        "run with the PostgreSQL suite (scripts/test_postgres.sh)"
    )


@pytest.mark.django_db(transaction=True)
def test_the_second_of_two_api_edits_gets_a_409(lab, make_application):
    application = make_application()
    url = f"{LIST}{application.pk}/"
    applicant, secretariat = client_for(lab.applicant), client_for(lab.secretariat)
    both_read = threading.Barrier(2)
    first_saved = threading.Event()

    def first():
        version = applicant.get(url).json()["version"]
        both_read.wait(timeout=10)
        response = applicant.patch(
            url,
            {"title": "From the applicant", "version": version},
            content_type="application/json",
        )
        first_saved.set()
        return response

    def second():
        version = secretariat.get(url).json()["version"]
        both_read.wait(timeout=10)
        first_saved.wait(timeout=10)
        return secretariat.patch(
            url,
            {"title": "From the Secretariat", "version": version},
            content_type="application/json",
        )

    threads = [in_thread(first), in_thread(second)]
    for thread, _outcome in threads:
        thread.start()
    for thread, _outcome in threads:
        thread.join(timeout=30)
    (_t1, one), (_t2, two) = threads
    assert one["value"].status_code == 200
    assert two["value"].status_code == 409
    assert two["value"].json()["current"]["title"] == "From the applicant"
    assert two["value"].json()["current"]["version"] == 2
    application.refresh_from_db()
    assert application.title == "From the applicant" and application.version == 2


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_api_writes_one_wins_the_other_gets_409(lab, make_application):
    waiting_database()
    application = make_application()
    url = f"{LIST}{application.pk}/"
    start = threading.Barrier(2)

    def write(user, title):
        client = client_for(user)

        def go():
            start.wait(timeout=10)
            return client.patch(
                url, {"title": title, "version": 1}, content_type="application/json"
            )

        return go

    threads = [
        in_thread(write(lab.applicant, "From the applicant")),
        in_thread(write(lab.secretariat, "From the Secretariat")),
    ]
    for thread, _outcome in threads:
        thread.start()
    for thread, _outcome in threads:
        thread.join(timeout=30)
    outcomes = [outcome for _thread, outcome in threads]
    assert all("error" not in o for o in outcomes), outcomes
    codes = sorted(o["value"].status_code for o in outcomes)
    assert codes == [200, 409]
    winner = next(o["value"] for o in outcomes if o["value"].status_code == 200).json()
    loser = next(o["value"] for o in outcomes if o["value"].status_code == 409).json()
    assert loser["current"]["title"] == winner["title"]
    application.refresh_from_db()
    assert application.title == winner["title"] and application.version == 2


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_steps_only_one_is_taken(lab, make_application):
    waiting_database()
    application = make_application(state="submitted")
    start = threading.Barrier(2)

    def take(name, reason):
        client = client_for(lab.secretariat)

        def go():
            start.wait(timeout=10)
            return client.post(
                f"{LIST}{application.pk}/transition/",
                {"transition": name, "reason": reason, "version": 1},
                content_type="application/json",
            )

        return go

    threads = [
        in_thread(take("open_review", "")),
        in_thread(take("request_changes", "Add the budget.")),
    ]
    for thread, _outcome in threads:
        thread.start()
    for thread, _outcome in threads:
        thread.join(timeout=30)
    codes = sorted(o["value"].status_code for _t, o in threads)
    assert codes == [200, 409]
    application.refresh_from_db()
    assert application.state in ("review", "changes_requested")
    assert len(history(application)) == 1
    assert LabelApplication.objects.get().version == 2
