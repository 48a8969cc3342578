"""Build the benchmark database: the reference data plus a large generated dataset.

    .venv/bin/python benchmarks/generate.py [--scale 0.1] [--force]

The database is ``var/bench.sqlite3`` (or ``BENCH_DATABASE_URL``), never the site's own:
settings ``benchmarks.settings``. Steps: migrate, load the reference data
(``reference.loaders.load_all``), then add, with ``bulk_create`` in batches,

* 5,000 meetings (kinds, 2006-2026 dates, host countries among the current partners,
  formats), each with 1-3 hosts/chairs/organisers, 1-3 items of the Marrakesh and Cadiz
  action plans and 3-10 participating countries;
* 20,000 recommendations over those meetings (about 30% sub-points of a numbered point),
  each linked to 0-2 framework items;
* 50,000 documents (metadata only, no file): 10% partners-only, 95% linked to a meeting,
  0-2 framework items, 0-3 countries mentioned.

Generated rows have slugs starting with ``bench-`` and are drawn from a seeded random
generator, so two runs build the same data. If the generated rows are already there in the
expected numbers, nothing is written (idempotent); otherwise they are removed and rebuilt,
in one transaction. The time taken is printed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 20180502
PREFIX = "bench-"
BATCH = 2000
TARGETS = {"meetings": 5_000, "recommendations": 20_000, "documents": 50_000}
SUBPOINT_SHARE = 0.3
FRAMEWORKS = ("marrakesh-2018", "cadiz-2022")
FIRST_DAY, LAST_DAY = date(2006, 1, 1), date(2026, 12, 31)

_VOCABULARY = (
    "migration mobility development dialogue partners return reintegration diaspora "
    "protection asylum border management trafficking smuggling labour skills remittances "
    "cooperation capacity data legal pathways youth women climate displacement regional "
    "national strategy policy implementation monitoring follow-up coordination awareness "
    "investment entrepreneurship training exchange good practices recommendations action "
    "plan domain objective ministerial senior officials thematic technical workshop"
)
WORDS = tuple(_VOCABULARY.split())
CITIES = (
    "Rabat", "Dakar", "Madrid", "Paris", "Brussels", "Abuja", "Accra", "Lisbon", "Rome",
    "Niamey", "Bamako", "Tunis", "Lomé", "Cotonou", "Yaoundé", "Libreville", "Malabo",
    "Ouagadougou", "Nouakchott", "Banjul", "Praia", "Vienna", "Berlin", "The Hague",
    "Valletta", "Cádiz", "Marrakesh", "Abidjan", "Conakry", "Freetown",
)  # fmt: skip


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()


def say(message: str) -> None:
    print(message, flush=True)


def lorem(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return (" ".join(words)).capitalize() + "."


def targets(scale: float) -> dict[str, int]:
    return {key: max(1, round(value * scale)) for key, value in TARGETS.items()}


def generated_counts() -> dict[str, int]:
    from documents.models import Document
    from meetings.models import Meeting, Recommendation

    return {
        "meetings": Meeting.objects.filter(slug__startswith=PREFIX).count(),
        "recommendations": Recommendation.objects.filter(meeting__slug__startswith=PREFIX).count(),
        "documents": Document.objects.filter(slug__startswith=PREFIX).count(),
    }


def dataset_counts() -> dict[str, int]:
    """Every row of the benchmark database that the measured pages read."""
    from documents.models import Document
    from frameworks.models import FrameworkItem
    from meetings.models import Meeting, MeetingRole, Recommendation
    from partners.models import Country, Organisation

    return {
        "countries": Country.objects.count(),
        "organisations": Organisation.objects.count(),
        "framework_items": FrameworkItem.objects.count(),
        "meetings": Meeting.objects.count(),
        "meeting_roles": MeetingRole.objects.count(),
        "meeting_framework_items": Meeting.framework_items.through.objects.count(),
        "meeting_participating_countries": (
            Meeting.participating_countries.through.objects.count()
        ),
        "recommendations": Recommendation.objects.count(),
        "recommendation_framework_items": (Recommendation.framework_items.through.objects.count()),
        "documents": Document.objects.count(),
        "documents_partners_only": Document.objects.filter(visibility="partners").count(),
        "document_framework_items": Document.framework_items.through.objects.count(),
        "document_countries": Document.countries.through.objects.count(),
    }


def load_reference() -> None:
    """The real partners, frameworks, governance and meetings (idempotent)."""
    try:
        from reference.loaders import load_all
    except ImportError:  # the loader module is not there: fall back on the command
        from django.core.management import call_command

        call_command("load_reference")
        return
    load_all(stdout=sys.stdout)


def remove_generated() -> None:
    from documents.models import Document
    from meetings.models import Meeting

    Document.objects.filter(slug__startswith=PREFIX).delete()
    Meeting.objects.filter(slug__startswith=PREFIX).delete()


def random_day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def generate(scale: float = 1.0) -> dict[str, int]:
    """Add the generated meetings, recommendations and documents; return their counts."""
    from core.models import Visibility
    from documents.choices import DocumentKind, Language
    from documents.models import Document
    from frameworks.models import FrameworkItem
    from meetings.choices import MeetingFormat, MeetingKind, MeetingRoleKind, MeetingStatus
    from meetings.models import Meeting, MeetingRole, Recommendation
    from partners.models import Country, Organisation

    wanted = targets(scale)
    rng = random.Random(SEED)
    countries = list(Country.objects.current().order_by("iso2"))
    organisations = list(Organisation.objects.order_by("slug"))
    items = list(FrameworkItem.objects.filter(framework__slug__in=FRAMEWORKS).order_by("uid"))
    if len(countries) < 10 or not items:
        raise SystemExit(
            f"generate.py: the reference data is missing ({len(countries)} partner countries, "
            f"{len(items)} items of {', '.join(FRAMEWORKS)}); load it first."
        )
    today = date.today()

    # Meetings -------------------------------------------------------------------------
    kinds = [k for k, _ in MeetingKind.choices]
    kind_weights = [1 if k == MeetingKind.MINISTERIAL_CONFERENCE else 10 for k in kinds]
    kind_labels = dict(MeetingKind.choices)
    formats = [f for f, _ in MeetingFormat.choices]
    meetings = []
    for i in range(wanted["meetings"]):
        start = random_day(rng)
        country = rng.choice(countries)
        kind = rng.choices(kinds, weights=kind_weights)[0]
        city = rng.choice(CITIES)
        topic = " ".join(rng.choices(WORDS, k=3))
        meetings.append(
            Meeting(
                slug=f"{PREFIX}{start:%Y-%m}-{i:05d}",
                kind=kind,
                title_en=f"{kind_labels[kind]} on {topic} ({city}, {start.year})",
                title_fr=f"Réunion sur {topic} ({city}, {start.year})" if i % 3 else "",
                start_date=start,
                end_date=start + timedelta(days=rng.choice((0, 0, 1, 1, 2, 3))),
                status=MeetingStatus.HELD if start <= today else MeetingStatus.PLANNED,
                venue=f"Conference centre {rng.randint(1, 40)}",
                city=city,
                country=country,
                format=rng.choice(formats),
                description_en=lorem(rng, 30, 120),
                participants_count=rng.randint(15, 300),
                partner_countries_count=rng.randint(5, 57),
                organisations_count=rng.randint(0, 20),
                source="benchmarks/generate.py",
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    if meetings and meetings[0].pk is None:  # a backend that does not return the new ids
        ids = dict(Meeting.objects.filter(slug__startswith=PREFIX).values_list("slug", "id"))
        for meeting in meetings:
            meeting.pk = meeting.id = ids[meeting.slug]
    say(f"  {len(meetings):,} meetings")

    role_kinds = [MeetingRoleKind.CHAIR, MeetingRoleKind.CO_CHAIR, MeetingRoleKind.ORGANISER]
    roles, meeting_items, attended = [], [], []
    meeting_item_through = Meeting.framework_items.through
    attended_through = Meeting.participating_countries.through
    for meeting in meetings:
        roles.append(
            MeetingRole(meeting=meeting, kind=MeetingRoleKind.HOST, country=meeting.country)
        )
        for _ in range(rng.randint(0, 2)):
            if organisations and rng.random() < 0.25:
                holder = {"organisation": rng.choice(organisations)}
            else:
                holder = {"country": rng.choice(countries)}
            roles.append(MeetingRole(meeting=meeting, kind=rng.choice(role_kinds), **holder))
        for item in rng.sample(items, k=min(len(items), rng.randint(1, 3))):
            meeting_items.append(meeting_item_through(meeting_id=meeting.pk, frameworkitem=item))
        for country in rng.sample(countries, k=rng.randint(3, 10)):
            attended.append(attended_through(meeting_id=meeting.pk, country=country))
    MeetingRole.objects.bulk_create(roles, batch_size=BATCH)
    meeting_item_through.objects.bulk_create(meeting_items, batch_size=BATCH)
    attended_through.objects.bulk_create(attended, batch_size=BATCH)
    say(
        f"  {len(roles):,} meeting roles, {len(meeting_items):,} meeting-item links, "
        f"{len(attended):,} participating countries"
    )

    # Recommendations ------------------------------------------------------------------
    # Two thirds of the meetings adopt conclusions; numbered points first, then sub-points.
    concluding = rng.sample(meetings, k=max(1, len(meetings) * 2 // 3))
    total = wanted["recommendations"]
    n_sub = round(total * SUBPOINT_SHARE)
    numbered: dict[int, int] = {}
    tops = []
    for _ in range(total - n_sub):
        meeting = rng.choice(concluding)
        number = numbered[meeting.pk] = numbered.get(meeting.pk, 0) + 1
        tops.append(
            Recommendation(
                meeting=meeting,
                number=str(number),
                order=number * 100,
                heading_en=lorem(rng, 3, 8) if rng.random() < 0.3 else "",
                text_en=lorem(rng, 20, 80),
                text_fr=lorem(rng, 20, 80) if rng.random() < 0.5 else "",
                addressee=rng.choice(("", "", "Partners", "The Secretariat", "The Chair")),
            )
        )
    Recommendation.objects.bulk_create(tops, batch_size=BATCH)
    if tops and tops[0].pk is None:
        raise SystemExit("generate.py: the database did not return the new ids")
    sub_numbers: dict[int, int] = {}
    subs = []
    for _ in range(n_sub):
        parent = rng.choice(tops)
        number = sub_numbers[parent.pk] = sub_numbers.get(parent.pk, 0) + 1
        subs.append(
            Recommendation(
                meeting_id=parent.meeting_id,
                parent=parent,
                number=str(number),
                order=parent.order + number,
                text_en=lorem(rng, 10, 40),
            )
        )
    Recommendation.objects.bulk_create(subs, batch_size=BATCH)
    rec_through = Recommendation.framework_items.through
    rec_items = [
        rec_through(recommendation_id=rec.pk, frameworkitem=item)
        for rec in tops + subs
        for item in rng.sample(items, k=rng.randint(0, 2))
    ]
    rec_through.objects.bulk_create(rec_items, batch_size=BATCH)
    say(
        f"  {len(tops) + len(subs):,} recommendations ({len(subs):,} sub-points), "
        f"{len(rec_items):,} recommendation-item links"
    )

    # Documents ------------------------------------------------------------------------
    doc_kinds = [k for k, _ in DocumentKind.choices]
    languages = [code for code, _ in Language.choices]
    documents = []
    for i in range(wanted["documents"]):
        meeting = rng.choice(meetings) if rng.random() < 0.95 else None
        day = (
            meeting.start_date + timedelta(days=rng.randint(0, 30)) if meeting else random_day(rng)
        )
        kind = rng.choice(doc_kinds)
        documents.append(
            Document(
                slug=f"{PREFIX}doc-{i:06d}",
                title_en=f"{kind.replace('_', ' ').capitalize()}: {lorem(rng, 3, 10)[:-1]}",
                title_fr=lorem(rng, 3, 10) if rng.random() < 0.4 else "",
                kind=kind,
                language=rng.choices(languages, weights=(6, 3, 1, 1))[0],
                date=day,
                meeting=meeting,
                visibility=Visibility.PARTNERS if rng.random() < 0.1 else Visibility.PUBLIC,
                description_en=lorem(rng, 10, 60),
                source="benchmarks/generate.py",
            )
        )
    Document.objects.bulk_create(documents, batch_size=BATCH)
    if documents and documents[0].pk is None:
        raise SystemExit("generate.py: the database did not return the new ids")
    doc_item_through = Document.framework_items.through
    doc_country_through = Document.countries.through
    doc_items, doc_countries = [], []
    for document in documents:
        for item in rng.sample(items, k=rng.randint(0, 2)):
            doc_items.append(doc_item_through(document_id=document.pk, frameworkitem=item))
        for country in rng.sample(countries, k=rng.randint(0, 3)):
            doc_countries.append(doc_country_through(document_id=document.pk, country=country))
    doc_item_through.objects.bulk_create(doc_items, batch_size=BATCH)
    doc_country_through.objects.bulk_create(doc_countries, batch_size=BATCH)
    say(
        f"  {len(documents):,} documents, {len(doc_items):,} document-item links, "
        f"{len(doc_countries):,} countries mentioned"
    )
    return generated_counts()


def analyze() -> None:
    """Planner statistics on PostgreSQL, as autovacuum would gather them after a bulk load."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def build(scale: float = 1.0, force: bool = False) -> dict:
    """Migrate, load the reference data, generate if needed. Returns a summary."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    started = time.perf_counter()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    say(f"Benchmark database: {connection.vendor} {db['NAME']}")
    call_command("migrate", interactive=False, verbosity=0)
    say(f"Migrated in {time.perf_counter() - started:.1f} s")
    step = time.perf_counter()
    load_reference()
    say(f"Reference data loaded in {time.perf_counter() - step:.1f} s")

    wanted = targets(scale)
    found = generated_counts()
    if found == wanted and not force:
        say(
            "Generated data already there ({}); nothing to do.".format(
                ", ".join(f"{v:,} {k}" for k, v in found.items())
            )
        )
        generated = False
    else:
        step = time.perf_counter()
        say(
            "Generating {} (seed {}) ...".format(
                ", ".join(f"{v:,} {k}" for k, v in wanted.items()), SEED
            )
        )
        with transaction.atomic():
            if any(found.values()):
                say("  removing the previously generated rows")
                remove_generated()
            found = generate(scale)
        analyze()
        say(f"Generated in {time.perf_counter() - step:.1f} s")
        generated = True
    elapsed = time.perf_counter() - started
    say(f"generate.py done in {elapsed:.1f} s")
    return {
        "database": {"vendor": connection.vendor, "name": str(db["NAME"])},
        "generated": generated,
        "seconds": round(elapsed, 1),
        "counts": dataset_counts(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the full dataset (default 1)"
    )
    parser.add_argument(
        "--force", action="store_true", help="rebuild the generated rows even if present"
    )
    args = parser.parse_args(argv)
    if not 0 < args.scale <= 10:
        parser.error("--scale must be in (0, 10]")
    setup_django()
    summary = build(args.scale, args.force)
    for key, value in summary["counts"].items():
        say(f"  {key:34} {value:>9,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
