"""``rabat extract PATH --format json``: what a document states, printed as JSON; writes nothing.

The file (PDF, DOCX, HTML, Markdown or text, told apart by content) is read by the parser
child process with the ingestion's memory, CPU and time limits (``knowledge.worker``), never
in this process; a refused file ends with the ingestion's reason.

``rabat extract --evaluate`` prints the per-field precision and recall measured on the
shipped documents (``reference/data/corpus``), the web pages and the synthetic documents of
``knowledge/tests/corpus`` against their hand-written expected values; ``--as pdf`` or
``--as docx`` measures them on the same documents printed as PDF or saved as Word files
(``knowledge.extract.render``). ``--summary`` prints the fields of issue 12's targets, one
column per rendering and language (``make eval-extract``).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from knowledge.extract import extract
from knowledge.extract.evaluate import CORPORA, FORMATS, evaluate_corpus, summary_table
from knowledge.reasons import Rejected
from knowledge.worker import parse, shutdown


class Command(BaseCommand):
    help = (
        "Print what a document states (title, meeting, people, organisations, countries, "
        "numbered conclusions, framework items, figures) as JSON, without writing anything. "
        "With --evaluate, print the extraction quality measured on the test corpus."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="document to read (PDF, DOCX, HTML, Markdown or text)"
        )
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--evaluate",
            action="store_true",
            help="measure precision and recall per field on the test corpus instead",
        )
        parser.add_argument(
            "--corpus",
            choices=[*CORPORA, "all"],
            action="append",
            help=(
                "with --evaluate: which corpus (shipped documents, web pages, synthetic, "
                "held-out, or all); may be repeated"
            ),
        )
        parser.add_argument(
            "--as",
            dest="as_format",
            choices=[*FORMATS, "all"],
            default="text",
            help=(
                "with --evaluate: read the corpus as written (text), printed as PDF, as DOCX, "
                "or all three"
            ),
        )
        parser.add_argument(
            "--summary",
            dest="summary_only",
            action="store_true",
            help=(
                "with --evaluate: only the meeting, process, domain, document kind and people "
                "fields, English and French apart, one column per rendering"
            ),
        )

    def handle(
        self,
        *args,
        path=None,
        format="json",
        evaluate=False,
        corpus=None,
        as_format="text",
        summary_only=False,
        **options,
    ):
        if evaluate:
            names = list(CORPORA) if not corpus or "all" in corpus else list(dict.fromkeys(corpus))
            formats = list(FORMATS) if as_format == "all" else [as_format]
            if summary_only:
                return self._summary(names, formats)
            return self._evaluate(names, format, formats)
        if not path:
            raise CommandError("Give the path of a document to read, or --evaluate.")
        document = Path(path)
        if not document.exists():
            raise CommandError(f"No such file: {path}")
        if not document.is_file():
            raise CommandError(f"Not a file: {path}")
        try:
            parsed = parse(document)
        except Rejected as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        finally:
            shutdown()
        result = extract(parsed)
        if format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary(result))

    def _evaluate(self, names: list[str], format: str, formats: list[str]):
        reports = {(name, fmt): evaluate_corpus(name, fmt) for name in names for fmt in formats}
        if format == "json":
            data = {
                name if len(formats) == 1 else f"{name} {fmt}": {
                    **report.as_dict(),
                    "languages": {lang: part.as_dict() for lang, part in report.parts.items()},
                }
                for (name, fmt), report in reports.items()
            }
            self.stdout.write(json.dumps(data, indent=2))
            return
        for (name, fmt), report in reports.items():
            self.stdout.write(f"{name} corpus ({len(report.documents)} documents, {fmt})")
            self.stdout.write(report.table())
            self.stdout.write("")

    def _summary(self, names: list[str], formats: list[str]):
        for name in names:
            reports = {fmt: evaluate_corpus(name, fmt) for fmt in formats}
            self.stdout.write(f"{name} corpus: precision/recall")
            self.stdout.write(summary_table(reports))
            self.stdout.write("")


def summary(result: dict) -> str:
    """A short human-readable summary of an extraction."""
    lines = [
        f"Title: {result['title'] or '-'}",
        f"Language: {result['language'] or '-'}    Kind: {result['document_kind'] or '-'}",
    ]
    meeting = result["meeting"]
    if meeting:
        dates = meeting["start_date"] or "?"
        if meeting["end_date"] and meeting["end_date"] != meeting["start_date"]:
            dates += f" to {meeting['end_date']}"
        place = ", ".join(filter(None, [meeting["city"], meeting["country"]])) or "?"
        lines.append(
            f"Meeting: {meeting['kind'] or '?'}, {dates}, {place}, {meeting['format'] or '?'}"
        )
    lines.append(f"People ({len(result['people'])}):")
    for person in result["people"]:
        details = ", ".join(
            filter(None, [person["title"], person["organisation"], person["country"]])
        )
        lines.append(f"  - {person['name']} [{person['role']}] {details}")
    organisations = [o["acronym"] or o["name"] for o in result["organisations"]]
    lines.append(f"Organisations: {', '.join(organisations) or '-'}")
    lines.append(f"Countries: {', '.join(result['countries']) or '-'}")
    lines.append(f"Numbered conclusions ({len(result['recommendations'])}):")
    for record in result["recommendations"]:
        items = ", ".join(record["framework_items"])
        lines.append(f"  {record['number']}. {record['text'][:100]} {items}".rstrip())
        for sub in record["sub_points"]:
            lines.append(f"     {sub['label']}) {sub['text'][:90]}")
    lines.append(
        "Framework items: " + (", ".join(e["id"] for e in result["framework_items"]) or "-")
    )
    lines.append(f"Figures ({len(result['figures'])}):")
    for figure in result["figures"]:
        lines.append(f"  {figure['text']}: {figure['sentence'][:100]}")
    return "\n".join(lines)
