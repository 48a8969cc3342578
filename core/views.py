"""Base views shared by every app: filtered, paginated, exportable lists and restricted details."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from .api.renderers import rows_to_csv
from .filtersets import filter_errors, limit_values

EXPORT_FORMATS = ("csv", "json")
EXPORT_LIMIT = 100_000


class InvalidFilters(Exception):
    """The query string holds a filter value that cannot be applied (answered with a 400)."""


class FilteredListView(TemplateView):
    """An HTML list driven by the same FilterSet and serializer as the API list.

    ``?export=csv`` or ``?export=json`` returns every filtered row (not only the page) with
    the API's field names, so the download and ``/api/...`` always agree.

    A filter value that cannot be applied (``?kind=banquet``, ``?year=0``: see
    ``core.filtersets``) answers 400, as the API does: the page lists nothing and shows the
    message next to the filter; an export answers a plain-text list of the messages.
    """

    model = None
    filterset_class = None
    serializer_class = None
    paginate_by = 50
    template_name = None
    export_name = None

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.base_queryset().restrict(self.request.user, "view")

    def get_filterset(self):
        return self.filterset_class(
            self.request.GET or None, queryset=self.get_queryset(), request=self.request
        )

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except InvalidFilters:
            # A download (here or in a subclass's own export) of a selection that has no
            # meaning: say why rather than send an empty file.
            return HttpResponse(
                "\n".join([_("These filters cannot be applied:"), *filter_errors(self.filterset)]),
                status=400,
                content_type="text/plain; charset=utf-8",
            )

    def get(self, request, *args, **kwargs):
        self.filterset = limit_values(self.get_filterset())
        fmt = request.GET.get("export")
        if fmt:
            if fmt not in EXPORT_FORMATS:
                raise Http404("Unknown export format")
            return self.export(fmt)
        response = super().get(request, *args, **kwargs)
        if self.invalid_filters():
            response.status_code = 400
        return response

    def invalid_filters(self) -> bool:
        fs = limit_values(self.filterset)
        # An unbound filterset (no query string) is the whole list, not an invalid one.
        return fs.is_bound and not fs.is_valid()

    def filtered(self):
        """The filtered records; ``InvalidFilters`` when a filter value cannot be applied."""
        if self.invalid_filters():
            raise InvalidFilters
        return self.filterset.qs

    def export(self, fmt: str) -> HttpResponse:
        rows = self.serializer_class(
            self.filtered()[:EXPORT_LIMIT], many=True, context={"request": self.request}
        ).data
        name = self.export_name or slugify(self.model._meta.verbose_name_plural)
        if fmt == "csv":
            response = HttpResponse(rows_to_csv(list(rows)), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                json.dumps(list(rows), ensure_ascii=False, indent=1, default=str),
                content_type="application/json",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Invalid filters list nothing (never the whole list); the form shows why.
        records = self.filterset.queryset.none() if self.invalid_filters() else self.filtered()
        paginator = Paginator(records, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            page_obj=page,
            object_list=page.object_list,
            paginator=paginator,
            querystring=query.urlencode(),
            filter_errors=filter_errors(self.filterset) if self.invalid_filters() else [],
        )
        return context


class RestrictedDetailView(DetailView):
    """A detail page whose object is looked up in ``restrict(user, "view")``: unseen is 404."""

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")

    def get_object(self, queryset=None):
        queryset = queryset if queryset is not None else self.get_queryset()
        lookup = {self.slug_field: self.kwargs[self.slug_url_kwarg]}
        return get_object_or_404(queryset, **lookup)


def switch_language(request, code: str):
    """``/language/fr/?next=/meetings/``: remember the language in a cookie and go back.

    A link rather than Django's POST form, so that pages carry no CSRF token and can be
    cached whole for visitors; a language preference is not worth protecting from a link.
    """
    from django.conf import settings
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme

    if code not in dict(settings.LANGUAGES):
        raise Http404("Unknown language")
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
