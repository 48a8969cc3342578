"""The stocktaking report through its pages, in English and French, for each audience."""

import re

import pytest
from django.urls import reverse

from core.tests.factories import UserFactory

URL = "/stocktaking/marrakesh-2018/?from=2018&to=2022"


def part(html: str, start_id: str, end_id: str | None) -> str:
    """The text of the report between two section ids."""
    begin = html.index(f'id="{start_id}"')
    end = html.index(f'id="{end_id}"', begin) if end_id else len(html)
    return html[begin:end]


def overview_count(html: str, label: str) -> str:
    match = re.search(rf'<th scope="row">{re.escape(label)}[^<]*</th><td>([^<]*)</td>', html)
    assert match, label
    return match.group(1)


def test_report_in_english_has_every_section_counts_citations_and_white_spots(stock, anon_client):
    response = anon_client.get(URL + "&lang=en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Taking stock of the implementation of the Marrakesh Action Plan 2018–2022" in html
    for heading in (
        "Overview",
        "Implementation by domain",
        "White spots",
        "Status of recommendations",
        "Annex: activities and references",
    ):
        assert f">{heading}</h2>" in html
    overview = part(html, "overview", "implementation")
    assert overview_count(overview, "Meetings") == "1"
    assert overview_count(overview, "Documents") == "2"  # the partners-only one is not counted
    assert overview_count(overview, "Recommendations of the period") == "1"
    assert overview_count(overview, "White spots (items without any activity)") == "3 / 4"
    assert "Dakar" in overview and "Lomé" not in overview  # 2016 is outside the period
    assert "2 partners involved" in overview  # Senegal hosted, Morocco co-chaired
    assert "Morocco, Senegal" in overview

    # Citations are numbered in order of first appearance and link to the reference list.
    domains = part(html, "implementation", "white-spots")
    assert domains.index("Domain 3") < domains.index("Domain 4")
    assert '<a href="#ref-1">[1]</a>' in domains  # the agenda, linked to D3 itself
    assert domains.count('<a href="#ref-2">[2]</a>') == 2  # the meeting: under O5 and A11
    assert "Thematic meeting on asylum" in domains
    assert 'href="/meetings/2019-03-dakar-thematic-meeting/"' in domains
    assert "by Morocco, Senegal" in domains
    assert "Thematic meeting of 2016" not in html

    spots = part(html, "white-spots", "recommendations")
    assert "Action 10" in spots and "Action 12" in spots and "Action 13" in spots
    assert "Action 11" not in spots and "Objective 5" not in spots

    recommendations = part(html, "recommendations", "annex")
    assert "Create a network of asylum contact points." in recommendations
    # Every recommendation has a follow-up record (followup app), open until someone acts.
    # (stale: no news since its meeting of 2019, followup's FollowUpQuerySet.stale)
    assert "<td>Open (stale)</td>" in recommendations
    assert f'href="{stock.recommendation.get_absolute_url()}"' in recommendations

    annex = part(html, "annex", None)
    assert re.findall(r'id="ref-(\d+)"', annex) == ["1", "2", "3"]
    assert "Agenda of the Dakar meeting" in annex  # undated: placed by its meeting's date
    assert 'href="/documents/asylum-debates/"' in annex
    assert "12 March 2019" in annex  # the site's one date form (core.dates)


def test_report_in_french_translates_headings_and_titles(stock, anon_client):
    html = anon_client.get(URL + "&lang=fr").content.decode()
    assert "Faire le point sur la mise en œuvre" in html
    for heading in (
        "Vue d’ensemble",
        "Mise en œuvre par domaine",
        "Zones blanches",
        "État des recommandations",
        "Annexe\u00a0: activités et références",
    ):
        assert f">{heading}</h2>" in html
    assert "Overview" not in html and "White spots" not in html
    assert "Plan d&#x27;action de Marrakech" in html
    assert "Réunion thématique sur l’asile" in html
    assert "Synthèse des débats sur l’asile" in html
    assert "Sénégal" in html and "Maroc" in html
    assert "Créer un réseau de points de contact sur l’asile." in html
    assert "<td>Ouverte" in html  # the follow-up status, in French
    assert "12 mars 2019" in html
    assert "Domaine 3" in html and "Action 13" in html


@pytest.mark.parametrize("who", ["anonymous", "public"])
def test_partners_only_records_never_reach_the_public(stock, client, who):
    if who == "public":
        client.force_login(UserFactory(public=True))
    html = client.get(URL + "&lang=en").content.decode()
    assert "Confidential note on smuggling" not in html
    assert "smuggling-note" not in html


def test_partners_see_partners_only_records(stock, partner_client):
    html = partner_client.get(URL + "&lang=en").content.decode()
    assert "Confidential note on smuggling" in html
    assert overview_count(html, "Documents") == "3"
    spots = part(html, "white-spots", "recommendations")
    assert "Action 13" not in spots and "Action 12" in spots


def test_the_period_selects_the_records(stock, anon_client):
    html = anon_client.get(
        "/stocktaking/marrakesh-2018/?from=2015&to=2016&lang=en"
    ).content.decode()
    assert "Thematic meeting of 2016" in html
    assert "Thematic meeting on asylum" not in html
    assert "Lomé" in part(html, "overview", "implementation")


def test_same_data_gives_the_same_html(stock, anon_client, partner_client):
    first = anon_client.get(URL + "&lang=fr").content
    second = anon_client.get(URL + "&lang=fr").content
    assert part(first.decode(), "report", None) == part(second.decode(), "report", None)


def test_form_redirects_to_the_report_and_validates(stock, anon_client):
    page = anon_client.get(reverse("stocktaking:index"))
    assert page.status_code == 200
    assert 'value="marrakesh-2018"' in page.content.decode()
    response = anon_client.get(
        "/stocktaking/", {"framework": "marrakesh-2018", "start": 2018, "end": 2022, "lang": "fr"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/stocktaking/marrakesh-2018/?from=2018&to=2022&lang=fr"
    response = anon_client.get(
        "/stocktaking/",
        {"framework": "marrakesh-2018", "start": 2018, "end": 2022, "lang": "en", "format": "pdf"},
    )
    assert response["Location"] == "/stocktaking/marrakesh-2018/pdf/?from=2018&to=2022&lang=en"
    response = anon_client.get(
        "/stocktaking/", {"framework": "marrakesh-2018", "start": 2022, "end": 2018, "lang": "en"}
    )
    assert response.status_code == 200
    assert "The end of the period must not be before its start." in response.content.decode()


def test_bad_input_is_refused_clearly(stock, anon_client):
    response = anon_client.get("/stocktaking/marrakesh-2018/?from=later&to=2022")
    assert response.status_code == 400
    assert b"The period must be given as years" in response.content
    assert anon_client.get("/stocktaking/marrakesh-2018/?from=2022&to=2018").status_code == 400
    assert anon_client.get("/stocktaking/no-such-plan/").status_code == 404
    # Without a period, the framework's own.
    html = anon_client.get("/stocktaking/marrakesh-2018/?lang=en").content.decode()
    assert "Period covered: 2018 to 2022." in html


def test_queries_do_not_grow_with_the_records(stock, anon_client, django_assert_max_num_queries):
    from documents.tests.factories import DocumentFactory
    from meetings.tests.factories import MeetingFactory

    for n in range(15):
        MeetingFactory(
            start_date=stock.meeting.start_date,
            country=stock.senegal,
            framework_items=[stock.plans["marrakesh-2018/A12"]],
        )
        DocumentFactory(
            date=stock.public_doc.date,
            framework_items=[stock.plans[f"marrakesh-2018/A1{n % 4}"]],
            countries=[stock.morocco],
        )
    with django_assert_max_num_queries(40):
        response = anon_client.get(URL + "&lang=en")
    assert overview_count(response.content.decode(), "Meetings") == "16"
