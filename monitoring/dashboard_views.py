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

from . import dashboard


class DashboardForm(forms.Form):
    framework = forms.ModelChoiceField(
        label=_("Framework"),
        queryset=Framework.objects.order_by("-adopted_date"),
        to_field_name="slug",
        required=False,
    )
    year_from = forms.IntegerField(label=_("From (year)"), required=False, min_value=1900)
    year_to = forms.IntegerField(label=_("Until (year)"), required=False, max_value=2200)
    crosswalks = forms.BooleanField(
        label=_("Count work on earlier plans through crosswalks"), required=False
    )
    domain = forms.CharField(
        label=_("Domain of the country x action table"),
        required=False,
        max_length=120,
        widget=forms.HiddenInput,
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", _("The end of the period cannot be before its start."))
        return cleaned


def read_parameters(data):
    form = DashboardForm(data or None)
    if form.is_bound and not form.is_valid():
        return form, None
    cleaned = form.cleaned_data if form.is_bound else {}
    framework = cleaned.get("framework") or dashboard.default_framework()
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

    def figures(self):
        if self.params is None or self.params["framework"] is None:
            return None
        params = dict(self.params)
        return dashboard.tables(params.pop("framework"), self.request.user, **params)

    def export(self, fmt, table):
        if fmt not in ("csv", "json") or table not in dashboard.TABLES:
            raise Http404
        figures = self.figures()
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
                domains=figures["_domains"],
                matrix=figures["_matrix"],
            )
            context["white_spots"] = [r for r in rows if r.white_spot]
            peak = max((r["initiatives"] for r in figures["trend"]), default=0)
            context["trend_bars"] = [
                {
                    "x": index * 10 + 1,
                    "height": round(50 * r["initiatives"] / peak) if peak else 0,
                    "y": 52 - (round(50 * r["initiatives"] / peak) if peak else 0),
                    **r,
                }
                for index, r in enumerate(figures["trend"])
            ]
            from .maps import choropleth, choropleth_markup, venue_map, venue_markup

            context["choropleth"] = choropleth(
                {r["iso2"]: r["concerned"] for r in figures["participation"]}
            )
            context["venue_map"] = venue_map(figures["_venues"])
            context["choropleth_markup"] = choropleth_markup(context["choropleth"])
            context["venue_markup"] = venue_markup(context["venue_map"])
            context["trend_width"] = 10 * max(len(figures["trend"]), 1)
            context["query"] = self.request.GET.urlencode()
            without_domain = self.request.GET.copy()
            without_domain.pop("domain", None)
            context["query_without_domain"] = without_domain.urlencode()
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
