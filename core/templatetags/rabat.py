"""Template helpers: translated-field fallbacks, query strings, dates with precision."""

from django import template

from core import dates, sources

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
    """Show a date only as precisely as it is known (year, month or day): ``core.dates``."""
    return dates.precise_date(value, precision)


@register.simple_tag
def date_range(start, end, precision: str = "day") -> str:
    """'24-25 April 2014' style ranges, collapsing what the two dates share: ``core.dates``."""
    return dates.date_range(start, end, precision)


@register.filter
def sources_of(record) -> list[dict]:
    """A record's sources as links (``core.sources``): its ``source`` and the web addresses
    its editorial ``note`` quotes, which stays off public pages."""
    return sources.split_sources(
        getattr(record, "source", ""),
        " ; ".join(sources.web_addresses(getattr(record, "note", ""))),
    )


@register.filter
def iso_date(value, precision: str = "day") -> str:
    """The machine form of a date as known (``2012``, ``2012-06``, ``2012-06-14``)."""
    return dates.iso_prefix(value, precision)


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
