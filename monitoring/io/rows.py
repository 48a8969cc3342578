"""The flat row of an initiative: the one format of CSV, XLSX and JSON files, both ways.

Every importer (CSV, XLSX, IATI XML) turns its input into these rows; ``import_rows`` validates
and stages every row first (reads only), then writes all of them or nothing, in short
transactions (``_write``). ``initiative_to_row``
writes the same columns, so an exported file imports back to the same records.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.models import Visibility

from ..choices import InitiativeKind, InitiativeStatus, OrganisationRole, RecordState
from ..models import Initiative, InitiativeCountry, InitiativeOrganisation, Result, Source

COLUMNS = (
    "uid", "country", "kind", "status", "visibility", "title_en", "title_fr",
    "description_en", "description_fr", "budget", "currency", "start_date", "end_date",
    "framework_items", "countries", "organisations", "results", "sources",
)  # fmt: skip
REQUIRED = ("country", "kind", "status", "title_en")
UID_RE = re.compile(r"^INI-\d{6,}$")
MAX_ROWS = 20_000


class ImportFailed(Exception):
    """The file was refused; ``errors`` lists every problem ("row 12: budget: not a number")."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors[:5]))
        self.errors = errors


def _fmt_decimal(value) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
    return text


def initiative_to_row(ini: Initiative) -> dict:
    """The flat row of one initiative: read them with ``Initiative.objects.for_list(user)``
    (a few queries, and only the sources ``user`` may see)."""
    return {
        "uid": ini.uid,
        "country": ini.country.iso2,
        "kind": ini.kind,
        "status": ini.status,
        "visibility": ini.visibility,
        "title_en": ini.title_en,
        "title_fr": ini.title_fr,
        "description_en": ini.description_en,
        "description_fr": ini.description_fr,
        "budget": _fmt_decimal(ini.budget),
        "currency": ini.currency,
        "start_date": ini.start_date.isoformat() if ini.start_date else "",
        "end_date": ini.end_date.isoformat() if ini.end_date else "",
        "framework_items": "; ".join(sorted(i.uid for i in ini.framework_items.all())),
        "countries": "; ".join(
            f"{c.country.iso2}:{_fmt_decimal(c.share)}" if c.share is not None else c.country.iso2
            for c in ini.countries.all()
        ),
        "organisations": "; ".join(f"{o.role}: {o.label}" for o in ini.organisations.all()),
        "results": "\n".join(
            " | ".join(
                [r.indicator, r.unit, *(_fmt_decimal(v) for v in (r.baseline, r.target, r.actual))]
            )
            for r in ini.results.all()
        ),
        "sources": "\n".join(
            s.url or (f"document:{s.document.slug}" if s.document_id else s.text)
            for s in ini.sources.all()
        ),
    }


# -- parsing -------------------------------------------------------------------------------
@dataclass
class Parsed:
    line: int
    fields: dict
    uid: str = ""
    framework_items: list = field(default_factory=list)
    countries: list = field(default_factory=list)  # (Country, share)
    organisations: list = field(default_factory=list)  # (role, Organisation|None, name)
    results: list = field(default_factory=list)
    sources: list = field(default_factory=list)  # (url, Document|None, text)
    existing: Initiative | None = None  # the record the row updates
    read_version: int = 0  # its version when the row was checked
    record: Initiative | None = None  # what the row writes (``_stage``)


class _Lookups:
    """Reference data read once per import (countries, items, organisations, documents)."""

    def __init__(self):
        from documents.models import Document
        from frameworks.models import FrameworkItem
        from partners.models import Country, Organisation

        self.countries = {c.iso2.upper(): c for c in Country.objects.all()}
        self.items = {i.uid: i for i in FrameworkItem.objects.all()}
        self.organisations = {}
        for org in Organisation.objects.all():
            for key in (org.name_en, org.acronym, org.slug):
                if key:
                    self.organisations.setdefault(key.casefold(), org)
        self.document_model = Document

    def document(self, slug):
        return self.document_model.objects.filter(slug=slug).first()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value, errors, name):
    text = _text(value).replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        errors.append(f"{name}: " + _("not a number"))
        return None
    if not number.is_finite():
        errors.append(f"{name}: " + _("not a number"))
        return None
    return number


def _date(value, errors, name):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        errors.append(f"{name}: " + _("not a date (YYYY-MM-DD)"))
        return None


def _choice(value, choices, errors, name, default=None):
    text = _text(value).lower()
    if not text and default is not None:
        return default
    if text not in choices.values:
        errors.append(
            f"{name}: "
            + _("“%(value)s” is not one of %(choices)s")
            % {"value": _text(value), "choices": ", ".join(choices.values)}
        )
        return None
    return text


def _split(value, sep=";"):
    return [part.strip() for part in _text(value).split(sep) if part.strip()]


def parse_row(raw: dict, line: int, lookups: _Lookups) -> tuple[Parsed, list[str]]:
    errors: list[str] = []
    for name in REQUIRED:
        if not _text(raw.get(name)):
            errors.append(f"{name}: " + _("required"))
    fields = {
        "kind": _choice(raw.get("kind"), InitiativeKind, errors, "kind")
        if _text(raw.get("kind"))
        else None,
        "status": _choice(raw.get("status"), InitiativeStatus, errors, "status")
        if _text(raw.get("status"))
        else None,
        "visibility": _choice(
            raw.get("visibility"), Visibility, errors, "visibility", default=Visibility.PUBLIC
        ),
        "title_en": _text(raw.get("title_en")),
        "title_fr": _text(raw.get("title_fr")),
        "description_en": _text(raw.get("description_en")),
        "description_fr": _text(raw.get("description_fr")),
        "budget": _decimal(raw.get("budget"), errors, "budget"),
        "currency": _text(raw.get("currency")).upper(),
        "start_date": _date(raw.get("start_date"), errors, "start_date"),
        "end_date": _date(raw.get("end_date"), errors, "end_date"),
    }
    country_code = _text(raw.get("country")).upper()
    if country_code:
        fields["country"] = lookups.countries.get(country_code)
        if fields["country"] is None:
            errors.append("country: " + _("unknown country “%(code)s”") % {"code": country_code})
    parsed = Parsed(line=line, fields=fields, uid=_text(raw.get("uid")).upper())
    if parsed.uid and not UID_RE.match(parsed.uid):
        errors.append("uid: " + _("not an identifier like INI-000123"))
    for uid in _split(raw.get("framework_items")):
        item = lookups.items.get(uid)
        if item is None:
            errors.append(
                "framework_items: " + _("unknown framework item “%(uid)s”") % {"uid": uid}
            )
        else:
            parsed.framework_items.append(item)
    total = Decimal(0)
    seen = set()
    for part in _split(raw.get("countries")):
        code, _sep, share_text = part.partition(":")
        country = lookups.countries.get(code.strip().upper())
        if country is None:
            errors.append("countries: " + _("unknown country “%(code)s”") % {"code": code})
            continue
        if country.iso2 in seen:
            errors.append("countries: " + _("“%(code)s” is repeated") % {"code": code})
            continue
        seen.add(country.iso2)
        share = _decimal(share_text, errors, "countries") if share_text.strip() else None
        if share is not None:
            if not 0 <= share <= 100:
                errors.append("countries: " + _("a share is a percentage from 0 to 100"))
            total += share
        parsed.countries.append((country, share))
    if total > 100:
        errors.append("countries: " + _("the shares add up to more than 100%"))
    for part in _split(raw.get("organisations")):
        role, sep, name = part.partition(":")
        role = role.strip().lower()
        if not sep or role not in OrganisationRole.values:
            errors.append(
                "organisations: "
                + _("write “role: name” with a role among %(roles)s")
                % {"roles": ", ".join(OrganisationRole.values)}
            )
            continue
        name = name.strip()
        org = lookups.organisations.get(name.casefold())
        parsed.organisations.append((role, org, "" if org else name[:255]))
    for line_text in _split(raw.get("results"), "\n"):
        parts = [p.strip() for p in line_text.split("|")]
        parts += [""] * (5 - len(parts))
        if len(parts) > 5 or not parts[0]:
            errors.append("results: " + _("write “indicator | unit | baseline | target | actual”"))
            continue
        values = [_decimal(v, errors, "results") for v in parts[2:5]]
        parsed.results.append((parts[0][:300], parts[1][:60], *values))
    for line_text in _split(raw.get("sources"), "\n"):
        if line_text.startswith(("http://", "https://")):
            parsed.sources.append((line_text[:500], None, ""))
        elif line_text.startswith("document:"):
            document = lookups.document(line_text.removeprefix("document:").strip())
            if document is None:
                errors.append("sources: " + _("unknown document “%(ref)s”") % {"ref": line_text})
            else:
                parsed.sources.append(("", document, ""))
        else:
            parsed.sources.append(("", None, line_text[:500]))
    erroneous = {error.split(":", 1)[0] for error in errors}
    candidate = Initiative(**{k: v for k, v in fields.items() if v is not None})
    exclude = {"uid", "submission", "framework_items", "record_state", "country", *erroneous}
    exclude |= {k for k, v in fields.items() if v is None and k in ("kind", "status")}
    try:
        candidate.full_clean(exclude=sorted(exclude), validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name in erroneous:
                continue
            for message in messages:
                errors.append(f"{name}: {message}")
    return parsed, errors


def import_rows(rows: list[dict], *, by, submission=None, first_line: int = 2) -> list[Initiative]:
    """Check and stage every row, then create or update all of them, or none (``_write``).

    Without ``submission`` (the Secretariat only) rows become validated records: a row whose
    ``uid`` names a validated record updates it. With ``submission`` rows become drafts of
    that submission (a focal point's own country only). Raises ``ImportFailed`` with every
    row's errors, and then nothing is written.

    Reading, checking and building the records (``_stage``) only reads the database; the
    records wait in memory. Then ``_write`` writes them in short transactions of bulk queries
    (on SQLite each is a short hold of the database's write lock, docs/monitoring.md), so
    sign-ins and other writers wait a moment instead of failing. If a record the file names
    changed in between, nothing is kept and the import is refused.
    """
    if by is not None:
        _may_write_into(by, submission)
    if not rows:
        raise ImportFailed([_("The file has no rows.")])
    if len(rows) > MAX_ROWS:
        raise ImportFailed([_("At most %(n)s rows per file.") % {"n": MAX_ROWS}])
    lookups = _Lookups()
    checked = [parse_row(raw, first_line + index, lookups) for index, raw in enumerate(rows)]
    found = _existing({parsed.uid for parsed, _errors in checked if parsed.uid}, submission)
    parsed_rows, problems = [], []
    uids_seen: set[str] = set()
    for parsed, errors in checked:
        if parsed.uid:
            if parsed.uid in uids_seen:
                errors.append("uid: " + _("repeated in the file"))
            uids_seen.add(parsed.uid)
            parsed.existing, error = found[parsed.uid]
            if error:
                errors.append(error)
        if submission is not None and parsed.fields.get("country") not in (
            None,
            submission.country,
        ):
            errors.append(
                "country: "
                + _("this submission is for %(country)s") % {"country": submission.country.iso2}
            )
        if not errors:
            errors = _stage(parsed, submission)
        problems += [
            _("row %(line)s: %(error)s") % {"line": parsed.line, "error": e} for e in errors
        ]
        parsed_rows.append(parsed)
    if problems:
        raise ImportFailed(problems)
    return _write(parsed_rows, found, by=by, submission=submission)


def _may_write_into(by, submission) -> None:
    """The write service's rule for new initiatives (``InitiativeWrites``): validated records
    outside a round are the Secretariat's; drafts go into an open submission of one's own
    country. Refused with its message."""
    from workflows.writes import writes_for

    service = writes_for(Initiative)
    country = submission.country if submission is not None else None
    try:
        service.may_create(by, {"submission": submission, "country": country})
        service.target(by=by, country_id=getattr(country, "pk", None), submission=submission)
    except (PermissionDenied, ValidationError) as error:
        raise ImportFailed(
            list(error.messages) if isinstance(error, ValidationError) else [str(error)]
        ) from error


def _changed_meanwhile() -> ImportFailed:
    return ImportFailed(
        [
            _(
                "Records named in the file changed while it was being checked; nothing was "
                "imported. Import the file again."
            )
        ]
    )


BATCH = 500
UPDATED_FIELDS = (
    "country", "kind", "status", "visibility", "title_en", "title_fr", "description_en",
    "description_fr", "budget", "currency", "start_date", "end_date", "start_year", "version",
    "updated_at",
)  # fmt: skip


def _existing(
    uids: set[str], submission, *, lock: bool = False
) -> dict[str, tuple[Initiative | None, str | None]]:
    """``{uid: (record the row updates or None, error or None)}`` for the file's identifiers,
    read in a few queries (``lock``: their rows locked until the end of the transaction, on
    PostgreSQL; SQLite's writer holds the whole database)."""
    records: dict[str, list[Initiative]] = {uid: [] for uid in uids}
    ordered = sorted(uids)
    queryset = Initiative.objects.select_for_update() if lock else Initiative.objects.all()
    for start in range(0, len(ordered), BATCH):
        for ini in queryset.filter(uid__in=ordered[start : start + BATCH]).order_by("pk"):
            records[ini.uid].append(ini)
    found = {}
    for uid, same in records.items():
        if submission is not None:
            if any(ini.country_id != submission.country_id for ini in same):
                found[uid] = (None, "uid: " + _("belongs to another country’s initiative"))
            else:
                mine = [ini for ini in same if ini.submission_id == submission.pk]
                found[uid] = (mine[0] if mine else None, None)
            continue
        validated = [ini for ini in same if ini.record_state == RecordState.VALIDATED]
        if validated:
            found[uid] = (validated[0], None)
        elif same:
            found[uid] = (
                None,
                "uid: " + _("only a draft has this identifier; validate its round first"),
            )
        else:
            found[uid] = (None, None)
    return found


def _stage(parsed: Parsed, submission) -> list[str]:
    """Build the record a valid row writes (``parsed.record``), checked as a save would check
    it; the errors of the checks, if any."""
    if parsed.existing is not None:
        ini = parsed.existing
        for name, value in parsed.fields.items():
            setattr(ini, name, value)
        parsed.read_version = ini.version
        ini.version += 1
        exclude = ["framework_items"]
    else:
        ini = Initiative(
            uid=parsed.uid,
            submission=submission,
            record_state=RecordState.DRAFT if submission else RecordState.VALIDATED,
            **parsed.fields,
        )
        exclude = ["framework_items", "uid"]
    try:
        ini.full_clean(exclude=exclude)
    except ValidationError as error:
        return [
            message if name == NON_FIELD_ERRORS else f"{name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    ini.start_year = ini.start_date.year if ini.start_date else None  # as Initiative.save
    parsed.record = ini
    return []


def _check_unchanged(parsed_rows: list[Parsed], found: dict, submission) -> None:
    """Inside the writing transaction: the records the rows update, and those their
    identifiers name, are still as they were when the rows were checked."""
    again = _existing(set(found), submission, lock=True)
    for uid, (existing, error) in found.items():
        now_existing, now_error = again[uid]
        if now_error != error or getattr(now_existing, "pk", None) != getattr(existing, "pk", None):
            raise _changed_meanwhile()
    for parsed in parsed_rows:
        if parsed.existing is not None and again[parsed.uid][0].version != parsed.read_version:
            raise _changed_meanwhile()


def _write(parsed_rows: list[Parsed], found: dict, *, by, submission) -> list[Initiative]:
    """Write the staged records, all or nothing, holding the write lock only briefly.

    1. The new records are written ``BATCH`` at a time, each batch in its own short
       transaction, as ``RecordState.IMPORTING``: the default manager hides them, so no page,
       file or figure shows a half-written import.
    2. One short transaction checks that the records the file names are unchanged, writes the
       updated records, turns every new record into a draft or a validated record with one
       query per batch, and notes them in a ``CoverageBacklog``.
    3. The dashboard's figures are recomputed in short transactions (``coverage.drain``).

    If a step fails, the new records are deleted (``_discard``) and the error goes on; records
    of an import whose process stopped are deleted by the next import (``discard_abandoned``).
    """
    from django.utils import timezone

    from .. import coverage

    discard_abandoned()
    coverage.drain()  # what a stopped import left
    now = timezone.now()
    user = by if getattr(by, "is_authenticated", False) else None
    created = [parsed for parsed in parsed_rows if parsed.existing is None]
    target = RecordState.DRAFT if submission is not None else RecordState.VALIDATED
    staged: list[int] = []
    try:
        for start in range(0, len(created), BATCH):
            with transaction.atomic():
                staged += _write_new(created[start : start + BATCH], user=user, now=now)
        with transaction.atomic():
            _check_unchanged(parsed_rows, found, submission)
            _write_updates(
                [parsed for parsed in parsed_rows if parsed.existing is not None],
                user=user,
                now=now,
            )
            _publish(staged, target)
    except IntegrityError as error:  # a record written meanwhile took an identifier
        _discard(staged)
        raise _changed_meanwhile() from error
    except BaseException:
        _discard(staged)
        raise
    coverage.drain()
    return [parsed.record for parsed in parsed_rows]


def _children(parsed_rows: list[Parsed]) -> list[tuple[type, list]]:
    """The rows attached to the rows' records (their primary keys are set)."""
    Through = Initiative.framework_items.through
    links, countries, organisations, results, sources = [], [], [], [], []
    for parsed in parsed_rows:
        pk = parsed.record.pk
        item_ids = dict.fromkeys(item.pk for item in parsed.framework_items)
        links += [Through(initiative_id=pk, frameworkitem_id=item) for item in item_ids]
        countries += [
            InitiativeCountry(initiative_id=pk, country=c, share=s) for c, s in parsed.countries
        ]
        organisations += [
            InitiativeOrganisation(initiative_id=pk, role=r, organisation=o, name=n, order=i)
            for i, (r, o, n) in enumerate(parsed.organisations)
        ]
        results += [
            Result(initiative_id=pk, indicator=n, unit=u, baseline=b, target=t, actual=a, order=i)
            for i, (n, u, b, t, a) in enumerate(parsed.results)
        ]
        sources += [
            Source(initiative_id=pk, url=u, document=d, text=t, order=i)
            for i, (u, d, t) in enumerate(parsed.sources)
        ]
    return [
        (Through, links),
        (InitiativeCountry, countries),
        (InitiativeOrganisation, organisations),
        (Result, results),
        (Source, sources),
    ]


def _write_new(parsed_rows: list[Parsed], *, user, now) -> list[int]:
    """Insert one batch of new records as ``IMPORTING``, with everything attached to them and
    their history (which records the state they will have); their primary keys."""
    records = [parsed.record for parsed in parsed_rows]
    states = [ini.record_state for ini in records]
    for ini in records:
        ini.record_state = RecordState.IMPORTING
    # A new record's identifier comes from its primary key (as ``Initiative.save``); until
    # then each gets a unique placeholder: two records of a submission may not share one.
    unnamed = [ini for ini in records if not ini.uid]
    placeholder = uuid.uuid4().hex[:12]
    for index, ini in enumerate(unnamed):
        ini.uid = f"~{placeholder}{index:07d}"
    Initiative.objects.bulk_create(records, batch_size=BATCH)
    for ini in unnamed:
        ini.uid = f"INI-{ini.pk:06d}"
    Initiative._base_manager.bulk_update(unnamed, ["uid"], batch_size=BATCH)
    for model, objs in _children(parsed_rows):
        model.objects.bulk_create(objs, batch_size=BATCH)
    for ini, state in zip(records, states, strict=True):
        ini.record_state = state
    Initiative.history.bulk_history_create(
        records, default_user=user, default_date=now, batch_size=BATCH
    )
    return [ini.pk for ini in records]


def _write_updates(parsed_rows: list[Parsed], *, user, now) -> None:
    """Write the records the rows update; the rows attached to them are replaced by the
    file's. Raw deletes: a collector would fetch them and signal each one; the figures are
    recomputed afterwards (``coverage.drain``)."""
    if not parsed_rows:
        return
    using = transaction.get_connection().alias
    updated = [parsed.record for parsed in parsed_rows]
    for ini in updated:
        ini.updated_at = now
    Initiative.objects.bulk_update(updated, UPDATED_FIELDS, batch_size=BATCH)
    ids = [ini.pk for ini in updated]
    for model, _objs in _children([]):
        for start in range(0, len(ids), BATCH):
            model.objects.filter(initiative_id__in=ids[start : start + BATCH])._raw_delete(using)
    for model, objs in _children(parsed_rows):
        model.objects.bulk_create(objs, batch_size=BATCH)
    Initiative.history.bulk_history_create(
        updated, update=True, default_user=user, default_date=now, batch_size=BATCH
    )
    _backlog(ids)


def _publish(staged: list[int], target: str) -> None:
    """Turn the new records into drafts or validated records (one query per batch); a record
    deleted meanwhile (``discard_abandoned``) refuses the import."""
    from core.cache import bump_content_version

    for start in range(0, len(staged), BATCH):
        batch = staged[start : start + BATCH]
        moved = Initiative._base_manager.filter(
            pk__in=batch, record_state=RecordState.IMPORTING
        ).update(record_state=target)
        if moved != len(batch):
            raise _changed_meanwhile()
    _backlog(staged)
    # Bulk writes send no model signal: what the receivers would have done (the dashboard's
    # figures follow in ``coverage.drain``).
    bump_content_version()


def _backlog(ids: list[int]) -> None:
    from ..models import CoverageBacklog

    if ids:
        CoverageBacklog.objects.create(initiative_ids=ids)


def _discard(ids: list[int]) -> None:
    """Delete records an import left as ``IMPORTING``, with what is attached to them and
    their history, ``BATCH`` at a time in short transactions."""
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        with transaction.atomic():
            using = transaction.get_connection().alias
            batch = list(
                Initiative._base_manager.filter(
                    pk__in=batch, record_state=RecordState.IMPORTING
                ).values_list("pk", flat=True)
            )
            for model, _objs in _children([]):
                model.objects.filter(initiative_id__in=batch)._raw_delete(using)
            Initiative.history.filter(id__in=batch).delete()
            Initiative._base_manager.filter(pk__in=batch)._raw_delete(using)


ABANDONED_AFTER = datetime.timedelta(hours=6)


def discard_abandoned() -> int:
    """Delete the records of imports that stopped before the end (their process was killed):
    ``IMPORTING`` records older than ``ABANDONED_AFTER``; how many."""
    from django.utils import timezone

    ids = list(
        Initiative._base_manager.filter(
            record_state=RecordState.IMPORTING,
            created_at__lt=timezone.now() - ABANDONED_AFTER,
        ).values_list("pk", flat=True)
    )
    _discard(ids)
    return len(ids)
