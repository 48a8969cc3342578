"""Small writers of PDF and DOCX files, for tests, the hostile corpus and the benchmark.

No dependency: a PDF with Helvetica text (headings in larger type, optional compression,
optional RC4 password protection) and a DOCX with heading styles and numbered/bulleted lists.
"""

# ruff: noqa: E501 (XML and PDF literals read better whole)
from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from xml.sax.saxutils import escape

# A line is (text, font size); an empty text is a paragraph gap.
Line = tuple[str, float]

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def page_content(lines: list[Line], *, height: float = 842, margin: float = 56) -> bytes:
    out = [b"BT"]
    y = height - margin
    for text, size in lines:
        if not text:
            y -= size * 0.9
            continue
        y -= size * 1.35
        font = b"/F2" if size > 11 else b"/F1"
        out.append(
            font
            + b" %.1f Tf 1 0 0 1 %.1f %.1f Tm " % (size, margin, y)
            + _pdf_string(text)
            + b" Tj"
        )
    out.append(b"ET")
    return b"\n".join(out)


def make_pdf(
    pages: list[list[Line]],
    *,
    title: str | None = None,
    compress: bool = True,
    password: str | None = None,
    extra_streams: list[bytes] | None = None,
    raw_contents: list[bytes] | None = None,
) -> bytes:
    """A PDF whose pages show ``pages`` (lines of (text, size)).

    ``password`` protects it (standard security handler, RC4 40-bit, revision 2: the empty
    password does not open it). ``extra_streams`` are added as unused compressed objects
    (for decompression-bomb tests); ``raw_contents`` replace the generated page contents.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled below
    pages_id = add(b"")
    add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids = []
    contents = raw_contents or [page_content(lines) for lines in pages]
    for content in contents:
        if compress:
            data = zlib.compress(content, 6)
            stream = (
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data)
                + data
                + b"\nendstream"
            )
        else:
            stream = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        content_id = add(stream)
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
                % (pages_id, content_id)
            )
        )
    for extra in extra_streams or []:
        add(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(extra) + extra + b"\nendstream"
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info = add(b"<< /Title " + _pdf_string(title) + b" >>") if title else None
    file_id = hashlib.md5(b"".join(objects), usedforsecurity=False).digest()
    encrypt = None
    if password is not None:
        owner_key = hashlib.md5((b"owner" + _PAD)[:32], usedforsecurity=False).digest()[:5]
        user_padded = (password.encode("latin-1") + _PAD)[:32]
        o_value = _rc4(owner_key, user_padded)
        permissions = (-4).to_bytes(4, "little", signed=True)
        key = hashlib.md5(
            user_padded + o_value + permissions + file_id, usedforsecurity=False
        ).digest()[:5]
        u_value = _rc4(key, _PAD)
        encrypt = add(
            b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>"
            % (o_value.hex().encode(), u_value.hex().encode())
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root %d 0 R /ID [<%s> <%s>]" % (
        len(objects) + 1,
        catalog,
        file_id.hex().encode(),
        file_id.hex().encode(),
    )
    if info:
        trailer += b" /Info %d 0 R" % info
    if encrypt:
        trailer += b" /Encrypt %d 0 R" % encrypt
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def report_pages(count: int, *, language: str = "en", seed: int = 0) -> list[list[Line]]:
    """``count`` pages of a plausible meeting report: a heading, paragraphs, a numbered list."""
    if language == "fr":
        heading, sentence, item = (
            "Section {n} : conclusions de la réunion",
            "Les partenaires du Dialogue ont examiné la mise en œuvre du plan d'action et "
            "ont souligné l'importance de la coopération entre les pays d'origine, de transit "
            "et de destination.",
            "Renforcer la protection des personnes migrantes et des réfugiés dans la région.",
        )
    else:
        heading, sentence, item = (
            "Section {n}: conclusions of the meeting",
            "The partners of the Dialogue reviewed the implementation of the action plan and "
            "stressed the importance of cooperation between countries of origin, transit and "
            "destination.",
            "Strengthen the protection of migrants and refugees in the region.",
        )
    pages = []
    for n in range(1, count + 1):
        lines: list[Line] = [(heading.format(n=n + seed), 16), ("", 10)]
        for paragraph in range(3):
            words = f"({n + seed}.{paragraph + 1}) {sentence}".split()
            for start in range(0, len(words), 12):
                lines.append((" ".join(words[start : start + 12]), 10))
            lines.append(("", 10))
        for k in range(1, 4):
            lines.append((f"{k}. {item} ({n + seed}.{k})", 10))
        lines.append(("", 10))
        lines.append((str(n), 9))
        pages.append(lines)
    return pages


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_NUMBERING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:numFmt w:val="lowerLetter"/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    "</w:numbering>"
)


def docx_paragraph(
    text: str, *, style: str = "", num: int | None = None, ilvl: int = 0, page_break: bool = False
) -> str:
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
    brk = '<w:r><w:br w:type="page"/></w:r>' if page_break else ""
    return f'<w:p><w:pPr>{props}</w:pPr>{brk}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def make_docx(
    paragraphs: list[str], *, document_xml: str | None = None, extra: dict[str, bytes] | None = None
) -> bytes:
    """A DOCX whose body is ``paragraphs`` (from ``docx_paragraph``)."""
    body = document_xml or (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(paragraphs)
        + "</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        archive.writestr("word/document.xml", body)
        archive.writestr("word/numbering.xml", _NUMBERING)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def sample_docx(language: str = "en") -> bytes:
    if language == "fr":
        texts = (
            "Conclusions de la réunion",
            "Les partenaires ont adopté les recommandations suivantes pour la protection des personnes migrantes.",
            "Créer un réseau de points de contact sur le retour",
            "Renforcer la coopération entre les pays de la région",
        )
    else:
        texts = (
            "Conclusions of the meeting",
            "The partners adopted the following recommendations for the protection of migrants and refugees in the region.",
            "Create a network of contact points on return",
            "Strengthen the cooperation between the countries of the region",
        )
    return make_docx(
        [
            docx_paragraph(texts[0], style="Heading1"),
            docx_paragraph(texts[1]),
            docx_paragraph(texts[2], num=1),
            docx_paragraph(texts[3], num=1),
            docx_paragraph("Annex", style="Heading2", page_break=True),
            docx_paragraph(texts[1], num=2),
        ]
    )
