"""Reviewing an extraction draft: matching its names to the Dialogue's records, and accepting
it into Meeting, Person, Speaker and Recommendation records in one transaction.

Matching never duplicates: countries by ISO code (or name), organisations by acronym or name,
people by their normalised name (accents, case, honorifics and punctuation ignored), meetings
by kind, overlapping dates and place. A proposal that matches an existing meeting is merged
into it (its empty fields filled, links added, nothing overwritten).

What acceptance cannot use is reported, not refused: a country unknown to the reference data
is skipped (the reviewer may map it by typing a known code or name instead), and a meeting of
another process (Khartoum, Prague...) never becomes a Rabat Process meeting.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from core.models import DatePrecision
from documents.choices import DocumentKind
from documents.services import document_save
from frameworks.models import FrameworkItem
from meetings.choices import MeetingFormat, MeetingKind, SpeakerRole
from meetings.models import Meeting, Recommendation, Speaker
from partners.choices import OrganisationKind, Standing
from partners.models import Country, Organisation, Person

from .choices import Step
from .figures import quoted_figures_from_draft
from .models import ExtractionDraft, IngestItem, review_workflow

HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "he", "h.e", "his", "her",
    "excellency", "m", "mme", "mlle", "s.e", "son", "sir", "madam", "ambassador", "hon",
}  # fmt: skip


def normalise_name(name: str) -> str:
    """``"H.E. Mrs Fatou  Diallo-Sarr"`` → ``"fatou diallo sarr"``."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    words = re.split(r"[\s\-–,()]+", text)
    kept = [w.strip(".'’") for w in words if w.strip(".'’") and w.rstrip(".") not in HONORIFICS]
    return " ".join(kept)


# -- matching ------------------------------------------------------------------------------


def match_country(value: str | None) -> Country | None:
    value = (value or "").strip()
    if not value:
        return None
    if len(value) == 2:
        return Country.objects.filter(iso2=value.upper()).first()
    if len(value) == 3 and value.isalpha():
        found = Country.objects.filter(iso3=value.upper()).first()
        if found:
            return found
    return Country.objects.filter(Q(name_en__iexact=value) | Q(name_fr__iexact=value)).first()


def match_organisation(name: str | None, acronym: str | None = None) -> Organisation | None:
    name, acronym = (name or "").strip(), (acronym or "").strip()
    names = [name] if name else []
    # "International Organization for Migration (IOM)": a name and its acronym in one.
    written = re.fullmatch(r"(.+?)\s*\(([^()]{2,30})\)", name)
    if written:
        names.insert(0, written.group(1).strip())
        acronym = acronym or written.group(2).strip()
    for candidate in (acronym, *names):
        if candidate:
            found = Organisation.objects.filter(acronym__iexact=candidate).first()
            if found:
                return found
    for candidate in names:
        found = Organisation.objects.filter(
            Q(name_en__iexact=candidate) | Q(name_fr__iexact=candidate)
        ).first()
        if found:
            return found
    return None


def match_person(name: str | None) -> Person | None:
    wanted = normalise_name(name or "")
    if not wanted:
        return None
    last = wanted.split()[-1]
    for person in Person.objects.filter(name__icontains=last[:40]).order_by("pk"):
        if normalise_name(person.name) == wanted:
            return person
    # The stored name may carry accents the proposal lacks: compare every row as a fallback.
    for person in Person.objects.only("pk", "name").order_by("pk").iterator():
        if normalise_name(person.name) == wanted:
            return Person.objects.get(pk=person.pk)
    return None


PROCESS_NAMES = {
    "rabat": _lazy("Rabat Process"),
    "khartoum": _lazy("Khartoum Process"),
    "prague": _lazy("Prague Process"),
    "niamey": _lazy("Niamey process"),
}
RABAT = "rabat"


def process_name(slug: str):
    return PROCESS_NAMES.get(slug) or slug.replace("-", " ").title()


def processes_of(meeting: dict | None) -> list[str]:
    """The dialogues a proposed meeting belongs to; a proposal that does not say (older
    extractions) is a Rabat Process meeting."""
    found = [str(p).strip().lower() for p in (meeting or {}).get("processes") or [] if p]
    return list(dict.fromkeys(found)) or [RABAT]


def is_rabat_meeting(meeting: dict | None) -> bool:
    return bool(meeting) and RABAT in processes_of(meeting)


def _partial_date(value) -> tuple[datetime.date | None, str]:
    """``"2021-11-17"`` → (that day, "day"); ``"2021-11"`` → (1 Nov, "month"); ``"2021"`` →
    (1 Jan, "year")."""
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    text = str(value or "").strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return datetime.date(int(text), 1, 1), DatePrecision.YEAR
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return datetime.date(int(text[:4]), int(text[5:]), 1), DatePrecision.MONTH
    except ValueError:
        return None, DatePrecision.DAY
    return _date(text), DatePrecision.DAY


def _coarsest(*precisions: str) -> str:
    order = [DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR]
    return max((p for p in precisions if p in order), key=order.index, default=DatePrecision.DAY)


def meeting_dates(meeting: dict) -> tuple[datetime.date | None, datetime.date | None, str]:
    """``(start, end, precision)`` of a proposed meeting; the end defaults to the start."""
    start, p1 = _partial_date(meeting.get("start_date"))
    end, p2 = _partial_date(meeting.get("end_date"))
    precision = meeting.get("date_precision")
    if precision not in DatePrecision.values:
        precision = _coarsest(p1, p2 if end else p1)
    return start, end or start, precision


def _bounds(start: datetime.date, end: datetime.date, precision: str):
    """The days a date known to the day, month or year may cover."""
    if precision == DatePrecision.YEAR:
        return datetime.date(start.year, 1, 1), datetime.date(end.year, 12, 31)
    if precision == DatePrecision.MONTH:
        last = calendar.monthrange(end.year, end.month)[1]
        return start.replace(day=1), end.replace(day=last)
    return start, end


def _fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def _same_place(meeting: Meeting, city: str, country: Country | None) -> bool:
    """Same city or same country; a side that gives no place contradicts nothing."""
    cities = bool(city) and bool(meeting.city)
    countries = country is not None and meeting.country_id is not None
    if not (cities or countries):
        return True
    return (cities and _fold(city) == _fold(meeting.city)) or (
        countries and country.pk == meeting.country_id
    )


def match_meeting(meeting: dict) -> Meeting | None:
    """The existing meeting a proposal describes: same kind, overlapping dates (a date known
    only to the month or year covers that month or year), same place (city or country)."""
    start, end, precision = meeting_dates(meeting)
    if start is None or end < start:
        return None
    low, high = _bounds(start, end, precision)
    # Stored month- and year-precision dates are the first day of their period: look a year
    # around, then compare each candidate's own bounds.
    candidates = Meeting.objects.filter(
        start_date__lte=high, end_date__gte=low - datetime.timedelta(days=366)
    ).select_related("country")
    if meeting.get("kind"):
        candidates = candidates.filter(kind=meeting["kind"])
    city = (meeting.get("city") or "").strip()
    country = match_country(meeting.get("country"))
    found = []
    for candidate in candidates:
        c_low, c_high = _bounds(candidate.start_date, candidate.end_date, candidate.date_precision)
        if c_low <= high and low <= c_high and _same_place(candidate, city, country):
            same_city = bool(city) and _fold(city) == _fold(candidate.city)
            found.append(
                (
                    candidate.start_date != start,
                    not same_city,
                    abs((candidate.start_date - start).days),
                    candidate.pk,
                    candidate,
                )
            )
    return min(found, key=lambda row: row[:4])[-1] if found else None


def high_confidence_person(row: dict, match) -> bool:
    """A person the reviewer can keep without reading: already on record, or named with an
    organisation."""
    return match is not None or bool(
        (row.get("name") or "").strip() and (row.get("organisation") or "").strip()
    )


def high_confidence_organisation(row: dict, match) -> bool:
    """An organisation already on record, or given with both its name and its acronym."""
    return match is not None or bool(
        (row.get("name") or "").strip() and (row.get("acronym") or "").strip()
    )


def extraction_failure(document) -> IngestItem | None:
    """The document's latest ingest item when a step after reading failed on it."""
    item = IngestItem.objects.filter(document=document).order_by("-id").first()
    return item if item is not None and item.failed_step else None


def matches(data: dict) -> dict:
    """What each proposed name matches today, for the review form ("matched: X" or new)."""
    meeting = data.get("meeting") or None
    return {
        "meeting": match_meeting(meeting) if is_rabat_meeting(meeting) else None,
        "processes": processes_of(meeting) if meeting else [],
        "people": [match_person(p.get("name")) for p in data.get("people") or []],
        "organisations": [
            match_organisation(o.get("name"), o.get("acronym"))
            for o in data.get("organisations") or []
        ],
        "countries": {code: match_country(code) for code in data.get("countries") or []},
        "countries_mentioned": {
            code: match_country(code) for code in data.get("countries_mentioned") or []
        },
    }


# -- accepting -----------------------------------------------------------------------------


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _unique(model, base: str, field: str = "slug", length: int = 110) -> str:
    base = slugify(base)[:length].strip("-") or model._meta.model_name
    slug, n = base, 2
    while model.objects.filter(**{field: slug}).exists():
        slug = f"{base[: length - 4]}-{n}"
        n += 1
    return slug


def flatten_recommendations(items: list[dict]) -> list[dict]:
    """Nested ``sub_points`` become rows with ``parent`` set (the form's and the service's
    shape); rows that already name a parent stay as they are."""
    rows = []
    for item in items or []:
        row = {k: v for k, v in item.items() if k != "sub_points"}
        rows.append(row)
        for sub in item.get("sub_points") or []:
            if isinstance(sub, dict):
                rows.append({**sub, "parent": item.get("number")})
            elif isinstance(sub, str):
                rows.append({"number": "", "text": sub, "parent": item.get("number")})
    return rows


def draft_accept(*, draft: ExtractionDraft, data: dict, user, expected_version=None) -> dict:
    """Create or update the records ``data`` describes and mark the draft accepted.

    ``data`` is the extraction's schema as the reviewer corrected it. Besides the extraction's
    keys it may hold ``countries_mentioned`` (named only: linked to the document, never to the
    meeting's participation), ``framework_links`` (identifiers of framework items to link) and,
    in ``meeting``, ``processes`` (absent: the Rabat Process), ``merge_into`` (the pk of the
    existing meeting to add to) or ``new_meeting`` (true: create one even if a meeting
    matches). Without either, a matching meeting is merged into, never duplicated.

    Returns ``{"meeting", "merged", "created", "matched", "skipped"}``: ``skipped`` lists, as
    sentences, what could not be used (unknown countries, a meeting of another process...).
    Raises ``ValidationError`` (nothing saved) when the data cannot become records,
    ``PermissionDenied`` or ``workflows.locking.Conflict``.
    """
    errors: list[str] = []
    skipped: list[str] = []
    meeting_data = data.get("meeting") or None
    recommendations = flatten_recommendations(data.get("recommendations") or [])
    failure = extraction_failure(draft.document)
    if failure is not None and failure.failed_step == Step.EXTRACTION:
        errors.append(_("The extraction of this document failed: run it again before accepting."))
    rabat = is_rabat_meeting(meeting_data)
    target = None
    if meeting_data and not rabat:
        names = ", ".join(str(process_name(p)) for p in processes_of(meeting_data))
        skipped.append(
            _("This is a meeting of the %(processes)s: no Rabat Process meeting was created.")
            % {"processes": names}
        )
        if recommendations:
            skipped.append(
                ngettext(
                    "%(count)s conclusion was not recorded: it belongs to that meeting.",
                    "%(count)s conclusions were not recorded: they belong to that meeting.",
                    len(recommendations),
                )
                % {"count": len(recommendations)}
            )
            recommendations = []
    elif meeting_data:
        start, end, _precision = meeting_dates(meeting_data)
        if start is None:
            errors.append(_("The meeting needs a start date (YYYY-MM-DD)."))
        elif end < start:
            errors.append(_("The meeting cannot end before it starts."))
        if meeting_data.get("kind") not in MeetingKind.values:
            errors.append(_("Choose the kind of meeting."))
        if meeting_data.get("merge_into") and not meeting_data.get("new_meeting"):
            target = Meeting.objects.filter(pk=meeting_data["merge_into"]).first()
            if target is None:
                errors.append(_("The meeting to add to no longer exists: reload the page."))
    elif recommendations and draft.document.meeting_id is None:
        errors.append(_("Recommendations belong to a meeting: fill in the meeting first."))
    for row in recommendations:
        if not (row.get("text") or "").strip():
            errors.append(_("Every recommendation needs its text."))
            break
    if errors:
        raise ValidationError(errors)

    took_part = _countries(data.get("countries"), skipped)
    mentioned = [
        c for c in _countries(data.get("countries_mentioned"), skipped) if c not in took_part
    ]
    summary = {"meeting": None, "merged": None, "created": [], "matched": [], "skipped": skipped}
    with transaction.atomic():
        document = draft.document
        meeting = document.meeting if rabat or not meeting_data else None
        if meeting_data and rabat:
            meeting = _meeting_save(meeting_data, target, data, document, user, summary)
        organisations = {}
        for row in data.get("organisations") or []:
            organisation = _organisation_save(row, summary)
            if organisation:
                organisations[normalise_name(row.get("name") or row.get("acronym") or "")] = (
                    organisation
                )
        for order, row in enumerate(data.get("people") or []):
            person = _person_save(row, organisations, summary)
            role = _role(row.get("role"))
            # A person who already has this role at the meeting (in a session, say) is linked.
            if (
                person
                and meeting
                and not meeting.speakers.filter(person=person, role=role).exists()
            ):
                Speaker.objects.create(
                    meeting=meeting,
                    person=person,
                    role=role,
                    session=None,
                    title_at_meeting=(row.get("title") or "")[:400],
                    order=order,
                )
        document.countries.add(*took_part, *mentioned)
        if meeting:
            meeting.participating_countries.add(*took_part)
        items = _framework_items(data.get("framework_links"), skipped)
        document.framework_items.add(*items)
        if meeting:
            meeting.framework_items.add(*items)
        if meeting and recommendations:
            _recommendations_save(meeting, recommendations, document.language, summary)
        kind = data.get("document_kind")
        if kind in DocumentKind.values:
            document.kind = kind
        title = (data.get("title") or "").strip()
        if title:
            document.title_en = title[:400]
        if meeting is not None:
            document.meeting = meeting
        document_save(document=document)
        notes = list(skipped)
        if summary["merged"] is not None:
            notes.insert(
                0,
                _("Added to the existing meeting %(meeting)s.")
                % {"meeting": summary["merged"].slug},
            )
        review_workflow().perform(
            draft,
            "accept",
            user=user,
            expected_version=expected_version,
            reason=" ".join(notes),
            changes={
                "data": data,
                "reviewed_by": user,
                "reviewed_at": timezone.now(),
                "meeting": meeting,
            },
        )
        quoted_figures_from_draft(draft=draft, meeting=meeting)
    summary["meeting"] = meeting
    return summary


def _countries(values, skipped: list[str]) -> list[Country]:
    """The known countries among codes or names; the unknown ones are reported, not refused."""
    found: list[Country] = []
    for value in values or []:
        value = str(value or "").strip()
        if not value:
            continue
        country = match_country(value)
        if country is None:
            skipped.append(
                _("Unknown country %(code)s: not recorded (not in the reference data).")
                % {"code": value}
            )
        elif country not in found:
            found.append(country)
    return found


def _framework_items(uids, skipped: list[str]) -> list[FrameworkItem]:
    uids = [u for u in dict.fromkeys(uids or []) if u]
    items = list(FrameworkItem.objects.filter(uid__in=uids))
    missing = sorted(set(uids) - {item.uid for item in items})
    if missing:
        skipped.append(
            _("Unknown framework items, not linked: %(uids)s.") % {"uids": ", ".join(missing)}
        )
    return items


def draft_reject(*, draft: ExtractionDraft, user, reason: str = "", expected_version=None):
    return review_workflow().perform(
        draft,
        "reject",
        user=user,
        reason=reason,
        expected_version=expected_version,
        changes={"reviewed_by": user, "reviewed_at": timezone.now()},
    )


def _meeting_save(
    meeting_data: dict, target: Meeting | None, data: dict, document, user, summary
) -> Meeting:
    """Merge into ``target`` (or the meeting the proposal matches, unless a new one is asked
    for), else create the meeting."""
    start, end, precision = meeting_dates(meeting_data)
    country = match_country(meeting_data.get("country"))
    if meeting_data.get("country") and country is None:
        summary["skipped"].append(
            _("Unknown country of the meeting %(code)s: left empty.")
            % {"code": meeting_data["country"]}
        )
    city = (meeting_data.get("city") or "").strip()[:120]
    fmt = meeting_data.get("format")
    meeting = target
    if meeting is None and not meeting_data.get("new_meeting"):
        meeting = match_meeting(meeting_data)
    if meeting is not None:
        return _meeting_merge(meeting, city, country, fmt, document, user, summary)
    kind = meeting_data["kind"]
    title = (data.get("title") or "").strip() or f"{MeetingKind(kind).label} {city}".strip()
    meeting = Meeting(
        slug=_unique(Meeting, f"{start:%Y-%m} {city or kind}"),
        kind=kind,
        title_en=title[:400],
        start_date=start,
        end_date=end,
        date_precision=precision,
        city=city,
        country=country,
        format=fmt if fmt in MeetingFormat.values else MeetingFormat.UNKNOWN,
        source=f"Accepted from the extraction of {document.slug}",
    )
    meeting.full_clean()
    meeting._history_user = user
    meeting.save()
    summary["created"].append(meeting)
    return meeting


def _meeting_merge(meeting: Meeting, city, country, fmt, document, user, summary) -> Meeting:
    """Fill only the meeting's empty fields; its history says which document was added."""
    for field, value in (("city", city), ("country", country)):
        if value and not getattr(meeting, field):
            setattr(meeting, field, value)
    if fmt in MeetingFormat.values and meeting.format == MeetingFormat.UNKNOWN:
        meeting.format = fmt
    meeting.full_clean()
    meeting._history_user = user
    meeting._change_reason = f"Merged from the extraction of {document.slug}"[:100]
    meeting.save()
    summary["matched"].append(meeting)
    summary["merged"] = meeting
    return meeting


def _organisation_save(row: dict, summary) -> Organisation | None:
    name, acronym = (row.get("name") or "").strip(), (row.get("acronym") or "").strip()
    if not (name or acronym):
        return None
    found = match_organisation(name, acronym)
    if found:
        summary["matched"].append(found)
        return found
    organisation = Organisation(
        slug=_unique(Organisation, acronym or name, length=60),
        acronym=acronym[:30],
        name_en=(name or acronym)[:255],
        kind=OrganisationKind.OTHER,
        standing=Standing.OTHER,
    )
    organisation.full_clean()
    organisation.save()
    summary["created"].append(organisation)
    return organisation


def _person_save(row: dict, organisations: dict, summary) -> Person | None:
    name = (row.get("name") or "").strip()
    if not name:
        return None
    org_name = (row.get("organisation") or "").strip()
    organisation = organisations.get(normalise_name(org_name)) or match_organisation(org_name)
    country = match_country(row.get("country"))
    if row.get("country") and country is None:
        summary["skipped"].append(
            _("Unknown country %(code)s of %(name)s: left empty.")
            % {"code": row["country"], "name": name}
        )
    person = match_person(name)
    if person is not None:
        summary["matched"].append(person)
        changed = False
        for field, value in (
            ("title", (row.get("title") or "")[:400]),
            ("organisation", organisation),
            ("country", country),
        ):
            if value and not getattr(person, field):
                setattr(person, field, value)
                changed = True
        if changed:
            person.save()
        return person
    person = Person(
        name=name[:200],
        title=(row.get("title") or "")[:400],
        organisation=organisation,
        organisation_name="" if organisation else org_name[:255],
        country=country,
    )
    person.full_clean()
    person.save()
    summary["created"].append(person)
    return person


def _role(value) -> str:
    value = (value or "").strip().lower().replace("_", "-").replace(" ", "-")
    aliases = {"cochair": "co-chair", "co-chairs": "co-chair", "president": "chair"}
    value = aliases.get(value, value)
    return value if value in SpeakerRole.values else SpeakerRole.PARTICIPANT


def _recommendations_save(meeting, rows: list[dict], language: str, summary) -> None:
    tops: dict[str, Recommendation] = {}
    order = meeting.recommendations.count()
    for row in rows:
        if row.get("parent"):
            continue
        order += 1
        number = str(row.get("number") or order)[:12]
        recommendation, created = _recommendation_upsert(
            meeting, None, number, row, order, language
        )
        tops[number] = recommendation
        summary["created" if created else "matched"].append(recommendation)
    for row in rows:
        parent_number = str(row.get("parent") or "")
        if not parent_number:
            continue
        parent = (
            tops.get(parent_number)
            or meeting.recommendations.filter(parent__isnull=True, number=parent_number).first()
        )
        if parent is None:
            raise ValidationError(
                _("Sub-point of an unknown point %(number)s.") % {"number": parent_number}
            )
        order += 1
        siblings = parent.subpoints.count()
        number = str(row.get("number") or chr(97 + siblings % 26))[:12]
        recommendation, created = _recommendation_upsert(
            meeting, parent, number, row, order, language
        )
        summary["created" if created else "matched"].append(recommendation)


def _text_key(text: str | None) -> str:
    """The words of a text, for comparing two copies of the same point."""
    return " ".join(re.findall(r"\w+", _fold(text)))


def _recommendation_existing(meeting, parent, number: str, text: str):
    """``(point, ours)``: the meeting's point this row is, if any. The same words anywhere
    among its siblings; else the point an earlier acceptance numbered so (``ours``: it may be
    corrected); else the only point of that number read by hand (kept as it is)."""
    siblings = list(Recommendation.objects.filter(meeting=meeting, parent=parent))
    key = _text_key(text)
    for point in siblings:
        if key and key in (_text_key(point.text_en), _text_key(point.text_fr)):
            return point, False
    numbered = [p for p in siblings if p.number == number]
    for point in numbered:
        if parent is not None or not point.source_section:
            return point, True
    return (numbered[0], False) if len(numbered) == 1 else (None, False)


def _recommendation_upsert(meeting, parent, number, row, order, language):
    """``(recommendation, created)``: a point the meeting already has is linked, not created
    again; only a point an earlier acceptance created gets its text corrected."""
    text = row["text"].strip()
    existing, ours = _recommendation_existing(meeting, parent, number, text)
    recommendation = existing or Recommendation(
        meeting=meeting, parent=parent, number=number, order=order
    )
    if existing is None or ours:
        recommendation.text_en = text
        if language == "fr":
            recommendation.text_fr = text
        recommendation.full_clean()
        recommendation.save()
    uids = [u for u in row.get("framework_items") or [] if u]
    if uids:
        recommendation.framework_items.add(*FrameworkItem.objects.filter(uid__in=uids))
    return recommendation, existing is None
