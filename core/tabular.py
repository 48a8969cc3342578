"""Cells of the CSV and XLSX files the platform writes: one rule against formula injection.

A spreadsheet opening a file runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or
a tab or carriage return before one) as a formula: a title typed as
``=HYPERLINK("http://…")`` in a form would become a live link in the Secretariat's Excel.
Every CSV and XLSX export goes through this module, so the rule is the same everywhere:

- **Only text is neutralised.** Numbers (``int``, ``float``, ``Decimal``) are data, and so
  is text that is exactly a number (``-3``, ``+2.5``, ``-1e3``: the API writes decimals as
  text), which a spreadsheet reads as that number, never as a formula.
- **CSV**: such a text gets a leading apostrophe (``'=SUM(A1)``), the usual defence (OWASP,
  "CSV injection"); a text that already starts with apostrophes before such a character gets
  one more, so that ``csv_value`` reverses it exactly and an exported file imports back to
  the same records.
- **XLSX**: the cell is written with the text type, which no spreadsheet evaluates; its value
  is unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")


def is_formula_text(value) -> bool:
    """``value`` is text that a spreadsheet would read as a formula."""
    return (
        isinstance(value, str) and value.startswith(FORMULA_STARTS) and _NUMBER.match(value) is None
    )


def _needs_apostrophe(text: str) -> bool:
    return is_formula_text(text.lstrip("'"))


def flat(value):
    """One cell's value: lists and objects as JSON, nothing as an empty cell."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def csv_cell(value):
    """``value`` as written to a CSV file (see the module's rule)."""
    value = flat(value)
    if isinstance(value, str) and _needs_apostrophe(value):
        return "'" + value
    return value


def csv_value(text: str) -> str:
    """A CSV cell read back: the apostrophe ``csv_cell`` added is taken off again."""
    if isinstance(text, str) and text.startswith("'") and _needs_apostrophe(text[1:]):
        return text[1:]
    return text


def csv_text(rows: Iterable[dict], columns: Iterable[str] | None = None) -> str:
    """A CSV file of ``rows`` with a header row (``columns``, else the first row's keys);
    an empty string when there is neither."""
    rows = list(rows)
    if columns is None:
        if not rows:
            return ""
        columns = list(rows[0].keys())
    columns = list(columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(name) for name in columns])
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in columns])
    return buffer.getvalue()


def xlsx_cell(sheet, value):
    """``value`` for ``sheet.append`` in an openpyxl write-only sheet: formula-like text as a
    text cell (openpyxl would otherwise write ``=…`` as a formula)."""
    value = flat(value)
    if is_formula_text(value):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
