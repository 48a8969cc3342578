"""The PDF and the command line."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from frameworks.models import Framework
from stocktaking.dates import date_paths
from stocktaking.render import render_pdf, render_standalone
from stocktaking.report import build_report

URL = "/stocktaking/marrakesh-2018/pdf/?from=2018&to=2022"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_in_french_is_a_valid_pdf_with_accents(stock, anon_client):
    response = anon_client.get(URL + "&lang=fr")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Zones blanches" in text
    assert "Sénégal" in text
    assert "Réunion thématique sur l’asile" in text
    assert "Confidential note" not in text and "Note confidentielle" not in text


def test_pdf_for_partners_cites_partners_only_records(stock, partner_client):
    text = pdf_text(partner_client.get(URL + "&lang=en").content)
    assert "Confidential note on smuggling" in text
    assert "Annex: activities and references" in text


def test_pdf_links_are_absolute(stock, anon_client):
    text = pdf_text(anon_client.get(URL + "&lang=en").content)
    assert "http://testserver/documents/asylum-debates/" in text


def test_same_data_gives_the_same_bytes(stock):
    framework = Framework.objects.get(slug="marrakesh-2018")
    reports = [
        build_report(framework, 2018, 2022, user=AnonymousUser(), lang="fr") for _ in range(2)
    ]
    assert render_standalone(reports[0]) == render_standalone(reports[1])
    assert render_pdf(reports[0]) == render_pdf(reports[1])


def test_the_report_changes_when_the_data_changes(stock):
    framework = Framework.objects.get(slug="marrakesh-2018")
    before = render_standalone(build_report(framework, 2018, 2022, user=AnonymousUser()))
    stock.public_doc.title_en = "Renamed summary"
    stock.public_doc.save()
    after = render_standalone(build_report(framework, 2018, 2022, user=AnonymousUser()))
    assert before != after and "Renamed summary" in after


def test_command_writes_pdf_and_html(stock, tmp_path):
    pdf, html = tmp_path / "report.pdf", tmp_path / "report.html"
    out = io.StringIO()
    call_command(
        "stocktaking",
        "--framework=marrakesh-2018",
        "--from=2018",
        "--to=2022",
        "--lang=fr",
        f"--output={pdf}",
        stdout=out,
    )
    assert "3 activities, 3 white spots" in out.getvalue()
    assert "Zones blanches" in pdf_text(pdf.read_bytes())
    call_command("stocktaking", "--framework=marrakesh-2018", f"--output={html}", stdout=out)
    text = html.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "White spots" in text and "Confidential note" not in text
    with pytest.raises(CommandError):
        call_command("stocktaking", "--framework=nope", f"--output={html}")
    with pytest.raises(CommandError):
        call_command("stocktaking", "--framework=marrakesh-2018", "--from=x", f"--output={html}")


def test_dates_are_found_by_introspection():
    from documents.models import Document
    from meetings.models import Meeting, Recommendation

    assert date_paths(Meeting) == ["start_date"]
    assert date_paths(Document) == ["date", "meeting__start_date"]
    assert date_paths(Recommendation) == ["meeting__start_date"]


def test_followup_status_is_shown_from_the_followup_app(stock, anon_client):
    from followup.models import FollowUp

    FollowUp.objects.filter(recommendation=stock.recommendation).update(status="implemented")
    html = anon_client.get("/stocktaking/marrakesh-2018/?from=2018&to=2022&lang=en").content
    assert b"<td>Implemented</td>" in html
    assert b"not recorded on this platform yet" not in html
    french = anon_client.get("/stocktaking/marrakesh-2018/?from=2018&to=2022&lang=fr").content
    assert "<td>Mise en œuvre</td>".encode() in french


def test_number_ranges():
    from stocktaking.render import number_ranges

    assert number_ranges([3, 1, 2, 7, 9, 8, 3]) == [(1, 3), (7, 9)]
    assert number_ranges([]) == []


def test_pdf_cites_many_records_of_an_item_as_ranges_of_the_annex(stock):
    from documents.tests.factories import DocumentFactory

    for n in range(12):
        DocumentFactory(
            title_en=f"Bulk note {n:02d}",
            date=stock.public_doc.date,
            framework_items=[stock.plans["marrakesh-2018/A12"]],
        )
    framework = Framework.objects.get(slug="marrakesh-2018")
    report = build_report(framework, 2018, 2022, user=AnonymousUser(), lang="en")
    text = pdf_text(render_pdf(report))
    annex = text[text.index("Annex: activities and references") :]
    numbers = {e.title: e.number for e in report.references if e.title.startswith("Bulk note")}
    assert len(numbers) == 12 and all(title in annex for title in numbers)
    first, last = min(numbers.values()), max(numbers.values())
    assert last - first == 11  # cited together, numbered in a row
    assert f"[{first}]–[{last}]" in text[: text.index("Annex: activities and references")]
