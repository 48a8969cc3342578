"""Choices instead of typed codes: the ``<select>`` that list filters and forms show for a
value kept as text (an ISO code, a slug, a framework item's identifier).

The value in the URL or the form stays what it was (``?country=ML``,
``?framework_item=marrakesh-2018/D3``, ``?meeting=<slug>``), so bookmarks, links between
pages and the API do not change; only what a reader picks from does. The options are read
when the page is drawn, from a function of the app that owns the records (``options(user)``),
so they are in the active language and hold only what the reader may see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from .cache import cached
from .models import current_language

#: ``[(value, label), ...]`` or, grouped, ``[(group label, [(value, label), ...]), ...]``.
Choices = list[tuple]
Options = Callable[[object], Iterable[tuple]]

NOT_ON_RECORD = _("%(value)s (not on record)")
ANY = _("Any")


def flat_values(choices: Iterable[tuple]) -> list[str]:
    """Every option value of ``choices``, groups opened."""
    values = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            values.extend(str(v) for v, _label in label)
        else:
            values.append(str(value))
    return values


def with_unknown(choices: Choices, values: Iterable[str]) -> Choices:
    """``choices`` plus one option for each of ``values`` that none of them holds, so a
    bookmarked filter or a proposed code shows what it is rather than falling back to the
    first option."""
    known = set(flat_values(choices))
    extra = [(v, NOT_ON_RECORD % {"value": v}) for v in values if v and v not in known]
    return [*choices, *extra] if extra else choices


def as_text(choices: Iterable[tuple]) -> Choices:
    """``choices`` with every label as text (in the active language), to be cached."""
    return [
        (
            str(value),
            [(str(v), str(label_)) for v, label_ in label]
            if isinstance(label, list | tuple)
            else str(label),
        )
        for value, label in choices
    ]


def read_options(options: Options, user) -> Choices:
    """``options(user)``, cached for the content version, the language and the audience:
    a page with four country filters reads the countries once, and the next page not at
    all until the data change."""
    key = f"options:{options.__module__}.{options.__qualname__}:{current_language()}"
    return cached(key, lambda: as_text(options(user)), user=user)


class DeferredSelect(forms.Select):
    """A ``<select>`` whose options are ``options(user)``, read when it is drawn.

    ``user`` is set by the filterset or form that shows it (``bind_user``). A value that
    matches an option but for case (``?country=ml``) selects that option; a value that
    matches none is shown as its own option ("ZZ (not on record)").
    """

    def __init__(self, options: Options, *, blank=ANY, attrs=None):
        super().__init__(attrs)
        self.options = options
        self.blank = blank
        self.user = None

    def get_context(self, name, value, attrs):
        choices = read_options(self.options, self.user)
        by_case = {v.casefold(): v for v in flat_values(choices)}
        values = [by_case.get(v.casefold(), v) for v in super().format_value(value) if v]
        blank = [("", self.blank)] if self.blank is not None else []
        self.choices = blank + with_unknown(choices, values)
        self._values = values
        return super().get_context(name, value, attrs)

    def format_value(self, value):
        values = getattr(self, "_values", None)
        return values if values is not None else super().format_value(value)


class DeferredSelectMultiple(DeferredSelect, forms.SelectMultiple):
    """The same, several values at once (``<select multiple>``)."""

    allow_multiple_selected = True

    def __init__(self, options: Options, *, attrs=None):
        super().__init__(options, blank=None, attrs={"size": 10, **(attrs or {})})


def bind_user(form, user):
    """Let the deferred selects of ``form`` list what ``user`` may choose."""
    for field in form.fields.values():
        if isinstance(field.widget, DeferredSelect):
            field.widget.user = user
    return form


class MultipleChoiceField(forms.MultipleChoiceField):
    """Several choices; an empty value among them (a form that sent ``""`` for "none") is
    no choice, not an invalid one."""

    def to_python(self, value):
        return [v for v in super().to_python(value) if v not in self.empty_values]
