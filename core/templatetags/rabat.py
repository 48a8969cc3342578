"""Template helpers: translated-field fallbacks, query strings, dates with precision."""

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def fallback(obj, field: str) -> bool:
    """True when ``obj.<field>`` is shown in English because no translation exists."""
    check = getattr(obj, "is_fallback", None)
    return bool(check and check(field))


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for pagination, export, sort)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def precise_date(value, precision: str = "day") -> str:
    """Show a date only as precisely as it is known (year, month or day)."""
    if not value:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return formats.date_format(value, "F Y")
    return formats.date_format(value, "j F Y")


@register.simple_tag
def date_range(start, end, precision: str = "day") -> str:
    """'24-25 April 2014' style ranges, collapsing what the two dates share."""
    if not start:
        return ""
    if precision != "day" or not end or end == start:
        return precise_date(start, precision)
    if (start.year, start.month) == (end.year, end.month):
        return _("%(start)s–%(end)s") % {
            "start": start.day,
            "end": formats.date_format(end, "j F Y"),
        }
    return _("%(start)s – %(end)s") % {
        "start": formats.date_format(start, "j F Y"),
        "end": formats.date_format(end, "j F Y"),
    }


@register.simple_tag(takes_context=True)
def sort_th(context, field: str, label, css: str = ""):
    """A sortable column header: links to ``?o=field`` then ``?o=-field``, says the order."""
    from django.utils.html import format_html

    current = context["request"].GET.get("o", "")
    if current == field:
        state, target = "ascending", f"-{field}"
    elif current == f"-{field}":
        state, target = "descending", field
    else:
        state, target = None, field
    href = query_with(context, o=target, page="")
    aria = format_html(' aria-sort="{}"', state) if state else ""
    klass = format_html(' class="{}"', css) if css else ""
    return format_html('<th scope="col"{}{}><a href="{}">{}</a></th>', klass, aria, href, label)
