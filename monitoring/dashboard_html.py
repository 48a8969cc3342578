"""The bodies of the dashboard's large tables, written in Python.

The coverage and follow-up tables have a row per framework item (over a hundred for an
action plan) and the participation table one per partner: several thousand cells. Rendered
cell by cell by the template engine they cost about half of the page's time; here each row
is one f-string. Every text goes through ``e()`` (``html.escape`` with quotes, what Django's
``escape`` does) and every number through ``int()`` or ``float()`` (plain digits, as in the
CSV). The tables' structure (captions, headers) stays in ``monitoring/dashboard.html``.
"""

from __future__ import annotations

from html import escape as e
from urllib.parse import quote

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

PATH_SAFE = "!$&'()*+,;=/~:@"


def _safe(rows) -> SafeString:
    # Every part of ``rows`` is escaped or a number (see the module's docstring).
    return mark_safe("".join(rows))  # noqa: S308


def _cells(values) -> str:
    return "".join(f'<td class="num">{int(v)}</td>' for v in values)


def _title(text: str, words: int) -> str:
    return e(Truncator(text).words(words))


def url_maker(viewname: str, key: str, placeholder: str, **fixed):
    """``url(value)``: the address of ``viewname`` with ``key=value``, with one ``reverse``
    instead of one per row (the value quoted as ``reverse`` quotes it). ``placeholder``: a
    value the route accepts, to be replaced."""
    head, _found, tail = reverse(viewname, kwargs={**fixed, key: placeholder}).rpartition(
        placeholder
    )
    return lambda value: f"{head}{quote(str(value), safe=PATH_SAFE)}{tail}"


def _item_urls():
    """``url(item)``: the item's page, one ``reverse`` per framework."""
    makers = {}

    def url(item) -> str:
        slug = item.framework.slug
        if slug not in makers:
            makers[slug] = url_maker("frameworks:item", "code", "0", slug=slug)
        return makers[slug](item.code)

    return url


def coverage_body(rows) -> SafeString:
    initiatives = e(reverse("monitoring:initiatives"))
    white_spot = f" <strong>({e(_('white spot'))})</strong>"
    item_url = _item_urls()
    return _safe(
        f'<tr><th scope="row" style="padding-left: {int(row.depth)}.5em">'
        f'<a href="{e(item_url(row.item))}"><code>{e(row.item.code)}</code></a> '
        f"{_title(row.item.display_title, 12)}{white_spot if row.white_spot else ''}</th>"
        f"{_cells(row.counts.values())}"
        f'<td class="num"><a href="{initiatives}?framework_item='
        f'{e(quote(row.item.uid, safe="/"))}">{int(row.initiatives)}</a></td>'
        f'<td class="num">{e(row.budget_label() or "—")}</td></tr>\n'
        for row in rows
    )


def status_body(rows) -> SafeString:
    return _safe(
        f'<tr><th scope="row" style="padding-left: {int(row.depth)}.5em">'
        f"<code>{e(row.item.code)}</code> {_title(row.item.display_title, 8)}</th>"
        f"{_cells(row.status_cells)}</tr>\n"
        for row in rows
    )


def concentrations_body(rows) -> SafeString:
    return _safe(
        f'<tr><th scope="row"><code>{e(c["code"])}</code> {_title(c["title"], 12)}</th>'
        f'<td class="num">{int(c["total"])}</td>'
        f'<td class="num">{e(number_format(float(c["share_percent"]), 1))}</td>'
        f'<td class="num">{e(number_format(float(c["times_average"]), 1))}</td></tr>\n'
        for c in rows
    )


def venues_body(rows) -> SafeString:
    meetings = e(reverse("meetings:list"))
    return _safe(
        f'<tr><th scope="row">{e(r["name"])}</th><td class="num">'
        f'<a href="{meetings}?country={e(r["country"])}">{int(r["meetings"])}</a></td></tr>\n'
        for r in rows
    )


def participation_body(rows) -> SafeString:
    initiatives, meetings = e(reverse("monitoring:initiatives")), e(reverse("meetings:list"))
    return _safe(
        f'<tr><th scope="row">{e(r["name"])}</th>'
        f'<td class="num"><a href="{initiatives}?reported_by={e(r["iso2"])}">'
        f"{int(r['reported'])}</a></td>"
        f'<td class="num"><a href="{initiatives}?country={e(r["iso2"])}">'
        f"{int(r['concerned'])}</a></td>"
        f'<td class="num"><a href="{meetings}?participant={e(r["iso2"])}">'
        f"{int(r['meetings_attended'])}</a></td>"
        f'<td class="num">{int(r["roles_held"])}</td></tr>\n'
        for r in rows
    )


def trend(rows, title) -> tuple[SafeString, SafeString]:
    """The bar chart (SVG, bars scaled to the busiest year) and the table body of initiatives
    by start year."""
    peak = max((r["initiatives"] for r in rows), default=0)
    bars = []
    for index, r in enumerate(rows):
        x, n, year = index * 10 + 1, int(r["initiatives"]), int(r["year"])
        height = round(50 * n / peak) if peak else 0
        bars.append(
            f'<rect class="bar" x="{x}" y="{52 - height}" width="8" height="{height}" '
            f'fill="currentColor"><title>{year}: {n}</title></rect>'
            f'<text x="{x}" y="61" font-size="4">{year}</text>'
        )
    chart = (
        f'<svg role="img" aria-labelledby="trend-svg-title" viewBox="0 0 {10 * max(len(rows), 1)}'
        ' 62" width="100%" height="120" preserveAspectRatio="xMinYMax meet" class="chart">\n'
        f'<title id="trend-svg-title">{e(str(title))}</title>\n{"".join(bars)}\n</svg>'
    )
    body = _safe(
        f'<tr><th scope="row">{int(r["year"])}</th><td class="num">{int(r["initiatives"])}</td>'
        "</tr>"
        for r in rows
    )
    return mark_safe(chart), body  # noqa: S308 (the title is escaped, the rest numbers)


def bar_chart(rows, title, title_id: str) -> SafeString:
    """An SVG bar chart of ``rows`` (``(label, value, url)``), bars scaled to the largest
    value. Read as an image with its title (no links inside: an image holds no controls); the
    page gives the same figures in a table whose rows link to the lists they count."""
    if not rows:
        return mark_safe("")  # noqa: S308
    peak = max((int(value) for _label, value, _url in rows), default=0)
    bars = []
    for index, (label, value, _url) in enumerate(rows):
        x, n = index * 10 + 1, int(value)
        height = round(50 * n / peak) if peak else 0
        bars.append(
            f'<rect class="bar" x="{x}" y="{52 - height}" width="8" '
            f'height="{height}" fill="currentColor"><title>{e(str(label))}: {n}</title></rect>'
            f'<text x="{x + 4}" y="{max(52 - height - 1, 4)}" font-size="4" '
            f'text-anchor="middle">{n}</text>'
            f'<text x="{x}" y="61" font-size="4">{e(str(label))}</text>'
        )
    return mark_safe(  # noqa: S308 (every text is escaped, the rest numbers)
        f'<svg role="img" aria-labelledby="{e(title_id)}" viewBox="0 0 {10 * len(rows)} 62" '
        'width="100%" height="120" preserveAspectRatio="xMinYMax meet" class="chart">\n'
        f'<title id="{e(title_id)}">{e(str(title))}</title>\n{"".join(bars)}\n</svg>'
    )
