"""Every meeting page has a "Sources" section whose sources are links (issue 14)."""

import pytest
from django.core.management import call_command


@pytest.fixture
def reference(db):
    call_command("load_reference", verbosity=0)


def test_a_meeting_read_from_a_corpus_document_links_to_it_in_the_library(reference, anon_client):
    from documents.models import Document

    html = anon_client.get("/meetings/2021-04-webinar-mainstreaming-migration-development/")
    html = html.content.decode()
    sources = html[html.index('id="source-heading"') :]
    document = Document.objects.get(file__endswith="2021-04-webinar-mainstreaming-migration.md")
    assert f'href="{document.get_absolute_url()}"' in sources
    assert 'href="https://www.rabat-process.org/en/meetings/upcoming-meetings"' in sources
    assert "corpus:" not in sources  # the internal form of the reference data stays out


def test_web_sources_are_links(reference, anon_client):
    html = anon_client.get("/meetings/2012-madrid-senior-officials-meeting/").content.decode()
    sources = html[html.index('id="source-heading"') :]
    assert 'href="http://www.processusderabat.net/web/index-php/process/key-documents/"' in sources
    assert "June 2012" in html and "1 June 2012" not in html


def test_a_country_profile_shows_sources_as_links_not_editorial_notes(reference, anon_client):
    from partners.models import Country

    benin = Country.objects.get(iso2="BJ")
    html = anon_client.get(benin.get_absolute_url()).content.decode()
    assert "Region source:" not in html  # the research note stays off the public page
    icmpd = "http://www.icmpd.org/our-work/migration-dialogues/rabat-process/participants/"
    assert f'href="{icmpd}"' in html
    assert 'href="https://www.rabat-process.org/en/about/our-partners"' in html
