"""Word (DOCX): headings from paragraph styles, numbered and bulleted lists from numbering,
page numbers from the page breaks Word records.

The ZIP central directory is checked before anything is inflated (declared sizes, ratio,
number of parts), and XML is read with ``defusedxml`` refusing DTDs: entity bombs and external
entities end as reasons, never as expansion.
"""

from __future__ import annotations

import io
import re
import zipfile

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import ParseError, fromstring

from ..reasons import Rejected
from ..text import HEADING, LIST_ITEM, PARAGRAPH, Block, ParsedText
from . import Limits, mb

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|titre|berschrift|título|titulo)\s*(\d)$", re.I)


def open_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """The archive, after checking its central directory against the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        if b"PK\x05\x06" not in data[-65_557:]:
            raise Rejected("truncated") from exc
        raise Rejected("corrupt", format="ZIP", detail=str(exc)) from exc
    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise Rejected("too_many_parts", count=len(infos), limit=limits.max_parts)
    declared = sum(info.file_size for info in infos)
    if declared > limits.max_decompressed:
        raise Rejected("zip_bomb", size_mb=mb(declared), limit_mb=mb(limits.max_decompressed))
    for info in infos:
        if info.flag_bits & 0x1:
            raise Rejected("encrypted")
        if info.file_size > 1_000_000 and info.file_size > limits.max_ratio * max(
            1, info.compress_size
        ):
            ratio = info.file_size // max(1, info.compress_size)
            raise Rejected("zip_ratio", ratio=ratio, limit=limits.max_ratio)
    return archive


def read_part(archive: zipfile.ZipFile, name: str, limits: Limits) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    try:
        with archive.open(info) as handle:
            # ZipExtFile stops at the declared size; read one byte more to notice a liar.
            content = handle.read(limits.max_decompressed + 1)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise Rejected("corrupt", format="DOCX", detail=str(exc)[:120]) from exc
    except Exception as exc:  # zlib.error and friends
        raise Rejected("corrupt", format="DOCX", detail=type(exc).__name__) from exc
    if len(content) > limits.max_decompressed:
        raise Rejected("zip_bomb", size_mb=mb(len(content)), limit_mb=mb(limits.max_decompressed))
    return content


def parse_xml(content: bytes):
    if b"<!ENTITY" in content[:65536] or b"<!DOCTYPE" in content[:65536]:
        if b"SYSTEM" in content[:65536] or b"PUBLIC" in content[:65536]:
            raise Rejected("xml_external")
        raise Rejected("xml_bomb")
    try:
        return fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except ExternalReferenceForbidden as exc:
        raise Rejected("xml_external") from exc
    except (DTDForbidden, EntitiesForbidden) as exc:
        raise Rejected("xml_bomb") from exc
    except ParseError as exc:
        raise Rejected("corrupt", format="DOCX", detail=f"XML: {exc}"[:120]) from exc


def parse_docx(data: bytes, limits: Limits) -> ParsedText:
    archive = open_zip(data, limits)
    document = read_part(archive, "word/document.xml", limits)
    if document is None:
        raise Rejected("not_docx")
    root = parse_xml(document)
    heading_styles = _heading_styles(archive, limits)
    formats = _numbering(archive, limits)
    title = None
    core = read_part(archive, "docProps/core.xml", limits)
    if core:
        core_root = parse_xml(core)
        for element in core_root.iter():
            if element.tag.endswith("}title") and (element.text or "").strip():
                title = element.text.strip()

    blocks: list[Block] = []
    page = 1
    counters: dict[tuple[str, int], int] = {}
    body = root.find(f"{W}body")
    if body is None:
        raise Rejected("corrupt", format="DOCX", detail="no document body")
    for paragraph in body.iter(f"{W}p"):
        parts: list[str] = []
        starts_page = page
        for node in paragraph.iter():
            tag = node.tag
            if tag == f"{W}t" and node.text:
                parts.append(node.text)
            elif tag in (f"{W}tab", f"{W}br", f"{W}cr"):
                if tag == f"{W}br" and node.get(f"{W}type") == "page":
                    page += 1
                    if not "".join(parts).strip():
                        starts_page = page
                else:
                    parts.append(" ")
            elif tag == f"{W}lastRenderedPageBreak":
                page += 1
                if not "".join(parts).strip():
                    starts_page = page
        text = re.sub(r"\s+", " ", "".join(parts)).strip()
        if not text:
            continue
        properties = paragraph.find(f"{W}pPr")
        style = ""
        numbering = None
        if properties is not None:
            style_node = properties.find(f"{W}pStyle")
            style = style_node.get(f"{W}val", "") if style_node is not None else ""
            numbering = properties.find(f"{W}numPr")
        level = heading_styles.get(style)
        if level is None:
            found = _HEADING_STYLE.match(style)
            level = int(found.group(1)) if found else (1 if style.lower() == "title" else None)
        if level is not None:
            blocks.append(Block(HEADING, text, level=level, page=starts_page))
        elif numbering is not None:
            ilvl_node = numbering.find(f"{W}ilvl")
            num_node = numbering.find(f"{W}numId")
            ilvl = int(ilvl_node.get(f"{W}val", "0")) if ilvl_node is not None else 0
            num_id = num_node.get(f"{W}val", "") if num_node is not None else ""
            key = (num_id, ilvl)
            counters[key] = counters.get(key, 0) + 1
            for (other, deeper), _count in list(counters.items()):
                if other == num_id and deeper > ilvl:
                    del counters[(other, deeper)]
            marker = _marker(formats.get(key, "bullet"), counters[key])
            blocks.append(Block(LIST_ITEM, text, level=ilvl + 1, marker=marker, page=starts_page))
        else:
            blocks.append(Block(PARAGRAPH, text, page=starts_page))
    if not blocks:
        raise Rejected("no_text")
    title = title or next((b.text for b in blocks if b.kind == HEADING), None)
    return ParsedText(
        blocks=blocks,
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        pages=page,
        title=title,
    )


def _heading_styles(archive, limits) -> dict[str, int]:
    content = read_part(archive, "word/styles.xml", limits)
    if not content:
        return {}
    result = {}
    for style in parse_xml(content).iter(f"{W}style"):
        name = style.find(f"{W}name")
        style_id = style.get(f"{W}styleId", "")
        found = _HEADING_STYLE.match(name.get(f"{W}val", "")) if name is not None else None
        if found:
            result[style_id] = int(found.group(1))
        elif name is not None and name.get(f"{W}val", "").lower() == "title":
            result[style_id] = 1
    return result


def _numbering(archive, limits) -> dict[tuple[str, int], str]:
    content = read_part(archive, "word/numbering.xml", limits)
    if not content:
        return {}
    root = parse_xml(content)
    abstract = {}
    for node in root.iter(f"{W}abstractNum"):
        levels = {}
        for lvl in node.iter(f"{W}lvl"):
            fmt = lvl.find(f"{W}numFmt")
            levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                fmt.get(f"{W}val", "bullet") if fmt is not None else "bullet"
            )
        abstract[node.get(f"{W}abstractNumId")] = levels
    result = {}
    for num in root.iter(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        if ref is None:
            continue
        for ilvl, fmt in abstract.get(ref.get(f"{W}val"), {}).items():
            result[(num.get(f"{W}numId"), ilvl)] = fmt
    return result


def _marker(fmt: str, count: int) -> str:
    if fmt == "decimal":
        return f"{count}."
    if fmt == "lowerLetter":
        return f"{chr(96 + min(count, 26))})"
    if fmt == "upperLetter":
        return f"{chr(64 + min(count, 26))}."
    if fmt == "lowerRoman":
        return _roman(count) + "."
    if fmt == "upperRoman":
        return _roman(count).upper() + "."
    return "•"


def _roman(number: int) -> str:
    values = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out
