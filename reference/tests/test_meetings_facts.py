"""Issue 14, point 5: the meetings that the corpus documents name, and the facts corrected from
the shared history, are in the reference data as their sources state them.

One row per meeting added or corrected: kind, dates with their precision, place, format,
status, label, and the sources that the meeting page lists.
"""

import datetime

import pytest
from django.core.management import call_command

from core.tests.module_db import rolled_back
from documents.models import Document
from meetings.models import Meeting

pytestmark = pytest.mark.django_db

RABAT_SOM = "corpus: 2014-06-rabat-som-summary.txt"
MALABO_SOM = "corpus: 2021-11-malabo-som-conclusions.md"
D = datetime.date

# slug, kind, (start, end, precision), (city, country iso2), format, status, labelled, sources
FACTS = [
    (
        "2013-09-dakar-thematic-meeting-evidence-based-policy",
        "thematic_meeting",
        (D(2013, 9, 11), D(2013, 9, 12), "day"),
        ("Dakar", "SN"),
        "in_person",
        "held",
        False,
        [RABAT_SOM, "https://fiiapp.org/?p=26518"],
    ),
    (
        "2014-09-steering-committee",
        "steering_committee",
        (D(2014, 9, 1), D(2014, 9, 1), "month"),
        ("", None),
        "unknown",
        "unconfirmed",
        False,
        [RABAT_SOM],
    ),
    (
        "2014-11-rome-senior-officials-meeting",
        "senior_officials_meeting",
        (D(2014, 11, 26), D(2014, 11, 26), "day"),
        ("Rome", "IT"),
        "unknown",
        "unconfirmed",
        False,
        [RABAT_SOM],
    ),
    (
        "2014-11-rome-ministerial-conference",
        "ministerial_conference",
        (D(2014, 11, 27), D(2014, 11, 27), "day"),
        ("Rome", "IT"),
        "in_person",
        "held",
        False,
        [
            "https://fiiapp.org/en/noticias/approval-of-a-new-strategic-document-for-the-euro-african-dialogue-on-migration",
            RABAT_SOM,
        ],
    ),
    (
        "2020-12-joint-jvap-steering-committee",
        "steering_committee",
        (D(2020, 12, 15), D(2020, 12, 15), "day"),
        ("", None),
        "virtual",
        "held",
        False,
        [MALABO_SOM],
    ),
    (
        "2021-04-webinar-mainstreaming-migration-development",
        "webinar",
        (D(2021, 4, 19), D(2021, 4, 19), "day"),
        ("", None),
        "virtual",
        "held",
        True,
        ["corpus: 2021-04-webinar-mainstreaming-migration.md"],
    ),
    (
        "2021-09-paris-thematic-meeting-local-authorities",
        "thematic_meeting",
        (D(2021, 9, 14), D(2021, 9, 15), "day"),
        ("Paris", "FR"),
        "hybrid",
        "held",
        True,
        [MALABO_SOM, "https://www.rabat-process.org/en/activities/label-meetings/tm-cities"],
    ),
    (
        "2021-10-mixed-migration-futures-workshop-climate-change",
        "technical_workshop",
        (D(2021, 10, 27), D(2021, 10, 27), "day"),
        ("", None),
        "virtual",
        "held",
        False,
        [MALABO_SOM, "https://www.rabat-process.org/en/activities/technical-meetings/mm-futures"],
    ),
    (
        "2021-11-malabo-senior-officials-meeting",
        "senior_officials_meeting",
        (D(2021, 11, 17), D(2021, 11, 18), "day"),
        ("Malabo", "GQ"),
        "hybrid",
        "held",
        False,
        [
            MALABO_SOM,
            "https://www.rabat-process.org/en/activities/political-meetings/outcome-som-malabo",
        ],
    ),
    (
        "2021-12-thematic-meeting-legal-migration",
        "thematic_meeting",
        (D(2021, 12, 16), D(2021, 12, 17), "day"),
        ("", None),
        "virtual",
        "held",
        False,
        [
            MALABO_SOM,
            "https://www.rabat-process.org/en/activities/technical-meetings/outcome-labour-migration",
        ],
    ),
    (
        "2012-madrid-senior-officials-meeting",
        "senior_officials_meeting",
        (D(2012, 6, 1), D(2012, 6, 1), "month"),
        ("Madrid", "ES"),
        "unknown",
        "held",
        False,
        [RABAT_SOM],
    ),
]


@pytest.fixture(scope="module", autouse=True)
def reference_data(django_db_setup, django_db_blocker):
    """The reference data, loaded once by the command a fresh install runs."""
    with rolled_back(django_db_blocker):
        call_command("load_reference", verbosity=0)
        yield


def _iso(date: datetime.date, precision: str) -> str:
    return {"year": date.isoformat()[:4], "month": date.isoformat()[:7]}.get(
        precision, date.isoformat()
    )


@pytest.mark.parametrize(
    "slug,kind,dates,place,meeting_format,status,labelled,sources",
    FACTS,
    ids=[row[0] for row in FACTS],
)
def test_meeting_named_by_the_sources_is_recorded_as_they_state_it(
    client, slug, kind, dates, place, meeting_format, status, labelled, sources
):
    meeting = Meeting.objects.select_related("country").get(slug=slug)
    start, end, precision = dates
    city, iso2 = place
    assert meeting.kind == kind
    assert (meeting.start_date, meeting.end_date, meeting.date_precision) == dates
    assert (meeting.city, meeting.country.iso2 if meeting.country else None) == place
    assert meeting.format == meeting_format
    assert meeting.status == status
    assert meeting.labelled is labelled
    recorded = [part.strip() for part in meeting.source.split(" ; ")]
    for source in sources:
        assert any(part == source or part.startswith(source + " ") for part in recorded), source

    # What a visitor sees: the date only as far as it is known, and every source listed.
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f'<time datetime="{_iso(start, precision)}">' in html
    if precision != "day":
        assert f"{start.day} {start:%B %Y}" not in html
    sources_section = html.split('id="source-heading"', 1)[1]
    for source in sources:
        if source.startswith("corpus:"):
            name = source.removeprefix("corpus:").strip()
            document = Document.objects.filter(file__endswith=name).first()
            assert (document is not None and document.get_absolute_url() in sources_section) or (
                name in sources_section
            ), source
        else:
            assert f'href="{source}"' in sources_section, source


def test_the_labelled_meetings_of_2020_2021_are_the_two_the_malabo_som_counts():
    """The Malabo SOM conclusions (November 2021): "the labelling system has been successful with
    the labelling of two meetings": the webinar of April 2021 and the Paris meeting on local
    authorities of September 2021."""
    labelled = (
        Meeting.objects.labelled()
        .filter(start_date__lte=D(2021, 11, 17), status="held")
        .values_list("slug", flat=True)
    )
    assert sorted(labelled) == [
        "2021-04-webinar-mainstreaming-migration-development",
        "2021-09-paris-thematic-meeting-local-authorities",
    ]


def test_participation_figures_of_the_paris_meeting_on_local_authorities():
    """95 participants, 22 partner countries, 7 local authorities, 48 organisations (Malabo SOM
    conclusions), on that meeting and not on the SOM that reports them."""
    paris = Meeting.objects.get(slug="2021-09-paris-thematic-meeting-local-authorities")
    assert (
        paris.participants_count,
        paris.partner_countries_count,
        paris.local_authorities_count,
        paris.organisations_count,
    ) == (95, 22, 7, 48)
    malabo = Meeting.objects.get(slug="2021-11-malabo-senior-officials-meeting")
    assert malabo.participants_count is None
