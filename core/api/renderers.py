"""CSV rendering of API lists (``?format=csv``): one row per record, nested values as JSON,
formula-like text neutralised (``core.tabular``)."""

from rest_framework.renderers import BaseRenderer

from ..tabular import csv_text


def rows_to_csv(rows: list[dict]) -> str:
    """The rows under their first row's keys (an empty file when there is none)."""
    return csv_text(rows)


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        if isinstance(data, dict):
            data = [data]
        return rows_to_csv(list(data or [])).encode("utf-8")
