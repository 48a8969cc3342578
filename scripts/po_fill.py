#!/usr/bin/env python3
"""Fill empty French translations of a .po file from a JSON object {msgid: msgstr}.

    python scripts/po_fill.py labels/locale/fr/LC_MESSAGES/django.po fr.json
    python scripts/po_fill.py labels/locale/fr/LC_MESSAGES/django.po --missing   # list them

Entries already translated are left alone; fuzzy marks on filled entries are removed.
Run `make messages` afterwards to compile.
"""

import json
import re
import sys
from pathlib import Path

ENTRY = re.compile(r'^msgid ((?:".*"\n?)+)^msgstr ((?:".*"\n?)+)', re.M)


def unquote(block: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', block)
    return "".join(parts).encode("latin-1", "backslashreplace").decode("unicode_escape")


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    po = Path(sys.argv[1])
    blocks = po.read_text(encoding="utf-8").split("\n\n")
    if sys.argv[2] == "--missing":
        for block in blocks:
            match = ENTRY.search(block + "\n")
            if match and "msgid_plural" not in block:
                msgid, msgstr = unquote(match.group(1)), unquote(match.group(2))
                if msgid and (not msgstr or "#, fuzzy" in block):
                    print(json.dumps(msgid, ensure_ascii=False))
        return 0
    table = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    filled = 0
    for index, block in enumerate(blocks):
        match = ENTRY.search(block + "\n")
        if not match or "msgid_plural" in block:
            continue
        msgid, msgstr = unquote(match.group(1)), unquote(match.group(2))
        if msgid in table and (not msgstr or "#, fuzzy" in block):
            start, end = match.span(2)
            new = block[:start] + quote(table[msgid]) + "\n" + block[end:]
            new = new.rstrip("\n").replace("#, fuzzy\n", "").replace(", fuzzy", "")
            blocks[index] = new
            filled += 1
    po.write_text("\n\n".join(blocks).rstrip("\n") + "\n", encoding="utf-8")
    print(f"{po}: {filled} filled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
