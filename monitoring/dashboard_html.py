"""The bodies of the dashboard's large tables, written in Python.

The coverage and follow-up tables have a row per framework item (over a hundred for an
action plan) and the participation table one per partner: several thousand cells. Rendered
cell by cell by the template engine they cost about half of the page's time; here each row
is one ``format_html`` call (every value escaped, numbers as plain digits as in the CSV).
The tables' structure (captions, headers) stays in ``monitoring/dashboard.html``.
"""

from __future__ import annotations

from urllib.parse import quote

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _


def _cells(values) -> SafeString:
    return mark_safe("".join(f'<td class="num">{int(v)}</td>' for v in values))  # noqa: S308


def _item_url(item) -> str:
    return reverse("frameworks:item", kwargs={"slug": item.framework.slug, "code": item.code})


def coverage_body(rows) -> SafeString:
    initiatives = reverse("monitoring:initiatives")
    white_spot = format_html(" <strong>({})</strong>", _("white spot"))
    return mark_safe(  # noqa: S308 - every part below is escaped by format_html
        "".join(
            format_html(
                '<tr><th scope="row" style="padding-left: {}.5em"><a href="{}"><code>{}</code>'
                "</a> {}{}</th>{}"
                '<td class="num"><a href="{}?framework_item={}">{}</a></td>'
                '<td class="num">{}</td></tr>\n',
                row.depth,
                _item_url(row.item),
                row.item.code,
                Truncator(row.item.display_title).words(12),
                white_spot if row.white_spot else "",
                _cells(row.counts.values()),
                initiatives,
                quote(row.item.uid, safe="/"),
                row.initiatives,
                row.budget_label() or "—",
            )
            for row in rows
        )
    )


def status_body(rows) -> SafeString:
    return mark_safe(  # noqa: S308 - every part below is escaped by format_html
        "".join(
            format_html(
                '<tr><th scope="row" style="padding-left: {}.5em"><code>{}</code> {}</th>{}</tr>\n',
                row.depth,
                row.item.code,
                Truncator(row.item.display_title).words(8),
                _cells(row.status_cells),
            )
            for row in rows
        )
    )


def venues_body(rows) -> SafeString:
    meetings = reverse("meetings:list")
    return mark_safe(  # noqa: S308 - every part below is escaped by format_html
        "".join(
            format_html(
                '<tr><th scope="row">{}</th><td class="num"><a href="{}?country={}">{}</a></td>'
                "</tr>\n",
                r["name"],
                meetings,
                r["country"],
                r["meetings"],
            )
            for r in rows
        )
    )


def participation_body(rows) -> SafeString:
    initiatives, meetings = reverse("monitoring:initiatives"), reverse("meetings:list")
    return mark_safe(  # noqa: S308 - every part below is escaped by format_html
        "".join(
            format_html(
                '<tr><th scope="row">{}</th>'
                '<td class="num"><a href="{}?reported_by={}">{}</a></td>'
                '<td class="num"><a href="{}?country={}">{}</a></td>'
                '<td class="num"><a href="{}?participant={}">{}</a></td>'
                '<td class="num">{}</td></tr>\n',
                r["name"],
                initiatives,
                r["iso2"],
                r["reported"],
                initiatives,
                r["iso2"],
                r["concerned"],
                meetings,
                r["iso2"],
                r["meetings_attended"],
                r["roles_held"],
            )
            for r in rows
        )
    )
