"""What a file is, from its first bytes (never from its name)."""

from __future__ import annotations

import codecs
import re

from ..reasons import Rejected, gettext_noop

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
MARKDOWN = "text/markdown"
PLAIN = "text/plain"
ZIP = "application/zip"

# Signatures of things people upload by mistake, with what to call them.
_FOREIGN = [
    (b"\x89PNG\r\n\x1a\n", gettext_noop("a PNG image")),
    (b"\xff\xd8\xff", gettext_noop("a JPEG image")),
    (b"GIF87a", gettext_noop("a GIF image")),
    (b"GIF89a", gettext_noop("a GIF image")),
    (b"MZ", gettext_noop("a Windows program")),
    (b"\x7fELF", gettext_noop("a Linux program")),
    (b"\xca\xfe\xba\xbe", gettext_noop("a program")),
    (b"\x1f\x8b", gettext_noop("a gzip archive")),
    (b"BZh", gettext_noop("a bzip2 archive")),
    (b"7z\xbc\xaf\x27\x1c", gettext_noop("a 7-Zip archive")),
    (b"Rar!", gettext_noop("a RAR archive")),
    (b"%!PS", gettext_noop("a PostScript file")),
    (b"{\\rtf", gettext_noop("an RTF file")),
    (b"II*\x00", gettext_noop("a TIFF image")),
    (b"MM\x00*", gettext_noop("a TIFF image")),
    (b"RIFF", gettext_noop("an audio or video file")),
    (b"OggS", gettext_noop("an audio file")),
    (b"ID3", gettext_noop("an MP3 file")),
    (b"\x00\x00\x00\x18ftyp", gettext_noop("a video file")),
    (b"\x00\x00\x00\x20ftyp", gettext_noop("a video file")),
    (b"SQLite format 3", gettext_noop("a database file")),
]
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAGS = re.compile(rb"<(?:p|div|h[1-6]|ul|ol|li|table|br|span|a\s)[\s>/]", re.I)
# Mark-up only Markdown has: "#" headings, underlined (setext) headings, links, bold, code
# fences. Lists ("1.", "-") and rules ("-----") are plain-text habits too: they prove nothing.
_MD_SIGNS = re.compile(
    r"^(?:#{1,6}\s+\S|```)|^[^\s=-][^\n]*\n(?:={3,}|-{3,})[ \t]*$"
    r"|\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*",
    re.M,
)


def sniff(data: bytes) -> str:
    """The MIME type of ``data`` among the accepted formats, or ``Rejected(wrong_type)``."""
    if not data:
        raise Rejected("empty")
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return ZIP
    if data.startswith(OLE):
        raise Rejected("old_office")
    for signature, name in _FOREIGN:
        if data.startswith(signature):
            raise Rejected("wrong_type", found=name)
    return "text"


def decode_text(data: bytes) -> str:
    """Text from bytes: BOMs, UTF-16 without BOM, UTF-8, else Windows-1252; binary refused."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            return _check_text(text)
    sample = data[:4096]
    if b"\x00" in sample:
        even = sample[0::2].count(0) / max(1, len(sample[0::2]))
        odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
        if odd > 0.3 and even < 0.05:
            return _check_text(data.decode("utf-16-le", errors="replace"))
        if even > 0.3 and odd < 0.05:
            return _check_text(data.decode("utf-16-be", errors="replace"))
        raise Rejected("binary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return _check_text(text)


def _check_text(text: str) -> str:
    sample = text[:20_000]
    if not sample:
        return text
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    if controls > max(2, 0.01 * len(sample)):
        raise Rejected("binary")
    return text


def text_kind(text: str) -> str:
    """HTML, Markdown or plain text, from the content."""
    head = text[:20_000].encode("utf-8", errors="replace")
    if _HTML_START.match(head[:4096]) or (
        text.lstrip().startswith("<") and len(_HTML_TAGS.findall(head)) >= 2
    ):
        return HTML
    if len(_MD_SIGNS.findall(text[:50_000])) >= 1:
        return MARKDOWN
    return PLAIN
