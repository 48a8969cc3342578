"""Reviewing an extraction draft: matching its names to the Dialogue's records, and accepting
it into Meeting, Person, Speaker and Recommendation records in one transaction.

Matching never duplicates: countries by ISO code (or name), organisations by acronym or name,
people by their normalised name (accents, case, honorifics and punctuation ignored).
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from documents.choices import DocumentKind
from documents.services import document_save
from frameworks.models import FrameworkItem
from meetings.choices import MeetingFormat, MeetingKind, SpeakerRole
from meetings.models import Meeting, Recommendation, Speaker
from partners.choices import OrganisationKind, Standing
from partners.models import Country, Organisation, Person

from .models import ExtractionDraft, review_workflow

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
    for candidate in (acronym, name):
        if candidate:
            found = Organisation.objects.filter(acronym__iexact=candidate).first()
            if found:
                return found
    if name:
        return Organisation.objects.filter(
            Q(name_en__iexact=name) | Q(name_fr__iexact=name)
        ).first()
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


def match_meeting(meeting: dict) -> Meeting | None:
    start = _date(meeting.get("start_date"))
    if start is None:
        return None
    candidates = Meeting.objects.filter(start_date=start)
    if meeting.get("kind"):
        candidates = candidates.filter(kind=meeting["kind"])
    city = (meeting.get("city") or "").strip()
    if city and candidates.filter(city__iexact=city).exists():
        candidates = candidates.filter(city__iexact=city)
    return candidates.order_by("pk").first()


def matches(data: dict) -> dict:
    """What each proposed name matches today, for the review form ("matched: X" or new)."""
    meeting = data.get("meeting") or None
    return {
        "meeting": match_meeting(meeting) if meeting else None,
        "people": [match_person(p.get("name")) for p in data.get("people") or []],
        "organisations": [
            match_organisation(o.get("name"), o.get("acronym"))
            for o in data.get("organisations") or []
        ],
        "countries": {code: match_country(code) for code in data.get("countries") or []},
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

    Returns what was created or matched. Raises ``ValidationError`` (nothing saved) when the
    data cannot become records, ``PermissionDenied`` or ``workflows.locking.Conflict``.
    """
    errors: list[str] = []
    meeting_data = data.get("meeting") or None
    recommendations = flatten_recommendations(data.get("recommendations") or [])
    if meeting_data:
        start, end = _date(meeting_data.get("start_date")), _date(meeting_data.get("end_date"))
        end = end or start
        if start is None:
            errors.append(_("The meeting needs a start date (YYYY-MM-DD)."))
        elif end < start:
            errors.append(_("The meeting cannot end before it starts."))
        if meeting_data.get("kind") not in MeetingKind.values:
            errors.append(_("Choose the kind of meeting."))
    elif recommendations and draft.document.meeting_id is None:
        errors.append(_("Recommendations belong to a meeting: fill in the meeting first."))
    codes = [c for c in data.get("countries") or [] if c]
    countries = {code: match_country(code) for code in codes}
    unknown = [code for code, country in countries.items() if country is None]
    if unknown:
        errors.append(_("Unknown countries: %(codes)s.") % {"codes": ", ".join(unknown)})
    if meeting_data and meeting_data.get("country") and not match_country(meeting_data["country"]):
        errors.append(
            _("Unknown country of the meeting: %(code)s.") % {"code": meeting_data["country"]}
        )
    for row in recommendations:
        if not (row.get("text") or "").strip():
            errors.append(_("Every recommendation needs its text."))
            break
    if errors:
        raise ValidationError(errors)

    summary = {"meeting": None, "created": [], "matched": []}
    with transaction.atomic():
        document = draft.document
        meeting = document.meeting
        if meeting_data:
            meeting = _meeting_save(meeting_data, data, document, summary)
        organisations = {}
        for row in data.get("organisations") or []:
            organisation = _organisation_save(row, summary)
            if organisation:
                organisations[normalise_name(row.get("name") or row.get("acronym") or "")] = (
                    organisation
                )
        for order, row in enumerate(data.get("people") or []):
            person = _person_save(row, organisations, summary)
            if person and meeting:
                role = _role(row.get("role"))
                Speaker.objects.get_or_create(
                    meeting=meeting,
                    person=person,
                    role=role,
                    session=None,
                    defaults={"title_at_meeting": (row.get("title") or "")[:400], "order": order},
                )
        for country in countries.values():
            document.countries.add(country)
            if meeting:
                meeting.participating_countries.add(country)
        if meeting and recommendations:
            _recommendations_save(meeting, recommendations, document.language, summary)
        kind = data.get("document_kind")
        if kind in DocumentKind.values:
            document.kind = kind
        title = (data.get("title") or "").strip()
        if title:
            document.title_en = title[:400]
        document.meeting = meeting
        document_save(document=document)
        review_workflow().perform(
            draft,
            "accept",
            user=user,
            expected_version=expected_version,
            changes={
                "data": data,
                "reviewed_by": user,
                "reviewed_at": timezone.now(),
                "meeting": meeting,
            },
        )
    summary["meeting"] = meeting
    return summary


def draft_reject(*, draft: ExtractionDraft, user, reason: str = "", expected_version=None):
    return review_workflow().perform(
        draft,
        "reject",
        user=user,
        reason=reason,
        expected_version=expected_version,
        changes={"reviewed_by": user, "reviewed_at": timezone.now()},
    )


def _meeting_save(meeting_data: dict, data: dict, document, summary) -> Meeting:
    start = _date(meeting_data.get("start_date"))
    end = _date(meeting_data.get("end_date")) or start
    country = match_country(meeting_data.get("country"))
    city = (meeting_data.get("city") or "").strip()[:120]
    fmt = meeting_data.get("format")
    meeting = match_meeting(meeting_data)
    if meeting is not None:
        summary["matched"].append(meeting)
        changed = False
        for field, value in (("city", city), ("country", country)):
            if value and not getattr(meeting, field):
                setattr(meeting, field, value)
                changed = True
        if fmt in MeetingFormat.values and meeting.format == MeetingFormat.UNKNOWN:
            meeting.format, changed = fmt, True
        if changed:
            meeting.full_clean()
            meeting.save()
        return meeting
    kind = meeting_data["kind"]
    title = (data.get("title") or "").strip() or f"{MeetingKind(kind).label} {city}".strip()
    meeting = Meeting(
        slug=_unique(Meeting, f"{start:%Y-%m} {city or kind}"),
        kind=kind,
        title_en=title[:400],
        start_date=start,
        end_date=end,
        city=city,
        country=country,
        format=fmt if fmt in MeetingFormat.values else MeetingFormat.UNKNOWN,
        source=f"Accepted from the extraction of {document.slug}",
    )
    meeting.full_clean()
    meeting.save()
    summary["created"].append(meeting)
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
    organisation = organisations.get(normalise_name(org_name)) or match_organisation(
        org_name, org_name
    )
    country = match_country(row.get("country"))
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


def _recommendation_upsert(meeting, parent, number, row, order, language):
    """``(recommendation, created)``: an existing point of the same number is updated."""
    text = row["text"].strip()
    existing = Recommendation.objects.filter(
        meeting=meeting,
        parent=parent,
        number=number,
        **({"source_section": ""} if not parent else {}),
    ).first()
    recommendation = existing or Recommendation(
        meeting=meeting, parent=parent, number=number, order=order
    )
    recommendation.text_en = text
    if language == "fr":
        recommendation.text_fr = text
    recommendation.full_clean()
    recommendation.save()
    uids = [u for u in row.get("framework_items") or [] if u]
    if uids:
        recommendation.framework_items.add(*FrameworkItem.objects.filter(uid__in=uids))
    return recommendation, existing is None
