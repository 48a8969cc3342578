"""CSV and XLSX files of flat rows (read for imports, written for exports)."""

from __future__ import annotations

import csv
import io
import zipfile

from django.utils.translation import gettext as _

from core.tabular import csv_text, csv_value, xlsx_cell

from .rows import ImportFailed

MAX_BYTES = 20 * 1024 * 1024
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024


def read_csv(data: bytes) -> list[dict]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed([_("The CSV file is not UTF-8 text.")]) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise ImportFailed([_("The file has no header row.")])
    _check_header(reader.fieldnames)
    # csv_value takes off the apostrophe an export put before formula-like text.
    return [{(k or "").strip(): csv_value(v) for k, v in row.items()} for row in reader]


def read_xlsx(data: bytes) -> list[dict]:
    """The first sheet's rows; the ZIP's declared sizes are checked before openpyxl reads it."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = sum(info.file_size for info in archive.infolist())
            if declared > XLSX_MAX_UNCOMPRESSED or len(archive.infolist()) > 10_000:
                raise ImportFailed([_("The XLSX file is too large once uncompressed.")])
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFailed:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors on a broken file
        raise ImportFailed([_("This is not a readable XLSX file.")]) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise ImportFailed([_("The file has no header row.")])
    names = [str(h).strip() if h is not None else "" for h in header]
    _check_header(names)
    result = []
    for values in rows:
        if values is None or all(v in (None, "") for v in values):
            continue
        result.append({name: value for name, value in zip(names, values, strict=False) if name})
    workbook.close()
    return result


def _check_header(names) -> None:
    from .rows import COLUMNS

    unknown = [n for n in names if n and n.strip() not in COLUMNS]
    if unknown:
        raise ImportFailed([_("Unknown columns: %(names)s") % {"names": ", ".join(unknown)}])


def read_table(name: str, data: bytes) -> list[dict]:
    if len(data) > MAX_BYTES:
        raise ImportFailed([_("The file is larger than 20 MB.")])
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return read_xlsx(data)
    if lower.endswith(".csv"):
        return read_csv(data)
    raise ImportFailed([_("Send a .csv, .xlsx or .xml (IATI) file.")])


def write_csv(rows: list[dict], columns) -> bytes:
    """Formula-like text is neutralised (``core.tabular``); ``read_csv`` reverses it."""
    return csv_text(rows, columns).encode("utf-8")


def write_xlsx(rows: list[dict], columns, title: str = "data", about=None) -> bytes:
    """The rows on the first sheet; ``about``: ``(sheet title, [(label, value), ...])``, a
    second sheet that describes the file (the open data's licence)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(columns))
    for row in rows:
        sheet.append([xlsx_cell(sheet, row.get(k)) for k in columns])
    if about is not None:
        about_title, lines = about
        notes = workbook.create_sheet(title=str(about_title)[:31])
        for label, value in lines:
            notes.append([xlsx_cell(notes, str(label)), xlsx_cell(notes, str(value))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
