"""CSV rendering of API lists (``?format=csv``): one row per record, nested values as JSON,
formula-like text neutralised (``core.tabular``)."""

from rest_framework.renderers import BaseRenderer

from ..tabular import csv_text


def rows_to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    """The rows under ``columns`` (else their first row's keys); an empty file when there is
    neither."""
    return csv_text(rows, columns)


def _columns(renderer_context) -> list[str] | None:
    """The names of the fields the view's serializer reads out, for the header of a list
    that has no row (``None`` when the view has no serializer)."""
    view = (renderer_context or {}).get("view")
    try:
        serializer = view.get_serializer()
    except Exception:  # no serializer (an error raised before the view, a plain APIView)
        return None
    fields = getattr(serializer, "fields", None)
    if fields is None:
        return None
    return [name for name, field in fields.items() if not field.write_only] or None


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:  # no content (a 204)
            return b""
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        if isinstance(data, dict):
            data = [data]
        rows = list(data or [])
        # An empty list still has its header row: an empty body would lose its Content-Type
        # (DRF drops the header of an empty answer), and a spreadsheet its columns.
        text = rows_to_csv(rows, None if rows else _columns(renderer_context)) or "\r\n"
        return text.encode("utf-8")
