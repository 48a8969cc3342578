"""F12 (issue 13): CSV exports neutralise formula-like text as the XLSX export does.

Text starting with ``=``, ``+``, ``-`` or ``@`` gets a leading apostrophe in every CSV the
platform writes (API ``?format=csv``, list ``?export=csv``, the initiatives' and open data
files, evaluation answers and links), and a text cell in XLSX; numbers, and text that is
exactly a number (``-3``), are data and stay as they are (``core.tabular``).
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.tests.factories import UserFactory, signed_in_client
from meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

FORMULAS = {
    '=HYPERLINK("http://evil.example","Click")': '\'=HYPERLINK("http://evil.example","Click")',
    "+1+cmd|' /C calc'!A0": "'+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0": "'@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1": "'\t=1+1",
    "'=already quoted": "''=already quoted",
}
KEPT = ["-3", "+2.5", "-1e3", "Meeting on return - 2014", "'quoted but harmless", "a=b"]


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def meetings():
    for i, title in enumerate([*FORMULAS, *KEPT]):
        MeetingFactory(slug=f"m-{i:02d}", title_en=title)


def titles_by_slug(rows):
    return {r["slug"]: r["title_en"] for r in rows}


def expected_titles():
    titles = [*FORMULAS.values(), *KEPT]
    return {f"m-{i:02d}": title for i, title in enumerate(titles)}


def test_api_csv_neutralises_formulas(client, meetings):
    rows = csv_rows(client.get("/api/meetings/", {"format": "csv", "page_size": 100}))
    assert titles_by_slug(rows) == expected_titles()


def test_list_export_csv_neutralises_formulas(client, meetings):
    rows = csv_rows(client.get(reverse("meetings:list"), {"export": "csv"}))
    assert titles_by_slug(rows) == expected_titles()


def test_open_data_csv_neutralises_formulas(client, meetings):
    rows = csv_rows(client.get("/monitoring/data/meetings.csv"))
    assert titles_by_slug(rows) == expected_titles()


@pytest.fixture
def initiatives():
    from monitoring.tests.factories import InitiativeFactory

    return {title: InitiativeFactory(title_en=title) for title in [*FORMULAS, *KEPT]}


def test_initiatives_csv_and_xlsx_agree_and_import_back(client, initiatives):
    from monitoring.io.tabular import read_csv

    response = client.get("/monitoring/initiatives/", {"export": "csv"})
    rows = csv_rows(response)
    assert {r["title_en"] for r in rows} == {*FORMULAS.values(), *KEPT}
    # Numbers are numbers: a budget stays a plain figure.
    assert all(not r["budget"].startswith("'") for r in rows)
    # What the import reads back is the title as typed.
    assert {r["title_en"] for r in read_csv(response.content)} == {*FORMULAS, *KEPT}

    xlsx = client.get("/monitoring/initiatives/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("title_en")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert {c.value for c in cells} == {*FORMULAS, *KEPT}  # XLSX keeps the value ...
    assert {c.data_type for c in cells} == {"s"}  # ... as text, never a formula ("f")


def test_evaluation_answers_typed_by_respondents_are_neutralised():
    from evaluations.models import Invitation, hash_token
    from evaluations.services import evaluation_answer_submit
    from evaluations.tests.factories import survey, tokens

    form = survey(state="open")
    questions = list(form.questions.order_by("position"))
    text_question = next(q for q in questions if q.kind == "text")
    for token, answer in zip(tokens(form, 2), ["=cmd|' /C calc'!A0", "-4"], strict=True):
        invitation = Invitation.objects.get(token_hash=hash_token(token))
        answers = {questions[0]: 4, questions[1]: "Right", text_question: answer}
        evaluation_answer_submit(invitation=invitation, answers=answers)
    staff = signed_in_client(UserFactory(role="Secretariat"))
    rows = csv_rows(staff.get(reverse("evaluations:results", args=[form.pk]), {"export": "csv"}))
    header = f"Q{text_question.position}. {text_question.text}"
    assert sorted(r[header] for r in rows) == ["'=cmd|' /C calc'!A0", "-4"]
