"""The flat row of an initiative: the one format of CSV, XLSX and JSON files, both ways.

Every importer (CSV, XLSX, IATI XML) turns its input into these rows; ``import_rows`` validates
every row first and writes all of them in one transaction, or nothing. ``initiative_to_row``
writes the same columns, so an exported file imports back to the same records.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import Visibility
from core.roles import roles_of

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
    existing: Initiative | None = None


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
    """Validate every row, then create or update all of them in one transaction.

    Without ``submission`` (the Secretariat only) rows become validated records: a row whose
    ``uid`` names a validated record updates it. With ``submission`` rows become drafts of
    that submission (a focal point's own country only). Raises ``ImportFailed`` with every
    row's errors, and then nothing is written.
    """
    roles = roles_of(by)
    if submission is None and by is not None and not roles.staff:
        raise ImportFailed([_("Only the Secretariat may import outside a round submission.")])
    if submission is not None and by is not None:
        if not (roles.staff or roles.acts_for_country(submission.country_id)):
            raise ImportFailed([_("You may not import into this submission.")])
        if not submission.editable:
            raise ImportFailed([_("This submission cannot be changed now.")])
    if not rows:
        raise ImportFailed([_("The file has no rows.")])
    if len(rows) > MAX_ROWS:
        raise ImportFailed([_("At most %(n)s rows per file.") % {"n": MAX_ROWS}])
    lookups = _Lookups()
    parsed_rows, problems = [], []
    uids_seen: set[str] = set()
    for index, raw in enumerate(rows):
        line = first_line + index
        parsed, errors = parse_row(raw, line, lookups)
        if parsed.uid:
            if parsed.uid in uids_seen:
                errors.append("uid: " + _("repeated in the file"))
            uids_seen.add(parsed.uid)
            parsed.existing, error = _existing(parsed, submission)
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
        problems += [_("row %(line)s: %(error)s") % {"line": line, "error": e} for e in errors]
        parsed_rows.append(parsed)
    if problems:
        raise ImportFailed(problems)
    from ..coverage import deferred

    # bulk_create of the countries concerned sends no signal: the dashboard's figures are
    # refreshed once for every written row at the end of the block.
    with transaction.atomic(), deferred():
        written = [_write(parsed, submission) for parsed in parsed_rows]
        from ..coverage import _pending

        _pending.get().update(ini.pk for ini in written)
    return written


def _existing(parsed: Parsed, submission):
    if submission is not None:
        existing = submission.initiatives.filter(uid=parsed.uid).first()
        other = (
            Initiative.objects.filter(uid=parsed.uid).exclude(country=submission.country).exists()
        )
        if other:
            return None, "uid: " + _("belongs to another country’s initiative")
        return existing, None
    existing = Initiative.objects.filter(uid=parsed.uid, record_state=RecordState.VALIDATED).first()
    if existing is None and Initiative.objects.filter(uid=parsed.uid).exists():
        return None, "uid: " + _("only a draft has this identifier; validate its round first")
    return existing, None


def _write(parsed: Parsed, submission) -> Initiative:
    fields = dict(parsed.fields)
    if parsed.existing is not None:
        ini = parsed.existing
        for name, value in fields.items():
            setattr(ini, name, value)
        ini.version += 1
        ini.full_clean(exclude=["framework_items"])
        ini.save()
        for related in (ini.organisations, ini.countries, ini.results, ini.sources):
            related.all().delete()
    else:
        ini = Initiative(
            uid=parsed.uid,
            submission=submission,
            record_state=RecordState.DRAFT if submission else RecordState.VALIDATED,
            **fields,
        )
        ini.full_clean(exclude=["framework_items", "uid"])
        ini.save()
    ini.framework_items.set(parsed.framework_items)
    InitiativeCountry.objects.bulk_create(
        InitiativeCountry(initiative=ini, country=c, share=s) for c, s in parsed.countries
    )
    InitiativeOrganisation.objects.bulk_create(
        InitiativeOrganisation(initiative=ini, role=r, organisation=o, name=n, order=i)
        for i, (r, o, n) in enumerate(parsed.organisations)
    )
    Result.objects.bulk_create(
        Result(initiative=ini, indicator=n, unit=u, baseline=b, target=t, actual=a, order=i)
        for i, (n, u, b, t, a) in enumerate(parsed.results)
    )
    Source.objects.bulk_create(
        Source(initiative=ini, url=u, document=d, text=t, order=i)
        for i, (u, d, t) in enumerate(parsed.sources)
    )
    return ini
