"""The report as HTML (a page body, or a standalone document) and as a PDF (ReportLab).

The PDF embeds DejaVu Sans (French accents, « », ’) from ``RABAT_STOCKTAKING_FONT_DIR``
(default: Debian's ``/usr/share/fonts/truetype/dejavu``, package fonts-dejavu-core) when
present, else the Bitstream Vera fonts that ship inside the ReportLab wheel: nothing is ever
downloaded. The PDF is built with ReportLab's ``invariant`` mode (no creation time, fixed
document id), so the same report gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .report import Report

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
# In the PDF, an item lists its records of a kind one per line up to this number; beyond, it
# gives their citation numbers (the annex has the details): a full period stays readable.
LIST_AT_MOST = 8


def number_ranges(numbers) -> list[tuple[int, int]]:
    """Citation numbers as ``(first, last)`` runs of consecutive numbers, ascending:
    ``[3, 1, 2, 7]`` gives ``[(1, 3), (7, 7)]``."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return [(first, last) for first, last in runs]


def render_body(report: Report, base_url: str = "") -> str:
    with translation.override(report.lang):
        return render_to_string(
            "stocktaking/_report.html", {"report": report, "base_url": base_url}
        )


def render_standalone(report: Report, base_url: str = "") -> str:
    body = render_body(report, base_url)
    with translation.override(report.lang):
        return render_to_string("stocktaking/standalone.html", {"report": report, "body": body})


# --- PDF ------------------------------------------------------------------------------

_FONTS: tuple[str, str] | None = None


def _fonts() -> tuple[str, str]:
    """Register (once) and return the regular and bold font names."""
    global _FONTS
    if _FONTS is not None:
        return _FONTS
    import reportlab  # noqa: PLC0415 - only the PDF needs it
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415

    font_dir = Path(getattr(settings, "RABAT_STOCKTAKING_FONT_DIR", DEFAULT_FONT_DIR))
    regular, bold = font_dir / "DejaVuSans.ttf", font_dir / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        names = ("StocktakingSans", "StocktakingSans-Bold")
    else:
        bundled = Path(reportlab.__file__).parent / "fonts"
        regular, bold = bundled / "Vera.ttf", bundled / "VeraBd.ttf"
        names = ("StocktakingVera", "StocktakingVera-Bold")
    pdfmetrics.registerFont(TTFont(names[0], str(regular)))
    pdfmetrics.registerFont(TTFont(names[1], str(bold)))
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1])
    _FONTS = names
    return names


def _t(text) -> str:
    """Escape text for a ReportLab paragraph; the narrow no-break space becomes a plain one."""
    return escape(str(text)).replace("\u202f", "\u00a0")


def _link(url: str, text: str, base_url: str) -> str:
    if not url:
        return _t(text)
    return f'<a href="{escape(base_url + url, {chr(34): "&quot;"})}">{_t(text)}</a>'


def _line_block_class():
    """A block of plain text lines with one link and an optional anchor.

    The bulk of a full period (hundreds of meetings, thousands of recommendations and annex
    entries) is plain text: wrapping it with ``simpleSplit`` and drawing it line by line is
    many times faster than ReportLab's ``Paragraph`` markup engine (measured: see the docs).
    """
    from reportlab.lib.utils import simpleSplit  # noqa: PLC0415
    from reportlab.platypus import Flowable  # noqa: PLC0415

    class LineBlock(Flowable):
        def __init__(self, text, font, size, leading, *, url="", anchor="", indent=0, lines=None):
            super().__init__()
            self.text, self.font, self.size, self.leading = text, font, size, leading
            self.url, self.anchor, self.indent = url, anchor, indent
            self.lines = lines
            self.spaceAfter = size * 0.2

        def wrap(self, avail_width, avail_height):
            if self.lines is None:
                self.lines = simpleSplit(
                    self.text, self.font, self.size, avail_width - self.indent
                ) or [""]
            self.width = avail_width
            self.height = len(self.lines) * self.leading
            return self.width, self.height

        def split(self, avail_width, avail_height):
            self.wrap(avail_width, avail_height)
            fit = int(avail_height // self.leading)
            if fit <= 0 or fit >= len(self.lines):
                return []
            args = (self.text, self.font, self.size, self.leading)
            return [
                LineBlock(
                    *args,
                    url=self.url,
                    anchor=self.anchor,
                    indent=self.indent,
                    lines=self.lines[:fit],
                ),
                LineBlock(*args, url=self.url, indent=self.indent, lines=self.lines[fit:]),
            ]

        def draw(self):
            canvas = self.canv
            if self.anchor:
                canvas.bookmarkHorizontal(self.anchor, 0, self.height)
            canvas.setFont(self.font, self.size)
            y = self.height - self.size
            for line in self.lines:
                canvas.drawString(self.indent, y, line)
                y -= self.leading
            if self.url:
                canvas.linkURL(self.url, (0, 0, self.width, self.height), relative=1)

    return LineBlock


def render_pdf(report: Report, base_url: str = "") -> bytes:
    from reportlab.lib import colors  # noqa: PLC0415
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
    from reportlab.lib.units import cm  # noqa: PLC0415
    from reportlab.platypus import (  # noqa: PLC0415
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    regular, bold = _fonts()
    LineBlock = _line_block_class()  # noqa: N806 - a class

    def lines(text, url="", anchor="", indent=10):
        return LineBlock(
            str(text).replace("\u202f", "\u00a0"),
            regular,
            8.5,
            11,
            url=(base_url + url) if url else "",
            anchor=anchor,
            indent=indent,
        )

    base = ParagraphStyle("base", fontName=regular, fontSize=9.5, leading=12.5, spaceAfter=3)
    small = ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, spaceAfter=1.5)
    bullet = ParagraphStyle("bullet", parent=small, leftIndent=10)
    h1 = ParagraphStyle("h1", parent=base, fontName=bold, fontSize=17, leading=21, spaceAfter=8)
    h2 = ParagraphStyle("h2", parent=base, fontName=bold, fontSize=13.5, leading=17, spaceBefore=10)
    h3 = ParagraphStyle("h3", parent=base, fontName=bold, fontSize=11.5, leading=14, spaceBefore=6)
    h4 = ParagraphStyle("h4", parent=base, fontName=bold, fontSize=10, leading=13, spaceBefore=4)
    cell = ParagraphStyle("cell", parent=small, spaceAfter=0)
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), regular),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ]
    )

    def P(text, style=base):  # noqa: N802 - reads like a flowable
        return Paragraph(text, style)

    def table(header, rows, widths):
        data = [[P(f"<b>{_t(h)}</b>", cell) for h in header]]
        data += [[P(c, cell) for c in row] for row in rows]
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(grid)
        return t

    width = A4[0] - 4 * cm
    story = []
    with translation.override(report.lang):
        story.append(P(_t(report.title), h1))
        intro = _("Period covered: %(start)s to %(end)s.") % {
            "start": report.start,
            "end": report.end,
        }
        if report.as_of_label:
            intro += " " + _("Data as of %(date)s.") % {"date": report.as_of_label}
        story.append(P(_t(intro)))
        story.append(P(_link(report.framework_url, report.framework_name, base_url)))

        story.append(P(_t(_("Overview")), h2))
        rows = [[_t(label), str(count)] for label, count in report.kind_counts]
        rows.append(
            [_t(_("Recommendations of the period's meetings")), str(report.recommendation_count)]
        )
        rows.append(
            [
                _t(_("White spots (items without any activity)")),
                f"{report.white_spot_count} / {report.leaf_count}",
            ]
        )
        story.append(
            table(
                [
                    _("Records linked to the framework's items"),
                    pgettext("number of records", "Count"),
                ],
                rows,
                [width * 0.75, width * 0.25],
            )
        )
        story.append(Spacer(1, 6))
        story.append(P(_t(_("Partners involved: %(count)s") % {"count": len(report.partners)}), h3))
        if report.partners:
            story.append(P(_t(", ".join(report.partners)), small))
        story.append(
            P(
                _t(
                    _("Meetings of the Dialogue held in the period: %(count)s")
                    % {"count": len(report.meetings)}
                ),
                h3,
            )
        )
        story.append(
            P(
                _t(
                    _(
                        "All the Dialogue's meetings you may see, linked to the framework's "
                        "items or not."
                    )
                ),
                small,
            )
        )
        if report.cities:
            story.append(P(_t(_("Cities:") + " " + ", ".join(report.cities)), small))
        for m in report.meetings:
            line = f"{m.date_label} – {m.title}" + (f" – {m.place}" if m.place else "")
            # No link per line: each is one PDF annotation, and thousands slow the build;
            # the annex links every cited meeting.
            story.append(lines(line))
        if report.other_meetings:
            story.append(P(_t(_("Meetings of the period that were not held")), h3))
            for m in report.other_meetings:
                story.append(lines(f"{m.date_label} – {m.title} – {m.status}"))

        story.append(P(_t(_("Implementation by domain")), h2))

        def item_flowables(section):
            out = []
            for group in section.groups:
                label = f"<b>{_t(group.label)} ({len(group.entries)})</b>"
                if len(group.entries) > LIST_AT_MOST:
                    # Many records: their numbers here, as ranges (the annex is in number
                    # order), the details in the annex.
                    refs = ", ".join(
                        f'<a href="#ref-{first}">[{first}]</a>'
                        + (f'–<a href="#ref-{last}">[{last}]</a>' if last != first else "")
                        for first, last in number_ranges(e.number for e in group.entries)
                    )
                    out.append(P(f"{label}: {refs}", small))
                    continue
                out.append(P(label, small))
                for e in group.entries:
                    line = f"• {_link(e.url, e.title, base_url)} ({_t(e.date_label)}"
                    if e.place:
                        line += f", {_t(e.place)}"
                    line += ")"
                    if e.actors:
                        line += f" – {_t(_('by'))} {_t(', '.join(e.actors))}"
                    line += f' <a href="#ref-{e.number}">[{e.number}]</a>'
                    out.append(P(line, bullet))
            if not section.groups and section.white_spot:
                out.append(
                    P(f"<i>{_t(_('White spot: nothing recorded in the period.'))}</i>", small)
                )
            return out

        for root in report.sections:
            heading = root.item.heading + (f" – {root.item.title}" if root.item.title else "")
            story.append(P(_t(heading), h3))
            story.append(
                P(
                    _t(
                        translation.ngettext(
                            "%(counter)s record in the period.",
                            "%(counter)s records in the period.",
                            root.count,
                        )
                        % {"counter": root.count}
                    ),
                    small,
                )
            )
            story.extend(item_flowables(root.item))
            for section in root.items:
                story.append(
                    P(
                        _link(section.url, section.heading, base_url) + " – " + _t(section.title),
                        h4,
                    )
                )
                story.extend(item_flowables(section))

        story.append(P(_t(_("White spots")), h2))
        story.append(
            P(
                _t(
                    _(
                        "Items of the framework with no meeting, document or other activity "
                        "recorded in the period."
                    )
                )
            )
        )
        for root in report.sections:
            if root.white_spots:
                heading = root.item.heading + (f" – {root.item.title}" if root.item.title else "")
                story.append(P(_t(heading), h4))
                for spot in root.white_spots:
                    story.append(
                        P(
                            "• " + _link(spot.url, spot.heading, base_url) + " – " + _t(spot.title),
                            bullet,
                        )
                    )
        if not report.leaf_count:
            story.append(P(_t(_("This framework has no items on the platform."))))
        elif not report.white_spot_count:
            story.append(P(_t(_("Every item has at least one activity in the period."))))

        story.append(P(_t(_("Status of recommendations")), h2))
        if not report.followup_available:
            story.append(
                P(_t(_("The follow-up of recommendations is not recorded on this platform yet.")))
            )
        for group in report.recommendations:
            heading = f"{group.title} ({group.date_label}" + (
                f", {group.place})" if group.place else ")"
            )
            story.append(P(_link(group.url, heading, base_url), h4))
            for r in group.rows:
                story.append(lines(f"{r.number}. {r.text} – {r.status}"))
        if not report.recommendations:
            story.append(P(_t(_("No recommendation was adopted at the meetings of the period."))))

        story.append(P(_t(_("Annex: activities and references")), h2))
        for e in report.references:
            line = f"[{e.number}] {e.kind_label}: {e.title}. {e.date_label}"
            if e.place:
                line += f", {e.place}"
            line += "."
            if e.actors:
                line += f" {_('Partners:')} {', '.join(e.actors)}."
            if base_url and e.url:
                line += f" {base_url}{e.url}"
            story.append(lines(line, e.url, anchor=f"ref-{e.number}", indent=0))
        if not report.references:
            story.append(P(_t(_("No activity is recorded in the period."))))

        footer = f"{report.framework_name} {report.start}–{report.end}"

        def on_page(canvas, doc):
            canvas.saveState()
            canvas.setFont(regular, 8)
            canvas.drawString(2 * cm, 1.2 * cm, footer)
            canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, str(doc.page))
            canvas.restoreState()

        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=2 * cm,
            rightMargin=2 * cm,
            topMargin=2 * cm,
            bottomMargin=2 * cm,
            title=report.title,
            author=_("Rabat Process"),
            lang=report.lang,
            invariant=1,
        )
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
