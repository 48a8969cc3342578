"""Document-level facts: language, title, kind of document, and the meeting it reports on.

The meeting's facts are looked for on the cover (the blocks before the first long paragraph),
then in the sentences that describe the meeting itself ("took place on ... in ...", "s'est
tenu(e) ..."); a value that is not stated stays ``None``.
"""

from __future__ import annotations

import json
import re

from ..text import HEADING
from .dates import find_dates
from .gazetteer import DATA_DIR, fold, gazetteer
from .prep import Item, sentences

_EN = {"the", "and", "of", "to", "in", "is", "was", "were", "for", "on", "with", "that", "by"}
_FR = {"le", "la", "les", "et", "des", "du", "une", "est", "pour", "dans", "sur", "que", "au"}


def detect_language(text: str) -> str | None:
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", text.lower())
    en = sum(1 for w in words if w in _EN)
    fr = sum(1 for w in words if w in _FR)
    if en + fr < 5:
        return None
    if en > 1.5 * fr:
        return "en"
    if fr > 1.5 * en:
        return "fr"
    return None


def _load_cues() -> dict:
    with (DATA_DIR / "cues.json").open(encoding="utf-8") as handle:
        data = json.load(handle)
    join = "|".join
    return {
        "document_kinds": [(value, join(patterns)) for value, patterns in data["document_kinds"]],
        "meeting_kinds": [(value, join(patterns)) for value, patterns in data["meeting_kinds"]],
        "formats": {value: join(patterns) for value, patterns in data["formats"].items()},
    }


_CUES = _load_cues()
DOCUMENT_KINDS = _CUES["document_kinds"]  # most specific first: (value, regex)
MEETING_KINDS = _CUES["meeting_kinds"]

_BOILERPLATE = [
    r"Project (?:funded|co-funded|implemented) by (?:the )?(?:European Union|EU)\b",
    r"Project implemented by(?:\s*(?:[A-Z][A-Z-]{1,}|and|et|&|,))*",
    r"Projet (?:financé|cofinancé|mis en œuvre) par (?:l'Union européenne|l'UE)\b",
    r"Projet mis en œuvre par(?:\s*(?:[A-Z][A-Z-]{1,}|and|et|&|,))*",
    r"Euro-African Dialogue on Migration and Development",
    r"Dialogue euro-africain sur la migration et le développement",
    r"^(?i:Rabat Process|Processus de Rabat)\s*$",
    r"^(?i:Rabat Process|Processus de Rabat)\b(?=\s+(?i:Euro|Dialogue))",
    r"^(?-i:RABAT PROCESS|PROCESSUS DE RABAT)\b",
]


_SENTENCE_END = re.compile(r"[.!?;][\"”»)]?\s*$")


def cover(items: list[Item]) -> list[Item]:
    """The blocks before the first paragraph of running text (at most 15).

    Running text is more than one sentence, or one long sentence; the lines of a cover page
    or a title slide that a PDF reader joined (title, meeting, place and date, no full stop)
    are no running text however long they get.
    """
    found = []
    for item in items[:15]:
        long_sentence = len(item.text) > 160 and (
            _SENTENCE_END.search(item.text) or len(item.text) > 400
        )
        if item.kind != HEADING and found and (long_sentence or len(sentences(item.text)) > 1):
            break
        found.append(item)
    return found


def _strip_boilerplate(text: str) -> str:
    for pattern in _BOILERPLATE:
        text = re.sub(pattern, " ", text, flags=re.M)
    return re.sub(r"\s+", " ", text).strip(" -–:,")


def _first_cue(text: str, cues) -> tuple[str, int] | None:
    best = None
    for value, pattern in cues:
        match = re.search(pattern, text, re.IGNORECASE)
        if match and (best is None or match.start() < best[1]):
            best = (value, match.start())
    return best


def document_title(items: list[Item], parsed_title: str | None) -> str | None:
    generic = {"conclusions", "agenda", "rabat process", "processus de rabat", "summary", ""}
    # Metadata titles are often a file name: "Microsoft Word - SOM_conclusions_final.docx".
    if parsed_title and re.search(
        r"\.(?:docx?|pdf|pptx?|odt|rtf|txt)\b|^Microsoft (?:Word|PowerPoint)|^\S+_\S+$|^untitled",
        parsed_title,
        re.I,
    ):
        parsed_title = None
    if parsed_title and _is_generic(parsed_title, generic):
        # "Note conceptuelle", "Summary report": the kind of document, not its title.
        headings = [i.text for i in items if i.kind == HEADING]
        parsed_title = next((h for h in headings if not _is_generic(h, generic)), None)
    if parsed_title and fold(_strip_boilerplate(parsed_title)) not in generic:
        return _strip_boilerplate(parsed_title)
    lines = []
    for item in cover(items):
        text = _strip_boilerplate(item.text)
        dates = find_dates(text)
        if dates:
            text = text[: dates[0].begin].strip(" -–,")
        text = re.sub(r"^(?:Slide|Diapositive|Page)\s*\d+\s*", "", text, flags=re.I)
        text = re.split(
            r"\s[-–]\s|\b(?:Summary of debates|Conclusions|Agenda|Ordre du jour|Draft agenda|"
            r"Presented by|Présenté(?:e)? par)\b|(?<=\w)\s+(?:Rabat Process|Processus de Rabat)\b",
            text,
        )[0]
        text = text.strip(" -–,:")
        if len(text) < 4 or _is_place(text) or text.isupper() and len(text.split()) <= 3:
            if lines:
                break
            continue
        lines.append(text)
        if not re.search(r"\b(?:on|of|for|in|sur|de|du|des|la|le|the|and|et)$", text, re.I):
            break
    return " ".join(lines) or None


def _is_generic(title: str, generic: set[str]) -> bool:
    text = fold(_strip_boilerplate(title)).strip(" .:")
    if text in generic:
        return True
    for _, pattern in DOCUMENT_KINDS:
        match = re.fullmatch(rf"(?:draft |projet de |final |summary )?(?:{pattern})", text, re.I)
        if match:
            return True
    return False


def _is_place(text: str) -> bool:
    gaz = gazetteer()
    parts = [p.strip() for p in text.split(",")]
    return bool(parts) and any(gaz.country_code(p) or gaz.is_city(p) for p in parts[-2:])


def document_kind(items: list[Item], title: str | None) -> str | None:
    zone = " \n ".join([title or ""] + [i.text for i in cover(items)])
    zone = _strip_boilerplate(zone)
    hit = _first_cue(zone, DOCUMENT_KINDS)
    if hit:
        return hit[0]
    return None


def _meeting_sentences(items: list[Item]) -> list[str]:
    """Sentences that describe the meeting itself, in the first paragraphs."""
    found = []
    for item in items[:40]:
        for sentence in sentences(item.text):
            if re.search(
                r"\b(?:took place|was held|were held|held on|held in|held from|held virtually|"
                r"held online|convened|will take place|will be held|will be organi[sz]ed|"
                r"aura lieu|se tiendra|sera organisée?|"
                r"s'est (?:tenue?|déroulée?)|a eu lieu|ont eu lieu|organisée? (?:le|du|à)|"
                r"(?:this|the) (?:meeting|webinar|workshop|conference|session|training) "
                r"(?:was|took|brought)|(?:ce|cet|cette) (?:réunion|webinaire|atelier|formation))",
                sentence,
                re.I,
            ):
                found.append(sentence)
    return found[:4]


def meeting_facts(items: list[Item], title: str | None, doc_kind: str | None) -> dict | None:
    cover_items = cover(items)
    cover_text = "\n".join(_strip_boilerplate(i.text) for i in cover_items)
    described = _meeting_sentences(items)
    zones = [cover_text, *described]

    kind = None
    for zone in [f"{title or ''}\n{cover_text}", *described]:
        hit = _first_cue(zone, MEETING_KINDS)
        if hit:
            kind = hit[0]
            break

    start = end = None
    for zone in zones:
        spans = find_dates(zone)
        if spans:
            start, end = spans[0].start.isoformat(), spans[0].end.isoformat()
            break

    city = country = None
    for zone in zones:
        city, country = _place(zone)
        if city or country:
            break

    fmt = _format(zones, kind)
    if not any([kind, start, city, country]) and doc_kind in (None, "publication"):
        return None
    return {
        "kind": kind,
        "start_date": start,
        "end_date": end,
        "city": city,
        "country": country,
        "format": fmt,
    }


def _place(text: str) -> tuple[str | None, str | None]:
    gaz = gazetteer()
    # Names of processes and declarations are not places: "Rabat Process", "Khartoum Process".
    text = re.sub(
        r"\b(?:Processus|Process|Declaration|Déclaration|Action Plan|Plan d'action|Programme|"
        r"Strategy|Stratégie)\s+(?:de |of |d')?[A-ZÀ-Ý][\w-]+|\b[A-ZÀ-Ý][\w-]+\s+(?:Process|"
        r"Declaration|Action Plan|Programme|Strategy|Roadmap|Convention|Summit)\b",
        " ",
        text,
    )
    # A known city: "Hôtel Concorde Montparnasse, Paris, France", "Yaoundé, 14 March 2023".
    for city, iso, _ in gaz.cities_in(text):
        return city, iso
    # "City, Country" for a city the gazetteer does not know.
    for match in re.finditer(
        r"(?P<city>[A-ZÀ-Ý][\w'’.-]+(?:[ -](?:[A-ZÀ-Ý][\w'’.-]+|de|du|la|el|es))*)\s*,\s*"
        r"(?P<country>[A-ZÀ-Ý][\w'’ -]+?)(?=\s*(?:$|[\n,.;)*]|\s[-–]\s|\s\d))",
        text,
        re.M,
    ):
        iso = gaz.country_code(match.group("country").strip())
        city = match.group("city").strip()
        before = text[: match.start()].rstrip()
        if (
            iso
            and not gaz.country_code(city)
            and not re.search(r"\b(?:of|for|the|de|du|des|d'|l')$", before)
            and not re.search(
                r"\b(?:Ministry|Ministère|Service|Agency|Office|Council|University|Hotel|Hôtel|Centre|Center)\b",
                city,
            )
            and len(city.split()) <= 3
        ):
            return city, iso
    # A country alone: "in Morocco".
    match = re.search(r"\b(?:in|à|au|en|aux)\s+([A-ZÀ-Ý][\w'’ -]+)", text)
    if match:
        hits = gaz.countries_in(match.group(1))
        if hits and hits[0][1] == 0:
            return None, hits[0][0]
    return None, None


def _format(zones: list[str], kind: str | None) -> str | None:
    text = "\n".join(zones)
    formats = _CUES["formats"]
    virtual = re.search(formats["virtual"], text, re.I)
    in_person = re.search(formats["in_person"], text, re.I)
    if re.search(formats["hybrid"], text, re.I) or virtual and in_person:
        return "hybrid"
    if virtual:
        return "virtual"
    if in_person:
        return "in_person"
    if kind == "webinar":
        return "virtual"
    return None
