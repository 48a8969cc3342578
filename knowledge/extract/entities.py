"""Organisations and countries mentioned in a document.

Organisations: every name or acronym the gazetteer knows (``reference/data/organisations.json``
and ``data/organisations_extra.json``: IOM/OIM, UNHCR/HCR, ECOWAS/CEDEAO, AU/UA, EU/UE...), plus
bodies the text defines with an acronym ("National Human Rights Council (CNDH)") or names as a
university. Ministries belong to people (their ``organisation``), not to this list; dialogues,
programmes and conventions are not organisations.

Countries: names (EN/FR, aliases) and demonyms ("Malian" -> ML), as ISO 3166-1 alpha-2 codes, in
order of first mention. Cities are not counted.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from .dates import find_dates
from .gazetteer import DATA_DIR, fold, gazetteer
from .prep import Item, sentences

_ORG_HEADS = (
    r"University|Université|Universidad|Institute|Institut|Centre|Center|Council|Conseil|Service|"
    r"Agency|Agence|Office|Organi[sz]ation|Foundation|Fondation|Fundación|Association|"
    r"Commission|Committee|Comité|Laboratory|Laboratoire|Bank|Banque|Fund|Fonds|Society|Société|"
    r"Observatory|Observatoire|Secretariat|Secrétariat|Union|Community|Communauté|Authority|"
    r"Autorité|Network|Réseau|Federation|Fédération|Alliance|Court|Cour"
)
_CONNECT = r"(?:of|for|on|and|the|de|du|des|la|le|l'|d'|pour|et|in|en|sur|y)"
_DEFINED = re.compile(
    rf"(?P<name>(?:[A-ZÀ-Ý][\w'’-]*|{_CONNECT})(?:[ ,]+(?:[A-ZÀ-Ý][\w'’-]*|{_CONNECT}))*)"
    r"\s*\((?P<acronym>[A-Z][A-Za-z-]*[A-Z][A-Za-z-]*)\)"
)
_UNIVERSITY = re.compile(
    r"\b(?:University|Université|Universidad) (?:of|de|du|d') [A-ZÀ-Ý][\w'-]+(?: [A-ZÀ-Ý][\w'-]+)?"
    r"|\b[A-ZÀ-Ý][\w'-]+ University\b"
)
_EXCLUDED_HEADS = (
    r"^(?:Ministry|Ministère|Ministerio|Department|Département|Directorate|Direction)\b"
)


def extract_organisations(items: list[Item]) -> list[dict]:
    gaz = gazetteer()
    found: dict[str, dict] = {}

    def add(key: str, record: dict):
        if key not in found:
            found[key] = record

    for item in items:
        text = item.text
        for slug, _written, _, _ in gaz.organisations_in(text):
            org = gaz.organisations[slug]
            add(slug, {"name": org["name"], "acronym": org["acronym"], "id": slug})
        for acronym, name in _defined_in(text):
            add(acronym, {"name": name, "acronym": acronym, "id": None})
        for match in _UNIVERSITY.finditer(text):
            name = match.group(0)
            if not gaz.organisation_slug(name):
                add(fold(name), {"name": name, "acronym": None, "id": None})
    return list(found.values())


def _defined_in(text: str) -> list[tuple[str, str]]:
    """(acronym, name) of the bodies ``text`` defines with an acronym that the gazetteer does
    not know: "the National Human Rights Council (CNDH)"."""
    gaz = gazetteer()
    found = []
    for match in _DEFINED.finditer(text):
        acronym = match.group("acronym")
        name = _trim_name(match.group("name"))
        if not name or gaz.organisation_slug(acronym) or gaz.organisation_slug(name):
            continue
        if re.match(_EXCLUDED_HEADS, name) or not re.search(rf"\b(?:{_ORG_HEADS})\b", name):
            continue
        if re.search(rf"\b(?:{_ORG_HEADS})s\b", name):  # "Civil Society Organisations"
            continue
        found.append((acronym, name))
    return found


def defined_organisations(items: list[Item]) -> dict[str, str]:
    """Acronym -> name of every body the document defines (first definition wins)."""
    defined: dict[str, str] = {}
    for item in items:
        for acronym, name in _defined_in(item.text):
            defined.setdefault(acronym, name)
    return defined


def _trim_name(name: str) -> str:
    """Keep the proper name just before the brackets: "the French Office for ... (OFII)"."""
    words = name.replace(",", " , ").split()
    # Walk back from the end while words are capitalised or connectors inside the name.
    kept: list[str] = []
    for position in range(len(words) - 1, -1, -1):
        word = words[position]
        if word == ",":
            # "Society for Studies, Advice and ... (SECAM)": a comma inside a capitalised name.
            before = words[position - 1] if position else ""
            if kept and kept[0][:1].isupper() and before[:1].isupper():
                kept.insert(0, ",")
                continue
            break
        if word[:1].isupper() or re.fullmatch(_CONNECT, word, re.I) and kept:
            kept.insert(0, word)
        else:
            break
    # Start at the organisation's head word nearest the brackets, with the capitalised words
    # just before it: "Permanent Secretary of the Superior Council for ..." -> "Superior Council".
    heads = [i for i, w in enumerate(kept) if re.fullmatch(rf"(?:{_ORG_HEADS})", w)]
    if heads:
        start = heads[-1]
        while start > 0 and kept[start - 1][:1].isupper() and kept[start - 1] != ",":
            start -= 1
        kept = kept[start:]
    while kept and (re.fullmatch(_CONNECT, kept[0], re.I) or kept[0] == ","):
        kept.pop(0)
    return " ".join(kept).replace(" , ", ", ")


def extract_countries(items: list[Item]) -> list[str]:
    """Every country the document names, in order of first mention."""
    gaz = gazetteer()
    seen: list[str] = []
    for item in items:
        for iso, _, _ in gaz.countries_in(item.text):
            if iso not in seen:
                seen.append(iso)
    return seen


def countries_taking_part(
    items: list[Item], meeting: dict | None, people: list[dict]
) -> tuple[list[str], list[str]]:
    """(countries that took part, countries only mentioned), each in order of first mention.

    A country took part when it is the venue's country, the own country of a person who spoke
    or took part (``people``: "Minister of Foreign Affairs of Senegal"), or when the text gives
    it a part in the meeting: a cue within a few words (hosted, chaired, co-chaired, presidency,
    delegation, handed over; "represented", "speaking for" only before the country:
    ``data/people_cues.json``), with no word that puts it in another time between or just
    before ("que détenait auparavant le Mali", "the future Moroccan Presidency"), or a list of
    three or more countries in a sentence about who came ("delegations from ...: Chad, Burkina
    Faso, ..."). A sentence that dates another event (a full date outside the meeting's) gives
    no part ("a Joint Steering Committee, held on 15th December 2020, chaired by the
    Netherlands"). Every other country named (context, examples, earlier or later meetings,
    places of projects) was mentioned.
    """
    took_part: set[str] = set()
    if meeting and meeting.get("country"):
        took_part.add(meeting["country"])
    took_part.update(person["country"] for person in people if person.get("country"))
    named = extract_countries(items)
    for item in items:
        for sentence in sentences(item.text):
            if not _dates_another_event(sentence, meeting):
                took_part.update(_took_part_in(sentence))
    return [iso for iso in named if iso in took_part], [
        iso for iso in named if iso not in took_part
    ]


def _dates_another_event(sentence: str, meeting: dict | None) -> bool:
    """The sentence gives a full date, and none of its dates falls on the meeting's days."""
    if not meeting or not meeting.get("start_date"):
        return False
    spans = find_dates(sentence)
    if not spans:
        return False
    first = dt.date.fromisoformat(meeting["start_date"]) - dt.timedelta(days=1)
    last = dt.date.fromisoformat(meeting.get("end_date") or meeting["start_date"])
    last += dt.timedelta(days=1)
    return not any(span.start <= last and (span.end or span.start) >= first for span in spans)


def _took_part_in(sentence: str) -> set[str]:
    hits = gazetteer().countries_in(sentence)
    if not hits:
        return set()
    found = set()
    cues = [
        (match, side)
        for side, patterns in (
            ("either", _TOOK_PART),
            ("before", _TOOK_PART_BEFORE),
            ("after", _TOOK_PART_AFTER),
        )
        for pattern in patterns
        for match in re.finditer(pattern, sentence, re.I)
    ]
    for iso, start, end in hits:
        for cue, side in cues:
            if cue.start() < end and cue.end() > start:
                stretch = ""  # a cue that overlaps the name
            elif cue.end() <= start and side != "after":
                stretch = sentence[cue.end() : start]
            elif cue.start() >= end and side != "before":
                stretch = sentence[end : cue.start()]
            else:
                continue
            window = _SUBJECT_WINDOW if side == "after" else _CUE_WINDOW
            if len(_WORD.findall(stretch)) > window or _BARRIER.search(stretch):
                continue
            if side == "after" and (gazetteer().countries_in(stretch) or _PASSIVE.search(stretch)):
                continue  # the verb's subject is another country, or none ("was recalled")
            # Two words before the pair too: "the future Moroccan Presidency".
            lead = " ".join(_WORD.findall(sentence[: min(start, cue.start())])[-2:])
            if any(re.search(pattern, f"{lead} {stretch}", re.I) for pattern in _OTHER_TIME):
                continue
            found.add(iso)
            break
    if any(re.search(pattern, sentence, re.I) for pattern in _TOOK_PART_LISTS):
        for run in _country_lists(sentence, hits):
            found.update(run)
    return found


def _country_lists(sentence: str, hits: list[tuple[str, int, int]]) -> list[list[str]]:
    """Runs of three or more countries separated only by commas, "and"/"et" and articles
    ("du Tchad, du Sénégal, de Mauritanie, ... et d'Allemagne")."""
    runs, current, last_end = [], [], None
    for iso, start, end in hits:
        if current and last_end is not None and _LIST_GAP.fullmatch(sentence[last_end:start]):
            current.append(iso)
        else:
            if len(current) >= 3:
                runs.append(current)
            current = [iso]
        last_end = end
    if len(current) >= 3:
        runs.append(current)
    return runs


with (DATA_DIR / "people_cues.json").open(encoding="utf-8") as _handle:
    _CUES = json.load(_handle)
_TOOK_PART = _CUES["took_part"]
_TOOK_PART_BEFORE = _CUES["took_part_before"]
_TOOK_PART_AFTER = _CUES["took_part_after"]
_TOOK_PART_LISTS = _CUES["took_part_lists"]
_OTHER_TIME = _CUES["other_time"]
_CUE_WINDOW = 8  # words between a cue and the country it is about
_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|be|été|est|sont|fut)\s*$", re.I)
_SUBJECT_WINDOW = 4  # words between a country and its verb ("Burkina Faso, for its part, recalled")
_WORD = re.compile(r"[\w'’-]+")
# A cue does not reach across a dash, a semicolon or brackets ("Under French leadership, the
# Process – 40 member states, among them Switzerland, Norway ... –").
_BARRIER = re.compile(r"\s[–—-]\s|;|[()]")
_LIST_GAP = re.compile(
    r"[\s,]*(?:(?:and|et|or|ou)\s+)?(?:(?:the|le|la|les|du|des|de|de la|de l['’]|d['’]|l['’])\s*)?",
    re.I,
)
