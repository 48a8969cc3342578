"""Extraction quality: per-field precision and recall against hand-written expected values.

Each document ``<name>.<ext>`` in a corpus directory has its expected values in
``<expected dir>/<name>.json`` (same keys as the extraction). ``evaluate(pairs)`` sums true
positives, false positives and false negatives over the documents (micro average) and returns
one row per field:

- lists (people names, organisations, countries, framework items, figures, recommendations):
  precision = matched / extracted, recall = matched / expected;
- single values (title, language, document kind, the meeting's kind, dates, city, country,
  format): an exact match counts for both (a value extracted where none is expected is a false
  positive; a missing one a false negative), so precision and recall differ only through ``None``;
- attributes of matched records (a person's title, organisation, country and role; a
  recommendation's domains and number of sub-points): the share of matched records where the
  value agrees, reported in both columns;
- ``recommendations.count``: the share of documents whose number of numbered conclusions is
  exactly right.

Matching rules are lenient on form, strict on content: names compare without accents, case or
honorifics, and a name matches when one is the other plus or minus given names with the same
surname; organisations match by reference id, acronym or name; figures by value (and the same
sentence); recommendations by number and the first words of their text.

Only the fields an expected file states are scored. In the web corpus
(``knowledge/tests/corpus/web/expected.json``, one object per file stem) a list where one value
is expected means "any of these is correct", and ``null`` among them means "not stated" is
correct too. ``domain`` is the Rabat Process action-plan domain the meeting serves and
``meeting.processes`` the dialogues it belongs to (precision and recall over the slugs).
Every report is also kept per language of the document (``Report.parts["en"]``, ``["fr"]``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .gazetteer import REFERENCE_DIR, fold, gazetteer

STOP = {"the", "of", "for", "and", "in", "at", "de", "du", "des", "la", "le", "et", "a", "l", "d"}


@dataclass
class Score:
    tp: float = 0
    fp: float = 0
    fn: float = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    parts: dict[str, Report] = field(default_factory=dict)  # the same, per language

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def part(self, language: str | None) -> Report:
        return self.parts.setdefault(language or "?", Report())

    def rows(self) -> list[tuple[str, float | None, float | None, Score]]:
        return [(name, s.precision, s.recall, s) for name, s in self.scores.items()]

    def table(self) -> str:
        lines = [
            f"{'field':34} {'precision':>9} {'recall':>7}   tp/fp/fn",
            "-" * 66,
        ]
        for name, precision, recall, s in self.rows():
            p = "-" if precision is None else f"{precision:.2f}"
            r = "-" if recall is None else f"{recall:.2f}"
            lines.append(f"{name:34} {p:>9} {r:>7}   {s.tp:g}/{s.fp:g}/{s.fn:g}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "fields": {
                name: {"precision": p, "recall": r, "tp": s.tp, "fp": s.fp, "fn": s.fn}
                for name, p, r, s in self.rows()
            },
        }


def _tokens(text: str | None) -> set[str]:
    return {t for t in re.findall(r"\w+", fold(text or "")) if t not in STOP}


def overlap(a: str | None, b: str | None) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 1.0 if not ta and not tb else 0.0
    return len(ta & tb) / max(len(ta), len(tb))


def contained(part: str | None, whole: str | None) -> float:
    """Share of the words of ``part`` found in ``whole``."""
    tp, tw = _tokens(part), _tokens(whole)
    return len(tp & tw) / len(tp) if tp else 0.0


def same_name(a: str, b: str) -> bool:
    ta, tb = fold(a).replace("-", " ").split(), fold(b).replace("-", " ").split()
    if ta == tb:
        return True
    if not ta or not tb or ta[-1] != tb[-1]:
        return False
    return set(ta) <= set(tb) or set(tb) <= set(ta)


def same_organisation(expected: dict | str | None, got: dict | str | None) -> bool:
    gaz = gazetteer()

    def parts(org):
        if isinstance(org, dict):
            return org.get("name"), org.get("acronym"), org.get("id") or org.get("organisation_id")
        return org, None, None

    e_name, e_acr, e_id = parts(expected)
    g_name, g_acr, g_id = parts(got)
    e_id = e_id or (gaz.organisation_slug(e_name) if e_name else None)
    g_id = g_id or (gaz.organisation_slug(g_name) if g_name else None)
    if e_id or g_id:
        return e_id == g_id
    if e_acr and g_acr and e_acr == g_acr:
        return True
    if e_acr and (g_name == e_acr or (g_name and f"({e_acr})" in g_name)):
        return True
    return bool(e_name and g_name) and overlap(e_name, g_name) >= 0.6


def _match(expected: list, got: list, same) -> list[tuple[int, int]]:
    """Greedy one-to-one matching in order."""
    pairs, used = [], set()
    for i, e in enumerate(expected):
        for j, g in enumerate(got):
            if j not in used and same(e, g):
                pairs.append((i, j))
                used.add(j)
                break
    return pairs


def _list_score(score: Score, expected: list, got: list, same) -> list[tuple[int, int]]:
    pairs = _match(expected, got, same)
    score.tp += len(pairs)
    score.fp += len(got) - len(pairs)
    score.fn += len(expected) - len(pairs)
    return pairs


def _value_score(score: Score, expected, got, same=lambda a, b: a == b) -> None:
    """One value; ``expected`` may be a list of accepted values, ``None`` among them meaning
    that extracting nothing is right too."""
    options = expected if isinstance(expected, list) else [expected]
    stated = [option for option in options if option is not None]
    required = bool(stated) and None not in options
    if got is None:
        score.fn += required
        return
    if any(same(option, got) for option in stated):
        score.tp += 1
        return
    score.fp += 1
    score.fn += required


def _agreement(score: Score, agrees: bool) -> None:
    if agrees:
        score.tp += 1
    else:
        score.fp += 1
        score.fn += 1


def _domains(uids) -> set[str]:
    gaz = gazetteer()
    return {gaz.domain_of(uid) or uid for uid in uids or []}


def compare(report: Report, expected: dict, got: dict) -> None:
    """Score ``got`` against ``expected`` in ``report`` and in its part for the language."""
    _compare(report, expected, got)
    _compare(report.part(_first(expected.get("language"))), expected, got)


def _first(value):
    return value[0] if isinstance(value, list) else value


def _same_city(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def _compare(report: Report, expected: dict, got: dict) -> None:
    for key, same in (("title", _same_title), ("language", None), ("document_kind", None)):
        if key in expected:
            args = (same,) if same else ()
            _value_score(report.score(key), expected[key], got.get(key), *args)
    if "meeting" in expected:
        e_meeting, g_meeting = expected.get("meeting") or {}, got.get("meeting") or {}
        for key in ("kind", "start_date", "end_date", "city", "country", "format"):
            args = (_same_city,) if key == "city" else ()
            _value_score(
                report.score(f"meeting.{key}"), e_meeting.get(key), g_meeting.get(key), *args
            )
    if "processes" in expected:
        _list_score(
            report.score("meeting.processes"),
            expected["processes"],
            (got.get("meeting") or {}).get("processes") or [],
            lambda a, b: a == b,
        )
    if "domain" in expected:
        _value_score(report.score("domain"), expected["domain"], got.get("domain"))

    pairs = _list_score(
        report.score("people.name"),
        expected.get("people", []),
        got.get("people", []),
        lambda e, g: same_name(e["name"], g["name"]),
    )
    for i, j in pairs:
        e, g = expected["people"][i], got["people"][j]
        if e.get("organisation"):
            _agreement(
                report.score("people.organisation"),
                same_organisation(
                    {"name": e["organisation"], "id": e.get("organisation_id")},
                    {"name": g.get("organisation"), "id": g.get("organisation_id")},
                ),
            )
        if e.get("title"):
            _agreement(report.score("people.title"), overlap(e["title"], g.get("title")) >= 0.6)
        for key in ("country", "role"):
            if key in e:
                _agreement(report.score(f"people.{key}"), e[key] == g.get(key))

    if "organisations" in expected:
        _list_score(
            report.score("organisations"),
            expected["organisations"],
            got.get("organisations", []),
            same_organisation,
        )
    if "countries_took_part" in expected:  # the web pages: countries that took part
        _list_score(
            report.score("countries"),
            expected["countries_took_part"],
            got.get("countries", []),
            lambda a, b: a == b,
        )
    elif "countries" in expected:
        # The long reports' files list every country named (they were written before the
        # countries that took part were told apart from those mentioned): both lists together.
        _list_score(
            report.score("countries"),
            expected["countries"],
            got.get("countries", []) + got.get("countries_mentioned", []),
            lambda a, b: a == b,
        )
    if "framework_items" in expected:
        _list_score(
            report.score("framework_items"),
            [e["id"] for e in expected["framework_items"]],
            [
                g["id"]
                for g in got.get("framework_items", [])
                if g.get("source", "explicit") == "explicit"
            ],
            lambda a, b: a == b,
        )
    if "figures" in expected:
        _list_score(
            report.score("figures"),
            expected["figures"],
            got.get("figures", []),
            lambda e, g: (
                float(e["value"]) == float(g["value"])
                and contained(e["sentence"], g["sentence"]) >= 0.6
            ),
        )
    g_recs = got.get("recommendations", [])
    if "numbered_recommendations" in expected:
        _agreement(
            report.score("recommendations.count"),
            expected["numbered_recommendations"] == len(g_recs),
        )
    if "recommendations" not in expected:
        return
    e_recs = expected["recommendations"]
    _agreement(report.score("recommendations.count"), len(e_recs) == len(g_recs))
    pairs = _list_score(
        report.score("recommendations"),
        e_recs,
        g_recs,
        lambda e, g: (
            e["number"] == g["number"] and overlap(e["text"][:120], g["text"][:120]) >= 0.6
        ),
    )
    for i, j in pairs:
        e, g = e_recs[i], g_recs[j]
        _agreement(
            report.score("recommendations.sub_points"),
            len(e.get("sub_points", [])) == len(g.get("sub_points", [])),
        )
        got_items = g.get("explicit_framework_items", g.get("framework_items", []))
        _agreement(
            report.score("recommendations.domain"),
            _domains(e.get("framework_items")) == _domains(got_items),
        )


def _same_title(expected: str, got: str) -> bool:
    return overlap(expected, got) >= 0.7


def corpus_pairs(corpus_dir: Path, expected: Path) -> list[tuple[Path, dict]]:
    """(document, expected values) for every document of ``corpus_dir`` that has them.

    ``expected`` is a directory of ``<stem>.json`` files, or one JSON file with an object per
    stem (the web corpus).
    """
    if expected.is_file():
        table = json.loads(expected.read_text(encoding="utf-8"))
        values = {stem: web_expected(entry) for stem, entry in table.items()}
    else:
        values = {
            path.stem: json.loads(path.read_text(encoding="utf-8"))
            for path in expected.glob("*.json")
        }
    return [
        (document, values[document.stem])
        for document in sorted(corpus_dir.iterdir())
        if document.is_file() and not document.name.startswith(".") and document.stem in values
    ]


def processes_of(label: str | None) -> list[str]:
    """ "rabat+khartoum" -> ["rabat", "khartoum"]; "jvap (rabat+khartoum)": the processes in
    brackets (the JVAP is the framework the two processes share, not a third dialogue)."""
    if not label:
        return []
    inner = re.search(r"\((.*?)\)", label)
    return [p.strip() for p in (inner.group(1) if inner else label).split("+") if p.strip()]


def web_expected(entry: dict) -> dict:
    """An entry of the web corpus's expected.json in the keys of the extraction."""
    return {
        "language": entry["language"],
        "document_kind": entry["document_kind"],
        "meeting": entry["meeting"],
        "processes": processes_of(entry.get("process")),
        "domain": entry.get("domain"),
        "people": entry.get("people", []),
        "countries_took_part": entry.get("countries", []),
        "numbered_recommendations": entry.get("numbered_recommendations", 0),
    }


FORMATS = ("text", "pdf", "docx")


def evaluate(pairs: list[tuple[Path, dict | Path]], as_format: str = "text") -> Report:
    """``as_format`` "pdf" or "docx": each document is first printed as a PDF or saved as a
    Word file (``render``), then read back by that format's parser."""
    from ..parsing import parse_bytes, parse_file
    from . import extract
    from .render import RENDERERS

    report = Report()
    for document, expected in pairs:
        if isinstance(expected, Path):
            expected = json.loads(expected.read_text(encoding="utf-8"))
        if as_format == "text":
            parsed = parse_file(document)
        else:
            parsed = parse_bytes(RENDERERS[as_format](document.read_bytes()))
        got = extract(parsed)
        compare(report, expected, got)
        report.documents.append(document.name)
        report.part(_first(expected.get("language"))).documents.append(document.name)
    return report


TESTS_DIR = Path(__file__).resolve().parents[1] / "tests"
CORPORA = {
    # The documents the platform ships (reference/data/corpus), expected values in tests/.
    "real": (REFERENCE_DIR / "corpus", TESTS_DIR / "expected"),
    "web": (TESTS_DIR / "corpus" / "web", TESTS_DIR / "corpus" / "web" / "expected.json"),
    "synthetic": (TESTS_DIR / "corpus" / "synthetic", TESTS_DIR / "expected" / "synthetic"),
    "heldout": (TESTS_DIR / "corpus" / "heldout", TESTS_DIR / "expected" / "heldout"),
}


def evaluate_corpus(name: str, as_format: str = "text") -> Report:
    corpus_dir, expected = CORPORA[name]
    return evaluate(corpus_pairs(corpus_dir, expected), as_format)


# The fields `make eval-extract` prints (issue 12's targets), in this order.
SUMMARY_FIELDS = (
    "document_kind",
    "meeting.kind",
    "meeting.start_date",
    "meeting.end_date",
    "meeting.city",
    "meeting.country",
    "meeting.format",
    "meeting.processes",
    "domain",
    "people.name",
    "people.organisation",
)


def summary_table(reports: dict[str, Report], fields=SUMMARY_FIELDS) -> str:
    """One row per field, one column per rendering and language: "precision/recall".

    ``reports`` maps a format ("text", "pdf", "docx") to its report; "-" where nothing was
    expected nor extracted.
    """
    columns = []
    for fmt, report in reports.items():
        columns.append((f"{fmt} all", report))
        for language in sorted(report.parts):
            columns.append((f"{fmt} {language}", report.parts[language]))
    width = 11
    lines = [
        f"{'field':22}" + "".join(f"{name:>{width}}" for name, _ in columns),
        f"{'documents':22}" + "".join(f"{len(r.documents) or '':>{width}}" for _, r in columns),
    ]
    for name in fields:
        cells = []
        for _, report in columns:
            score = report.scores.get(name)
            if score is None or (score.precision is None and score.recall is None):
                cells.append("-")
                continue
            p = "-" if score.precision is None else f"{score.precision:.2f}"
            r = "-" if score.recall is None else f"{score.recall:.2f}"
            cells.append(f"{p}/{r}")
        lines.append(f"{name:22}" + "".join(f"{c:>{width}}" for c in cells))
    return "\n".join(lines)
