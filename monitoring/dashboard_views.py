"""The coverage dashboard page, its CSV/JSON twins and its API endpoint."""

from __future__ import annotations

import json

from django import forms
from django.http import Http404, HttpResponse, QueryDict
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from core.api.renderers import rows_to_csv
from frameworks.models import Framework
from frameworks.selectors import in_force_among

from . import dashboard, dashboard_headline, dashboard_html, opendata


class DashboardForm(forms.Form):
    framework = forms.ChoiceField(label=_("Framework"), required=False)
    # Both ends bounded: an unbounded year reached the query (?year_from=99999999999999999999
    # answered 500 on the maps, issue 13 F6).
    year_from = forms.IntegerField(
        label=_("From (year)"), required=False, min_value=1900, max_value=2200
    )
    year_to = forms.IntegerField(
        label=_("Until (year)"), required=False, min_value=1900, max_value=2200
    )
    crosswalks = forms.BooleanField(
        label=_("Count work on earlier plans through crosswalks"), required=False
    )
    domain = forms.CharField(
        label=_("Domain of the country x action table"),
        required=False,
        max_length=120,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, frameworks=(), **kwargs):
        """``frameworks``: the frameworks to choose from, newest first (read once by
        ``read_parameters``: a model choice field would query them again to draw its list)."""
        super().__init__(*args, **kwargs)
        self.frameworks = {f.slug: f for f in frameworks}
        self.fields["framework"].choices = [("", "---------")] + [
            (f.slug, str(f)) for f in frameworks
        ]

    def clean_framework(self):
        slug = self.cleaned_data.get("framework")
        return self.frameworks.get(slug) if slug else None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", _("The end of the period cannot be before its start."))
        return cleaned


def opening_query(frameworks) -> QueryDict:
    """What the page shows when nothing is asked: the action plan in force (the one rule,
    ``frameworks.selectors.in_force_among``; else the newest framework) over its own period
    (the years it covers; all years when the framework has none)."""
    framework = in_force_among(frameworks) or (frameworks[0] if frameworks else None)
    query = QueryDict(mutable=True)
    if framework is not None:
        query["framework"] = framework.slug
        # The years it covers, as the stocktaking report reads them (``parse_period``).
        for key, year in (("year_from", framework.period_start), ("year_to", framework.period_end)):
            if year:
                query[key] = str(year)
    return query


def read_parameters(data, *, opening=False):
    """``(form, params)``; ``params`` is ``None`` when the form is invalid. ``opening``: the
    page's defaults (``opening_query``) when nothing is asked, shown in the form."""
    frameworks = list(Framework.objects.order_by("-adopted_date", "pk"))
    if opening and not data:
        data = opening_query(frameworks)
    form = DashboardForm(data or None, frameworks=frameworks)
    if form.is_bound and not form.is_valid():
        return form, None
    cleaned = form.cleaned_data if form.is_bound else {}
    # The action plan in force when none is asked (else the newest framework).
    framework = cleaned.get("framework") or (
        in_force_among(frameworks) or (frameworks[0] if frameworks else None)
    )
    return form, {
        "framework": framework,
        "year_from": cleaned.get("year_from"),
        "year_to": cleaned.get("year_to"),
        "crosswalks": bool(cleaned.get("crosswalks")),
        "domain": cleaned.get("domain") or None,
    }


def public_tables(figures: dict) -> dict:
    return {k: v for k, v in figures.items() if not k.startswith("_")}


class DashboardView(TemplateView):
    template_name = "monitoring/dashboard.html"

    def get(self, request, *args, **kwargs):
        self.form, self.params = read_parameters(
            request.GET.copy() if request.GET else None, opening=True
        )
        fmt = request.GET.get("export")
        if fmt:
            return self.export(fmt, request.GET.get("table", "coverage"))
        return super().get(request, *args, **kwargs)

    # The page's own tables; the country x action table, the maps and the tables of partners
    # and venues next to them load separately (DashboardMatrixView, DashboardMapsView).
    PAGE_TABLES = ("coverage", "concentrations", "recommendations", "trend")

    def figures(self, only=PAGE_TABLES):
        if self.params is None or self.params["framework"] is None:
            return None
        params = dict(self.params)
        return dashboard.tables(params.pop("framework"), self.request.user, only=only, **params)

    def export(self, fmt, table):
        if fmt not in ("csv", "json") or table not in (*dashboard.TABLES, "headline"):
            raise Http404
        if table == "headline":
            figures = self.figures(only=("coverage",))
            rows = (
                [f.as_row() for f in dashboard_headline.headline(
                    self.request, self.params, figures["_rows"])]
                if figures else []
            )  # fmt: skip
        else:
            figures = self.figures(only=(table,))
            rows = figures[table] if figures else []
        name = f"{table}-{figures['framework']}" if figures else table
        if fmt == "csv":
            body = rows_to_csv(rows)
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                json.dumps(rows, ensure_ascii=False, indent=1, default=str),
                content_type="application/json",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        # The dashboard's figures are open data too, under the same licence.
        response["Link"] = opendata.link_header(self.request)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = self.figures()
        context.update(form=self.form, figures=figures, params=self.params)
        if figures:
            rows = figures["_rows"]
            context.update(
                rows=rows,
                kinds=figures["_kinds"],
                undated=figures["_undated"],
                statuses=figures["_statuses"],
            )
            context["white_spots"] = [r for r in rows if r.white_spot]
            context["coverage_body"] = dashboard_html.coverage_body(rows)
            context["status_body"] = dashboard_html.status_body(rows)
            context["concentrations_body"] = dashboard_html.concentrations_body(
                figures["concentrations"]
            )
            context["trend_chart"], context["trend_body"] = dashboard_html.trend(
                figures["trend"],
                _("Initiatives by start year (bar chart; the same figures are in the table below)"),
            )
            context["headline"] = dashboard_headline.headline(self.request, self.params, rows)
            per_year = dashboard_headline.meetings_per_year(
                self.request, self.params["year_from"], self.params["year_to"]
            )
            context["meetings_per_year"] = per_year
            context["meetings_chart"] = dashboard_html.bar_chart(
                [(r["year"], r["meetings"], r["url"]) for r in per_year],
                _("Meetings held per year (bar chart; the same figures are in the table below)"),
                "meetings-svg-title",
            )
            # The period and plan shown, also when they are the page's defaults: the downloads,
            # the API link and the tables loaded after the page show the same.
            context["query"] = self.form.data.urlencode()
        return context


class DashboardMatrixView(TemplateView):
    """The dashboard's country x action table for one domain (``?domain=<uid>``) and the same
    period: loaded by htmx after the page (its domain links reload only the table); a page of
    its own without JavaScript."""

    template_name = "monitoring/dashboard_matrix.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["monitoring/includes/dashboard_matrix.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, params = read_parameters(self.request.GET.copy() if self.request.GET else None)
        if params is None or params["framework"] is None:
            raise Http404
        found = dashboard.matrix_of(
            params["framework"],
            self.request.user,
            params["domain"],
            year_from=params["year_from"],
            year_to=params["year_to"],
        )
        without_domain = self.request.GET.copy()
        without_domain.pop("domain", None)
        context.update(
            form=form,
            params=params,
            domains=found["domains"],
            matrix=found["matrix"],
            domain=found["domain"],
            query=self.request.GET.urlencode(),
            query_without_domain=without_domain.urlencode(),
        )
        return context


class DashboardMapsView(TemplateView):
    """The dashboard's two maps (partners shaded by initiatives, meeting venues) for the same
    period: loaded by htmx after the page, so that the tables come first; a page of its own
    without JavaScript."""

    template_name = "monitoring/dashboard_maps.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["monitoring/includes/dashboard_maps.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        from .maps import choropleth, choropleth_markup, venue_counts, venue_map, venue_markup

        context = super().get_context_data(**kwargs)
        form, params = read_parameters(self.request.GET.copy() if self.request.GET else None)
        period = {
            "year_from": params["year_from"] if params else None,
            "year_to": params["year_to"] if params else None,
        }
        user = self.request.user
        participation = dashboard.participation(user, **period)
        shaded = choropleth({r["iso2"]: r["concerned"] for r in participation})
        counts = venue_counts(user, **period)
        venues = venue_map(counts)
        context.update(
            form=form,
            params=params,
            choropleth=shaded,
            choropleth_markup=choropleth_markup(shaded),
            participation_body=dashboard_html.participation_body(participation),
            venue_map=venues,
            venue_markup=venue_markup(venues),
            venues=counts,
            venues_body=dashboard_html.venues_body(counts),
            query=self.request.GET.urlencode(),
        )
        return context


def coverage_response(request):
    """The coverage dashboard's figures (the same as /monitoring/): ``?framework=<slug>``,
    ``year_from``, ``year_to``, ``crosswalks=true``, ``domain=<uid>``."""
    form, params = read_parameters(request.query_params.copy() or None)
    if params is None:
        return Response(form.errors, status=400)
    if params["framework"] is None:
        return Response({"detail": "No framework."}, status=404)
    framework = params["framework"]
    figures = dashboard.tables(
        framework, request.user, **{k: v for k, v in params.items() if k != "framework"}
    )
    # The lists behind the figures are counted for the API's user (a token's, too).
    django_request = request._request
    django_request.user = request.user
    figures["headline"] = [
        f.as_row() for f in dashboard_headline.headline(django_request, params, figures["_rows"])
    ]
    return Response(public_tables(figures))


COVERAGE_SCHEMA = extend_schema(
    parameters=[
        OpenApiParameter("framework", str, description="Framework slug"),
        OpenApiParameter("year_from", int),
        OpenApiParameter("year_to", int),
        OpenApiParameter("crosswalks", bool),
        OpenApiParameter("domain", str, description="Domain uid of the country x action table"),
    ],
    responses=OpenApiTypes.OBJECT,
)
