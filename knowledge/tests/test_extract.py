"""Extraction rules, on short texts a reader can check by eye, and the ``rabat extract`` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from knowledge.extract import SCHEMA_KEYS, extract
from knowledge.extract.dates import find_dates
from knowledge.extract.gazetteer import gazetteer
from knowledge.parsing import parse_plain_text
from knowledge.reasons import Rejected

CORPUS = Path(__file__).resolve().parents[2] / "reference" / "data" / "corpus"  # shipped
REPO = Path(__file__).resolve().parents[2]


def run(text: str, *, markdown: bool = False) -> dict:
    return extract(parse_plain_text(text, markdown=markdown))


# -- gazetteers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("a Malian official and Nigerien nationals", ["ML", "NE"]),
        ("Malabo, Equatorial Guinea", ["GQ"]),
        ("Malabo, Guinée équatoriale", ["GQ"]),
        ("the Equatorial Guinean chair and Guinea", ["GQ", "GN"]),
        ("Côte d’Ivoire and Cote d'Ivoire", ["CI", "CI"]),
        ("the Franco-Malian programme", ["FR", "ML"]),
        ("a car in the CAR", ["CF"]),
        ("les Sénégalais et la Mauritanie", ["SN", "MR"]),
        ("Syrian children", ["SY"]),
    ],
)
def test_countries_and_demonyms_resolve_to_iso_codes(text, codes):
    assert [iso for iso, _, _ in gazetteer().countries_in(text)] == codes


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("IOM", "iom"),
        ("OIM", "iom"),
        ("HCR", "unhcr"),
        ("UNHCR", "unhcr"),
        ("CEDEAO", "ecowas"),
        ("ECOWAS Commission", "ecowas"),
        ("ICMPD", "icmpd"),
        ("FIIAPP", "fiiapp"),
        ("UA", "au"),
        ("African Union", "au"),
        ("UE", "eu"),
        ("European Commission", "eu"),
        ("Organisation internationale pour les migrations", "iom"),
    ],
)
def test_organisation_acronyms_resolve(written, slug):
    assert gazetteer().organisation_slug(written) == slug


def test_an_acronym_shared_by_two_organisations_is_not_resolved():
    # MMC is both the Mayors Migration Council and the Mixed Migration Centre.
    assert gazetteer().organisation_slug("MMC") is None
    assert gazetteer().organisation_slug("Mixed Migration Centre") == "mixed-migration-centre"


# -- dates and meeting facts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("17th -18th November 2021", "2021-11-17", "2021-11-18"),
        ("17-18 novembre 2021", "2021-11-17", "2021-11-18"),
        ("from 10 to 11 April 2014", "2014-04-10", "2014-04-11"),
        ("du 10 au 11 avril 2014", "2014-04-10", "2014-04-11"),
        ("24-25 April, 2014", "2014-04-24", "2014-04-25"),
        ("on 24 and 25 April 2014", "2014-04-24", "2014-04-25"),
        ("30 June – 1 July 2021", "2021-06-30", "2021-07-01"),
        ("April 24-25, 2014", "2014-04-24", "2014-04-25"),
        ("le 3 mars 2022", "2022-03-03", "2022-03-03"),
    ],
)
def test_dates_in_english_and_french(text, start, end):
    span = find_dates(text)[0]
    assert (span.start.isoformat(), span.end.isoformat()) == (start, end)


def test_an_impossible_date_is_not_a_date():
    assert find_dates("31-32 June 2021") == []


def test_meeting_facts_from_a_french_cover():
    result = run(
        "Réunion thématique sur la migration de travail\n\nDakar, Sénégal\n\n"
        "du 10 au 11 avril 2014\n\nLa réunion s'est tenue en format hybride à Dakar."
    )
    assert result["language"] == "fr"
    assert result["meeting"] == {
        "kind": "thematic_meeting",
        "start_date": "2014-04-10",
        "end_date": "2014-04-11",
        "city": "Dakar",
        "country": "SN",
        "format": "hybrid",
        "processes": [],  # the text names no dialogue
    }


def test_a_document_that_belongs_to_no_meeting_has_meeting_null():
    result = run(
        "Guide on migration data\n\nThis study describes national data on migration "
        "flows and how to use them in policy making."
    )
    assert result["meeting"] is None


def test_unknown_values_are_null_not_guessed():
    result = run("Senior Officials' Meeting\n\nThe partners discussed the action plan.")
    assert result["meeting"]["kind"] == "senior_officials_meeting"
    assert result["meeting"]["start_date"] is None
    assert result["meeting"]["city"] is None
    assert result["meeting"]["format"] is None


# -- people -------------------------------------------------------------------------------


def test_people_without_honorifics_with_title_organisation_country_and_role():
    result = run(
        "The meeting was chaired by H.E. Mr Amadou Ba, Minister of Foreign Affairs of Senegal, "
        "and moderated by Dr. Maria Lopes, Programme Officer at the International Organization "
        "for Migration (IOM). Ms Sara Klein, Head of Unit at the Swiss State Secretariat for "
        "Migration, presented the roadmap. Ms Klein then answered questions."
    )
    people = {p["name"]: p for p in result["people"]}
    assert set(people) == {"Amadou Ba", "Maria Lopes", "Sara Klein"}
    assert people["Amadou Ba"]["role"] == "chair"
    assert people["Amadou Ba"]["country"] == "SN"
    assert people["Maria Lopes"]["role"] == "moderator"
    assert people["Maria Lopes"]["organisation_id"] == "iom"
    assert people["Maria Lopes"]["country"] is None  # staff of an international organisation
    assert people["Sara Klein"]["title"] == "Head of Unit"
    assert people["Sara Klein"]["country"] == "CH"
    assert people["Sara Klein"]["role"] == "speaker"


def test_co_chairs_and_ministry_of_a_country():
    result = run(
        "The session took place under the co-chairmanship of Mr. Karim Alaoui, Director of "
        "Consular Affairs at the Moroccan Ministry of Foreign Affairs, and Ms. Giulia Bianchi, "
        "Head of Office, Ministry of Interior of Italy."
    )
    people = {p["name"]: p for p in result["people"]}
    assert people["Karim Alaoui"]["role"] == people["Giulia Bianchi"]["role"] == "co-chair"
    assert people["Karim Alaoui"]["organisation"] == "Moroccan Ministry of Foreign Affairs"
    assert people["Karim Alaoui"]["country"] == "MA"
    assert people["Giulia Bianchi"]["organisation"] == "Ministry of Interior of Italy"
    assert people["Giulia Bianchi"]["country"] == "IT"


def test_speakers_listed_in_an_agenda():
    result = run(
        "Session 1: Trends\n\nModerator: Ana Costa, Policy Officer, ICMPD\n\nSpeakers:\n"
        "- Ibrahim Sow, Head of Unit, National Police, Senegal\n"
        "- Grace Mensah, Researcher, University of Ghana"
    )
    people = {p["name"]: p for p in result["people"]}
    assert people["Ana Costa"]["role"] == "moderator"
    assert people["Ibrahim Sow"]["role"] == "speaker"
    assert people["Ibrahim Sow"]["country"] == "SN"
    assert people["Grace Mensah"]["organisation"] == "University of Ghana"


# -- conclusions, framework items, figures --------------------------------------------------


CONCLUSIONS = """# Conclusions of the Senior Officials' Meeting

## Recommendations

The partners agreed on the following recommendations:

1. Create a network of contact points on return initiatives (Action 5 of the Marrakesh Action Plan).
2. Improve the protection of migrants:
   a) through training of border officials;
   b) through information campaigns.
3. Support the reference countries of Domain 3.

## Annex

The agenda of the next workshop will be:

1. Opening by the Chair.
2. Presentations.
"""


def test_numbered_conclusions_one_record_each_with_sub_points(reference_plans):
    result = run(CONCLUSIONS, markdown=True)
    records = result["recommendations"]
    assert [r["number"] for r in records] == [1, 2, 3]
    assert [s["label"] for s in records[1]["sub_points"]] == ["a", "b"]
    assert records[1]["sub_points"][0]["text"] == "through training of border officials;"
    assert records[0]["explicit_framework_items"] == ["marrakesh-2018/A5"]
    assert records[2]["explicit_framework_items"] == ["marrakesh-2018/D3"]


def test_explicit_framework_references_in_english_and_french(reference_plans):
    result = run(
        "Le projet répond à l'action 5 du Plan d'action de Marrakech et au domaine 3. "
        "It also serves objective 7 of the Global Compact for Migration."
    )
    items = {e["id"]: e for e in result["framework_items"] if e["source"] == "explicit"}
    assert set(items) == {"marrakesh-2018/A5", "marrakesh-2018/D3", "gcm-2018/O7"}
    assert all(e["score"] == 1.0 for e in items.values())
    assert "Global Compact" in items["gcm-2018/O7"]["evidence"]


def test_a_reference_without_a_plan_uses_the_plan_in_force_at_the_meeting(reference_plans):
    text = "Thematic meeting\n\n{date}\n\nThe partners discussed objective 2 and Domain 4."

    def explicit(date):
        result = run(text.format(date=date))
        return {e["id"] for e in result["framework_items"] if e["source"] == "explicit"}

    assert explicit("10 March 2021") == {"marrakesh-2018/O2", "marrakesh-2018/D4"}
    assert explicit("10 March 2024") == {"cadiz-2022/O2", "cadiz-2022/D4"}
    # Before 2018 the plans in force have no items in the reference data: nothing is guessed.
    assert explicit("10 March 2015") == set()


def test_figures_keep_their_sentence_and_leave_out_dates_and_identifiers():
    result = run(
        "The Malian crisis caused the internal displacement of 301,027 persons. "
        "Article 5 of the law of 10 March 2005 applies since 2006 for 20 years. "
        "The diaspora contributed € 1,273,719 and 9.8 million migrants live in the region; "
        "75% are young."
    )
    assert [(f["value"], f["unit"]) for f in result["figures"]] == [
        (301027, None),
        (1273719, "€"),
        (9800000, None),
        (75, "%"),
    ]
    assert result["figures"][0]["sentence"] == (
        "The Malian crisis caused the internal displacement of 301,027 persons."
    )


def test_tagging_suggestions_reach_the_extraction_with_the_reference_plans(reference_plans):
    """The seam that crashed on every real document once the plans were loaded: the tagging
    module's real suggestions (``Suggestion`` objects) become entries after the explicit ones."""
    result = run(CONCLUSIONS, markdown=True)
    entries = result["framework_items"]
    assert entries[0]["id"] == "marrakesh-2018/A5" and entries[0]["score"] == 1.0
    suggested = [e for e in entries if e["source"] == "suggested"]
    assert suggested, "the tagging module suggested nothing on a text about return"
    assert all(0 < e["score"] <= 1 and e["evidence"] for e in suggested)
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    first = result["recommendations"][0]
    assert first["framework_items"][0] == "marrakesh-2018/A5"
    assert first["explicit_framework_items"] == ["marrakesh-2018/A5"]


def test_extraction_has_the_documented_keys():
    result = run("Hello")
    assert tuple(result)[: len(SCHEMA_KEYS)] == SCHEMA_KEYS


# -- the command ----------------------------------------------------------------------------


def test_command_prints_json_for_every_shipped_document(capsys, reference_plans):
    """``rabat extract`` on the database the platform runs on (the plans loaded): valid JSON
    for each real document, with the tagging module's suggestions in it."""
    for path in sorted((REPO / "reference" / "data" / "corpus").iterdir()):
        call_command("extract", str(path), "--format", "json")
        data = json.loads(capsys.readouterr().out)
        assert set(SCHEMA_KEYS) <= set(data), path.name
        assert any(e["source"] == "suggested" for e in data["framework_items"]), path.name
    malabo = REPO / "reference" / "data" / "corpus" / "2021-11-malabo-som-conclusions.md"
    call_command("extract", str(malabo), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["meeting"]["city"] == "Malabo"
    assert len(data["recommendations"]) == 5


@pytest.mark.django_db
def test_command_writes_nothing_even_with_the_tagging_helper(capsys):
    # The tagging helper (when installed) may read framework items; nothing is ever written.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call_command("extract", str(CORPUS / "2014-04-paris-thematic-meeting-crisis-context.txt"))
    json.loads(capsys.readouterr().out)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "CREATE", "DROP"))
    ]
    assert writes == []


def test_command_text_summary(capsys):
    call_command("extract", str(CORPUS / "2014-06-rabat-som-summary.txt"), "--format", "text")
    out = capsys.readouterr().out
    assert "Meeting: senior_officials_meeting, 2014-06-26 to 2014-06-27, Rabat, MA" in out
    assert "Nasser Bourita [co-chair]" in out


def test_command_refuses_a_missing_file_or_a_directory(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("extract", str(tmp_path / "missing.pdf"))
    with pytest.raises(CommandError, match="Not a file"):
        call_command("extract", str(tmp_path))


def test_command_reports_an_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("text")

    path.chmod(0)
    if os.access(path, os.R_OK):  # running as root: the child could read it anyway
        path.chmod(0o644)

        def refuse(_path):
            raise Rejected("unreadable", detail="Permission denied")

        monkeypatch.setattr("knowledge.management.commands.extract.parse", refuse)
    with pytest.raises(CommandError, match="Cannot read .*Permission denied"):
        call_command("extract", str(path))


def test_command_exits_non_zero_with_a_message():
    completed = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "extract", "/no/such/report.docx"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        timeout=120,
    )
    assert completed.returncode != 0
    assert "No such file: /no/such/report.docx" in completed.stderr
    assert completed.stdout == ""


def test_people_without_honorific_in_modern_reports():
    result = run(
        "Webinar on diaspora\n\nThe session was moderated by Jane Doe, Senior Policy Officer at "
        "ICMPD. Speakers: John Smith (IOM), Awa Diallo (UNHCR) and Pedro Alves (Ministry of "
        "Interior, Portugal). Amadou Kane, Director of Migration at the Ministry of Foreign "
        "Affairs of Senegal, presented the strategy. United Cities and Local Governments, the "
        "Mayors Migration Council and the European Union took part."
    )
    people = {p["name"]: p for p in result["people"]}
    assert set(people) == {"Jane Doe", "John Smith", "Awa Diallo", "Pedro Alves", "Amadou Kane"}
    assert people["Jane Doe"]["role"] == "moderator"
    assert people["Awa Diallo"]["organisation_id"] == "unhcr"
    assert people["Pedro Alves"]["country"] == "PT"
    assert people["Amadou Kane"]["title"] == "Director of Migration"
    assert people["Amadou Kane"]["country"] == "SN"


def test_numeric_dates_are_day_first():
    spans = find_dates("le 19/05/2021 et les 19-20.05.2021")
    assert [(s.start.isoformat(), s.end.isoformat()) for s in spans] == [
        ("2021-05-19", "2021-05-19"),
        ("2021-05-19", "2021-05-20"),
    ]


def test_a_file_name_in_the_metadata_is_not_a_title():
    parsed = parse_plain_text("Thematic meeting on return\n\nRabat, Morocco\n\n3 March 2022")
    parsed.title = "Microsoft Word - TM_return_final.docx"
    assert extract(parsed)["title"] == "Thematic meeting on return"
