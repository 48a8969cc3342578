"""Load the reference data files of ``reference/data/`` into the database.

One function per file, and ``load_all`` for everything in one transaction: a broken file
changes nothing and raises :class:`ReferenceDataError` naming the file and the record.
Every record is matched by its natural key and saved only when a value differs, so
loading the same files twice writes nothing (and adds no history rows).

Conventions of the files (see ``data/README.md``):

* ``null`` for a text means "not known": a new row gets ``""``, an existing row keeps what
  it has (the Secretariat may have filled it in since).
* Partial dates ``"YYYY"`` / ``"YYYY-MM"`` become the first day of the year or month with
  a precision of ``year`` / ``month``.
* ``host`` / ``chair`` / ``co_chairs`` / ``organisers`` / Steering Committee members are an
  ISO alpha-2 country code (upper case) or an organisation slug; anything unknown is an error.
* Recommendation numbers are kept as written, unique per meeting and document section
  (Malabo 2021 restarts its numbering per section); bullet sub-points ("-") are numbered by
  position. A person with one role in several sessions has one speaker row per session.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction

from core.models import DatePrecision
from documents.models import Document
from frameworks.models import Crosswalk, Framework, FrameworkItem, ReferenceCountry
from meetings.models import Meeting, MeetingRole, Recommendation, Session, Speaker
from partners.choices import GovernanceRoleKind
from partners.models import Country, GovernanceRole, Organisation, Person

from .errors import ReferenceDataError
from .roles import ensure_roles
from .upsert import Counts, Status, combine, sync_m2m, upsert

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
CORPUS_DIR_NAME = "corpus"
CORPUS_FILE = "corpus_meetings.json"

__all__ = [
    "DEFAULT_DATA_DIR",
    "ReferenceDataError",
    "load_all",
    "load_corpus",
    "load_countries",
    "load_frameworks",
    "load_governance",
    "load_labels",
    "load_meetings",
    "load_organisations",
]

_TEXT_FIELDS = ("CharField", "TextField", "SlugField", "URLField", "EmailField")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_ORG_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_BULLETS = {"-", "–", "—", "•", "*", "·", ""}


# --- reading and reporting ----------------------------------------------------------------


class _UnknownReference(LookupError):
    pass


def _read(data_dir: Path | str, filename: str) -> dict:
    path = Path(data_dir) / filename
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ReferenceDataError(f"{filename}: file not found in {Path(data_dir)}") from exc
    except json.JSONDecodeError as exc:
        raise ReferenceDataError(
            f"{filename}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferenceDataError(f"{filename}: cannot read the file ({exc})") from exc
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{filename}: the top level must be an object")
    return data


def _validation_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)


@contextmanager
def _record(filename: str, where: str) -> Iterator[None]:
    """Turn any error raised while loading one record into a ReferenceDataError naming it."""
    try:
        yield
    except ReferenceDataError:
        raise
    except ValidationError as exc:
        raise ReferenceDataError(f"{filename}: {where}: {_validation_text(exc)}") from exc
    except KeyError as exc:
        raise ReferenceDataError(f"{filename}: {where}: missing field {exc}") from exc
    except (_UnknownReference, ValueError, TypeError, IntegrityError) as exc:
        raise ReferenceDataError(f"{filename}: {where}: {exc}") from exc
    except ObjectDoesNotExist as exc:
        raise ReferenceDataError(f"{filename}: {where}: {exc}") from exc


def _records(data: dict, filename: str, key: str) -> list:
    value = data.get(key)
    if not isinstance(value, list):
        raise ReferenceDataError(f"{filename}: expected a list under {key!r}")
    return value


def _say(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


# --- values ------------------------------------------------------------------------------


def _date(value: str | None) -> datetime.date | None:
    if value is None:
        return None
    return datetime.date.fromisoformat(value)


def _partial_date(value: str | None) -> tuple[datetime.date | None, str]:
    """``"2015"`` -> (2015-01-01, "year"); ``"2015-06"`` -> (2015-06-01, "month")."""
    if value is None:
        return None, DatePrecision.DAY
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return datetime.date(int(text), 1, 1), DatePrecision.YEAR
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = text.split("-")
        return datetime.date(int(year), int(month), 1), DatePrecision.MONTH
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return datetime.date.fromisoformat(text), DatePrecision.DAY
    raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")


def _join(*parts: str | None) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _split_unknown_texts(model: type[models.Model], values: dict) -> tuple[dict, dict]:
    """Separate ``null`` texts (unknown: create-only ``""``) from the values to enforce."""
    enforced, create_only = {}, {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if value is None and field.get_internal_type() in _TEXT_FIELDS and not field.null:
            create_only[name] = ""
        else:
            enforced[name] = value
    return enforced, create_only


def _save(
    model: type[models.Model], lookup: dict, values: dict, counts: Counts | None, **kwargs
) -> tuple[models.Model, Status]:
    enforced, create_only = _split_unknown_texts(model, values)
    return upsert(model, lookup, enforced, create_only=create_only, counts=counts, **kwargs)


class _Refs:
    """Resolves codes used in the files (iso2, organisation slugs, item uids) to rows."""

    def __init__(self) -> None:
        self._countries = {c.iso2: c for c in Country.objects.all()}
        self._organisations = {o.slug: o for o in Organisation.objects.all()}
        self._items = {i.uid: i for i in FrameworkItem.objects.select_related("framework")}

    def country(self, iso2: str | None) -> Country | None:
        if iso2 is None:
            return None
        try:
            return self._countries[iso2]
        except KeyError:
            raise _UnknownReference(f"unknown country {iso2!r} (not in countries.json)") from None

    def organisation(self, slug: str | None) -> Organisation | None:
        if slug is None:
            return None
        try:
            return self._organisations[slug]
        except KeyError:
            raise _UnknownReference(
                f"unknown organisation {slug!r} (not in organisations.json)"
            ) from None

    def holder(self, code: str) -> tuple[Country | None, Organisation | None]:
        """A country (``"MA"``) or an organisation (``"ecowas"``)."""
        if isinstance(code, str) and _ISO2.match(code):
            return self.country(code), None
        return None, self.organisation(code)

    def item(self, uid: str) -> FrameworkItem:
        try:
            return self._items[uid]
        except KeyError:
            raise _UnknownReference(
                f"unknown framework item {uid!r} (not in frameworks.json)"
            ) from None

    def items(self, uids: Iterable[str] | None) -> list[FrameworkItem]:
        return [self.item(uid) for uid in uids or []]


# --- partners ----------------------------------------------------------------------------


def load_countries(
    *, data_dir: Path | str = DEFAULT_DATA_DIR, counts: Counts | None = None
) -> Counts:
    """``countries.json``: partner, observer and former countries, by ISO alpha-2 code."""
    filename = "countries.json"
    counts = counts if counts is not None else Counts()
    data = _read(data_dir, filename)
    with transaction.atomic():
        for i, rec in enumerate(_records(data, filename, "countries")):
            with _record(filename, f"countries[{i}] ({rec.get('iso2')})"):
                _save(
                    Country,
                    {"iso2": rec["iso2"]},
                    {
                        "iso3": rec.get("iso3"),
                        "numeric": rec.get("numeric"),
                        "name_en": rec["name_en"],
                        "name_fr": rec.get("name_fr"),
                        "continent": rec["continent"],
                        "region": rec["region"],
                        "status": rec["status"],
                        "note": rec.get("note"),
                        "source": rec.get("source"),
                    },
                    counts,
                )
    return counts


def load_organisations(
    *, data_dir: Path | str = DEFAULT_DATA_DIR, counts: Counts | None = None
) -> Counts:
    """``organisations.json``: partner organisations, observers, implementers, others."""
    filename = "organisations.json"
    counts = counts if counts is not None else Counts()
    data = _read(data_dir, filename)
    with transaction.atomic():
        refs = _Refs()
        for i, rec in enumerate(_records(data, filename, "organisations")):
            with _record(filename, f"organisations[{i}] ({rec.get('slug')})"):
                _save(
                    Organisation,
                    {"slug": rec["slug"]},
                    {
                        "acronym": rec.get("acronym"),
                        "name_en": rec["name_en"],
                        "name_fr": rec.get("name_fr"),
                        "kind": rec["kind"],
                        "standing": rec["standing"],
                        "country": refs.country(rec.get("country")),
                        "website": rec.get("website"),
                        "note": rec.get("note"),
                        "source": rec.get("source"),
                    },
                    counts,
                )
    return counts


# --- frameworks --------------------------------------------------------------------------


def load_frameworks(
    *, data_dir: Path | str = DEFAULT_DATA_DIR, counts: Counts | None = None
) -> Counts:
    """``frameworks.json``: frameworks, their items (tree of domains, objectives, actions,
    priorities, in the file's order) and the crosswalks between items."""
    filename = "frameworks.json"
    counts = counts if counts is not None else Counts()
    data = _read(data_dir, filename)
    with transaction.atomic():
        refs = _Refs()
        for i, rec in enumerate(_records(data, filename, "frameworks")):
            slug = rec.get("slug")
            with _record(filename, f"frameworks[{i}] ({slug})"):
                framework, _ = _save(
                    Framework,
                    {"slug": slug},
                    {
                        "name_en": rec["name_en"],
                        "name_fr": rec.get("name_fr"),
                        "short_name_en": rec.get("short_name_en"),
                        "short_name_fr": rec.get("short_name_fr"),
                        "kind": rec["kind"],
                        "adopted_place": rec.get("adopted_place"),
                        "adopted_country": refs.country(rec.get("adopted_country")),
                        "adopted_date": _date(rec.get("adopted_date")),
                        "period_start": rec.get("period_start"),
                        "period_end": rec.get("period_end"),
                        "period_note": rec.get("period_note"),
                        "summary_en": rec.get("summary_en"),
                        "summary_fr": rec.get("summary_fr"),
                        "source": rec.get("source"),
                    },
                    counts,
                )
            _load_items(framework, rec.get("items") or [], filename, f"frameworks[{i}]", counts)
        refs = _Refs()
        for i, rec in enumerate(data.get("crosswalks") or []):
            with _record(filename, f"crosswalks[{i}] ({rec.get('from')} -> {rec.get('to')})"):
                _save(
                    Crosswalk,
                    {"source_item": refs.item(rec["from"]), "target_item": refs.item(rec["to"])},
                    {
                        "relation": rec["relation"],
                        "note": rec.get("note"),
                        "source": rec.get("source"),
                    },
                    counts,
                )
    return counts


def _load_items(
    framework: Framework, items: list, filename: str, where: str, counts: Counts
) -> None:
    # First every item, then the parents: a parent may come after its children in a file.
    statuses: dict[str, Status] = {}
    by_code: dict[str, FrameworkItem] = {}
    for order, rec in enumerate(items, start=1):
        code = rec.get("code")
        with _record(filename, f"{where}.items[{order - 1}] ({framework.slug}/{code})"):
            if code in by_code:
                raise ValueError(f"code {code!r} appears twice in {framework.slug}")
            item, statuses[code] = _save(
                FrameworkItem,
                {"framework": framework, "code": code},
                {
                    "uid": f"{framework.slug}/{code}",
                    "kind": rec["kind"],
                    "number": str(rec["number"]) if rec.get("number") is not None else None,
                    "sort_order": order,
                    "title_en": rec.get("title_en"),
                    "title_fr": rec.get("title_fr"),
                    "short_label_en": rec.get("short_label_en"),
                    "text_en": rec.get("text_en"),
                    "text_fr": rec.get("text_fr"),
                    "note": rec.get("note"),
                    "number_inferred": bool(rec.get("number_inferred", False)),
                    "source": rec.get("source"),
                },
                None,
            )
            by_code[code] = item
    for order, rec in enumerate(items, start=1):
        code = rec["code"]
        with _record(filename, f"{where}.items[{order - 1}] ({framework.slug}/{code})"):
            parent_code = rec.get("parent")
            if parent_code is not None and parent_code not in by_code:
                raise _UnknownReference(
                    f"unknown parent {parent_code!r} (no such code in {framework.slug})"
                )
            _, status = upsert(
                FrameworkItem,
                {"pk": by_code[code].pk},
                {"parent": by_code.get(parent_code) if parent_code else None},
            )
            counts.add("FrameworkItem", combine(statuses[code], status))


def _evidenced_items(rec: dict) -> list[str]:
    """A meeting's ``framework_items``, each of which must have its evidence in
    ``framework_evidence`` (a quoted passage and its source): a link no source supports is
    refused, and so is evidence for an item the meeting is not linked to."""
    uids = rec.get("framework_items") or []
    evidence = rec.get("framework_evidence") or []
    for i, entry in enumerate(evidence):
        if not (entry.get("item") and entry.get("quote") and entry.get("source")):
            raise ValueError(f"framework_evidence[{i}] needs an item, a quote and a source")
    supported = {entry["item"] for entry in evidence}
    if unsupported := [uid for uid in uids if uid not in supported]:
        raise ValueError(f"framework item link without evidence: {', '.join(unsupported)}")
    if unlinked := sorted(supported - set(uids)):
        raise ValueError(f"evidence for an item not in framework_items: {', '.join(unlinked)}")
    return uids


# --- governance --------------------------------------------------------------------------


def _governance_role(
    kind: str, country, organisation, rec: dict, note: str, counts: Counts
) -> None:
    start, start_precision = _partial_date(rec.get("start"))
    end, end_precision = _partial_date(rec.get("end"))
    _save(
        GovernanceRole,
        {"kind": kind, "country": country, "organisation": organisation, "start_date": start},
        {
            "start_precision": start_precision,
            "end_date": end,
            "end_precision": end_precision,
            "note": note,
            "source": rec.get("source"),
        },
        counts,
    )


def load_governance(
    *, data_dir: Path | str = DEFAULT_DATA_DIR, counts: Counts | None = None
) -> Counts:
    """``governance.json``: Chairs, Steering Committee seats, Secretariat, reference countries."""
    filename = "governance.json"
    counts = counts if counts is not None else Counts()
    data = _read(data_dir, filename)
    with transaction.atomic():
        refs = _Refs()
        for i, rec in enumerate(_records(data, filename, "chairs")):
            with _record(filename, f"chairs[{i}] ({rec.get('country')}, {rec.get('start')})"):
                handover = rec.get("handover_event")
                _governance_role(
                    GovernanceRoleKind.CHAIR,
                    refs.country(rec["country"]),
                    None,
                    rec,
                    _join(rec.get("note"), f"Handover: {handover}" if handover else None),
                    counts,
                )
        for i, rec in enumerate(_records(data, filename, "steering_committee")):
            with _record(filename, f"steering_committee[{i}] ({rec.get('member')})"):
                country, organisation = refs.holder(rec["member"])
                as_of = rec.get("as_of")
                _governance_role(
                    GovernanceRoleKind.STEERING_COMMITTEE,
                    country,
                    organisation,
                    rec,
                    _join(rec.get("note"), f"Membership as of: {as_of}" if as_of else None),
                    counts,
                )
        for i, rec in enumerate(_records(data, filename, "secretariat")):
            with _record(filename, f"secretariat[{i}] ({rec.get('organisation')})"):
                _governance_role(
                    GovernanceRoleKind.SECRETARIAT,
                    None,
                    refs.organisation(rec["organisation"]),
                    rec,
                    _join(rec.get("note")),
                    counts,
                )
        for i, rec in enumerate(_records(data, filename, "reference_countries")):
            where = f"reference_countries[{i}] ({rec.get('country')}, {rec.get('item')})"
            with _record(filename, where):
                _save(
                    ReferenceCountry,
                    {"country": refs.country(rec["country"]), "item": refs.item(rec["item"])},
                    {
                        "start_date": _partial_date(rec.get("start"))[0],
                        "end_date": _partial_date(rec.get("end"))[0],
                        "note": rec.get("note"),
                        "source": rec.get("source"),
                    },
                    counts,
                )
    return counts


# --- meetings ----------------------------------------------------------------------------

_MEETING_ROLE_KEYS = (
    ("host", "host"),
    ("chair", "chair"),
    ("co_chairs", "co_chair"),
    ("organisers", "organiser"),
)


def _load_meeting(
    rec: dict, refs: _Refs, counts: Counts, *, extra_countries: Iterable[Country] = ()
) -> Meeting:
    """One meeting record (common to meetings.json and corpus_meetings.json) and its roles.

    ``replaces``: the slug the record had before a correction; a meeting still under that slug
    is renamed (and so corrected in place), never duplicated.
    """
    participation = rec.get("participation") or {}
    if rec.get("replaces"):
        old = Meeting.objects.filter(slug=rec["replaces"]).first()
        if old is not None and not Meeting.objects.filter(slug=rec["slug"]).exists():
            old.slug = rec["slug"]
            old.save(update_fields=["slug"])
    meeting, status = _save(
        Meeting,
        {"slug": rec["slug"]},
        {
            "kind": rec["kind"],
            "title_en": rec["title_en"],
            "title_fr": rec.get("title_fr"),
            "start_date": _date(rec["start_date"]),
            "end_date": _date(rec.get("end_date") or rec["start_date"]),
            "date_precision": rec.get("date_precision") or DatePrecision.DAY,
            "status": rec["status"],
            "venue": rec.get("venue"),
            "city": rec.get("city"),
            "country": refs.country(rec.get("country")),
            "format": rec["format"],
            "description_en": rec.get("description_en"),
            "description_fr": rec.get("description_fr"),
            "participants_count": participation.get("participants"),
            "partner_countries_count": participation.get("partner_countries"),
            "organisations_count": participation.get("organisations"),
            "local_authorities_count": participation.get("local_authorities"),
            "source": rec.get("source"),
        },
        None,
    )
    participating = list(extra_countries)
    for key, kind in _MEETING_ROLE_KEYS:
        for code in rec.get(key) or []:
            country, organisation = refs.holder(code)
            _save(
                MeetingRole,
                {
                    "meeting": meeting,
                    "kind": kind,
                    "country": country,
                    "organisation": organisation,
                },
                {},
                counts,
            )
            if country is not None and kind != "organiser":
                participating.append(country)
    m2m_changed = sync_m2m(meeting.framework_items, refs.items(_evidenced_items(rec)))
    m2m_changed |= sync_m2m(meeting.participating_countries, participating)
    counts.add("Meeting", combine(status, "updated" if m2m_changed else "unchanged"))
    return meeting


def load_meetings(
    *, data_dir: Path | str = DEFAULT_DATA_DIR, counts: Counts | None = None
) -> Counts:
    """``meetings.json``: the Dialogue's meetings, with hosts, chairs and co-chairs."""
    filename = "meetings.json"
    counts = counts if counts is not None else Counts()
    data = _read(data_dir, filename)
    with transaction.atomic():
        refs = _Refs()
        for i, rec in enumerate(_records(data, filename, "meetings")):
            with _record(filename, f"meetings[{i}] ({rec.get('slug')})"):
                _load_meeting(rec, refs, counts)
    return counts


# --- corpus: meetings with sessions, speakers, recommendations and documents --------------


def _person_lookup(speaker: dict, refs: _Refs) -> dict:
    """A speaker's natural key: name + registered organisation or its name as written + country."""
    organisation = speaker.get("organisation") or ""
    registered = bool(_ORG_SLUG.match(organisation))
    return {
        "name": speaker["name"],
        "organisation": refs.organisation(organisation) if registered else None,
        "organisation_name": "" if registered else organisation,
        "country": refs.country(speaker.get("country")),
    }


def _person_key(lookup: dict) -> tuple:
    return tuple(v.pk if isinstance(v, models.Model) else v for v in lookup.values())


def _people(meetings: list, refs: _Refs, filename: str) -> dict[tuple, dict]:
    """Person key -> lookup and values, from the most recent meeting where the person speaks.

    A person appearing in several meetings is one Person (same name, organisation and
    country) whose title is the latest one; the title at each meeting stays on the Speaker.
    """
    people: dict[tuple, dict] = {}
    ordered = sorted(enumerate(meetings), key=lambda im: str(im[1].get("start_date")), reverse=True)
    for i, rec in ordered:
        for j, speaker in enumerate(rec.get("speakers") or []):
            with _record(filename, f"meetings[{i}].speakers[{j}] ({speaker.get('name')})"):
                lookup = _person_lookup(speaker, refs)
                values = {"honorific": speaker.get("honorific"), "title": speaker.get("title")}
                people.setdefault(_person_key(lookup), {"lookup": lookup, "values": values})
    return people


def _sub_numbers(subpoints: list) -> list[str]:
    """Sub-point labels, or their positions when the labels are bullets or repeat."""
    labels = [str(s.get("label") or "").strip() for s in subpoints]
    if len(set(labels)) == len(labels) and not _BULLETS.intersection(labels):
        return labels
    return [str(n) for n in range(1, len(subpoints) + 1)]


def _load_recommendations(
    meeting: Meeting, recs: list, refs: _Refs, counts: Counts, filename: str, where: str
) -> list[str]:
    # Numbers are kept as the document writes them; documents that restart their numbering
    # per section (Malabo 2021) are told apart by the section (see the model's constraint).
    notes = []
    numbers = [str(r["number"]) for r in recs]
    for order, (rec, number) in enumerate(zip(recs, numbers, strict=True), start=1):
        with _record(
            filename, f"{where}.recommendations[{order - 1}] (number {rec.get('number')})"
        ):
            parent, status = _save(
                Recommendation,
                {
                    "meeting": meeting,
                    "parent": None,
                    "source_section": rec.get("source_section") or "",
                    "number": number,
                },
                {
                    "order": order,
                    "heading_en": rec.get("heading_en"),
                    "heading_fr": rec.get("heading_fr"),
                    "text_en": rec["text_en"],
                    "text_fr": rec.get("text_fr"),
                    "addressee": rec.get("addressee"),
                },
                None,
            )
            changed = sync_m2m(parent.framework_items, refs.items(rec.get("framework_items")))
            counts.add("Recommendation", combine(status, "updated" if changed else "unchanged"))
        subpoints = rec.get("subpoints") or []
        for sub_order, (sub, sub_number) in enumerate(
            zip(subpoints, _sub_numbers(subpoints), strict=True), start=1
        ):
            sub_where = f"{where}.recommendations[{order - 1}].subpoints[{sub_order - 1}]"
            with _record(filename, sub_where):
                child, status = _save(
                    Recommendation,
                    {"meeting": meeting, "parent": parent, "number": sub_number},
                    {
                        "order": sub_order,
                        "heading_en": sub.get("heading_en"),
                        "text_en": sub["text_en"],
                        "text_fr": sub.get("text_fr"),
                        "addressee": sub.get("addressee"),
                        "source_section": sub.get("source_section") or rec.get("source_section"),
                    },
                    None,
                )
                changed = sync_m2m(child.framework_items, refs.items(sub.get("framework_items")))
                counts.add("Recommendation", combine(status, "updated" if changed else "unchanged"))
    return notes


def load_outcomes(
    *, data_dir: Path | str = DEFAULT_DATA_DIR, counts: Counts | None = None
) -> Counts:
    """What sources state happened after a recommendation (``outcomes`` of the recommendations
    in ``corpus_meetings.json``): entries of its follow-up, each with its evidence (the meeting
    where it happened, the public page that says so), matched by that page; the follow-up
    takes the status of the latest one. After the meetings and the corpus: the evidence names
    a meeting of either file."""
    from followup.models import FollowUp, FollowUpEntry
    from followup.services import record_outcome

    counts = counts if counts is not None else Counts()
    data = _read(data_dir, CORPUS_FILE)
    with transaction.atomic():
        for i, rec in enumerate(_records(data, CORPUS_FILE, "meetings")):
            for j, recommendation in enumerate(rec.get("recommendations") or []):
                outcomes = recommendation.get("outcomes") or []
                if not outcomes:
                    continue
                where = f"meetings[{i}].recommendations[{j}] (number {recommendation['number']})"
                with _record(CORPUS_FILE, where):
                    follow_up, _created = FollowUp.objects.get_or_create(
                        recommendation=Recommendation.objects.get(
                            meeting__slug=rec["slug"],
                            parent=None,
                            number=str(recommendation["number"]),
                            source_section=recommendation.get("source_section") or "",
                        )
                    )
                    for outcome in sorted(outcomes, key=lambda o: o["date"]):
                        upsert(
                            FollowUpEntry,
                            {"follow_up": follow_up, "evidence_url": outcome["evidence_url"]},
                            {
                                "date": datetime.date.fromisoformat(outcome["date"]),
                                "text": outcome["text_en"],
                                "evidence_meeting": (
                                    Meeting.objects.get(slug=outcome["evidence_meeting"])
                                    if outcome.get("evidence_meeting")
                                    else None
                                ),
                            },
                            counts=counts,
                        )
                    # Counted with its entries: the status and date follow from them.
                    latest = max(outcomes, key=lambda o: o["date"])
                    record_outcome(follow_up, status=latest["status"])
    return counts


def _load_document(meeting: Meeting, rec: dict, corpus_dir: Path) -> tuple[Document, Status, bytes]:
    file_name = rec["file"]
    path = corpus_dir / file_name
    if Path(file_name).name != file_name or not path.is_file():
        raise _UnknownReference(f"file {file_name!r} not found in {corpus_dir}")
    content = path.read_bytes()
    sha256 = hashlib.sha256(content).hexdigest()

    def attach_file(document: Document) -> bool:
        if (
            document.file
            and document.sha256 == sha256
            and document.file.storage.exists(document.file.name)
        ):
            return False
        # The file name belongs to this record: replace, don't suffix.
        name = document.file.field.generate_filename(document, file_name)
        if document.file.storage.exists(name):
            document.file.storage.delete(name)
        document.file.save(file_name, ContentFile(content), save=False)
        document.compute_file_facts()
        document.file.close()
        return True

    document, status = _save(
        Document,
        {"slug": Path(file_name).stem},
        {
            "title_en": rec["title_en"],
            "title_fr": rec.get("title_fr"),
            "kind": rec["kind"],
            "language": rec["language"],
            "date": _date(rec.get("date")),
            "meeting": meeting,
            "visibility": rec.get("visibility") or "public",
            "description_en": rec.get("description_en"),
            "source": rec.get("source_note") or rec.get("source"),
        },
        None,  # counted by the caller, with the document's links
        extra=attach_file,
    )
    return document, status, content


def countries_mentioned(text: str, countries: Iterable[Country]) -> set[Country]:
    """Countries whose English or French name appears in ``text`` as whole words.

    Longer names are matched first and blanked out, so "Equatorial Guinea" is not also
    counted as "Guinea", nor "Democratic Republic of the Congo" as "Congo".
    """
    names = sorted(
        (
            (name, country)
            for country in countries
            for name in {country.name_en, country.name_fr}
            if name
        ),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    found = set()
    for name, country in names:
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
        if pattern.search(text):
            found.add(country)
            text = pattern.sub(" ", text)
    return found


def _link_document(document: Document, content: bytes, meeting: Meeting) -> bool:
    """Derived links of a corpus document: the countries it names, and the framework items
    that its meeting and the meeting's recommendations are linked to."""
    text = content.decode("utf-8", errors="replace")
    changed = sync_m2m(document.countries, countries_mentioned(text, Country.objects.all()))
    items = set(meeting.framework_items.all())
    items.update(FrameworkItem.objects.filter(recommendations__meeting=meeting).distinct())
    changed |= sync_m2m(document.framework_items, items)
    return changed


def _load_sessions(meeting: Meeting, sessions: list, counts: Counts, where: str) -> None:
    for j, session in enumerate(sessions):
        with _record(CORPUS_FILE, f"{where}.sessions[{j}] ({session.get('title_en')})"):
            _save(
                Session,
                {"meeting": meeting, "order": session["order"]},
                {
                    "kind": session.get("kind") or "session",
                    "title_en": session["title_en"],
                    "title_fr": session.get("title_fr"),
                    "summary_en": session.get("summary_en"),
                    "summary_fr": session.get("summary_fr"),
                },
                counts,
            )


def _load_speakers(
    meeting: Meeting,
    speakers: list,
    people: dict[tuple, dict],
    persons: dict[tuple, Person],
    refs: _Refs,
    counts: Counts,
    where: str,
) -> list[str]:
    """Speakers of one meeting; ``persons`` caches the Person rows across meetings."""
    notes, seen = [], set()
    for j, speaker in enumerate(speakers):
        with _record(CORPUS_FILE, f"{where}.speakers[{j}] ({speaker.get('name')})"):
            key = _person_key(_person_lookup(speaker, refs))
            if key not in persons:
                persons[key], _ = _save(
                    Person, people[key]["lookup"], people[key]["values"], counts
                )
            person, role = persons[key], speaker["role"]
            seen.add((person.pk, role, speaker.get("session")))
            session = None
            if speaker.get("session") is not None:
                session = meeting.sessions.filter(order=speaker["session"]).first()
                if session is None:
                    raise _UnknownReference(f"unknown session {speaker['session']}")
            _save(
                Speaker,
                {"meeting": meeting, "person": person, "role": role, "session": session},
                {
                    "title_at_meeting": speaker.get("title"),
                    "order": len(seen),
                },
                counts,
            )
    return notes


def load_corpus(
    *,
    data_dir: Path | str = DEFAULT_DATA_DIR,
    counts: Counts | None = None,
    stdout: TextIO | None = None,
) -> Counts:
    """``corpus_meetings.json``: three meetings in full (sessions, speakers, recommendations),
    with their documents, whose files are in ``corpus/``."""
    counts = counts if counts is not None else Counts()
    data = _read(data_dir, CORPUS_FILE)
    corpus_dir = Path(data_dir) / CORPUS_DIR_NAME
    meetings = _records(data, CORPUS_FILE, "meetings")
    notes: list[str] = []
    with transaction.atomic():
        refs = _Refs()
        people = _people(meetings, refs, CORPUS_FILE)
        persons: dict[tuple, Person] = {}
        for i, rec in enumerate(meetings):
            where = f"meetings[{i}]"
            speakers = rec.get("speakers") or []
            with _record(CORPUS_FILE, f"{where} ({rec.get('slug')})"):
                countries = [refs.country(s.get("country")) for s in speakers]
                meeting = _load_meeting(
                    rec, refs, counts, extra_countries=[c for c in countries if c]
                )
            _load_sessions(meeting, rec.get("sessions") or [], counts, where)
            notes += _load_speakers(meeting, speakers, people, persons, refs, counts, where)
            notes += _load_recommendations(
                meeting, rec.get("recommendations") or [], refs, counts, CORPUS_FILE, where
            )
            for j, document in enumerate(rec.get("documents") or []):
                with _record(CORPUS_FILE, f"{where}.documents[{j}] ({document.get('file')})"):
                    doc, status, content = _load_document(meeting, document, corpus_dir)
                    linked = _link_document(doc, content, meeting)
                    counts.add("Document", combine(status, "updated" if linked else "unchanged"))
    for note in notes:
        _say(stdout, f"  note: {note}")
    return counts


# --- labels granted before the platform ---------------------------------------------------

LABELS_FILE = "labels.json"
# A meeting's format as a labelled activity's (a meeting of unknown format gives none).
_LABEL_FORMATS = {"in_person": "in_person", "virtual": "online", "hybrid": "hybrid"}


def _label_place(rec: dict, refs: _Refs) -> dict:
    """Dates, format and place: the meeting's when the label is a meeting's (one record of
    them), else as the label record states them (``null``: not stated)."""
    if not rec.get("meeting"):
        return {
            "start_date": _date(rec.get("start_date")),
            "end_date": _date(rec.get("end_date") or rec.get("start_date")),
            "format": rec.get("format"),
            "city": rec.get("city") or "",
            "place_country": refs.country(rec.get("place_country")),
        }
    meeting = Meeting.objects.filter(slug=rec["meeting"]).first()
    if meeting is None:
        raise _UnknownReference(f"unknown meeting {rec['meeting']!r} (not in the meetings files)")
    if meeting.format not in _LABEL_FORMATS:
        raise ValueError(f"meeting {meeting.slug!r} has no known format")
    if meeting.date_precision != DatePrecision.DAY:
        raise ValueError(f"meeting {meeting.slug!r} is not dated to the day")
    return {
        "meeting": meeting,
        "start_date": meeting.start_date,
        "end_date": meeting.end_date,
        "format": _LABEL_FORMATS[meeting.format],
        "city": meeting.city,
        "place_country": meeting.country,
    }


def load_labels(*, data_dir: Path | str = DEFAULT_DATA_DIR, counts: Counts | None = None) -> Counts:
    """``labels.json``: labels granted before the platform, as labelled activities with their
    sources and linked actions (after the meetings: a labelled meeting names its meeting).

    Matched by ``key``; the linked actions are made to be exactly those of the file.
    """
    from labels.models import LabelApplication, LinkedAction

    filename = LABELS_FILE
    counts = counts if counts is not None else Counts()
    data = _read(data_dir, filename)
    with transaction.atomic():
        refs = _Refs()
        for i, rec in enumerate(_records(data, filename, "labels")):
            with _record(filename, f"labels[{i}] ({rec.get('key')})"):
                lead_country, lead_organisation = (
                    refs.holder(rec["lead"]) if rec.get("lead") else (None, None)
                )
                values = {
                    "state": rec["state"],
                    "kind": rec["kind"],
                    "title": rec["title_en"],
                    "description": rec["description_en"],
                    "lead_country": lead_country,
                    "lead_organisation": lead_organisation,
                    "funders": rec.get("funders") or "",
                    "expected_results": rec.get("expected_results") or "",
                    "source": rec["source"],
                    "meeting": None,
                    **_label_place(rec, refs),
                }
                co = [refs.holder(code) for code in rec.get("co_organisers") or []]
                label, status = upsert(
                    LabelApplication,
                    {"reference_key": rec["key"]},
                    values,
                    counts=None,
                )
                changed = sync_m2m(label.co_organising_countries, [c for c, _o in co if c])
                changed |= sync_m2m(label.co_organising_organisations, [o for _c, o in co if o])
                wanted = {refs.item(a["item"]).pk: a["justification"] for a in rec["actions"]}
                stale = label.links.exclude(item_id__in=wanted)
                changed |= stale.exists()
                stale.delete()
                for item_id, justification in wanted.items():
                    _link, link_status = upsert(
                        LinkedAction,
                        {"application": label, "item_id": item_id},
                        {"justification": justification},
                        counts=counts,
                    )
                    changed |= link_status != "unchanged"
                counts.add(
                    "LabelApplication", combine(status, "updated" if changed else "unchanged")
                )
    return counts


# --- everything --------------------------------------------------------------------------

LOADERS = (
    ("countries.json", load_countries),
    ("organisations.json", load_organisations),
    ("frameworks.json", load_frameworks),
    ("governance.json", load_governance),
    ("meetings.json", load_meetings),
)


def load_all(
    *, data_dir: Path | str = DEFAULT_DATA_DIR, stdout: TextIO | None = None
) -> dict[str, dict[str, int]]:
    """Load every reference file, then the roles, in one transaction.

    Returns ``{model name: {"created": n, "updated": n, "unchanged": n}}``.
    Raises :class:`ReferenceDataError` (and changes nothing) if any file is wrong.
    """
    data_dir = Path(data_dir)
    counts = Counts()
    with transaction.atomic():
        for filename, loader in LOADERS:
            _say(stdout, f"Loading {filename}")
            loader(data_dir=data_dir, counts=counts)
        _say(stdout, "Loading corpus_meetings.json")
        load_corpus(data_dir=data_dir, counts=counts, stdout=stdout)
        _say(stdout, f"Loading {LABELS_FILE}")
        load_labels(data_dir=data_dir, counts=counts)
        _say(stdout, "Loading the outcomes of recommendations (corpus_meetings.json)")
        load_outcomes(data_dir=data_dir, counts=counts)
        _say(stdout, "Ensuring roles (roles.json)")
        roles_file = data_dir / "roles.json"
        counts.merge(ensure_roles(path=roles_file) if roles_file.exists() else ensure_roles())
    return counts.as_dict()
