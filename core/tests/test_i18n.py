"""The French catalogue is complete and the compiled file says what the source says."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
# The shared catalogue (locale/) and each app's own (<app>/locale/).
CATALOGUES = sorted(
    [BASE / "locale" / "fr" / "LC_MESSAGES" / "django.po"]
    + [
        p
        for app in settings.PROJECT_APPS
        for p in (BASE / app / "locale").glob("fr/LC_MESSAGES/django.po")
    ]
)


def unquote(block: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', block)
    return "".join(parts).encode("latin-1", "backslashreplace").decode("unicode_escape")


def entries(po: Path):
    """(msgid, msgstr) of every singular entry of the .po file, header excluded."""
    text = po.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "msgid_plural" in block or "msgid" not in block:
            continue
        match = re.search(r'^msgid ((?:".*"\n?)+)^msgstr ((?:".*"\n?)+)', block + "\n", re.M)
        if match:
            msgid, msgstr = unquote(match.group(1)), unquote(match.group(2))
            if msgid:
                yield msgid, msgstr, block


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(BASE)))
def test_every_interface_string_has_a_french_translation(po):
    missing = [msgid for msgid, msgstr, _block in entries(po) if not msgstr]
    fuzzy = [msgid for msgid, _msgstr, block in entries(po) if "#, fuzzy" in block]
    assert not missing, f"untranslated: {missing[:5]}"
    assert not fuzzy, f"fuzzy (to check): {fuzzy[:5]}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(BASE)))
def test_compiled_catalogue_matches_the_source(po):
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    def compiled_text(msgid, block):
        context = re.search(r'^msgctxt "((?:[^"\\]|\\.)*)"', block, re.M)
        if context:
            return compiled.pgettext(unquote(f'"{context.group(1)}"'), msgid)
        return compiled.gettext(msgid)

    stale = [msgid for msgid, msgstr, block in entries(po) if compiled_text(msgid, block) != msgstr]
    assert not stale, f"run `make messages`: {stale[:5]}"
