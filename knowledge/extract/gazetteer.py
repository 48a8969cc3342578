"""Gazetteers built from the repository's reference data, read once and cached.

Countries come from ``reference/data/countries.json`` (names in English and French) completed by
``data/countries_extra.json`` (aliases, demonyms, main cities, countries outside the Dialogue);
organisations from ``reference/data/organisations.json`` completed by
``data/organisations_extra.json`` (French acronyms, other names, organisations the reference file
does not hold); framework items from ``reference/data/frameworks.json``. No database is used: the
framework uids are the reference ids (``marrakesh-2018/D3``), the same as
``frameworks.models.FrameworkItem.uid``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "reference" / "data"
DATA_DIR = Path(__file__).resolve().parent / "data"


def fold(text: str) -> str:
    """Lower case without accents and with straight apostrophes, for comparisons."""
    text = text.replace("’", "'").replace("‘", "'")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _trie_regex(terms, *, fold_case: bool) -> str:
    """A regex matching any of ``terms``, as a character trie (fast on hundreds of names).

    Longer terms are tried first at every branch, so "Equatorial Guinea" wins over "Guinea"
    and "Nigeria" over "Niger".
    """
    trie: dict = {}
    for term in terms:
        node = trie
        for char in term.lower() if fold_case else term:
            node = node.setdefault(char, {})
        node[""] = True

    def build(node: dict) -> str:
        end = node.get("", False)
        branches = []
        for char in sorted(k for k in node if k):
            piece = "['’]" if char in "'’" else re.escape(char)
            branches.append(piece + build(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not end else "(?:" + "|".join(branches) + ")"
        if end:
            # Prefer the longer name, fall back to the shorter one if the rest does not match.
            return f"(?:{body[3:-1] if body.startswith('(?:') else body})?"
        return body

    return build(trie)


def _pattern(terms: dict[str, str], *, case_sensitive: bool) -> re.Pattern | None:
    """One regex over all terms; the longest name wins ("Equatorial Guinea" over "Guinea")."""
    if not terms:
        return None
    body = _trie_regex(terms, fold_case=not case_sensitive)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", flags)


@dataclass
class Gazetteer:
    country_names: dict[str, str] = field(default_factory=dict)  # iso2 -> English name
    _country_terms: dict[str, str] = field(default_factory=dict)  # folded term -> iso2
    _country_written: set[str] = field(default_factory=set)  # terms as written, for the regex
    _country_re: re.Pattern | None = None
    _country_acronym_re: re.Pattern | None = None
    _city_terms: dict[str, str] = field(default_factory=dict)  # folded city -> iso2
    _city_names: dict[str, str] = field(default_factory=dict)  # folded city -> city as written
    organisations: dict[str, dict] = field(default_factory=dict)  # slug -> record
    _org_names: dict[str, str] = field(default_factory=dict)  # folded name -> slug
    _org_acronyms: dict[str, str | None] = field(default_factory=dict)  # acronym -> slug / None
    _org_name_re: re.Pattern | None = None
    _org_acronym_re: re.Pattern | None = None
    frameworks: dict[str, dict] = field(default_factory=dict)  # slug -> framework record

    # -- countries -----------------------------------------------------------------------
    def countries_in(self, text: str) -> list[tuple[str, int, int]]:
        """(iso2, start, end) of every country name or demonym in ``text``."""
        found = []
        for regex in (self._country_re, self._country_acronym_re):
            for match in regex.finditer(text) if regex else ():
                iso = self._country_terms.get(fold(match.group(0)))
                if iso:
                    found.append((iso, match.start(), match.end()))
        return sorted(found, key=lambda item: item[1])

    def country_code(self, name: str) -> str | None:
        return self._country_terms.get(fold(name))

    def city_country(self, city: str) -> str | None:
        return self._city_terms.get(fold(city))

    def is_city(self, name: str) -> bool:
        return fold(name) in self._city_terms

    def cities_in(self, text: str) -> list[tuple[str, str, int]]:
        """(city as known, iso2, start) for every known city in ``text``."""
        found = []
        for folded, iso in self._city_terms.items():
            city = self._city_names[folded]
            for match in re.finditer(rf"(?<![\w-]){re.escape(city)}(?![\w-])", text):
                found.append((city, iso, match.start()))
        return sorted(found, key=lambda item: item[2])

    # -- organisations -------------------------------------------------------------------
    def organisations_in(self, text: str) -> list[tuple[str, str, int, int]]:
        """(slug, text as written, start, end) of organisations named in ``text``."""
        found = []
        for regex, table, fold_it in (
            (self._org_name_re, self._org_names, True),
            (self._org_acronym_re, self._org_acronyms, False),
        ):
            if regex is None:
                continue
            for match in regex.finditer(text):
                key = fold(match.group(0)) if fold_it else match.group(0)
                slug = table.get(key)
                if slug:
                    found.append((slug, match.group(0), match.start(), match.end()))
        found.sort(key=lambda item: (item[2], -(item[3] - item[2])))
        kept, last_end = [], -1
        for item in found:
            if item[2] >= last_end:
                kept.append(item)
                last_end = item[3]
        return kept

    def organisation_slug(self, name: str) -> str | None:
        name = name.strip()
        if name in self._org_acronyms:
            return self._org_acronyms[name]
        slug = self._org_names.get(fold(name))
        if slug:
            return slug
        hits = self.organisations_in(name)
        # "Spanish Ministry of Foreign Affairs, European Union and Cooperation" is not the EU.
        if len(hits) == 1 and hits[0][3] - hits[0][2] >= 0.6 * len(name):
            return hits[0][0]
        return None

    # -- frameworks ----------------------------------------------------------------------
    def framework_item(self, framework: str, code: str) -> dict | None:
        record = self.frameworks.get(framework)
        if not record:
            return None
        return record["items"].get(code)

    def domain_of(self, uid: str) -> str | None:
        """The top-level item (domain / area) an item belongs to, following parents."""
        framework, _, code = uid.partition("/")
        item = self.framework_item(framework, code)
        seen = set()
        while item and item.get("parent") and item["code"] not in seen:
            seen.add(item["code"])
            item = self.framework_item(framework, item["parent"])
        if item and item["kind"] == "domain":
            return f"{framework}/{item['code']}"
        return None


def _add_country_terms(gaz: Gazetteer, iso: str, names, demonyms, cities) -> None:
    for term in [*names, *demonyms]:
        if term:
            gaz._country_terms.setdefault(fold(term), iso)
            gaz._country_written.update({term, _strip_accents(term)})
    for city in cities:
        gaz._city_terms.setdefault(fold(city), iso)
        gaz._city_names.setdefault(fold(city), city)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    countries = _load(REFERENCE_DIR / "countries.json")["countries"]
    extra = _load(DATA_DIR / "countries_extra.json")
    for country in countries:
        iso = country["iso2"]
        gaz.country_names[iso] = country["name_en"]
        more = extra["countries"].get(iso, {})
        _add_country_terms(
            gaz,
            iso,
            [country["name_en"], country["name_fr"], *more.get("aliases", [])],
            more.get("demonyms", []),
            more.get("cities", []),
        )
    for country in extra["extra_countries"]:
        iso = country["iso2"]
        gaz.country_names.setdefault(iso, country["name_en"])
        _add_country_terms(
            gaz,
            iso,
            [country["name_en"], country["name_fr"], *country["aliases"]],
            country["demonyms"],
            country["cities"],
        )
    # Cities where the Dialogue met (reference/data/meetings.json) complete the city list.
    for meeting in _load(REFERENCE_DIR / "meetings.json")["meetings"]:
        if meeting.get("city") and meeting.get("country"):
            _add_country_terms(gaz, meeting["country"], [], [], [meeting["city"]])
    # Acronyms ("CAR", "UK") only in capitals, so that "car" is not the Central African Republic.
    raw_terms = {}
    for country in extra["countries"].values():
        raw_terms.update({a: a for a in country.get("aliases", []) if a.isupper()})
    for country in extra["extra_countries"]:
        raw_terms.update({a: a for a in country.get("aliases", []) if a.isupper()})
    acronyms = {fold(a) for a in raw_terms}
    gaz._country_re = _pattern(
        {t: t for t in gaz._country_written if fold(t) not in acronyms}, case_sensitive=False
    )
    gaz._country_acronym_re = _pattern(raw_terms, case_sensitive=True)

    orgs = _load(REFERENCE_DIR / "organisations.json")["organisations"]
    org_extra = _load(DATA_DIR / "organisations_extra.json")
    acronym_owners: dict[str, set[str]] = {}
    org_written: set[str] = set()

    def add_org(slug, acronym, name_en, name_fr, acronyms, names):
        gaz.organisations[slug] = {"slug": slug, "acronym": acronym or None, "name": name_en}
        for name in [name_en, name_fr, *names]:
            if name and len(name) > 3:
                base = re.sub(r"\s*\(.*?\)\s*$", "", name).strip()
                for variant in {name, base}:
                    gaz._org_names.setdefault(fold(variant), slug)
                    org_written.update({variant, _strip_accents(variant)})
            # "Organisation de coopération ... (OCDE)": the acronym in brackets is one too.
            for inner in re.findall(r"\(([A-Z][A-Za-z-]{1,9})\)", name or ""):
                acronym_owners.setdefault(inner, set()).add(slug)
        for acr in [acronym, *acronyms]:
            if acr:
                acronym_owners.setdefault(acr, set()).add(slug)

    for org in orgs:
        more = org_extra["aliases"].get(org["slug"], {})
        add_org(
            org["slug"],
            org["acronym"],
            org["name_en"],
            org["name_fr"],
            more.get("acronyms", []),
            more.get("names", []),
        )
    for org in org_extra["extra_organisations"]:
        add_org(
            org["slug"],
            org["acronym"],
            org["name_en"],
            org["name_fr"],
            org["acronyms"],
            org["names"],
        )
    for acr, owners in acronym_owners.items():
        gaz._org_acronyms[acr] = next(iter(owners)) if len(owners) == 1 else None
    gaz._org_name_re = _pattern({t: t for t in org_written}, case_sensitive=False)
    gaz._org_acronym_re = _pattern(
        {a: s for a, s in gaz._org_acronyms.items() if s}, case_sensitive=True
    )

    for framework in _load(REFERENCE_DIR / "frameworks.json")["frameworks"]:
        gaz.frameworks[framework["slug"]] = {
            **{k: v for k, v in framework.items() if k != "items"},
            "items": {item["code"]: item for item in framework.get("items", [])},
        }
    return gaz
