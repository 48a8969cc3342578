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

import re
from dataclasses import dataclass, field

from ..text import LIST_ITEM
from .gazetteer import fold, gazetteer
from .prep import Item, sentences

_HONORIFIC = (
    r"(?:(?:His|Her|Son|Sa)\s+(?:Excellency|Excellence)\s+|H\.\s?E\.\s+|S\.\s?E\.\s+)?"
    r"(?:(?:Mr|Mrs|Ms|Mme|Mlle|Dr|Prof|M)\.?(?=\s)|Miss|Madame|Monsieur|Professor|Professeur"
    r"|Ambassador|Ambassadeur|Ambassadrice|(?<=Excellency )|(?<=Excellence )|(?<=H\.E\. ))"
)
_PARTICLE = r"(?:de|da|del|della|di|do|dos|das|du|van|von|der|den|le|la|bin|ben|ould|ag|al|el)"
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
    r"(?:(?:Mr|Mrs|Ms|Mme|Mlle|Dr|Prof|M)\.?\s+|(?:Miss|Madame|Monsieur|Professor|Professeur)\s+)?"
)


def _clean_name(raw: str) -> str | None:
    raw = _LEADING_HONORIFIC.sub("", raw)
    tokens = raw.split()
    while tokens and (tokens[-1] in _STOP_TOKENS or tokens[-1].lower() in _NOT_NAME):
        tokens.pop()
    while tokens and tokens[0].lower() in _NOT_NAME:
        tokens.pop(0)
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
        out.append(char)
        position += 1
    text = "".join(out).strip(" ,")
    # A verb ends the description when no comma does ("... (ICMPD) then summarised").
    text = re.split(r"\s+(?:then|also|subsequently|ensuite|puis)\s+[a-zé]+", text)[0]
    return text.strip(" ,–-")


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
    span = _ministry(desc)
    if span:
        org = desc[span[0] : span[1]].strip(" ,")
        title = desc[: span[0]]
    else:
        hits = gaz.organisations_in(desc)
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
                return _trim_title(desc[: desc.rfind("(", 0, start)]), written, slug
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
            if len(parts) > 1 and parts[-1][:1].isupper() and len(parts[-1].split()) >= 2:
                return (
                    _trim_title(", ".join(parts[:-1])),
                    parts[-1],
                    gaz.organisation_slug(parts[-1]),
                )
            return _trim_title(desc), None, None
    return _trim_title(title), org or None, gaz.organisation_slug(org) if org else None


def _trim_title(title: str) -> str | None:
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

    def add(self, name, desc, role, position, *, allow_single=False):
        person = self.find(name)
        if person is None:
            if len(name.split()) < 2 and not (allow_single or desc):
                return
            person = Person(name=name, first=position)
            self.people.append(person)
        if desc and not (person.title or person.organisation):
            title, org, org_id = _split_description(desc)
            person.title, person.organisation, person.organisation_id = title, org, org_id
            person.country = _country(desc.lstrip("@"), org, org_id)
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
            found_any = False
            for match in _MENTION.finditer(sentence):
                name = _clean_name(match.group("name"))
                if not name:
                    continue
                found_any = True
                before = sentence[: match.start()]
                desc = _description(sentence[match.end("name") :])
                role = _role_from_context(before, item.section, sentence)
                if participants and not role:
                    role = "participant"
                registry.add(name, desc, role or "speaker", position)
            for match in _TITLED.finditer(sentence):
                raw = match.group("name")
                tokens = raw.split()
                if not 2 <= len(tokens) <= 4 or tokens[0] in _NOT_FIRST:
                    continue
                if re.search(rf"\b(?:{_ORG_KEYWORDS}|Process|Processus)\b", raw):
                    continue
                name = _clean_name(raw)
                if not name or registry.find(name) and found_any:
                    continue
                found_any = True
                desc = _description(sentence[match.end("name") :])
                role = _role_from_context(sentence[: match.start()], item.section, sentence)
                if participants and not role:
                    role = "participant"
                registry.add(name, desc, role or "speaker", position)
            if found_any:
                continue
            _labelled(registry, sentence, item, position, section_is_people, participants)
    people = sorted(registry.people, key=lambda p: p.first)
    return [p.as_dict() for p in people]


_TITLE_WORDS = (
    r"Director|Head|Minister|Officer|Coordinator|Co-ordinator|Adviser|Advisor|President|"
    r"Vice-President|Secretary|Chief|Ambassador|Professor|Researcher|Expert|Specialist|Manager|"
    r"Chair|Chairperson|Deputy|Senior|Representative|Consultant|Lecturer|Commissioner|Mayor|"
    r"Governor|Counsellor|Attaché|Focal Point|Programme|Project|Policy|Executive|Regional|"
    r"directeur|directrice|chef|cheffe|ministre|conseiller|conseillère|chargée?|présidente?|"
    r"secrétaire|représentante?|coordinatrice|coordinateur|experte?|chercheuse|chercheur|"
    r"ambassadeur|ambassadrice|maire|gouverneur|commissaire|point focal|responsable"
)
_TITLED = re.compile(
    rf"(?:^|(?<=[.;:(]\s)|(?<=\bby\s)|(?<=\bpar\s)|(?<=\band\s)|(?<=\bet\s)|(?<=\bwith\s))"
    rf"{_NAME},\s+(?:the\s+|a\s+|an\s+|le\s+|la\s+|l')?(?=(?:{_TITLE_WORDS})\b)",
)
_NOT_FIRST = {
    "The", "This", "These", "That", "In", "On", "At", "For", "During", "After", "Before", "Finally",
    "Moreover", "However", "Also", "Then", "Le", "La", "Les", "Ce", "Cette", "Dans", "Pour",
    "Enfin", "Session", "Panel", "Day", "Working", "Group", "Slide", "Page", "Annex",
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
