"""People named in a document, with their title, organisation, country and role.

A person is found (1) after an honorific ("Mr", "Ms", "Mrs", "Dr", "H.E.", "His Excellency",
"M.", "Mme"...), which is not kept in the name, or (2) after a role label ("Chair:",
"Moderator:", "Speakers:", "Présidé par", "Intervenants :") or at the start of a list item in a
speakers / participants section. The words after the name describe the person: "Mr X, Director
of Y at the Ministry of Z of Mali, presented" gives the title ("Director of Y"), the
organisation ("Ministry of Z of Mali") and the country (Mali, from a name or a demonym; none for
staff of an international organisation). A later "Mr X" or "Ms Surname" is the same person.

Roles come from cues before the name in the same sentence ("the co-chairs, Mr X", "chaired by",
"moderated by", "assisted by"/"experts:"), from the section ("Opening by the co-chairs" + "opened"),
else "speaker"; people listed under a participants heading are "participant". A person with
several roles keeps the strongest (chair > co-chair > moderator > expert > speaker > participant)
in ``role`` and all of them in ``roles``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..text import LIST_ITEM
from .gazetteer import DATA_DIR, fold, gazetteer
from .prep import Item, sentences

with (DATA_DIR / "people_cues.json").open(encoding="utf-8") as _handle:
    _CUES = json.load(_handle)
_HEAD = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(sorted(_CUES["title_heads"], key=len, reverse=True))
    + r")(?![\w-])",
    re.I,
)
_NO_TITLE_HEAD = "(?i:" + "|".join(_CUES["no_title_heads"]) + ")"
_NOT_NAME_WORDS = {fold(word) for word in _CUES["not_name_words"]}

_HONORIFIC = (
    r"(?:(?:His|Her|Son|Sa)\s+(?:Excellency|Excellence)\s+|H\.\s?E\.\s+|S\.\s?E\.\s+)?"
    r"(?:(?:Mr|Mrs|Ms|Mme|Mlle|Dr|Prof|M)\.?(?=\s)|Miss|Madame|Monsieur|Professor|Professeur"
    r"|Ambassador|Ambassadeur|Ambassadrice|Honou?rable|(?<=Excellency )|(?<=Excellence )"
    r"|(?<=H\.E\. )|S\.E\.M\.?(?=\s))"
)
_PARTICLE = (
    r"(?:von der|van der|van den|van de|de los|de las|de|da|del|della|di|do|dos|das|du|van|von|"
    r"der|den|le|la|bin|ben|ould|ag|al|el)"
)
_TOKEN = r"[A-ZÀ-Ý][\w'’.-]*[\w]"
_NAME = rf"(?P<name>{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_TOKEN}){{0,4}})"
_MENTION = re.compile(rf"(?<![\w]){_HONORIFIC}\s*{_NAME}")
_NOT_NAME = {
    "the", "le", "la", "les", "president", "minister", "ministre", "chair", "director",
    "secretary", "ambassador", "head", "directeur", "directrice", "président", "présidente",
}  # fmt: skip
_STOP_TOKENS = {"Then", "Also", "And", "Et", "From", "Of", "The", "In"}

ROLE_ORDER = ["chair", "co-chair", "moderator", "expert", "speaker", "participant"]
_ROLE_CUES = [
    ("co-chair", r"co-?chair|co-?présid|coprésid"),
    ("chair", r"\bchair(?:ed|man|men|woman|person|s)?\b|\bprésid(?:é|ée|ent|ente|ence)\b"),
    ("moderator", r"\bmoderat|\bmodérat|\bmodéré|\bfacilitat|\banimé"),
    ("expert", r"\bexperts?\b|assisted by|supported by|assistée? par|appuyée? par"),
]
_LABEL = re.compile(
    r"(?P<label>Co-?chairs?(?:ed by)?|Chair(?:ed by|person|s)?|Moderat(?:or|ors|ed by)|"
    r"Facilitat(?:or|ors|ed by)|Speakers?|Panel(?:l)?ists?|Presented by|Presenters?|Experts?|"
    r"Rapporteur|Coprésid(?:é|ée) par|Coprésidents?|Co-présidents?|Présid(?:é|ée) par|"
    r"Président(?:e)?|Modérat(?:eur|rice)s?|Modéré(?:e)? par|Animé(?:e)? par|"
    r"Intervenant(?:e)?s?|Présenté(?:e)? par|Panélistes?)\s*:?\s+",
    re.IGNORECASE,
)
_PEOPLE_SECTION = re.compile(
    r"\b(?:speakers?|panel(?:l)?ists?|intervenants?|participants?|presenters?|moderators?|"
    r"chairs?|experts?|orateurs?)\b",
    re.I,
)
_ORG_KEYWORDS = (
    r"Service|Services|Ministry|University|Université|Institute|Institut|Centre|Center|Council|Conseil|Agency|Agence|"
    r"Office|Organi[sz]ation|Foundation|Fondation|Association|Commission|Committee|Comité|"
    r"Laboratory|Laboratoire|Bank|Banque|Fund|Fonds|Embassy|Ambassade|Network|Réseau|"
    r"Observatory|Observatoire|Secretariat|Secrétariat|Directorate|Direction|Delegation|"
    r"Délégation|Police|Gendarmerie|Court|Tribunal|Parliament|Assembly|Assemblée|NGO|ONG"
)
_CONNECTORS = {
    "of", "for", "in", "and", "the", "on", "de", "du", "des", "la", "le", "l'", "d'", "et",
    "à", "aux", "charge", "chargé", "chargée", "en", "y",
}  # fmt: skip


_AFTER_COMMA = {
    "at",
    "of",
    "for",
    "in",
    "from",
    "with",
    "within",
    "de",
    "du",
    "des",
    "auprès",
    "au",
}
# A second function after a comma continues the description: "ministre d'État, ministre de ...".
_FUNCTION_WORDS = {
    "minister", "ministre", "director", "directeur", "directrice", "head", "chef", "cheffe",
    "president", "président", "présidente", "secretary", "secrétaire", "adviser", "advisor",
    "conseiller", "conseillère", "deputy", "adjoint", "adjointe", "coordinator", "coordinateur",
    "coordinatrice", "ambassador", "ambassadeur", "ambassadrice", "officer", "chargé", "chargée",
    "vice", "co",
}  # fmt: skip
_FR_ORG_HEADS = (
    r"tribunal|ministère|direction|service|agence|office|conseil|commission|cour|"
    r"observatoire|université|institut|ambassade|délégation|secrétariat|bureau|centre"
)
_FR_ORG = re.compile(
    r"(?:\s(?:au|à la|à l'|auprès du|auprès de la|auprès de l'|du|de la|de l')\s*|,\s*)"
    rf"(?=(?i:{_FR_ORG_HEADS})\b)"
)


@dataclass
class Person:
    name: str
    title: str | None = None
    organisation: str | None = None
    organisation_id: str | None = None
    country: str | None = None
    roles: list[str] = field(default_factory=list)
    first: int = 0

    @property
    def role(self) -> str:
        return min(self.roles or ["speaker"], key=ROLE_ORDER.index)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "organisation": self.organisation,
            "country": self.country,
            "role": self.role,
            "roles": sorted(set(self.roles), key=ROLE_ORDER.index),
            "organisation_id": self.organisation_id,
        }


_LEADING_HONORIFIC = re.compile(
    r"^(?:(?:His|Her|Son|Sa)\s+(?:Excellency|Excellence)\s+|H\.\s?E\.\s+|S\.\s?E\.\s+)?"
    r"(?:(?:Mr|Mrs|Ms|Mme|Mlle|Dr|Prof|M)\.?\s+|S\.E\.M\.?\s+"
    r"|(?:Miss|Madame|Monsieur|Professor|Professeur|Honou?rable)\s+)?"
)


def _clean_name(raw: str) -> str | None:
    raw = _LEADING_HONORIFIC.sub("", raw)
    tokens = raw.split()
    while tokens and (tokens[-1] in _STOP_TOKENS or tokens[-1].lower() in _NOT_NAME):
        tokens.pop()
    while tokens and tokens[0].lower() in _NOT_NAME:
        tokens.pop(0)
    # A surname first in capitals ("BAZOUM Mohamed") goes last, as in "Mohamed BAZOUM".
    capitals = 0
    while capitals < len(tokens) and len(tokens[capitals]) > 1 and tokens[capitals].isupper():
        capitals += 1
    if 0 < capitals < len(tokens) and not any(t.isupper() for t in tokens[capitals:]):
        tokens = tokens[capitals:] + tokens[:capitals]
    name = " ".join(tokens).strip(" .,'’")
    if not name or len(name) < 3 or name.isupper() and len(name) <= 5:
        return None
    if gazetteer().country_code(name) or gazetteer().organisation_slug(name):
        return None
    return name


def _description(rest: str) -> str:
    """The words describing a person, right after the name."""
    rest = rest.lstrip()
    if rest.startswith("("):
        depth, out = 0, []
        for char in rest:
            depth += char == "("
            depth -= char == ")"
            out.append(char)
            if depth == 0:
                break
        return "".join(out)[1:-1]
    match = re.match(r"^(?:,|\s[-–]\s|[-–:]\s)\s*", rest)
    if not match:
        org = re.match(r"^(?:from|of|at|de|du|de la|of the|from the)\s+(.+)", rest)
        if org:
            phrase = re.match(
                rf"((?:the\s+)?{_TOKEN}(?:\s+(?:{'|'.join(_CONNECTORS)}|{_TOKEN}))*)", org.group(1)
            )
            return "@" + phrase.group(1) if phrase else ""
        return ""
    rest = rest[match.end() :]
    rest = re.sub(r"^(?:a|an|the|le|la|l')\s+", "", rest, flags=re.I)
    out, depth = [], 0
    position = 0
    while position < len(rest):
        char = rest[position]
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        elif (
            depth == 0
            and char in ";"
            or depth == 0
            and char == "."
            and re.match(r"\.(?:\s|$)", rest[position:])
        ):
            break
        elif depth == 0 and char in '"“«' and re.search(r"\)\s+$", "".join(out)):
            # "... (FDFA) "The Migration ...": a quotation opens after the organisation's
            # acronym, the next speaker's words run on (lines of a PDF joined).
            break
        elif depth == 0 and char == ",":
            following = rest[position + 1 :].lstrip()
            word = re.match(r"[\w'’]+", following)
            if (
                following[:1].islower()
                and word
                and word.group(0) not in _AFTER_COMMA
                and word.group(0).lower() not in _FUNCTION_WORDS
                and not re.fullmatch(_FR_ORG_HEADS, word.group(0).lower())
            ):
                break
            if re.match(r"(?:and|et)\s", following) or _MENTION.match(following):
                break
            if _next_person(following):  # "..., Name, Minister of ..." in a list of speakers
                break
        elif (
            depth == 0
            and re.match(r" (?:and|et) ", rest[position:])
            and _next_person(rest[position + 1 :].split(" ", 1)[1])
        ):
            break
        out.append(char)
        position += 1
    text = "".join(out).strip(" ,")
    # A verb ends the description when no comma does ("... (ICMPD) then summarised").
    text = re.split(r"\s+(?:then|also|subsequently|ensuite|puis)\s+[a-zé]+", text)[0]
    # ... and so does a French verb in the past tense ("... à la Migration a lancé les échanges").
    text = re.split(
        r"\s+(?:a|ont|avait|avaient)\s+(?:[a-zéèêîô]+(?:é|ée|és|ées|i|is|it|u|us)|ouvert|dit|fait|pris)\b",
        text,
    )[0]
    return text.strip(" ,–-")


def _next_person(text: str) -> bool:
    """``text`` opens with another person and their title: "Sadiya Umar Farouq, Minister ..."."""
    match = _NEXT_PERSON.match(text)
    return bool(match) and _name_like(match.group("name").split())


def _ministry(text: str) -> tuple[int, int] | None:
    match = re.search(r"\b(?:[Mm]inistry|[Mm]inistère|Ministerio|Ministério|Ministero)\b", text)
    if not match:
        return None
    start = match.start()
    before = text[:start].split(" ")
    words = [w for w in before if w][-3:]
    taken = 0
    for word in reversed(words):
        if word[:1].isupper() and word.lower() not in _CONNECTORS and not word.endswith(","):
            taken += 1
        else:
            break
    if taken:
        start = len(" ".join(before[: len(before) - taken - (1 if before[-1] == "" else 0)]))
        start = start + 1 if start else 0
    end = match.end()
    if match.group(0).lower() == "ministère":
        # French names keep lower case after the first word: take the rest of the description,
        # up to a country given on its own (", Sénégal").
        tail = re.split(r",\s*(?=[A-ZÀ-Ý])", text[end:])
        kept = [tail[0]]
        for part in tail[1:]:
            hits = gazetteer().countries_in(part)
            if hits and hits[0][1] == 0 and hits[0][2] >= len(part.strip()) - 1:
                break
            kept.append(part)
        return start, end + len(", ".join(kept).rstrip(" ,"))
    for token in re.finditer(r"\s*(,\s*(?=[A-ZÀ-Ý])|[\w'’-]+|\([A-Z][A-Za-z-]+\))", text[end:]):
        word = token.group(1).strip()
        if word.startswith(","):
            rest = text[match.end() + token.end() :].lstrip()
            if (
                gazetteer().countries_in(rest[:40])
                and gazetteer().countries_in(rest[:40])[0][1] == 0
            ):
                break
        capital = word[:1].isupper() or re.match(r"[dl]'[A-ZÀ-Ý]", word)
        if word.startswith(",") or capital or word.lower() in _CONNECTORS or word.startswith("("):
            end = match.end() + token.end()
            continue
        break
    phrase = text[start:end]
    trimmed = re.sub(r"(?:[\s,]+(?:and|of|for|the|in|de|du|des|et|la|le))+\s*$", "", phrase)
    return start, start + len(trimmed.rstrip(" ,"))


def _split_description(desc: str) -> tuple[str | None, str | None, str | None]:
    """(title, organisation, organisation_id) from a description."""
    gaz = gazetteer()
    if desc.startswith("@"):  # "from UNHCR", "of the ECOWAS Commission"
        phrase = desc[1:].strip()
        phrase = re.sub(r"^the\s+", "", phrase)
        return None, phrase or None, gaz.organisation_slug(phrase)
    if not desc:
        return None, None, None
    quoted = _QUOTED_BODY.search(desc)
    if quoted:  # 'vice-president of the association "Migrations et Développement"'
        name = quoted.group("name")
        return _trim_title(desc[: quoted.start("open")]), name, gaz.organisation_slug(name)
    span = _ministry(desc)
    if span:
        org = desc[span[0] : span[1]].strip(" ,")
        title = desc[: span[0]]
    else:
        # "EU-Africa Dialogue", "AU-Horn of Africa": an acronym inside a compound names no body.
        hits = [
            hit
            for hit in gaz.organisations_in(desc)
            if not re.match(r"-\w", desc[hit[3] :]) and not re.search(r"\w-$", desc[: hit[2]])
        ]
        possessive = [hit for hit in hits if re.match(r"['’]s\b", desc[hit[3] :])]
        if possessive:  # "Senior Coordinator of ICMPD's Support Project": ICMPD's staff
            slug, written, _, _ = possessive[0]
            return _trim_title(desc), written, slug
        if hits:
            slug, written, start, end = hits[-1]
            # Keep the whole named body: "European Commission (DG HOME)", "IOM" after its name.
            between = desc[hits[-2][3] : start].strip() if len(hits) > 1 else None
            if len(hits) > 1 and hits[-2][0] == slug and between in ("(", "-", "–", ",", "/"):
                start = hits[-2][2]
                end = end + 1 if desc[end : end + 1] == ")" else end
            elif len(hits) > 1 and desc[max(0, start - 2) : start].strip() == "(":
                previous = hits[-2]
                if previous[0] == slug or desc[previous[3] : start].strip() == "(":
                    start = previous[2]
                    end = end + 1 if desc[end : end + 1] == ")" else end
            elif desc[max(0, start - 2) : start].strip() == "(":
                bracket = desc.rfind("(", 0, start)
                # "Programme Director, German Corporation for International Cooperation (GIZ)":
                # the capitalised words between the last comma and the bracket are its name.
                comma = desc.rfind(",", 0, bracket)
                name = desc[comma + 1 : bracket].strip() if comma > 0 else ""
                if re.fullmatch(rf"{_TOKEN}(?:\s+(?:{_TOKEN}|of|for|and|de|du|des|et))*", name):
                    return _trim_title(desc[:comma]), f"{name} ({written})", slug
                return _trim_title(desc[:bracket]), written, slug
            return _trim_title(desc[:start]), desc[start:end].strip(), slug
        french = _FR_ORG.search(desc)
        if french:
            return _trim_title(desc[: french.start()]), desc[french.end() :].strip(), None
        matches = list(
            re.finditer(
                rf"(?:\bat|\bof|\bfor|\bwith|\bfrom|\bin|,)\s+(?:the\s+)?"
                rf"((?:(?:{_TOKEN}|and|of|for|de|du|des|la|et)\s+)*?(?:{_ORG_KEYWORDS})\b[^,;]*)",
                desc,
            )
        )
        match = matches[-1] if matches else None
        if match:
            org = match.group(1).strip()
            title = desc[: match.start()]
        elif re.match(rf"^(?:the\s+)?(?:{_TOKEN}\s*)+(?:\([A-Z]+\))?$", desc) and re.search(
            _ORG_KEYWORDS, desc
        ):
            return None, desc, gaz.organisation_slug(desc)
        else:
            # "Title, Organisation[, Country]" as written in agendas and lists of speakers.
            parts = [p.strip() for p in desc.split(",")]
            while len(parts) > 1 and gaz.country_code(parts[-1]):
                parts.pop()
            if _portfolio(parts):
                return _trim_title(", ".join(parts)), None, None
            if len(parts) > 1 and parts[-1][:1].isupper() and len(parts[-1].split()) >= 2:
                return (
                    _trim_title(", ".join(parts[:-1])),
                    parts[-1],
                    gaz.organisation_slug(parts[-1]),
                )
            return _trim_title(", ".join(parts)), None, None
    return _trim_title(title), org or None, gaz.organisation_slug(org) if org else None


_QUOTED_HEADS = (
    r"\b(?:association|organi[sz]ation|NGO|ONG|network|réseau|collectif|foundation|fondation)"
)
_QUOTED_BODY = re.compile(
    _QUOTED_HEADS + r"\s+(?P<open>[\"“«])\s*(?P<name>[^\"”»]{3,80}?)\s*[\"”»]",
    re.I,
)


def _portfolio(parts: list[str]) -> bool:
    """A minister's portfolio listed with commas, not "Title, Organisation": "Minister of
    Foreign Affairs, Emigration and Egyptian Expatriates"."""
    opening = r"(?i:(?:[\w-]+\s+)?(?:minister|ministre|secretary of state|secrétaire d['’]état))\b"
    first = next((i for i, part in enumerate(parts[:-1]) if re.match(opening, part)), None)
    return first is not None and not any(
        re.search(rf"\b(?:{_ORG_KEYWORDS})\b", part) or gazetteer().organisation_slug(part)
        for part in parts[first + 1 :]
    )


def _trim_title(title: str) -> str | None:
    # "Director-General of Ivorians Abroad in Côte d'Ivoire's [Ministry ...]": the possessive
    # belongs to the ministry.
    title = re.sub(r"\s+(?:in|at|of|au|à)\s+(?:(?!\s(?:in|at|of|au|à)\s)[^,])*['’]s\s*$", "", title)
    title = re.sub(r"\s+(?:à|de|auprès de)\s+l'$|\s+[ld]'$", "", title.rstrip())
    title = re.sub(
        r"(?:[\s,]+(?:at|of|for|in|from|with|to|the|à|de|du|des|au|aux|auprès)\b)+[\s,]*$",
        "",
        title,
    )
    title = title.strip(" ,–-:")
    return title or None


def _country(desc: str, organisation: str | None, org_id: str | None) -> str | None:
    gaz = gazetteer()
    if org_id:
        return None  # staff of an organisation in the gazetteer (international or regional)
    for text in (organisation or "", desc):
        hits = gaz.countries_in(text)
        if hits:
            return hits[0][0]
    # A court or office "of Niamey": the country of a known city named in the organisation.
    if re.search(
        r"\b(?:tribunal|court|cour|police|gendarmerie|préfecture|prefecture|mairie|municipality|"
        r"city council|commune|governorate|gouvernorat)\b",
        organisation or "",
        re.I,
    ):
        cities = gaz.cities_in(organisation or "")
        return cities[0][1] if cities else None
    return None


def _role_from_context(before: str, section: str, sentence: str) -> str | None:
    """The role cue nearest before the name ("chaired by X and moderated by Y")."""
    best = None
    for role, pattern in _ROLE_CUES:
        for match in re.finditer(pattern, before, re.I):
            if role == "chair" and re.search(r"co-?$", before[: match.start()], re.I):
                continue  # "co-chairmen" is a co-chair cue
            if best is None or match.start() >= best[1]:
                best = (role, match.start())
    if best:
        return best[0]
    if re.search(r"\bopen(?:ed|ing|s)\b|\bouvert|\bclos(?:ed|ing)\b|\bclôtur", sentence, re.I):
        for role, pattern in _ROLE_CUES[:2]:
            if re.search(pattern, section, re.I):
                return role
    return None


class _Registry:
    def __init__(self):
        self.people: list[Person] = []

    def find(self, name: str) -> Person | None:
        key = fold(name)
        last = key.split()[-1]
        for person in self.people:
            known = fold(person.name)
            if known == key:
                return person
            tokens = known.split()
            if len(key.split()) == 1 and (last == tokens[-1] or last in tokens[1:]):
                return person
            if len(key.split()) > 1 and (
                known.endswith(" " + key)
                or key.endswith(" " + tokens[-1])
                and tokens[0] == key.split()[0]
            ):
                return person
        return None

    def add(self, name, desc, role, position, *, allow_single=False, country_hint=None):
        person = self.find(name)
        if person is None:
            if len(name.split()) < 2 and not (allow_single or _reads_as_description(desc)):
                return  # "Outre M. Reynders, la délégation ...": a surname seen before
            person = Person(name=name, first=position)
            self.people.append(person)
        if desc and not (person.title or person.organisation):
            title, org, org_id = _split_description(desc)
            person.title, person.organisation, person.organisation_id = title, org, org_id
            person.country = _country(desc.lstrip("@"), org, org_id)
        if not person.country and not person.organisation_id and country_hint:
            person.country = country_hint  # "le ministre ... sénégalais, Name"
        person.roles.append(role)


def extract_people(items: list[Item]) -> list[dict]:
    registry = _Registry()
    position = 0
    intro = ""
    for item in items:
        if item.kind != LIST_ITEM:
            label = re.search(rf"({_PEOPLE_SECTION.pattern})\s*:\s*$", item.text, re.I)
            intro = label.group(1) if label else ""
        item.intro_people = intro if item.kind == LIST_ITEM else ""
        section_is_people = bool(_PEOPLE_SECTION.search(item.section or ""))
        participants = bool(re.search(r"participants?|liste des", item.section or "", re.I))
        for sentence in sentences(item.text):
            position += 1
            found = _people_in(sentence, registry)
            previous_end = 0
            titles: list[tuple[int, int]] = []  # titles written before earlier names
            for name, start, end, desc, hint, context in found:
                if _cited(sentence, previous_end, start) or _elsewhere(sentence[end:]):
                    previous_end = end
                    continue
                previous_end = end
                # Another person's title is no role cue: "Le président de la République, X, a
                # reçu le ministre ..., Y" gives Y no chair.
                before = sentence[:context]
                for title_start, title_end in titles:
                    before = (
                        before[:title_start] + " " * (title_end - title_start) + before[title_end:]
                    )
                if context < start:
                    titles.append((context, start))
                role = _role_from_context(before, item.section, sentence)
                if participants and not role:
                    role = "participant"
                registry.add(name, desc, role or "speaker", position, country_hint=hint)
            if found:
                continue
            _labelled(registry, sentence, item, position, section_is_people, participants)
    _organisations_defined_in_the_text(registry.people, items)
    people = sorted(registry.people, key=lambda p: p.first)
    return [p.as_dict() for p in people]


def _people_in(sentence: str, registry: _Registry) -> list[tuple]:
    """(name, start, end, description, country hint) of the people a sentence names, in order.

    Three forms, the first that covers a stretch of text wins: after an honorific ("Mr X"),
    a name before its title ("X, Director of ..."), and a title before the name ("the Minister
    of X, Name", "le ministre ... Name"), with "Name (ORG)" for a name and its organisation.
    """
    found: list[tuple] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for _, s, e, *_ in found)

    for match in _MENTION.finditer(sentence):
        name = _clean_name(match.group("name"))
        if name and free(match.start("name"), match.end("name")):
            desc = _description(sentence[match.end("name") :])
            if _clause(desc):
                desc = ""  # "Ambassador X, opened the session"
            found.append((name, match.start("name"), match.end("name"), desc, None, match.start()))
    for match in _TITLED.finditer(sentence):
        start, raw = _strip_leading(match.start("name"), match.group("name"))
        tokens = raw.split()
        if not 2 <= len(tokens) <= 4 or not _name_like(tokens):
            continue
        name = _clean_name(raw)
        if not name or not free(start, match.end("name")):
            continue
        desc = _description(sentence[match.end("name") :])
        found.append((name, start, match.end("name"), desc, None, start))
    # After a role label ("Speakers: A (IOM), B (UNHCR) and C (...)") the label's own reading
    # takes every name of the list.
    bracketed = () if _LABEL.search(sentence) else _BRACKETED.finditer(sentence)
    for match in bracketed:
        start, raw = _strip_leading(match.start("name"), match.group("name"))
        tokens = raw.split()
        acronym = match.group("acronym")
        if not 2 <= len(tokens) <= 4 or not _name_like(tokens):
            continue
        if not gazetteer().organisation_slug(acronym):
            continue
        before = re.search(r"([\w'’]+)\s*$", sentence[:start])
        if before and fold(before.group(1)) in _CONNECTOR_WORDS - {"and", "et"}:
            continue  # "Economic Community of West African States (ECOWAS)": a body's name
        name = _clean_name(raw)
        if name and free(start, match.end("name")):
            desc = _description(sentence[match.end("name") :])
            found.append((name, start, match.end("name"), desc, None, start))
    for name, start, end, title, no_title, title_start in _title_first(sentence):
        name = _clean_name(name)
        if not name:
            continue
        desc = _description(sentence[end:])
        if not _reads_as_description(desc) or _clause(desc):
            desc = ""  # ", transmettra le témoin": a verb, not a description
        hint = _country(title, None, None)
        if not desc and not no_title:
            desc = re.sub(r"^(?:the|le|la|les|son|sa|ses|his|her|its|their|leur|du|au)\s+|^l['’]",
                          "", title, flags=re.I)  # fmt: skip
        # Role cues count before the title only: "le président de la Commission, X" is no chair.
        entry = (name, start, end, desc, hint, title_start)
        if free(start, end):
            found.append(entry)
            continue
        # The same person found after an honorific, with no description after the name: the
        # title before it describes them ("..., Ambassador X, opened the session").
        for position, known in enumerate(found):
            if known[0] == name and not _reads_as_description(known[3]):
                found[position] = entry
    return sorted(found, key=lambda entry: entry[1])


def _reads_as_description(desc: str) -> bool:
    """A title or an organisation, not the rest of a clause ("transmettra le témoin ...",
    "opened the session")."""
    return bool(desc) and bool(
        desc[:1].isupper() or desc.startswith("@") or _TITLE_OPENING.match(desc)
    )


def _clause(desc: str) -> bool:
    """A description that is the rest of the sentence: it opens with a verb in the past, or
    holds a finite verb ("the Commission will fund the project")."""
    word = re.match(r"[a-zà-ÿ]+", desc or "")
    if word and re.fullmatch(r"[a-z]+ed|a|ont", word.group(0)):
        return True
    return bool(re.search(_FINITE_VERB, desc or ""))


_FINITE_VERB = r"\b(?:will|would|has|have|had|is|are|was|were|said|says|est|sont|sera|seront|ont)\b"


def _cited(sentence: str, previous_end: int, start: int) -> bool:
    """A person only cited: the minister someone represented or spoke for.

    The cue sits between the previous person of the sentence and this one ("X représentait la
    France ainsi que son ministre, Y"); with nobody before, it must lead straight to the name
    ("lue au nom du ministre Y"), with no comma between.
    """
    stretch = sentence[previous_end:start]
    for pattern in _CUES["cited_before"]:
        for match in re.finditer(pattern, stretch, re.I):
            if previous_end or "," not in stretch[match.end() :]:
                return True
    return False


def _elsewhere(after: str) -> bool:
    """The rest of the sentence says the person came for something else."""
    return any(re.search(pattern, after, re.I) for pattern in _CUES["elsewhere_after"])


def _strip_leading(start: int, raw: str) -> tuple[int, str]:
    """Drop capitalised function words before a name ("Pour Jeacqueline Zaba", "And X")."""
    while True:
        head, _, rest = raw.partition(" ")
        if rest and (head in _NOT_FIRST or head in _STOP_TOKENS):
            start += len(head) + 1
            raw = rest.lstrip()
            continue
        return start, raw


def _name_like(tokens: list[str]) -> bool:
    """Words that can be a person's name: no word of a title, portfolio or body."""
    gaz = gazetteer()
    for token in tokens:
        word = fold(token.strip(".,"))
        if word in _NOT_NAME_WORDS or token in _NOT_FIRST or token in _STOP_TOKENS:
            return False
        if _HEAD.fullmatch(token) or re.fullmatch(rf"(?i:{_TITLE_WORDS})", token):
            return False
        if re.fullmatch(rf"(?:{_ORG_KEYWORDS})", token) or gaz.country_code(token):
            return False
    return True


_DETERMINER = re.compile(
    r"(?:^|[\s(])(?:the|le|la|les|son|sa|ses|his|her|its|their|leur|leurs|du|au|aux)$"
    r"|(?:^|[\s(])[lL]['’]$",
    re.I,
)
_CONNECTOR_WORDS = {
    "of", "for", "in", "and", "the", "on", "at", "to", "de", "du", "des", "la", "le", "les", "et",
    "à", "au", "aux", "en", "sur", "pour", "y",
}  # fmt: skip


def _opens_title(before: str) -> bool:
    """A function written before the name starts the sentence or follows a determiner, with up
    to two words between ("le vice-Premier ministre", "l'honorable ministre", "the French
    Minister")."""
    text = before.rstrip()
    for _ in range(3):
        if not text or _DETERMINER.search(text) or re.search(r"^C['’]est$", text):
            return True
        word = re.search(r"(?:^|\s)([\w'’-]+)$", text)
        if not word or word.group(1).lower() in _CONNECTOR_WORDS:
            return False
        if re.match(r"[lL]['’]\w", word.group(1)):  # "l'honorable ministre"
            return True
        text = text[: word.start()].rstrip()
    return False


_ABBREVIATION = r"(?:[A-Z]|Mr|Mrs|Ms|Dr|M|St)\."
_NAME_AT = re.compile(rf"\s*{_NAME}")
_TITLE_OPENING = re.compile(r"(?:vice-|sous-|deputy\s+)?" + _HEAD.pattern, re.I)
_AFTER_NAME = re.compile(r"\s*(?:$|[,.;)(]|[-–]\s|\s*(?=[a-zà-ÿ]))")


def _title_first(sentence: str) -> list[tuple[str, int, int, str, bool, int]]:
    """(name, start, end, title, no_title, title_start) for functions written before the name.

    "le ministre des Affaires étrangères sénégalais, Madické Niang", "the Minister of the
    Interior, Name", "son homologue burkinabè, Alpha Barry" (an appositive after a comma), and
    "le ... ministre ... de la Belgique Alexander De Croo qui" (no comma: the name is the first
    run of capitalised words after a lower-case word or a country, never after "of"/"de").
    """
    out = []
    taken_until = 0
    for head in _HEAD.finditer(sentence):
        if head.start() < taken_until:
            continue
        title_start = _title_start(sentence, head.start())
        if title_start is None:
            continue
        no_title = bool(re.fullmatch(_NO_TITLE_HEAD, head.group(0)))
        previous = head.group(0).split()[-1]
        tokens = list(re.finditer(r"[,;:()«»“”\"]|[^\s,;:()«»“”\"]+", sentence[head.end() :]))
        for count, token in enumerate(tokens[:40]):
            at = head.end() + token.start()
            text = token.group(0)
            if text != "," and (text in ';:()«»“”"' or not re.match(r"[\w'’-]", text)):
                break  # punctuation, or a bullet glyph run into the sentence
            if count and text.endswith(".") and not re.fullmatch(_ABBREVIATION, text):
                break  # the end of a sentence the splitter did not see
            if text == ",":
                candidate = _name_after(sentence, at + 1)
                if candidate:
                    name, start, end = candidate
                    title = sentence[title_start:at].strip()
                    out.append((name, start, end, title, no_title, title_start))
                    taken_until = end
                    break
                previous = ","
                continue
            if text[:1].isupper() and previous != ",":
                lower = previous[:1].islower() and fold(previous) not in _CONNECTOR_WORDS
                candidate = _name_at(sentence, at, after_lower=lower or count == 0)
                if candidate:
                    name, start, end = candidate
                    title = sentence[title_start:start].strip()
                    out.append((name, start, end, title, no_title, title_start))
                    taken_until = end
                    break
            previous = text
    return out


def _title_start(sentence: str, head_start: int) -> int | None:
    before = sentence[:head_start]
    if not _opens_title(before):
        return None
    # Start after the determiner: keep the words between it and the head ("vice-Premier").
    text = before.rstrip()
    for _ in range(3):
        determiner = _DETERMINER.search(text)
        if not text or determiner:
            return determiner.end() if determiner else 0
        word = re.search(r"(?:^|\s)([\w'’-]+)$", text)
        if re.match(r"[lL]['’]\w", word.group(1)) or re.match(r"^C['’]est$", text):
            return word.start(1) + (2 if re.match(r"[lL]['’]\w", word.group(1)) else 0)
        text = text[: word.start()].rstrip()
    return head_start


def _name_after(sentence: str, at: int) -> tuple[str, int, int] | None:
    """A name right after a comma, followed by the end, punctuation or a lower-case word; an
    honorific before it is skipped ("the Head of the EU Delegation, Ambassador X Y")."""
    honorific = re.match(rf"\s*(?:[lL]['’])?{_HONORIFIC}\s+(?=[A-ZÀ-Ý])", sentence[at:])
    if honorific:
        at += honorific.end()
    match = _NAME_AT.match(sentence, at)
    if not match or not _AFTER_NAME.match(sentence, match.end("name")):
        return None
    tokens = match.group("name").split()
    if not 2 <= len(tokens) <= 5 or not _name_like(tokens):
        return None
    return match.group("name"), match.start("name"), match.end("name")


def _name_at(sentence: str, at: int, *, after_lower: bool) -> tuple[str, int, int] | None:
    """A name inside a title phrase with no comma: after a lower-case word ("étrangères Didier
    Reynders"), or after a country that ends the title ("de la Belgique Alexander De Croo")."""
    match = _NAME_AT.match(sentence, at)
    if not match:
        return None
    tokens = match.group("name").split()
    start = match.start("name")
    stripped = False
    for size in (3, 2, 1):
        if len(tokens) > size and gazetteer().country_code(" ".join(tokens[:size])):
            start = sentence.index(tokens[size], start + len(" ".join(tokens[:size])))
            tokens = tokens[size:]
            stripped = True
            break
    if not (after_lower or stripped):
        return None
    if not 2 <= len(tokens) <= 5 or not _name_like(tokens):
        return None
    end = start + len(" ".join(tokens))
    if sentence[start:end] != " ".join(tokens) or not _AFTER_NAME.match(sentence, end):
        return None
    return sentence[start:end], start, end


def _organisations_defined_in_the_text(people: list[Person], items: list[Item]) -> None:
    """A title that names a body by an acronym the text defines elsewhere ("ROCK Technical
    Advisor" and "the Regional Operational Centre ... (ROCK)"): that body is the organisation."""
    from .entities import defined_organisations

    defined = defined_organisations(items)
    for person in people:
        if person.organisation or not person.title:
            continue
        for acronym, name in defined.items():
            if re.search(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", person.title):
                person.organisation = f"{name} ({acronym})"
                break


_TITLE_WORDS = (
    r"Director|Head|Minister|Officer|Coordinator|Co-ordinator|Adviser|Advisor|President|"
    r"Vice-President|Secretary|Chief|Ambassador|Professor|Researcher|Expert|Specialist|Manager|"
    r"Chair|Chairperson|Deputy|Senior|Representative|Consultant|Lecturer|Commissioner|Mayor|"
    r"Governor|Counsellor|Attaché|Focal Point|Programme|Project|Policy|Executive|Regional|"
    r"State Secretary|Special Envoy|Envoy|"
    r"directeur|directrice|chef|cheffe|ministre|conseiller|conseillère|chargée?|présidente?|"
    r"secrétaire|représentante?|coordinatrice|coordinateur|experte?|chercheuse|chercheur|"
    r"ambassadeur|ambassadrice|maire|gouverneur|commissaire|point focal|responsable"
)
_TITLED = re.compile(
    rf"(?:^|(?<=[.;:(]\s)|(?<=,\s)|(?<=\bby\s)|(?<=\bpar\s)|(?<=\band\s)|(?<=\bet\s)"
    rf"|(?<=\bwith\s))"
    rf"{_NAME},\s+(?:the\s+|a\s+|an\s+|le\s+|la\s+|l')?"
    rf"(?=(?:vice-|sous-)?(?i:{_TITLE_WORDS})\b)",
)
_NEXT_PERSON = re.compile(
    rf"{_NAME},\s+(?:the\s+|a\s+|an\s+|le\s+|la\s+|l')?"
    rf"(?=(?:vice-|sous-)?(?i:{_TITLE_WORDS})\b)"
)
_BRACKETED = re.compile(
    rf"(?:^|(?<=[.;:,]\s)|(?<=[a-zà-ÿ]\s))"
    rf"{_NAME}\s*\((?P<acronym>[A-Z][A-Za-z-]*[A-Z])\)"
)
_NOT_FIRST = {
    "The", "This", "These", "That", "In", "On", "At", "For", "During", "After", "Before", "Finally",
    "Moreover", "However", "Also", "Then", "Le", "La", "Les", "Ce", "Cette", "Dans", "Pour",
    "Enfin", "Session", "Panel", "Day", "Working", "Group", "Slide", "Page", "Annex", "Selon",
    "According", "Outre", "Lors", "Durant", "Pendant", "Par", "By", "With", "Avec",
}  # fmt: skip

_BARE_NAME = re.compile(rf"^\s*{_NAME}(?=\s*(?:,|\(|\s[-–]\s|$))")


def _labelled(registry, sentence, item, position, section_is_people, participants):
    """People without an honorific: after a role label, or listed under a speakers heading."""
    label = _LABEL.search(sentence)
    if label and (label.start() == 0 or sentence[label.start() - 1] in " (\t-–•;"):
        role = _label_role(label.group("label"))
        rest = sentence[label.end() :]
        for chunk in re.split(
            rf";|(?<=\))\s*,\s*(?=[A-ZÀ-Ý])|\s+(?:and|et)\s+(?={_TOKEN}\s+{_TOKEN}\s*(?:,|\(|$))",
            rest,
        ):
            match = _BARE_NAME.match(chunk)
            if match and len(match.group("name").split()) >= 2:
                name = _clean_name(match.group("name"))
                if name:
                    desc = _description(chunk[match.end("name") :])
                    registry.add(name, desc, role, position)
        return
    if item.kind == LIST_ITEM and (section_is_people or item.intro_people):
        match = _BARE_NAME.match(sentence)
        if match and 2 <= len(match.group("name").split()) <= 4:
            name = _clean_name(match.group("name"))
            if name and not re.search(_ORG_KEYWORDS, name):
                desc = _description(sentence[match.end("name") :])
                role = (
                    "participant"
                    if participants
                    else _label_role(item.intro_people or item.section or "")
                )
                registry.add(name, desc, role, position)


def _label_role(label: str) -> str:
    label = label.lower()
    if re.search(r"co-?chair|co-?présid|coprésid", label):
        return "co-chair"
    if re.search(r"chair|présid", label):
        return "chair"
    if re.search(r"moderat|modérat|modéré|facilitat|animé", label):
        return "moderator"
    if re.search(r"expert", label):
        return "expert"
    if re.search(r"participant", label):
        return "participant"
    return "speaker"
