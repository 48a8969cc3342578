"""CSV rendering of API lists (``?format=csv``): one row per record, nested values as JSON."""

import csv
import io
import json

from rest_framework.renderers import BaseRenderer


def flatten(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def rows_to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    if not rows:
        return ""
    fields = list(rows[0].keys())
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: flatten(row.get(key)) for key in fields})
    return buffer.getvalue()


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
