"""The coverage dashboard page, its CSV/JSON twins and its API endpoint."""

from __future__ import annotations

import json

from django import forms
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from core.api.renderers import rows_to_csv
from frameworks.models import Framework
from frameworks.selectors import in_force_among

from . import dashboard, dashboard_html


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


def read_parameters(data):
    frameworks = list(Framework.objects.order_by("-adopted_date", "pk"))
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
        self.form, self.params = read_parameters(request.GET.copy() if request.GET else None)
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
        if fmt not in ("csv", "json") or table not in dashboard.TABLES:
            raise Http404
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
            context["query"] = self.request.GET.urlencode()
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
    framework = params.pop("framework")
    return Response(public_tables(dashboard.tables(framework, request.user, **params)))


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
