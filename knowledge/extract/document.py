"""Document-level facts: language, title, kind of document, and the meeting it reports on.

The meeting's facts are looked for on the cover (the blocks before the first long paragraph),
then in the sentences that describe the meeting itself ("took place on ... in ...", "s'est
tenu(e) ...", "se sont retrouvés ..."); a value that is not stated stays ``None``. General
rules, each with a test in ``knowledge/tests/test_extract_web.py``:

- the meeting's date is the first date of the cover or of those sentences, not the date of a
  declaration, convention or agreement quoted ("the Niamey Declaration of 16 March 2018"); a
  weekday alone or a day without a year is no date;
- a sentence that dates itself to another month or year than the meeting's ("held in Rome in
  November 2014", "le deuxième, en octobre à Genève") is about another event: it gives neither
  the place, nor the format, nor the kind;
- the place is where the meeting was held: not "initially to be held in X", not a city inside
  a process's or a declaration's name ("the Rabat and Khartoum Processes", "Processus de
  Rabat", "the Cairo Declaration"); a virtual meeting has no city (a meeting with a host city
  that some followed online is hybrid);
- a kind written in the plural describes a process's activities, not this meeting ("it holds
  Senior Officials' Meetings"); of two kinds named together, the preparatory one is the meeting
  ("Ministerial Conference: first preparatory Senior Officials' Meeting held"); a meeting whose
  kind has no name in the cues is ``other``;
- ``meeting.processes``: the dialogues the meeting's own description names (a joint or
  trilateral meeting names several; a meeting of a shared framework such as the JVAP belongs to
  the processes that share it);
- ``domain`` (``meeting_domain``): the domain of the Rabat Process action plan in force at the
  meeting's date that the meeting serves, stated ("Domain 3 of the Marrakesh Action Plan",
  "Action 5") or read from its subject; none for a meeting of another process, of a shared
  framework, for the Dialogue's governance meetings (SOM, ministerial conference, Steering
  Committee) and before the first plan with domains (2018).
"""

from __future__ import annotations

import json
import re

from ..language import detect_language  # noqa: F401  (the one detector, re-exported)
from ..text import HEADING
from .dates import find_dates, months_named
from .gazetteer import DATA_DIR, fold, gazetteer
from .prep import Item, sentences


def _load_cues() -> dict:
    with (DATA_DIR / "cues.json").open(encoding="utf-8") as handle:
        data = json.load(handle)
    join = "|".join
    return {
        "document_kinds": [(value, join(patterns)) for value, patterns in data["document_kinds"]],
        "meeting_kinds": [(value, join(patterns)) for value, patterns in data["meeting_kinds"]],
        "formats": {value: join(patterns) for value, patterns in data["formats"].items()},
        "presentation_endings": join(data["presentation_endings"]),
        "processes": {
            slug: (entry["city"], join(entry["names"])) for slug, entry in data["processes"].items()
        },
        "shared_frameworks": [
            (entry["processes"], join(entry["names"]))
            for entry in data["shared_frameworks"].values()
        ],
        "joint": join(data["joint"]),
        "domain_topics": [(number, join(patterns)) for number, patterns in data["domain_topics"]],
    }


_CUES = _load_cues()
DOCUMENT_KINDS = _CUES["document_kinds"]  # most specific first: (value, regex)
MEETING_KINDS = _CUES["meeting_kinds"]

_BOILERPLATE = [
    r"Project (?:funded|co-funded|implemented) by (?:the )?(?:European Union|EU)\b",
    r"Project implemented by(?:\s*(?:[A-Z][A-Z-]{1,}|and|et|&|,))*",
    r"Projet (?:financé|cofinancé|mis en œuvre) par (?:l'Union européenne|l'UE)\b",
    r"Projet mis en œuvre par(?:\s*(?:[A-Z][A-Z-]{1,}|and|et|&|,))*",
    # The Dialogue's name as a banner, not inside a sentence ("Le Dialogue euro-africain ...
    # s'est réuni à Bruxelles").
    r"(?<![Tt]he )(?<![Ll]e )Euro-African Dialogue on Migration and Development",
    r"(?<![Tt]he )(?<![Ll]e )Dialogue euro-africain sur la migration et le développement",
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
    head = cover(items)
    slides = _is_slide_deck(items)
    for position, item in enumerate(head):
        text = _strip_boilerplate(item.text)
        dates = find_dates(text)
        if slides and dates and _meeting_kind([text]):
            continue  # a slide deck's line naming the meeting it was given at, with its date
        following = head[position + 1].text if position + 1 < len(head) else ""
        if not lines and _kind_label(text) and _title_like(following, generic):
            continue  # '"Rabat Process" Labelled Webinar' above the webinar's own title
        if dates:
            text = text[: dates[0].begin].strip(" -–,")
        text = re.sub(r"^(?:Slide|Diapositive|Page)\s*\d+\s*", "", text, flags=re.I)
        text = re.split(
            r"\s[-–]\s|\b(?:Summary of debates|Conclusions|Agenda|Ordre du jour|Draft agenda|"
            r"Presented by|Présenté(?:e)? par)\b|(?<=\w)\s+(?:Rabat Process|Processus de Rabat)\b",
            text,
        )[0]
        # A page's title run into its first paragraph: the title is its first sentence.
        if len(sentences(text)) > 1:
            text = sentences(text)[0]
        # "International Migration and Development:" goes on on the next line.
        opens = item.text.rstrip(" *_").endswith(":") and len(sentences(item.text)) == 1
        text = text.strip(" -–,:")
        if len(text) < 4 or _is_place(text) or text.isupper() and len(text.split()) <= 3:
            if lines:
                break
            continue
        lines.append(text + (":" if opens else ""))
        if not opens and not re.search(
            r"\b(?:on|of|for|in|sur|de|du|des|la|le|the|and|et)$", text, re.I
        ):
            break
    if lines and lines[-1].endswith(":"):
        lines[-1] = lines[-1][:-1]
    return " ".join(lines) or None


def _is_slide_deck(items: list[Item]) -> bool:
    ending = " ".join(item.text for item in items[-3:])
    return bool(re.search(_CUES["presentation_endings"], ending, re.I))


def _kind_label(text: str) -> bool:
    """A line that only names a kind of meeting: '"Rabat Process" Labelled Webinar'."""
    text = _apostrophes(text)
    if find_dates(text) or not _meeting_kind([text]):
        return False
    rest = re.sub(_CUES["processes"]["rabat"][1], " ", text, flags=re.I)
    for _, pattern in MEETING_KINDS:
        rest = re.sub(pattern, " ", rest, flags=re.I)
    return len(re.findall(r"\w+", rest)) <= 1


def _title_like(text: str, generic: set[str]) -> bool:
    text = _strip_boilerplate(text)
    return (
        len(text.split()) >= 4
        and not _is_generic(text, generic)
        and not find_dates(text)
        and not _is_place(text)
    )


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


def document_kind(items: list[Item], title: str | None) -> str:
    """One of the platform's document kinds, never empty: ``other`` where none fits (a web
    page, a press article, an announcement)."""
    # The kind is named on the title or cover lines; of a block of running text (a web page's
    # title run into its first paragraph) only the first sentence counts.
    head = cover(items)
    # ... and the first sentence of the block after the cover: "Senior Officials' Meeting -
    # The Hague, 5th March 2020 Chair's Summary The Khartoum Process held ..."
    head = head + items[len(head) : len(head) + 1]
    lines = [(sentences(i.text) or [""])[0] for i in head]
    zone = _apostrophes(_strip_boilerplate(" \n ".join([title or "", *lines])))
    hit = _first_cue(zone, DOCUMENT_KINDS)
    if hit:
        return hit[0]
    if _is_slide_deck(items):  # it closes on "Thank you for your attention"
        return "presentation"
    return "other"


_MEETING_VERBS = re.compile(
    r"\b(?:took place|was held|were held|held on|held in|held from|held virtually|"
    r"held online|held (?:its|their|a|the)\b|convened|will take place|will be held|"
    r"will be organi[sz]ed|(?:met|gathered|came together) (?:in|on|at|for)\b|hosted|"
    r"was the venue|aura lieu|se tiendra|sera organisée?|accueillera|a accueilli|"
    r"s'est (?:tenue?|déroulée?)|a eu lieu|ont eu lieu|organisée? (?:le|du|à)|a ouvert|"
    r"se sont (?:retrouvés|réunis|rencontrés)|s'est réuni|"
    r"(?:this|the) (?:meeting|webinar|workshop|conference|session|training) "
    r"(?:was|took|brought)|(?:ce|cet|cette) (?:réunion|webinaire|atelier|formation))",
    re.I,
)


def _meeting_sentences(items: list[Item]) -> list[str]:
    """Sentences that describe the meeting itself, in the first paragraphs."""
    found = []
    for item in items[:40]:
        for sentence in sentences(item.text):
            if _MEETING_VERBS.search(_apostrophes(sentence)):
                found.append(sentence)
    return found[:4]


def _apostrophes(text: str) -> str:
    """Curly, acute and grave apostrophes as "'" (same length, so offsets stay valid)."""
    return re.sub(r"[’‘´`]", "'", text)


# A date that belongs to a text quoted, not to the meeting: "the Declaration of 16 March 2018".
_QUOTED_DATE = re.compile(
    r"\b(?:Declaration|Déclaration|Convention|Protocol|Protocole|Agreement|Accord|Treaty|"
    r"Traité|Pact|Pacte|Compact|Resolution|Résolution)\s+(?:\w+\s+){0,3}(?:of|du|de|dated|"
    r"signed on|adopted on|adoptée? le|signée? le)\s*(?:the\s+)?$",
    re.I,
)


def _meeting_dates(zones: list[str]) -> tuple[str | None, str | None]:
    for zone in zones:
        for span in find_dates(zone):
            if _QUOTED_DATE.search(zone[max(0, span.begin - 80) : span.begin]):
                continue
            return span.start.isoformat(), span.end.isoformat()
    return None, None


def _another_event(sentence: str, start: str | None, end: str | None) -> bool:
    """The sentence dates itself to another month or year than the meeting's."""
    named = months_named(sentence)
    years = {int(y) for y in re.findall(r"(?<![\d/-])((?:19|20)\d\d)(?![\d/-])", sentence)}
    if not start:
        # The meeting's date is unknown: a sentence that names a year of its own
        # ("the conference of Rabat (2006)") is about a dated event, not this one; a day and
        # month without a year may well be this meeting's ("le 16 mars").
        return bool(years) or any(year for year, _ in named)
    first, last = (int(start[:4]), int(start[5:7])), (int(end[:4]), int(end[5:7]))
    for year, month in named:
        if year is None:
            if not first[1] <= month <= last[1] and not (first[0] < last[0]):
                return True
        elif not first <= (year, month) <= last:
            return True
    return any(not first[0] <= year <= last[0] for year in years)


def _own_sentences(zones: list[str], start: str | None, end: str | None) -> list[str]:
    """The sentences of ``zones`` that are not about another dated event."""
    return [s for s, _ in _own_sentences_with_lines(zones, start, end)]


def _own_sentences_with_lines(zones, start, end) -> list[tuple[str, bool]]:
    """(sentence, whether it is a line alone: a cover line rather than running text)."""
    kept = []
    for zone in zones:
        for line in zone.split("\n"):
            parts = sentences(line)
            kept.extend((s, len(parts) == 1) for s in parts if not _another_event(s, start, end))
    return kept


# A sentence of running text gives the format only if it speaks of the meeting or of its
# participants ("Hybrid warfare ... bring further threats" is no format).
_ABOUT_MEETING = re.compile(
    r"\b(?:particip\w*|attend\w*|assist\w*|connect\w*|delegat\w*|délégu\w*|format|session|"
    r"meeting|réunion|rencontre|conference|conférence|webinai?r\w*|event|événement|"
    r"table[- ]ronde|round[- ]?table)",
    re.I,
)


def _meeting_kind(zones: list[str]) -> str | None:
    for zone in zones:
        zone = _apostrophes(zone)
        hits = []
        for value, pattern in MEETING_KINDS:
            for match in re.finditer(pattern, zone, re.IGNORECASE):
                hits.append((match.start(), match.end(), value))
        if not hits:
            continue
        hits.sort()
        # "Ministerial Conference: first preparatory Senior Officials' Meeting held": the
        # preparatory meeting is the one the text is about.
        if len({value for _, _, value in hits}) > 1:
            for begin, finish, value in hits:
                before, after = zone[max(0, begin - 30) : begin], zone[finish : finish + 30]
                if re.search(r"\bpreparatory\s+(?:\w+\s+)?$", before, re.I) or re.match(
                    r"\s*(?:\w+\s+)?préparatoires?\b", after, re.I
                ):
                    return value
        return hits[0][2]
    return None


def meeting_facts(items: list[Item], title: str | None, doc_kind: str | None) -> dict | None:
    cover_items = cover(items)
    cover_text = "\n".join(_strip_boilerplate(i.text) for i in cover_items)
    described = _meeting_sentences(items)
    zones = [cover_text, *described]

    start, end = _meeting_dates(zones)
    with_lines = _own_sentences_with_lines(zones, start, end)
    own = [sentence for sentence, _ in with_lines]
    own_title = [t for t in [title or ""] if not _another_event(t, start, end)]

    kind = _meeting_kind(["\n".join([*own_title, *own])])
    if kind is None:
        # A page that names the meeting only further down: "lors de cette 3e conférence
        # euro-africaine ..." (sentences about other dated events left out).
        later = [i.text for i in items[len(cover_items) : 12] if i.kind != HEADING]
        kind = _meeting_kind([" ".join(_own_sentences(later, start, end))])

    # A city wherever it is written before a country alone ("la présidence passera de la
    # Belgique au Burkina Faso, ... organisée à Marrakech").
    city = country = None
    places = [_place(sentence) for sentence in own]
    city, country = next(((c, iso) for c, iso in places if c), (None, None))
    if not city:
        country = next((iso for _, iso in places if iso), None)

    fmt = _format(
        [sentence for sentence, alone in with_lines if alone or _ABOUT_MEETING.search(sentence)],
        kind,
    )
    if fmt == "virtual" and city:
        fmt = "hybrid"  # a host city, and participants online
    if fmt == "virtual":
        city = country = None
    if not any([kind, start, city, country]) and doc_kind in (None, "publication", "other"):
        return None
    return {
        "kind": kind or "other",
        "start_date": start,
        "end_date": end,
        "city": city,
        "country": country,
        "format": fmt,
    }


def _process_hits(text: str) -> list[tuple[int, str]]:
    hits = []
    for slug, (_, pattern) in _CUES["processes"].items():
        for match in re.finditer(pattern, text, re.I):
            hits.append((match.start(), slug))
    # "the Rabat and Khartoum Processes", "Processus de Khartoum et de Rabat"
    for match in _JOINT_NAMES.finditer(text):
        for city in re.findall(r"[A-ZÀ-Ý][\w-]+", match.group(0)):
            slug = _PROCESS_OF_CITY.get(city.lower())
            if slug:
                hits.append((match.start(), slug))
    return sorted(hits)


def meeting_processes(items: list[Item], title: str | None) -> list[str]:
    """The dialogues the meeting belongs to (slugs of ``cues.json`` "processes")."""
    head = [title or "", *(i.text for i in cover(items)), *_meeting_sentences(items)]
    found: list[str] = []
    for sentence in (s for zone in head for s in sentences(_apostrophes(zone))):
        named = list(dict.fromkeys(slug for _, slug in _process_hits(sentence)))
        if len(named) > 1 and re.search(_CUES["joint"], sentence, re.I):
            return named  # a joint or trilateral meeting
        for processes, pattern in _CUES["shared_frameworks"]:
            if re.search(pattern, sentence, re.I) and _meeting_kind([sentence]):
                return list(processes)  # "SOM of the Joint Valletta Action Plan"
        if named and not found:
            found = named[:1]
    if found:
        return found
    # Named only further down, or by the Dialogue's long name.
    text = " ".join(i.text for i in items[:12])
    hits = _process_hits(_apostrophes(text))
    return [hits[0][1]] if hits else []


def _process_name_pattern() -> re.Pattern:
    cities = "|".join(re.escape(city) for city, _ in _CUES["processes"].values() if city)
    city = rf"(?:{cities})"
    return re.compile(
        rf"\b(?i:processus|process(?:es)?)\s+(?:de\s+|of\s+|d')?{city}"
        rf"(?:\s*(?:,|et|and|&)\s*(?:de\s+|d'|the\s+)?{city})*"
        rf"|\b{city}(?:\s*(?:,|and|et|&)\s*(?:the\s+)?{city})+\s+(?i:process(?:es)?)\b"
    )


_PROCESS_OF_CITY = {city.lower(): slug for slug, (city, _) in _CUES["processes"].items() if city}
_JOINT_NAMES = _process_name_pattern()

GOVERNANCE_KINDS = {"senior_officials_meeting", "ministerial_conference", "steering_committee"}


def meeting_domain(
    items: list[Item], title: str | None, meeting: dict | None, explicit: list[dict]
) -> str | None:
    """The domain (uid) of the Rabat Process action plan in force at the meeting's date that
    the meeting serves, or ``None`` (see the module's docstring)."""
    from .references import plan_in_force

    if not meeting or "rabat" not in (meeting.get("processes") or []):
        return None
    if set(meeting["processes"]) == {"rabat", "khartoum"} and _shared_framework_meeting(
        items, title
    ):
        return None
    if meeting.get("kind") in GOVERNANCE_KINDS:
        return None
    plan = plan_in_force(meeting.get("start_date"))
    if not plan:
        return None
    gaz = gazetteer()
    counts: dict[str, int] = {}
    for entry in explicit:
        if entry["id"].startswith(f"{plan}/"):
            domain = gaz.domain_of(entry["id"])
            if domain:
                counts[domain] = counts.get(domain, 0) + 1
    if counts:
        return max(counts, key=lambda uid: counts[uid])  # first named wins a tie
    subject = _subject(items, title, meeting.get("start_date"), meeting.get("end_date"))
    for number, pattern in _CUES["domain_topics"]:
        uid = f"{plan}/D{number}"
        if re.search(pattern, subject, re.I) and gaz.framework_item(plan, f"D{number}"):
            return uid
    return None


def _shared_framework_meeting(items: list[Item], title: str | None) -> bool:
    head = [title or "", *(i.text for i in cover(items))]
    return any(
        re.search(pattern, zone, re.I) and _meeting_kind([zone])
        for zone in head
        for _, pattern in _CUES["shared_frameworks"]
    )


_SUBJECT = re.compile(
    r"\b(?:consacrée?s? (?:à|au|aux)|dedicated to|devoted to|on the theme|sur le thème|"
    r"pour thème|avait pour thème|theme|thème|focus(?:ed|sed)? on|centrée? sur|"
    r"on \W?[A-Z])",
)


def _subject(items: list[Item], title: str | None, start: str | None, end: str | None) -> str:
    """What the meeting is about: its title, and the words after "consacrée à", "on the theme",
    "thematic meeting on ..." in the sentences that name the meeting (not another event)."""
    parts = [title or ""]
    for sentence in _own_sentences([i.text for i in items[:8]], start, end):
        kind = None
        for _, pattern in MEETING_KINDS:
            kind = re.search(pattern, _apostrophes(sentence), re.I)
            if kind:
                break
        if kind:
            tail = sentence[kind.end() :]
            cut = re.search(r"[.;:!?]\s|,\s+(?:which|qui|où|where|attended|with|avec)\b", tail)
            parts.append(tail[: cut.start()] if cut else tail)
        for match in _SUBJECT.finditer(sentence):
            tail = sentence[match.start() :]
            cut = re.search(r"[.;!?]\s|»", tail)
            parts.append(tail[: cut.start()] if cut else tail)
    # Names of processes and plans are not subjects ("Processus de Rabat ... développement").
    text = " ".join(parts)
    text = re.sub(_CUES["processes"]["rabat"][1], " ", text, flags=re.I)
    return text


def _place(text: str) -> tuple[str | None, str | None]:
    gaz = gazetteer()
    # Not where the meeting was: "Initially to be held in Paris", "devait se tenir à Dakar".
    text = re.sub(
        r"\b(?i:initially|originally|first|previously)\s+(?:(?i:planned|scheduled|foreseen|"
        r"meant|due|expected|set)\s+)?(?:(?i:to (?:be held|take place))\s+)?(?i:in|at)\s+"
        r"[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*){0,2}|"
        r"\b(?i:initialement|d'abord|précédemment)\s+(?:(?i:prévue?s?)\s+)?(?i:à|en|au)\s+"
        r"[A-ZÀ-Ý][\w'’-]*|\b(?i:devait (?:initialement )?se tenir (?:à|en|au))\s+[A-ZÀ-Ý][\w'’-]*",
        " ",
        text,
    )
    # Names of processes and declarations are not places: "Rabat Process", "Processus de
    # Rabat et de Khartoum", "the Rabat and Khartoum Processes", "Cairo Declaration".
    text = _JOINT_NAMES.sub(" ", text)
    text = re.sub(
        r"\b(?i:processus|process|declaration|déclaration|action plan|plan d'action|programme|"
        r"strategy|stratégie)\s+(?:de |of |d')?[A-ZÀ-Ý][\w-]+|\b[A-ZÀ-Ý][\w-]+(?:\s+[A-ZÀ-Ý]"
        r"[\w-]+){0,2}\s+(?:Process|Declaration|Action Plan|Programme|Strategy|Roadmap|"
        r"Convention|Summit)\b",
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
    # "à Marrakech (sud du Maroc)", "Addis-Abeba (Éthiopie)": a city followed by its country
    # in brackets.
    for match in re.finditer(
        r"(?P<city>[A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+){0,2})\s*\((?:[^()]{0,30}\s)?"
        r"(?P<country>[A-ZÀ-Ý][\w'’ -]+?)\)",
        text,
    ):
        iso = gaz.country_code(match.group("country").strip())
        if iso and not gaz.country_code(match.group("city")):
            return match.group("city"), iso
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
