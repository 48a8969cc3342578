"""The French catalogue is complete and the compiled file says what the source says."""

import gettext
import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def unquote(block: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', block)
    return "".join(parts).encode("latin-1", "backslashreplace").decode("unicode_escape")


def entries():
    """(msgid, msgstr) of every singular entry of the .po file, header excluded."""
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "msgid_plural" in block or "msgid" not in block:
            continue
        match = re.search(r'^msgid ((?:".*"\n?)+)^msgstr ((?:".*"\n?)+)', block + "\n", re.M)
        if match:
            msgid, msgstr = unquote(match.group(1)), unquote(match.group(2))
            if msgid:
                yield msgid, msgstr, block


def test_every_interface_string_has_a_french_translation():
    missing = [msgid for msgid, msgstr, _block in entries() if not msgstr]
    fuzzy = [msgid for msgid, _msgstr, block in entries() if "#, fuzzy" in block]
    assert not missing, f"untranslated: {missing[:5]}"
    assert not fuzzy, f"fuzzy (to check): {fuzzy[:5]}"


def test_compiled_catalogue_matches_the_source():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [msgid for msgid, msgstr, _block in entries() if compiled.gettext(msgid) != msgstr]
    assert not stale, f"run `make messages`: {stale[:5]}"
