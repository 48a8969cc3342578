"""Issue 14, points 7 and 8: what the public pages say about the Dialogue's meetings is what the
reference data say, and the research notes behind the data stay off those pages.

The database is the one users get from ``make run``: ``rabat load_reference`` and the shipped
corpus through the pipeline (``rabat ingest_corpus``). The expected facts are read from the
reference files themselves (``reference/data/meetings.json``, ``corpus_meetings.json``,
``countries.json``), not from the models, so that a loader or a template that changes a fact on
the way to the page is caught. Pages are read as a visitor and parsed (lxml), not matched as
strings, wherever a fact's place on the page matters.
"""

from __future__ import annotations

import calendar
import datetime
import io
import json
import re
from pathlib import Path

import lxml.html
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core import dates
from core.tests.module_db import rolled_back
from documents.models import Document
from meetings.choices import MeetingFormat, MeetingKind, MeetingStatus
from meetings.models import Meeting, Participation
from partners.models import Country, Organisation

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "reference" / "data"


def _records(filename: str) -> list[dict]:
    return json.loads((DATA / filename).read_text(encoding="utf-8"))["meetings"]


# Every meeting of the reference data, as `rabat load_reference` reads it.
REFERENCE = {
    rec["slug"]: rec for rec in _records("meetings.json") + _records("corpus_meetings.json")
}
COUNTRIES = {
    c["iso2"]: c
    for c in json.loads((DATA / "countries.json").read_text(encoding="utf-8"))["countries"]
}


@pytest.fixture(scope="module", autouse=True)
def users_database(django_db_setup, django_db_blocker):
    """The database ``make run`` builds, once for the module: the reference data and the
    shipped documents through the pipeline (``make load``)."""
    PAGES.clear()
    with rolled_back(django_db_blocker):
        call_command("load_reference", verbosity=0)
        call_command("ingest_corpus", stdout=io.StringIO())
        yield


# --- reading a page -----------------------------------------------------------------------


def _text(element) -> str:
    return " ".join(element.text_content().split())


# The database does not change while the module runs: a page read by one test is not asked
# again by the next (the scans below read some 170 pages in two languages).
PAGES: dict[tuple[str, str], bytes] = {}


def _page(client: Client, url: str, language: str = "en"):
    if (url, language) not in PAGES:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        PAGES[url, language] = response.content
    return lxml.html.fromstring(PAGES[url, language])


def _hrefs(element) -> list[str]:
    return [a.get("href") for a in element.xpath(".//a[@href]")]


def _definitions(page) -> dict[str, list]:
    """The ``dl.meta`` of a meeting page: each term's text -> its ``dd`` elements."""
    found: dict[str, list] = {}
    term = None
    for child in page.xpath("//dl[contains(@class, 'meta')]/*"):
        if child.tag == "dt":
            term = _text(child)
            found[term] = []
        elif child.tag == "dd" and term is not None:
            found[term].append(child)
    return found


# --- what the reference record says -------------------------------------------------------


def _holder_url(code: str) -> str:
    """Reference data name a country by its ISO code (``MA``) and an organisation by its slug."""
    if re.fullmatch(r"[A-Z]{2}", code):
        return reverse("partners:country", kwargs={"iso2": code})
    return reverse("partners:organisation", kwargs={"slug": code})


def _expected_dates(rec: dict) -> tuple[str, str]:
    """(``<time datetime>``, English text) for the record's dates, as precisely as known:
    written here from the record, not through ``core.dates``, so that the rule is checked."""
    start = datetime.date.fromisoformat(rec["start_date"])
    end = datetime.date.fromisoformat(rec.get("end_date") or rec["start_date"])
    precision = rec.get("date_precision") or "day"
    month = calendar.month_name
    if precision == "year":
        return f"{start.year:04d}", str(start.year)
    if precision == "month":
        return f"{start:%Y-%m}", f"{month[start.month]} {start.year}"
    if end == start:
        return start.isoformat(), f"{start.day} {month[start.month]} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return start.isoformat(), f"{start.day}–{end.day} {month[end.month]} {end.year}"
    return (
        start.isoformat(),
        f"{start.day} {month[start.month]} {start.year} – {end.day} {month[end.month]} {end.year}",
    )


def _expected_place(rec: dict, name_key: str = "name_en") -> str:
    country = COUNTRIES[rec["country"]][name_key] if rec.get("country") else ""
    place = ", ".join(part for part in (rec.get("city"), country) if part)
    return ", ".join(part for part in (place, rec.get("venue")) if part)


def _expected_roles(rec: dict) -> dict[str, list[str]]:
    """Role heading -> the holders' pages, in the order the meeting page groups them."""
    roles = {}
    for key, one, many in (
        ("co_chairs", "Co-chair", "Co-chairs"),
        ("chair", "Chair", "Chairs"),
        ("host", "Host", "Hosts"),
        ("organisers", "Organiser", "Organisers"),
    ):
        codes = rec.get(key) or []
        if codes:
            roles[one if len(codes) == 1 else many] = sorted(_holder_url(c) for c in codes)
    return roles


def _expected_named_countries(rec: dict) -> set[str]:
    """Countries the sources name: hosts, chairs and co-chairs that are countries, and the
    countries of the speakers of a corpus meeting. Named, not present."""
    codes = {
        code
        for key in ("host", "chair", "co_chairs")
        for code in rec.get(key) or []
        if re.fullmatch(r"[A-Z]{2}", code)
    }
    codes |= {s["country"] for s in rec.get("speakers") or [] if s.get("country")}
    return {_holder_url(code) for code in codes}


FIGURES = (
    ("participants", "participants"),
    ("partner_countries", "partner countries represented"),
    ("organisations", "organisations represented"),
    ("local_authorities", "local authorities represented"),
)


def _source_urls(rec: dict) -> list[str]:
    """The record's sources as the links a visitor follows: a web address, or the library page
    of the corpus document the source names."""
    urls = []
    for part in (p.strip() for p in (rec.get("source") or "").split(" ; ")):
        if part.startswith(("http://", "https://")):
            urls.append(part.split(" ", 1)[0])
        elif part.startswith("corpus:"):
            name = part.removeprefix("corpus:").strip()
            urls.append(Document.objects.get(file__endswith=name).get_absolute_url())
    return urls


# --- point 8: a facts audit ---------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(REFERENCE))
def test_meeting_page_shows_the_facts_of_its_reference_record(slug):
    """Kind, dates as precisely as known, place, format, status, hosts and chairs, attendance
    (Participation records, figures, and the countries only named kept apart) and sources: the
    page of every meeting of the reference data says what its record says."""
    rec = REFERENCE[slug]
    page = _page(Client(), f"/meetings/{slug}/")

    # The header: kind, dates, place, format (when stated), status, in this order.
    facts = page.xpath("//ul[contains(@class, 'header-facts')]/li")
    facts = [li for li in facts if not li.xpath(".//*[contains(@class, 'badge-success')]")]
    datetime_attr, when = _expected_dates(rec)
    expected = [str(MeetingKind(rec["kind"]).label), when]
    if _expected_place(rec):
        expected.append(_expected_place(rec))
    if rec["format"] != MeetingFormat.UNKNOWN:
        expected.append(str(MeetingFormat(rec["format"]).label))
    expected.append(str(MeetingStatus(rec["status"]).label))
    assert [_text(li) for li in facts] == expected
    [time] = page.xpath("//ul[contains(@class, 'header-facts')]/li[@class='when']/time")
    assert time.get("datetime") == datetime_attr

    # Hosts, chairs, co-chairs and organisers; the countries the sources only name, apart.
    definitions = _definitions(page)
    roles = {
        term: sorted(href for dd in dds for href in _hrefs(dd))
        for term, dds in definitions.items()
        if term
        in {"Host", "Hosts", "Chair", "Chairs", "Co-chair", "Co-chairs"}
        | {"Organiser", "Organisers"}
    }
    assert roles == _expected_roles(rec)
    named = {term: dds for term, dds in definitions.items() if "named in the sources" in term}
    expected_named = _expected_named_countries(rec)
    if expected_named:
        [(term, dds)] = named.items()
        assert term.endswith(f"({len(expected_named)})")
        assert set(_hrefs(dds[0])) == expected_named
    else:
        assert named == {}

    # Attendance: the figures the sources state, and the delegations recorded as present.
    [participants] = page.xpath("//section[@id='participants']")
    stated = [
        (str(rec["participation"][key]), label)
        for key, label in FIGURES
        if (rec.get("participation") or {}).get(key) is not None
    ]
    shown = [
        (_text(li.xpath(".//*[@class='value']")[0]), _text(li.xpath(".//*[@class='label']")[0]))
        for li in participants.xpath(".//ul[contains(@class, 'stats')]/li")
    ]
    assert shown == stated
    present = sorted(
        p.holder.get_absolute_url()
        for p in Participation.objects.filter(meeting__slug=slug).select_related(
            "country", "organisation"
        )
    )
    rows = participants.xpath(".//table/tbody/tr")
    assert sorted(href for row in rows for href in _hrefs(row.xpath("./th")[0])) == present
    assert all(_hrefs(row.xpath("./td")[-1]) or _text(row.xpath("./td")[-1]) for row in rows)
    if not present and not stated:
        assert "Attendance is not recorded" in _text(participants)

    # Sources: at least one, as links, and every source of the record among them.
    [sources] = page.xpath("//section[@id='source']")
    links = _hrefs(sources.xpath(".//ul[contains(@class, 'sources')]")[0])
    assert links
    assert set(_source_urls(rec)) <= set(links)


def test_meeting_list_shows_every_meeting_as_its_record_says():
    """The meeting list, all its pages: every meeting of the reference data once, with its
    dates as precisely as known, kind, place, format, and its status when it was not held."""
    client = Client()
    url, rows = "/meetings/", {}
    while url:
        page = _page(client, url)
        for row in page.xpath("//main//table/tbody/tr"):
            [link] = row.xpath("./th/a[@href]")
            rows[link.get("href")] = row
        following = page.xpath("//a[@rel='next']/@href | //a[normalize-space()='Next']/@href")
        url = "/meetings/" + following[0] if following else None
    assert sorted(rows) == sorted(f"/meetings/{slug}/" for slug in REFERENCE)
    for slug, rec in REFERENCE.items():
        row = rows[f"/meetings/{slug}/"]
        [time] = row.xpath("./td[contains(@class, 'dates')]/time")
        assert (time.get("datetime"), _text(time)) == _expected_dates(rec), slug
        place = ", ".join(
            part
            for part in (
                rec.get("city"),
                rec.get("country") and COUNTRIES[rec["country"]]["name_en"],
            )
            if part
        )
        assert [_text(td) for td in row.xpath("./td")][1:] == [
            str(MeetingKind(rec["kind"]).label),
            place or "—",
            str(MeetingFormat(rec["format"]).label),
        ], slug
        status = [_text(b) for b in row.xpath("./th//*[contains(@class, 'badge-warning')]")]
        held = rec["status"] == MeetingStatus.HELD
        assert status == ([] if held else [str(MeetingStatus(rec["status"]).label)]), slug


def test_country_profiles_count_meetings_as_the_reference_records_say():
    """Each country profile's meeting figures: hosted (held in the country or hosted by it),
    chaired or co-chaired, attended (Participation records only) and named in the sources
    without being recorded as present, as the reference records give them; a country the
    sources only name is never counted as having attended."""
    client = Client()
    attended_by = {}
    for p in Participation.objects.filter(country__isnull=False).select_related("country"):
        attended_by.setdefault(p.country.iso2, set()).add(p.meeting.slug)
    wrong = []
    for iso2 in sorted(COUNTRIES):
        if not Country.objects.filter(iso2=iso2).exists():
            continue
        hosted = {
            s
            for s, r in REFERENCE.items()
            if r.get("country") == iso2 or iso2 in (r.get("host") or [])
        }
        chaired = {
            s
            for s, r in REFERENCE.items()
            if iso2 in (r.get("chair") or []) + (r.get("co_chairs") or [])
        }
        attended = attended_by.get(iso2, set())
        named = {
            s for s, r in REFERENCE.items() if _holder_url(iso2) in _expected_named_countries(r)
        } - attended
        expected = [len(hosted), len(chaired), len(attended), len(named)]
        page = _page(client, reverse("partners:country", kwargs={"iso2": iso2}))
        stats = page.xpath("//section[contains(@class, 'country-meetings')]/ul[@class='stats']/li")
        shown = [int(_text(li.xpath(".//*[@class='value']")[0])) for li in stats]
        if shown != expected:
            wrong.append(f"/partners/{iso2}/: shows {shown}, the records give {expected}")
    assert wrong == [], "\n".join(wrong)


FRENCH_SAMPLE = [
    "2012-madrid-senior-officials-meeting",  # known to the month
    "2014-04-paris-thematic-meeting-migrants-crisis-context",  # corpus meeting with a venue
    "2014-09-steering-committee",  # month, not confirmed, no place
    "2020-10-paris-senior-officials-meeting",  # postponed, format not stated
    "2021-04-webinar-mainstreaming-migration-development",  # virtual, labelled
    "2021-11-malabo-senior-officials-meeting",  # hybrid
    "2022-12-cadiz-ministerial-conference",  # a place name with an accent
]


@pytest.mark.parametrize("slug", FRENCH_SAMPLE)
def test_meeting_page_in_french_shows_the_same_facts(slug):
    """The French page gives the same facts in French: kind, format and status labels, the
    country's French name, and the dates by the one date rule, never a day for a date known
    only to the month."""
    rec = REFERENCE[slug]
    page = _page(Client(), f"/meetings/{slug}/", language="fr")
    facts = page.xpath("//ul[contains(@class, 'header-facts')]/li")
    facts = [li for li in facts if not li.xpath(".//*[contains(@class, 'badge-success')]")]
    start = datetime.date.fromisoformat(rec["start_date"])
    end = datetime.date.fromisoformat(rec.get("end_date") or rec["start_date"])
    with translation.override("fr"):
        expected = [
            str(MeetingKind(rec["kind"]).label),
            dates.date_range(start, end, rec.get("date_precision") or "day"),
        ]
        if _expected_place(rec, "name_fr"):
            expected.append(_expected_place(rec, "name_fr"))
        if rec["format"] != MeetingFormat.UNKNOWN:
            expected.append(str(MeetingFormat(rec["format"]).label))
        expected.append(str(MeetingStatus(rec["status"]).label))
    assert [_text(li) for li in facts] == expected
    if rec.get("date_precision") in ("month", "year"):
        assert not re.match(r"\d{1,2} ", expected[1]), "a day printed for a date without one"
    assert page.xpath("//section[@id='source']//ul[contains(@class, 'sources')]//a[@href]")


# --- point 7: research notes and internal names stay off public pages ---------------------

# What a research note or the data's internal form looks like once it reaches a page.
LEAKS = {
    "an editorial note": re.compile(r"\bnote:|Region source:", re.IGNORECASE),
    "a field name": re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"),  # source_note, name_fr, year_only
    "an empty value": re.compile(r"\bNone\b|\bnull\b|\bTrue\b|\bFalse\b"),
    "a date's precision": re.compile(r"\bprecision\b", re.IGNORECASE),
    "a data file": re.compile(r"\b[\w-]+\.json\b"),
    "a source in its stored form": re.compile(r"\bcorpus:"),
}
# Web addresses, with or without their scheme (a source's link reads "www.esteri.it/en/...").
WEB_ADDRESS = re.compile(r"https?://\S+|\b[\w-]+(?:\.[\w-]+)+/\S*")


def _visible_text(page) -> str:
    """What a visitor reads: the text, and the titles, alternatives and labels that browsers and
    screen readers show; web addresses (a source's link, the print line's own URL) left out."""
    page = lxml.html.fromstring(lxml.html.tostring(page))
    for hidden in page.xpath("//script | //style | //template"):
        hidden.drop_tree()
    parts = [" ".join(page.itertext())]  # a term and its value are two words, not one
    for element in page.xpath("//*[@title or @alt or @aria-label]"):
        parts += [element.get(name) or "" for name in ("title", "alt", "aria-label")]
    parts += page.xpath("//meta[@name='description']/@content")
    return WEB_ADDRESS.sub(" ", "\n".join(parts))


def _public_pages(client: Client) -> list[str]:
    urls = ["/meetings/"]
    page = _page(client, "/meetings/")
    while next_page := page.xpath("//a[@rel='next']/@href | //a[normalize-space()='Next']/@href"):
        urls.append("/meetings/" + next_page[0])
        page = _page(client, urls[-1])
    urls += [m.get_absolute_url() for m in Meeting.objects.order_by("start_date", "slug")]
    urls += [c.get_absolute_url() for c in Country.objects.order_by("iso2")]
    urls += [o.get_absolute_url() for o in Organisation.objects.order_by("slug")]
    urls.append(reverse("partners:governance"))
    return urls


def test_public_pages_show_no_source_notes_or_internal_field_names():
    """Meeting pages, the meeting list, country and organisation profiles and the governance
    page, as a visitor in English and French: no research note ("Region source: ..."), no field
    or file name of the data (``name_fr``, ``countries.json``), no empty value printed as
    ``None``, no raw slug. Sources belong in the "Sources" lists, as links."""
    client = Client()
    slugs = re.compile(
        "|".join(re.escape(s) for s in sorted(Meeting.objects.values_list("slug", flat=True)))
    )
    offending = []
    for url in _public_pages(client):
        for language in ("en", "fr"):
            text = _visible_text(_page(client, url, language))
            found = [(what, m) for what, rule in LEAKS.items() for m in rule.finditer(text)]
            found += [("a meeting's slug", m) for m in slugs.finditer(text)]
            for what, match in found:
                context = " ".join(text[max(match.start() - 60, 0) : match.end() + 40].split())
                offending.append(f"{url} [{language}] {what}: {match.group(0)!r} in «{context}»")
    assert offending == [], "\n".join(offending)


# A research note citing its source inside a summary: "survie.org gives ...", "per
# rabat-process.org", "(per the French page)". Titles of documents ("per the Malabo SOM
# conclusions") are ordinary attribution and stay.
SOURCE_IN_SUMMARY = re.compile(
    r"\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|int|eu|es|it|pt|fr)\b|\bper the \w+ page\b"
)


def test_meeting_summaries_leave_source_notes_to_the_sources_section():
    """A meeting's summary says what happened; which web page gives which date belongs with that
    page in the "Sources" list (e.g. the Dakar conference's "Dates: survie.org gives 22-23 Nov
    2011 ...")."""
    client = Client()
    offending = []
    for slug in sorted(REFERENCE):
        for summary in _page(client, f"/meetings/{slug}/").xpath("//section[@id='summary']"):
            text = _text(summary)
            for match in SOURCE_IN_SUMMARY.finditer(text):
                context = text[max(match.start() - 60, 0) : match.end() + 40]
                offending.append(f"/meetings/{slug}/: {match.group(0)!r} in «{context}»")
    assert offending == [], "\n".join(offending)


def test_no_public_page_gives_a_day_for_a_date_known_only_to_the_month_or_year():
    """The one date rule reaches the machine-readable form too: a ``<time datetime>`` gives a
    day only where the text shows that day (a Chair's term known to the year is ``2015``, not
    ``2015-01-01``)."""
    client = Client()
    offending = []
    for url in _public_pages(client):
        for time in _page(client, url).xpath("//time[@datetime]"):
            value, text = time.get("datetime"), _text(time)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                continue
            day = int(value[8:10])
            if not re.search(rf"(?<!\d){day}(?!\d)", text):
                offending.append(f"{url}: <time datetime={value!r}>{text}</time>")
    assert offending == [], "\n".join(offending)


def _action_plan_pages(client: Client) -> list[str]:
    """Every action-plan page a visitor can reach: the list, each framework, each item."""
    from frameworks.models import Framework, FrameworkItem

    urls = [reverse("frameworks:list")]
    urls += [f.get_absolute_url() for f in Framework.objects.order_by("slug")]
    urls += [
        i.get_absolute_url()
        for i in FrameworkItem.objects.select_related("framework").order_by("uid")
    ]
    return urls


def _leaks(url: str, language: str, text: str, rules: dict) -> list[str]:
    found = [(what, m) for what, rule in rules.items() for m in rule.finditer(text)]
    return [
        f"{url} [{language}] {what}: {match.group(0)!r} in "
        f"«{' '.join(text[max(match.start() - 60, 0) : match.end() + 40].split())}»"
        for what, match in found
    ]


def test_action_plan_pages_show_no_source_notes_or_internal_field_names():
    """Every framework and every item page, in English and French: no research note
    ("Editorial note: ...", "action_count=2 derived ..."), no field or file name of the data
    (``adopted_date``, ``themes/gcms_short.md``), no source in its stored form (``corpus: ...``).
    Which source gives what belongs in the page's "Sources" list, as links."""
    client = Client()
    rules = {**LEAKS, "a data file": re.compile(r"\b[\w/-]+\.(?:json|md|txt)\b")}
    offending = []
    for url in _action_plan_pages(client):
        for language in ("en", "fr"):
            offending += _leaks(url, language, _visible_text(_page(client, url, language)), rules)
    assert offending == [], "\n".join(offending)


def test_chair_notes_state_facts_and_leave_their_sources_to_the_sources_list():
    """The Chair succession on /partners/governance/ and the governance roles on country
    profiles: a note states the fact ("Morocco had already held the Chairmanship once before,
    in 2015"), it does not open with its source ("rabat-process.org: Morocco 'had already…'",
    "rabat-process.org (FR) gives handover…", "Source: https://…"); each row lists its sources
    as links, with their remark."""
    from partners.models import GovernanceRole

    client = Client()
    source_named = re.compile(rf"{SOURCE_IN_SUMMARY.pattern}|\bSource:", re.IGNORECASE)
    cells = []
    page = _page(client, reverse("partners:governance"))
    for row in page.xpath("//section[@id='chairs']//tbody/tr"):
        cells.append((reverse("partners:governance"), row.xpath("./td")[-1]))
    holders = GovernanceRole.objects.filter(country__isnull=False).values_list(
        "country__iso2", flat=True
    )
    for iso2 in sorted(set(holders)):
        url = reverse("partners:country", kwargs={"iso2": iso2})
        cells += [(url, td) for td in _page(client, url).xpath("//td[@class='note']")]
    assert cells
    offending = []
    for url, cell in cells:
        note = lxml.html.fromstring(lxml.html.tostring(cell))
        for listed in note.xpath("//ul[contains(@class, 'sources')]"):
            listed.drop_tree()
        text = WEB_ADDRESS.sub(" ", _text(note))
        offending += [f"{url}: {m.group(0)!r} in «{text}»" for m in source_named.finditer(text)]
        if not cell.xpath(".//ul[contains(@class, 'sources')]//a[@href]"):
            offending.append(f"{url}: no source listed as a link beside «{text}»")
    assert offending == [], "\n".join(offending)
